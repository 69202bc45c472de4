"""Estimated value of a concession (CCP R3121-1 and following), compared with the EU threshold.

The value of a concession is not what the authority pays: it is the concessionnaire's total
turnover excluding taxes over the whole duration of the contract (R3121-1), counting among others
the options and extensions, the users' receipts (except those collected for the authority or
others), the payments and financial advantages of the authority or any public authority, the
subsidies of third parties for the operation, sales of assets, the supplies and services the
authority makes available, and prizes to candidates (R3121-2). Strictly below the EU threshold of
concessions in force on the launch date (``data/seuils.csv``, id ``ue-concessions``), the
simplified procedure applies (R3126-1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from piu.core import data
from piu.core.dates import lire_date
from piu.core.errors import DonneesInvalides, PiuError
from piu.core.french_numbers import format_montant, lire_nombre

__all__ = ["ELEMENTS_CONCESSION", "ConcessionInvalide", "ValeurConcession", "estimer_concession"]

# R3121-2, in the order of the article: key -> what the learner reads.
ELEMENTS_CONCESSION: dict[str, str] = {
    "options": "options et prolongations éventuelles de la durée (1°)",
    "recettes_usagers": "recettes perçues sur les usagers, hors sommes collectées pour le compte "
                        "de l'autorité concédante ou d'autres personnes (2°)",
    "paiements_publics": "paiements et avantages financiers de l'autorité concédante ou de toute "
                         "autre autorité publique, dont un prix ou une subvention d'exploitation (3°)",
    "subventions_tiers": "subventions et avantages financiers de tiers pour l'exploitation (4°)",
    "ventes_actifs": "recettes des ventes d'actifs de la concession (5°)",
    "mises_a_disposition": "fournitures et services mis à disposition par l'autorité concédante (6°)",
    "primes": "primes et paiements aux candidats (7°)",
}


class ConcessionInvalide(PiuError):
    """A value cannot be used; the message says what to type."""


@dataclass(frozen=True)
class ValeurConcession:
    """The estimated value, its detail, and the procedure it opens on the launch date."""

    total_ht: float
    lancement: date
    seuil_ht: float
    procedure_simplifiee: bool
    detail: list[tuple[str, float]] = field(default_factory=list)

    def texte(self) -> str:
        lines = ["Valeur estimée de la concession : chiffre d'affaires total hors taxes du "
                 "concessionnaire sur toute la durée du contrat (CCP R3121-1 et R3121-2) :"]
        lines += [f"- {ELEMENTS_CONCESSION[k]} : {format_montant(v)}" for k, v in self.detail]
        lines.append(f"Total : {format_montant(self.total_ht)}.")
        if self.procedure_simplifiee:
            lines.append(f"Strictement sous le seuil européen des concessions en vigueur le "
                         f"{self.lancement:%d/%m/%Y} ({format_montant(self.seuil_ht)}) : procédure "
                         f"simplifiée (R3126-1 et suivants).")
        else:
            lines.append(f"Au moins égale au seuil européen des concessions en vigueur le "
                         f"{self.lancement:%d/%m/%Y} ({format_montant(self.seuil_ht)}) : procédure "
                         f"formalisée des concessions.")
        return "\n".join(lines)

    def en_json(self) -> dict[str, Any]:
        return {"total_ht": self.total_ht, "lancement": self.lancement.isoformat(),
                "seuil_europeen_ht": self.seuil_ht, "procedure_simplifiee": self.procedure_simplifiee,
                "detail": {k: v for k, v in self.detail}}


def estimer_concession(lancement: object, **elements: object) -> ValeurConcession:
    """Add the elements of R3121-2 (amounts HT over the whole duration) and compare with the threshold.

    Keyword arguments are the keys of :data:`ELEMENTS_CONCESSION`; amounts may be typed the
    French way (``"1 200 000"``, ``"1,2 M€"``).
    """
    unknown = sorted(set(elements) - set(ELEMENTS_CONCESSION))
    if unknown:
        raise ConcessionInvalide(f"Élément(s) inconnu(s) : {', '.join(unknown)} ; éléments possibles : "
                                 f"{', '.join(ELEMENTS_CONCESSION)}.")
    day = lire_date(lancement, ConcessionInvalide)
    detail = []
    for key in ELEMENTS_CONCESSION:
        raw = elements.get(key)
        if raw is None or raw == "":
            continue
        try:
            amount = lire_nombre(raw, "€ HT")
        except PiuError as exc:
            raise ConcessionInvalide(f"{ELEMENTS_CONCESSION[key]} : {exc}") from None
        if amount < 0:
            raise ConcessionInvalide(f"{ELEMENTS_CONCESSION[key]} : un montant ne peut pas être négatif.")
        detail.append((key, amount))
    if not detail:
        raise ConcessionInvalide("Indiquez au moins un élément du chiffre d'affaires, par exemple les "
                                 "recettes des usagers sur toute la durée.")
    try:
        threshold = float(data.ligne("seuils", "ue-concessions", day)["montant_ht"])
    except DonneesInvalides:
        raise ConcessionInvalide(f"Seuil européen des concessions inconnu du cours au "
                                 f"{day:%d/%m/%Y}.") from None
    total = round(sum(v for _, v in detail), 2)
    return ValeurConcession(total_ht=total, lancement=day, seuil_ht=threshold,
                            procedure_simplifiee=total < threshold, detail=detail)
