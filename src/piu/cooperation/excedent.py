"""Allocate a SCIC's yearly surplus: legal reserve, statutory reserve, interest on shares.

Order of the law: at least 15 % of the surplus to the legal reserve (loi 1947, art. 16), then
at least 50 % of what remains to the statutory reserve (titre II ter): at least 57.5 % of the
surplus stays in the cooperative. Interest on shares is capped at the average TMO of the three
previous years plus 2 points (art. 14). The TMO changes every semester: it is an input here,
never a figure of the course. Minimum rates and the 2-point margin come from
``data/scic_regles.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from piu.core import data
from piu.core.errors import PiuError, ReponseIllisible
from piu.core.french_numbers import format_montant, format_nombre, lire_nombre

__all__ = ["RepartitionExcedent", "repartir_excedent"]


@dataclass(frozen=True)
class RepartitionExcedent:
    """How one year's surplus is shared out, in euros, with the rates applied."""

    excedent: float
    reserve_legale: float
    reserve_statutaire: float
    interets: float
    solde: float
    taux_reserve_legale_pct: float
    taux_reserve_statutaire_pct: float
    plafond_interet_pct: float
    taux_interet_pct: float
    remarques: tuple[str, ...] = ()

    @property
    def reserves_impartageables(self) -> float:
        return self.reserve_legale + self.reserve_statutaire

    def postes(self) -> list[tuple[str, float]]:
        """(label, amount) for each use of the surplus, in the law's order."""
        return [("Réserve légale", self.reserve_legale),
                ("Réserve statutaire", self.reserve_statutaire),
                ("Intérêts aux parts sociales", self.interets),
                ("Reste : report à nouveau ou réserves supplémentaires", self.solde)]

    def texte(self) -> str:
        """Plain-text table, French formats."""
        lines = [f"Excédent à répartir : {format_montant(self.excedent, ht=False)}"]
        for label, amount in self.postes():
            share = amount / self.excedent * 100
            lines.append(f"- {label} : {format_montant(round(amount, 2), ht=False)} "
                         f"({format_nombre(share, 1)} %)")
        lines.append(f"Taux d'intérêt servi : {format_nombre(self.taux_interet_pct)} % "
                     f"(plafond : {format_nombre(self.plafond_interet_pct)} %)")
        lines += [f"ℹ {r}" for r in self.remarques]
        return "\n".join(lines)


def _number(value: object, what: str, unit: str) -> float:
    try:
        return lire_nombre(value, unit)
    except ReponseIllisible as exc:
        raise PiuError(f"{what} : {exc}") from None


def repartir_excedent(excedent: float | str, capital: float | str, tmo_moyen_pct: float | str,
                      taux_interet_pct: float | str | None = None,
                      reserve_legale_pct: float | str | None = None,
                      reserve_statutaire_pct: float | str | None = None,
                      jour: date | None = None) -> RepartitionExcedent:
    """Share out ``excedent`` (€) for a SCIC whose capital is ``capital`` (€).

    ``tmo_moyen_pct``: average TMO of the three previous calendar years, in % (look it up: it
    is published every semester). ``taux_interet_pct``: the rate the general meeting wants to
    pay on shares; by default the cap; above the cap it is brought back to the cap.
    The reserve rates default to the legal minima; a lower rate is refused.
    """
    jour = jour or date.today()
    surplus = _number(excedent, "Excédent", "€")
    capital_eur = _number(capital, "Capital", "€")
    tmo = _number(tmo_moyen_pct, "TMO moyen", "%")
    if surplus <= 0:
        raise PiuError("Excédent : il n'y a rien à répartir quand le résultat est nul ou négatif ; "
                       "une perte s'impute sur les réserves ou se reporte.")
    if capital_eur <= 0:
        raise PiuError("Capital : indiquez le capital souscrit, un montant positif en euros.")
    if not 0 <= tmo <= 20:
        raise PiuError(f"TMO moyen : {format_nombre(tmo)} % n'est pas plausible ; saisissez la "
                       f"moyenne des trois dernières années, en %, par exemple 3,2.")
    legal_min = float(data.ligne("scic_regles", "reserve-legale-min", jour)["taux_pct"])
    statutory_min = float(data.ligne("scic_regles", "reserve-statutaire-min", jour)["taux_pct"])
    margin = float(data.ligne("scic_regles", "interet-parts-majoration", jour)["points"])
    legal_rate = legal_min if reserve_legale_pct is None else _number(
        reserve_legale_pct, "Réserve légale", "%")
    statutory_rate = statutory_min if reserve_statutaire_pct is None else _number(
        reserve_statutaire_pct, "Réserve statutaire", "%")
    if not legal_min <= legal_rate <= 100:
        raise PiuError(f"Réserve légale : {format_nombre(legal_rate)} % est hors limites ; au moins "
                       f"{format_nombre(legal_min)} % de l'excédent (loi 1947, art. 16).")
    if not statutory_min <= statutory_rate <= 100:
        raise PiuError(f"Réserve statutaire : {format_nombre(statutory_rate)} % est hors limites ; "
                       f"au moins {format_nombre(statutory_min)} % de ce qui reste après la réserve "
                       f"légale (loi 1947, titre II ter).")
    cap = tmo + margin
    notes: list[str] = []
    if taux_interet_pct is None:
        rate = cap
    else:
        rate = _number(taux_interet_pct, "Taux d'intérêt aux parts", "%")
        if rate < 0:
            raise PiuError("Taux d'intérêt aux parts : un taux négatif n'a pas de sens ; tapez 0 "
                           "pour ne pas servir d'intérêt.")
        if rate > cap:
            notes.append(f"Taux demandé {format_nombre(rate)} % ramené au plafond "
                         f"{format_nombre(cap)} % (TMO moyen {format_nombre(tmo)} % + "
                         f"{format_nombre(margin)} points).")
            rate = cap
    legal = surplus * legal_rate / 100
    statutory = (surplus - legal) * statutory_rate / 100
    available = surplus - legal - statutory
    interest = capital_eur * rate / 100
    if interest > available:
        notes.append(f"Les intérêts au taux de {format_nombre(rate)} % "
                     f"({format_montant(interest, ht=False)}) dépassent ce qui reste après les "
                     f"réserves : ils sont limités à {format_montant(available, ht=False)}.")
        interest = available
    notes.append("Les subventions publiques reçues n'entrent pas dans la base de l'intérêt servi aux "
                 "parts : vérifiez ce point dans la loi de 1947 (titre II ter) sur Légifrance.")
    return RepartitionExcedent(
        excedent=surplus, reserve_legale=legal, reserve_statutaire=statutory, interets=interest,
        solde=available - interest, taux_reserve_legale_pct=legal_rate,
        taux_reserve_statutaire_pct=statutory_rate, plafond_interet_pct=cap,
        taux_interet_pct=interest / capital_eur * 100, remarques=tuple(notes))
