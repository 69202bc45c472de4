"""Accent-insensitive search: « evaluation » finds « évaluation ».

Technicians type fast, often without accents (a QWERTY keyboard, a phone). Sphinx's French
search stems words with the Snowball French stemmer, in Python when it builds the index and
in JavaScript when the learner types; both keep the accents, so « evaluation » and
« évaluation » never meet. This language drops the accents of the word, then stems it, on both
sides: the same accent removal, followed by the same Snowball code. Accents go first because the
stemmer's rules depend on them: stemmed first, « adaptée » gave « adapt » and « adaptee »
« adapte », so « procedure adaptee » found nothing.

Two more things Sphinx's page script does not do without accents, added by ``piu-recherche.js``
on the search page: the extract shown under each result (Sphinx looks for the typed words as
they are, so « procedure » showed the top of the page, not the passage), and the highlighted
words. From disk (``file://``) the browser refuses the page requests that give those extracts:
:func:`page_texts` writes the text of every page into ``_static/piu-recherche-textes.js``, which
the search page reads only there.
"""

from __future__ import annotations

import json
import re
import unicodedata
from html.parser import HTMLParser
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
    return stemmer.stemWord(word.normalize("NFD").replace(/[\\u0300-\\u036f]/g, ""));
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
        return super().stem(sans_accents(word))


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


#: Elements whose text a search extract leaves out, as Sphinx's ``htmlToText`` does.
_SKIPPED = {"script", "style"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


#: Classes whose text a reader does not read: ``¶`` links, the code of folded notebook cells.
_SKIPPED_CLASSES = {"headerlink", "cell_input"}


class _MainText(HTMLParser):
    """The text of a page's ``role="main"`` element, less scripts, styles, ``¶`` links, and the
    folded code of notebook cells with its « Afficher le code » button (``piu-recherche.js``
    leaves out the same)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[bool] = []  # inside main: one entry per open element, True if skipped
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        values = dict(attrs)
        if self.open:
            classes = set((values.get("class") or "").split())
            self.open.append(tag in _SKIPPED or tag == "summary" or bool(classes & _SKIPPED_CLASSES))
        elif values.get("role") == "main":
            self.open.append(False)

    def handle_endtag(self, tag: str) -> None:
        if self.open and tag not in _VOID:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open and not any(self.open):
            self.parts.append(data)

    def text(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.parts)).strip()


def texte_principal(page: str) -> str:
    """What the search page shows extracts of: the main text of a built page, spaces collapsed."""
    parser = _MainText()
    parser.feed(page)
    return parser.text()


TEXTS = "piu-recherche-textes.js"


def page_texts(app: Sphinx, exception: Exception | None) -> None:
    """Write the main text of every indexed page into ``_static/piu-recherche-textes.js``.

    Read by the search page only when it is opened from disk, where the browser refuses the
    page requests Sphinx makes for its extracts (about 750 kB for the whole book: the intranet
    and the usual pages never load it).
    """
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    match = _INDEX_CALL.match((out / "searchindex.js").read_text(encoding="utf-8")) if (
        out / "searchindex.js").is_file() else None
    if match is None:
        return
    texts = {}
    for docname in json.loads(match.group(1)).get("docnames", []):
        page = out / f"{docname}{app.builder.out_suffix}"
        if page.is_file():
            texts[docname] = texte_principal(page.read_text(encoding="utf-8"))
    payload = json.dumps(texts, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    (out / "_static" / TEXTS).write_text(f"window.PIU_TEXTES = {payload};\n", encoding="utf-8")
