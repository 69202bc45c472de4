"""Check a learner's answer against a question of the bank and say why it is right or wrong.

:func:`corriger` is the single place where answers are judged; the Jupyter widget, the
``verifier`` call and the trainer's grading all go through it. The browser quiz applies the
same rules to hashed answers (see :mod:`piu.core.questions.web_payload`), and the browser test compares both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from piu.core.errors import ReponseIllisible
from piu.core.french_numbers import format_nombre, lire_nombre
from piu.core.questions.bank import ErreurTypique, Question
from piu.core.questions.citations import cle_texte, codes_cites, formes_acceptees
from piu.core.text import normaliser

_SPLIT = re.compile(r"\s*(?:[,;/+]|\bet\b|\s)\s*")
_PAIR = re.compile(r"\s*([^=:>→]+?)\s*(?:=|:|->|→)\s*(.+?)\s*")


@dataclass(frozen=True)
class Verdict:
    """Outcome of one answer: right or wrong, the feedback for it, and the explanation."""

    question_id: str
    juste: bool
    retour: str
    explication: str
    source: str

    def texte(self) -> str:
        """Plain-text rendering for ``print``: verdict, feedback, then the explanation if right."""
        head = "✔ Juste" if self.juste else "✘ Pas encore"
        lines = [f"{head} — {self.retour}"]
        if self.juste:
            lines += [self.explication, f"Source : {self.source}"]
        return "\n".join(lines)


def _tokens(reponse: Any, what: str, example: str) -> list[str]:
    """Turn ``"a, c"``, ``"a et c"``, ``["a", "c"]`` into a list of identifiers."""
    if isinstance(reponse, str):
        items = [t for t in _SPLIT.split(reponse.strip()) if t]
    elif isinstance(reponse, list | tuple | set | frozenset):
        items = [str(t).strip() for t in reponse]
    else:
        raise ReponseIllisible(f"Réponse attendue : {what}, par exemple {example}.")
    if not items:
        raise ReponseIllisible(f"La réponse est vide : indiquez {what}, par exemple {example}.")
    return [t.lower() for t in items]


def _option_ids(question: Question, reponse: Any, single: bool) -> list[str]:
    ids = {o.id.lower(): o.id for o in question.options}
    by_text = {normaliser(o.texte): o.id for o in question.options}
    listing = ", ".join(o.id for o in question.options)
    if single and isinstance(reponse, str) and normaliser(reponse) in by_text:
        return [by_text[normaliser(reponse)]]
    tokens = _tokens(reponse, "la lettre d'une option" if single else "les lettres des options",
                     f"« {question.options[0].id} »" if single else
                     f"« {question.options[0].id}, {question.options[-1].id} »")
    unknown = [t for t in tokens if t not in ids]
    if unknown:
        raise ReponseIllisible(f"Option « {unknown[0]} » inconnue : choisissez parmi {listing}.")
    if single and len(tokens) != 1:
        raise ReponseIllisible(f"Une seule réponse est attendue : choisissez une option parmi {listing}.")
    return [ids[t] for t in dict.fromkeys(tokens)]


def _single(question: Question, reponse: Any) -> tuple[bool, str]:
    chosen = _option_ids(question, reponse, single=True)[0]
    option = next(o for o in question.options if o.id == chosen)
    return option.correct, option.retour


def _multiple(question: Question, reponse: Any) -> tuple[bool, str]:
    chosen = _option_ids(question, reponse, single=False)
    good = set(question.bonnes_options)
    by_id = {o.id: o for o in question.options}
    wrong = [by_id[c] for c in chosen if c not in good]
    missing = len(good - set(chosen))
    if not wrong and not missing:
        return True, question.retour_juste
    parts = [f"« {o.texte} » : {o.retour}" for o in wrong]
    if missing:
        parts.append(f"Il manque {missing} bonne{'s' if missing > 1 else ''} "
                     f"réponse{'s' if missing > 1 else ''}.")
    return False, " ".join(parts)


def _close(value: float, target: float, tolerance: float) -> bool:
    """Within tolerance, allowing for float rounding of large amounts."""
    return abs(value - target) <= tolerance + 1e-9 * max(1.0, abs(target))


def _numeric(question: Question, reponse: Any) -> tuple[bool, str]:
    value = lire_nombre(reponse, question.unite or None)
    assert question.reponse is not None
    if _close(value, question.reponse, question.tolerance):
        return True, question.retour_juste
    for err in question.erreurs_typiques:
        if err.valeur is not None and _close(value, err.valeur, err.tolerance):
            return False, err.retour
    return False, f"{format_nombre(value)} : {question.retour_faux}"


def formes_justes(question: Question) -> frozenset[str]:
    """Canonical forms of every right notation of a short answer (see :mod:`.citations`)."""
    return formes_acceptees(question.reponses, codes_cites(question.source))


def formes_erreur(question: Question, erreur: ErreurTypique) -> frozenset[str]:
    """Canonical forms of a typical wrong answer, minus any that is also right."""
    if erreur.reponse is None:
        return frozenset()
    return formes_acceptees((erreur.reponse,), codes_cites(question.source)) - formes_justes(question)


def _text(question: Question, reponse: Any) -> tuple[bool, str]:
    if not isinstance(reponse, str | int | float) or isinstance(reponse, bool):
        raise ReponseIllisible("Réponse attendue : un texte court, entre guillemets.")
    if not normaliser(str(reponse)):
        raise ReponseIllisible("La réponse est vide : tapez quelques mots.")
    given = cle_texte(str(reponse))
    if given in formes_justes(question):
        return True, question.retour_juste
    for err in question.erreurs_typiques:
        if given in formes_erreur(question, err):
            return False, err.retour
    return False, question.retour_faux


def _order(question: Question, reponse: Any) -> tuple[bool, str]:
    ids = {e.id.lower(): e.id for e in question.elements}
    example = ", ".join(e.id for e in reversed(question.elements))
    tokens = _tokens(reponse, "les éléments dans l'ordre", f"« {example} »")
    unknown = [t for t in tokens if t not in ids]
    if unknown:
        raise ReponseIllisible(f"Élément « {unknown[0]} » inconnu : utilisez {', '.join(ids.values())}.")
    if sorted(tokens) != sorted(ids):
        raise ReponseIllisible(f"Classez chacun des {len(ids)} éléments une fois et une seule, "
                               f"par exemple « {example} ».")
    placed = sum(ids[t] == e.id for t, e in zip(tokens, question.elements, strict=True))
    if placed == len(ids):
        return True, question.retour_juste
    return False, f"{placed} élément{'s' if placed > 1 else ''} sur {len(ids)} à la bonne place. " \
                  f"{question.retour_faux}"


def _matching(question: Question, reponse: Any) -> tuple[bool, str]:
    lefts = {e.id.lower(): e for e in question.elements}
    rights = {t.id.lower(): t.id for t in question.cibles}
    example = ", ".join(f"{e.id}={question.cibles[0].id}" for e in question.elements[:2])
    if isinstance(reponse, Mapping):
        pairs = [(str(k).strip().lower(), str(v).strip().lower()) for k, v in reponse.items()]
    elif isinstance(reponse, str):
        pairs = []
        for chunk in (c for c in re.split(r"[,;\n]+", reponse) if c.strip()):
            match = _PAIR.fullmatch(chunk)
            if not match:
                raise ReponseIllisible(f"Associez chaque élément avec « = », par exemple « {example} ».")
            pairs.append((match[1].lower(), match[2].lower()))
    else:
        raise ReponseIllisible(f"Réponse attendue : les associations, par exemple « {example} ».")
    for left, right in pairs:
        if left not in lefts:
            known = ", ".join(e.id for e in question.elements)
            raise ReponseIllisible(f"Élément « {left} » inconnu : utilisez {known}.")
        if right not in rights:
            raise ReponseIllisible(f"Cible « {right} » inconnue : utilisez {', '.join(rights.values())}.")
    given = dict(pairs)
    if set(given) != set(lefts):
        raise ReponseIllisible(f"Associez chacun des {len(lefts)} éléments, par exemple « {example} ».")
    good = sum(rights[given[k]] == e.avec for k, e in lefts.items())
    if good == len(lefts):
        return True, question.retour_juste
    return False, f"{good} association{'s' if good > 1 else ''} juste{'s' if good > 1 else ''} " \
                  f"sur {len(lefts)}. {question.retour_faux}"


_CHECKERS = {
    "choix-unique": _single,
    "choix-multiple": _multiple,
    "numerique": _numeric,
    "texte": _text,
    "ordre": _order,
    "association": _matching,
}


def corriger(question: Question, reponse: Any) -> Verdict:
    """Judge ``reponse``; raise :class:`ReponseIllisible` when it cannot be read at all.

    An unreadable answer is not counted as wrong: the learner is told how to type it.
    """
    if reponse is None:
        raise ReponseIllisible("Aucune réponse : remplacez None par votre réponse, puis exécutez "
                               "la cellule.")
    juste, retour = _CHECKERS[question.type](question, reponse)
    return Verdict(question.id, juste, retour, question.explication, question.source)


def bonne_reponse(question: Question) -> Any:
    """The canonical right answer, in the form :func:`corriger` accepts (for tests and keys)."""
    match question.type:
        case "choix-unique":
            return question.bonnes_options[0]
        case "choix-multiple":
            return list(question.bonnes_options)
        case "numerique":
            return question.reponse
        case "texte":
            return question.reponses[0]
        case "ordre":
            return [e.id for e in question.elements]
        case _:
            return {e.id: e.avec for e in question.elements}
