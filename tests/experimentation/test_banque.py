"""Module 6 questions: the right answer passes, every wrong answer fails with its own feedback,
nonsense gets a message; answers tied to the tools are recomputed with the tools."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from piu.core import data
from piu.core.errors import ReponseIllisible
from piu.core.questions.bank import charger_banque
from piu.core.questions.grading import corriger
from piu.experimentation import construire_protocole, criteres, evaluer_living_lab
from piu.experimentation.protocole import ProtocoleInvalide

ROOT = Path(__file__).resolve().parents[2]
BANK = charger_banque()
QUESTIONS = BANK.du_module(6)


def test_at_least_ten_questions_of_several_types():
    assert len(QUESTIONS) >= 10
    assert {"choix-unique", "choix-multiple", "numerique", "association", "ordre"} <= {
        q.type for q in QUESTIONS}


@pytest.mark.parametrize("q", QUESTIONS, ids=[q.id for q in QUESTIONS])
def test_right_answer_passes_and_wrong_ones_fail_with_feedback(q):
    if q.type == "choix-unique":
        right = q.bonnes_options[0]
        assert corriger(q, right).juste
        for option in q.options:
            if not option.correct:
                verdict = corriger(q, option.id)
                assert not verdict.juste and verdict.retour == option.retour
    elif q.type == "choix-multiple":
        assert corriger(q, list(q.bonnes_options)).juste
        for option in q.options:
            wrong = [*q.bonnes_options, option.id] if not option.correct else [
                o for o in q.bonnes_options if o != option.id]
            if wrong:
                assert not corriger(q, wrong).juste
    elif q.type == "numerique":
        assert corriger(q, q.reponse).juste
        assert q.erreurs_typiques
        for err in q.erreurs_typiques:
            verdict = corriger(q, err.valeur)
            assert not verdict.juste and verdict.retour == err.retour
    elif q.type == "ordre":
        assert corriger(q, [e.id for e in q.elements]).juste
        assert not corriger(q, [e.id for e in reversed(q.elements)]).juste
    elif q.type == "association":
        assert corriger(q, {e.id: e.avec for e in q.elements}).juste
        assert not corriger(q, {e.id: "subvention" for e in q.elements}).juste


def test_threshold_answer_is_the_data_and_reads_french_input():
    q = BANK["m6-seuil-achat-innovant"]
    threshold = data.valeur("seuils:achat-innovant:montant_ht")
    assert q.reponse == threshold
    for typed in (f"{threshold:,.0f}".replace(",", " ") + " € HT", f"{threshold / 1000:.0f}k€"):
        assert corriger(q, typed).juste
    dispense = data.valeur("seuils:dispense-fournitures-services:montant_ht")
    verdict = corriger(q, f"{dispense:,.0f}".replace(",", " "))
    assert not verdict.juste and "dispense" in verdict.retour
    for nonsense in ("beaucoup", "", "100 000 € TTC"):
        with pytest.raises(ReponseIllisible):
            corriger(q, nonsense)


def test_nonsense_choice_answers_get_a_message():
    with pytest.raises(ReponseIllisible):
        corriger(BANK["m6-definition"], "z")
    with pytest.raises(ReponseIllisible):
        corriger(BANK["m6-trois-conditions"], 42)


def test_no_rule_figure_is_retyped_in_the_bank():
    text = (ROOT / "exercises/banque/module6.yaml").read_text(encoding="utf-8")
    assert not re.search(r"\d{2,3} 000 ?€", text)
    assert "seuils:achat-innovant:montant_ht" in text


def test_weak_points_case_matches_the_grid():
    q = BANK["m6-cas-points-faibles"]
    scores = {"independance": 1, "soutien-public": 2, "axes-strategiques": 3, "gouvernance": 2,
              "implication-usagers": 2, "protocole-evaluation": 0, "vehicule-juridique": 2}
    assert set(scores) == {c.id for c in criteres()}
    result = evaluer_living_lab("Lab de la Vallée", scores)
    weak = {c.id for c in result.faibles}
    by_option = {"a": "independance", "b": "protocole-evaluation", "c": "soutien-public",
                 "d": "implication-usagers"}
    assert {o for o, c in by_option.items() if c in weak} == set(q.bonnes_options)
    assert result.verdict.libelle in q.explication


def test_baseline_question_matches_the_builder():
    q = BANK["m6-mesure-avant"]
    assert q.bonnes_options == ("a",)
    common = {"objectif": "Réduire les biodéchets dans les ordures ménagères", "duree_mois": 6,
              "criteres_sortie": ["moins de 30 foyers participants"],
              "criteres_passage_echelle": ["baisse d'au moins 20 %"],
              "vehicule": "convention-experimentation"}
    with pytest.raises(ProtocoleInvalide, match="valeur « avant »"):
        construire_protocole(indicateurs=[{"nom": "Biodéchets", "unite": "t", "cible": 96}], **common)
    assert construire_protocole(indicateurs=[{"nom": "Biodéchets", "unite": "t", "avant": 120,
                                              "cible": 96}], **common)


def test_vehicle_matching_targets_exist_in_the_vehicle_data():
    q = BANK["m6-quel-vehicule"]
    ids = {r for r in data.table("vehicules_experimentation")["id"]}
    mapping = {"occupation": "occupation-domaine-public", "achat-innovant": "achat-innovant",
               "partenariat": "partenariat-innovation", "effet-equivalent": "solution-effet-equivalent",
               "subvention": "subvention"}
    assert {t.id for t in q.cibles} == set(mapping) and set(mapping.values()) <= ids


def test_every_question_appears_in_the_chapter_or_the_exercises():
    chapter = (ROOT / "book/module6/chapitre.md").read_text(encoding="utf-8")
    exercises = (ROOT / "exercises/module6.ipynb").read_text(encoding="utf-8")
    for q in QUESTIONS:
        assert q.id in exercises, q.id
    assert sum(f"{{quiz}} {q.id}" in chapter for q in QUESTIONS) >= 6
