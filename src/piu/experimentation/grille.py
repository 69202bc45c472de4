"""Evaluate a living lab (or one experiment's set-up) against the grid of module 6.

The criteria live in ``data/living_lab_criteres.csv``: the three conditions the PIU workshop
named (independence, lasting public support, clear strategic priorities), governance, users'
involvement (ENoLL), an evaluation protocol and a legal vehicle. Each is scored 0 to 3 by the
technician; below its ``note_min`` it is a *weak point*, reported in plain French with the
lever that addresses it (a module of the course or a rule). The verdict rules live in
``data/living_lab_verdicts.csv``, so a trainer can discuss them without reading code.

The grid is a conversation aid, not a certification: it makes the weak points explicit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from piu.core import data
from piu.core.errors import PiuError, ReponseIllisible
from piu.core.french_numbers import format_nombre, lire_nombre
from piu.core.text import normaliser

__all__ = ["NIVEAUX", "Critere", "EvaluationLivingLab", "GrilleLivingLabInvalide", "criteres",
           "evaluer_living_lab", "lire_note"]

#: The four levels of a score, as the form shows them.
NIVEAUX: dict[int, str] = {0: "absent", 1: "faible", 2: "partiel", 3: "solide"}
NOTE_MAX = max(NIVEAUX)


class GrilleLivingLabInvalide(PiuError):
    """The scores cannot be read: unknown criterion, missing or out-of-range score."""


@dataclass(frozen=True)
class Critere:
    """One row of ``living_lab_criteres.csv``."""

    id: str
    groupe: str
    libelle: str
    question: str
    poids: int
    note_min: int
    bloquant: bool
    levier: str
    module: int | None
    source: str


def criteres() -> list[Critere]:
    """The grid's criteria, in the order of the data file."""
    rows = data.table("living_lab_criteres")
    return [Critere(str(r.id), str(r.groupe), str(r.libelle), str(r.question), int(r.poids),
                    int(r.note_min), bool(r.bloquant), str(r.levier),
                    None if pd.isna(r.module) else int(r.module),
                    str(r.source)) for r in rows.itertuples()]


def lire_note(valeur: Any, libelle: str = "la note") -> int:
    """A score typed or chosen by a learner: ``2``, ``"2"``, ``"2,0"`` or ``"partiel"``.

    Raises :class:`GrilleLivingLabInvalide` naming the criterion, never a bare ``ValueError``.
    """
    if isinstance(valeur, str) and normaliser(valeur) in {normaliser(n) for n in NIVEAUX.values()}:
        return next(k for k, n in NIVEAUX.items() if normaliser(n) == normaliser(valeur))
    levels = ", ".join(f"{k} ({n})" for k, n in NIVEAUX.items())
    try:
        number = lire_nombre(valeur)
    except ReponseIllisible:
        raise GrilleLivingLabInvalide(f"« {libelle} » : « {valeur} » n'est pas une note ; "
                                      f"notes possibles : {levels}.") from None
    if number != int(number) or not 0 <= number <= NOTE_MAX:
        raise GrilleLivingLabInvalide(f"« {libelle} » : la note {format_nombre(number)} est hors de "
                                      f"la grille ; notes possibles : {levels}.")
    return int(number)


@dataclass(frozen=True)
class Verdict:
    id: str
    libelle: str
    explication: str


@dataclass(frozen=True)
class EvaluationLivingLab:
    """The grid's answer: scores, weighted score, weak points with their levers, verdict."""

    nom: str
    scores: dict[str, int]
    score_pct: float
    faibles: tuple[Critere, ...]
    verdict: Verdict
    criteres: tuple[Critere, ...]

    @property
    def points_faibles(self) -> list[str]:
        """One plain-French sentence per weak point: what is weak, its score, the lever."""
        out = []
        for c in self.faibles:
            essential = " (condition essentielle)" if c.bloquant else ""
            out.append(f"{c.libelle}{essential} : note {self.scores[c.id]} sur {NOTE_MAX} "
                       f"({NIVEAUX[self.scores[c.id]]}). Levier : {c.levier[:1].lower()}{c.levier[1:]}")
        return out

    def section(self) -> dict[str, Any]:
        """The ``living_lab`` section of the learner's project file (module 7)::

            {"nom": str, "scores": {critere_id: int}, "points_faibles": [str], "verdict": str,
             "score_pct": float}

        ``score_pct`` (weighted score, in % of the maximum) is an extra key; the first four keys
        are the contract shared with ``piu.core.learner.dossier``.
        """
        return {"nom": self.nom, "scores": dict(self.scores), "points_faibles": self.points_faibles,
                "verdict": self.verdict.libelle, "score_pct": round(self.score_pct, 1)}

    def texte(self) -> str:
        lines = [f"Living lab « {self.nom} » : {self.verdict.libelle} "
                 f"(score pondéré {format_nombre(self.score_pct, 0)} %).", self.verdict.explication]
        if self.faibles:
            lines.append("Points faibles :")
            lines += [f"- {p}" for p in self.points_faibles]
        else:
            lines.append("Aucun point faible.")
        return "\n".join(lines)


def donnees_living_lab(evaluation: EvaluationLivingLab) -> dict[str, Any]:
    """The ``living_lab`` section as the project file keeps it (shape: ``piu.fil_rouge.sections``):
    :meth:`EvaluationLivingLab.section` without ``score_pct``, an extra key that the dossier
    refuses so that a hand-edited file cannot smuggle fields in."""
    section = evaluation.section()
    return {k: section[k] for k in ("nom", "scores", "points_faibles", "verdict")}


def _verdict(score_pct: float, essential_weak: int) -> Verdict:
    rules = data.table("living_lab_verdicts").sort_values("ordre")
    for r in rules.itertuples():
        if score_pct >= float(r.score_min_pct) and essential_weak <= int(r.bloquants_faibles_max):
            return Verdict(str(r.id), str(r.libelle), str(r.explication))
    raise PiuError("living_lab_verdicts.csv : aucun verdict ne s'applique ; le dernier doit "
                   "accepter tous les cas (score_min_pct 0).")


def evaluer_living_lab(nom: str, scores: Mapping[str, Any]) -> EvaluationLivingLab:
    """Score every criterion (all are required) and name the weak points.

    ``scores`` maps a criterion id to its score (0 to 3, or its level name). Every problem is
    reported at once, naming the criterion, so a learner fixes the form in one go.
    """
    grid = criteres()
    known = {c.id: c for c in grid}
    problems = []
    name = str(nom or "").strip()
    if not name:
        problems.append("Donnez un nom au living lab ou à l'expérimentation évaluée.")
    for key in scores:
        if key not in known:
            problems.append(f"Critère « {key} » inconnu ; critères de la grille : "
                            f"{', '.join(known)}.")
    read: dict[str, int] = {}
    for c in grid:
        if c.id not in scores or scores[c.id] is None or str(scores[c.id]).strip() == "":
            problems.append(f"« {c.libelle} » : note manquante (de 0 à {NOTE_MAX}).")
            continue
        try:
            read[c.id] = lire_note(scores[c.id], c.libelle)
        except GrilleLivingLabInvalide as exc:
            problems.append(str(exc))
    if problems:
        raise GrilleLivingLabInvalide("\n".join(problems))
    total = sum(c.poids * NOTE_MAX for c in grid)
    score_pct = 100 * sum(c.poids * read[c.id] for c in grid) / total
    weak = tuple(c for c in grid if read[c.id] < c.note_min)
    verdict = _verdict(score_pct, sum(c.bloquant for c in weak))
    return EvaluationLivingLab(name, read, score_pct, weak, verdict, tuple(grid))
