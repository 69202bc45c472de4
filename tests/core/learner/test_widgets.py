"""The logic behind the Jupyter forms, driven as a learner would (set values, click « Vérifier »)."""

from __future__ import annotations

from pathlib import Path

import pytest

from piu import question, questions_du_module
from piu.core.learner import progress
from piu.core.learner.widgets import QuestionInteractive, _Form
from piu.core.questions.bank import Question, charger_banque
from piu.core.questions.grading import bonne_reponse

QUESTIONS = list(charger_banque())


def answer_in_form(form: _Form, answer: object) -> None:
    q = form.q
    if q.type == "choix-unique":
        form.value.value = answer
    elif q.type == "choix-multiple":
        for oid, box in form.boxes.items():
            box.value = oid in answer
    elif q.type in ("numerique", "texte"):
        form.value.value = str(answer)
    elif q.type == "ordre":
        for rank, eid in enumerate(answer, start=1):
            form.menus[eid].value = str(rank)
    else:
        for left, right in answer.items():
            form.menus[left].value = right


@pytest.mark.parametrize("q", QUESTIONS, ids=[q.id for q in QUESTIONS])
def test_form_empty_then_right(q: Question, progres: Path) -> None:
    form = _Form(q)
    if q.type not in ("numerique", "texte"):
        assert form.check() is None
        assert "⚠" in form.feedback.value
    answer_in_form(form, bonne_reponse(q))
    verdict = form.check()
    assert verdict is not None and verdict.juste
    assert "✔ Juste" in form.feedback.value and "Source" in form.feedback.value
    assert progress.lire()[q.id].juste


def test_form_wrong_numeric_shows_typical_feedback(progres: Path) -> None:
    form = _Form(charger_banque()["m0-achat-innovant"])
    form.value.value = "60 000 €"
    verdict = form.check()
    assert verdict is not None and not verdict.juste
    assert "Pas encore" in form.feedback.value and "1er avril 2026" in form.feedback.value
    form.value.value = "beaucoup"
    assert form.check() is None and "pas un nombre lisible" in form.feedback.value
    assert progress.lire()["m0-achat-innovant"].tentatives == 1


def test_ordering_refuses_a_rank_used_twice(progres: Path) -> None:
    form = _Form(charger_banque()["m0-ordre-demarche"])
    for menu in form.menus.values():
        menu.value = "1"
    assert form.check() is None and "une fois" in form.feedback.value


def test_display_carries_widget_and_static_quiz() -> None:
    shown = question("m0-article-innovant")
    assert isinstance(shown, QuestionInteractive)
    bundle = shown._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert 'class="piu-quiz"' in bundle["text/html"]
    assert bundle["text/plain"].startswith("Question m0-article-innovant")


def test_unknown_question_and_module_print_french(capsys: pytest.CaptureFixture[str]) -> None:
    assert question("m0-inexistante") is None
    assert questions_du_module(42) is None
    out = capsys.readouterr().out
    assert "Aucune question n'a l'identifiant « m0-inexistante »" in out
    assert "Aucune question pour le module 42" in out
    group = questions_du_module(0)
    assert group is not None and len(group.items) == len(charger_banque().du_module(0))
