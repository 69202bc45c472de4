"""Learner and trainer builds: the learner's book holds no trainer page, the trainer's holds both."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("sommaire_formateur", ROOT / "scripts" / "sommaire_formateur.py")
sommaire = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sommaire)  # type: ignore[union-attr]


def files(toc: dict) -> list[str]:
    found = []

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                found.append(entry["file"])
            walk(entry.get("sections", []) + entry.get("chapters", []))

    for part in toc["parts"]:
        walk(part["chapters"])
    return found


def test_the_learner_table_has_no_trainer_page() -> None:
    learner = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    assert not [f for f in files(learner) if f.startswith("book/formateur")]


def test_the_trainer_table_is_the_learner_table_plus_the_trainer_pages() -> None:
    learner = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    trainer = sommaire.trainer_toc()
    assert trainer["parts"][: len(learner["parts"])] == learner["parts"]
    extra = files(trainer)[len(files(learner)):]
    assert extra and all(f.startswith("book/formateur/") for f in extra)
    assert all((ROOT / f"{f}.md").exists() or (ROOT / f"{f}.ipynb").exists() for f in extra)


def test_the_script_refuses_a_malformed_trainer_part(tmp_path: Path) -> None:
    (tmp_path / "book" / "formateur").mkdir(parents=True)
    (tmp_path / "_toc.yml").write_text((ROOT / "_toc.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "book" / "formateur" / "sommaire.yml").write_text("file: book/formateur/guide\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="une liste de parties"):
        sommaire.trainer_toc(tmp_path)


@pytest.mark.navigateur
def test_learner_build_holds_no_trainer_page(livre: Path) -> None:
    assert not (livre / "book" / "formateur").exists()
    pages = "\n".join(p.read_text(encoding="utf-8") for p in livre.rglob("*.html"))
    assert "Guide du formateur" not in pages
    assert "Guide du formateur" not in (livre / "searchindex.js").read_text(encoding="utf-8")


@pytest.mark.navigateur
def test_trainer_build_holds_every_page(tmp_path: Path, livre: Path) -> None:
    toc = tmp_path / "_toc-formateur.yml"
    assert sommaire.main([str(toc)]) == 0
    env = {**os.environ, "PIU_PROGRES": str(tmp_path / "progres.json"), "PIU_DATE_FICHES": "2025-06-01"}
    jb = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run([str(jb), "build", str(ROOT), "--builder", "html", "--toc", str(toc),
                             "--path-output", str(tmp_path), "-W", "-n", "--keep-going"],
                            capture_output=True, text=True, env=env, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = tmp_path / "_build" / "html"
    assert (html / "book" / "formateur" / "guide.html").exists()
    learner_pages = {p.relative_to(livre) for p in livre.rglob("*.html")
                     if "_static" not in p.parts and p.relative_to(livre).parts[0] != "lite"}
    assert learner_pages <= {p.relative_to(html) for p in html.rglob("*.html")}
    # The trainer's kit: keys for every bank question, handouts for the date set at build time.
    from piu.core.questions.bank import charger_banque
    kit = html / "book" / "formateur"
    keys = (kit / "corriges.html").read_text(encoding="utf-8")
    assert all(f'data-question="{q.id}"' in keys for q in charger_banque())
    handouts = (kit / "fiches.html").read_text(encoding="utf-8")
    assert "Règles en vigueur le <strong>01/06/2025</strong>" in handouts
    assert "221\u202f000\u00a0€\u00a0HT" in handouts and "216\u202f000\u00a0€\u00a0HT" not in handouts
    vigilances = (kit / "vigilances.html").read_text(encoding="utf-8")
    assert 'href="../module2/chapitre.html#m2-grille-attribution"' in vigilances
