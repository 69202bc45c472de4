"""De minimis: does a new aid to an undertaking stay under the ceiling in force on its date?

Small aids to an undertaking (a start-up, a cooperative, a SCIC...) escape state-aid
notification if their total over a reference period stays under a ceiling. Ceiling and period
changed on 2024-01-01 and both are read from ``data/regles_financement.csv`` for the grant date:

* until 2023-12-31, Reg. (EU) 1407/2013: 200 000 € over the current fiscal year and the two
  before (``3-exercices-fiscaux``);
* from 2024-01-01, Reg. (EU) 2023/2831: 300 000 € over the three years before the grant
  (``3-ans-glissants``); and 750 000 € for a service of general economic interest
  (Reg. (EU) 2023/2832).

Since 2026-01-01 (décret 2025-1361) the national register, the « plateforme des aides d'État »,
is consulted as well as the undertaking's own declaration: the message says so for a grant
from that date. The general block exemption (RGEC, Reg. 651/2014) runs to 2026-12-31: for a
later grant the message warns that its successor must be read before relying on it.

Simplifications, stated so the learner knows them: the fiscal year is taken to be the calendar
year; the rolling window counts aids granted from the same day three years earlier, inclusive
(the cautious reading); what counts is the grant date, not the payment date.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from piu.core import data
from piu.core.errors import PiuError, ReponseIllisible
from piu.core.french_numbers import format_montant, lire_nombre

__all__ = ["REGIMES", "Aid", "DeMinimisCheck", "check_de_minimis", "lire_montant_aide",
           "rgec_warning", "window_start"]

REGIMES = {"general": "de-minimis-general", "sieg": "de-minimis-sieg"}


@dataclass(frozen=True)
class Aid:
    """One de minimis aid already granted to the undertaking."""

    date: date
    montant: float
    financeur: str = ""


@dataclass(frozen=True)
class DeMinimisCheck:
    """The verdict: ceiling and period in force, aids counted, room left."""

    jour: date
    regime: str
    plafond: float
    fenetre: str
    debut_periode: date
    base_legale: str
    aides_comptees: tuple[Aid, ...]
    nouvelle_aide: float
    #: Aids dated after the grant: not counted, but reported (most often a typing error).
    aides_posterieures: tuple[Aid, ...] = ()
    #: Where to check the aids already received, besides the undertaking's declaration.
    registre: str | None = None
    #: Dated warnings (RGEC no longer in force on the grant date...).
    avertissements: tuple[str, ...] = ()

    @property
    def cumul_anterieur(self) -> float:
        return sum(a.montant for a in self.aides_comptees)

    @property
    def total(self) -> float:
        return self.cumul_anterieur + self.nouvelle_aide

    @property
    def disponible(self) -> float:
        """Room left under the ceiling before the new aid (never below zero)."""
        return max(0.0, self.plafond - self.cumul_anterieur)

    @property
    def conforme(self) -> bool:
        return self.total <= self.plafond + 0.005

    def message(self) -> str:
        """One French sentence for the learner."""
        period = ("l'exercice en cours et les deux précédents" if self.fenetre == "3-exercices-fiscaux"
                  else "les trois années précédentes")
        head = (f"Plafond en vigueur le {self.jour:%d/%m/%Y} : {format_montant(self.plafond, ht=False)} "
                f"sur {period} (depuis le {self.debut_periode:%d/%m/%Y}), {self.base_legale}. "
                f"Aides déjà reçues sur la période : {format_montant(self.cumul_anterieur, ht=False)} ; "
                f"nouvelle aide : {format_montant(self.nouvelle_aide, ht=False)}.")
        if self.aides_posterieures:
            dates = ", ".join(f"{a.date:%d/%m/%Y}" for a in self.aides_posterieures)
            head += (f" Attention : {len(self.aides_posterieures)} aide(s) datée(s) après le "
                     f"{self.jour:%d/%m/%Y} ({dates}) ne sont pas comptées ; vérifiez ces dates.")
        tail = ""
        if self.registre:
            tail += f" {self.registre}"
        else:
            tail += (" Demandez à l'entreprise la liste, datée, des aides de minimis reçues sur "
                     "la période.")
        tail += "".join(f" Attention : {w}" for w in self.avertissements)
        if self.conforme:
            return head + (f" Total {format_montant(self.total, ht=False)} : sous le plafond "
                           f"(reste {format_montant(self.plafond - self.total, ht=False)}).") + tail
        return head + (f" Total {format_montant(self.total, ht=False)} : plafond dépassé de "
                       f"{format_montant(self.total - self.plafond, ht=False)}. L'aide ne peut pas "
                       f"être accordée en de minimis au-delà de "
                       f"{format_montant(self.disponible, ht=False)}.") + tail

    def as_dict(self) -> dict[str, Any]:
        return {
            "conforme": self.conforme, "date": self.jour.isoformat(), "regime": self.regime,
            "plafond": self.plafond, "fenetre": self.fenetre,
            "debut_periode": self.debut_periode.isoformat(), "base_legale": self.base_legale,
            "cumul_anterieur": self.cumul_anterieur, "nouvelle_aide": self.nouvelle_aide,
            "total": self.total, "disponible": self.disponible,
            "aides_comptees": [{"date": a.date.isoformat(), "montant": a.montant,
                                "financeur": a.financeur} for a in self.aides_comptees],
            "aides_posterieures": [{"date": a.date.isoformat(), "montant": a.montant,
                                    "financeur": a.financeur} for a in self.aides_posterieures],
            "registre": self.registre,
            "avertissements": list(self.avertissements),
            "message": self.message(),
        }


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def window_start(jour: date, fenetre: str) -> date:
    """First day of the reference period for an aid granted on ``jour``."""
    if fenetre == "3-exercices-fiscaux":
        return date(jour.year - 2, 1, 1)
    return _years_before(jour, 3)


def lire_montant_aide(value: Any, where: str = "Montant d'aide") -> float:
    """An aid amount typed by a person: finite, positive, French notation accepted.

    ``where`` names the amount in messages (« aides.yaml, aide n° 2 »).
    """
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        # Never echo the value: a YAML block would show its internals.
        raise PiuError(f"{where} : un montant est attendu, un seul nombre (par exemple 80000 "
                       f"ou « 80 000 »).")
    try:
        amount = float(value) if isinstance(value, int | float) else lire_nombre(str(value), "€")
    except ReponseIllisible as exc:
        raise PiuError(f"{where} : montant illisible. {exc}") from None
    if not math.isfinite(amount):
        raise PiuError(f"{where} : le montant doit être un nombre fini (pas « {value} »).")
    if amount < 0:
        raise PiuError(f"{where} : montant négatif ({value}) ; une aide est un montant positif.")
    return amount


_amount = lire_montant_aide


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _register(jour: date) -> str | None:
    """Where the aids received are recorded, for a grant on ``jour`` (from 2026-01-01)."""
    try:
        row = data.ligne("regles_financement", "registre-de-minimis", jour)
    except PiuError:
        return None
    return (f"Consultez aussi le registre national des aides de minimis, la « plateforme des "
            f"aides d'État » ({_lower_first(str(row['base_legale']))}, depuis le {row['valid_from']:%d/%m/%Y}), en "
            f"plus de la déclaration de l'entreprise : les aides qui y figurent comptent même si "
            f"l'entreprise les a oubliées.")


def rgec_warning(jour: date) -> str | None:
    """A warning when the general block exemption in the course is no longer in force."""
    frame = data.table("regles_financement")
    rows = frame[frame["id"] == "rgec"]
    if rows.empty:
        return None
    try:
        data.ligne("regles_financement", "rgec", jour)
        return None
    except PiuError:
        pass
    ends = [d for d in rows["valid_to"] if d is not None and not pd.isna(d)]
    if not ends or jour <= max(ends):
        return None
    end = max(ends)
    return (f"le règlement général d'exemption par catégorie (RGEC, règlement (UE) n° 651/2014) "
            f"n'était applicable que jusqu'au {end:%d/%m/%Y}. Pour une aide accordée le "
            f"{jour:%d/%m/%Y} sans passer par le de minimis, lisez sur EUR-Lex le règlement qui "
            f"le prolonge ou le remplace, et ses conditions, avant de vous en prévaloir.")


def check_de_minimis(aides: list[Aid], nouvelle_aide: float | str, jour: date,
                     regime: str = "general") -> DeMinimisCheck:
    """Check a new aid granted on ``jour`` against the ceiling in force that day."""
    if regime not in REGIMES:
        raise PiuError(f"Régime « {regime} » inconnu ; régimes possibles : {', '.join(REGIMES)}.")
    try:
        rule = data.ligne("regles_financement", REGIMES[regime], jour)
    except PiuError:
        raise PiuError(f"Le cours n'a pas de plafond de minimis « {regime} » en vigueur le "
                       f"{jour:%d/%m/%Y} : consultez EUR-Lex.") from None
    fenetre = str(rule["fenetre"])
    start = window_start(jour, fenetre)
    numbered = list(enumerate(aides, 1))
    amounts = {n: _amount(a.montant, f"Aide n° {n}") for n, a in numbered}
    counted = tuple(Aid(a.date, amounts[n], a.financeur)
                    for n, a in sorted(numbered, key=lambda na: na[1].date) if start <= a.date <= jour)
    later = tuple(Aid(a.date, amounts[n], a.financeur)
                  for n, a in sorted(numbered, key=lambda na: na[1].date) if a.date > jour)
    return DeMinimisCheck(jour=jour, regime=regime, plafond=float(rule["montant"]), fenetre=fenetre,
                          debut_periode=start, base_legale=str(rule["base_legale"]),
                          aides_comptees=counted,
                          nouvelle_aide=_amount(nouvelle_aide, "Nouvelle aide"),
                          aides_posterieures=later, registre=_register(jour),
                          avertissements=tuple(w for w in (rgec_warning(jour),) if w))
