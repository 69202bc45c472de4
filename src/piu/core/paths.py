"""Where the course's files live.

The package is installed in editable mode from ``src/``, so the course folders (``data/``,
``exercises/``) sit two levels above it. ``PIU_RACINE`` points elsewhere, for a trainer who
copies the course, and ``PIU_PROGRES`` chooses the learner's progress file.
"""

from __future__ import annotations

import os
from pathlib import Path


def course_root() -> Path:
    """Root of the course checkout (the folder holding ``data/`` and ``exercises/``)."""
    if env := os.environ.get("PIU_RACINE"):
        return Path(env)
    return Path(__file__).resolve().parents[3]


def data_dir() -> Path:
    """Folder of the CSV files and their ``datapackage.json``."""
    return course_root() / "data"


def bank_dir() -> Path:
    """Folder of the question bank, one YAML file per module."""
    return course_root() / "exercises" / "banque"


def progress_file() -> Path:
    """The learner's progress file: ``PIU_PROGRES`` or ``~/.piu/progres.json``."""
    if env := os.environ.get("PIU_PROGRES"):
        return Path(env)
    return Path.home() / ".piu" / "progres.json"
