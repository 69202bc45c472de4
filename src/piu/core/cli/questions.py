"""``piu questions verifier|lister|exporter``: check the question bank, list it, export it for Moodle."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from piu.core.errors import PiuError
from piu.core.files import Genre, ecrire_atomique, genre_texte, verifier_ecriture
from piu.core.questions.bank import charger_banque, problemes_banque
from piu.core.questions.web_payload import TYPE_LABELS

#: The kind of file each export format writes (piu.core.files): ``--format gift`` writes only a
#: ``.gift`` or ``.txt`` file, and replaces only an earlier export, never a learner's work.
GENRES: dict[str, Genre] = {
    "moodle-xml": Genre("un export Moodle XML", (".xml",),
                        lambda contenu: contenu.lstrip().startswith(b"<?xml") and b"<quiz" in contenu[:512]),
    "gift": genre_texte("un export GIFT", (".gift", ".txt"), ("$CATEGORY:", "//", "::")),
}


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
    export = actions.add_parser("exporter", help="exporter la banque pour Moodle (XML ou GIFT)",
                                description="Écrit les questions au format Moodle XML ou GIFT, "
                                            "avec les retours en français et l'explication en "
                                            "retour général.")
    export.add_argument("--format", required=True, choices=["moodle-xml", "gift"], dest="format_")
    export.add_argument("--module", type=int, default=None, help="un seul module (numéro)")
    export.add_argument("--sortie", type=Path, default=None,
                        help="fichier à écrire, .xml ou .gift selon le format (par défaut : la sortie standard)")
    export.add_argument("--ecraser", action="store_true",
                        help="remplacer un fichier existant qui n'est pas un export de la banque "
                             "(jamais un travail enregistré)")
    export.add_argument("dossier", nargs="?", type=Path, default=None)
    export.set_defaults(run=run_export)


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


def run_export(args: argparse.Namespace) -> int:
    from piu.core.trainer.moodle import gift, moodle_xml

    if args.sortie is not None:  # a wrong name is refused before the bank is read
        verifier_ecriture(args.sortie, GENRES[args.format_], ecraser=args.ecraser)

    bank = charger_banque(args.dossier)  # a malformed bank stops here, every problem listed
    questions = bank.du_module(args.module) if args.module is not None else [q for q in bank if not q.evaluation]
    held_back = 0 if args.module is not None else sum(q.evaluation for q in bank)
    if not questions:
        modules = ", ".join(str(m) for m in sorted({q.module for q in bank}))
        raise PiuError(f"Aucune question pour le module {args.module} ; modules : {modules}.")
    category = f"piu/module-{args.module}" if args.module is not None else "piu"
    text = (moodle_xml if args.format_ == "moodle-xml" else gift)(questions, category)
    if args.sortie is None:
        print(text, end="")
    else:
        ecrire_atomique(args.sortie, text, GENRES[args.format_], ecraser=args.ecraser)
        print(f"{len(questions)} question(s) exportée(s) au format {args.format_} dans {args.sortie}, "
              f"une catégorie par module.")
        if held_back:
            print(f"Les {held_back} questions de l'évaluation finale ne sont pas mêlées aux questions "
                  f"d'entraînement : exportez-les à part, avec leurs points (piu evaluation exporter).")
    return 0
