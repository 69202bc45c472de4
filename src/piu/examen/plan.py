"""The final evaluation (module 8): its blueprint, its key, and the trainer's three jobs.

Pure functions over ``data/examen_*.csv`` and the key ``exercises/banque/module8.yaml``; the
generic machinery (reading copies, grading, gradebook, item analysis) is in :mod:`piu.core`.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from piu.core import data, paths
from piu.core.errors import PiuError
from piu.core.files import ecrire_atomique
from piu.core.questions.bank import Question, charger_banque
from piu.core.trainer.copies import lire_dossier, sujet
from piu.core.trainer.gradebook import Bareme, Critere, corriger_copie, ecrire_resultats, lire_grille_remplie
from piu.core.trainer.item_analysis import Seuil, ecrire_analyse, rapport

MODULE = 8
EVALUATION = "module-8"
TITRE = "Évaluation finale — Achat public d'innovation urbaine"
SUJET_PACKAGE = "module8.sujet.json"


@dataclass(frozen=True)
class Objectif:
    objectif: str
    module: int
    libelle: str
    points: float


def plan_evaluation() -> list[Objectif]:
    """The blueprint: which objective of which module, for how many points."""
    return [Objectif(r.objectif, int(r.module), r.libelle, float(r.points))
            for r in data.table("examen_plan").itertuples()]


def bareme() -> list[Bareme]:
    """Every item with its points; the open item is graded by the trainer."""
    return [Bareme(r.id, float(r.points), r.nature == "ouverte")
            for r in data.table("examen_items").itertuples()]


def grille() -> list[Critere]:
    """The rubric published with the open item."""
    return [Critere(r.id, r.item, r.critere, float(r.points), r.attendu)
            for r in data.table("examen_grille").itertuples()]


def seuils_analyse() -> tuple[list[Seuil], str]:
    table = data.table("examen_analyse")
    return ([Seuil(r.id, r.indice, r.comparaison, float(r.seuil), r.verdict) for r in table.itertuples()],
            " ; ".join(f"{r.id} : {r.source}" for r in table.itertuples()))


def corrige() -> dict[str, Question]:
    """The key: the evaluation's questions from the bank (trainer side only)."""
    bank = charger_banque()
    return {b.id: bank[b.id] for b in bareme() if not b.ouverte}


def ouvertes() -> list[dict[str, Any]]:
    """Open items with their statement and published rubric (no secret in them)."""
    items = data.table("examen_items")
    rubric = grille()
    return [{"id": r.id, "enonce": r.enonce, "points": float(r.points),
             "grille": [{"critere": c.critere, "points": c.points, "attendu": c.attendu}
                        for c in rubric if c.item == r.id]}
            for r in items.itertuples() if r.nature == "ouverte"]


def sujet_evaluation() -> dict[str, Any]:
    """The subject handed to learners: statements, options, rubric — no key."""
    packaged = paths.bank_dir() / SUJET_PACKAGE
    key = paths.bank_dir() / "module8.yaml"
    if key.is_file():
        questions = list(corrige().values())
        return sujet(EVALUATION, TITRE, questions, ouvertes())
    if packaged.is_file():  # the browser wheel carries the subject, never the key
        loaded = json.loads(packaged.read_text(encoding="utf-8"))
        return {"format": "piu-sujet", "version": 1, "evaluation": EVALUATION, "titre": TITRE,
                "questions": loaded["questions"], "ouvertes": ouvertes()}
    raise PiuError("Le sujet de l'évaluation est introuvable : ouvrez le notebook distribué par "
                   "votre formateur, avec son fichier sujet.json.")


def corriger_dossier(copies: Path, sortie: Path, grille_remplie: Path | None = None) -> dict[str, Any]:
    """Grade every copy of ``copies`` into ``sortie``; return counts for the command's summary."""
    questions = corrige()
    items = bareme()
    rubric = grille()
    notes, problems = ({}, [])
    if grille_remplie is not None:
        if not grille_remplie.is_file():
            raise PiuError(f"La grille {grille_remplie} n'existe pas : remplissez le fichier "
                           f"grille_a_remplir.csv écrit par une première correction.")
        notes, problems = lire_grille_remplie(grille_remplie, rubric)
    lecture = lire_dossier(copies)
    results = [corriger_copie(c, questions, items, notes, rubric) for c in lecture.copies]
    written = ecrire_resultats(sortie, lecture, results, items, questions, rubric, TITRE, problems)
    return {"copies": len(results), "rejets": lecture.rejets, "doublons": lecture.doublons,
            "fichiers": written, "resultats": results, "problemes_grille": problems}


