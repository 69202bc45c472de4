"""Estimated value of a need (valeur estimée du besoin, CCP R2121-1 and following).

The thresholds compare with the value of the *whole* need, not with one order or one year:
the total HT payable, options, renewals, every lot and prizes to candidates included (R2121-1);
for works, all the works of one opération (R2121-5); for supplies and services, all homogeneous
items or those forming one unité fonctionnelle (R2121-6). :func:`estimer_valeur` adds these up
and warns when lots, taken one by one, would wrongly look small enough to skip a procedure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from piu.core.errors import PiuError
from piu.core.french_numbers import format_montant, format_nombre, lire_nombre
from piu.core.typography import accorder
from piu.procedures.conseil import (
    ACHETEURS,
    BesoinInvalide,
    DateHorsDonnees,
    Seuil,
    lire_date,
    seuil_pour,
    seuils_applicables,
)

__all__ = ["Estimation", "Lot", "estimer_valeur"]


@dataclass(frozen=True)
class Lot:
    """One lot (or the whole need if it is not divided).

    ``montant_ht`` is the amount of one period (a year, or the whole contract if it is not
    renewable); ``reconductions`` the number of possible renewals of that period; ``options_ht``
    the optional parts the buyer may order (tranches optionnelles, extra services).
    """

    libelle: str
    montant_ht: float
    reconductions: int = 0
    options_ht: float = 0.0

    @property
    def total_ht(self) -> float:
        """Value of the lot over its whole life: every period plus options."""
        return self.montant_ht * (1 + self.reconductions) + self.options_ht


@dataclass(frozen=True)
class Estimation:
    """The estimated value of a need, how it was computed, and the warnings it raises."""

    nature: str
    lots: tuple[Lot, ...]
    primes_ht: float
    total_ht: float
    detail: list[str] = field(default_factory=list)
    avertissements: list[str] = field(default_factory=list)

    def texte(self) -> str:
        """A French summary, fit to paste in the procurement file."""
        lines = ["Calcul de la valeur estimée du besoin (CCP R2121-1 et suivants) :"]
        lines += [f"- {d}" for d in self.detail]
        lines.append(f"Valeur estimée totale : {format_montant(self.total_ht)}.")
        if self.avertissements:
            lines += ["Points d'attention :"] + [f"- {a}" for a in self.avertissements]
        return "\n".join(lines)


def _amount(value: object, what: str) -> float:
    try:
        number = lire_nombre(value, "€ HT")
    except PiuError as exc:
        raise BesoinInvalide(f"{what} : {exc}") from None
    if number < 0:
        raise BesoinInvalide(f"{what} : un montant ne peut pas être négatif (lu : {value}).")
    return number


def _renewals(value: object, label: str) -> int:
    """The number of renewals: an integer, or digits typed as text (``"2"``)."""
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BesoinInvalide(f"{label} : le nombre de reconductions doit être un entier positif "
                             f"ou nul, écrit en chiffres sans guillemets, par exemple "
                             f"reconductions=2 (lu : {value!r}).")
    return value


def _thresholds_to_watch(acheteur: str, nature: str, day: date) -> list[Seuil]:
    """Every threshold a split need may try to slip under, highest first.

    The EU threshold (formal procedure), the MAPA publicity threshold (R2131-12, not for an
    entité adjudicatrice), the innovative-purchase threshold and the dispense threshold.
    """
    found = seuils_applicables(acheteur, nature, day)
    return sorted(found.values(), key=lambda s: s.montant_ht, reverse=True)


def _split_warning(lots: list[Lot], total: float, watched: list[Seuil], acheteur: str,
                   nature: str, day: date) -> str | None:
    """The warning against splitting, naming every threshold that lots taken alone fall under."""
    crossed = [s for s in watched
               if total >= s.montant_ht and any(lot.total_ht < s.montant_ht for lot in lots)]
    if len(lots) < 2 or not crossed:
        return None
    names = " ; ".join(f"« {s.libelle} » ({format_montant(s.montant_ht)})" for s in crossed)
    text = (f"Certains lots sont, seuls, sous {'ces seuils' if len(crossed) > 1 else 'ce seuil'} : "
            f"{names}. Mais c'est la valeur de tous les lots ({format_montant(total)}) qui "
            f"détermine la procédure (R2121-4) : découper un besoin pour passer sous un seuil "
            f"est interdit.")
    exceptions: list[tuple[Seuil, str]] = []
    kinds = {s.id.split("-")[0] for s in crossed}  # "ue", "achat", "dispense", "mapa"
    if "ue" in kinds and (small := seuil_pour("petits-lots-", acheteur, nature, day)):
        exceptions.append((small, f"lorsque le marché alloti atteint le seuil européen, des lots de moins de "
                                  f"{format_montant(small.montant_ht)} peuvent suivre une "
                                  f"procédure adaptée ({small.base_legale})"))
    if "achat" in kinds and (innov := seuil_pour("lot-innovant-", acheteur, nature, day)):
        exceptions.append((innov, f"des lots innovants de moins de "
                                  f"{format_montant(innov.montant_ht)} peuvent être passés sans "
                                  f"publicité ni mise en concurrence ({innov.base_legale})"))
    if "dispense" in kinds and (small := seuil_pour("petits-lots-", acheteur, nature, day)):
        exceptions.append((small, "de petits lots peuvent aussi être passés sans publicité ni "
                                  "mise en concurrence (R2122-8, qui renvoie à cette condition ; "
                                  "montant maximal par lot depuis le décret n° 2025-1386 non "
                                  "confirmé au 03/12/2026 : relisez R2122-8 sur Légifrance)"))
    if exceptions:
        share = format_nombre(exceptions[0][0].part_max_pct or 0)
        text += (f" Exceptions, pour de petits lots dont le montant cumulé ne dépasse pas "
                 f"{share} % de la valeur totale estimée de tous les lots : "
                 + " ; ".join(t for _, t in exceptions) + ".")
    return text


def estimer_valeur(lots: Iterable[Lot | dict], nature: str = "services", primes_ht: object = 0,
                   jour: object = None, acheteur: str = "collectivite") -> Estimation:
    """Add up the lots of a need into its estimated value, with warnings against splitting.

    ``lots`` are :class:`Lot` objects or dicts with the same keys (amounts may be typed as
    text). ``nature`` is ``travaux``, ``fournitures`` or ``services``; ``jour`` the launch date
    (default today) and ``acheteur`` the buyer type, used to compare lots with the thresholds
    then in force.
    """
    if nature not in ("travaux", "fournitures", "services"):
        raise BesoinInvalide(f"Nature « {nature} » inconnue : choisissez travaux, fournitures "
                             f"ou services.")
    if acheteur not in ACHETEURS:
        raise BesoinInvalide(f"Type d'acheteur « {acheteur} » inconnu : choisissez "
                             f"{', '.join(ACHETEURS)}.")
    day = date.today() if jour is None else lire_date(jour)
    parsed: list[Lot] = []
    for number, item in enumerate(lots, start=1):
        raw = item if isinstance(item, dict) else item.__dict__
        label = str(raw.get("libelle") or f"Lot {number}")
        renewals = _renewals(raw.get("reconductions", 0), label)
        parsed.append(Lot(label, _amount(raw.get("montant_ht"), f"{label}, montant"),
                          renewals, _amount(raw.get("options_ht", 0), f"{label}, options")))
    if not parsed:
        raise BesoinInvalide("Indiquez au moins un lot (ou le besoin entier s'il n'est pas alloti).")
    prizes = _amount(primes_ht, "Primes aux candidats")
    total = sum(lot.total_ht for lot in parsed) + prizes

    detail = []
    for lot in parsed:
        periods = 1 + lot.reconductions
        line = f"{lot.libelle} : {format_montant(lot.montant_ht)}"
        if lot.reconductions:
            line += f" × {periods} périodes (1 + {accorder(lot.reconductions, 'reconduction')})"
        if lot.options_ht:
            line += f" + options {format_montant(lot.options_ht)}"
        detail.append(f"{line} = {format_montant(lot.total_ht)}")
    if prizes:
        detail.append(f"Primes versées aux candidats : {format_montant(prizes)}")

    scope = ("tous les travaux de la même opération (R2121-5)" if nature == "travaux" else
             "toutes les fournitures ou tous les services homogènes, ou formant une même unité "
             "fonctionnelle (R2121-6)")
    notes = [f"La valeur à comparer aux seuils couvre {scope}, pour toute la durée du marché."]
    try:
        watched = _thresholds_to_watch(acheteur, nature, day)
    except DateHorsDonnees as exc:
        notes.append(f"Valeur non comparée aux seuils : {exc}")
    else:
        if warning := _split_warning(parsed, total, watched, acheteur, nature, day):
            notes.append(warning)
    if any(lot.reconductions for lot in parsed):
        notes.append("Les reconductions sont comptées même si vous ne comptez pas les exercer.")
    return Estimation(nature=nature, lots=tuple(parsed), primes_ht=prizes, total_ht=total,
                      detail=detail, avertissements=notes)
