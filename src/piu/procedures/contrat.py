"""« Quel contrat ? » before « quelle procédure ? »: marché, concession, occupation, subvention.

A technician describes the project in four answers: who defines it (``initiative``: a need of
the collectivité, or a private project), how the operator is paid (``remuneration``: a price
paid by the collectivité, the users, or nobody), whether the operator really bears the
operating risk, and whether the project occupies the public domain. :func:`qualifier` answers,
for a date, with the legal qualification and the points to watch.

The rules are those of the code (a price for a service meeting the collectivité's need is a
marché, CCP L1111-1; a real operating risk transferred to the operator makes a concession,
whether users pay it or the right to operate comes « assorti d'un prix », L1121-1; a
private project on the public domain with no price is an occupation, CG3P L2122-1-1; a private
project off the domain may be subsidised, loi 2000-321 art. 9-1). Their names, legal bases,
explanations and points of vigilance are dated rows of ``data/contrats.csv`` and
``data/contrats_vigilance.csv``; the concessions threshold comes from ``data/seuils.csv``.
Contradictory or incomplete answers raise :class:`ContratInvalide` with a French message.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from piu.core import data
from piu.core.errors import DonneesInvalides
from piu.core.french_numbers import format_montant
from piu.procedures.conseil import BesoinInvalide, DateHorsDonnees, lire_date, periode_couverte, seuil

__all__ = ["INITIATIVES", "QUALIFICATIONS", "REMUNERATIONS", "ContratInvalide", "Qualification",
           "QualificationContrat", "Vigilance", "qualifier"]

INITIATIVES: dict[str, str] = {
    "collectivite": "la collectivité définit le projet pour répondre à son besoin",
    "porteur": "un porteur privé définit et mène son propre projet",
}
REMUNERATIONS: dict[str, str] = {
    "prix": "la collectivité paie un prix",
    "usagers": "l'opérateur est payé par les usagers",
    "aucune": "personne n'est payé pour une prestation",
}
QUALIFICATIONS = ("marche-public", "concession", "occupation-domaine", "subvention")


class ContratInvalide(BesoinInvalide):
    """The answers are missing or contradict each other; the message says what to change."""


@dataclass(frozen=True)
class Qualification:
    """The legal qualification: ``id`` among :data:`QUALIFICATIONS`."""

    id: str
    libelle: str
    base_legale: str
    explication: str


@dataclass(frozen=True)
class Vigilance:
    """A point to watch, with its legal basis."""

    id: str
    texte: str
    base_legale: str = ""


@dataclass(frozen=True)
class QualificationContrat:
    """The advisor's answer: the situation as understood, the qualification, what to watch."""

    initiative: str
    remuneration: str
    risque_exploitation: bool
    domaine_public: bool
    jour: date
    qualification: Qualification
    vigilance: list[Vigilance] = field(default_factory=list)

    def en_json(self) -> dict[str, Any]:
        """A JSON-ready object: ``qualification`` (object) and ``vigilance`` (list)."""
        return {
            "initiative": self.initiative,
            "remuneration": self.remuneration,
            "risque_exploitation": self.risque_exploitation,
            "domaine_public": self.domaine_public,
            "date": self.jour.isoformat(),
            "qualification": asdict(self.qualification),
            "vigilance": [asdict(v) for v in self.vigilance],
        }

    def texte(self) -> str:
        """A readable French answer, for the command line and notebooks."""
        situation = [INITIATIVES[self.initiative], REMUNERATIONS[self.remuneration]]
        if self.risque_exploitation:
            situation.append("l'opérateur porte un risque réel d'exploitation")
        if self.domaine_public:
            situation.append("le projet occupe le domaine public")
        q = self.qualification
        lines = [f"Situation au {self.jour:%d/%m/%Y} : " + " ; ".join(situation) + ".", "",
                 f"Quel contrat ? {q.libelle}", f"Base légale : {q.base_legale}",
                 f"Pourquoi : {q.explication}"]
        if self.vigilance:
            lines += ["", "Points de vigilance :"]
            lines += [f"- {v.texte} ({v.base_legale})" if v.base_legale else f"- {v.texte}"
                      for v in self.vigilance]
        return "\n".join(lines)


def _choice(value: object, allowed: dict[str, str], what: str) -> str:
    """``value`` as one of ``allowed``'s keys; the message names the question, never an option
    of the command (the form shows it too)."""
    if value is None or not str(value).strip():
        raise ContratInvalide(f"Réponse manquante : {what}. Choisissez "
                              f"{' ou '.join(allowed)}.")
    key = str(value).strip().lower()
    if key not in allowed:
        raise ContratInvalide(f"{what} « {value} » inconnue : choisissez "
                              f"{' ou '.join(allowed)}.")
    return key


