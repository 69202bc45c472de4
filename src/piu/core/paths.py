"""Where the course's files live.

The package is installed in editable mode from ``src/``, so the course folders (``data/``,
``exercises/``) sit two levels above it. In the browser (Pyodide, JupyterLite) the course's wheel
carries them as package data, under ``piu/_cours/`` (:data:`PACKAGED`), because the site's
file system is absent on a plain-HTTP intranet; an installed wheel without the checkout finds
them there too. ``PIU_RACINE`` points elsewhere, for a trainer who
copies the course, and ``PIU_PROGRES`` chooses the learner's progress file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: Course folders shipped inside the package (the browser wheel); absent in the checkout.
PACKAGED = Path(__file__).resolve().parents[1] / "_cours"


def course_root() -> Path:
    """Root of the course checkout (the folder holding ``data/`` and ``exercises/``)."""
    if env := os.environ.get("PIU_RACINE"):
        return Path(env)
    checkout = Path(__file__).resolve().parents[3]
    if PACKAGED.is_dir() and (sys.platform == "emscripten" or not (checkout / "data").is_dir()):
        return PACKAGED
    return checkout


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
