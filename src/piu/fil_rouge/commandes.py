"""``piu dossier``: what the learner's project file holds, and its note d'opportunité.

``piu dossier [--fichier F]`` lists the sections filled and those still missing (exit 0);
``piu dossier exporter SORTIE --format docx|html [--fichier F]`` writes the note. A dossier that
cannot be read (truncated, hand-edited, another version) exits 2 with the field named, and is
left as it was.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from piu.core.learner import dossier
from piu.fil_rouge.note import FORMATS, exporter
from piu.fil_rouge.sections import texte_etat

MODULE = 7


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("dossier", help="mon dossier de projet : ce qui est rempli, la note d'opportunité",
                            description="Dossier de projet de l'apprenant (module 7). Sans action : les "
                                        "sections remplies et celles qui manquent.")
    parser.add_argument("--fichier", type=Path, default=None,
                        help="dossier à lire (par défaut : PIU_DOSSIER ou ~/.piu/dossier.json)")
    parser.set_defaults(run=run_state)
    actions = parser.add_subparsers(dest="action", title="actions", metavar="ACTION", parser_class=type(parser))
    export = actions.add_parser("exporter", help="écrire la note d'opportunité (Word ou page HTML)",
                                description="Écrit la note d'opportunité du dossier. Les sections vides "
                                            "y figurent « à compléter », avec l'outil qui les remplit.")
    export.add_argument("sortie", type=Path, help="fichier à écrire, par exemple note.docx")
    export.add_argument("--format", choices=FORMATS, default=None,
                        help="docx (Word, modifiable) ou html (page à imprimer) ; par défaut : l'extension")
    export.add_argument("--fichier", type=Path, default=None, dest="fichier_export",
                        help="dossier à lire (par défaut : PIU_DOSSIER ou ~/.piu/dossier.json)")
    export.set_defaults(run=run_export)


def run_state(args: argparse.Namespace) -> int:
    print(texte_etat(dossier.lire(args.fichier)))
    return 0


def run_export(args: argparse.Namespace) -> int:
    document = dossier.lire(args.fichier_export or args.fichier)
    path = exporter(document, args.sortie, args.format)
    print(f"Note d'opportunité écrite : {path}")
    return 0
