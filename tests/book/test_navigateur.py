"""The built book in a real headless browser (Debian's Chromium, driven by Playwright).

The book is built from the current sources into a temporary folder, opened from disk
(``file://``, as a learner opens it on a locked-down PC), and used as a learner would:
wrong answer, feedback, right answer, explanation, reload, progress still there. Every
request the pages make is recorded: none may leave the machine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from piu.core.errors import ReponseIllisible
from piu.core.french_numbers import lire_nombre
from piu.core.questions.bank import Question, charger_banque
from piu.core.questions.grading import bonne_reponse, corriger
from piu.core.text import normaliser

pytestmark = pytest.mark.navigateur

ROOT = Path(__file__).resolve().parents[2]
BANK = charger_banque()






def is_book_page(livre: Path, page: Path) -> bool:
    """A page of the book itself: not the theme's files (``_static``…) nor the JupyterLite site."""
    top = page.relative_to(livre).parts[0]
    return not top.startswith("_") and top != "lite"


def url(livre: Path, page_path: str) -> str:
    return (livre / page_path).as_uri()


def fill(block: object, q: Question, answer: object) -> None:
    """Fill the quiz form of ``q`` with ``answer`` (in the form corriger() accepts)."""
    if q.type == "choix-unique":
        block.locator(f'input[value="{answer}"]').check()
    elif q.type == "choix-multiple":
        for box in block.locator("input[type=checkbox]").all():
            box.set_checked(box.get_attribute("value") in answer)
    elif q.type in ("numerique", "texte"):
        block.locator("input[type=text]").fill(str(answer))
    elif q.type == "ordre":
        for rank, element in enumerate(answer, start=1):
            block.locator(f'select[data-element="{element}"]').select_option(str(rank))
    else:
        for left, right in answer.items():
            block.locator(f'select[data-element="{left}"]').select_option(right)
    block.locator("button.piu-verifier").click()


def wrong_answer(q: Question) -> object:
    match q.type:
        case "choix-unique":
            return next(o.id for o in q.options if not o.correct)
        case "choix-multiple":
            return [*q.bonnes_options[:-1], next(o.id for o in q.options if not o.correct)]
        case "numerique":
            return q.erreurs_typiques[0].valeur if q.erreurs_typiques else (q.reponse or 0) * 3 + 7
        case "texte":
            return q.erreurs_typiques[0].reponse if q.erreurs_typiques else "zzz"
        case "ordre":
            return [e.id for e in reversed(q.elements)]
        case _:
            targets = [e.avec for e in q.elements]
            return {e.id: t for e, t in zip(q.elements, targets[1:] + targets[:1], strict=True)}


def same_text(shown: str, expected: str) -> bool:
    return normaliser(expected.replace("*", "").replace("`", "")) in normaliser(shown)


def test_module0_wrong_then_right_then_reload(livre: Path, page: object) -> None:
    page.goto(url(livre, "book/module0/chapitre.html"))
    block = page.locator("#piu-q-m0-achat-innovant")
    feedback = block.locator(".piu-retour")

    block.locator("input[type=text]").fill("cent mille")
    block.locator("button.piu-verifier").click()
    page.wait_for_function("document.querySelector('#piu-q-m0-achat-innovant .piu-retour').textContent.length > 0")
    assert "n’est pas un nombre lisible" in feedback.inner_text()

    block.locator("input[type=text]").fill("60 000")
    block.locator("button.piu-verifier").click()
    page.wait_for_selector("#piu-q-m0-achat-innovant .piu-retour.piu-faux")
    assert "Pas encore" in feedback.inner_text() and "1er avril 2026" in feedback.inner_text()
    assert block.locator(".piu-etat").inner_text() == "À retravailler"

    block.locator("input[type=text]").fill("100k€")
    block.locator("button.piu-verifier").click()
    page.wait_for_selector("#piu-q-m0-achat-innovant .piu-retour.piu-juste")
    text = feedback.inner_text()
    assert "Juste" in text and "R2122-9-1" in text and "Source" in text

    page.reload()
    assert page.locator("#piu-q-m0-achat-innovant .piu-etat").inner_text() == "✔ Réussie"
    page.goto(url(livre, "book/progression.html"))
    row = page.locator('tr[data-module="0"]')
    assert row.locator(".piu-reussies").inner_text() == "1 / 7"
    assert row.locator(".piu-tentees").inner_text() == "1"
    assert page.errors == []


