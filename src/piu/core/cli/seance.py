"""``piu seance``: the papers of a session (attestations, sign-in sheets, hot evaluation) and its summary.

- ``piu seance papiers SEANCE.yml --liste participants.csv [--progression DEPOT] [--sortie DOSSIER]``
  writes the sign-in sheets (one page per half-day), the hot-evaluation questionnaire and its
  blank answer table, and one attestation per trainee (HTML, and PDF where Chromium is found);
- ``piu seance bilan SEANCE.yml reponses.csv [--sortie bilan.html]`` summarises the typed-in
  questionnaires.

The output folder is the command's own: an existing folder it did not create is refused, so no
file of the trainer's is ever written over.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from piu.core.errors import PiuError
from piu.core.files import ecrire_atomique
from piu.core.trainer import group_progress, session_papers

MARK = ".piu-seance"  # left in the output folder: the command may write there again


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("seance", help="(formateur) attestations, émargement, évaluation à chaud",
                            description="Les papiers d'une session de formation, tirés du plan, de la liste "
                                        "des participants et de leurs fichiers de progression.")
    actions = parser.add_subparsers(dest="action", title="actions", metavar="ACTION", parser_class=type(parser))
    actions.required = True
    papers = actions.add_parser("papiers", help="attestations, feuilles d'émargement, questionnaire à chaud",
                                description="Écrit, pour la séance décrite dans SEANCE.yml : une feuille "
                                            "d'émargement par demi-journée, le questionnaire d'évaluation à chaud "
                                            "et son tableau de saisie, une attestation par participant.")
    papers.add_argument("seance", type=Path, help="fichier de la séance (YAML)")
    papers.add_argument("--liste", type=Path, required=True, help="participants (CSV : nom, prenom…)")
    papers.add_argument("--progression", type=Path, default=None, metavar="DEPOT",
                        help="dossier des fichiers de progression (modules parcourus sur l'attestation)")
    papers.add_argument("--sortie", type=Path, default=None, help="dossier des papiers (par défaut : papiers-seance)")
    papers.add_argument("--sans-pdf", action="store_true", help="HTML seulement, sans PDF")
    papers.set_defaults(run=run_papers)
    summary = actions.add_parser("bilan", help="bilan des questionnaires d'évaluation à chaud",
                                 description="Résume les questionnaires saisis dans le tableau écrit par « papiers ».")
    summary.add_argument("seance", type=Path, help="fichier de la séance (YAML)")
    summary.add_argument("reponses", type=Path, help="tableau des réponses rempli (CSV)")
    summary.add_argument("--sortie", type=Path, default=None, help="page du bilan (par défaut : à côté du tableau)")
    summary.set_defaults(run=run_summary)


def _own_folder(out: Path) -> None:
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARK).exists())):
        raise PiuError(f"{out} existe déjà et n'a pas été créé par « piu seance papiers » : choisissez un autre "
                       f"dossier avec --sortie (rien n'a été écrit).")
    out.mkdir(parents=True, exist_ok=True)
    (out / MARK).write_text("Dossier écrit par « piu seance papiers ».\n", encoding="utf-8")


def _slug(text: str) -> str:
    return session_papers._key(text).replace(" ", "-") or "participant"


def run_papers(args: argparse.Namespace) -> int:
    seance = session_papers.charger_seance(args.seance)
    people = session_papers.lire_liste(args.liste)
    group = group_progress.fusionner(args.progression) if args.progression else None
    out = args.sortie or Path("papiers-seance")
    _own_folder(out)
    written = [ecrire_atomique(out / "emargement.html", session_papers.emargement_html(seance, people)),
               ecrire_atomique(out / "evaluation-a-chaud.html", session_papers.evaluation_html(seance))]
    table = out / "evaluation-a-chaud-reponses.csv"
    if not table.exists():  # the trainer types the answers in it: never written over
        written.append(ecrire_atomique(table, session_papers.modele_reponses_csv(seance)))
    today = date.today()
    pages = []
    for person in people:
        modules = session_papers.modules_termines(group, person)
        text = session_papers.attestation_html(seance, person, modules, today)
        ecrire_atomique(out / "attestations" / f"attestation-{_slug(person.nom)}-{_slug(person.prenom)}.html", text)
        pages.append(text)
    every = ecrire_atomique(out / "attestations.html", session_papers.attestations_html(seance, pages))
    pdfs = 0
    if not args.sans_pdf:  # one Chromium run per document: the group's attestations print as one
        for page in (*written[:2], every):
            pdfs += session_papers.imprimer_pdf(page, page.with_suffix(".pdf")) is not None
    print(f"Papiers de la séance « {seance.titre} » dans {out} :")
    print(f"  feuilles d'émargement ({len(session_papers.demi_journees(seance))} demi-journée(s)) : emargement.html")
    print("  évaluation à chaud : evaluation-a-chaud.html, réponses à saisir dans evaluation-a-chaud-reponses.csv")
    print(f"  {len(pages)} attestation(s) : attestations/ (une page par participant), toutes dans attestations.html")
    if args.sans_pdf:
        print("  PDF non demandés (--sans-pdf) : imprimez les pages HTML depuis le navigateur.")
    elif pdfs:
        print(f"  {pdfs} PDF écrits à côté des pages HTML.")
    else:
        print("  Pas de PDF : Chromium est introuvable sur ce poste ; imprimez les pages HTML depuis le navigateur.")
    return 0


def run_summary(args: argparse.Namespace) -> int:
    seance = session_papers.charger_seance(args.seance)
    rows = session_papers.lire_reponses(args.reponses, seance)
    out = args.sortie or args.reponses.with_name("bilan-evaluation-a-chaud.html")
    if out.exists() and "Bilan de l'évaluation à chaud" not in out.read_text(encoding="utf-8", errors="ignore"):
        raise PiuError(f"{out} existe déjà et n'est pas un bilan écrit par piu : choisissez un autre --sortie.")
    ecrire_atomique(out, session_papers.bilan_html(seance, rows))
    print(f"Bilan de {len(rows)} questionnaire(s) : {out}")
    return 0
