"""Place a solution on the TRL scale (Horizon 2020, General Annex G) from yes/no answers.

The questionnaire asks, level by level, whether the evidence for that level exists. The level
reached is the last one of an unbroken run of « oui » from level 1: a solution does not skip a
stage, so a « oui » above a « non » is reported as a point to check rather than counted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from piu.core import data
from piu.core.errors import PiuError

__all__ = ["Maturite", "echelle_trl", "placer_trl"]


@dataclass(frozen=True)
class Maturite:
    """Where the questionnaire places a solution, and why."""

    niveau: int
    intitule: str
    raisons: tuple[str, ...]
    points_a_verifier: tuple[str, ...] = field(default=())
    prochaine_etape: str = ""

    @property
    def libelle(self) -> str:
        """« TRL 7 — Démonstration… », or « en dessous du TRL 1 »: the scale has no level 0."""
        if self.niveau == 0:
            return "en dessous du TRL 1"
        return f"TRL {self.niveau}" + (f" — {self.intitule}" if self.intitule else "")

    def texte(self) -> str:
        """A short note, fit to paste into an evaluation file."""
        lines = [f"Niveau de maturité estimé : {self.libelle}."]
        lines += [f"- {r}" for r in self.raisons]
        if self.points_a_verifier:
            lines.append("Points à vérifier :")
            lines += [f"- {p}" for p in self.points_a_verifier]
        if self.prochaine_etape:
            lines.append(f"Étape suivante : {self.prochaine_etape}")
        return "\n".join(lines)


def echelle_trl() -> list[dict[str, object]]:
    """The nine levels, from ``data/trl.csv``, as plain dicts (niveau, intitule, question...)."""
    frame = data.table("trl").sort_values("niveau")
    return [{k: (int(v) if k == "niveau" else str(v)) for k, v in row.items()}
            for row in frame.to_dict("records")]


def _as_answers(reponses: Mapping[int, bool] | Sequence[bool]) -> dict[int, bool]:
    answers = dict(reponses) if isinstance(reponses, Mapping) else {i: r for i, r in enumerate(reponses, start=1)}
    for level, value in answers.items():
        if not isinstance(level, int) or not 1 <= level <= 9:
            raise PiuError(f"Niveau « {level} » inconnu : les niveaux TRL vont de 1 à 9.")
        if not isinstance(value, bool):
            raise PiuError(f"Réponse au niveau {level} : répondez True (oui) ou False (non), "
                           f"pas « {value} ».")
    return answers


def placer_trl(reponses: Mapping[int, bool] | Sequence[bool]) -> Maturite:
    """Place a solution on the scale from answers ``{niveau: oui?}`` or a list for levels 1, 2...

    A missing answer counts as « non » (no evidence). ``niveau`` 0 means not even level 1
    holds; the Horizon 2020 scale has no level 0, so the note says « en dessous du TRL 1 ».
    """
    answers = _as_answers(reponses)
    levels = {int(lv["niveau"]): lv for lv in echelle_trl()}
    reached = 0
    while reached < 9 and answers.get(reached + 1, False):
        reached += 1
    reasons = [f"TRL {n} acquis : {levels[n]['question']} Oui." for n in range(1, reached + 1)]
    if reached < 9:
        reasons.append(f"TRL {reached + 1} non acquis : {levels[reached + 1]['question']} "
                       "Non ou pas de preuve.")
    checks = tuple(
        f"Vous avez répondu oui au niveau {n} alors que le niveau {reached + 1} n'est pas "
        f"acquis : demandez les preuves du niveau {reached + 1} (une solution ne saute pas "
        f"d'étape)."
        for n in sorted(answers) if n > reached + 1 and answers[n])
    nxt = (f"atteindre le TRL {reached + 1} — {levels[reached + 1]['intitule']}."
           if reached < 9 else "la solution est éprouvée : comparez les offres et les retours "
                               "d'expérience.")
    title = str(levels[reached]["intitule"]) if reached else ""
    return Maturite(reached, title, tuple(reasons), checks, nxt)
