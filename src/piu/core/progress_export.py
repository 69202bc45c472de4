"""The file a learner hands to the trainer: their progress and the sections of their project file.

A trainer wants to see where the group stands before the next sequence, whether each learner
worked in the web book (progress kept by the browser) or in Jupyter (a progress file): both
export the same one-file document, which the trainer's ``piu progres --groupe`` merges::

    {"format": "piu-progression-export", "version": 1,
     "apprenant": "Camille Martin", "exporte_le": "2026-12-07T10:42:00", "source": "navigateur",
     "reponses": {"m3-quel-contrat": {"module": 3, "juste": true, "tentatives": 1}},
     "dossier": [{"nom": "freins", "outil": "freins", "date": "2026-12-07"}]}

It lives among the foundations because both sides need it and neither may import the other:
the learner's side writes it (:mod:`piu.core.learner.progress_report`, ``piu-export.js`` in
the browser), the trainer's side reads it (:mod:`piu.core.trainer.group_progress`). Only what
the trainer needs travels: answers' outcomes and the names of the sections, never their content.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from piu.core.errors import PiuError

__all__ = ["FORMAT", "VERSION", "Export", "ExportInvalide", "Reponse", "document", "lire_export"]

FORMAT = "piu-progression-export"
VERSION = 1


class ExportInvalide(PiuError):
    """An export file cannot be read; the message names the file and the field."""


@dataclass(frozen=True)
class Reponse:
    """One question as the learner left it."""

    module: int
    juste: bool
    tentatives: int

    @property
    def juste_du_premier_coup(self) -> bool:
        return self.juste and self.tentatives == 1


@dataclass(frozen=True)
class Export:
    """One learner's exported progress."""

    apprenant: str
    exporte_le: str
    source: str
    reponses: dict[str, Reponse]
    sections: tuple[str, ...] = field(default=())
    fichier: str = ""


def document(apprenant: str, reponses: dict[str, dict[str, Any]], sections: list[dict[str, str]],
             source: str, maintenant: datetime | None = None) -> dict[str, Any]:
    """The export document; ``reponses`` as in the progress file (module, juste, tentatives)."""
    name = " ".join(str(apprenant).split())
    if not name:
        raise ExportInvalide("Indiquez votre nom et prénom : le formateur doit savoir de qui est le fichier.")
    return {"format": FORMAT, "version": VERSION, "apprenant": name,
            "exporte_le": (maintenant or datetime.now()).isoformat(timespec="seconds"), "source": source,
            "reponses": {qid: {"module": int(r["module"]), "juste": bool(r["juste"]),
                               "tentatives": int(r["tentatives"])} for qid, r in sorted(reponses.items())},
            "dossier": [{k: str(s.get(k, "")) for k in ("nom", "outil", "date")} for s in sections]}


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ExportInvalide(f"{where} : un nombre entier est attendu, pas « {value} ».")
    return value


def lire_export(path: Path) -> Export:
    """Read and check one export file; a damaged file raises :class:`ExportInvalide` naming it."""
    name = path.name
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise ExportInvalide(f"{name} : fichier illisible (ce n'est pas un export de progression du cours).") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ExportInvalide(f"{name} : ce n'est pas un export de progression du cours "
                             f"(« format » doit valoir {FORMAT}).")
    if raw.get("version") != VERSION:
        raise ExportInvalide(f"{name} : version {raw.get('version')} inconnue (version {VERSION} attendue).")
    learner = " ".join(str(raw.get("apprenant") or "").split())
    if not learner:
        raise ExportInvalide(f"{name} : le nom de l'apprenant manque.")
    answers = raw.get("reponses")
    if not isinstance(answers, dict):
        raise ExportInvalide(f"{name} : « reponses » doit être un ensemble de questions.")
    out = {}
    for qid, entry in answers.items():
        where = f"{name}, question {qid}"
        if not isinstance(entry, dict) or not isinstance(entry.get("juste"), bool):
            raise ExportInvalide(f"{where} : attendu module, juste (vrai ou faux) et tentatives.")
        out[str(qid)] = Reponse(_int(entry.get("module"), f"{where}, module"), entry["juste"],
                                _int(entry.get("tentatives"), f"{where}, tentatives"))
    sections = raw.get("dossier") or []
    if not isinstance(sections, list) or not all(isinstance(s, dict) and s.get("nom") for s in sections):
        raise ExportInvalide(f"{name} : « dossier » doit être une liste de sections (nom, outil, date).")
    return Export(learner, str(raw.get("exporte_le", "")), str(raw.get("source", "")), out,
                  tuple(str(s["nom"]) for s in sections), name)
