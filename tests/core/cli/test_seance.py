"""``piu seance``: the papers in their own folder, never over the trainer's files; exit 2 in French."""

from __future__ import annotations

from pathlib import Path

import pytest

from piu.core.cli import main


def test_papers_then_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "seance.yml").write_text("plan: journee\norganisme: CNFPT\nformateur: D. Durand\n"
                                         "dates: [2027-01-15]\n", encoding="utf-8")
    (tmp_path / "liste.csv").write_text("nom;prenom\nMartin;Camille\nDurand;Léa\n", encoding="utf-8")
    out = tmp_path / "papiers"
    assert main(["seance", "papiers", str(tmp_path / "seance.yml"), "--liste", str(tmp_path / "liste.csv"),
                 "--sortie", str(out), "--sans-pdf"]) == 0
    assert len(list((out / "attestations").glob("*.html"))) == 2
    assert (out / "emargement.html").read_text(encoding="utf-8").count("Feuille d'émargement") == 2
    answers = out / "evaluation-a-chaud-reponses.csv"
    answers.write_text(answers.read_text(encoding="utf-8") + "1;1;1;1;1;1;1;1;1;1;;\n", encoding="utf-8")
    # Run again: the answers typed in are kept, the papers rewritten in the command's own folder.
    assert main(["seance", "papiers", str(tmp_path / "seance.yml"), "--liste", str(tmp_path / "liste.csv"),
                 "--sortie", str(out), "--sans-pdf"]) == 0
    assert answers.read_text(encoding="utf-8").endswith("1;1;1;1;1;1;1;1;1;1;;\n")
    assert main(["seance", "bilan", str(tmp_path / "seance.yml"), str(answers)]) == 0
    assert "1 questionnaire(s)" in capsys.readouterr().out


def test_a_folder_it_did_not_create_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mes-notes.txt").write_text("à moi", encoding="utf-8")
    (tmp_path / "seance.yml").write_text("plan: journee\norganisme: X\nformateur: Y\ndates: [2027-01-15]\n",
                                         encoding="utf-8")
    (tmp_path / "liste.csv").write_text("nom;prenom\nMartin;Camille\n", encoding="utf-8")
    assert main(["seance", "papiers", str(tmp_path / "seance.yml"), "--liste", str(tmp_path / "liste.csv"),
                 "--sortie", str(tmp_path), "--sans-pdf"]) == 2
    err = capsys.readouterr().err
    assert "rien n'a été écrit" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["liste.csv", "mes-notes.txt", "seance.yml"]


def test_a_missing_logo_file_stops_before_anything_is_written(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "seance.yml").write_text("plan: journee\norganisme: CNFPT\nformateur: D. Durand\n"
                                         "dates: [2027-01-15]\nlogo: logo-cnfpt.png\n", encoding="utf-8")
    (tmp_path / "liste.csv").write_text("nom;prenom\nMartin;Camille\n", encoding="utf-8")
    out = tmp_path / "papiers"
    assert main(["seance", "papiers", str(tmp_path / "seance.yml"), "--liste", str(tmp_path / "liste.csv"),
                 "--sortie", str(out), "--sans-pdf"]) == 2
    err = capsys.readouterr().err
    assert "« logo » : fichier" in err and "logo-cnfpt.png introuvable" in err and "Traceback" not in err
    assert not out.exists()
