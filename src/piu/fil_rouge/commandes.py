"""``piu dossier``: what the learner's project file holds, and its note d'opportunité.

``piu dossier [--fichier F]`` lists the sections filled and those still missing (exit 0);
``piu dossier exporter [FICHIER] [--sortie NOTE] [--format docx|html]`` writes the note. The
argument is what a learner naturally types: a dossier (``mon-dossier.json``: the note is
written beside it, ``mon-dossier.docx``) or the note to write (``note.docx``, from the default
dossier). No file is ever written over the dossier or over another saved work
(:mod:`piu.core.files`). A dossier that cannot be read (truncated, hand-edited, another
version) exits 2 with the field named, and is left as it was.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from piu.core.errors import PiuError
from piu.core.files import marqueur
from piu.core.learner import dossier
from piu.fil_rouge.note import FORMATS, exporter
from piu.fil_rouge.sections import texte_etat

MODULE = 7

_NOTE = tuple(f".{f}" for f in FORMATS)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("dossier", help="mon dossier de projet : ce qui est rempli, la note d'opportunité",
                            description="Dossier de projet de l'apprenant (module 7). Sans action : les "
                                        "sections remplies et celles qui manquent.")
    parser.add_argument("--fichier", type=Path, default=None,
                        help="dossier à lire (par défaut : PIU_DOSSIER ou ~/.piu/dossier.json)")
    parser.set_defaults(run=run_state)
    actions = parser.add_subparsers(dest="action", title="actions", metavar="ACTION", parser_class=type(parser))
    export = actions.add_parser(
        "exporter", help="écrire la note d'opportunité (Word ou page HTML)",
        description="Écrit la note d'opportunité du dossier. Les sections vides y figurent « à compléter », "
                    "avec l'outil qui les remplit. « piu dossier exporter mon-dossier.json » lit ce dossier et "
                    "écrit la note à côté (mon-dossier.docx) ; « piu dossier exporter note.docx » écrit la "
                    "note du dossier par défaut. Le dossier n'est jamais remplacé.")
    export.add_argument("cible", type=Path, nargs="?", default=None, metavar="FICHIER",
                        help="le dossier à lire (.json) ou la note à écrire (.docx, .html)")
    export.add_argument("--sortie", type=Path, default=None,
                        help="note à écrire (par défaut : à côté du dossier, même nom, extension du format)")
    export.add_argument("--format", choices=FORMATS, default=None,
                        help="docx (Word, modifiable) ou html (page à imprimer) ; par défaut : l'extension "
                             "de la note, sinon docx")
    export.add_argument("--fichier", type=Path, default=None, dest="fichier_export",
                        help="dossier à lire (par défaut : PIU_DOSSIER ou ~/.piu/dossier.json)")
    export.add_argument("--ecraser", action="store_true",
                        help="remplacer une note existante qui n'est pas un document Word ou HTML "
                             "(jamais un dossier ni un autre travail enregistré)")
    export.set_defaults(run=run_export)


def _dossier_explicite(path: Path) -> Path:
    """A dossier named on the command line must exist: an absent one is a typo, not an empty dossier."""
    if path.is_dir():
        raise PiuError(f"« {path} » est un dossier du disque : donnez le fichier du dossier de projet "
                       f"(.json), par exemple mon-dossier.json.")
    if not path.exists():
        raise PiuError(f"Dossier de projet « {path} » introuvable : vérifiez le nom (piu dossier --fichier "
                       f"CHEMIN montre ce qu'il contient).")
    return path


def _is_dossier(path: Path) -> bool:
    try:
        return path.is_file() and marqueur(path.read_bytes()) == dossier.FORMAT
    except OSError:
        return False


def run_state(args: argparse.Namespace) -> int:
    path = _dossier_explicite(args.fichier) if args.fichier else None
    print(texte_etat(dossier.lire(path)))
    return 0


def _input_output(args: argparse.Namespace) -> tuple[Path | None, Path]:
    """Which file is read and which is written, from what the learner typed."""
    given, read, write = args.cible, args.fichier_export or args.fichier, args.sortie
    if given is not None:
        if given.suffix.lower() in _NOTE:
            if write is not None:
                raise PiuError(f"« {given.name} » et --sortie {write} : deux notes à écrire ; gardez-en une.")
            write = given
        elif given.suffix.lower() == ".json" or _is_dossier(given):
            if read is not None and read != given:
                raise PiuError(f"« {given.name} » et --fichier {read} : deux dossiers à lire ; gardez-en un.")
            read = given
        else:
            raise PiuError(f"« {given.name} » : donnez le dossier à lire (.json, par exemple "
                           f"mon-dossier.json) ou la note à écrire (note.docx ou note.html).")
    if read is not None:
        _dossier_explicite(read)
    if write is None:
        extension = f".{args.format or 'docx'}"
        write = read.with_suffix(extension) if read is not None else Path(f"note-opportunite{extension}")
    return read, write


def run_export(args: argparse.Namespace) -> int:
    read, write = _input_output(args)
    document = dossier.lire(read)
    source = read or dossier.chemin_par_defaut()
    path = exporter(document, write, args.format, ecraser=args.ecraser, entrees=(source,))
    print(f"Note d'opportunité écrite : {path}")
    return 0
