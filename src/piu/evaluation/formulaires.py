"""The tools of module 2 as forms, for learners who do not write code.

Each function returns an :class:`OutilInteractif`: in Jupyter, a form whose result updates as
the learner changes a value; in the static web book (no kernel), the HTML result for the
default values, so the page still shows what the tool computes.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as w
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML

from piu.core import data
from piu.core.errors import PiuError
from piu.core.french_numbers import format_montant, format_nombre
from piu.core.learner.widgets import bouton_ajouter_au_dossier
from piu.evaluation import graphiques
from piu.evaluation.carbone import Vehicule, comparer_livraison, facteur, vehicules_par_defaut
from piu.evaluation.cout_global import OptionCout, comparer_couts, hypotheses_par_defaut
from piu.evaluation.grille import (
    AMPLITUDE,
    GRAINE,
    PHASES,
    TIRAGES,
    Grille,
    lire_grille,
    pourcentage,
    regle_en_vigueur,
    texte_regle,
)
from piu.evaluation.maturite import Maturite, echelle_trl, placer_trl

__all__ = [
    "OutilInteractif",
    "calculateur_carbone",
    "calculateur_cout",
    "donnees_carbone",
    "donnees_cout",
    "donnees_grille",
    "donnees_trl",
    "grille_interactive",
    "questionnaire_trl",
    "tableau_criteres",
    "tableau_facteurs",
    "tableau_indicateurs",
    "tableau_trl",
]

_WIDE = {"style": {"description_width": "20em"}, "layout": w.Layout(width="38em")}


def _table(head: list[str], rows: list[list[str]], caption: str = "") -> str:
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="table">{cap}<thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def _inputs(controls: list[w.Widget]) -> list[w.Widget]:
    """The input widgets among ``controls``, including those inside boxes (label + field)."""
    found: list[w.Widget] = []
    for control in controls:
        if isinstance(control, w.Box):
            found += _inputs(list(control.children))
        elif isinstance(control, w.ValueWidget) and not isinstance(control, w.HTML | w.Label):
            found.append(control)
    return found


class OutilInteractif:
    """A form and its result; shows the default result as HTML where widgets cannot run."""

    def __init__(self, titre: str, controles: list[w.Widget], calcul: Callable[[], str],
                 graphique: Callable[[], Any] | None = None,
                 dossier: tuple[str, str, Callable[[], dict[str, Any]]] | None = None) -> None:
        self.calcul = calcul
        self.graphique = graphique
        self.resultat = w.HTML()
        self.figure = w.Output()
        self.champs: dict[str, w.Widget] = {}  # named inputs, for notebooks and tests
        for control in _inputs(controles):
            control.observe(lambda _change: self.actualiser(), names="value")
        #: « Ajouter au dossier »: (section, tool, data of the current result), see piu.fil_rouge.sections
        self.bouton_dossier = (bouton_ajouter_au_dossier(dossier[0], dossier[2], dossier[1]) if dossier
                               else None)
        extra = [self.bouton_dossier] if self.bouton_dossier else []
        self.box = w.VBox([w.HTML(f"<strong>{html.escape(titre)}</strong>"), *controles,
                           self.resultat, self.figure, *extra],
                          layout=w.Layout(border="1px solid #9aa5b1", padding="0.5em"))
        self.html_defaut = self._html()
        self.resultat.value = self.html_defaut
        self._dessiner()

    def _html(self) -> str:
        try:
            return self.calcul()
        except PiuError as exc:
            return f'<p style="color:#8a4b00">⚠ {html.escape(str(exc))}</p>'

    def actualiser(self) -> None:
        """Recompute the result and redraw the chart after a change in the form."""
        self.resultat.value = self._html()
        self._dessiner()

    def _dessiner(self) -> None:
        """Draw the chart inside the form's output area (shown only where widgets run)."""
        if self.graphique is None:
            return
        with self.figure:
            self.figure.clear_output(wait=True)
            try:
                fig = self.graphique()
            except PiuError:
                return
            plt.show()
            plt.close(fig)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.box._repr_mimebundle_(**kwargs) or {})
        bundle["text/html"] = self.html_defaut
        bundle["text/plain"] = "Formulaire interactif (formulaire\u00a0: ouvrez l’outil dans le navigateur)."
        return bundle


