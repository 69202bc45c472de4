"""``piu paquet-apprenant``: one archive for the learners — the book, its tools, the notebooks, no key.

Behind ``make paquet-apprenant`` (as ``make archive-intranet`` is behind the intranet archive):
the trainer builds the learner book, then hands this archive out (shared folder, USB key,
intranet). The archive is checked before it is written: no key file, no trainer page, no text of
a graded key anywhere inside it (:mod:`piu.core.book.learner_package`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from piu.core import paths


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("paquet-apprenant", help="(formateur) archive du cours pour les apprenants, sans corrigé",
                            description="Écrit une archive du livre de l'apprenant construit (outils dans le "
                                        "navigateur compris), des notebooks et des exercices, sans le corrigé "
                                        "de l'évaluation ; vérifie qu'aucun texte du corrigé n'y figure. "
                                        "Construisez d'abord le livre (make livre).")
    parser.add_argument("--livre", type=Path, default=None,
                        help="livre de l'apprenant construit (par défaut : _build/html)")
    parser.add_argument("--sortie", type=Path, default=None,
                        help="archive écrite (par défaut : _build/piu-apprenant.zip)")
    parser.add_argument("--ecraser", action="store_true", help="remplacer un autre fichier du même nom")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from piu.core.book.learner_package import learner_package  # heavy: only when asked

    root = paths.course_root()
    dest = learner_package(root, args.livre or root / "_build" / "html",
                           args.sortie or root / "_build" / "piu-apprenant.zip", ecraser=args.ecraser)
    print(f"Paquet de l'apprenant : {dest} ({dest.stat().st_size / 1e6:.1f} Mo), sans corrigé de "
          f"l'évaluation (vérifié). Donnez-le aux apprenants ; la marche à suivre est dedans "
          f"(piu-apprenant/LISEZMOI.txt).")
    return 0
