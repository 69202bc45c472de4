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
refusal is a :class:`CopieIllisible` with the reason in French, and a status (illisible, autre
évaluation, à corriger à la main) that the gradebook shows beside the class roster.

Names are matched as a French trainer reads them (:func:`cle_nom`); near names are shown, never
merged (:func:`rapprochements`); the optional roster is read by :func:`lire_liste`.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from piu.core.errors import PiuError
from piu.core.files import raison
from piu.core.french_numbers import format_nombre
from piu.core.questions.bank import Question
from piu.core.questions.web_payload import display_order

COPY_FORMAT = "piu-copie"
COPY_VERSION = 1
#: Output type under which the notebook form leaves the copy in the notebook.
COPY_MIME = "application/vnd.piu.copie+json"
#: A copy is a few kilobytes; a notebook with its outputs rarely passes 1 MB.
MAX_BYTES = 5_000_000
MAX_NAME = 120


#: What becomes of a learner whose file is set aside (shown in the gradebook with the roster).
ILLISIBLE = "illisible"
AUTRE = "autre évaluation"
A_LA_MAIN = "à corriger à la main"


class CopieIllisible(PiuError):
    """A handed-in file that cannot be read as a copy; the message says why, ``statut`` what
    becomes of it (:data:`ILLISIBLE`, :data:`AUTRE`, :data:`A_LA_MAIN`)."""

    def __init__(self, message: str, statut: str = ILLISIBLE, apprenant: str = "") -> None:
        super().__init__(message)
        self.statut = statut
        self.apprenant = apprenant


def taille(octets: int) -> str:
    """A file size the French way: « 5,2 Mo », « 740 ko »."""
    if octets >= 1_000_000:
        return f"{format_nombre(round(octets / 1e6, 1))} Mo"
    return f"{format_nombre(max(1, round(octets / 1e3)))} ko"


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
        """The learner's identity (:func:`piu.core.trainer.roster.cle_nom`): case, accents,
        hyphens and the order of first and last name ignored."""
        return cle_nom(self.apprenant)

    @property
    def nombre_reponses(self) -> int:
        """How many items were answered (an empty text or list is no answer)."""
        return sum(1 for v in self.reponses.values() if v not in (None, "", [], {}))


# ---- Names as a French trainer reads them, and the class roster ----------------------------------
#
# Learners' names as a French trainer reads them, and the optional class roster.
#
# A class hands in « Jean-Pierre MARTIN », « martin jean pierre » and « Martin Jean-Pierre »: one
# person. :func:`cle_nom` is the identity used everywhere in the trainer's room (duplicates, the
# rubric grid, the roster): case, accents, hyphens, apostrophes, spaces and the order of first
# and last name do not count. What is only *probably* the same person (« Camille Martin » and
# « Camille Martin-Durand », « Hélène Dupont » and « Helene Dupond ») is never merged: it is
# shown to the trainer by :func:`rapprochements`, who decides.
#
# The roster is a plain list of expected learners (one name a line, or a CSV whose first column
# is the name): it lets the gradebook show who is absent and whose file was set aside.

#: Formula prefixes the gradebook neutralises with « ' » (see ``gradebook.cellule``).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cellule(value: object) -> object:
    """A spreadsheet cell that cannot run: text starting with = + - @ is prefixed with « ' »."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def nom_lu(cellule: str) -> str:
    """A name as typed in a spreadsheet cell, with the « ' » the tool added before ``=+-@`` removed."""
    text = " ".join(str(cellule or "").split())
    if text.startswith("'") and text[1:2] in FORMULA_STARTS:
        text = text[1:]
    return text