def chapter_quizzes() -> list[tuple[str, str]]:
    """Every ``{quiz}`` of every chapter, as (page of the built book, question id)."""
    found = []
    for chapter in sorted((ROOT / "book").rglob("*.md")):
        page_path = chapter.relative_to(ROOT).with_suffix(".html").as_posix()
        text = chapter.read_text("utf-8")
        found += [(page_path, qid) for qid in re.findall(r"^```\{quiz\}\s+(\S+)", text, re.M)]
    return found


def typed(q: Question, value: object) -> object:
    """A numeric answer as a French user types it (decimal comma)."""
    return str(value).replace(".", ",") if q.type == "numerique" else value


def quizzes_by_page() -> dict[str, list[str]]:
    """The chapter quizzes grouped by page: one page load checks all of them, in page order."""
    pages: dict[str, list[str]] = {}
    for page_path, qid in chapter_quizzes():
        pages.setdefault(page_path, []).append(qid)
    return pages


@pytest.mark.parametrize("page_path", sorted(quizzes_by_page()))
def test_every_chapter_quiz_gives_the_same_feedback_as_python(livre: Path, page: object, page_path: str) -> None:
    """Each quiz of the page: a wrong answer, then the right one, each with Python's feedback."""
    page.goto(url(livre, page_path))
    mismatches = []
    for qid in quizzes_by_page()[page_path]:
        q = BANK[qid]
        block = page.locator(f"#piu-q-{qid}")
        feedback = block.locator(".piu-retour")

        wrong = wrong_answer(q)
        fill(block, q, typed(q, wrong))
        page.wait_for_selector(f"#piu-q-{qid} .piu-retour.piu-faux")
        expected = corriger(q, wrong)
        assert not expected.juste, qid
        if not same_text(feedback.inner_text(), expected.retour):
            mismatches.append((qid, "faux", feedback.inner_text(), expected.retour))

        fill(block, q, typed(q, bonne_reponse(q)))
        page.wait_for_selector(f"#piu-q-{qid} .piu-retour.piu-juste")
        shown = feedback.inner_text()
        if not (same_text(shown, corriger(q, bonne_reponse(q)).retour) and same_text(shown, q.source)):
            mismatches.append((qid, "juste", shown, q.source))
    assert mismatches == []
    assert page.errors == []


def test_chapters_cover_every_question_type() -> None:
    types = {BANK[qid].type for _, qid in chapter_quizzes()}
    assert types == {"choix-unique", "choix-multiple", "numerique", "texte", "ordre", "association"}


def test_pages_load_nothing_from_the_network(livre: Path, page: object) -> None:
    pages = sorted(p.relative_to(livre).as_posix() for p in livre.rglob("*.html")
                   if p.name not in ("index.html", "genindex.html", "search.html")
                   and is_book_page(livre, p))
    assert len(pages) >= 7
    for path in pages:
        page.goto(url(livre, path))
        page.wait_for_load_state("load")  # every request the page makes is recorded, even one still pending
    outside = [u for u in page.requests if not u.startswith(("file://", "data:", "blob:"))]
    assert outside == []
    # The two heavy files a page needs not: the icon font (icons are CSS masks) and the search
    # index (only the search page reads it).
    heavy = sorted({u.rsplit("/", 1)[-1] for u in page.requests if "/webfonts/" in u or "searchindex.js" in u})
    assert heavy == []
    # A request cut short by the next navigation (the favicon, on a busy machine) is no missing file.
    assert [f for f in page.failed if not f.endswith("(net::ERR_ABORTED)")] == []
    assert page.errors == []


def test_notebook_pages_show_working_quizzes(livre: Path, page: object) -> None:
    page.goto(url(livre, "exercises/module0.html"))
    assert page.locator(".piu-quiz").count() == 7  # every question, the one to compute included
    block = page.locator("#piu-q-m0-article-innovant").first
    block.locator("input[type=text]").fill("art. l 2172-3")
    block.locator("button.piu-verifier").click()
    page.wait_for_selector("#piu-q-m0-article-innovant .piu-retour.piu-juste")


