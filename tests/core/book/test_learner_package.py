"""The learner package refuses to carry a graded key, wherever it hides (issue 22).

A small book is assembled by hand: a clean one gives an archive (0644, the note, the notebooks,
the subject but no key); a key text planted in a page (as the book's typography renders it), in a
gzip copy, in a JSON payload or in the course wheel stops the command, which writes nothing.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from piu.core.book.learner_package import TOP, key_texts, learner_package
from piu.core.cli import main
from piu.core.errors import PiuError
from tests.conftest import ROOT

KEY = ROOT / "exercises" / "banque" / "module8.yaml"


def _key_feedback() -> str:
    """A feedback text of the graded key, read from the bank itself (never copied here)."""
    questions = yaml.safe_load(KEY.read_text(encoding="utf-8"))["questions"]
    return next(o["retour"] for q in questions for o in q.get("options", []) if len(o.get("retour", "")) > 40)


def _wheel(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A course root: the real notebooks, bank, chapters and data."""
    root = tmp_path_factory.mktemp("cours")
    for folder in ("data", "exercises", "notebooks", "book"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("formateur", "_build", "*.png"))
    shutil.copytree(ROOT / "src", root / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


@pytest.fixture
def course(root: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The course root and a small built book with its lite site."""
    book = tmp_path / "html"
    (book / "lite" / "static" / "pyodide").mkdir(parents=True)
    (book / "index.html").write_text("<!DOCTYPE html><title>piu</title>", encoding="utf-8")
    (book / "lite" / "index.html").write_text("<!DOCTYPE html>", encoding="utf-8")
    wheel = _wheel({"piu/__init__.py": b"", "piu/_cours/exercises/banque/module8.sujet.json": b"{}"})
    (book / "lite" / "static" / "pyodide" / "piu-0.1.0-py3-none-any.whl").write_bytes(wheel)
    return root, book


def test_a_clean_book_gives_an_archive_without_the_key(course: tuple[Path, Path], tmp_path: Path) -> None:
    root, book = course
    dest = learner_package(root, book, tmp_path / "sortie" / "piu-apprenant.zip")
    assert dest.stat().st_mode & 0o777 == 0o644
    with zipfile.ZipFile(dest) as archive:
        names = archive.namelist()
        note = archive.read(f"{TOP}/LISEZMOI.txt").decode("utf-8")
    assert f"{TOP}/livre/index.html" in names and f"{TOP}/exercises/module8.ipynb" in names
    assert f"{TOP}/notebooks/module3.ipynb" in names and f"{TOP}/exercises/banque/module3.yaml" in names
    assert f"{TOP}/exercises/banque/module8.sujet.json" in names
    assert not [n for n in names if n.endswith("module8.yaml") or "formateur" in n]
    assert "livre/index.html" in note and "jupyter lab" in note and "piu-0.1.0-py3-none-any.whl" in note
    # Built again: the earlier package is replaced; any other file there is kept.
    learner_package(root, book, dest)
    other = tmp_path / "sortie" / "autre.zip"
    other.write_bytes(_wheel({"x.txt": b"x"}))
    with pytest.raises(PiuError, match="existe déjà"):
        learner_package(root, book, other)
    assert zipfile.ZipFile(other).namelist() == ["x.txt"]


@pytest.mark.parametrize("where", ["page", "gzip", "json", "wheel", "key-file"])
def test_a_key_text_anywhere_stops_the_package(course: tuple[Path, Path], tmp_path: Path, where: str) -> None:
    root, book = course
    feedback = _key_feedback()
    # As the book renders it: escaped, no-break spaces before « : », typographic apostrophes.
    rendered = html.escape(feedback).replace(" :", "\u00a0:").replace("'", "\u2019")
    if where == "page":
        (book / "book" / "module2").mkdir(parents=True)
        (book / "book" / "module2" / "chapitre.html").write_text(f"<p><em>{rendered}</em></p>", encoding="utf-8")
    elif where == "gzip":
        (book / "searchindex.js.gz").write_bytes(gzip.compress(rendered.encode("utf-8")))
    elif where == "json":
        (book / "questions.json").write_text(json.dumps({"retour": feedback}), encoding="utf-8")
    elif where == "wheel":
        wheel = book / "lite" / "static" / "pyodide" / "piu-0.1.0-py3-none-any.whl"
        leaked = {"piu/__init__.py": b"", "piu/_cours/exercises/banque/module8.yaml": KEY.read_bytes()}
        wheel.write_bytes(_wheel(leaked))
    else:
        shutil.copy(KEY, book / "module8.yaml")
    dest = tmp_path / "piu-apprenant.zip"
    with pytest.raises(PiuError, match="corrigé") as refused:
        learner_package(root, book, dest)
    assert "Paquet non écrit" in str(refused.value)
    assert not dest.exists() and not list(tmp_path.glob(".piu-apprenant.zip.*"))


def test_the_key_texts_come_from_the_key_and_not_from_what_learners_see() -> None:
    needles = key_texts(ROOT / "exercises" / "banque")
    questions = yaml.safe_load(KEY.read_text(encoding="utf-8"))["questions"]
    assert len(needles) > len(questions)  # feedback of options and explanations
    covered = set(needles.values())
    assert len(covered) >= 0.9 * len(questions), sorted({q["id"] for q in questions} - covered)
    statements = " ".join(q["enonce"] for q in questions).casefold()
    assert not [n for n in needles if n in statements]


def test_command_without_a_built_book_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["paquet-apprenant", "--livre", str(tmp_path / "absent"), "--sortie", str(tmp_path / "p.zip")])
    assert status == 2
    assert "make livre" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_the_learner_wheel_serves_the_book_with_its_compressed_files(tmp_path: Path) -> None:
    """« python -m piu servir --dossier livre » (the package's note): the wheel leaves the book's
    build code out, so the server must not need it; else a learner falls back on a plain server
    that sends the tools uncompressed (about 50 MB instead of 19)."""
    import subprocess
    import sys

    from piu.core import paths
    from piu.core.book.learner_package import readme
    from piu.core.book.lite.build import browser_wheel

    wheel = browser_wheel(paths.course_root(), tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path / "roue")
    assert "piu/core/cli/servir.py" in names and not any(n.startswith("piu/core/book/") for n in names)
    code = "import piu.core.cli.servir as s; print(s.__file__)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(tmp_path / "roue"), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith(str(tmp_path / "roue"))
    assert "python -m piu servir --dossier livre" in readme(wheel.name, ["pandas"])
