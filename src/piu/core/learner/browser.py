"""The course in the browser: JupyterLite's Pyodide kernel, with no file system of the site.

On a plain-HTTP intranet the browser gives no service worker, so JupyterLite mounts no
``/drive``: the kernel sees only its own memory file system. The course's browser wheel therefore
carries ``data/``, the question bank and the notebooks' files as package data (``piu/_cours/``,
found by :func:`piu.core.paths.course_root`), and :func:`prepare` — the first cell of each
notebook in JupyterLite — links them as ``~/cours`` and moves into the notebook's folder, so that
``Path("grilles/…")`` or ``"../notebooks/scic/…"`` read as on the desktop.

Progress: each answer is kept in the worker's progress file (as on the desktop) and handed to
the page's ``localStorage`` by :mod:`piu.core.learner.storage`, so the book's progress page counts
it. On :func:`prepare` the kernel asks the page for what the book already holds, and merges it
(:func:`merge_book_progress`, :func:`restore_dossier`); each later change of the project file,
from any tab, comes back the same way, so every tab's copy is the page's one file. Everything here does nothing outside
Pyodide.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from piu.core import paths
from piu.core.learner import dossier, progress, storage
from piu.core.paths import PACKAGED


def prepare(folder: str) -> None:
    """Set up the course's files for a notebook of ``folder`` (``notebooks`` or ``exercises``)."""
    if not storage.in_browser():
        return
    home = Path.home() / "cours"
    if PACKAGED.is_dir():
        # A link, not a copy: copying the course's files took 1.5 s of each start in the browser
        # (the worker's memory file system is thrown away with the page, the wheel's files too).
        if not home.exists() and not home.is_symlink():
            home.parent.mkdir(parents=True, exist_ok=True)
            home.symlink_to(PACKAGED, target_is_directory=True)
        elif not home.is_symlink():
            shutil.copytree(PACKAGED, home, dirs_exist_ok=True)
    (home / folder).mkdir(parents=True, exist_ok=True)
    os.chdir(home / folder)
    storage.open_channel()


def restore_dossier(document: dict[str, Any], fichier: Path | None = None) -> bool:
    """Take the page's dossier as this kernel's copy (a new tab, a reload, another tab's change).

    In the browser the page's ``localStorage`` holds the learner's one file, the reference for
    every tab (:mod:`piu.core.learner.dossier`); the kernel's file is only its copy, so the page's
    replaces it. An invalid copy is ignored (the page keeps it, the kernel keeps its own).
    Returns whether the page's copy was taken.
    """
    path = fichier or dossier.chemin_par_defaut()
    try:
        dossier.enregistrer(dossier.valider(document), path)
    except dossier.DossierInvalide:
        return False
    return True


def merge_book_progress(state: dict[str, Any], fichier: Path | None = None) -> None:
    """Take into the kernel's progress file what the book's ``localStorage`` holds.

    ``state`` has the shape of ``piu-quiz.js``: ``{id: {"m": module, "t": attempts, "j": right,
    "d": ISO date}}``. The book is the reference: its entries replace the kernel's.
    """
    path = fichier or paths.progress_file()
    data = progress._read(path, set_aside=True)
    for qid, entry in state.items():
        try:
            data["reponses"][str(qid)] = {"module": int(entry["m"]), "tentatives": int(entry.get("t", 0)),
                                          "juste": bool(entry.get("j")), "derniere": str(entry.get("d", ""))}
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
    progress._write_atomic(path, data)


def _on_state(message: dict[str, Any]) -> None:
    if isinstance(message.get("etat"), dict):
        merge_book_progress(message["etat"])


def _on_dossier(message: dict[str, Any]) -> None:
    if isinstance(message.get("dossier"), dict):
        restore_dossier(message["dossier"])


storage.on_message("etat", _on_state)
storage.on_message("dossier-etat", _on_dossier)
storage.on_message("dossier-a-jour", _on_dossier)  # another tab's change, merged by the page
