"""The final evaluation (module 8): its blueprint, its key, and the trainer's three jobs.

Pure functions over ``data/examen_*.csv`` and the key ``exercises/banque/module8.yaml``; the
generic machinery (reading copies, grading, gradebook, item analysis) is in :mod:`piu.core`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from piu.core import data, paths
from piu.core.errors import PiuError
from piu.core.files import ecrire_atomique, raison
from piu.core.questions.bank import Question, charger_banque
from piu.core.trainer import hand_marks
from piu.core.trainer.copies import MAX_BYTES, Lecture, cle_nom, lire_dossier, lire_liste, sujet
from piu.core.trainer.gradebook import (
    Bareme,
    Bilan,
    Critere,
    Resultat,
    corriger_copie,
    ecrire_resultats,
    reponses_refusees,
)
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


def bareme(objectifs: Sequence[str] = (), items: Sequence[str] = ()) -> list[Bareme]:
    """Every item with its points (the open item is graded by the trainer), or only those of
    ``objectifs`` and ``items`` when a session hands out part of the evaluation."""
    table = list(data.table("examen_items").itertuples())
    known_obj = sorted({r.objectif for r in table})
    known_items = [r.id for r in table]
    bad = [o for o in objectifs if o not in known_obj]
    if bad:
        raise PiuError(f"Objectif « {bad[0]} » inconnu : choisissez parmi {', '.join(known_obj)}.")
    bad = [i for i in items if i not in known_items]
    if bad:
        raise PiuError(f"Question « {bad[0]} » inconnue de l'évaluation : les identifiants sont dans "
                       f"data/examen_items.csv (par exemple {known_items[0]}).")
    chosen = [r for r in table if (not objectifs and not items) or r.objectif in objectifs or r.id in items]
    return [Bareme(r.id, float(r.points), r.nature == "ouverte") for r in chosen]


def evaluation_id(objectifs: Sequence[str] = (), items: Sequence[str] = ()) -> str:
    """The evaluation's name in copies: ``module-8``, or one per subset, so that a copy of one
    session's subset is never graded as another's."""
    if not objectifs and not items:
        return EVALUATION
    name = "+".join(sorted(objectifs))
    if items:
        digest = hashlib.sha256(",".join(sorted(items)).encode()).hexdigest()[:8]
        name = (name + "+" if name else "") + f"questions-{digest}"
    return f"{EVALUATION}/{name}"


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


def ouvertes(retenues: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Open items with their statement and published rubric (no secret in them)."""
    items = data.table("examen_items")
    rubric = grille()
    keep = set(retenues) if retenues is not None else None
    return [{"id": r.id, "enonce": r.enonce, "points": float(r.points),
             "grille": [{"critere": c.critere, "points": c.points, "attendu": c.attendu}
                        for c in rubric if c.item == r.id]}
            for r in items.itertuples() if r.nature == "ouverte" and (keep is None or r.id in keep)]


def sujet_evaluation(objectifs: Sequence[str] = (), items: Sequence[str] = ()) -> dict[str, Any]:
    """The subject handed to learners: statements, options, rubric — no key."""
    packaged = paths.bank_dir() / SUJET_PACKAGE
    key = paths.bank_dir() / "module8.yaml"
    if key.is_file():
        chosen = [b.id for b in bareme(objectifs, items)]
        questions = [q for qid, q in corrige().items() if qid in chosen]
        subject = sujet(evaluation_id(objectifs, items), TITRE, questions, ouvertes(chosen))
        if objectifs or items:
            subject["sous_ensemble"] = chosen
        return subject
    if packaged.is_file():  # the browser wheel carries the subject, never the key
        loaded = json.loads(packaged.read_text(encoding="utf-8"))
        return {"format": "piu-sujet", "version": 1, "evaluation": EVALUATION, "titre": TITRE,
                "questions": loaded["questions"], "ouvertes": ouvertes()}
    raise PiuError("Le sujet de l'évaluation est introuvable : ouvrez le notebook distribué par "
                   "votre formateur, avec son fichier sujet.json.")


