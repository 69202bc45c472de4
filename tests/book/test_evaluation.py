"""The final evaluation in the web book: one page, and a hand-in message that says what to do.

After « Remettre ma copie », the learner must know that the file is on their PC, that it must
be sent to the trainer (and how), and how many items are left unanswered (issue 26).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.book.test_navigateur import url
from tests.book.test_vocabulaire import learner_pages

pytestmark = pytest.mark.navigateur


def test_une_seule_page_pour_l_evaluation_finale(livre: Path) -> None:
    def title(page: Path) -> str:
        h1 = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").h1
        return h1.get_text() if h1 else ""

    titled = [page.relative_to(livre).as_posix() for page in learner_pages(livre) if "Évaluation finale" in title(page)]
    assert titled == ["book/module8/chapitre.html"], titled
    text = (livre / "book/module8/chapitre.html").read_text(encoding="utf-8")
    assert "Vos réponses comptent dans votre progression" not in text
    assert "répondez dans la page du module 8" not in text


def test_remettre_ma_copie_dit_quoi_faire_du_fichier(livre: Path, page: object) -> None:
    page.goto(url(livre, "book/module8/chapitre.html"))  # type: ignore[attr-defined]
    form = page.locator("form.piu-evaluation")  # type: ignore[attr-defined]
    items = form.locator(".piu-eval-item").count()
    assert items > 5
    form.locator("input[name=piu-apprenant]").fill("Marie Dupont")
    form.locator(".piu-eval-item[data-type=choix-unique] input").first.check()
    with page.expect_download() as download:  # type: ignore[attr-defined]
        form.get_by_role("button", name="Remettre ma copie").click()
    assert download.value.suggested_filename == "copie-marie-dupont.json"
    message = form.locator(".piu-retour").inner_text()
    assert "enregistrée sur ce poste" in message and "copie-marie-dupont.json" in message
    assert "Envoyez ce fichier à votre formateur" in message and "courriel" in message
    assert f"{items - 1} questions sont restées sans réponse" in message
