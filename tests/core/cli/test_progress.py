"""``piu progres``: a learner exports from Jupyter, the trainer merges; bad input exits 2 in French."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from piu.core.cli import main
from piu.core.learner import progress


def test_export_from_jupyter_then_merge(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "progres.json"
    progress.enregistrer("m3-quel-contrat", 3, True, mine)
    depot = tmp_path / "depot"
    assert main(["progres", "--fichier", str(mine), "--exporter", str(depot / "camille.json"),
                 "--nom", "Camille Martin"]) == 0
    doc = json.loads((depot / "camille.json").read_text(encoding="utf-8"))
    assert doc["source"] == "jupyter" and doc["reponses"]["m3-quel-contrat"]["tentatives"] == 1
    assert main(["progres", "--groupe", str(depot)]) == 0
    assert (depot / "tableau-du-groupe" / "progression-du-groupe.xlsx").is_file()
    assert "1 participant(s)" in capsys.readouterr().out


def test_no_file_written_over_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("à moi", encoding="utf-8")
    assert main(["progres", "--fichier", str(tmp_path / "p.json"), "--exporter", str(other), "--nom", "A"]) == 2
    assert other.read_text(encoding="utf-8") == "à moi"
    assert main(["progres", "--groupe", str(tmp_path / "absent")]) == 2
    err = capsys.readouterr().err
    assert "rien n'a été écrit" in err and "introuvable" in err and "Traceback" not in err
