"""``piu questions verifier [DOSSIER]``: check the question bank, and list its questions."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from piu.core.bank import problemes_banque
from piu.core.web_payload import TYPE_LABELS


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("questions", help="vérifier ou lister la banque de questions",
                            description="Banque de questions du cours.")
    actions = parser.add_subparsers(dest="action", title="actions", metavar="ACTION",
                                    parser_class=type(parser))
    actions.required = True
    check = actions.add_parser("verifier", help="contrôler la banque (champs, types, réponses)",
                               description="Contrôle chaque question de la banque et liste "
                                           "toutes les erreurs trouvées.")
    check.add_argument("dossier", nargs="?", type=Path, default=None,
                       help="dossier de la banque (par défaut : exercises/banque)")
    check.add_argument("--json", action="store_true", help="sortie JSON")
    check.set_defaults(run=run_check)
    listing = actions.add_parser("lister", help="lister les questions par module")
    listing.add_argument("dossier", nargs="?", type=Path, default=None)
    listing.add_argument("--json", action="store_true", help="sortie JSON")
    listing.set_defaults(run=run_list)


def run_check(args: argparse.Namespace) -> int:
    bank, problems = problemes_banque(args.dossier)
    if args.json:
        print(json.dumps({"valide": not problems, "questions": len(bank), "problemes": problems},
                         ensure_ascii=False, indent=2))
    elif problems:
        print(f"La banque contient {len(problems)} erreur(s) :")
        for problem in problems:
            print(f"- {problem}")
    else:
        modules = sorted({q.module for q in bank})
        print(f"Banque valide : {len(bank)} questions, modules {', '.join(map(str, modules))}.")
    return 1 if problems else 0


def run_list(args: argparse.Namespace) -> int:
    bank, problems = problemes_banque(args.dossier)
    if args.json:
        print(json.dumps([{"id": q.id, "module": q.module, "type": q.type, "titre": q.titre}
                          for q in bank], ensure_ascii=False, indent=2))
    else:
        for q in bank:
            print(f"module {q.module}  {q.id:<32} {TYPE_LABELS[q.type]}")
    if problems:
        print(f"({len(problems)} erreur(s) dans la banque : lancez « piu questions verifier »)")
    return 0
