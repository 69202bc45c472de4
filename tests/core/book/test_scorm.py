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
