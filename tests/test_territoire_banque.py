"""Questions on the life of the contract (scaling up, the street, the territory, conflicts, SIEG):
the right answer passes, every wrong answer fails with its own feedback, the right option is not
the longest and not always in the same place, and computed answers agree with the engines."""

from __future__ import annotations

import pytest

from piu.core import data
from piu.core.bank import charger_banque
from piu.core.grading import corriger
from piu.experimentation import examiner_modification

BANK = charger_banque()
IDS = ["m6-echelle-faible-montant", "m6-echelle-voie", "m6-rue-arrete", "m6-rue-sous-traitant",
       "m6-rue-donnees-concession", "m3-territoire-local", "m3-territoire-reserve",
       "m5-conflit-analyse", "m5-sieg-plafond", "m5-sieg-mandat"]
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


def test_right_option_of_single_choice_is_not_the_longest_and_moves():
    single = [q for q in QUESTIONS if q.type == "choix-unique"]
    positions = set()
    for q in single:
        right = next(o for o in q.options if o.correct)
        assert len(right.texte) < max(len(o.texte) for o in q.options), q.id
        positions.add([o.id for o in q.options].index(right.id))
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


def test_sieg_and_reserved_answers_come_from_data():
    assert BANK["m5-sieg-plafond"].reponse == 750_000
    assert data.valeur("regles_territoire:de-minimis-sieg:montant@2030-12-31") == 750_000
    with pytest.raises(Exception, match="de-minimis-sieg"):
        data.valeur("regles_territoire:de-minimis-sieg:montant@2031-01-01")
    assert BANK["m3-territoire-reserve"].reponse == 50
    assert corriger(BANK["m3-territoire-reserve"], "50 %").juste
    assert corriger(BANK["m5-sieg-plafond"], "750 000 €").juste


def test_conflict_question_accepts_l2131_11_and_not_exclusion_first():
    q = BANK["m5-conflit-analyse"]
    by_id = {o.id: o for o in q.options}
    assert "L2131-11" in by_id["c"].retour and by_id["c"].correct
    assert not by_id["b"].correct and "L2141-10" in by_id["b"].retour
    assert "2025-1249" in q.explication
