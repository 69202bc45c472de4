"""The built book's pages in a real headless browser: readable in light and dark mode, on a
phone, in French, without the icon font, searchable without accents, with no test marker.
Accessibility (axe-core) is in ``test_accessibilite.py``.

Split from ``tests/book/test_navigateur.py`` so that the two test processes share the browser work
(``pytest -n 2 --dist loadfile`` gives one file to one process).
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest

from tests.book.test_navigateur import intranet, intranet_page, is_book_page, url  # noqa: F401 (fixtures)

pytestmark = pytest.mark.navigateur


def _contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio of two ``rgb(r, g, b)`` colours."""
    def luminance(colour: str) -> float:
        channels = [int(c) / 255 for c in re.findall(r"\d+", colour)[:3]]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_quiz_text_is_readable_in_light_and_dark_mode(livre: Path, page: object, mode: str) -> None:
    page.goto(url(livre, "book/module0/chapitre.html"))
    page.evaluate(f"document.documentElement.dataset.theme = '{mode}'")
    colours = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.piu-quiz, .piu-quiz label, .piu-quiz legend, .piu-quiz p, .piu-entete, .piu-verifier')).map(e => {
          let bg = 'rgba(0, 0, 0, 0)', n = e;
          while (n && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) {
            bg = getComputedStyle(n).backgroundColor; n = n.parentElement; }
          return [getComputedStyle(e).color, bg, e.className || e.tagName]; })""")
    assert colours
    low = [(fg, bg, what, round(_contrast(fg, bg), 2)) for fg, bg, what in colours if _contrast(fg, bg) < 4.5]
    assert low == []


def book_pages(livre: Path) -> list[str]:
    """Every page a learner can open (not the redirecting index, not the theme's files)."""
    return sorted(p.relative_to(livre).as_posix() for p in livre.rglob("*.html")
                  if p.name != "index.html" and is_book_page(livre, p))


def test_every_page_fits_a_phone_screen(livre: Path, browser: object) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="fr-FR")  # type: ignore[attr-defined]
    tab = context.new_page()
    wide = {}
    for path in book_pages(livre):
        tab.goto(url(livre, path))
        tab.wait_for_load_state("load")
        width = tab.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            wide[path] = width
    context.close()
    assert wide == {}


_WIDE_TABLES = """() => Array.from(document.querySelectorAll(
    '.pst-scrollable-table-container, .output.text_html, .piu-progres, .piu-tableau-defile'))
    .filter(b => b.querySelector('table') && b.scrollWidth > b.clientWidth + 1).map(b => {
      const note = b.previousElementSibling;
      const shown = note && note.classList.contains('piu-defile-note') && !note.hidden && note.offsetHeight > 0;
      const before = [getComputedStyle(b).maskImage, b.getAttribute('tabindex')];
      b.scrollLeft = b.scrollWidth;
      b.dispatchEvent(new Event('scroll'));
      return {table: (b.querySelector('th, td') || b).textContent.trim().slice(0, 30),
              note: shown ? note.textContent : '', fade: before[0], focus: before[1], scrolled: b.scrollLeft > 0};
    })"""


def test_wide_tables_on_a_phone_say_they_scroll(livre: Path, browser: object) -> None:
    """At 375 px every table wider than the screen scrolls inside its box, says so above it, and
    fades on the edge where columns remain (the fade leaves once scrolled to the end)."""
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="fr-FR")  # type: ignore[attr-defined]
    tab = context.new_page()
    found, silent = 0, []
    for path in book_pages(livre):
        tab.goto(url(livre, path))
        tab.wait_for_load_state("load")
        for table in tab.evaluate(_WIDE_TABLES):
            found += 1
            if not ("faites défiler le tableau" in table["note"].lower() and table["fade"].startswith("linear-gradient")
                    and table["focus"] == "0" and table["scrolled"]):
                silent.append((path, table))
        at_end = tab.evaluate("Array.from(document.querySelectorAll('.piu-defile')).map(b => "
                              "[b.classList.contains('piu-defile-fin'), getComputedStyle(b).maskImage])")
        # Scrolled to the end: no fade on the right (the left one says columns remain there).
        assert all(end and not mask.endswith("rgba(0, 0, 0, 0))") for end, mask in at_end), (path, at_end)
    context.close()
    assert found >= 20 and silent == []


def test_tables_that_fit_say_nothing(livre: Path, page: object) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(url(livre, "book/module3/chapitre.html"))
    page.wait_for_load_state("load")
    assert page.locator("table").count() >= 3
    assert page.evaluate("document.querySelectorAll('.piu-defile-note:not([hidden]), .piu-defile').length") == 0


ENGLISH = ["Search this book", "Toggle primary sidebar", "Toggle secondary sidebar", 'aria-label="Main"',
           "Last updated", "Search the docs"]


