"""No answer stands out in the practice bank's choice questions (issue 26).

A learner who does not know should not find the right option by its length or its place. Over
the single-choice questions of the practice modules (0 to 7; the graded module 8 is left to its
own rules), the right option is neither the strictly longest one in more than half of the
questions (today: 36 of 49), nor in the same position in more than half of them (today: the
first in 41 of 49). Lengths are measured on the text the learner reads (``{donnee}`` values
filled in).
"""

from __future__ import annotations

from collections import Counter

from piu.core.data import remplacer_references
from piu.core.questions.bank import Question, charger_banque

PRACTICE_MODULES = range(8)
MAX_SHARE = 0.5


def single_choice() -> list[Question]:
    return [q for q in charger_banque() if q.type == "choix-unique" and q.module in PRACTICE_MODULES]


def right_is_longest(question: Question) -> bool:
    lengths = [len(remplacer_references(o.texte)) for o in question.options]
    right = next(i for i, o in enumerate(question.options) if o.correct)
    return lengths[right] == max(lengths) and lengths.count(max(lengths)) == 1


def right_position(question: Question) -> int:
    return next(i for i, o in enumerate(question.options) if o.correct)


def test_la_bonne_reponse_n_est_pas_la_plus_longue() -> None:
    questions = single_choice()
    longest = [q.id for q in questions if right_is_longest(q)]
    assert len(questions) >= 40
    assert len(longest) <= MAX_SHARE * len(questions), (
        f"La bonne réponse est la plus longue dans {len(longest)} questions sur {len(questions)} : "
        + ", ".join(longest))


def test_la_bonne_reponse_change_de_place() -> None:
    questions = single_choice()
    places = Counter(right_position(q) for q in questions)
    place, count = places.most_common(1)[0]
    assert count <= MAX_SHARE * len(questions), (
        f"La bonne réponse est en position {place + 1} dans {count} questions sur {len(questions)} ({dict(places)}).")
    # Every position a question can have is used at least once.
    assert set(places) >= {0, 1, 2}, dict(places)
