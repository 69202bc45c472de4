"""``piu dossier exporter``: the argument a learner types does the natural thing; the dossier is never lost."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from piu.core.cli import main
from tests.conftest import ROOT

EXEMPLE = ROOT / "exercises" / "dossier-cyclologistique.json"


@pytest.fixture
def learner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The learner's folder, holding the dossier of the README's example."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXEMPLE, tmp_path / "dossier-cyclologistique.json")
    return tmp_path / "dossier-cyclologistique.json"


def test_issue_23_commands_leave_the_dossier_byte_for_byte(learner: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = learner.read_bytes()
    assert main(["dossier", "exporter", "dossier-cyclologistique.json", "--format", "docx"]) == 0
    assert learner.read_bytes() == before
    note = learner.with_suffix(".docx")  # the note, beside the dossier
    assert "word/document.xml" in zipfile.ZipFile(note).namelist()
    assert "dossier-cyclologistique.docx" in capsys.readouterr().out
    assert main(["questions", "exporter", "--format", "gift", "--sortie", "dossier-cyclologistique.json"]) == 2
    err = capsys.readouterr().err
    assert "dossier-cyclologistique.json" in err and ".gift" in err and "Traceback" not in err
    assert learner.read_bytes() == before
    for argv in (["dossier", "exporter", "dossier-cyclologistique.json", "--sortie", "dossier-cyclologistique.json"],
                 ["dossier", "exporter", "--fichier", "dossier-cyclologistique.json", "--sortie",
                  "dossier-cyclologistique.json", "--format", "html", "--ecraser"],
                 ["questions", "exporter", "--format", "moodle-xml", "--sortie", "dossier-cyclologistique.json",
                  "--ecraser"]):
        assert main(argv) == 2, argv
    assert learner.read_bytes() == before


def test_a_note_is_written_where_asked_and_replaced_only_by_a_note(learner: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dossier", "exporter", "note.html", "--fichier", str(learner)]) == 0
    assert Path("note.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["dossier", "exporter", "note.html", "--fichier", str(learner)]) == 0  # a note replaces a note
    Path("rapport.docx").write_text("mon rapport à moi", encoding="utf-8")
    assert main(["dossier", "exporter", str(learner), "--sortie", "rapport.docx"]) == 2
    assert "ajoutez --ecraser" in capsys.readouterr().err
    assert Path("rapport.docx").read_text(encoding="utf-8") == "mon rapport à moi"
    assert main(["dossier", "exporter", str(learner), "--sortie", "rapport.docx", "--ecraser"]) == 0


@pytest.mark.parametrize(("argv", "message"), [
    (["dossier", "exporter", "absent.json"], "introuvable"),
    (["dossier", "exporter", "note.txt"], "note.docx ou note.html"),
    (["dossier", "exporter", "note.docx", "--sortie", "autre.docx"], "deux notes"),
    (["dossier", "--fichier", "absent.json"], "introuvable"),
])
def test_what_cannot_be_meant_is_said(learner: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                                      message: str) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err
    assert sorted(p.name for p in learner.parent.iterdir()) == ["dossier-cyclologistique.json"]
