"""Evaluation subjects and learners' « copies »: what is handed out, what is handed in.

A *subject* is the bank's questions of an evaluation with everything that would give an answer
away removed: no ``correct`` flag, no feedback, no explanation, no source, no numeric answer,
no hash. It is what the learner's form (Jupyter or web) shows.

A *copy* is one JSON object written by the form::

    {"format": "piu-copie", "version": 1, "evaluation": "module-8",
     "apprenant": "Camille Martin", "remise_le": "2026-12-03T10:15:00",
     "reponses": {"m8-date-dispense-mai": "60 000", ...}}

Copies reach the trainer as ``.json`` files or inside the evaluation notebook (``.ipynb``),
where the form left the same object as a cell output of type :data:`COPY_MIME`. Reading never
executes anything, and survives the damage nbgrader's users report: cells duplicated, deleted,
reordered or with broken metadata, invalid JSON, a wrong encoding, an empty or huge file. Every
refusal is a :class:`CopieIllisible` with the reason in French.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from piu.core.errors import PiuError
from piu.core.files import raison
from piu.core.questions.bank import Question
from piu.core.questions.web_payload import display_order

COPY_FORMAT = "piu-copie"
COPY_VERSION = 1
#: Output type under which the notebook form leaves the copy in the notebook.
COPY_MIME = "application/vnd.piu.copie+json"
#: A copy is a few kilobytes; a notebook with its outputs rarely passes 1 MB.
MAX_BYTES = 5 * 1024 * 1024
MAX_NAME = 120


class CopieIllisible(PiuError):
    """A handed-in file that cannot be read as a copy; the message says why."""


@dataclass(frozen=True)
class Copie:
    """One learner's answers, as read from a handed-in file."""

    apprenant: str
    reponses: dict[str, Any]
    remise_le: str
    fichier: str
    evaluation: str = ""
    remarques: tuple[str, ...] = field(default=())

    @property
    def cle_apprenant(self) -> str:
        """The learner's identity for spotting two copies of one person (case and spaces ignored)."""
        return " ".join(self.apprenant.casefold().split())


# ---- The subject: questions without their key ----------------------------------------------

def sujet_question(question: Question) -> dict[str, Any]:
    """What the form needs to show ``question``, and nothing that reveals the answer.

    Ordering questions get the fixed display order of the web quiz (never the right one);
    choice options keep their order, which says nothing.
    """
    item: dict[str, Any] = {"id": question.id, "type": question.type, "titre": question.titre,
                            "enonce": question.enonce}
    if question.type in ("choix-unique", "choix-multiple"):
        item["options"] = [{"id": o.id, "texte": o.texte} for o in question.options]
    elif question.type == "numerique":
        item["unite"] = question.unite
    elif question.type == "ordre":
        item["elements"] = [{"id": e.id, "texte": e.texte}
                            for e in display_order(question, question.elements)]
    elif question.type == "association":
        item["elements"] = [{"id": e.id, "texte": e.texte} for e in question.elements]
        item["cibles"] = [{"id": t.id, "texte": t.texte} for t in question.cibles]
    return item


