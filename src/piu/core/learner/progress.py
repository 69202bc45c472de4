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
from piu.core.files import FichierProtege, decrire, ecrire_atomique, genre_json, marqueur, raison
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


#: The progress file: ``{"version", "reponses"}``, recognised without a marker (piu.core.files).
GENRE = genre_json("piu-progres", "une progression")


def _empty() -> dict[str, Any]:
    return {"version": FORMAT_VERSION, "reponses": {}}


def _refuse_another_kind(path: Path, raw: bytes) -> None:
    """PIU_PROGRES pointed at the dossier, a protocol…: that file is not the progress, never touch it."""
    if marqueur(raw) not in (None, "piu-progres") or path.suffix.lower() != ".json":
        raise FichierProtege(f"Le fichier de progression {path} contient {decrire(raw)}, pas une progression "
                             f"(.json) : il n'est ni lu ni modifié. Choisissez un autre fichier avec la "
                             f"variable PIU_PROGRES.")


def _read(path: Path, set_aside: bool = False) -> dict[str, Any]:
    """Read the progress file.

    A damaged progress file (``.json`` that does not parse) is set aside (renamed, never erased)
    and a new one starts — only when an answer is about to be saved (``set_aside``); a mere
    reading (``piu progres --fichier``) never moves nor creates anything. A file of another kind
    (a dossier, a YAML description) is refused either way: it is not the learner's progress.
    """
    if not path.exists():
        return _empty()
    if path.is_dir():
        raise FichierProtege(f"Le fichier de progression {path} est un dossier ; choisissez un fichier "
                             f"avec la variable PIU_PROGRES.")
    raw = path.read_bytes()
    _refuse_another_kind(path, raw)
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("reponses"), dict):
            raise ValueError
        return data
    except (ValueError, UnicodeDecodeError, RecursionError):
        if not set_aside:
            raise FichierProtege(f"Le fichier de progression {path} est illisible (tronqué ou modifié à la "
                                 f"main) ; il n'est pas modifié. Le prochain exercice corrigé le mettra de "
                                 f"côté et en commencera un nouveau.") from None
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = path.with_name(f"{path.stem}.illisible-{stamp}{path.suffix}")
        path.replace(aside)
        print(f"Attention : le fichier de progression {path} était illisible ; il est conservé "
              f"sous {aside.name} et un nouveau fichier commence.")
        return _empty()


def _write_atomic(path: Path, data: dict[str, Any]) -> None:
    ecrire_atomique(path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), GENRE)


def _lock(path: Path) -> AbstractContextManager[object]:
    path.parent.mkdir(parents=True, exist_ok=True)
    if storage.in_browser():  # one kernel, one thread, and no file locking in Pyodide
        return contextlib.nullcontext()
    return FileLock(str(path) + ".lock", timeout=10)


def enregistrer(question_id: str, module: int, juste: bool, fichier: Path | None = None) -> None:
    """Record one answer. A question once answered right stays right; attempts are counted."""
    path = fichier or paths.progress_file()
    try:
        if path.is_file():  # another kind of file is refused before a lock file is put beside it
            _refuse_another_kind(path, path.read_bytes())
        with _lock(path):
            data = _read(path, set_aside=True)
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
        raise PiuError(f"Impossible d'écrire la progression dans {path} ({raison(exc)}) ; "
                       f"choisissez un autre fichier avec la variable PIU_PROGRES.") from None
    if fichier is None:
        storage.record_answer(question_id, module, juste)  # in JupyterLite: the book's progress too


def lire(fichier: Path | None = None) -> dict[str, Suivi]:
    """Everything recorded so far, by question identifier."""
    path = fichier or paths.progress_file()
    data = _read(path)  # no lock: every save is an atomic rename, a reader never sees half a file
    result = {}
    for qid, entry in data["reponses"].items():
        try:
            result[qid] = Suivi(qid, int(entry["module"]), bool(entry["juste"]),
                                int(entry["tentatives"]), str(entry.get("derniere", "")))
        except (KeyError, TypeError, ValueError):
            continue  # one damaged entry must not hide the others
    return result
