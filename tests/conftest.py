"""Shared test set-up.

Answers given while testing (including by notebooks run under nbval, whose kernels inherit
this environment) must never reach the user's own progress file: ``PIU_PROGRES`` is pointed
at a throw-away file before anything runs, and so is the project file (``PIU_DOSSIER``).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests judge results, not speed: on a busy 2-core CI machine a slow example must not fail.
settings.register_profile("piu", deadline=None)
settings.load_profile("piu")

_SESSION_DIR = Path(tempfile.mkdtemp(prefix="piu-tests-"))
os.environ["PIU_PROGRES"] = str(_SESSION_DIR / "progres.json")
os.environ["PIU_DOSSIER"] = str(_SESSION_DIR / "dossier.json")  # the learner's project file, likewise

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def progres(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh progress file for one test."""
    path = tmp_path / "progres.json"
    monkeypatch.setenv("PIU_PROGRES", str(path))
    return path


@pytest.fixture
def dossier_vide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh (absent) project file for one test."""
    path = tmp_path / "dossier.json"
    monkeypatch.setenv("PIU_DOSSIER", str(path))
    return path
