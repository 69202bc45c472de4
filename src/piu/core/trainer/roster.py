"""Learners' names as a French trainer reads them, and the optional class roster.

A class hands in « Jean-Pierre MARTIN », « martin jean pierre » and « Martin Jean-Pierre »: one
person. :func:`cle_nom` is the identity used everywhere in the trainer's room (duplicates, the
rubric grid, the roster): case, accents, hyphens, apostrophes, spaces and the order of first
and last name do not count. What is only *probably* the same person (« Camille Martin » and
« Camille Martin-Durand », « Hélène Dupont » and « Helene Dupond ») is never merged: it is
shown to the trainer by :func:`rapprochements`, who decides.

The roster is a plain list of expected learners (one name a line, or a CSV whose first column
is the name): it lets the gradebook show who is absent and whose file was set aside.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from piu.core.errors import PiuError

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
        raise PiuError(f"La liste de la classe {path} est illisible ({exc.strerror}).") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    delimiter = ";" if text.count(";") >= text.count(",") else ","
    names: list[str] = []
    for n, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        name = nom_lu(row[0]) if row else ""
        if not name or (n == 1 and cle_nom(name) in {"nom", "apprenant", "et nom prenom", "prenom nom"}):
            continue
        names.append(name)
    if not names:
        raise PiuError(f"La liste de la classe {path} ne contient aucun nom : un nom par ligne.")
    return names
