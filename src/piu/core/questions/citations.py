"""One reading of legal citations, so that every standard French notation of a rule is accepted.

A technician writes the same article as « L. 1111-10 », « L.1111-10 », « art. L1111-10 du
CGCT », « CGCT L1111-10 » or « article L 1111-10 », and the same decision as « CE 29 juillet
1994 », « CE, 29/07/1994 », « n° 131562 », « CJUE Lianakis » or « aff. C-532/06 ». Listing every
variant in the bank is how right answers ended up marked wrong; instead, a short answer that
cites something is read into its *elements*:

* ``art:l1111-10`` an article (``L``, ``R``, ``D``, ``LO`` or a bare ``432-12``), ``al:iii``
  its paragraph (« III », « al. 2 », « 2° »), ``code:cgct`` its code;
* ``jur:ce`` a court, ``date:1994-07-29`` a date, ``num:131562`` a decision number,
  ``aff:c-532/06`` a case of the Court of justice, ``nom:lianakis`` what remains (a name).

:func:`cle_texte` gives the canonical form of a typed answer: its sorted elements when it cites
something, else the plain normalised text (:func:`piu.core.text.normaliser`). :func:`formes_acceptees`
turns the bank's variants into every canonical form that names the same rule: each set of a
variant's elements that still identifies it (an article, a number, a case, a name, or a court
with its date), with or without the code or the court. A wrong article, a wrong code or a wrong
date is never a subset, so it stays wrong.

The browser quiz hashes these canonical forms: ``cleTexte`` in ``piu-quiz.js`` is the twin of
:func:`cle_texte`, and both are tested on the same cases (tests/core/questions/test_citations.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from itertools import combinations

from piu.core.text import normaliser

MOIS = ("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
        "octobre", "novembre", "decembre")

#: (pattern, element) for courts and codes, longest names first; applied to prepared text.
NOMMES: tuple[tuple[str, str], ...] = (
    (r"conseil d ?etat", "jur:ce"),
    (r"cour de justice (?:de l ?union europeenne|des communautes europeennes)", "jur:cj"),
    (r"cour de justice", "jur:cj"),
    (r"conseil constitutionnel", "jur:cc"),
    (r"cour de cassation", "jur:cass"),
    (r"code general des collectivites territoriales", "code:cgct"),
    (r"code de la commande publique", "code:ccp"),
    (r"code general de la propriete des personnes publiques", "code:cg3p"),
    (r"code penal", "code:penal"),
    (r"cjue|cjce|cj|tjue", "jur:cj"),
    (r"cass", "jur:cass"),
    (r"cgct", "code:cgct"),
    (r"ccp", "code:ccp"),
    (r"cg3p|cgppp", "code:cg3p"),
)

#: Words that say « this is a citation » and carry nothing else.
MARQUES = frozenset({"arret", "aff", "affaire", "decision", "jurisprudence", "req", "requete"})
#: Words dropped from the remaining name.
VIDES = frozenset({"art", "article", "articles", "du", "de", "des", "la", "le", "les", "l", "d",
                   "code", "numero", "et", "al", "alinea", "ea", "e", "a", "cour", "dans", "en",
                   "au", "aux", "par", "sur", "cf", "voir", *MARQUES})
#: Kinds that identify a rule on their own; a court identifies one only with a date.
SUFFISANTS = frozenset({"art", "aff", "num", "nom"})

_ROMAINS = r"i|ii|iii|iv|v|vi|vii|viii|ix|x"


def _prepare(texte: str) -> str:
    """Lower case, no accents, one kind of dash, « n° » written ``numero``."""
    decomposed = unicodedata.normalize("NFKD", str(texte))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    plain = re.sub(r"[\u2010-\u2015\u2212]", "-", plain)
    plain = re.sub(r"\bn\s*(?:°|o\b\.?)\s*(?=[0-9])", " numero ", plain)
    return plain


def _date(day: str, month: int, year: str) -> str | None:
    d = int(day)
    if 1 <= month <= 12 and 1 <= d <= 31:
        return f"date:{year}-{month:02d}-{d:02d}"
    return None


def elements(texte: str) -> tuple[frozenset[str], bool]:
    """The elements of a citation, and whether the text cites anything at all."""
    text = f" {_prepare(texte)} "
    found: list[str] = []

    def take(pattern: str, make: object) -> None:
        nonlocal text

        def repl(m: re.Match[str]) -> str:
            made = make(m)  # type: ignore[operator]
            if made is None:
                return m.group(0)
            found.append(made)
            return " "
        text = re.sub(pattern, repl, text)

    take(r"\b([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\b", lambda m: _date(m[3], int(m[2]), m[1]))
    take(r"\b([0-9]{1,2})\s*[/.-]\s*([0-9]{1,2})\s*[/.-]\s*([0-9]{4})\b", lambda m: _date(m[1], int(m[2]), m[3]))
    take(r"\b([0-9]{1,2})(?:er)?\s+(" + "|".join(MOIS) + r")\s+([0-9]{4})\b",
         lambda m: _date(m[1], MOIS.index(m[2]) + 1, m[3]))
    take(r"\b([ct])\s*-?\s*([0-9]{1,4})\s*/\s*([0-9]{2})\b", lambda m: f"aff:{m[1]}-{int(m[2])}/{m[3]}")
    take(r"\b(lo|l|r|d)\s*\.?\s*([0-9]{1,4}(?:\s*-\s*[0-9]{1,4}){0,3})\b",
         lambda m: "art:" + m[1] + re.sub(r"\s+", "", m[2]))
    take(r"\b([0-9]{1,4}(?:\s*-\s*[0-9]{1,4}){1,3})\b", lambda m: "art:" + re.sub(r"\s+", "", m[1]))
    take(r"\bnumero\s*([0-9]{3,7})\b", lambda m: f"num:{m[1]}")
    take(r"\b([0-9]{5,7})\b", lambda m: f"num:{m[1]}")
    if any(e.startswith("art:") for e in found):
        take(r"\b([0-9]{1,2})\s*°", lambda m: f"al:{m[1]}")
        take(r"\bal(?:inea)?\s*\.?\s*([0-9]{1,2})\b", lambda m: f"al:{m[1]}")
        take(r"\b(" + _ROMAINS + r")\b", lambda m: f"al:{m[1]}")
    words = normaliser(text).split()
    text = " " + " ".join(words) + " "
    for pattern, element in NOMMES:
        take(r"(?<= )(?:" + pattern + r")(?= )", lambda m, e=element: e)
    # « ce » is also a pronoun: the court only when written « CE », or beside a date or a number.
    if re.search(r"\bC\.?\s?E\b", str(texte)) or any(e[:5] in ("date:", "num:") for e in found):
        take(r"(?<= )c ?e(?= )", lambda m: "jur:ce")
    rest = normaliser(text).split()
    marked = any(w in MARQUES for w in rest)
    name = sorted(w for w in rest if w not in VIDES)
    if name:
        found.append("nom:" + " ".join(name))
    kinds = {e.split(":", 1)[0] for e in found}
    cites = bool(kinds & {"art", "aff", "num", "jur", "date"}) or marked
    return frozenset(found), cites


def _forme(parts: Iterable[str]) -> str:
    return " ".join(sorted(parts))


def cle_texte(texte: str) -> str:
    """The canonical form of a short answer: its sorted elements if it cites a rule, else its
    normalised text. Empty when nothing is typed."""
    found, cites = elements(texte)
    if cites and found:
        return _forme(found)
    return normaliser(str(texte))


def _suffisant(parts: frozenset[str]) -> bool:
    kinds = {p.split(":", 1)[0] for p in parts}
    return bool(kinds & SUFFISANTS) or {"jur", "date"} <= kinds


@lru_cache(maxsize=2048)
def codes_cites(texte: str) -> frozenset[str]:
    """The codes a text names (a question's source says which code its article belongs to)."""
    return frozenset(e for e in elements(texte)[0] if e.startswith("code:"))


def _identifiants(parts: Iterable[str]) -> set[str]:
    return {p for p in parts if p.split(":", 1)[0] in ("art", "aff", "num", "nom", "date")}


@lru_cache(maxsize=2048)
def formes_acceptees(variantes: tuple[str, ...], codes: frozenset[str] = frozenset()) -> frozenset[str]:
    """Every canonical form that names what ``variantes`` name (see the module's doc).

    Variants that share an article, a number, a case, a name or a date name one rule: their
    elements are pooled, so that « L1111-10 III » and « CGCT L1111-10 » also accept « CGCT
    L1111-10 III ». ``codes``: the code of the question's source, accepted beside an article
    when no variant names a code and the source names only one.
    """
    forms: set[str] = set()
    parsed = [(v, *elements(v)) for v in variantes]
    about_rules = any(cites for _, _, cites in parsed)
    groups: list[set[str]] = []
    for variant, found, cites in parsed:
        plain = normaliser(variant)
        if plain:
            forms.add(plain)
        if not found or not (cites or about_rules):
            continue
        pool = set(found)
        keys = _identifiants(found)
        for group in [g for g in groups if _identifiants(g) & keys]:
            groups.remove(group)
            pool |= group
        groups.append(pool)
    for pool in groups:
        if len(codes) == 1 and any(p.startswith("art:") for p in pool) \
                and not any(p.startswith("code:") for p in pool):
            pool |= codes
        items = sorted(pool)
        for size in range(1, len(items) + 1):
            for subset in combinations(items, size):
                chosen = frozenset(subset)
                if _suffisant(chosen):
                    forms.add(_forme(chosen))
    return frozenset(forms)
