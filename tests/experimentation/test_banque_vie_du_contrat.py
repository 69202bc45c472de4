"""Module 6 questions of « Passer à l'échelle » and « Tester dans la rue »: the right answer
passes, every wrong answer fails with its own feedback, the computed answer is the engine's."""

from __future__ import annotations

from piu.core import data
from piu.core.questions.bank import charger_banque
from piu.experimentation import examiner_modification

BANK = charger_banque()
IDS = ["m6-echelle-faible-montant", "m6-echelle-voie", "m6-rue-arrete", "m6-rue-sous-traitant",
       "m6-rue-donnees-concession"]
QUESTIONS = [BANK[i] for i in IDS]


# Right and typical wrong answers of every question: tests/core/questions/test_bank.py.


def test_right_option_of_single_choice_is_not_the_longest():
    for q in (q for q in QUESTIONS if q.type == "choix-unique"):
        right = next(o for o in q.options if o.correct)
        assert len(right.texte) < max(len(o.texte) for o in q.options), q.id


def test_right_options_move():
    single = [q for q in QUESTIONS if q.type == "choix-unique"]
    positions = {[o.id for o in q.options].index(q.bonnes_options[0]) for q in single}
    assert len(positions) >= 2


def test_scaling_answer_is_the_engine_answer():
    q = BANK["m6-echelle-faible-montant"]
    limit = examiner_modification("services", 180_000, 1, "2026-09-01").plafond_pourcentage
    assert q.reponse == limit == 18_000
    # 8 000 already signed: adding 9 999 passes, 10 000 fails.
    assert examiner_modification("services", 180_000, 9_999, "2026-09-01",
                                 modifications_anterieures=8_000).faible_montant
    assert not examiner_modification("services", 180_000, 10_000, "2026-09-01",
                                     modifications_anterieures=8_000).faible_montant
    assert data.valeur("modifications:faible-montant-fournitures-services:limite_pct") == 10