# -- sections of the learner's dossier (shapes: piu.fil_rouge.sections) -------------------------
def donnees_trl(maturite: Maturite) -> dict[str, Any]:
    """Section ``maturite`` of the dossier."""
    return {"niveau": int(maturite.niveau), "intitule": maturite.intitule, "raisons": list(maturite.raisons)}


def donnees_grille(grille: Grille, titre: str = "Grille d’opportunité") -> dict[str, Any]:
    """Section ``grille`` of the dossier: criteria, weights, notes, weighted scores and robustness."""
    result = grille.resultat(TIRAGES, AMPLITUDE, GRAINE)
    ranks = grille.rangs()
    scores = {str(r["option"]): float(r["score"]) for r in result["classement"]}
    options = [{"nom": o, "rang": int(ranks[o]), "score": round(scores[o], 4),
                "notes": {c: float(grille.notes[i][j]) for i, c in enumerate(grille.criteres)}}
               for j, o in enumerate(grille.options)]
    stability = f"classement complet inchangé dans {pourcentage(result['classement_stable'])} % des tirages"
    if result["inversion"]:
        stability += f" ; {result['inversion']['texte']}"
    phase = PHASES[grille.phase] if grille.phase else "opportunité"
    return {"titre": titre, "phase": phase,
            "criteres": [{"nom": c, "poids": float(p)} for c, p in zip(grille.criteres, grille.poids, strict=True)],
            "options": options, "stabilite": stability}


def donnees_carbone(resultats: list[dict[str, Any]], distance_km: float, colis: int, charge_kg: float,
                    jour: date | None = None) -> dict[str, Any]:
    """Section ``carbone`` of the dossier, from :func:`comparer_livraison`'s rows."""
    vehicles = [{"libelle": str(r["libelle"]), "g_par_km": round(1000 * float(r["par_km"]), 2),
                 "tournees": int(r["tournees_necessaires"]), "g_par_colis": round(1000 * float(r["par_colis"]), 2),
                 "ecart_diesel_pct": round(100 * float(r["reduction_vs_diesel"]), 1)} for r in resultats]
    sources = list(dict.fromkeys(f"{facteur(i, jour).libelle}\u00a0: {facteur(i, jour).source}"
                                 for i in FACTEURS_CARBONE))
    return {"distance_km": float(distance_km), "colis": int(colis), "charge_kg": float(charge_kg),
            "vehicules": vehicles, "sources": sources}


def donnees_cout(resultat: dict[str, Any], taux_actualisation: float) -> dict[str, Any]:
    """Section ``cout`` of the dossier, from :func:`comparer_couts` (``taux_actualisation`` as 0.04)."""
    options = [{"nom": n, "total": round(float(t), 2),
                "postes": {k: round(float(v), 2) for k, v in resultat["postes"][n].items()}}
               for n, t in resultat["totaux"].items()]
    sources = [f"{facteur(i).libelle}\u00a0: {facteur(i).source}"
               for i in ("prix-carbone", "cout-horaire-livreur", "taux-actualisation")]
    return {"duree_ans": int(resultat["duree_ans"]), "taux_actualisation_pct": round(100 * taux_actualisation, 2),
            "options": options, "moins_cher": str(resultat["moins_cher"]), "sources": sources}


# -- reference tables -------------------------------------------------------------------------
def _phases(row: Any) -> str:
    """Where a criterion or indicator may serve, and the rule that limits it, in French."""
    text = ", ".join(PHASES[p] for p in str(row.phases).split())
    motif = row.motif_phases
    if isinstance(motif, str) and motif:
        rule = regle_en_vigueur(motif, date.today())
        if rule is not None:
            text += f"<br><em>{html.escape(texte_regle(rule))}</em>"
    return text


def tableau_criteres() -> HTML:
    """The criteria library as an HTML table (definition, 1-3-5 scale, where it may serve)."""
    frame = data.table("criteres")
    rows = [[f"<strong>{html.escape(r.libelle)}</strong><br><em>{html.escape(r.question_cle)}</em>",
             html.escape(r.definition), html.escape(r.note_1), html.escape(r.note_3),
             html.escape(r.note_5), _phases(r)] for r in frame.itertuples()]
    return HTML(_table(["Critère", "Définition", "Note 1", "Note 3", "Note 5", "Peut servir à"], rows,
                         "Bibliothèque de critères du cours"))


