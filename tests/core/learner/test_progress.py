"""The progress file: atomic, locked, never lost."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import pytest

from piu.core.cli import main
from piu.core.learner import progress


def test_records_attempts_and_keeps_success(progres: Path) -> None:
    progress.enregistrer("m0-a", 0, juste=False)
    progress.enregistrer("m0-a", 0, juste=True)
    progress.enregistrer("m0-a", 0, juste=False)
    suivi = progress.lire()["m0-a"]
    assert suivi.tentatives == 3 and suivi.juste and suivi.module == 0
    assert json.loads(progres.read_text(encoding="utf-8"))["version"] == progress.FORMAT_VERSION


def _writer(path: str, prefix: str, count: int) -> None:
    for i in range(count):
        progress.enregistrer(f"{prefix}-{i}", 0, juste=True, fichier=Path(path))


def test_two_notebooks_at_once_lose_nothing(progres: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_writer, args=(str(progres), name, 40)) for name in ("nb1", "nb2")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
        assert w.exitcode == 0
    assert len(progress.lire(progres)) == 80


def test_a_crash_while_writing_leaves_the_old_file(progres: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    progress.enregistrer("m0-a", 0, juste=True)
    before = progres.read_bytes()

    def killed(*_: object) -> None:
        raise KeyboardInterrupt  # the kernel is interrupted between write and rename

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        progress.enregistrer("m0-b", 0, juste=True)
    monkeypatch.undo()
    assert progres.read_bytes() == before
    assert [p.name for p in progres.parent.iterdir() if p.suffix == ".tmp"] == []


def test_unreadable_file_is_kept_aside_not_erased(progres: Path, capsys: pytest.CaptureFixture[str]) -> None:
    progres.write_text("{ceci n'est pas du JSON", encoding="utf-8")
    progress.enregistrer("m0-a", 0, juste=True)
    aside = list(progres.parent.glob("progres.illisible-*.json"))
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == "{ceci n'est pas du JSON"
    assert "conservé" in capsys.readouterr().out
    assert progress.lire()["m0-a"].juste


def test_piu_progres_shows_modules(progres: Path, capsys: pytest.CaptureFixture[str]) -> None:
    progress.enregistrer("m0-achat-innovant", 0, juste=True)
    progress.enregistrer("m0-article-innovant", 0, juste=False)
    assert main(["progres"]) == 0
    out = capsys.readouterr().out
    assert "Module 0 — Prendre en main le cours" in out and "1/7 réussies, 2 tentée(s)" in out
    assert main(["progres", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0] == {"module": 0, "titre": "Prendre en main le cours", "questions": 7,
                       "tentees": 2, "reussies": 1}


def test_verifier_records_and_prints(progres: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from piu import verifier

    verifier("m0-valeur-estimee", 30_000)
    verifier("m0-valeur-estimee", "cent vingt mille")
    verifier("m0-valeur-estimee", "120 000 €")
    out = capsys.readouterr().out
    assert "✘ Pas encore — Vous avez compté une seule année" in out
    assert "⚠ « cent vingt mille » n'est pas un nombre lisible" in out
    assert "✔ Juste" in out and "R2121-1" in out
    assert progress.lire()["m0-valeur-estimee"].tentatives == 2  # the unreadable one is not counted


def test_unwritable_progress_still_gives_the_verdict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from piu import verifier

    blocker = tmp_path / "fichier"
    blocker.write_text("x")
    monkeypatch.setenv("PIU_PROGRES", str(blocker / "progres.json"))  # parent is a file
    verifier("m0-valeur-estimee", 120_000)
    out = capsys.readouterr().out
    assert "✔ Juste" in out and "PIU_PROGRES" in out
