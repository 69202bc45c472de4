"""Summaries of the learner's progress per module, for ``piu progres`` and ``ma_progression()``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from piu.core import data, paths
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
