"""``piu progres``: the learner's progress in Jupyter, per module."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from piu import data, paths, progress
from piu.bank import charger_banque


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("progres", help="afficher votre progression par module",
                            description="Progression enregistrée par les notebooks "
                                        "(fichier ~/.piu/progres.json ou PIU_PROGRES).")
    parser.add_argument("--fichier", type=Path, default=None,
                        help="fichier de progression à lire (par défaut : le vôtre)")
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.set_defaults(run=run)


def summary(fichier: Path | None = None) -> list[dict[str, object]]:
    """One row per module that has questions: total, answered, right."""
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


def run(args: argparse.Namespace) -> int:
    rows = summary(args.fichier)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    print(f"Progression ({args.fichier or paths.progress_file()}) :")
    for row in rows:
        bar = "█" * int(row["reussies"]) + "·" * (int(row["questions"]) - int(row["reussies"]))
        print(f"  Module {row['module']} — {row['titre']}\n"
              f"    {bar}  {row['reussies']}/{row['questions']} réussies, "
              f"{row['tentees']} tentée(s)")
    return 0
