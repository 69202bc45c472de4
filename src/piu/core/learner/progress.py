"""The learner's progress in Jupyter: one small JSON file, never half-written.

In the browser (JupyterLite) each answer also goes to the book's progress, in ``localStorage``
(:func:`piu.core.learner.storage.record_answer`).

Every answer is recorded under a file lock (two notebooks open at once take turns), written to
a temporary file, flushed to disk and moved over the old one with :func:`os.replace`, so a
kernel killed mid-write leaves either the old or the new file, never a broken one. A file that
is nonetheless unreadable (edited by hand, say) is kept aside under another name, not erased.
"""

from __future__ import annotations

import contextlib
import json
import warnings
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from piu.core import paths
from piu.core.errors import PiuError
from piu.core.files import ecrire_atomique
from piu.core.learner import storage

with warnings.catch_warnings():  # Pyodide: « only soft file lock is available » (and none is needed)
    warnings.simplefilter("ignore", UserWarning)
    from filelock import FileLock, Timeout

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Suivi:
    """What the progress file says about one question."""

    question_id: str
    module: int
    juste: bool
    tentatives: int
    derniere: str


def _empty() -> dict[str, Any]:
    return {"version": FORMAT_VERSION, "reponses": {}}


def _read(path: Path) -> dict[str, Any]:
    """Read the file; set an unreadable one aside (renamed) and start afresh."""
    if not path.exists():
        return _empty()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("reponses"), dict):
            raise ValueError
        return data
    except (ValueError, UnicodeDecodeError):
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = path.with_name(f"{path.stem}.illisible-{stamp}{path.suffix}")
        path.replace(aside)
        print(f"Attention : le fichier de progression {path} était illisible ; il est conservé "
              f"sous {aside.name} et un nouveau fichier commence.")
        return _empty()


def _write_atomic(path: Path, data: dict[str, Any]) -> None:
    ecrire_atomique(path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))


def _lock(path: Path) -> AbstractContextManager[object]:
    path.parent.mkdir(parents=True, exist_ok=True)
    if storage.in_browser():  # one kernel, one thread, and no file locking in Pyodide
        return contextlib.nullcontext()
    return FileLock(str(path) + ".lock", timeout=10)


def enregistrer(question_id: str, module: int, juste: bool, fichier: Path | None = None) -> None:
    """Record one answer. A question once answered right stays right; attempts are counted."""
    path = fichier or paths.progress_file()
    try:
        with _lock(path):
            data = _read(path)
            entry = data["reponses"].get(question_id) or {"tentatives": 0, "juste": False}
            entry["module"] = module
            entry["tentatives"] = int(entry.get("tentatives", 0)) + 1
            entry["juste"] = bool(entry.get("juste")) or juste
            entry["derniere"] = datetime.now().isoformat(timespec="seconds")
            data["reponses"][question_id] = entry
            _write_atomic(path, data)
    except Timeout:
        raise PiuError(f"Le fichier de progression {path} est occupé depuis 10 secondes ; "
                       f"réessayez (votre réponse n'a pas été enregistrée).") from None
    except OSError as exc:
        raise PiuError(f"Impossible d'écrire la progression dans {path} ({exc.strerror}) ; "
                       f"choisissez un autre fichier avec la variable PIU_PROGRES.") from None
    if fichier is None:
        storage.record_answer(question_id, module, juste)  # in JupyterLite: the book's progress too


def lire(fichier: Path | None = None) -> dict[str, Suivi]:
    """Everything recorded so far, by question identifier."""
    path = fichier or paths.progress_file()
    with _lock(path):
        data = _read(path)
    result = {}
    for qid, entry in data["reponses"].items():
        try:
            result[qid] = Suivi(qid, int(entry["module"]), bool(entry["juste"]),
                                int(entry["tentatives"]), str(entry.get("derniere", "")))
        except (KeyError, TypeError, ValueError):
            continue  # one damaged entry must not hide the others
    return result