def tableau_facteurs(jour: date | None = None) -> HTML:
    """Every emission factor and assumption in force on ``jour`` (today), with its unit,
    status, legal basis, source and date."""
    day = jour or date.today()
    frame = data.en_vigueur(data.table("facteurs_emission"), day)

    def since(start: date | None) -> str:
        return "" if start is None or start is pd.NA else f"<br>en vigueur depuis le {start:%d/%m/%Y}"

    rows = [[html.escape(r.libelle), format_nombre(float(r.valeur), 4), html.escape(r.unite),
             "source publiée" if r.statut == "source" else "<strong>hypothèse modifiable</strong>",
             html.escape(r.base_legale) + since(r.valid_from), html.escape(r.source),
             r.date_source.strftime("%d/%m/%Y")]
            for r in frame.itertuples()]
    return HTML(_table(["Facteur", "Valeur", "Unité", "Statut", "Base légale", "Source", "Date"], rows,
                       f"Facteurs et hypothèses en vigueur le {day:%d/%m/%Y}"))


def tableau_indicateurs() -> HTML:
    """Social and economic indicators: unit, how to compute, where the data is, the usual trap."""
    frame = data.table("indicateurs")
    families = {"economie": "Économie et emploi", "service": "Service aux habitants",
                "accessibilite": "Accessibilité"}
    rows = [[families[str(r.famille)], f"<strong>{html.escape(r.libelle)}</strong>",
             html.escape(r.unite), html.escape(r.calcul), html.escape(r.source_donnee),
             html.escape(r.piege), _phases(r)] for r in frame.itertuples()]
    return HTML(_table(["Famille", "Indicateur", "Unité", "Calcul", "Donnée", "Piège courant",
                        "Peut servir à"], rows, "Indicateurs sociaux et économiques du cours"))


def tableau_trl() -> HTML:
    """The nine TRL levels with their description and an urban example (fictitious)."""
    rows = [[f"<strong>{lv['niveau']}</strong>", html.escape(str(lv["intitule"])),
             html.escape(str(lv["description"])), html.escape(str(lv["exemple_urbain"]))]
            for lv in echelle_trl()]
    return HTML(_table(["TRL", "Niveau", "Description", "Exemple (cas fictif)"], rows,
                       "Échelle TRL, annexe générale G du programme Horizon 2020 (data/trl.csv)"))


# -- TRL --------------------------------------------------------------------------------------
def questionnaire_trl(deja_prouves: int = 0) -> OutilInteractif:
    """Nine yes/no questions; the note says the level reached and why.

    ``deja_prouves`` pre-ticks levels 1 to that number, to start from a worked example.
    """
    boxes = {int(lv["niveau"]): w.Checkbox(description=f"TRL {lv['niveau']} — {lv['question']}",
                                           value=int(lv["niveau"]) <= deja_prouves,
                                           indent=False, layout=w.Layout(width="auto"))
             for lv in echelle_trl()}

    def compute() -> str:
        result = placer_trl({n: b.value for n, b in boxes.items()})
        lines = html.escape(result.texte()).replace("\n", "<br>")
        return f'<p style="margin-top:0.6em">{lines}</p>'

    def section() -> dict[str, Any]:
        return donnees_trl(placer_trl({n: b.value for n, b in boxes.items()}))

    return OutilInteractif("Où se situe la solution sur l’échelle TRL\u202f? Cochez ce qui est prouvé.",
                           list(boxes.values()), compute, dossier=("maturite", "questionnaire TRL", section))


# -- grid -------------------------------------------------------------------------------------
def echelle_curseurs(poids: tuple[float, ...]) -> tuple[float, float, int]:
    """Step, maximum and decimals of the weight sliders, fitted to how the weights are written.

    The step is a tenth of the largest weight's order of magnitude, finer if a weight needs it
    (so every weight of the file sits on the slider): weights of 25/20/15 move by 1 up to 100,
    weights of 0,6/0,4 by 0,01 up to 1,2, weights of 100/55 by 1. The maximum leaves room to
    double the largest weight, or to give one criterion the whole current total.
    """
    largest = max(poids)
    top_exponent = math.floor(math.log10(largest))
    exponent = top_exponent - 1
    while exponent > -6 and any(abs(p / 10.0 ** exponent - round(p / 10.0 ** exponent)) > 1e-9
                                for p in poids):
        exponent -= 1
    step = 10.0 ** exponent
    decimals = max(0, -exponent)
    top = max(2 * largest, sum(poids))
    return round(step, decimals), round(top, decimals), decimals


