"""Summaries of the learner's progress per module, for ``piu progres`` and ``ma_progression()``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from piu.core import data, paths
from piu.core.files import raison
from piu.core.learner import progress
from piu.core.questions.bank import charger_banque


def resume(fichier: Path | None = None) -> list[dict[str, Any]]:
    """One row per module that has questions: total, answered, answered right."""
    bank = charger_banque()
    seen = progress.lire(fichier)
    rows = []
    for module in data.table("modules").itertuples():
        ids = {q.id for q in bank.du_module(int(module.numero))}
        if not ids:
            continue
        mine = [s for qid, s in seen.items() if qid in ids]
        rows.append({"module": int(module.numero), "titre": module.titre, "questions": len(ids),
                     "tentees": len(mine), "reussies": sum(s.juste for s in mine)})
    return rows


def texte(fichier: Path | None = None) -> str:
    """The summary as a few lines of text, with a bar per module."""
    lines = [f"Progression ({fichier or paths.progress_file()}) :"]
    for row in resume(fichier):
        done, total = int(row["reussies"]), int(row["questions"])
        lines.append(f"  Module {row['module']} — {row['titre']}")
        lines.append(f"    {'█' * done}{'·' * (total - done)}  {done}/{total} réussies, "
                     f"{row['tentees']} tentée(s)")
    return "\n".join(lines)


def ma_progression() -> None:
    """Print my progress per module (for a notebook cell: no terminal needed)."""
    from piu.core.errors import PiuError

    try:
        print(texte())
    except PiuError as exc:
        print(f"⚠ {exc}")


def exporter(apprenant: str, sortie: Path, fichier: Path | None = None, dossier_fichier: Path | None = None) -> Path:
    """Write my progress and my project file's section names as one file for the trainer.

    The trainer merges the group's files with ``piu progres --groupe``: the same format as the
    web book's « Télécharger ma progression » (:mod:`piu.core.progress_export`). A file already
    at ``sortie`` is replaced only if it is itself such an export: nothing else is written over.
    """
    import json
    import os

    from piu.core.errors import PiuError
    from piu.core.files import ecrire_atomique
    from piu.core.learner import dossier
    from piu.core.progress_export import FORMAT, document

    if sortie.exists():
        try:
            mine = json.loads(sortie.read_text(encoding="utf-8")).get("format") == FORMAT
        except (OSError, ValueError, AttributeError, UnicodeDecodeError):
            mine = False
        if not mine:
            raise PiuError(f"{sortie} existe déjà et n'est pas un export de progression : "
                           f"choisissez un autre nom de fichier (rien n'a été écrit).")
    answers = {qid: {"module": s.module, "juste": s.juste, "tentatives": s.tentatives}
               for qid, s in progress.lire(fichier).items()}
    sections = [{"nom": name, "outil": str(s.get("outil", "")), "date": str(s.get("date", ""))}
                for name, s in dossier.lire(dossier_fichier).get("sections", {}).items()]
    doc = document(apprenant, answers, sections, "jupyter")
    try:
        ecrire_atomique(sortie, json.dumps(doc, ensure_ascii=False, indent=1))
        os.chmod(sortie, 0o644)  # the trainer reads it from a shared folder
    except OSError as exc:
        raise PiuError(f"Impossible d'écrire {sortie} ({raison(exc)}).") from None
    return sortie
