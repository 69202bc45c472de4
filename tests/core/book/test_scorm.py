"""The SCORM 1.2 manifest and archive: chapters as SCOs, never the trainer's book."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from piu.core.book.scorm import manifest, package
from piu.core.errors import PiuError


def small_book(root: Path) -> Path:
    for page in ("index.html", "book/module3/chapitre.html", "book/module1/chapitre.html", "lite/index.html",
                 "book/module3/chapitre.html.gz"):
        (root / page).parent.mkdir(parents=True, exist_ok=True)
        (root / page).write_text("<html></html>", encoding="utf-8")
    return root


def test_each_chapter_is_a_sco_in_the_modules_order(tmp_path: Path) -> None:
    text = manifest(small_book(tmp_path))
    assert "<schemaversion>1.2</schemaversion>" in text
    assert text.index('href="book/module1/chapitre.html"') < text.index('href="book/module3/chapitre.html"')
    assert text.count('adlcp:scormtype="sco"') == 2


def test_the_archive_leaves_the_tools_and_gzip_out(tmp_path: Path) -> None:
    names = zipfile.ZipFile(package(small_book(tmp_path / "html"), tmp_path / "p.zip")).namelist()
    assert names[0] == "imsmanifest.xml" and "book/module3/chapitre.html" in names
    assert not [n for n in names if n.startswith("lite/") or n.endswith(".gz")]


def test_the_trainers_book_is_refused(tmp_path: Path) -> None:
    html = small_book(tmp_path / "html")
    (html / "book" / "formateur").mkdir()
    with pytest.raises(PiuError, match="livre du formateur"):
        package(html, tmp_path / "p.zip")


# --- the tools are not in the package: their buttons and links give way to a note -------------------

RUNNER_PAGE = """<h1>Outils</h1>{block}<p>Suite.</p>"""


def tool_page_block(to_root: str = "../") -> str:
    from piu.core.book.runner import block_html

    return block_html([{"index": 0, "source": "x = '</div>'"}], to_root, "notebooks",
                      f"{to_root}lite/notebooks/index.html?path=notebooks/module3.ipynb&piu-executer=1",
                      f"{to_root}book/module3/chapitre.html")


def test_the_tool_buttons_and_jupyterlite_links_give_way_to_a_note() -> None:
    from piu.core.book.runner import block_html
    from piu.core.book.scorm import without_tools
    from piu.core.book.sphinx.lite import lite_href, tools_html

    page = without_tools(RUNNER_PAGE.format(block=tool_page_block()), "notebooks/module3.html")
    assert "piu-outil-bouton" not in page and "lite/" not in page and "voir le code" not in page
    assert "demandez l’adresse à votre formateur" in page and "<p>Suite.</p>" in page
    assert '<a class="piu-outil-chapitre" href="../book/module3/chapitre.html">Retour au chapitre</a>' in page
    exercises = without_tools(block_html([{"index": 0, "source": "x = 1"}], "../", "exercises",
                                         lite_href("exercises/module0", "../"), None), "exercises/module0.html")
    assert "piu-outil-bouton" not in exercises and "lite/" not in exercises and "<script" not in exercises
    chapter = without_tools(tools_html("../../notebooks/module3.html", "Module 3 — outils"),
                            "book/module3/chapitre.html")
    assert '<a href="../../notebooks/module3.html">Module 3 — outils</a>' in chapter  # still in the package
    assert "Ouvrir l" not in chapter and "demandez l’adresse à votre formateur" in chapter


def test_with_the_sites_address_the_note_links_to_the_same_page_there() -> None:
    from piu.core.book.scorm import adresse_du_site, without_tools

    site = adresse_du_site("https://intranet.ville.fr/piu")
    assert site == "https://intranet.ville.fr/piu/"
    page = without_tools(RUNNER_PAGE.format(block=tool_page_block()), "notebooks/module3.html", site)
    assert '<a href="https://intranet.ville.fr/piu/notebooks/module3.html">https://intranet.ville.fr/piu/</a>' in page
    assert "demandez" not in page
    from piu.core.book.sphinx.lite import tools_html
    chapter = without_tools(tools_html("../../notebooks/module3.html", "M3"), "book/module3/chapitre.html", site)
    assert 'href="https://intranet.ville.fr/piu/notebooks/module3.html"' in chapter


@pytest.mark.parametrize("typed", ["intranet", "ftp://serveur/piu/", "https://", 'https://a.fr/"><script>'])
def test_a_bad_site_address_is_refused_in_french(typed: str) -> None:
    from piu.core.book.scorm import adresse_du_site

    with pytest.raises(PiuError, match=r"Adresse du site du cours .* illisible : donnez l'adresse complète"):
        adresse_du_site(typed)


def test_a_link_to_a_file_left_out_stops_the_packaging(tmp_path: Path) -> None:
    from piu.core.book.scorm import dead_links

    html = small_book(tmp_path / "html")
    (html / "notebooks").mkdir()
    (html / "notebooks" / "module3.html").write_text(RUNNER_PAGE.format(block=tool_page_block()), encoding="utf-8")
    names = zipfile.ZipFile(package(html, tmp_path / "p.zip")).namelist()  # the tools' links are gone
    assert "notebooks/module3.html" in names
    (html / "book" / "module1" / "chapitre.html").write_text(
        '<a href="../../lite/lab/index.html">JupyterLite</a><img src="../../_images/absente.png">'
        '<a href="https://example.org/">ailleurs</a><a href="#haut">haut</a><a href="../module3/chapitre.html#x">3</a>',
        encoding="utf-8")
    with pytest.raises(PiuError, match=r"2 lien\(s\) vers un fichier absent") as info:
        package(html, tmp_path / "p2.zip")
    assert "book/module1/chapitre.html : ../../lite/lab/index.html" in str(info.value)
    assert not (tmp_path / "p2.zip").exists()
    assert dead_links({"a/b.html": '<a href="../c/">c</a>', "c/index.html": ""}) == []
