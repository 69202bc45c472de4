"""Parts of the book's Sphinx extension that need no build: icons and accent-free search."""

from __future__ import annotations

import pytest
from sphinx.errors import ExtensionError

from piu.core.book.sphinx import icons
from piu.core.book.sphinx.search import SearchFrenchWithoutAccents, sans_accents


def test_every_icon_the_pages_use_is_found_in_the_theme_script() -> None:
    found = icons.solid_icons(icons._font_awesome_script())
    assert set(found) == set(icons.ICONS)
    assert all(path.startswith("M") and width > 0 and height > 0 for width, height, path in found.values())
    css = icons.icons_css(found)
    assert css.count("--piu-icone: url(") == len(icons.ICONS)


def test_a_changed_theme_script_stops_the_build_with_a_french_message() -> None:
    with pytest.raises(ExtensionError, match="jeu « fas » introuvable"):
        icons.solid_icons("nothing here")
    script = 'd("far",x);bars:[448,512,[],"f0c9","M0 0"];d("fas",p)'
    with pytest.raises(ExtensionError, match="icône « sun » introuvable"):
        icons.solid_icons(script, ("bars", "sun"))
    assert icons.solid_icons(script, ("bars",)) == {"bars": (448, 512, "M0 0")}


@pytest.mark.parametrize(("typed", "written"), [("evaluation", "évaluation"), ("procedure", "procédure"),
                                                ("reserves", "réserves"), ("elus", "élus"), ("ecole", "école"),
                                                ("adaptee", "adaptée"), ("procedures", "procédures")])
def test_search_stems_meet_with_or_without_accents(typed: str, written: str) -> None:
    language = SearchFrenchWithoutAccents({})
    assert language.stem(typed) == language.stem(written)
    assert language.stem("Évaluation") == language.stem("evaluation")


def test_search_extracts_read_the_main_text_only() -> None:
    from piu.core.book.sphinx.search import texte_principal

    page = ('<html><body><nav>Menu</nav><main role="main"><h1>Titre<a class="headerlink">¶</a></h1>'
            "<p>La  procédure\n adaptée<br>&amp; ses « seuils »</p><script>var x = 1;</script>"
            "<style>p{}</style><img alt='x'><details class='hide'><summary>Afficher le code</summary>"
            "<div class='cell_input'><pre>x = 1</pre></div></details></main><footer>Pied</footer></body></html>")
    assert texte_principal(page) == "TitreLa procédure adaptée& ses « seuils »"


def test_the_browser_stemmer_strips_accents_the_same_way() -> None:
    code = SearchFrenchWithoutAccents({}).js_stemmer_code
    assert "FrenchStemmer" in code and 'stemmer.stemWord(word.normalize("NFD")' in code  # accents first
    assert sans_accents("Œuvre « à » éèêç") == "Œuvre « a » eeec"


def test_notebooks_show_no_test_marker_and_fold_their_code() -> None:
    from piu.core.book.sphinx.notebooks import book_view

    notebook = {"cells": [
        {"cell_type": "code", "metadata": {}, "source": ["# NBVAL_CHECK_OUTPUT\n", "verifier('x', 1)\n"]},
        {"cell_type": "code", "metadata": {"tags": ["montrer-code"]}, "source": "ma_reponse = None  # NBVAL_X"},
        {"cell_type": "code", "metadata": {"tags": ["remove-cell"]}, "source": "x = 1"},
        {"cell_type": "markdown", "metadata": {}, "source": "# NBVAL_CHECK_OUTPUT reste dans le texte"},
    ]}
    cells = book_view(notebook)["cells"]
    assert cells[0]["source"] == "verifier('x', 1)\n" and cells[0]["metadata"]["tags"] == ["hide-input"]
    assert cells[1]["metadata"]["tags"] == ["montrer-code"]
    assert cells[2]["metadata"]["tags"] == ["remove-cell"]
    assert cells[3]["source"].startswith("# NBVAL")
