"""The course in the browser: JupyterLite's Pyodide kernel, with no file system of the site.

On a plain-HTTP intranet the browser gives no service worker, so JupyterLite mounts no
``/drive``: the kernel sees only its own memory file system. The course's browser wheel therefore
carries ``data/``, the question bank and the notebooks' files as package data (``piu/_cours/``,
found by :func:`piu.core.paths.course_root`), and :func:`prepare` — the first cell of each
notebook in JupyterLite — copies them to ``~/cours`` and moves into the notebook's folder, so that
``Path("grilles/…")`` or ``"../notebooks/scic/…"`` read as on the desktop.

Progress: the kernel runs in a Web Worker, which has no ``localStorage``. Each answer is kept in
the worker's progress file (as on the desktop) and posted on the ``BroadcastChannel``
:data:`CHANNEL`; ``piu-lite.js``, loaded by the JupyterLite page, writes it into the same
``localStorage`` entry, in the same shape, as the book's quizzes (``piu-quiz.js``: key
``piu-progres-v1``, ``{id: {m, t, j, d}}``), so the book's progress page counts it. On
:func:`prepare` the kernel asks the page for what the book already holds, and merges it.
Everything here does nothing outside Pyodide.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from piu.core.paths import PACKAGED

#: The BroadcastChannel between the kernel (worker) and ``piu-lite.js`` (page).
CHANNEL = "piu-progres"
#: The ``localStorage`` key of ``piu-quiz.js``.
STORE = "piu-progres-v1"
#: The ``localStorage`` key of the learner's project file (:mod:`piu.core.dossier`).
DOSSIER_STORE = "piu-dossier-v1"

_channel: Any = None


def in_browser() -> bool:
    """True in Pyodide (JupyterLite), False on the desktop."""
    return sys.platform == "emscripten"


def prepare(folder: str) -> None:
    """Set up the course's files for a notebook of ``folder`` (``notebooks`` or ``exercises``)."""
    if not in_browser():
        return
    home = Path.home() / "cours"
    if PACKAGED.is_dir():
        shutil.copytree(PACKAGED, home, dirs_exist_ok=True)
    (home / folder).mkdir(parents=True, exist_ok=True)
    os.chdir(home / folder)
    _open_channel()


def _open_channel() -> Any:
    """The BroadcastChannel to the page, listening for the book's progress (once per kernel)."""
    global _channel
    if _channel is None:
        import js  # type: ignore[import-not-found]  # Pyodide only
        from pyodide.ffi import create_proxy  # type: ignore[import-not-found]

        _channel = js.BroadcastChannel.new(CHANNEL)
        _channel.onmessage = create_proxy(_on_message)
        _post({"type": "demande"})
    return _channel


def _post(message: dict[str, Any]) -> None:
    import js  # type: ignore[import-not-found]

    channel = _channel if _channel is not None else js.BroadcastChannel.new(CHANNEL)
    channel.postMessage(js.JSON.parse(json.dumps(message)))


def _on_message(event: Any) -> None:
    import js  # type: ignore[import-not-found]

    message = json.loads(js.JSON.stringify(event.data))
    if message.get("type") == "etat" and isinstance(message.get("etat"), dict):
        merge_book_progress(message["etat"])
    elif message.get("type") == "dossier-etat" and isinstance(message.get("dossier"), dict):
        restore_dossier(message["dossier"])


def restore_dossier(document: dict[str, Any], fichier: Path | None = None) -> bool:
    """Take the page's saved dossier into a kernel that has none yet (a new tab, a reload).

    A kernel's own dossier is newer than the page's copy, so it is kept; an invalid copy is
    ignored (the page keeps it). Returns whether the page's copy was taken.
    """
    from piu.core import dossier

    path = fichier or dossier.chemin_par_defaut()
    if path.exists():
        return False
    try:
        dossier.enregistrer(dossier.valider(document), path)
    except dossier.DossierInvalide:
        return False
    return True


def record_dossier(document: dict[str, Any]) -> None:
    """Keep the learner's dossier in the page's ``localStorage`` (it outlives the kernel)."""
    if not in_browser():
        return
    import js  # type: ignore[import-not-found]

    storage = getattr(js, "localStorage", None)
    if storage is not None:
        storage.setItem(DOSSIER_STORE, json.dumps(document, ensure_ascii=False))
        return
    _open_channel()
    _post({"type": "dossier", "dossier": document})


def merge_book_progress(state: dict[str, Any], fichier: Path | None = None) -> None:
    """Take into the kernel's progress file what the book's ``localStorage`` holds.

    ``state`` has the shape of ``piu-quiz.js``: ``{id: {"m": module, "t": attempts, "j": right,
    "d": ISO date}}``. The book is the reference: its entries replace the kernel's.
    """
    from piu.core import paths, progress

    path = fichier or paths.progress_file()
    data = progress._read(path)
    for qid, entry in state.items():
        try:
            data["reponses"][str(qid)] = {"module": int(entry["m"]), "tentatives": int(entry.get("t", 0)),
                                          "juste": bool(entry.get("j")), "derniere": str(entry.get("d", ""))}
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
    progress._write_atomic(path, data)


def record_answer(question_id: str, module: int, juste: bool) -> None:
    """Send one answer to the book's progress (``localStorage``), through the page."""
    if not in_browser():
        return
    import js  # type: ignore[import-not-found]

    storage = getattr(js, "localStorage", None)
    if storage is not None:  # a kernel in the page itself (not JupyterLite's worker)
        all_ = json.loads(storage.getItem(STORE) or "{}")
        entry = all_.get(question_id) or {"m": module, "t": 0, "j": False}
        entry.update(t=int(entry.get("t", 0)) + 1, j=bool(entry.get("j")) or juste,
                     d=str(js.Date.new().toISOString()))
        all_[question_id] = entry
        storage.setItem(STORE, json.dumps(all_))
        return
    _open_channel()
    _post({"type": "reponse", "id": question_id, "m": module, "j": juste})
