"""``piu evaluation distribuer|corriger|analyser`` : le travail du formateur sur l'évaluation finale."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from piu.core.errors import PiuError
from piu.core.files import raison
from piu.core.french_numbers import format_nombre
from piu.examen import plan as moteur

MODULE = 8


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("evaluation", help="évaluation finale : distribuer, corriger, analyser",
                            description="Évaluation finale (module 8), côté formateur.")
    actions = parser.add_subparsers(dest="action", title="actions", metavar="ACTION",
                                    parser_class=type(parser))
    actions.required = True
    give = actions.add_parser("distribuer", help="écrire ce que reçoivent les apprenants (sans corrigé)",
                              description="Écrit le notebook, le sujet et le formulaire web de "
                                          "l'évaluation, sans réponse, empreinte ni retour.")
    give.add_argument("--sortie", type=Path, required=True, help="dossier neuf où écrire le paquet")
    give.set_defaults(run=run_give)
    grade = actions.add_parser("corriger", help="corriger un dossier de copies (.json, .ipynb)",
                               description="Corrige chaque copie sans rien exécuter ; écrit le carnet "
                                           "de notes (CSV, XLSX), un retour par apprenant et un rapport.")
    grade.add_argument("copies", type=Path, help="dossier des copies remises")
    grade.add_argument("--sortie", type=Path, required=True, help="dossier des résultats")
    grade.add_argument("--grille", type=Path, default=None,
                       help="grille de la réponse ouverte remplie par le formateur (CSV)")
    grade.set_defaults(run=run_grade)
    study = actions.add_parser("analyser", help="indices de facilité et de discrimination des questions",
                               description="Analyse les résultats d'une correction (définitions des "
                                           "statistiques de test de Moodle).")
    study.add_argument("resultats", type=Path, help="dossier des résultats de « piu evaluation corriger »")
    study.set_defaults(run=run_study)


def _output_folder(sortie: Path, *lus: Path | None) -> None:
    """``--sortie`` names a folder, never a file, nor a folder the command reads (copies, grid)."""
    if sortie.exists() and not sortie.is_dir():
        raise PiuError(f"--sortie {sortie} : c'est un fichier, il n'est pas touché ; donnez le nom d'un "
                       f"dossier, par exemple resultats/.")
    for lu in lus:
        if lu is not None and lu.resolve() == sortie.resolve():
            raise PiuError(f"--sortie {sortie} est aussi le dossier lu : écrivez les résultats dans un autre "
                           f"dossier, par exemple {sortie.name or 'copies'}-resultats/.")


def run_give(args: argparse.Namespace) -> int:
    _output_folder(args.sortie)
    files = moteur.distribuer(args.sortie)
    print(f"Paquet de l'évaluation écrit dans {args.sortie} : " + ", ".join(f.name for f in files) + ".")
    return 0


def _folder(path: Path, what: str) -> None:
    if not path.is_dir():
        state = "n'existe pas" if not path.exists() else "n'est pas un dossier"
        raise PiuError(f"{path} {state} : donnez le dossier {what}.")


def _grid(path: Path) -> None:
    """The rubric grid filled by the trainer: a readable CSV file (checked before any grading)."""
    if path.suffix.lower() != ".csv" or not path.is_file():
        raise PiuError(f"--grille {path} : fichier CSV introuvable ; donnez la grille remplie, copie de "
                       f"grille_a_remplir.csv écrite par une première correction.")
    try:
        head = path.read_bytes()[:65536]
    except OSError as exc:
        raise PiuError(f"--grille {path} : lecture impossible ({raison(exc)}).") from None
    if b"\0" in head or not any(sep in head for sep in (b";", b",", b"\t")):
        raise PiuError(f"--grille {path} : ce n'est pas une grille CSV (colonnes séparées par « ; ») ; "
                       f"partez de grille_a_remplir.csv écrite par une première correction.")


def run_grade(args: argparse.Namespace) -> int:
    _folder(args.copies, "des copies remises (.json, .ipynb)")
    _output_folder(args.sortie, args.copies, args.grille)
    if args.grille is not None:
        _grid(args.grille)
    try:
        done = moteur.corriger_dossier(args.copies, args.sortie, args.grille)
    except (UnicodeDecodeError, csv.Error) as exc:  # a grid in another encoding or without columns
        if args.grille is None:
            raise
        raise PiuError(f"--grille {args.grille} : grille illisible ({type(exc).__name__}) ; enregistrez-la en "
                       f"CSV UTF-8, séparateur « ; », à partir de grille_a_remplir.csv.") from None
    print(f"{done['copies']} copie(s) corrigée(s), {len(done['rejets'])} fichier(s) écarté(s), "
          f"{len(done['doublons'])} apprenant(s) avec plusieurs copies. Résultats dans {args.sortie}.")
    for name, reason in done["rejets"]:
        print(f"- écarté : {name} — {reason}")
    for problem in done["problemes_grille"]:
        print(f"- grille : {problem}")
    return 0


def run_study(args: argparse.Namespace) -> int:
    _folder(args.resultats, "des résultats écrits par « piu evaluation corriger »")
    done = moteur.analyser_resultats(args.resultats)
    flags = done["signalees"]
    print(f"{len(done['table'])} questions analysées ; {len(flags)} signalée(s). "
          f"Rapport : {args.resultats / 'analyse.html'}")
    for item, verdicts in flags.items():
        f = done["table"].loc[item]
        print(f"- {item} : {' ; '.join(verdicts)} (facilité {format_nombre(round(float(f.facilite), 1))} %)")
    return 0