def test_pages_speak_french_and_log_no_error(livre: Path, page: object) -> None:
    console = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    for path in book_pages(livre):
        text = (livre / path).read_text(encoding="utf-8")
        assert [s for s in ENGLISH if s in text] == [], path
        assert "fontawesome" not in text, path
        assert re.search(r"Mis à jour le \d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|"
                         r"octobre|novembre|décembre) \d{4}\.", text), path
        page.goto(url(livre, path))
        page.wait_for_load_state("load")
    assert console == [] and page.errors == []
    assert not (livre / "genindex.html").exists()
    assert not list((livre / "_static" / "scripts").glob("fontawesome*"))


def test_theme_icons_are_drawn_without_the_icon_font(livre: Path, page: object) -> None:
    page.goto(url(livre, "book/module0/chapitre.html"))
    masks = page.evaluate("""() => Array.from(document.querySelectorAll('.fa-solid')).map(e => {
        const s = getComputedStyle(e, '::before');
        return [e.className, (s.maskImage || s.webkitMaskImage || 'none').slice(0, 30), s.width]; })""")
    assert masks and all(m[1].startswith('url("data:image/svg+xml') and m[2] != "0px" for m in masks
                         if "fa-" in m[0].replace("fa-solid", "").replace("fa-lg", "")), masks


@pytest.mark.parametrize(("typed_query", "also"), [("evaluation", "évaluation"), ("procedure", "Procédure")])
def test_search_ignores_accents(livre: Path, page: object, typed_query: str, also: str) -> None:
    counts = []
    for query in (typed_query, also):
        page.goto(url(livre, "search.html") + "?q=" + urllib.parse.quote(query))
        page.wait_for_selector("#search-results p.search-summary", timeout=20_000)
        counts.append(page.locator("#search-results li").count())
    assert counts[0] > 0 and counts[0] == counts[1]


def _search_results(page: object, root: str, query: str) -> list[tuple[str, str, list[str]]]:
    """Title, extract and highlighted words of each result of ``query`` on the search page."""
    page.goto(f"{root}/search.html?q=" + urllib.parse.quote(query))
    page.wait_for_selector("#search-results p.search-summary", timeout=20_000)
    count = page.locator("#search-results li").count()
    page.wait_for_function(f"document.querySelectorAll('#search-results li p.context').length >= {count}",
                           timeout=20_000)
    return page.evaluate("""() => Array.from(document.querySelectorAll('#search-results li')).map(li => [
        li.querySelector('a').textContent, li.querySelector('p.context').textContent,
        Array.from(li.querySelectorAll('p.context .highlighted')).map(s => s.textContent)])""")


@pytest.mark.parametrize("where", ["disque", "intranet"])
def test_search_without_accents_shows_the_passage(livre: Path, request: pytest.FixtureRequest, where: str) -> None:
    """« procedure adaptee » finds what « procédure adaptée » finds, and each result shows the
    passage with the words highlighted, as Sphinx does for the words typed with their accents;
    opened from disk too, where the browser refuses the page requests Sphinx makes for them."""
    from piu.core.book.sphinx.search import sans_accents

    if where == "disque":
        page, root = request.getfixturevalue("page"), livre.as_uri()
    else:
        page, root = request.getfixturevalue("intranet_page"), request.getfixturevalue("intranet")
    plain = _search_results(page, root, "procedure adaptee")
    accented = _search_results(page, root, "procédure adaptée")
    assert len(plain) >= 5 and [r[0] for r in plain] == [r[0] for r in accented]
    for title, _extract, words in plain:  # each extract around a hit, the words found highlighted
        assert words and {sans_accents(w).lower()[:5] for w in words} <= {"proce", "adapt"}, (title, words)
    together = [title for title, extract, _ in plain if "procedure adaptee" in sans_accents(extract).lower()]
    assert len(together) >= len(plain) // 2, together  # the passage with both words, where there is one
    assert [r[1] for r in plain] == [r[1] for r in accented]
    page.wait_for_function("document.querySelector('p.search-summary').textContent.startsWith('Recherche terminée')")
    assert page.locator("p.search-summary").text_content() == (
        f"Recherche terminée\u00a0: {len(plain)} pages correspondent à la recherche.")  # not « page(s) »
    assert page.errors == []


def test_notebook_pages_show_no_test_marker_nor_bare_value(livre: Path) -> None:
    pages = sorted((livre / "notebooks").glob("*.html")) + sorted((livre / "exercises").glob("*.html"))
    assert len(pages) >= 10
    for page_file in pages:
        text = page_file.read_text(encoding="utf-8")
        assert "NBVAL" not in text, page_file
        bare = re.findall(r'class="output text_plain[^>]*>\s*<div class="highlight[^>]*><pre><span></span>'
                          r'(True|False|None)\s*</pre>', text)
        assert bare == [], page_file
        assert 'class="cell tag_hide-input' in text, page_file