def grille_interactive(chemin: str | Path, phase: str | None = None,
                       lancement: date | None = None) -> OutilInteractif | None:
    """A grid read from a CSV file, with one slider per weight.

    With ``phase="attribution"`` and the launch date, the criteria are checked against the
    rules of ``data/regles_criteres.csv`` (message instead of a form if one is broken), and
    each change of weight is checked again (a zero weight on the only environmental criterion
    is refused).
    """
    try:
        base = lire_grille(chemin, phase, lancement)
    except PiuError as exc:
        print(f"⚠ {exc}")
        return None
    step, top, decimals = echelle_curseurs(base.poids)
    sliders = [w.FloatSlider(value=p, min=0, max=top, step=step, readout_format=f".{decimals}f",
                             description=c, **_WIDE)
               for c, p in zip(base.criteres, base.poids, strict=True)]
    amplitude = w.FloatSlider(value=AMPLITUDE, min=0, max=1, step=0.05,
                              description="Amplitude des tirages (±)", readout_format=".0%",
                              **_WIDE)

    def current() -> Grille:
        grid = Grille(base.criteres, tuple(s.value for s in sliders), base.options, base.notes,
                      base.phase, base.lancement)
        grid.controler()
        grid.controler_phase()
        return grid

    def compute() -> str:
        grid = current()
        result = grid.resultat(TIRAGES, amplitude.value, GRAINE)
        ranks = grid.rangs()
        rows = [[str(ranks[str(r["option"])]), html.escape(str(r["option"])),
                 format_nombre(r["score"], 2),
                 f"{pourcentage(result['stabilite'][r['option']])} %"]
                for r in result["classement"]]
        text = _table(["Rang", "Option", "Note pondérée", "Première dans les tirages"], rows)
        inv = result["inversion"]
        if inv:
            text += f"<p><strong>Bascule\u00a0:</strong> {html.escape(inv['texte'])}</p>"
        elif result["egalite"]:
            text += ("<p><strong>Égalité\u00a0:</strong> les deux premières options ont la même note "
                     "pondérée\u202f; le moindre changement de poids les départage.</p>")
        else:
            text += ("<p><strong>Bascule\u00a0:</strong> aucun changement d’un seul poids n’inverse les "
                     "deux premières options.</p>")
        text += (f"<p>Classement complet inchangé dans "
                 f"{pourcentage(result['classement_stable'])} % des tirages.</p>")
        text += "".join(f"<p><strong>Rappel\u00a0:</strong> {html.escape(r)}</p>"
                        for r in result["rappels"])
        return text

    def chart() -> Any:
        return graphiques.graphique_grille(current())

    title = "Grille multicritère\u00a0: déplacez les poids"
    if base.phase is not None:
        title += f" (grille pour {PHASES[base.phase]}, lancement le {base.jour:%d/%m/%Y})"
    return OutilInteractif(title, [*sliders, amplitude], compute, chart,
                           dossier=("grille", "grille multicritère", lambda: donnees_grille(current())))


# -- carbon -----------------------------------------------------------------------------------
FACTEURS_CARBONE = ("velo-cargo-total", "velo-cargo-fabrication", "velo-cargo-charge-utile",
                    "gazole-routier", "vul-diesel-consommation", "vul-diesel-fabrication",
                    "electricite-france", "vul-electrique-consommation",
                    "vul-electrique-fabrication", "vul-surconsommation-charge", "vul-charge-utile")
"""Every factor of the carbon model: the form lets the learner change each one."""