def _mots(nom: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", nom)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    cleaned = "".join(c if c.isalnum() else " " for c in plain)
    return cleaned.split()


def cle_nom(nom: str) -> str:
    """The identity of a learner: words without case or accents, in alphabetical order."""
    return " ".join(sorted(_mots(nom_lu(nom))))


def _distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance, stopped early beyond ``limit`` (names are short)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def proches(a: str, b: str) -> bool:
    """Two different identities that may be one person: a typo, or a name with a word more."""
    ka, kb = cle_nom(a), cle_nom(b)
    if ka == kb or not ka or not kb:
        return False
    wa, wb = set(ka.split()), set(kb.split())
    if min(len(wa), len(wb)) >= 2 and (wa < wb or wb < wa):
        return True
    only_a, only_b = wa - wb, wb - wa
    if len(only_a) != 1 or len(only_b) != 1 or len(wa) != len(wb):
        return False  # a typo changes one word; the others stay
    a, b = only_a.pop(), only_b.pop()
    if a.isdigit() or b.isdigit() or min(len(a), len(b)) < 4:
        return False
    return _distance(a, b) <= (1 if len(a) < 8 else 2)


def rapprochements(noms: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of names that are probably one person, for the trainer to check (never merged)."""
    unique = sorted({cle_nom(n): n for n in noms}.values(), key=cle_nom)
    return [(a, b) for i, a in enumerate(unique) for b in unique[i + 1:] if proches(a, b)]


def lire_liste(path: Path) -> list[str]:
    """The roster: one learner a line, or a CSV (« ; » or « , ») whose first column is the name.

    A header line whose first cell is « nom », « apprenant » or « nom et prénom » is skipped.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PiuError(f"La liste de la classe {path} n'existe pas : indiquez le fichier des "
                       f"apprenants attendus (un nom par ligne).") from None
    except OSError as exc:
        raise PiuError(f"La liste de la classe {path} est illisible ({raison(exc)}).") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    delimiter = ";" if text.count(";") >= text.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = [cle_nom(c) for c in rows[0]] if rows else []
    first_name = header.index("prenom") if "nom" in header and "prenom" in header else None
    names: list[str] = []
    for n, row in enumerate(rows, start=1):
        if first_name is not None:  # the session papers' roster: nom;prenom;…
            if n == 1 or len(row) <= max(first_name, header.index("nom")):
                continue
            name = nom_lu(f"{row[first_name]} {row[header.index('nom')]}")
        else:
            name = nom_lu(row[0]) if row else ""
            if n == 1 and cle_nom(name) in {"nom", "apprenant", "et nom prenom", "prenom nom"}:
                continue
        if name:
            names.append(name)
    if not names:
        raise PiuError(f"La liste de la classe {path} ne contient aucun nom : un nom par ligne.")
    return names


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
    found, _ = _copies_and_metadata(notebook)
    return found


def _copies_and_metadata(notebook: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    """Copies from the form's outputs; copies found only in cell metadata are a fallback.

    Metadata is text anyone can edit: a copy there (with a later date) must not beat the copy
    the form printed. It is used only when no output holds a copy; the count is returned.
    """
    found: list[dict[str, Any]] = []
    in_metadata: list[dict[str, Any]] = []
    cells = notebook.get("cells")
    if not isinstance(cells, list):
        return found, 0
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        meta = cell.get("metadata")
        if isinstance(meta, dict) and isinstance(meta.get("piu"), dict) and _is_copy(meta["piu"].get("copie")):
            in_metadata.append(meta["piu"]["copie"])
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
    if found:
        return found, len(in_metadata)
    return in_metadata, 0


def _check(raw: dict[str, Any], fichier: str, remarks: list[str]) -> Copie:
    version = raw.get("version", COPY_VERSION)
    if version != COPY_VERSION:
        raise CopieIllisible(f"copie au format de version {str(version)[:10]!r}, inconnue de cette "
                             f"version de piu (version {COPY_VERSION} attendue) : mise de côté ; "
                             f"mettez piu à jour ou corrigez-la à la main",
                             A_LA_MAIN, str(raw.get("apprenant") or "")[:MAX_NAME])
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
            parsed = datetime.fromisoformat(when)
            stamp = parsed.isoformat(timespec="seconds")
            now = datetime.now(parsed.tzinfo) if parsed.tzinfo else datetime.now()
            if parsed > now + timedelta(days=1):
                remarks.append(f"date de remise dans le futur ({stamp}) : ignorée pour choisir la "
                               f"copie qui compte")
                stamp = ""
        except ValueError:
            remarks.append(f"date de remise illisible ({when[:40]!r}), ignorée")
    else:
        remarks.append("date de remise absente")
    clean = {str(k): v for k, v in answers.items() if isinstance(k, str)}
    return Copie(apprenant=name, reponses=clean, remise_le=stamp, fichier=fichier,
                 evaluation=str(raw.get("evaluation") or ""), remarques=tuple(remarks))


#: First bytes of files learners hand in by mistake, and what they are.
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG", "une image PNG", ILLISIBLE),
    (b"\xff\xd8\xff", "une image JPEG", ILLISIBLE),
    (b"%PDF", "un document PDF", A_LA_MAIN),
    (b"PK\x03\x04", "un document Word, LibreOffice ou une archive ZIP", A_LA_MAIN),
    (b"\xd0\xcf\x11\xe0", "un ancien document Word ou Excel", A_LA_MAIN),
    (b"{\\rtf", "un document RTF", A_LA_MAIN),
)

_OS_ERRORS = {errno.EACCES: "droits insuffisants pour lire le fichier : donnez-vous le droit de lecture",
              errno.EPERM: "droits insuffisants pour lire le fichier : donnez-vous le droit de lecture",
              errno.ENOENT: "fichier disparu pendant la lecture : relancez la correction",
              errno.EISDIR: "c'est un dossier, pas un fichier",
              errno.EIO: "erreur de lecture du disque : recopiez le fichier"}


def _os_message(exc: OSError) -> str:
    return _OS_ERRORS.get(exc.errno or 0, f"lecture impossible ({raison(exc)})")


def lire_copie(path: Path, max_bytes: int = MAX_BYTES) -> Copie:
    """Read one handed-in file (``.json`` or ``.ipynb``) without executing anything."""
    name = path.name
    if path.suffix.lower() not in (".json", ".ipynb"):
        raise CopieIllisible("type de fichier non pris en charge (attendu : la copie .json ou le "
                             "notebook .ipynb) : ouvrez-le et corrigez-le à la main", A_LA_MAIN)
    try:
        size = path.stat().st_size
        if size == 0:
            raise CopieIllisible("fichier vide")
        if size > max_bytes:
            raise CopieIllisible(f"fichier trop gros ({taille(size)} ; une copie fait quelques "
                                 f"kilo-octets, {taille(max_bytes)} au plus) : un notebook avec une "
                                 f"grande image collée passe avec l'option --taille-max", A_LA_MAIN)
        raw = path.read_bytes()
    except OSError as exc:
        raise CopieIllisible(_os_message(exc)) from None
    for magic, what, statut in SIGNATURES:
        if raw.startswith(magic):
            raise CopieIllisible(f"ce fichier est {what} renommé en {path.suffix.lower()}, pas une copie : "
                                 f"demandez à l'apprenant le fichier copie-….json ou son notebook "
                                 f"enregistré", statut)
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
    if isinstance(loaded, dict) and ("cells" in loaded or "worksheets" in loaded):
        if "cells" not in loaded or loaded.get("nbformat", 4) != 4:
            raise CopieIllisible(f"notebook au format ancien (nbformat {str(loaded.get('nbformat'))[:5]}) : "
                                 f"ouvrez-le dans un Jupyter récent et enregistrez-le, ou demandez le "
                                 f"fichier copie-….json")
        found, hidden = _copies_and_metadata(loaded)
        if not found:
            raise CopieIllisible("notebook sans copie : la cellule « Remettre ma copie » n'a pas été "
                                 "exécutée, ou le notebook n'a pas été enregistré ensuite, ou sa sortie "
                                 "a été effacée ; demandez le fichier copie-….json écrit à côté du "
                                 "notebook par le bouton « Remettre ma copie »")
        if hidden:
            remarks.append(f"{hidden} copie(s) dans les métadonnées des cellules, ignorée(s) : seule "
                           f"la sortie du formulaire compte")
        names = {cle_nom(str(c.get("apprenant", ""))) for c in found}
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
    #: every copy of a learner who handed in several, by the kept copy's file
    groupes: dict[str, list[Copie]] = field(default_factory=dict)
    statuts: dict[str, str] = field(default_factory=dict)      # rejected file -> statut
    noms: dict[str, str] = field(default_factory=dict)         # rejected file -> learner, if known
    rapprochements: list[tuple[str, str]] = field(default_factory=list)

    def statut_rejet(self, fichier: str) -> str:
        return self.statuts.get(fichier, ILLISIBLE)


def _kept(group: list[Copie]) -> Copie:
    """The copy that counts: the latest, among those with at least half the answers of the fullest.

    A nearly empty re-download (the form reopened, then downloaded again) never replaces a
    full copy; both are shown to the trainer.
    """
    most = max(c.nombre_reponses for c in group)
    full = [c for c in group if 2 * c.nombre_reponses >= most]
    return max(full, key=lambda c: (c.remise_le, c.fichier))


def lire_dossier(folder: Path, evaluation: str | None = None, max_bytes: int = MAX_BYTES) -> Lecture:
    """Read every ``.json`` and ``.ipynb`` of ``folder`` (recursively); one bad file never stops it.

    ``evaluation``: the evaluation being graded; a copy of another one (or with none) is set
    aside with its reason, never graded as this one. Two copies of one learner: see
    :func:`_kept`; all are reported in :attr:`Lecture.doublons` and :attr:`Lecture.groupes`.
    """
    if not folder.is_dir():
        raise PiuError(f"Le dossier des copies {folder} n'existe pas : indiquez le dossier où vous "
                       f"avez rassemblé les fichiers remis.")
    result = Lecture()
    read: list[Copie] = []
    try:
        paths = sorted(p for p in folder.rglob("*") if p.is_file())
    except OSError as exc:
        raise PiuError(f"Le dossier des copies {folder} est illisible ({_os_message(exc)}).") from None
    for path in paths:
        rel = path.relative_to(folder).as_posix()
        if ".ipynb_checkpoints" in path.parts or path.name.startswith("."):
            continue
        try:
            copie = lire_copie(path, max_bytes)
            if evaluation is not None and copie.evaluation != evaluation:
                other = f"« {copie.evaluation[:60]} »" if copie.evaluation else "non indiquée"
                raise CopieIllisible(f"copie d'une autre évaluation ({other} ; attendue : « {evaluation} ») : "
                                     f"mise de côté, jamais corrigée comme celle-ci", AUTRE, copie.apprenant)
        except CopieIllisible as exc:
            result.rejets.append((rel, str(exc)))
            result.statuts[rel] = exc.statut
            if exc.apprenant:
                result.noms[rel] = exc.apprenant
            continue
        except Exception as exc:  # the batch must go on; the reason is reported
            result.rejets.append((rel, f"erreur inattendue ({type(exc).__name__}) : ouvrez le fichier "
                                       f"et corrigez-le à la main"))
            result.statuts[rel] = A_LA_MAIN
            continue
        read.append(Copie(copie.apprenant, copie.reponses, copie.remise_le, rel, copie.evaluation,
                          copie.remarques))
    by_learner: dict[str, list[Copie]] = {}
    for copie in read:
        by_learner.setdefault(copie.cle_apprenant, []).append(copie)
    for group in by_learner.values():
        group.sort(key=lambda c: (c.remise_le, c.fichier))
        kept = _kept(group)
        if len(group) > 1:
            result.doublons.append((kept.apprenant, [c.fichier for c in group], kept.fichier))
            result.groupes[kept.fichier] = list(group)
        result.copies.append(kept)
    result.copies.sort(key=lambda c: c.cle_apprenant)
    result.rapprochements = rapprochements(c.apprenant for c in result.copies)
    return result