NUMBER_INPUTS = ["100 000", "100 000,50 €", "100k€", "1e5", "1,5 M€", "216.000", "1.234.567,89", "0.5", ",5",
                 "-3", "20 %", "12 € HT", "100 000 TTC", "cent mille", "", "1,2,3", "1.2.3", "100 pommes",
                 "2 Md€", "1e400", "12 kgco2e", "0012", "1.", "1,", "100,000", "1,250", "0,125"]
TEXT_INPUTS = ["L. 2172-3", "Élément « Çà » ŒUVRE", "  espaces   multiples ", "Article_L2172–3", "ÅÉÎÕÜ"]


def test_browser_and_python_read_answers_alike(livre: Path, page: object) -> None:
    page.goto(url(livre, "book/module0/chapitre.html"))
    for typed in NUMBER_INPUTS:
        try:
            expected: object = lire_nombre(typed, "kgCO2e")
        except ReponseIllisible:
            expected = "illisible"
        shown = page.evaluate(
            "([t]) => { try { return piuQuiz.lireNombre(t, 'kgCO2e'); } catch (e) { return 'illisible'; } }",
            [typed])
        if expected == "illisible":
            assert shown == "illisible", typed
        else:
            assert shown == pytest.approx(expected), typed
    for typed in TEXT_INPUTS:
        assert page.evaluate("([t]) => piuQuiz.normaliser(t)", [typed]) == normaliser(typed), typed


def test_pages_carry_no_unused_scripts_and_stay_light(livre: Path) -> None:
    for page_file in livre.rglob("*.html"):
        if not is_book_page(livre, page_file):
            continue
        text = page_file.read_text(encoding="utf-8")
        assert "widget-state+json" not in text, page_file
        assert "THEBE_JS_URL" not in text, page_file
        assert len(text.encode()) < 400_000, f"{page_file} pèse {len(text.encode())} octets"


HASH_INPUTS = ["", "abc", "sel:opt:a", "é « ç » œ — CO₂e", "x" * 55, "y" * 56, "z" * 64, "w" * 119, "v" * 1000]


def test_pure_javascript_hash_matches_python(livre: Path, page: object) -> None:
    """The fallback used where ``crypto.subtle`` is absent gives the very hashes of the bank."""
    import hashlib

    page.goto(url(livre, "book/module0/chapitre.html"))
    for text in HASH_INPUTS:
        shown = page.evaluate("([t]) => piuQuiz.sha256Hex(t)", [text])
        assert shown == hashlib.sha256(text.encode()).hexdigest(), text


@pytest.fixture(scope="session")
def intranet(livre: Path) -> Iterator[str]:
    """The built book served over plain HTTP on 127.0.0.1, reached as ``http://intranet.test``.

    A collectivité's intranet is often exactly this: not HTTPS, not localhost, so the browser
    gives the page no ``crypto.subtle`` and no service worker.
    """
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(livre))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://intranet.test:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def intranet_page(intranet_browser: object) -> Iterator[object]:
    context = intranet_browser.new_context(locale="fr-FR")
    tab = context.new_page()
    tab.errors = []
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    yield tab
    context.close()


@pytest.mark.parametrize("page_path", sorted({p for p, _ in chapter_quizzes()}))
def test_quizzes_work_on_a_plain_http_intranet(intranet: str, intranet_page: object, page_path: str) -> None:
    page = intranet_page
    page.goto(f"{intranet}/{page_path}")
    assert page.evaluate("window.isSecureContext") is False
    assert page.evaluate("!(window.crypto && window.crypto.subtle)") is True
    for found_path, qid in chapter_quizzes():
        if found_path != page_path:
            continue
        q = BANK[qid]
        block = page.locator(f"#piu-q-{qid}")
        fill(block, q, typed(q, wrong_answer(q)))
        page.wait_for_selector(f"#piu-q-{qid} .piu-retour.piu-faux")
        fill(block, q, typed(q, bonne_reponse(q)))
        page.wait_for_selector(f"#piu-q-{qid} .piu-retour.piu-juste")
    assert page.errors == []
