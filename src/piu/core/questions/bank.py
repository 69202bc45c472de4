"""The question bank: questions are data (YAML files under ``exercises/banque/``), not code.

Each file holds the questions of one module::

    module: 0
    questions:
      - id: m0-dispense
        type: numerique          # choix-unique | choix-multiple | numerique | texte
        enonce: ...              #   | ordre | association
        ...

The loader checks every field and reports *all* problems at once, each naming the file, the
question and the field, in French, because the people who edit the bank are trainers, not
programmers. ``piu questions verifier`` runs the same checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from piu.core import data, paths
from piu.core.errors import BanqueInvalide, PiuError, QuestionInconnue
from piu.core.files import raison

QUESTION_TYPES = ("choix-unique", "choix-multiple", "numerique", "texte", "ordre", "association")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Option:
    """One proposed answer of a choice question, with the feedback shown when it is chosen."""

    id: str
    texte: str
    correct: bool
    retour: str


@dataclass(frozen=True)
class ErreurTypique:
    """A wrong answer we expect, and what to tell the learner who gives it.

    For numeric questions ``valeur`` and ``tolerance`` define it; for text questions ``reponse``.
    """

    retour: str
    valeur: float | None = None
    tolerance: float = 0.0
    reponse: str | None = None


@dataclass(frozen=True)
class Element:
    """An item to order, a left-hand item to match (``avec`` names its target), or a target."""

    id: str
    texte: str
    avec: str | None = None


@dataclass(frozen=True)
class Question:
    """One self-check question, whatever its type; unused fields stay empty."""

    id: str
    module: int
    type: str
    enonce: str
    explication: str
    source: str
    fichier: str
    retour_juste: str = "Bonne réponse."
    retour_faux: str = "Ce n'est pas la bonne réponse : relisez la question et réessayez."
    options: tuple[Option, ...] = ()
    reponse: float | None = None
    tolerance: float = 0.0
    unite: str = ""
    reponses: tuple[str, ...] = ()
    erreurs_typiques: tuple[ErreurTypique, ...] = ()
    elements: tuple[Element, ...] = ()
    cibles: tuple[Element, ...] = ()
    titre: str = ""
    #: Part of a graded evaluation's key (file marked ``evaluation: true``): never shown to learners.
    evaluation: bool = False

    @property
    def bonnes_options(self) -> tuple[str, ...]:
        """Identifiers of the correct options of a choice question."""
        return tuple(o.id for o in self.options if o.correct)


@dataclass
class Banque:
    """All questions, by identifier, in the order of the files."""

    questions: dict[str, Question] = field(default_factory=dict)

    def __getitem__(self, question_id: str) -> Question:
        try:
            return self.questions[question_id]
        except KeyError:
            close = [q for q in self.questions if q.split("-")[0] == question_id.split("-")[0]]
            hint = f" Questions de ce module : {', '.join(close)}." if close else ""
            raise QuestionInconnue(
                f"Aucune question n'a l'identifiant « {question_id} ».{hint}"
            ) from None

    def __iter__(self) -> Iterator[Question]:
        return iter(self.questions.values())

    def __len__(self) -> int:
        return len(self.questions)

    def du_module(self, module: int) -> list[Question]:
        """Questions of one module, in bank order."""
        return [q for q in self if q.module == module]


class _Problems:
    """Collects validation problems so that a trainer sees all of them in one run."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where} : {message}")


def _text(raw: dict[str, Any], key: str, where: str, problems: _Problems,
          required: bool = True, default: str = "") -> str:
    value = raw.get(key)
    if value is None:
        if required:
            problems.add(where, f"champ « {key} » manquant (texte attendu)")
        return default
    if not isinstance(value, str | int | float) or isinstance(value, bool) or not str(value).strip():
        problems.add(where, f"le champ « {key} » doit être un texte non vide")
        return default
    try:
        # Figures are quoted from data/ with the chapters' syntax: {donnee}`seuils:id:montant_ht@date`.
        return data.remplacer_references(str(value).strip())
    except PiuError as exc:
        problems.add(where, f"« {key} » : {exc}")
        return default


def _number(raw: dict[str, Any], key: str, where: str, problems: _Problems,
            required: bool = True, default: float = 0.0) -> float:
    value = raw.get(key)
    if value is None:
        if required:
            problems.add(where, f"champ « {key} » manquant (nombre attendu)")
        return default
    if isinstance(value, dict) and set(value) == {"donnee"}:
        # A figure quoted from data/ rather than retyped: {donnee: "seuils:id:montant_ht@date"}.
        try:
            value = data.valeur(str(value["donnee"]))
        except PiuError as exc:
            problems.add(where, f"« {key} » : {exc}")
            return default
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.add(where, f"le champ « {key} » doit être un nombre (lu : {value!r})")
        return default
    return float(value)


