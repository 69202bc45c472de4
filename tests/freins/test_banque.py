"""Module 1 questions: answers that come from the tool are recomputed by its engine, every
« idée reçue ou règle ? » item cites its article, the right answer passes and every wrong one
fails with its own feedback, and answers typed the French way are read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from piu.core import data
from piu.core.errors import ReponseIllisible
from piu.core.questions.bank import charger_banque
from piu.core.questions.grading import bonne_reponse, corriger
from piu.core.text import normaliser
from piu.freins.carte import carte_des_freins
from piu.freins.catalogue import catalogue
from piu.freins.fusion import fusionner

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = re.compile(r"\b(?:L|R|LO)\d{4}(?:-\d+)*\b")


@pytest.fixture(scope="module")
def bank():
    return charger_banque()


def test_at_least_ten_questions_and_four_myth_or_rule_items(bank) -> None:
    questions = bank.du_module(1)
    assert len(questions) >= 10
    myths = [q for q in questions if q.titre.startswith("Idée reçue ou règle ?")]
    assert len(myths) >= 4
    for q in myths:
        assert {normaliser(o.texte) for o in q.options} == {"idee recue", "regle"}, q.id
        for option in q.options:
            assert ARTICLE.search(option.retour), f"{q.id}/{option.id} : article absent du retour"


def test_every_module_1_question_is_in_the_exercise_notebook(bank) -> None:
    notebook = (ROOT / "exercises/module1.ipynb").read_text(encoding="utf-8")
    for q in bank.du_module(1):
        assert f'question(\\"{q.id}\\")' in notebook, q.id


@pytest.mark.parametrize("qid", [q.id for q in charger_banque().du_module(1)])
def test_right_answer_passes_and_wrong_ones_fail_with_feedback(bank, qid) -> None:
    q = bank[qid]
    assert corriger(q, bonne_reponse(q)).juste
    if q.type == "numerique":
        for err in q.erreurs_typiques:
            verdict = corriger(q, err.valeur)
            assert not verdict.juste and verdict.retour == err.retour
    elif q.type in ("choix-unique", "choix-multiple"):
        for option in q.options:
            if not option.correct:
                verdict = corriger(q, option.id if q.type == "choix-unique" else [option.id])
                assert not verdict.juste and verdict.retour, option.id
    elif q.type == "ordre":
        verdict = corriger(q, [e.id for e in reversed(q.elements)])
        assert not verdict.juste and "à la bonne place" in verdict.retour
    elif q.type == "association":
        first = q.cibles[0].id
        verdict = corriger(q, {e.id: first for e in q.elements})
        assert not verdict.juste and "association" in verdict.retour


def test_french_typing_is_read(bank) -> None:
    assert corriger(bank["m1-moyenne-groupe"], "2,3").juste
    assert not corriger(bank["m1-moyenne-groupe"], "1,75").juste
    assert corriger(bank["m1-idee-sourcing"], "Idée reçue").juste
    assert corriger(bank["m1-regle-innovant"], "règle").juste
    assert corriger(bank["m1-groupes"], "elus=acheteurs, formation=porteurs, souverainete=relations, "
                                        "dialogue=territoires").juste
    with pytest.raises(ReponseIllisible, match="inconnu"):
        corriger(bank["m1-idee-sourcing"], "peut-être")
    with pytest.raises(ReponseIllisible):
        corriger(bank["m1-moyenne-groupe"], "deux et demi")


def test_the_start_up_feedback_quotes_the_threshold_from_data(bank) -> None:
    amount = data.texte_valeur("seuils:achat-innovant:montant_ht")
    q = bank["m1-idee-start-up"]
    assert all(amount in o.retour for o in q.options)
    assert "strictement inférieure" in q.options[0].retour


def test_the_order_question_is_the_tools_order(bank) -> None:
    section = carte_des_freins("Cas", {"temporalite-politique": 1, "limites-commande-publique": 3,
                                       "temporalite-projets": 2},
                               [{"libelle": "Bail précaire de trois ans", "groupe": "territoires", "note": 3}])
    ids = [a["frein_id"] for a in section["actions"]]
    as_in_bank = {"limites-commande-publique": "commande-publique", "propre-1": "bail",
                  "temporalite-projets": "temporalite-projets", "temporalite-politique": "temporalite-politique"}
    assert [as_in_bank[i] for i in ids] == bonne_reponse(bank["m1-ordre-actions"])


def test_the_group_average_question_is_the_merge_result(bank) -> None:
    maps = [carte_des_freins(p, {"soutien-collectivites": n} if n else {"anticiper": 1})
            for p, n in (("A", 3), ("B", 2), ("C", 2), ("D", None))]
    row = next(f for f in fusionner(maps)["freins"] if f["id"] == "soutien-collectivites")
    q = bank["m1-moyenne-groupe"]
    assert row["participants"] == 3 and corriger(q, row["note_moyenne"]).juste
    assert not corriger(q, sum(row["notes"]) / 4).juste  # the typical error: dividing by all four


def _barrier(quoted: str):
    text = normaliser(quoted.split("»")[0])
    return next(f for f in catalogue() if normaliser(f.libelle).startswith(text[:40]))


def test_group_and_lever_questions_agree_with_the_data(bank) -> None:
    for e in bank["m1-groupes"].elements:
        assert _barrier(e.texte).groupe == e.avec, e.id
    for e in bank["m1-leviers"].elements:
        assert _barrier(e.texte).modules[0] == int(e.avec.removeprefix("m")), e.id


def test_the_testimony_question_matches_the_testimony_rows(bank) -> None:
    q = bank["m1-temoignage"]
    assert set(q.bonnes_options) == {"connaitre", "soutien", "pistes"}
    libelles = {f.id: f.libelle for f in catalogue()}
    assert "pistes cyclables" in libelles["pistes-cyclables"]
    assert "soutien des collectivités" in libelles["soutien-collectivites"]
