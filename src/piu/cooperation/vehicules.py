"""Compare partnership vehicles (SCIC, SEM, SPL, SEMOP, GIP, association, SCOP, SAS ESUS,
foncière) against the situation a technician describes, and say why each one fits or not.

The vehicles' features live in ``data/vehicules.csv`` (with legal basis and a sourced real
example); this module only matches them to the situation. Some needs are hard constraints
(private partners rule out an SPL; entrusting contracts without
competition rules out everything but an SPL or a GIP under the L2511 conditions); the others
are reasons for or against. The answer is a shortlist to discuss with the legal department,
never a decision.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

import pandas as pd

from piu.cooperation.scic_regles import vigilances_collectivites
from piu.core import data
from piu.core.errors import PiuError

__all__ = ["BESOINS", "Candidat", "Exemple", "Situation", "comparer_vehicules", "situation_depuis", "vehicules"]


@dataclass(frozen=True)
class Situation:
    """What the technician wants; each field is a yes/no need (default: no need)."""

    collectivite_minoritaire: bool = False
    partenaires_prives: bool = False
    activite_economique: bool = False
    voix_salaries: bool = False
    usagers_associes: bool = False
    plusieurs_personnes_publiques: bool = False
    entrer_au_capital: bool = False
    confier_sans_concurrence: bool = False


# Label of each need, as shown in the form, in the order of Situation.
BESOINS: dict[str, str] = {
    "collectivite_minoritaire": "La collectivité veut rester minoritaire",
    "partenaires_prives": "Des partenaires privés doivent être associés à la gouvernance",
    "activite_economique": "Le projet est une activité économique (vente de biens ou services)",
    "voix_salaries": "Les salariés doivent avoir voix au chapitre",
    "usagers_associes": "Usagers, habitants ou clients doivent être associés",
    "plusieurs_personnes_publiques": "Plusieurs personnes publiques participent",
    "entrer_au_capital": "La collectivité veut entrer au capital (ou être membre)",
    "confier_sans_concurrence": "La collectivité veut lui confier des missions sans mise en concurrence",
}


@dataclass(frozen=True)
class Exemple:
    """A real example of a vehicle, with the page it comes from."""

    texte: str
    source: str
    url: str


@dataclass(frozen=True)
class Candidat:
    """One vehicle judged against the situation, with what a technician needs to check it:
    legal basis, governance, whether contracts can be « in house », uses, sourced examples."""

    id: str
    nom: str
    verdict: str  # « adapté », « possible avec réserves » or « écarté »
    pour: tuple[str, ...]
    contre: tuple[str, ...]
    base_legale: str
    exemple: str
    gouvernance: str = ""
    contrats: str = ""
    in_house: str = ""
    usages: str = ""
    exemples: tuple[Exemple, ...] = ()
    #: Points de vigilance for a vehicle where a collectivité sits (déport des élus...).
    vigilances: tuple[str, ...] = ()

    def texte(self) -> str:
        lines = [f"{self.nom} — {self.verdict}"]
        lines += [f"  + {r}" for r in self.pour]
        lines += [f"  − {r}" for r in self.contre]
        lines += [f"  ⚠ Point de vigilance : {r}" for r in self.vigilances]
        return "\n".join(lines)


_ORDER = {"adapté": 0, "possible avec réserves": 1, "écarté": 2}


def vehicules(jour: date | None = None) -> pd.DataFrame:
    """The vehicles table, rows in force on ``jour`` (default today)."""
    return data.en_vigueur(data.table("vehicules"), jour or date.today())


def _judge(v: pd.Series, s: Situation) -> tuple[list[str], list[str], list[str]]:
    """Reasons for, reasons against, and hard conflicts, for one vehicle."""
    pro: list[str] = []
    con: list[str] = []
    hard: list[str] = []
    if s.collectivite_minoritaire:
        if v["minorite_publique_possible"]:
            pro.append("la collectivité peut y rester minoritaire")
        elif v["minorite_parmi_publics"]:
            con.append(f"la collectivité n'y est minoritaire qu'à côté d'autres personnes "
                       f"publiques, qui ensemble gardent la majorité ou tout le capital "
                       f"({v['part_publique']})")
        else:
            hard.append(f"la collectivité n'y peut pas être minoritaire ({v['part_publique']})")
    if s.partenaires_prives:
        (pro if v["prives_associes"] else hard).append(
            "des partenaires privés peuvent y être associés" if v["prives_associes"]
            else "pas de partenaire privé au capital ou parmi les membres")
    if s.activite_economique:
        (pro if v["activite_economique"] else con).append(
            "adapté à une activité économique" if v["activite_economique"]
            else "peu adapté à une activité marchande")
    if s.voix_salaries:
        (pro if v["voix_salaries"] else con).append(
            "les salariés ont leur place dans la gouvernance" if v["voix_salaries"]
            else "la place des salariés dépend des statuts, la loi ne la garantit pas")
    if s.usagers_associes:
        (pro if v["usagers_associes"] else con).append(
            "usagers et habitants peuvent être associés" if v["usagers_associes"]
            else "les usagers n'y ont pas de place prévue")
    if s.plusieurs_personnes_publiques:
        (pro if v["plusieurs_personnes_publiques"] else con).append(
            "plusieurs personnes publiques peuvent y participer" if v["plusieurs_personnes_publiques"]
            else "conçu pour une seule collectivité face à un opérateur")
    if s.entrer_au_capital:
        status = v["collectivite_au_capital"]
        if status == "oui":
            pro.append("la collectivité peut en être associée ou actionnaire")
        elif status == "sous-conditions":
            con.append("entrée au capital selon la forme retenue (SEM, SCIC...)")
        elif status == "sans-objet":
            pro.append("pas de capital : la collectivité peut en être membre")
        else:
            hard.append("une collectivité ne peut pas en principe y prendre de participation "
                        "(CGCT L2253-1)")
    if s.confier_sans_concurrence:
        if v["in_house"] == "possible":
            con.append("contrats sans mise en concurrence seulement si les conditions du CCP "
                       "(L2511-1 et suivants) sont réunies")
        else:
            hard.append("les contrats que la collectivité lui confie doivent être mis en "
                        "concurrence (pas de « in house », CCP L2511-1)")
    return pro, con, hard


def _examples(v: pd.Series, others: pd.DataFrame) -> tuple[Exemple, ...]:
    """The vehicle's own example first, then the other real examples listed for it."""
    own = Exemple(str(v["exemple"]), str(v["exemple_source"]), str(v["exemple_url"]))
    more = others[others["vehicule"] == v["id"]]
    return (own, *(Exemple(str(r.exemple), str(r.source), str(r.url)) for r in more.itertuples()))


