"""Who weighs what in a SCIC's general meeting, and who can block a decision.

One associé = one vote. Without colleges every member has the same share. With colleges, each
college holds its weight (the statutes' percentages, or equal weights when they are silent)
and shares it equally among its members. Computations use exact fractions so that a share of
exactly 50 % or one third is judged exactly at the bound.

Assumption stated to learners: every member votes. In a real meeting majorities are counted
on the votes cast (members present or represented), which can only make a minority stronger.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

import pandas as pd

from piu.cooperation.scic_modele import CATEGORIES, Scic
from piu.core.errors import PiuError
from piu.core.french_numbers import format_pourcentage

__all__ = ["MAJORITES", "Blocage", "minorites_de_blocage", "part_des_voix", "poids_colleges",
           "repartition_voix"]

# Majority rules: a decision passes when the « pour » share is strictly above (simple) or at
# least (two thirds) the threshold. A group blocks when, all others voting « pour », it fails.
MAJORITES: dict[str, tuple[str, Fraction, bool]] = {
    "simple": ("majorité simple (plus de 50 % des voix)", Fraction(1, 2), True),
    "deux-tiers": ("majorité des deux tiers (au moins 2/3 des voix)", Fraction(2, 3), False),
}
_MAX_GROUPS = 10  # coalitions are enumerated among at most this many colleges or categories


def poids_colleges(scic: Scic, normaliser: bool = True) -> dict[str, Fraction]:
    """Weight of each college in % of votes (equal when the statutes give none).

    With ``normaliser`` the weights are rescaled to total 100 % (votes cannot exceed the
    whole); the rule check reads them as written, to report a wrong total.
    """
    if not scic.colleges:
        return {}
    if all(c.poids is not None for c in scic.colleges):
        weights = {c.nom: Fraction(str(c.poids)) for c in scic.colleges}
    else:
        weights = {c.nom: Fraction(100, len(scic.colleges)) for c in scic.colleges}
    total = sum(weights.values(), Fraction(0))
    if normaliser and total and total != 100:
        weights = {name: w * 100 / total for name, w in weights.items()}
    return weights


def part_des_voix(scic: Scic) -> dict[str, Fraction]:
    """Each member's share of the votes, as an exact fraction of 1 (members by name).

    Names are unique: :mod:`~piu.cooperation.scic_fichier` refuses two members with one name,
    which would otherwise silently share a single line here.
    """
    if not scic.associes:
        raise PiuError("La SCIC n'a aucun associé : impossible de répartir les voix.")
    if not scic.colleges:
        return {a.nom: Fraction(1, len(scic.associes)) for a in scic.associes}
    weights = poids_colleges(scic)
    sizes = {name: sum(1 for a in scic.associes if a.college == name) for name in weights}
    return {a.nom: weights[a.college] / 100 / sizes[a.college] for a in scic.associes}


def repartition_voix(scic: Scic) -> pd.DataFrame:
    """One row per member: category, college, capital and share of votes (%)."""
    shares = part_des_voix(scic)
    return pd.DataFrame({
        "associe": [a.nom for a in scic.associes],
        "categorie": [a.categorie for a in scic.associes],
        "college": [a.college or "" for a in scic.associes],
        "capital": [a.capital for a in scic.associes],
        "capital_pct": [a.capital / scic.capital_total * 100 for a in scic.associes],
        "voix_pct": [float(shares[a.nom] * 100) for a in scic.associes],
    })


@dataclass(frozen=True)
class Blocage:
    """Who can block a decision at one majority.

    ``seuls``: members, colleges or categories that block alone (kind, name, % of votes);
    ``coalitions``: the smallest groups of colleges (or of categories, without colleges) that
    block together, with their % of votes.
    """

    majorite: str
    libelle: str
    seuls: tuple[tuple[str, str, float], ...]
    coalitions: tuple[tuple[tuple[str, ...], float], ...]
    groupes: str

    def texte(self) -> str:
        """Plain-text summary, French number format."""
        lines = [f"À la {self.libelle} :"]
        if self.seuls:
            lines += [f"- {kind} « {name} » ({_pct(share)} des voix) peut bloquer sans les autres."
                      for kind, name, share in self.seuls]
        else:
            lines.append("- aucun associé, collège ou catégorie ne peut bloquer sans les autres.")
        several = [c for c in self.coalitions if len(c[0]) > 1]
        if several:
            lines.append(f"- {self.groupes} qui bloquent ensemble (plus petites coalitions) :")
            lines += [f"  · {' + '.join(names)} ({_pct(share)})" for names, share in several]
        return "\n".join(lines)


def _pct(value: float) -> str:
    """A vote share with one decimal, « 25 % » rather than « 25,0 % »."""
    return format_pourcentage(value, 1).replace(",0\u00a0", "\u00a0")


def _blocks(share: Fraction, threshold: Fraction, strict: bool) -> bool:
    """True when, with everyone else « pour », the decision fails."""
    others = 1 - share
    return others <= threshold if strict else others < threshold


def minorites_de_blocage(scic: Scic, majorite: str = "deux-tiers") -> Blocage:
    """Members, colleges and categories able to block a decision at ``majorite``."""
    if majorite not in MAJORITES:
        raise PiuError(f"Majorité « {majorite} » inconnue ; choix possibles : "
                       f"{', '.join(MAJORITES)}.")
    label, threshold, strict = MAJORITES[majorite]
    shares = part_des_voix(scic)
    alone: list[tuple[str, str, float]] = []
    for member in scic.associes:
        if _blocks(shares[member.nom], threshold, strict):
            alone.append(("l'associé", member.nom, float(shares[member.nom] * 100)))
    if scic.colleges:
        groups = {c.nom: sum((shares[a.nom] for a in scic.associes if a.college == c.nom),
                             Fraction(0)) for c in scic.colleges}
        kind, plural = "le collège", "collèges"
    else:
        groups = {CATEGORIES[c]: sum((shares[a.nom] for a in scic.associes if a.categorie == c),
                                     Fraction(0)) for c in scic.categories}
        kind, plural = "la catégorie", "catégories"
    for name, share in groups.items():
        if _blocks(share, threshold, strict) and (len(groups) > 1 or not alone):
            alone.append((kind, name, float(share * 100)))
    coalitions: list[tuple[tuple[str, ...], float]] = []
    names = list(groups)[:_MAX_GROUPS]
    for size in range(1, len(names) + 1):
        for combo in combinations(names, size):
            if any(set(found) <= set(combo) for found, _ in coalitions):
                continue
            share = sum((groups[n] for n in combo), Fraction(0))
            if _blocks(share, threshold, strict):
                coalitions.append((combo, float(share * 100)))
    return Blocage(majorite, label, tuple(alone), tuple(coalitions), plural)