def _list(raw: dict[str, Any], key: str, where: str, problems: _Problems,
          minimum: int = 1) -> list[Any]:
    value = raw.get(key)
    if value is None:
        problems.add(where, f"champ « {key} » manquant (liste attendue)")
        return []
    if not isinstance(value, list):
        problems.add(where, f"le champ « {key} » doit être une liste (lignes commençant par « - »)")
        return []
    if len(value) < minimum:
        problems.add(where, f"le champ « {key} » doit compter au moins {minimum} éléments")
    return value


def _elements(items: Iterable[Any], key: str, where: str, problems: _Problems,
              with_target: bool = False) -> tuple[Element, ...]:
    result: list[Element] = []
    for index, item in enumerate(items, start=1):
        here = f"{where}, {key} n° {index}"
        if not isinstance(item, dict):
            problems.add(here, "chaque élément doit avoir un « id » et un « texte »")
            continue
        result.append(Element(
            id=_text(item, "id", here, problems),
            texte=_text(item, "texte", here, problems),
            avec=_text(item, "avec", here, problems) if with_target else None,
        ))
    ids = [e.id for e in result]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.add(where, f"identifiant « {dup} » en double dans « {key} »")
    return tuple(result)


def _question(raw: Any, module: int, fichier: str, index: int, problems: _Problems) -> Question | None:
    where = f"{fichier}, question n° {index}"
    if not isinstance(raw, dict):
        problems.add(where, "une question doit être un ensemble de champs (id, type, enonce...)")
        return None
    qid = raw.get("id")
    if isinstance(qid, str) and _ID.match(qid):
        where = f"{fichier}, question « {qid} »"
    else:
        problems.add(where, "champ « id » manquant ou invalide (minuscules, chiffres et tirets, "
                            "par exemple « m0-seuil-dispense »)")
        qid = f"?{index}"
    qtype = raw.get("type")
    if qtype not in QUESTION_TYPES:
        problems.add(where, f"type « {qtype} » inconnu ; types possibles : "
                            f"{', '.join(QUESTION_TYPES)}")
        return None
    known = {"id", "type", "enonce", "explication", "source", "retour_juste", "retour_faux",
             "titre", "options", "reponse", "tolerance", "unite", "reponses",
             "erreurs_typiques", "elements", "paires", "cibles"}
    for key in sorted(set(raw) - known):
        problems.add(where, f"champ « {key} » inconnu (champs possibles : {', '.join(sorted(known))})")
    common: dict[str, Any] = {
        "id": qid, "module": module, "type": qtype, "fichier": fichier,
        "enonce": _text(raw, "enonce", where, problems),
        "explication": _text(raw, "explication", where, problems),
        "source": _text(raw, "source", where, problems),
        "titre": _text(raw, "titre", where, problems, required=False),
        "retour_juste": _text(raw, "retour_juste", where, problems, required=False,
                              default=Question.retour_juste),
    }
    needs_generic_wrong = qtype in ("numerique", "texte", "ordre", "association")
    common["retour_faux"] = _text(raw, "retour_faux", where, problems,
                                  required=needs_generic_wrong, default=Question.retour_faux)

    if qtype in ("choix-unique", "choix-multiple"):
        options = []
        for i, item in enumerate(_list(raw, "options", where, problems, minimum=2), start=1):
            here = f"{where}, option n° {i}"
            if not isinstance(item, dict):
                problems.add(here, "une option doit avoir « id », « texte », « correct » et « retour »")
                continue
            correct = item.get("correct", False)
            if not isinstance(correct, bool):
                problems.add(here, "« correct » doit valoir true ou false")
                correct = False
            options.append(Option(_text(item, "id", here, problems), _text(item, "texte", here, problems),
                                  correct, _text(item, "retour", here, problems)))
        n_correct = sum(o.correct for o in options)
        if qtype == "choix-unique" and options and n_correct != 1:
            problems.add(where, f"une question à choix unique doit avoir exactement une option "
                                f"correcte (ici {n_correct})")
        if qtype == "choix-multiple" and options and n_correct < 1:
            problems.add(where, "une question à choix multiple doit avoir au moins une option correcte")
        ids = [o.id for o in options]
        for dup in sorted({i for i in ids if ids.count(i) > 1}):
            problems.add(where, f"identifiant d'option « {dup} » en double")
        return Question(**common, options=tuple(options))

    if qtype == "numerique":
        answer = _number(raw, "reponse", where, problems)
        tolerance = _number(raw, "tolerance", where, problems, required=False)
        if tolerance < 0:
            problems.add(where, "la « tolerance » doit être positive ou nulle")
        errors = []
        for i, item in enumerate(raw.get("erreurs_typiques") or [], start=1):
            here = f"{where}, erreur typique n° {i}"
            if not isinstance(item, dict):
                problems.add(here, "une erreur typique doit avoir « valeur » et « retour »")
                continue
            err = ErreurTypique(retour=_text(item, "retour", here, problems),
                                valeur=_number(item, "valeur", here, problems),
                                tolerance=_number(item, "tolerance", here, problems, required=False))
            if err.valeur is not None and abs(err.valeur - answer) <= tolerance + err.tolerance:
                problems.add(here, "cette erreur typique tombe dans l'intervalle de la bonne réponse")
            errors.append(err)
        return Question(**common, reponse=answer, tolerance=tolerance,
                        unite=_text(raw, "unite", where, problems, required=False),
                        erreurs_typiques=tuple(errors))

    if qtype == "texte":
        answers = tuple(str(a).strip() for a in _list(raw, "reponses", where, problems)
                        if str(a).strip())
        errors = []
        for i, item in enumerate(raw.get("erreurs_typiques") or [], start=1):
            here = f"{where}, erreur typique n° {i}"
            if not isinstance(item, dict):
                problems.add(here, "une erreur typique doit avoir « reponse » et « retour »")
                continue
            errors.append(ErreurTypique(retour=_text(item, "retour", here, problems),
                                        reponse=_text(item, "reponse", here, problems)))
        return Question(**common, reponses=answers, erreurs_typiques=tuple(errors))

    if qtype == "ordre":
        elements = _elements(_list(raw, "elements", where, problems, minimum=3), "elements",
                             where, problems)
        return Question(**common, elements=elements)

    pairs = _elements(_list(raw, "paires", where, problems, minimum=2), "paires", where,
                      problems, with_target=True)
    targets = _elements(_list(raw, "cibles", where, problems, minimum=2), "cibles", where, problems)
    target_ids = {t.id for t in targets}
    for pair in pairs:
        if pair.avec and pair.avec not in target_ids:
            problems.add(where, f"la paire « {pair.id} » renvoie à la cible « {pair.avec} », "
                                f"absente de « cibles »")
    return Question(**common, elements=pairs, cibles=targets)


