"""Lifecycle cost (coût du cycle de vie), as the Code de la commande publique describes it.

R2152-9 lists the costs that may enter it: acquisition, use, maintenance, end of life, and
environmental externalities that can be monetised, greenhouse gases included. R2152-10 requires
the buyer to state in the consultation documents the method and the data the bidders must give.

This module computes a year-by-year discounted cost so that two options can be compared on the
same period. Year 0 is the purchase; use, maintenance and emissions fall at the end of each year
1…N; end of life at year N (a negative amount is a resale value). Labour (hours per year ×
cost per hour) is a cost of use: it must be counted whenever the options do not need the same
work (three cargo-bike riders against one van driver), or the comparison is biased. The carbon
price (France Stratégie's « valeur de l'action pour le climat »), the discount rate and the cost
per hour are assumptions the buyer must state: defaults come from ``data/`` with their source,
or labelled there as invented values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from piu.core.errors import PiuError

__all__ = ["POSTES", "OptionCout", "comparer_couts", "cout_cycle_de_vie", "hypotheses_par_defaut"]


@dataclass(frozen=True)
class OptionCout:
    """One option's costs in € HT, and its emissions in tonnes CO2e per year."""

    nom: str
    acquisition: float
    usage_annuel: float
    maintenance_annuelle: float
    fin_de_vie: float = 0.0
    emissions_annuelles_t: float = 0.0
    heures_annuelles: float = 0.0          # hours of work per year the option needs
    cout_horaire: float | None = None      # € HT per hour; None: the comparison's cost per hour

    def controler(self) -> None:
        for field_name in ("acquisition", "usage_annuel", "maintenance_annuelle",
                           "emissions_annuelles_t", "heures_annuelles"):
            value = getattr(self, field_name)
            if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
                raise PiuError(f"Option « {self.nom} » : « {field_name} » doit être un nombre "
                               f"positif ou nul (lu : {value!r}).")
        if self.cout_horaire is not None and (
                not isinstance(self.cout_horaire, int | float) or not math.isfinite(self.cout_horaire)
                or self.cout_horaire < 0):
            raise PiuError(f"Option « {self.nom} » : « cout_horaire » doit être un nombre positif "
                           f"ou nul (lu : {self.cout_horaire!r}).")
        if not isinstance(self.fin_de_vie, int | float) or not math.isfinite(self.fin_de_vie):
            raise PiuError(f"Option « {self.nom} » : « fin_de_vie » doit être un nombre (négatif "
                           "pour une valeur de revente).")


POSTES = ("acquisition", "usage", "main_oeuvre", "maintenance", "fin_de_vie", "emissions")
"""The cost items, in the order the tables show them."""


def hypotheses_par_defaut() -> dict[str, float]:
    """Carbon price (€/tCO2e), discount rate (fraction) and cost per hour of work (€ HT/h)
    from ``data/facteurs_emission.csv``."""
    from piu.evaluation.carbone import facteur

    return {"prix_carbone": facteur("prix-carbone").valeur,
            "taux_actualisation": facteur("taux-actualisation").valeur / 100,
            "cout_horaire": facteur("cout-horaire-livreur").valeur}


def cout_cycle_de_vie(option: OptionCout, duree_ans: int, taux_actualisation: float,
                      prix_carbone: float, cout_horaire: float = 0.0) -> pd.DataFrame:
    """Year-by-year costs (€ HT, not discounted), the discounted total and its running sum.

    Labour is ``heures_annuelles × cout_horaire`` each running year (the option's own cost
    per hour if it has one, else ``cout_horaire``).
    """
    option.controler()
    if not isinstance(cout_horaire, int | float) or not math.isfinite(cout_horaire) or cout_horaire < 0:
        raise PiuError(f"Le coût horaire doit être un nombre positif ou nul (lu : {cout_horaire!r}).")
    hourly = cout_horaire if option.cout_horaire is None else option.cout_horaire
    if not isinstance(duree_ans, int) or isinstance(duree_ans, bool) or not 1 <= duree_ans <= 100:
        raise PiuError(f"La durée doit être un nombre entier d'années entre 1 et 100 "
                       f"(lu : {duree_ans!r}).")
    if not math.isfinite(taux_actualisation) or not 0 <= taux_actualisation < 1:
        raise PiuError("Le taux d'actualisation s'écrit comme une fraction entre 0 et 1 "
                       f"(0.04 pour 4 %) ; lu : {taux_actualisation!r}.")
    if not math.isfinite(prix_carbone) or prix_carbone < 0:
        raise PiuError(f"Le prix du carbone doit être positif ou nul (lu : {prix_carbone!r}).")
    rows = []
    for year in range(duree_ans + 1):
        running = year >= 1
        row = {
            "annee": year,
            "acquisition": option.acquisition if year == 0 else 0.0,
            "usage": option.usage_annuel if running else 0.0,
            "main_oeuvre": option.heures_annuelles * hourly if running else 0.0,
            "maintenance": option.maintenance_annuelle if running else 0.0,
            "fin_de_vie": option.fin_de_vie if year == duree_ans else 0.0,
            "emissions": option.emissions_annuelles_t * prix_carbone if running else 0.0,
        }
        row["total"] = sum(row[k] for k in POSTES)
        row["actualise"] = row["total"] / (1 + taux_actualisation) ** year
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame["cumul_actualise"] = frame["actualise"].cumsum()
    return frame


def comparer_couts(a: OptionCout, b: OptionCout, duree_ans: int = 8,
                   taux_actualisation: float | None = None,
                   prix_carbone: float | None = None,
                   cout_horaire: float | None = None) -> dict[str, object]:
    """Compare two options over the same period: totals, breakdown, and the break-even year.

    ``cout_horaire`` (€ HT per hour of work, default from ``data/``) prices the
    ``heures_annuelles`` of each option that has no cost per hour of its own.

    ``annee_bascule`` is the first year from which the option dearer to buy has a lower
    discounted running cost (``None`` if it never catches up within the period).
    """
    defaults = hypotheses_par_defaut()
    rate = defaults["taux_actualisation"] if taux_actualisation is None else taux_actualisation
    price = defaults["prix_carbone"] if prix_carbone is None else prix_carbone
    hourly = defaults["cout_horaire"] if cout_horaire is None else cout_horaire
    tables = {o.nom: cout_cycle_de_vie(o, duree_ans, rate, price, hourly) for o in (a, b)}
    if a.nom == b.nom:
        raise PiuError("Donnez deux noms différents aux options comparées.")

    def postes(frame: pd.DataFrame) -> dict[str, float]:
        factors = (1 + rate) ** frame["annee"]
        return {k: float((frame[k] / factors).sum()) for k in POSTES}

    totals = {name: float(t["actualise"].sum()) for name, t in tables.items()}
    cheaper_to_buy, dearer_to_buy = sorted((a, b), key=lambda o: o.acquisition)
    gap = (tables[dearer_to_buy.nom]["cumul_actualise"]
           - tables[cheaper_to_buy.nom]["cumul_actualise"])
    catch_up = next((int(y) for y, g in zip(gap.index, gap, strict=True) if g <= 0), None)
    best = min(totals, key=totals.get)
    return {
        "duree_ans": duree_ans,
        "taux_actualisation": rate,
        "prix_carbone": price,
        "cout_horaire": hourly,
        "totaux": totals,
        "postes": {name: postes(t) for name, t in tables.items()},
        "moins_cher": best,
        "ecart": abs(totals[a.nom] - totals[b.nom]),
        "annee_bascule": catch_up if a.acquisition != b.acquisition else None,
        "tableaux": tables,
    }
