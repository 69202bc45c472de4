"""Module 7: the note d'opportunité, read back with other libraries than the ones that wrote it."""

from __future__ import annotations

import copy
import html
import importlib.util
import io
import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx2python import docx2python

from piu.core.cli import main
from piu.core.learner import dossier
from piu.fil_rouge import etat_dossier, note_docx, note_html, texte_etat
from piu.fil_rouge.sections import SECTIONS

ROOT = Path(__file__).resolve().parents[2]
EXEMPLE = ROOT / "exercises" / "dossier-cyclologistique.json"
NBSP, NNBSP = "\u00a0", "\u202f"


def _plain(text: str) -> str:
    return text.replace(NBSP, " ").replace(NNBSP, " ").replace("\u2019", "'")


@pytest.fixture(scope="module")
def exemple() -> dict:
    return dossier.lire(EXEMPLE)


@pytest.fixture(scope="module", params=["python-docx", "navigateur"])
def docx_lu(request: pytest.FixtureRequest, exemple: dict) -> tuple[list, str, float, bytes]:
    """The example note written by python-docx (Jupyter, CLI) and by the pure-Python writer the
    browser uses (no lxml there), each read back by docx2python: every check runs on both."""
    note_html(exemple)  # warm up (matplotlib's first import): the time measured is the export's
    start = time.perf_counter()
    if request.param == "python-docx":
        content = note_docx(exemple)
    else:
        from piu.fil_rouge.note import _note_docx_simple

        content = _note_docx_simple(exemple)
    elapsed = time.perf_counter() - start
    print(f"\nExport Word du dossier d'exemple ({request.param}) : {elapsed:.2f} s")
    with docx2python(io.BytesIO(content), html=True) as read:
        return read.body, read.text, elapsed, content


@pytest.fixture(scope="module")
def html_exemple(exemple: dict) -> str:
    return note_html(exemple)


class _Page(HTMLParser):
    """Headings, table cells and paragraphs of an HTML page (standard library parser)."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.texts: list[str] = []
        self._tag = ""
        self._buffer = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        if tag in ("h1", "h2", "td", "th", "p", "li"):
            self._tag, self._buffer = tag, ""

    def handle_endtag(self, tag: str) -> None:
        if tag != self._tag:
            return
        text = _plain(self._buffer.strip())
        if tag in ("h1", "h2"):
            self.headings.append(text)
        elif tag in ("td", "th"):
            self.tables[-1][-1].append(text)
        else:
            self.texts.append(text)
        self._tag = ""

    def handle_data(self, data: str) -> None:
        self._buffer += data


def _page(document: dict | str) -> _Page:
    page = _Page()
    page.feed(document if isinstance(document, str) else note_html(document))
    return page


def _tables(body: list) -> list[list[list[str]]]:
    """docx2python's tables as rows of plain cell texts (bold marks removed)."""
    out = []
    for table in body:
        rows = [[_plain(" ".join(par for par in cell).replace("<b>", "").replace("</b>", "")) for cell in row]
                for row in table]
        if len(rows) > 1:
            out.append(rows)
    return out


def test_example_docx_has_real_headings_for_every_section(docx_lu: tuple) -> None:
    _, text, elapsed, _ = docx_lu
    for number, section in enumerate(SECTIONS, start=1):
        assert f"<h1>{number}. {section.titre}</h1>" in _plain(text).replace("’", "'") or \
            f"<h1>{number}. {section.titre}</h1>" in _plain(text)
    assert "<h1>Sources et bases légales</h1>" in text
    assert elapsed < 10