def est_corrige(path: Path) -> bool:
    """Whether a bank file is the key of a graded evaluation (``evaluation: true`` at its top).

    Read without validating the questions, so that builders (the browser wheel) can leave such
    files out even when the bank has errors.
    """
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError:  # a broken key is still a key: never ship it
        return re.search(r"^evaluation:\s*true\s*$", text, re.M) is not None
    return isinstance(loaded, dict) and loaded.get("evaluation") is True


def _read_yaml(path: Path, problems: _Problems) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
        problems.add(f"{path.name}, ligne {line}",
                     f"YAML illisible ({exc.problem}) ; vérifiez l'indentation et les guillemets")
    except UnicodeDecodeError:
        problems.add(path.name, "le fichier n'est pas en UTF-8 ; réenregistrez-le en UTF-8")
    except OSError as exc:
        problems.add(path.name, f"lecture impossible ({raison(exc)})")
    return None


def problemes_banque(dossier: Path | None = None) -> tuple[Banque, list[str]]:
    """Load the bank and return it with the list of problems found (empty when all is well)."""
    folder = dossier or paths.bank_dir()
    problems = _Problems()
    bank = Banque()
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        problems.add(str(folder), "aucun fichier de questions (*.yaml) trouvé")
    origin: dict[str, str] = {}
    for path in files:
        data = _read_yaml(path, problems)
        if data is None:
            continue
        if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
            problems.add(path.name, "le fichier doit contenir « module: N » et « questions: » (liste)")
            continue
        module = data.get("module")
        if isinstance(module, bool) or not isinstance(module, int) or module < 0:
            problems.add(path.name, "« module » doit être le numéro du module (0, 1, 2...)")
            continue
        is_key = data.get("evaluation", False)
        if not isinstance(is_key, bool):
            problems.add(path.name, "« evaluation » doit valoir true (corrigé d'une évaluation notée) ou false")
            is_key = False
        for index, raw in enumerate(data["questions"], start=1):
            question = _question(raw, module, path.name, index, problems)
            if question is None:
                continue
            if is_key:
                question = replace(question, evaluation=True)
            if question.id in origin:
                problems.add(path.name, f"identifiant « {question.id} » déjà utilisé dans "
                                        f"{origin[question.id]}")
                continue
            origin[question.id] = path.name
            bank.questions[question.id] = question
    return bank, problems.items


_CACHE: dict[tuple[Path, tuple[tuple[str, float], ...]], Banque] = {}


def charger_banque(dossier: Path | None = None) -> Banque:
    """Load and check the bank; raise :class:`BanqueInvalide` listing every problem.

    The result is cached until a file of the bank changes, so notebooks may call it freely.
    """
    folder = (dossier or paths.bank_dir()).resolve()
    stamp = tuple((p.name, p.stat().st_mtime) for p in sorted(folder.glob("*.yaml"))) \
        if folder.is_dir() else ()
    key = (folder, stamp)
    if key not in _CACHE:
        bank, problems = problemes_banque(folder)
        if problems:
            raise BanqueInvalide("La banque de questions contient des erreurs :\n- "
                                 + "\n- ".join(problems))
        _CACHE.clear()
        _CACHE[key] = bank
    return _CACHE[key]
