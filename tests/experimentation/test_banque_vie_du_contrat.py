"""Module 6 questions of « Passer à l'échelle » and « Tester dans la rue »: the right answer
passes, every wrong answer fails with its own feedback, the computed answer is the engine's."""

from __future__ import annotations

import pytest

from piu.core import data
from piu.core.questions.bank import charger_banque
from piu.core.questions.grading import corriger
from piu.experimentation import examiner_modification

BANK = charger_banque()
IDS = ["m6-echelle-faible-montant", "m6-echelle-voie", "m6-rue-arrete", "m6-rue-sous-traitant",
       "m6-rue-donnees-concession"]
QUESTIONS = [BANK[i] for i in IDS]


@pytest.mark.parametrize("q", QUESTIONS, ids=IDS)
def test_right_answer_passes_and_wrong_ones_fail_with_feedback(q):
    if q.type == "choix-unique":
        assert corriger(q, q.bonnes_options[0]).juste
        for option in q.options:
            if not option.correct:
                verdict = corriger(q, option.id)
                assert not verdict.juste and verdict.retour == option.retour
    elif q.type == "choix-multiple":
        assert corriger(q, list(q.bonnes_options)).juste
        for option in q.options:
            wrong = ([*q.bonnes_options, option.id] if not option.correct
                     else [o for o in q.bonnes_options if o != option.id])
            assert not corriger(q, wrong).juste
    else:
        assert corriger(q, q.reponse).juste
        assert q.erreurs_typiques
        for err in q.erreurs_typiques:
            verdict = corriger(q, err.valeur)
            assert not verdict.juste and verdict.retour == err.retour


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