def test_example_docx_grid_table_has_the_grid_figures(docx_lu: tuple, exemple: dict) -> None:
    grid = exemple["sections"]["grille"]["donnees"]
    tables = _tables(docx_lu[0])
    table = next(t for t in tables if t[0][0] == "Rang")
    assert table[0][1] == "Option" and table[0][-1] == "Note pondérée"
    assert "Impact environnemental (25)" in table[0]
    first = min(grid["options"], key=lambda o: o["rang"])
    assert table[1][:2] == ["1", first["nom"]]
    assert table[1][-1] == f"{first['score']:.2f}".replace(".", ",")
    assert len(table) == 1 + len(grid["options"])


def test_example_docx_financing_table_totals(docx_lu: tuple, exemple: dict) -> None:
    plan = exemple["sections"]["financement"]["donnees"]
    table = next(t for t in _tables(docx_lu[0]) if t[0][:2] == ["Source", "Type"])
    assert [r[0] for r in table[1:-1]] == [s["nom"] for s in plan["sources"]]
    assert table[-1][0] == "Total des ressources"
    assert table[-1][2] == "340 000 € HT" and table[-1][3] == "100,0 %"
    assert table[1][2] == "85 000 € HT" and table[1][3] == "25,0 %"


def test_example_docx_has_the_two_charts(docx_lu: tuple) -> None:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx_lu[3])) as archive:
        images = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert len(images) == 2


def test_example_html_same_content(html_exemple: str) -> None:
    page = _page(html_exemple)
    assert page.headings[0].startswith("Note d'opportunité — Cyclologistique")
    assert page.headings[1:] == [f"{n}. {s.titre}" for n, s in enumerate(SECTIONS, 1)] + ["Sources et bases légales"]
    financing = next(t for t in page.tables if t[0][:2] == ["Source", "Type"])
    assert financing[-1][2] == "340 000 € HT"
    grid = next(t for t in page.tables if t[0][0] == "Rang")
    assert grid[1][1] == "Vélos cargo en coopérative"
    assert any("Compte rendu des ateliers « Place de l'Innovation Urbaine (PIU) »" in t for t in page.texts)
    assert any("CCP art." in t for t in page.texts)  # legal bases gathered at the end
    assert html_exemple.count('<img alt="') == 2


def test_the_example_names_criteria_and_vehicle_as_a_reader_does(html_exemple: str) -> None:
    page = _page(html_exemple)
    text = " ".join(page.texts)
    assert "À compléter" not in text  # every section filled by its tool, the living lab too
    cells = [cell for table in page.tables for row in table for cell in row]
    assert "Indépendance de la structure" in cells and "independance" not in cells
    assert "Marché public passé selon la valeur estimée" in cells and "marche-public" not in text


def test_half_filled_dossier_exports_with_sections_to_complete(tmp_path: Path) -> None:
    half = dossier.nouveau({"nom": "Mon projet"})
    dossier.ajouter_section("besoin", "besoin", {"usage": "u", "usagers": "v", "resultat_attendu": "r",
                                                 "mesure": "m", "contraintes": "c"}, "2026-12-03", tmp_path / "d.json")
    half = dossier.lire(tmp_path / "d.json")
    page = _page(half)
    todo = [t for t in page.texts if t.startswith("À compléter avec")]
    assert len(todo) == len(SECTIONS) - 1
    assert "À compléter avec le vérificateur de plan de financement (module 4)." in todo
    with docx2python(io.BytesIO(note_docx(half))) as read:
        assert _plain(read.text).count("À compléter avec") == len(SECTIONS) - 1
    assert [e.rempli for e in etat_dossier(half)].count(True) == 1
    assert "1 section remplie sur 13" in texte_etat(half).replace(NBSP, " ")


def test_learner_text_is_escaped_in_html(exemple: dict) -> None:
    bad = copy.deepcopy(exemple)
    bad["projet"]["nom"] = '<script>alert("x")</script>'
    bad["sections"]["besoin"]["donnees"]["usage"] = "<img src=x onerror=alert(1)>"
    out = note_html(bad)
    assert "<script>" not in out and "<img src=x" not in out
    assert html.escape("<img src=x onerror=alert(1)>") in out