def comparer_vehicules(situation: Situation, jour: date | None = None) -> list[Candidat]:
    """Every vehicle, best fit first, with its reasons."""
    result = []
    jour = jour or date.today()
    others = data.table("exemples_vehicules")
    points = tuple(f"{p.texte[:1].upper()}{p.texte[1:]} ({p.base_legale})"
                   for p in vigilances_collectivites(jour, "cet organisme"))
    for _, v in vehicules(jour).iterrows():
        pro, con, hard = _judge(v, situation)
        verdict = "écarté" if hard else ("possible avec réserves" if con else "adapté")
        result.append(Candidat(str(v["id"]), str(v["nom"]), verdict, tuple(pro),
                               tuple(hard + con), str(v["base_legale"]), str(v["exemple"]),
                               gouvernance=str(v["gouvernance"]), contrats=str(v["contrats"]),
                               in_house=str(v["in_house"]), usages=str(v["usages"]),
                               exemples=_examples(v, others),
                               vigilances=points if v["collectivite_au_capital"] != "non" else ()))
    result.sort(key=lambda c: (_ORDER[c.verdict], -len(c.pour), len(c.contre)))
    return result


def situation_depuis(**besoins: bool) -> Situation:
    """Build a :class:`Situation`, refusing unknown needs with the list of known ones."""
    known = {f.name for f in fields(Situation)}
    unknown = sorted(set(besoins) - known)
    if unknown:
        raise PiuError(f"Besoin « {unknown[0]} » inconnu ; besoins possibles : "
                       f"{', '.join(sorted(known))}.")
    return Situation(**{k: bool(v) for k, v in besoins.items()})
