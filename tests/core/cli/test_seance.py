"""``piu seance``: the papers in their own folder, never over the trainer's files; exit 2 in French."""

from __future__ import annotations

from pathlib import Path

import pytest

from piu.core.cli import main


def _session(folder: Path, extra: str = "", learners: str = "Martin;Camille\n", organisme: str = "CNFPT",
             formateur: str = "D. Durand") -> list[str]:
    """A session file and its roster in ``folder``; the start of the ``piu seance papiers`` call."""
    (folder / "seance.yml").write_text(f"plan: journee\norganisme: {organisme}\nformateur: {formateur}\n"
                                       f"dates: [2027-01-15]\n{extra}", encoding="utf-8")
    (folder / "liste.csv").write_text("nom;prenom\n" + learners, encoding="utf-8")
    return ["seance", "papiers", str(folder / "seance.yml"), "--liste", str(folder / "liste.csv")]



def test_papers_then_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    papiers = _session(tmp_path, learners="Martin;Camille\nDurand;Léa\n")
    out = tmp_path / "papiers"
    assert main([*papiers, "--sortie", str(out), "--sans-pdf"]) == 0
    assert len(list((out / "attestations").glob("*.html"))) == 2
    assert (out / "emargement.html").read_text(encoding="utf-8").count("Feuille d'émargement") == 2
    answers = out / "evaluation-a-chaud-reponses.csv"
    answers.write_text(answers.read_text(encoding="utf-8") + "1;1;1;1;1;1;1;1;1;1;;\n", encoding="utf-8")
    # Run again: the answers typed in are kept, the papers rewritten in the command's own folder.
    assert main([*papiers, "--sortie", str(out), "--sans-pdf"]) == 0
    assert answers.read_text(encoding="utf-8").endswith("1;1;1;1;1;1;1;1;1;1;;\n")
    assert main(["seance", "bilan", str(tmp_path / "seance.yml"), str(answers)]) == 0
    assert "1 questionnaire(s)" in capsys.readouterr().out


def test_a_folder_it_did_not_create_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mes-notes.txt").write_text("à moi", encoding="utf-8")
    papiers = _session(tmp_path, organisme="X", formateur="Y")
    assert main([*papiers, "--sortie", str(tmp_path), "--sans-pdf"]) == 2
    err = capsys.readouterr().err
    assert "rien n'a été écrit" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["liste.csv", "mes-notes.txt", "seance.yml"]


def test_a_missing_logo_file_stops_before_anything_is_written(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    papiers = _session(tmp_path, extra="logo: logo-cnfpt.png\n")
    out = tmp_path / "papiers"
    assert main([*papiers, "--sortie", str(out), "--sans-pdf"]) == 2
    err = capsys.readouterr().err
    assert "« logo » : fichier" in err and "logo-cnfpt.png introuvable" in err and "Traceback" not in err
    assert not out.exists()
