"""Module 3 questions of « Servir le territoire »: the right answer passes, every wrong answer
fails with its own feedback, the reserved-contract share comes from data/."""

from __future__ import annotations

from piu.core import data
from piu.core.questions.bank import charger_banque
from piu.core.questions.grading import corriger

BANK = charger_banque()
IDS = ["m3-territoire-local", "m3-territoire-reserve"]
QUESTIONS = [BANK[i] for i in IDS]


# Right and typical wrong answers of every question: tests/core/questions/test_bank.py.


def test_right_option_of_single_choice_is_not_the_longest():
    for q in (q for q in QUESTIONS if q.type == "choix-unique"):
        right = next(o for o in q.options if o.correct)
        assert len(right.texte) < max(len(o.texte) for o in q.options), q.id


def test_reserved_share_comes_from_data_and_reads_french_input():
    assert BANK["m3-territoire-reserve"].reponse == 50
    assert data.valeur("regles_territoire:marche-reserve-proportion:taux_pct") == 50
    assert corriger(BANK["m3-territoire-reserve"], "50 %").juste


def test_local_preference_is_refused_with_the_case_law():
    q = BANK["m3-territoire-local"]
    assert "131562" in next(o for o in q.options if o.id == "a").retour
