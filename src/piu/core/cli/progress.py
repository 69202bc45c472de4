"""``piu progres``: the learner's progress in Jupyter, per module."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from piu.core.learner import progress_report


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("progres", help="afficher votre progression par module",
                            description="Progression enregistrée par les notebooks "
                                        "(fichier ~/.piu/progres.json ou PIU_PROGRES).")
    parser.add_argument("--fichier", type=Path, default=None,
                        help="fichier de progression à lire (par défaut : le vôtre)")
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.json:
        print(json.dumps(progress_report.resume(args.fichier), ensure_ascii=False, indent=2))
    else:
        print(progress_report.texte(args.fichier))
    return 0
