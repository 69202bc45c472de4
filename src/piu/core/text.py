"""Normalise short text answers so that case, accents and punctuation do not matter.

The same rules run in the browser (``normaliser`` in ``piu-quiz.js``), since the web quiz
compares hashes of normalised answers; keep both in step.
"""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def normaliser(texte: str) -> str:
    """Lower-case, strip accents, turn every run of other characters into one space."""
    decomposed = unicodedata.normalize("NFKD", texte)
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", without_marks.lower()).strip()
