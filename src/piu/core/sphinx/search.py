"""Accent-insensitive search: « evaluation » finds « évaluation ».

Technicians type fast, often without accents (a QWERTY keyboard, a phone). Sphinx's French
search stems words with the Snowball French stemmer, in Python when it builds the index and
in JavaScript when the learner types; both keep the accents, so « evaluation » and
« évaluation » never meet. This language stems as before, then drops the accents of the stem,
on both sides: the same Snowball code, followed by the same accent removal.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import sphinx
from sphinx.search.fr import SearchFrench

_JS = Path(sphinx.__file__).parent / "search" / "minified-js"

# Same rule as ``sans_accents`` below: NFD, then drop the combining marks.
_JS_WRAPPER = """
var PiuFrenchStemmer = FrenchStemmer;
Stemmer = function () {
  var stemmer = new PiuFrenchStemmer();
  this.stemWord = function (word) {
    return stemmer.stemWord(word).normalize("NFD").replace(/[\\u0300-\\u036f]/g, "");
  };
};
"""


def sans_accents(word: str) -> str:
    """``évaluée`` → ``evaluee``: decompose, then drop the combining marks."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


class SearchFrenchWithoutAccents(SearchFrench):
    """Sphinx's French search language, accent-insensitive."""

    js_stemmer_rawcode = ""  # Sphinx then takes js_stemmer_code as it is.

    @property
    def js_stemmer_code(self) -> str:  # type: ignore[override]
        base = (_JS / "base-stemmer.js").read_text(encoding="utf-8")
        french = (_JS / "french-stemmer.js").read_text(encoding="utf-8")
        return f"{base}\n{french}\n{_JS_WRAPPER}"

    def stem(self, word: str) -> str:
        return sans_accents(super().stem(word))
