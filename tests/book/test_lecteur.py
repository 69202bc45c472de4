"""What is left of the theme, and the progress page, as a technician meets them (issue 26).

No download button for files a learner cannot use (.md, .ipynb), French names for screen
readers, one title in the browser tab, one search box, wide tables that show they scroll on a
phone; the progress page lists the questions « à retravailler » with a link to each, and its
erase button asks first.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.book.test_navigateur import url
from tests.book.test_vocabulaire import learner_pages

pytestmark = pytest.mark.navigateur

STORE = "piu-progres-v1"


def test_pas_de_bouton_de_telechargement_des_sources(livre: Path) -> None:
    offenders = [page.relative_to(livre).as_posix() for page in learner_pages(livre)
                 if re.search(r"download-source-button|dropdown-download-buttons|\.ipynb\"", page.read_text("utf-8"))]
    assert not offenders, offenders


def test_boutons_replies_nommes_en_francais(livre: Path) -> None:
    script = (livre / "_static" / "togglebutton.js").read_text(encoding="utf-8")
    assert "Toggle hidden content" not in script and "Afficher ou masquer le contenu" in script
    page = (livre / "book" / "module3" / "chapitre.html").read_text(encoding="utf-8")
    assert "Skip to main" not in page and "Passer au contenu principal" in page
    # The folded code cells of the notebooks (myst-nb writes the English name into each page).
    english = [p.relative_to(livre).as_posix() for p in learner_pages(livre)
               if re.search(r"Toggle hidden content|Toggle navigation|Skip to main", p.read_text("utf-8"))]
    assert english == []
    assert "<summary>\n<p class=\"collapsed admonition-title\">Afficher le code</p>" in (
        livre / "notebooks" / "module7.html").read_text(encoding="utf-8")


def test_un_seul_titre_dans_l_onglet(livre: Path) -> None:
    home = (livre / "book" / "intro.html").read_text(encoding="utf-8")
    assert re.search(r"<title>Achat public d’innovation urbaine</title>", home), re.search("<title>.*</title>", home)
    chapter = (livre / "book" / "module3" / "chapitre.html").read_text(encoding="utf-8")
    assert "<title>Module 3 — Choisir l’outil juridique &#8212; Achat public d’innovation urbaine</title>" in chapter


@pytest.mark.parametrize("width", [1366, 375])
def test_une_seule_zone_de_recherche(livre: Path, browser: object, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(url(livre, "book/module2/chapitre.html"))
    visible = page.evaluate("""() => Array.from(document.querySelectorAll('.search-button-field, .search-button'))
        .filter(e => e.offsetParent !== null).length""")
    wide = page.evaluate("""() => Array.from(document.querySelectorAll('.pst-scrollable-table-container'))
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => [getComputedStyle(e).overflowX,
        getComputedStyle(e).backgroundImage])""")
    context.close()
    assert visible == 1, f"{visible} zones de recherche visibles à {width} px"
    if width == 375:
        assert wide, "aucun tableau plus large que l'écran dans le chapitre 2 : le test ne vérifie plus rien"
        for overflow, background in wide:
            assert overflow == "auto" and "gradient" in background, "un tableau qui défile doit le montrer"


def test_progression_liste_les_questions_a_retravailler(livre: Path, page: object) -> None:
    page.goto(url(livre, "book/progression.html"))  # type: ignore[attr-defined]
    assert page.locator(".piu-a-retravailler-vide").is_visible()  # type: ignore[attr-defined]
    progress = {"m0-achat-innovant": {"m": 0, "t": 2, "j": False}, "m0-article-innovant": {"m": 0, "t": 1, "j": True}}
    page.evaluate(f"localStorage.setItem('{STORE}', JSON.stringify({json.dumps(progress)}))")  # type: ignore[attr-defined]
    page.reload()  # type: ignore[attr-defined]
    links = page.locator(".piu-a-retravailler li a")  # type: ignore[attr-defined]
    assert links.count() == 1
    assert links.first.get_attribute("href").endswith("module0/chapitre.html#piu-q-m0-achat-innovant")
    assert "achat innovant" in links.first.inner_text().lower()
    assert not page.locator(".piu-a-retravailler-vide").is_visible()  # type: ignore[attr-defined]
    links.first.click()
    page.wait_for_selector("#piu-q-m0-achat-innovant")  # type: ignore[attr-defined]
    assert page.url.endswith("#piu-q-m0-achat-innovant")  # type: ignore[attr-defined]


def test_effacer_demande_confirmation_et_ressemble_a_un_bouton(livre: Path, page: object) -> None:
    page.goto(url(livre, "book/progression.html"))  # type: ignore[attr-defined]
    page.evaluate(f"localStorage.setItem('{STORE}', JSON.stringify({{'m0-achat-innovant': {{m: 0, t: 1, j: false}}}}))")  # type: ignore[attr-defined]
    button = page.get_by_role("button", name="Effacer ma progression…")  # type: ignore[attr-defined]
    style = button.evaluate("e => [getComputedStyle(e).borderTopWidth, getComputedStyle(e).cursor]")
    assert style[0] != "0px" and style[1] == "pointer", style
    asked = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    button.click()
    assert asked and "Effacer" in asked[0]
    assert page.evaluate(f"localStorage.getItem('{STORE}')") is not None  # type: ignore[attr-defined]
    page.once("dialog", lambda d: d.accept())  # type: ignore[attr-defined]
    button.click()
    page.wait_for_function(f"localStorage.getItem('{STORE}') === null")  # type: ignore[attr-defined]
