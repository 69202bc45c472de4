"""``piu progres``: the learner's progress in Jupyter, per module; its export; the group's table.

- ``piu progres`` shows my progress; ``piu progres --exporter FICHIER --nom "Prénom Nom"``
  writes it, with my project file's sections, as the one file the trainer collects;
- ``piu progres --groupe DOSSIER`` (trainer) merges a folder of such files into a table per
  learner and module, as CSV, XLSX and an HTML page with a chart (``--sortie``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from piu.core.errors import PiuError
from piu.core.learner import progress_report
from piu.core.trainer import group_progress


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("progres", help="afficher votre progression par module, l'exporter, ou celle du groupe",
                            description="Progression enregistrée par les notebooks "
                                        "(fichier ~/.piu/progres.json ou PIU_PROGRES).")
    parser.add_argument("--fichier", type=Path, default=None,
                        help="fichier de progression à lire (par défaut : le vôtre)")
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.add_argument("--exporter", type=Path, default=None, metavar="FICHIER",
                        help="écrire votre progression dans un fichier à remettre au formateur")
    parser.add_argument("--nom", default="", help="avec --exporter : vos prénom et nom")
    parser.add_argument("--groupe", type=Path, default=None, metavar="DOSSIER",
                        help="(formateur) fusionner les fichiers de progression déposés dans DOSSIER")
    parser.add_argument("--sortie", type=Path, default=None, metavar="DOSSIER",
                        help="avec --groupe : dossier du tableau (par défaut : DOSSIER/tableau-du-groupe)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.exporter and args.groupe:
        raise PiuError("Choisissez --exporter (apprenant) ou --groupe (formateur), pas les deux.")
    if args.exporter:
        path = progress_report.exporter(args.nom, args.exporter, args.fichier)
        print(f"Progression exportée dans {path} : remettez ce fichier au formateur.")
        return 0
    if args.groupe:
        group = group_progress.fusionner(args.groupe)
        out = args.sortie or args.groupe / "tableau-du-groupe"
        if out.exists() and not out.is_dir():
            raise PiuError(f"{out} existe et n'est pas un dossier : choisissez un autre --sortie.")
        written = [group_progress.ecrire_csv(group, out / "progression-du-groupe.csv"),
                   group_progress.ecrire_xlsx(group, out / "progression-du-groupe.xlsx"),
                   group_progress.ecrire_html(group, out / "progression-du-groupe.html")]
        print(f"{len(group.apprenants)} participant(s) fusionné(s) :")
        for path in written:
            print(f"  {path}")
        for name, why in group.ecartes:
            print(f"Écarté : {name} — {why}")
        return 0
    if args.json:
        print(json.dumps(progress_report.resume(args.fichier), ensure_ascii=False, indent=2))
    else:
        print(progress_report.texte(args.fichier))
    return 0