def verifier_dossiers(copies: Path, sortie: Path) -> None:
    """The results folder is never the copies folder, nor inside it, nor around it."""
    c, o = copies.resolve(), sortie.resolve()
    if c == o or c in o.parents or o in c.parents:
        raise PiuError(f"Le dossier des résultats {sortie} ne peut pas être le dossier des copies "
                       f"{copies}, ni être dedans, ni le contenir : choisissez un dossier à côté, "
                       f"par exemple resultats/.")


def _liste(noms: list[str], results: list[Resultat], lecture: Lecture) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Roster rows without a graded copy, with their status; and copies of learners not on it."""
    graded = {cle_nom(r.apprenant) for r in results}
    rows = []
    for name in noms:
        key = cle_nom(name)
        if key in graded:
            continue
        words = set(key.split())
        hit = next((f for f in lecture.statuts
                    if cle_nom(lecture.noms.get(f, "")) == key or words <= set(cle_nom(f).split())), None)
        rows.append((name, lecture.statut_rejet(hit) if hit else "absent", hit or ""))
    expected = {cle_nom(n) for n in noms}
    extra = [r.apprenant for r in results if cle_nom(r.apprenant) not in expected]
    return rows, extra


def corriger_dossier(copies: Path, sortie: Path, grille_remplie: Path | Sequence[Path] | None = None, *,
                     liste: Path | None = None, accepter: Sequence[Path] = (),
                     objectifs: Sequence[str] = (), items: Sequence[str] = (),
                     max_bytes: int = MAX_BYTES) -> dict[str, Any]:
    """Grade every copy of ``copies`` into ``sortie``; return counts for the command's summary.

    The trainer's files are read back at every run and never rewritten: every grid of
    ``sortie`` (and those of ``grille_remplie``), ``sortie/acceptations.csv`` (and ``accepter``).
    A new blank grid lists only what no grid lists yet. ``objectifs``/``items``: the subset
    handed out in a session; copies are graded on it only.
    """
    verifier_dossiers(copies, sortie)
    noms = lire_liste(liste) if liste is not None else None
    questions = corrige()
    items_bareme = bareme(objectifs, items)
    chosen = {b.id for b in items_bareme}
    rubric = [c for c in grille() if c.item in chosen]
    explicit = [grille_remplie] if isinstance(grille_remplie, Path) else list(grille_remplie or [])
    lecture = lire_dossier(copies, evaluation_id(objectifs, items), max_bytes)
    notes = hand_marks.lire_grilles(hand_marks.grilles(sortie, explicit), rubric,
                                    [c.apprenant for c in lecture.copies])
    accept_files = [*accepter, *([sortie / hand_marks.ACCEPTED] if (sortie / hand_marks.ACCEPTED).is_file() else [])]
    accepted, accept_problems = hand_marks.lire_acceptations(accept_files, [b.id for b in items_bareme
                                                                             if not b.ouverte])

    def grade(copie: Any) -> Resultat:
        return corriger_copie(copie, questions, items_bareme, notes.scores, rubric, accepted)

    results = [grade(c) for c in lecture.copies]
    open_items = [b.id for b in items_bareme if b.ouverte]
    pending = hand_marks.lignes_a_ajouter([(r.apprenant, {i.id: i.reponse for i in r.items}) for r in results],
                                          open_items, notes)
    new_grid = hand_marks.prochaine_grille(sortie) if pending and rubric else None
    roster, extra = _liste(noms, results, lecture) if noms is not None else ([], [])
    bilan = Bilan(problemes=notes.problemes + accept_problems
                  + [f"{n} : copie corrigée, mais absent(e) de la liste de la classe" for n in extra],
                  grilles_lues=[str(p) for p in notes.fichiers],
                  nouvelle_grille=new_grid.name if new_grid else "",
                  acceptations_lues=[str(p) for p in accept_files],
                  refusees=reponses_refusees(results, questions),
                  rapprochements=lecture.rapprochements,
                  doublons=[(kept_copy.apprenant, [grade(c) for c in group], kept)
                            for kept, group in lecture.groupes.items()
                            for kept_copy in [next(c for c in group if c.fichier == kept)]],
                  liste=roster,
                  sous_ensemble=(f"{evaluation_id(objectifs, items)} ({len(chosen)} questions : "
                                 f"{', '.join(b.id for b in items_bareme)})" if (objectifs or items) else ""))
    written = ecrire_resultats(sortie, lecture, results, items_bareme, questions, TITRE, bilan, roster)
    if new_grid is not None:
        try:
            written[new_grid.name] = ecrire_atomique(new_grid, hand_marks.grille_csv(pending, rubric))
        except OSError as exc:
            raise PiuError(f"Impossible d'écrire la grille {new_grid} ({raison(exc)}).") from None
    return {"copies": len(results), "rejets": lecture.rejets, "doublons": lecture.doublons,
            "fichiers": written, "resultats": results, "problemes_grille": bilan.problemes,
            "refusees": bilan.refusees, "liste": roster, "rapprochements": lecture.rapprochements,
            "provisoires": sum(r.provisoire for r in results), "nouvelle_grille": new_grid,
            "statuts": lecture.statuts}


def exporter_moodle(format_: str, objectifs: Sequence[str] = (), items: Sequence[str] = ()) -> tuple[str, int]:
    """The evaluation for Moodle, in its own category, each item with its points (defaultgrade)."""
    from piu.core.trainer.moodle import gift, moodle_xml

    chosen = [b for b in bareme(objectifs, items) if not b.ouverte]
    key = corrige()
    questions = [key[b.id] for b in chosen]
    if format_ == "gift":
        return gift(questions, "piu"), len(questions)
    return moodle_xml(questions, "piu", {b.id: b.points for b in chosen}), len(questions)


def analyser_resultats(dossier: Path) -> dict[str, Any]:
    """Facility, discrimination, option counts and flags; writes analyse.html and analyse.csv."""
    from piu.core.trainer.item_analysis import lire_resultats

    resultats = lire_resultats(dossier)
    seuils, source = seuils_analyse()
    table, flags, report = rapport(resultats, corrige(), seuils, source)
    written = ecrire_analyse(dossier, table, flags, report)
    return {"table": table, "signalees": flags, "fichiers": written}


def distribuer(sortie: Path, objectifs: Sequence[str] = (), items: Sequence[str] = ()) -> list[Path]:
    """Write what learners receive: the notebook, its subject, the web form. No key in any.

    ``objectifs``/``items``: a session's subset; its copies carry the subset's name, and
    ``corriger`` with the same options grades them on the subset only. Every file is 0644.
    """
    from piu.examen.web import formulaire_autonome

    if sortie.exists() and any(sortie.iterdir()):
        raise PiuError(f"Le dossier {sortie} n'est pas vide : choisissez un dossier neuf pour ne rien "
                       f"écraser.")
    subject = sujet_evaluation(objectifs, items)
    try:
        sortie.mkdir(parents=True, exist_ok=True)
        files = [ecrire_atomique(sortie / "sujet.json", json.dumps(subject, ensure_ascii=False, indent=1))]
        notebook = paths.course_root() / "exercises" / "module8.ipynb"
        if notebook.is_file():
            files.append(ecrire_atomique(sortie / "evaluation.ipynb", notebook.read_bytes()))
        files.append(ecrire_atomique(sortie / "evaluation.html", formulaire_autonome(subject)))
    except OSError as exc:
        raise PiuError(f"Impossible d'écrire le paquet dans {sortie} ({raison(exc)}).") from None
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