def vehicules_modifies(valeurs: dict[str, float], jour: date | None = None) -> dict[str, Vehicule]:
    """The three vehicles rebuilt from the factor values ``{id: valeur}`` the learner typed.

    Raises :class:`PiuError` naming the factor when a value is impossible.
    """
    fleet = vehicules_par_defaut(jour)
    v = valeurs
    for identifiant in FACTEURS_CARBONE:
        payload = identifiant.endswith("charge-utile")
        if not math.isfinite(v[identifiant]) or v[identifiant] < 0 or (payload and v[identifiant] == 0):
            raise PiuError(f"«\u00a0{facteur(identifiant, jour).libelle}\u00a0» doit être un nombre "
                           f"{'strictement positif' if payload else 'positif ou nul'} "
                           f"(lu\u00a0: {format_nombre(v[identifiant], 4)}).")
    if v["velo-cargo-fabrication"] > v["velo-cargo-total"]:
        raise PiuError(f"{fleet['velo-cargo'].libelle}\u00a0: la part fabrication "
                       f"({format_nombre(v['velo-cargo-fabrication'], 4)}) dépasse le total "
                       f"({format_nombre(v['velo-cargo-total'], 4)})\u202f; l’usage serait négatif.")
    overload = v["vul-surconsommation-charge"] / 100
    return {
        "velo-cargo": fleet["velo-cargo"].modifier(
            usage_km=v["velo-cargo-total"] - v["velo-cargo-fabrication"],
            fabrication_km=v["velo-cargo-fabrication"],
            charge_utile_kg=v["velo-cargo-charge-utile"]),
        "vul-diesel": fleet["vul-diesel"].modifier(
            usage_km=v["vul-diesel-consommation"] / 100 * v["gazole-routier"],
            fabrication_km=v["vul-diesel-fabrication"], surconsommation_100kg=overload,
            charge_utile_kg=v["vul-charge-utile"]),
        "vul-electrique": fleet["vul-electrique"].modifier(
            usage_km=v["vul-electrique-consommation"] / 100 * v["electricite-france"],
            fabrication_km=v["vul-electrique-fabrication"], surconsommation_100kg=overload,
            charge_utile_kg=v["vul-charge-utile"]),
    }


def calculateur_carbone(jour: date | None = None) -> OutilInteractif:
    """Round parameters and every factor of the carbon model, editable.

    The factors are those in force on ``jour`` (today by default).
    """
    distance = w.FloatSlider(value=30, min=5, max=120, step=1, description="Distance de la tournée (km)",
                             **_WIDE)
    parcels = w.IntSlider(value=60, min=5, max=200, step=5, description="Colis par tournée", **_WIDE)
    load = w.FloatSlider(value=150, min=0, max=1000, step=10, description="Charge transportée (kg)",
                         **_WIDE)
    share = w.FloatSlider(value=1.0, min=0, max=1, step=0.1, readout_format=".0%",
                          description="Part de la fabrication comptée", **_WIDE)

    factors = {i: w.FloatText(value=facteur(i, jour).valeur, layout=w.Layout(width="10em"))
               for i in FACTEURS_CARBONE}

    def labelled(identifiant: str) -> w.HBox:
        """The full label, wrapped over several lines if needed, then the value."""
        f = facteur(identifiant, jour)
        mark = " <em>(hypothèse)</em>" if f.est_hypothese else ""
        label = w.HTML(f"{html.escape(f.libelle)}{mark} [{html.escape(f.unite)}]",
                       layout=w.Layout(width="28em"))
        return w.HBox([label, factors[identifiant]])

    def rows() -> list:
        fleet = vehicules_modifies({k: f.value for k, f in factors.items()}, jour)
        return comparer_livraison(distance.value, parcels.value, load.value, share.value, fleet)

    def compute() -> str:
        result = rows()
        body = [[html.escape(str(r["libelle"])), format_nombre(1000 * float(r["par_km"]), 1),
                 str(r["tournees_necessaires"]),
                 format_nombre(1000 * float(r["par_colis"]), 1),
                 f"{pourcentage(float(r['reduction_vs_diesel']), 0)} %"] for r in result]
        text = _table(["Véhicule", "g CO2e par km", "Tournées", "g CO2e par colis",
                       "Écart au fourgon diesel"], body)
        warnings = [str(r["avertissement"]) for r in result if r["avertissement"]]
        return text + "".join(f"<p>⚠ {html.escape(m)}</p>" for m in warnings)

    def chart() -> Any:
        return graphiques.graphique_carbone(rows(), parcels.value, distance.value)

    tool = OutilInteractif("Livraison du dernier kilomètre\u00a0: empreinte carbone",
                           [distance, parcels, load, share, w.HTML("<em>Facteurs (modifiables)\u00a0:</em>"),
                            *map(labelled, FACTEURS_CARBONE)], compute, chart,
                           dossier=("carbone", "calculateur carbone",
                                    lambda: donnees_carbone(rows(), distance.value, parcels.value, load.value, jour)))
    tool.champs = {"distance": distance, "colis": parcels, "charge": load, "part_fabrication": share,
                   **factors}
    return tool


