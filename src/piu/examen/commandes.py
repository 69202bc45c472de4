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
    _subset_options(give)
    give.set_defaults(run=run_give)
    grade = actions.add_parser("corriger", help="corriger un dossier de copies (.json, .ipynb)",
                               description="Corrige chaque copie sans rien exécuter ; écrit le carnet "
                                           "de notes (CSV, XLSX), un retour par apprenant et un rapport.")
    grade.add_argument("copies", type=Path, help="dossier des copies remises")
    grade.add_argument("--sortie", type=Path, required=True, help="dossier des résultats")
    grade.add_argument("--grille", type=Path, action="append", default=[],
                       help="grille remplie ailleurs que dans le dossier des résultats (CSV ; les "
                            "grilles du dossier des résultats sont toujours relues)")
    grade.add_argument("--liste", type=Path, default=None,
                       help="liste de la classe (un nom par ligne) : absents et fichiers écartés au carnet")
    grade.add_argument("--accepter", type=Path, action="append", default=[],
                       help="réponses acceptées en plus du corrigé (CSV item;reponse ; "
                            "acceptations.csv du dossier des résultats est toujours relu)")
    grade.add_argument("--taille-max", type=int, default=5, metavar="MO",
                       help="taille maximale d'un fichier remis, en Mo (5 par défaut)")
    _subset_options(grade)
    grade.set_defaults(run=run_grade)
    export = actions.add_parser("exporter", help="exporter l'évaluation pour Moodle, avec ses points",
                                description="Exporte les questions de l'évaluation finale dans leur "
                                            "propre catégorie Moodle, chaque question avec ses points "
                                            "(defaultgrade). La réponse argumentée reste hors de l'export.")
    export.add_argument("--format", required=True, choices=["moodle-xml", "gift"], dest="format_")
    export.add_argument("--sortie", type=Path, default=None, help="fichier à écrire (sinon : la sortie)")
    _subset_options(export)
    export.set_defaults(run=run_export)
    study = actions.add_parser("analyser", help="indices de facilité et de discrimination des questions",
                               description="Analyse les résultats d'une correction (définitions des "
                                           "statistiques de test de Moodle).")
    study.add_argument("resultats", type=Path, help="dossier des résultats de « piu evaluation corriger »")
    study.set_defaults(run=run_study)


def _subset_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--objectifs", default="", metavar="O1,O2",
                        help="seulement les questions de ces objectifs (m8-o1… : data/examen_plan.csv)")
    parser.add_argument("--questions", default="", metavar="ID1,ID2",
                        help="seulement ces questions (identifiants de data/examen_items.csv)")


def _ids(text: str) -> list[str]:
    return [t.strip() for t in text.replace(";", ",").split(",") if t.strip()]


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
    files = moteur.distribuer(args.sortie, _ids(args.objectifs), _ids(args.questions))
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
    _output_folder(args.sortie)  # the copies folder: refused by corriger_dossier, inside or around it too
    for grid in args.grille:
        _grid(grid)
    if not 1 <= args.taille_max <= 500:
        raise PiuError(f"--taille-max {args.taille_max} : indiquez une taille en Mo, de 1 à 500.")
    try:
        done = moteur.corriger_dossier(args.copies, args.sortie, args.grille, liste=args.liste,
                                       accepter=args.accepter, objectifs=_ids(args.objectifs),
                                       items=_ids(args.questions), max_bytes=args.taille_max * 1_000_000)
    except (UnicodeDecodeError, csv.Error) as exc:  # a grid in another encoding or without columns
        raise PiuError(f"Une grille remplie est illisible ({type(exc).__name__}) : enregistrez-la en CSV UTF-8, "
                       f"séparateur « ; », à partir de grille_a_remplir.csv.") from None
    print(f"{done['copies']} copie(s) corrigée(s) dont {done['provisoires']} note(s) provisoire(s), "
          f"{len(done['rejets'])} fichier(s) écarté(s), {len(done['doublons'])} apprenant(s) avec "
          f"plusieurs copies. Résultats dans {args.sortie} (voir rapport.html).")
    for name, reason in done["rejets"]:
        print(f"- écarté : {name} — {reason}")
    for name, other in done["rapprochements"]:
        print(f"- noms à vérifier : « {name} » et « {other} » (non fusionnés)")
    for name, statut, _ in done["liste"]:
        print(f"- liste de la classe : {name} — {statut}")
    refused = sum(len(v) for v in done["refusees"].values())
    if refused:
        print(f"- {refused} réponse(s) tapée(s) refusée(s) à relire : reponses_refusees.csv ; une réponse "
              f"juste non prévue se recopie dans acceptations.csv, puis relancez.")
    for problem in done["problemes_grille"]:
        print(f"- grille ou acceptations : {problem}")
    if done["nouvelle_grille"] is not None:
        print(f"- grille à remplir : {done['nouvelle_grille']} (les grilles déjà remplies ne sont "
              f"jamais réécrites)")
    return 0


def run_export(args: argparse.Namespace) -> int:
    text, count = moteur.exporter_moodle(args.format_, _ids(args.objectifs), _ids(args.questions))
    if args.sortie is None:
        print(text, end="")
        return 0
    from piu.core.files import ecrire_atomique

    try:
        ecrire_atomique(args.sortie, text)
    except OSError as exc:
        raise PiuError(f"Impossible d'écrire {args.sortie} ({raison(exc)}).") from None
    print(f"{count} question(s) de l'évaluation exportée(s) au format {args.format_} dans {args.sortie}, "
          f"catégorie « piu/evaluation-finale »." + (" Les points sont dans le fichier (defaultgrade)."
                                                   if args.format_ == "moodle-xml" else
                                                   " GIFT ne porte pas les points : reportez-les dans Moodle, "
                                                   "ou exportez en moodle-xml."))
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
