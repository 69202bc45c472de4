"""Module 5 questions of « Conflits d'intérêts et SIEG »: the right answer passes, every wrong
answer fails with its own feedback, the SIEG ceiling is dated in data/."""

from __future__ import annotations

import pytest

from piu.core import data
from piu.core.questions.bank import charger_banque
from piu.core.questions.grading import corriger

BANK = charger_banque()
IDS = ["m5-conflit-analyse", "m5-sieg-plafond", "m5-sieg-mandat"]
QUESTIONS = [BANK[i] for i in IDS]


# Right and typical wrong answers of every question: tests/core/questions/test_bank.py.


def test_right_option_of_single_choice_is_not_the_longest():
    for q in (q for q in QUESTIONS if q.type == "choix-unique"):
        right = next(o for o in q.options if o.correct)
        assert len(right.texte) < max(len(o.texte) for o in q.options), q.id


def test_sieg_ceiling_comes_from_data_and_ends_in_2030():
    assert BANK["m5-sieg-plafond"].reponse == 750_000
    assert data.valeur("regles_territoire:de-minimis-sieg:montant@2030-12-31") == 750_000
    with pytest.raises(Exception, match="de-minimis-sieg"):
        data.valeur("regles_territoire:de-minimis-sieg:montant@2031-01-01")
    assert corriger(BANK["m5-sieg-plafond"], "750 000 €").juste


def test_conflict_question_accepts_l2131_11_and_not_exclusion_first():
    q = BANK["m5-conflit-analyse"]
    by_id = {o.id: o for o in q.options}
    assert "L2131-11" in by_id["c"].retour and by_id["c"].correct
    assert not by_id["b"].correct and "L2141-10" in by_id["b"].retour
    assert "2025-1249" in q.explication
