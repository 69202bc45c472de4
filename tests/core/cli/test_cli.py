"""The ``piu`` command: French messages, exit status 2 on bad input, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from piu.core.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "import sys; from piu.core.cli import main; sys.exit(main())",
                           *args], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["progres", "--inconnue"], "option ou argument inconnu : --inconnue"),
        (["truc"], "choix « truc » inconnu"),
        ([], "argument obligatoire manquant"),
        (["questions"], "argument obligatoire manquant"),
        (["progres", "--fichier"], "une valeur est attendue"),
        (["progres", "--fich", "x"], "option ou argument inconnu : --fich"),
        (["procedure", "--acheteur", "collectivite", "--nature", "services", "--montant", "100", "000"],
         "entre guillemets, par exemple --montant \"100 000\""),
    ],
)
def test_usage_errors_are_french_and_exit_2(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "--aide" in result.stderr


def test_help_is_french() -> None:
    result = run("--aide")
    assert result.returncode == 0
    assert "utilisation : piu" in result.stdout and "commandes" in result.stdout


def test_questions_verifier_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["questions", "verifier"]) == 0
    assert "Banque valide" in capsys.readouterr().out
    assert main(["questions", "verifier", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["valide"] and report["questions"] >= 7 and report["problemes"] == []


def test_questions_verifier_lists_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "module9.yaml").write_text(
        "module: 9\nquestions:\n  - id: m9-a\n    type: texte\n  - id: m9-b\n    type: ordre\n",
        encoding="utf-8")
    assert main(["questions", "verifier", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "question « m9-a » : champ « enonce » manquant" in out
    assert "question « m9-b » : champ « elements » manquant" in out


def test_progress_of_a_missing_bank_is_a_french_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PIU_RACINE", str(tmp_path))
    assert main(["progres"]) == 2
    assert "aucun fichier de questions" in capsys.readouterr().err
