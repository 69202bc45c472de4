"""What candidates may be asked: the ceiling of the minimum turnover (CCP R2142-7), on a date.

A buyer may require a minimum annual turnover (R2142-6), but not above a multiple of the
estimated value of the contract or of each lot (R2142-7, R2142-8), save reasons linked to the
object or the conditions of execution, written in the consultation documents. The multiple
changed for consultations launched from 01/01/2026 (décret n° 2025-1383): both rows live in
``data/regles_contrat.csv``, and :func:`plafond_chiffre_affaires` answers for the launch date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from piu.core import data
from piu.core.dates import lire_date
from piu.core.errors import DonneesInvalides, PiuError
from piu.core.french_numbers import format_montant, format_nombre, lire_nombre

__all__ = ["CandidatsInvalides", "PlafondCA", "plafond_chiffre_affaires"]


class CandidatsInvalides(PiuError):
    """A value cannot be used; the message says what to type."""


@dataclass(frozen=True)
class PlafondCA:
    """The largest minimum turnover a buyer may require without special justification."""

    montant_ht: float
    lancement: date
    coefficient: float
    plafond_ht: float
    base_legale: str
    valid_from: date
    exige_ht: float | None = None

    @property
    def exigence_conforme(self) -> bool | None:
        """Whether the turnover the buyer plans to require stays within the ceiling."""
        return None if self.exige_ht is None else self.exige_ht <= self.plafond_ht

    def texte(self) -> str:
        lines = [f"Consultation lancée le {self.lancement:%d/%m/%Y}, lot ou marché estimé à "
                 f"{format_montant(self.montant_ht)} : chiffre d'affaires annuel minimal exigible "
                 f"au plus {format_montant(self.plafond_ht)} ({format_nombre(self.coefficient)} fois "
                 f"le montant estimé, {self.base_legale}, règle en vigueur depuis le "
                 f"{self.valid_from:%d/%m/%Y})."]
        if self.exige_ht is not None:
            if self.exigence_conforme:
                lines.append(f"Exiger {format_montant(self.exige_ht)} reste dans le plafond.")
            else:
                lines.append(f"Exiger {format_montant(self.exige_ht)} dépasse le plafond : c'est "
                             f"possible seulement pour des raisons liées à l'objet du marché ou à ses "
                             f"conditions d'exécution, écrites dans les documents de la consultation.")
        lines.append("Une entreprise récente sans chiffre d'affaires peut prouver sa capacité par "
                     "tout autre moyen approprié (arrêté du 22/03/2019, art. 2) ou s'appuyer sur les "
                     "capacités d'autres opérateurs (R2142-3) ; l'absence de références ne suffit "
                     "pas à l'écarter (R2142-14).")
        return "\n".join(lines)

    def en_json(self) -> dict[str, Any]:
        return {"montant_ht": self.montant_ht, "lancement": self.lancement.isoformat(),
                "coefficient": self.coefficient, "plafond_ht": self.plafond_ht,
                "base_legale": self.base_legale, "regle_depuis": self.valid_from.isoformat(),
                "exige_ht": self.exige_ht, "exigence_conforme": self.exigence_conforme}


def _amount(value: object, what: str) -> float:
    try:
        number = lire_nombre(value, "€ HT")
    except PiuError as exc:
        raise CandidatsInvalides(f"{what} : {exc}") from None
    if number <= 0:
        raise CandidatsInvalides(f"{what} : tapez un montant positif (lu : {value}).")
    return number


def plafond_chiffre_affaires(montant_ht: object, lancement: object,
                             exige_ht: object = None) -> PlafondCA:
    """Ceiling of the minimum turnover for a contract (or lot) estimated at ``montant_ht``."""
    amount = _amount(montant_ht, "Montant estimé du marché ou du lot (HT)")
    day = lire_date(lancement, CandidatsInvalides)
    try:
        row = data.ligne("regles_contrat", "ca-minimal-plafond", day)
    except DonneesInvalides:
        raise CandidatsInvalides(f"Plafond inconnu du cours au {day:%d/%m/%Y} (code de la commande "
                                 f"publique en vigueur depuis le 01/04/2019).") from None
    coefficient = float(row["nombre"])
    required = None if exige_ht is None else _amount(exige_ht, "Chiffre d'affaires exigé")
    return PlafondCA(montant_ht=amount, lancement=day, coefficient=coefficient,
                     plafond_ht=round(amount * coefficient, 2), base_legale=str(row["base_legale"]),
                     valid_from=row["valid_from"], exige_ht=required)