def _row(table: str, row_id: str, day: date) -> pd.Series | None:
    frame = data.table(table)
    rows = data.en_vigueur(frame[frame["id"] == row_id], day)
    if len(rows) > 1:
        raise DonneesInvalides(f"Plusieurs lignes « {row_id} » valables le {day:%d/%m/%Y} dans "
                               f"la table « {table} » : corrigez leurs dates.")
    return None if rows.empty else rows.iloc[0]


def _case(day: date, case_id: str) -> Qualification:
    row = _row("contrats", case_id, day)
    if row is None:
        first = min(data.table("contrats")["valid_from"])
        raise DateHorsDonnees(f"Date du {day:%d/%m/%Y} hors des données du cours : les règles de "
                              f"qualification sont connues à partir du {first:%d/%m/%Y}.")
    return Qualification(str(row["qualification"]), str(row["libelle"]), str(row["base_legale"]),
                         str(row["explication"]))


def _vigilance(day: date, ids: list[str]) -> list[Vigilance]:
    found = []
    for vid in ids:
        row = _row("contrats_vigilance", vid, day)
        if row is None:
            continue  # a point that does not apply yet (or any more) on that day
        text = str(row["texte"])
        if "{montant}" in text:
            text = text.replace("{montant}", format_montant(seuil("ue-concessions", day).montant_ht))
        found.append(Vigilance(vid, text, str(row["base_legale"])))
    return found


def qualifier(initiative: object, remuneration: object, risque_exploitation: bool = False,
              domaine_public: bool = False, jour: object = None) -> QualificationContrat:
    """Which contract for this project, on ``jour`` (default: today)?

    A price paid by the collectivité together with a real operating risk is a concession: the
    right to operate may be « assorti d'un prix » (CCP L1121-1); the risk decides, not the price.
    Raises :class:`ContratInvalide` (a French message) for a missing or unknown answer, for an
    operating risk with nobody paid, and for a project of the collectivité for which nobody is
    paid (nothing to contract: say who pays the operator).
    """
    init = _choice(initiative, INITIATIVES, "qui définit le projet")
    pay = _choice(remuneration, REMUNERATIONS, "comment l'opérateur est payé")
    day = date.today() if jour is None else lire_date(jour)
    risk, domain = bool(risque_exploitation), bool(domaine_public)

    if pay == "aucune" and risk:
        raise ContratInvalide(
            "Réponses contradictoires : sans aucune rémunération, il n'y a pas de risque "
            "d'exploitation à transférer. Ne retenez pas le risque d'exploitation, ou dites qui "
            "paie l'opérateur (la collectivité, par un prix, ou les usagers).")
    if pay == "aucune" and init == "collectivite":
        raise ContratInvalide(
            "Rien à qualifier : la collectivité définit le projet mais personne n'est payé pour "
            "le réaliser. Dites qui paie l'opérateur (la collectivité, par un prix, ou les "
            "usagers), ou, si le projet est celui d'un porteur privé, qui le définit.")

    watch: list[str] = []
    if pay == "prix" and risk:  # the right to operate « assorti d'un prix » (L1121-1)
        case = "prix-risque"
        watch += ["risque-reel", "concession-prix", "concession-seuil",
                  "concession-critere-environnemental"]
        watch += ["domaine-dans-contrat"] if domain else []
    elif pay == "prix":
        case = "prix"
        watch += (["requalification-subvention"] if init == "porteur" else [])
        watch += (["domaine-dans-contrat"] if domain else []) + ["suite-marche"]
    elif pay == "usagers" and init == "collectivite":
        if risk:
            case = "usagers-risque"
            watch += ["risque-reel", "concession-seuil", "concession-critere-environnemental"]
            watch += ["domaine-dans-contrat"] if domain else []
        else:
            case = "usagers-sans-risque"
            watch += ["risque-reel"] + (["domaine-dans-contrat"] if domain else []) + ["suite-marche"]
    elif domain:  # a private project on the public domain, with no price from the collectivité
        case = "domaine"
        watch += ["occupation-selection", "occupation-spontanee", "occupation-redevance",
                  "occupation-besoin"]
    else:  # a private project off the public domain, with no price from the collectivité
        case = "subvention"
        watch += ["subvention-competence", "subvention-aides-etat", "subvention-elus",
                  "subvention-contrepartie"]

    qualification = _case(day, case)
    try:
        points = _vigilance(day, watch)
    except DateHorsDonnees:
        start, end = periode_couverte(["ue-concessions"])
        known = f"du {start:%d/%m/%Y} au {end:%d/%m/%Y}" if end else f"à partir du {start:%d/%m/%Y}"
        raise DateHorsDonnees(f"Date du {day:%d/%m/%Y} hors des données du cours : seuil européen "
                              f"des concessions connu {known} ; choisissez une date dans cet "
                              f"intervalle.") from None
    return QualificationContrat(init, pay, risk, domain, day, qualification, points)