def analyser_resultats(dossier: Path) -> dict[str, Any]:
    """Facility, discrimination, option counts and flags; writes analyse.html and analyse.csv."""
    from piu.core.trainer.item_analysis import lire_resultats

    resultats = lire_resultats(dossier)
    seuils, source = seuils_analyse()
    table, flags, report = rapport(resultats, corrige(), seuils, source)
    written = ecrire_analyse(dossier, table, flags, report)
    return {"table": table, "signalees": flags, "fichiers": written}


def distribuer(sortie: Path) -> list[Path]:
    """Write what learners receive: the notebook, its subject, the web form. No key in any."""
    from piu.examen.web import formulaire_autonome

    if sortie.exists() and any(sortie.iterdir()):
        raise PiuError(f"Le dossier {sortie} n'est pas vide : choisissez un dossier neuf pour ne rien "
                       f"écraser.")
    sortie.mkdir(parents=True, exist_ok=True)
    subject = sujet_evaluation()
    files = [ecrire_atomique(sortie / "sujet.json", json.dumps(subject, ensure_ascii=False, indent=1))]
    notebook = paths.course_root() / "exercises" / "module8.ipynb"
    if notebook.is_file():
        target = sortie / "evaluation.ipynb"
        shutil.copyfile(notebook, target)
        files.append(target)
    files.append(ecrire_atomique(sortie / "evaluation.html", formulaire_autonome(subject)))
    files.append(ecrire_atomique(sortie / "LISEZMOI.txt", (
        "Évaluation finale du cours « Achat public d'innovation urbaine »\n\n"
        "Deux façons de répondre, au choix :\n"
        "- dans le navigateur : ouvrez evaluation.html, répondez, puis « Remettre ma copie » ;\n"
        "- dans Jupyter : ouvrez evaluation.ipynb (avec sujet.json à côté), répondez, puis\n"
        "  « Remettre ma copie ».\n"
        "Dans les deux cas, rendez à votre formateur le fichier copie-....json obtenu.\n"
        "Aucun retour n'est donné avant la remise : la correction vous parviendra ensuite.\n")))
    return files


def classe_fictive(n: int = 30, piege: str | None = None, graine: int = 8) -> list[dict[str, Any]]:
    """An invented class of ``n`` copies whose marks are known in advance (tests, benchmark, demo).

    Learner *k* has an ability :math:`a_k = (k + 0.5) / n`; item *j*, a difficulty spread over
    0.15–0.85 in bank order; the learner answers right when :math:`a_k > d_j`, otherwise gives
    a wrong answer (a typical wrong one when there is one). The ``piege`` item is answered
    right by the weaker half only: an item that discriminates backwards.
    """
    import random

    from piu.core.questions.grading import bonne_reponse
    from piu.core.trainer.copies import nouvelle_copie

    rng = random.Random(graine)
    questions = list(corrige().values())
    copies = []
    for k in range(n):
        ability = (k + 0.5) / n
        answers: dict[str, Any] = {}
        for j, q in enumerate(questions):
            difficulty = 0.15 + 0.7 * j / max(1, len(questions) - 1)
            right = ability < 0.5 if q.id == piege else ability > difficulty
            answers[q.id] = bonne_reponse(q) if right else _mauvaise_reponse(q, rng)
        answers["m8-ouverte-montage"] = f"Note fictive de l'apprenant {k + 1}."
        copies.append(nouvelle_copie(EVALUATION, f"Apprenant fictif {k + 1:02d}", answers))
    return copies


def _mauvaise_reponse(q: Question, rng: Any) -> Any:
    """A wrong answer to ``q`` (tests check that it is graded wrong)."""
    if q.type == "choix-unique":
        return rng.choice([o.id for o in q.options if not o.correct])
    if q.type == "choix-multiple":
        return [*q.bonnes_options, next(o.id for o in q.options if not o.correct)]
    if q.type == "numerique":
        typical = [e.valeur for e in q.erreurs_typiques if e.valeur is not None]
        return typical[0] if typical else (q.reponse or 0) * 3 + 7
    if q.type == "texte":
        return q.erreurs_typiques[0].reponse if q.erreurs_typiques else "réponse au hasard"
    if q.type == "ordre":
        return [e.id for e in reversed(q.elements)]
    targets = [e.avec for e in q.elements]
    return {e.id: t for e, t in zip(q.elements, targets[1:] + targets[:1], strict=True)}
