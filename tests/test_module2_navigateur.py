"""Module 2 in a real browser: a numeric quiz of the chapter, wrong answer (typical error with
its own feedback) then right answer, in the built book. Needs a built book and Chromium."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "_build" / "html" / "book" / "module2" / "chapitre.html"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = [
    pytest.mark.navigateur,
    pytest.mark.skipif(not PAGE.exists(), reason="livre non construit (jupyter-book build .)"),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium absent"),
]


def test_quiz_carbone_dans_le_navigateur() -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-background-networking"])
        page = browser.new_page()
        failed: list[str] = []
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.goto(PAGE.as_uri())
        quiz = page.locator("#piu-q-m2-carbone-velo")
        feedback = quiz.locator(".piu-retour")
        quiz.locator("input").fill("355,2")
        quiz.locator("button").first.click()
        page.wait_for_function(
            "document.querySelector('#piu-q-m2-carbone-velo .piu-retour').textContent.length > 0")
        assert "répartir entre les colis" in feedback.inner_text()
        quiz.locator("input").fill("8,88")
        quiz.locator("button").first.click()
        page.wait_for_function(
            "document.querySelector('#piu-q-m2-carbone-velo .piu-retour').className"
            ".includes('piu-juste')")
        assert "0,00888 kg" in feedback.inner_text()
        browser.close()
    assert failed == []