def sujet(evaluation: str, titre: str, questions: list[Question],
          ouvertes: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The whole subject handed out: auto-graded questions, then open questions with their rubric."""
    return {"format": "piu-sujet", "version": COPY_VERSION, "evaluation": evaluation,
            "titre": titre, "questions": [sujet_question(q) for q in questions],
            "ouvertes": list(ouvertes or [])}


# ---- Writing a copy ---------------------------------------------------------------------------

def nouvelle_copie(evaluation: str, apprenant: str, reponses: dict[str, Any],
                   quand: datetime | None = None) -> dict[str, Any]:
    """The copy object the form saves; raises :class:`PiuError` when the name is missing."""
    name = " ".join(str(apprenant or "").split())
    if not name:
        raise PiuError("Indiquez votre nom et votre prénom avant de remettre votre copie.")
    if len(name) > MAX_NAME:
        raise PiuError(f"Le nom est trop long ({len(name)} caractères, {MAX_NAME} au plus).")
    return {"format": COPY_FORMAT, "version": COPY_VERSION, "evaluation": evaluation,
            "apprenant": name, "remise_le": (quand or datetime.now()).isoformat(timespec="seconds"),
            "reponses": reponses}


def json_copie(copie: dict[str, Any]) -> str:
    """The copy as the text of its file."""
    return json.dumps(copie, ensure_ascii=False, indent=1)


# ---- Reading copies ---------------------------------------------------------------------------

def _decode(raw: bytes) -> tuple[str, list[str]]:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 with a remark."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), ["fichier en UTF-16, relu comme tel"]
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), ["fichier qui n'est pas en UTF-8, relu en Windows-1252 : "
                                      "vérifiez les accents du nom"]
    except UnicodeDecodeError:
        raise CopieIllisible("encodage inconnu : le fichier n'est ni en UTF-8 ni en "
                             "Windows-1252") from None


def _is_copy(value: Any) -> bool:
    return isinstance(value, dict) and value.get("format") == COPY_FORMAT


def _copies_in_notebook(notebook: dict[str, Any]) -> list[dict[str, Any]]:
    """Every copy object left in the notebook, whatever state its cells are in.

    Cells may be duplicated, reordered or have broken metadata: each output and each
    ``metadata.piu.copie`` is looked at on its own, and anything malformed is skipped.
    """
    found: list[dict[str, Any]] = []
    cells = notebook.get("cells")
    if not isinstance(cells, list):
        return found
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        meta = cell.get("metadata")
        if isinstance(meta, dict) and isinstance(meta.get("piu"), dict) and _is_copy(meta["piu"].get("copie")):
            found.append(meta["piu"]["copie"])
        outputs = cell.get("outputs")
        if not isinstance(outputs, list):
            continue
        for output in outputs:
            bundle = output.get("data") if isinstance(output, dict) else None
            if not isinstance(bundle, dict):
                continue
            value = bundle.get(COPY_MIME)
            if isinstance(value, str):  # some tools store JSON outputs as text
                try:
                    value = json.loads(value)
                except ValueError:
                    continue
            if _is_copy(value):
                found.append(value)
    return found


def _check(raw: dict[str, Any], fichier: str, remarks: list[str]) -> Copie:
    name = raw.get("apprenant")
    if not isinstance(name, str) or not " ".join(name.split()):
        raise CopieIllisible("nom de l'apprenant absent ou vide")
    name = " ".join(name.split())
    if len(name) > MAX_NAME:
        raise CopieIllisible(f"nom de l'apprenant trop long ({len(name)} caractères)")
    answers = raw.get("reponses")
    if not isinstance(answers, dict):
        raise CopieIllisible("pas de réponses (le champ « reponses » manque ou n'est pas une liste "
                             "de réponses par question)")
    when = raw.get("remise_le")
    stamp = ""
    if isinstance(when, str):
        try:
            stamp = datetime.fromisoformat(when).isoformat(timespec="seconds")
        except ValueError:
            remarks.append(f"date de remise illisible ({when[:40]!r}), ignorée")
    else:
        remarks.append("date de remise absente")
    clean = {str(k): v for k, v in answers.items() if isinstance(k, str)}
    return Copie(apprenant=name, reponses=clean, remise_le=stamp, fichier=fichier,
                 evaluation=str(raw.get("evaluation") or ""), remarques=tuple(remarks))


def lire_copie(path: Path, max_bytes: int = MAX_BYTES) -> Copie:
    """Read one handed-in file (``.json`` or ``.ipynb``) without executing anything."""
    name = path.name
    if path.suffix.lower() not in (".json", ".ipynb"):
        raise CopieIllisible("type de fichier non pris en charge (attendu : .json ou .ipynb)")
    try:
        size = path.stat().st_size
        if size == 0:
            raise CopieIllisible("fichier vide")
        if size > max_bytes:
            raise CopieIllisible(f"fichier trop gros ({size / 1e6:.1f} Mo ; une copie fait quelques "
                                 f"kilo-octets, {max_bytes // 1024 // 1024} Mo au plus)")
        raw = path.read_bytes()
    except OSError as exc:
        raise CopieIllisible(f"lecture impossible ({raison(exc)})") from None
    text, remarks = _decode(raw)
    if not text.strip():
        raise CopieIllisible("fichier vide")
    try:
        loaded = json.loads(text)
    except ValueError as exc:
        line = getattr(exc, "lineno", "?")
        raise CopieIllisible(f"JSON illisible (ligne {line}) : le fichier a été coupé ou modifié à "
                             f"la main") from None
    if _is_copy(loaded):
        return _check(loaded, name, remarks)
    if isinstance(loaded, dict) and "cells" in loaded:
        found = _copies_in_notebook(loaded)
        if not found:
            raise CopieIllisible("notebook sans copie : la cellule « Remettre ma copie » n'a pas été "
                                 "exécutée, ou sa sortie a été effacée")
        names = {" ".join(str(c.get("apprenant", "")).casefold().split()) for c in found}
        if len(found) > 1:
            remarks.append(f"{len(found)} remises dans le notebook (cellules dupliquées ou "
                           f"réexécutées) : la plus récente compte")
        if len(names) > 1:
            remarks.append("remises à des noms différents dans le même notebook : vérifiez")
        latest = max(found, key=lambda c: str(c.get("remise_le", "")))
        return _check(latest, name, remarks)
    raise CopieIllisible("ce n'est pas une copie d'évaluation (ni copie JSON, ni notebook)")


@dataclass
class Lecture:
    """The outcome of reading a folder: the copies kept, and every file set aside with its reason."""

    copies: list[Copie] = field(default_factory=list)
    rejets: list[tuple[str, str]] = field(default_factory=list)
    doublons: list[tuple[str, list[str], str]] = field(default_factory=list)


def lire_dossier(folder: Path) -> Lecture:
    """Read every ``.json`` and ``.ipynb`` of ``folder`` (recursively); one bad file never stops it.

    Two copies of one learner: the latest hand-in counts (then the file name, for a stable
    choice); both are reported in :attr:`Lecture.doublons`.
    """
    if not folder.is_dir():
        raise PiuError(f"Le dossier des copies {folder} n'existe pas : indiquez le dossier où vous "
                       f"avez rassemblé les fichiers remis.")
    result = Lecture()
    read: list[Copie] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if ".ipynb_checkpoints" in path.parts or path.name.startswith("."):
            continue
        try:
            copie = lire_copie(path)
        except CopieIllisible as exc:
            result.rejets.append((rel, str(exc)))
            continue
        except Exception as exc:  # the batch must go on; the reason is reported
            result.rejets.append((rel, f"erreur inattendue ({type(exc).__name__})"))
            continue
        read.append(Copie(copie.apprenant, copie.reponses, copie.remise_le, rel, copie.evaluation,
                          copie.remarques))
    by_learner: dict[str, list[Copie]] = {}
    for copie in read:
        by_learner.setdefault(copie.cle_apprenant, []).append(copie)
    for group in by_learner.values():
        group.sort(key=lambda c: (c.remise_le, c.fichier))
        kept = group[-1]
        if len(group) > 1:
            result.doublons.append((kept.apprenant, [c.fichier for c in group], kept.fichier))
        result.copies.append(kept)
    result.copies.sort(key=lambda c: c.cle_apprenant)
    return result