def test_cli_reports_and_exports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dossier", "--fichier", str(EXEMPLE)]) == 0
    out = capsys.readouterr().out
    assert "13 sections remplies sur 13" in out.replace(NBSP, " ") and "✘" not in out
    for fmt in ("docx", "html"):
        target = tmp_path / f"note.{fmt}"
        assert main(["dossier", "exporter", str(target), "--fichier", str(EXEMPLE)]) == 0
        assert target.stat().st_size > 1000
    assert main(["dossier", "exporter", str(tmp_path / "note.txt"), "--fichier", str(EXEMPLE)]) == 2
    assert "note.docx ou note.html" in capsys.readouterr().err


def _corruptions() -> list[tuple[str, str, str]]:
    text = EXEMPLE.read_text(encoding="utf-8")
    doc = json.loads(text)
    wrong_amount = copy.deepcopy(doc)
    wrong_amount["sections"]["financement"]["donnees"]["sources"][1]["montant"] = "beaucoup"
    missing = copy.deepcopy(doc)
    del missing["sections"]["grille"]["donnees"]["criteres"]
    bad_note = copy.deepcopy(doc)
    bad_note["sections"]["freins"]["donnees"]["freins"][0]["note"] = 7
    extra = copy.deepcopy(doc)
    extra["sections"]["contrat"]["donnees"]["pirate"] = True
    return [
        ("tronqué", text[: len(text) // 2], "tronqué"),
        ("version", json.dumps({**doc, "version": 2}), "« version »"),
        ("montant", json.dumps(wrong_amount), "sections.financement.donnees.sources[2].montant"),
        ("manquant", json.dumps(missing), "sections.grille.donnees.criteres"),
        ("note", json.dumps(bad_note), "sections.freins.donnees.freins[1].note"),
        ("inconnu", json.dumps(extra), "sections.contrat.donnees.pirate"),
        ("vide", "", "vide"),
    ]


@pytest.mark.parametrize(("name", "content", "field"), _corruptions(), ids=lambda v: v if len(v) < 12 else "")
def test_corrupted_dossier_exits_2_names_the_field_and_is_kept(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str, field: str) -> None:
    path = tmp_path / "dossier.json"
    path.write_text(content, encoding="utf-8")
    assert main(["dossier", "--fichier", str(path)]) == 2
    assert main(["dossier", "exporter", str(tmp_path / "n.docx"), "--fichier", str(path)]) == 2
    err = capsys.readouterr().err
    assert field in err and "Traceback" not in err
    assert path.read_text(encoding="utf-8") == content
    assert not (tmp_path / "n.docx").exists()


def test_the_example_is_what_the_steps_produce() -> None:
    spec = importlib.util.spec_from_file_location("dossier_exemple", ROOT / "scripts" / "dossier_exemple.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.construire() == json.loads(EXEMPLE.read_text(encoding="utf-8"))


def test_word_export_works_without_python_docx(monkeypatch: pytest.MonkeyPatch, exemple: dict) -> None:
    """In the browser python-docx cannot import (no lxml): the note is still a Word file."""
    import sys
    import zipfile

    monkeypatch.setitem(sys.modules, "docx", None)
    content = note_docx(exemple)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert {"[Content_Types].xml", "word/document.xml", "word/styles.xml"} <= set(archive.namelist())
        body = archive.read("word/document.xml").decode("utf-8")
    assert '<w:pStyle w:val="Heading1"/>' in body and "<w:tbl>" in body


# -- Wording: the note is read by elected members, not by a learner of the course --------------
def _texte_note(document: dict) -> str:
    """Everything a reader of the exported note reads (HTML export, tags dropped, plain spaces)."""
    page = _page(document)
    cells = [cell for table in page.tables for row in table for cell in row]
    return _plain("\n".join([*page.headings, *page.texts, *cells]))


def _scic_en_defaut() -> dict:
    """The example dossier whose SCIC breaks two rules with counts in their messages: two
    categories of members only, and employees none of whom is a member."""
    from piu.cooperation import donnees_gouvernance
    from piu.cooperation.scic_modele import Associe, Scic

    scic = Scic(nom="Coop en défaut", forme="SAS", effectif_salarie=3,
                associes=(Associe("Ville", "collectivites", 1000), Associe("Fonds", "autres", 500)))
    document = copy.deepcopy(dossier.lire(EXEMPLE))
    document["sections"]["gouvernance"]["donnees"] = donnees_gouvernance(scic)
    return document


@pytest.fixture(scope="module", params=["exemple", "minimal", "scic-en-defaut"])
def note_lue(request: pytest.FixtureRequest) -> str:
    """The note exported from the example dossier, from a dossier with only a name, and from the
    example whose SCIC is not compliant (counts in the breaches)."""
    document = {"exemple": lambda: dossier.lire(EXEMPLE), "minimal": lambda: dossier.nouveau({"nom": "Mon projet"}),
                "scic-en-defaut": _scic_en_defaut}[request.param]()
    return _texte_note(document)


def test_the_note_names_each_tool_with_its_article(note_lue: str) -> None:
    lines = [line for line in note_lue.splitlines() if line.startswith(("Établi avec", "À compléter avec"))]
    assert len(lines) == len(SECTIONS) or "Mon projet" in note_lue
    bare = [line for line in lines if not re.match(r"(Établi|À compléter) avec (la |le |l'outil « )", line)]
    assert bare == []


def test_the_note_speaks_to_elected_members(note_lue: str) -> None:
    assert "(s)" not in note_lue
    learner = re.findall(r"(?i).{0,40}\b(cliquez|votre formateur|exercices?|étape suivante|du module|"
                         r"cherchez son levier)\b.{0,40}", note_lue)
    assert learner == []


def test_the_note_says_each_paragraph_once(note_lue: str) -> None:
    lines = [line.strip(" ;.") for line in note_lue.splitlines() if len(line) > 30]
    repeated = sorted({line for line in lines if lines.count(line) > 1})
    assert repeated == []


def test_the_note_gives_group_names_not_ids(note_lue: str) -> None:
    from piu.cooperation.scic_modele import CATEGORIES
    from piu.fil_rouge.note import CATEGORIES_SCIC, GROUPES_FREINS
    from piu.freins.catalogue import GROUPES

    # The note's own tables (it imports no module) say what the modules say.
    assert {k: v.lower() for k, v in GROUPES_FREINS.items()} == {k: v.lower() for k, v in GROUPES.items()}
    assert CATEGORIES_SCIC == CATEGORIES
    ids = {k for k, v in [*GROUPES.items(), *CATEGORIES.items()] if k != v.lower()}  # not « territoires »
    cells = set(note_lue.splitlines())
    assert cells.isdisjoint(ids), sorted(cells & ids)


def test_the_example_note_words(html_exemple: str, exemple: dict) -> None:
    text = _texte_note(exemple)
    assert "Établi avec la carte des freins, le 03/12/2026." in text
    assert "Établi avec l'outil « Est-ce innovant ? », le 03/12/2026." in text
    assert "Qualification au 01/09/2026 : marché public (CCP art. L1111-1)." in text
    assert "Conclusion : plusieurs indices concordants" in text
    assert "Règles appliquées aux dates du 01/09/2026 et du 03/12/2026 : à revérifier" in text
    # The minimum share is 20 %, not 2 000 % (the financing form multiplied a percentage by 100).
    assert "minimum requis : 20,0 %" in text
    assert "5. Action à définir pour le frein propre au projet « Un local sûr" in text


def test_a_scic_in_breach_agrees_its_counts() -> None:
    text = _texte_note(_scic_en_defaut())
    assert "2 catégories d'associés" in text and "3 salariés mais aucun" in text
