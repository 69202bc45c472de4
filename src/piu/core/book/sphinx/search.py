"""Accent-insensitive search: « evaluation » finds « évaluation ».

Technicians type fast, often without accents (a QWERTY keyboard, a phone). Sphinx's French
search stems words with the Snowball French stemmer, in Python when it builds the index and
in JavaScript when the learner types; both keep the accents, so « evaluation » and
« évaluation » never meet. This language stems as before, then drops the accents of the stem,
on both sides: the same Snowball code, followed by the same accent removal.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import sphinx
from sphinx.application import Sphinx
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


_INDEX_CALL = re.compile(r"^Search\.setIndex\((.*)\)\s*$", re.S)


def titles_without_accents(app: Sphinx, exception: Exception | None) -> None:
    """Let a query typed without accents find section titles too.

    Besides stems, Sphinx's page script matches the raw query as a substring of every section
    title (``alltitles``): « évaluation » found the section « L'évaluation », « evaluation »
    did not. Each accented title gets an unaccented twin pointing to the same places; the twin
    shows only for a query typed without accents.
    """
    if exception is not None or app.builder.format != "html":
        return
    path = Path(app.outdir) / "searchindex.js"
    if not path.is_file():
        return
    match = _INDEX_CALL.match(path.read_text(encoding="utf-8"))
    if match is None:
        return
    index = json.loads(match.group(1))
    titles = index.get("alltitles", {})
    for title, places in list(titles.items()):
        plain = sans_accents(title)
        if plain != title:
            titles.setdefault(plain, places)
    path.write_text("Search.setIndex(" + json.dumps(index, ensure_ascii=False, separators=(",", ":")) + ")",
                    encoding="utf-8")
