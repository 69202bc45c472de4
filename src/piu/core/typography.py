"""French typography: no-break spaces where French requires them.

Authors type ordinary spaces; the course shows ``Note : ...``, ``« guillemets »`` and
``100 000 € HT`` with the right no-break spaces, so that a line never starts with a colon or a
lone « € ». Applied to the book's text by a Sphinx transform (code is left alone) and to
question texts before they are rendered.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"  # espace insécable : before « : », inside « guillemets », before units
NNBSP = "\u202f"  # espace fine insécable : before « ; ! ? », between groups of digits

_RULES = [
    # Apostrophe after a letter: typographic ’ (Sphinx's smart quotes are off: for French they
    # turned « l'**achat** » into « l”achat »).
    (re.compile(r"(?<=[^\W\d_])'"), "\u2019"),
    (re.compile(r"(?<=\S) +(?=[;!?](?:\s|$|[»)\]]))"), NNBSP),
    (re.compile(r"(?<=\S) +(?=:(?:\s|$))"), NBSP),
    (re.compile(r"« +"), "«" + NBSP),
    (re.compile(r" +»"), NBSP + "»"),
    (re.compile(r"(?<=\d) +(?=(?:€|%|k€|M€|Md€)(?!\w))"), NBSP),
    (re.compile(r"(?<=\d) +(?=(?:kg|g|t|km|m|m²|kWh|MWh|h|min|kgCO2e|gCO2e|tCO2e)(?![\w²]))"), NBSP),
    (re.compile(r"(?<=€) +(?=HT\b|TTC\b)"), NBSP),
]


_GROUPED_NUMBER = re.compile(r"\b\d{1,3}(?: \d{3})+\b")


def espaces_insecables(texte: str) -> str:
    """Put French no-break spaces before ``: ; ! ?``, inside ``« »``, in numbers and amounts,
    and typographic apostrophes."""
    texte = _GROUPED_NUMBER.sub(lambda m: m.group().replace(" ", NNBSP), texte)
    for pattern, space in _RULES:
        texte = pattern.sub(space, texte)
    return texte


def accorder(nombre: int, singulier: str, pluriel: str | None = None) -> str:
    """``3 catégories``, ``1 catégorie``, ``0 salarié``: the count with its noun agreed, instead
    of « catégorie(s) », which a reader outside the course (an elected member) takes for a draft.
    French puts 0 and 1 in the singular; ``pluriel`` defaults to ``singulier + "s"``."""
    return f"{nombre} {singulier if abs(nombre) < 2 else (pluriel or singulier + 's')}"
