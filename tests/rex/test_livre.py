"""The deck in the web book: the generic ``{tableau-filtrable}`` directive and the REX table."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from piu.core.book.sphinx.tableau import Filtre, Ligne, Proximite, Tableau, load_table, sections_html, table_html
from piu.core.errors import PiuError
from piu.rex import charger_jeu
from piu.rex.livre import tableau

ROOT = Path(__file__).resolve().parents[2]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ("br", "input", "img"):
            self.stack.append(tag)
        self.ids += [v for k, v in attrs if k == "id"]

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"balise </{tag}> mal fermée"


def parse(block: str) -> _Tags:
    parser = _Tags()
    parser.feed(block)
    assert parser.stack == []
    return parser


def test_the_rex_table_has_one_row_per_card_with_filters_and_proximity():
    table = tableau()
    deck = charger_jeu()
    assert [r.id for r in table.lignes] and sorted(r.id for r in table.lignes) == sorted(c["id"] for c in deck)
    block = table_html(table)
    parse(block)
    assert block.count("<tr data-filtres=") == len(deck)
    assert 'data-filtre="theme"' in block and 'data-filtre="contrat"' in block
    assert json.loads(re.search(r'data-bornes="([^"]*)"', block).group(1)) == [2000, 10000, 50000, 200000, 1000000]
    assert 'data-proche="1424069"' in block  # the Lyon cards carry their population
    assert all(p.exists() for p in table.dependances)


def test_every_card_is_readable_in_full_with_its_sources():
    table = tableau()
    block = sections_html(table)
    tags = parse(block)
    assert tags.ids == [f"fiche-{r.id}" for r in table.lignes]
    for card in charger_jeu():
        for source in card["sources"]:
            if source["url"].startswith("http"):
                assert f'href="{source["url"]}"' in block.replace("&amp;", "&")
    assert "Marguerite Pierson" in block and "Qui contacter" in block


def test_text_is_escaped_and_only_web_links_are_kept():
    row = Ligne(id="x", titre="<script>alert(1)</script>", cellules=("a & b",), filtres={"t": "' onmouseover='"},
                sections=(("<b>", "<i>"),), liens=(("lien", "javascript:alert(1)"), ("ok", "https://ex.fr/?a=1&b=2")))
    table = Tableau("Légende", ("Fiche", "Col"), (row,), (Filtre("t", "T", (("v", "<v>"),)),),
                    Proximite("Population", (10.0,), "aide"))
    block = table_html(table) + sections_html(table)
    parse(block)
    assert "<script>" not in block and "<b>" not in block and "javascript:" not in block
    assert "onmouseover='" not in block
    assert 'href="https://ex.fr/?a=1&amp;b=2"' in block


def test_bad_row_id_and_bad_targets_are_clear_errors():
    with pytest.raises(PiuError, match="invalide"):
        sections_html(Tableau("L", ("F",), (Ligne(id="Pas bon", titre="t", cellules=(), filtres={}),)))
    with pytest.raises(PiuError, match="écrivez module:fonction"):
        load_table("piu.rex.livre")
    with pytest.raises(PiuError, match="introuvable"):
        load_table("piu.rex.livre:absente")
    with pytest.raises(PiuError, match="doit renvoyer un Tableau"):
        load_table("piu.rex.jeu:charger_jeu")


def test_the_page_and_chapters_link_the_deck():
    page = (ROOT / "book" / "rex" / "cartes.md").read_text(encoding="utf-8")
    assert page.count("{tableau-filtrable} piu.rex.livre:tableau") == 2 and ":fiches:" in page
    for heading in ("## Objectifs", "## Prérequis", "## À retenir", "## Pour aller plus loin"):
        assert heading in page
    for chapter in ("module3", "module5"):
        text = (ROOT / "book" / chapter / "chapitre.md").read_text(encoding="utf-8")
        assert "{doc}`fiches REX <../rex/cartes>`" in text
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    assert "book/rex/cartes" in toc and "notebooks/rex" in toc


def test_the_rex_notebook_opens_in_the_browser_too():
    from piu.core.book.lite import build
    from piu.core.book.sphinx.lite import lite_href

    assert "path=notebooks/rex.ipynb" in lite_href("notebooks/rex", "../")
    notebook = build.lite_notebook(ROOT / "notebooks" / "rex.ipynb", "notebooks", build.chart_packages(ROOT))
    first = notebook["cells"][0]["source"]
    assert first.splitlines()[-1] == 'prepare("notebooks")' and "matplotlib" not in first


def test_source_dates_are_written_the_french_way():
    from piu.rex.jeu import texte_source

    source = {"titre": "T", "editeur": "E", "url": "https://ex.fr", "date": "2022-06", "consulte_le": "2026-12-03"}
    assert texte_source(source) == "T, E, 06/2022, consultée le 03/12/2026 — https://ex.fr"
    assert "date non indiquée" in texte_source({**source, "date": "non indiquée"})