# -- lifecycle cost ---------------------------------------------------------------------------
def calculateur_cout(a: OptionCout, b: OptionCout, duree_ans: int = 8) -> OutilInteractif:
    """Two options side by side; period, discount rate, carbon price and cost per hour editable.

    Labour (hours per year × cost per hour) is a line of its own: three cargo-bike riders
    against one van driver is what the comparison turns on.
    """
    from piu.evaluation.carbone import facteur

    defaults = hypotheses_par_defaut()
    fields = ("acquisition", "usage_annuel", "heures_annuelles", "maintenance_annuelle",
              "fin_de_vie", "emissions_annuelles_t")
    labels = {"acquisition": "Acquisition (€ HT)", "usage_annuel": "Énergie et usage par an (€ HT)",
              "heures_annuelles": "Heures de travail par an",
              "maintenance_annuelle": "Maintenance par an (€ HT)",
              "fin_de_vie": "Fin de vie (€ HT, négatif = revente)",
              "emissions_annuelles_t": "Émissions par an (tCO2e)"}
    inputs = {o.nom: {f: w.FloatText(value=getattr(o, f), description=labels[f], **_WIDE)
                      for f in fields} for o in (a, b)}
    years = w.IntSlider(value=duree_ans, min=1, max=20, description="Durée (ans)", **_WIDE)
    rate = w.FloatSlider(value=defaults["taux_actualisation"], min=0, max=0.15, step=0.005,
                         readout_format=".1%", description="Taux d’actualisation (hypothèse)",
                         **_WIDE)
    price = w.FloatText(value=defaults["prix_carbone"], description="Prix du carbone (€/tCO2e)",
                        **_WIDE)
    hourly = w.FloatText(value=defaults["cout_horaire"],
                         description="Coût d’une heure de travail (€ HT, valeur inventée)", **_WIDE)
    carbon = facteur("prix-carbone")
    labour = facteur("cout-horaire-livreur")
    sources = w.HTML(f"<small>Prix du carbone\u00a0: {html.escape(carbon.source)}. Coût horaire\u00a0: "
                     f"{html.escape(labour.source)}. Taux d’actualisation\u00a0: "
                     f"{html.escape(facteur('taux-actualisation').source)}.</small>")

    def result() -> dict:
        options = [OptionCout(name, **{f: box.value for f, box in boxes.items()})
                   for name, boxes in inputs.items()]
        return comparer_couts(*options, duree_ans=years.value, taux_actualisation=rate.value,
                              prix_carbone=price.value, cout_horaire=hourly.value)

    def compute() -> str:
        r = result()
        names = list(r["totaux"])
        posts = [("acquisition", "Acquisition"), ("usage", "Énergie et usage"),
                 ("main_oeuvre", "Main-d'œuvre"), ("maintenance", "Maintenance"),
                 ("fin_de_vie", "Fin de vie"), ("emissions", "Émissions monétisées")]
        body = [[label] + [format_montant(round(r["postes"][n][key])) for n in names] for key, label in posts]
        body.append(["<strong>Total actualisé</strong>"]
                    + [f"<strong>{format_montant(round(r['totaux'][n]))}</strong>" for n in names])
        text = _table(["Poste (actualisé)", *map(html.escape, names)], body)
        text += (f"<p>Sur {r['duree_ans']} ans, «\u00a0{html.escape(r['moins_cher'])}\u00a0» coûte "
                 f"{format_montant(round(r['ecart']))} de moins.")
        if r["annee_bascule"] is not None:
            text += (f" L’option la plus chère à l’achat devient moins chère en coût cumulé dès "
                     f"l’année {r['annee_bascule']}.")
        return text + "</p>"

    def chart() -> Any:
        return graphiques.graphique_cout(result())

    controls: list[w.Widget] = [years, rate, price, hourly, sources]
    for name, boxes in inputs.items():
        controls += [w.HTML(f"<em>{html.escape(name)}</em>"), *boxes.values()]
    tool = OutilInteractif("Coût du cycle de vie\u00a0: comparer deux options", controls, compute, chart,
                           dossier=("cout", "calculateur de coût du cycle de vie",
                                    lambda: donnees_cout(result(), rate.value)))
    tool.champs = {"duree": years, "taux": rate, "prix_carbone": price, "cout_horaire": hourly,
                   **{f"{name}:{f}": box for name, boxes in inputs.items() for f, box in boxes.items()}}
    return tool
