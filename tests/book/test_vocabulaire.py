"""The built learner pages speak to a technician, not to a programmer (issue 26).

A scan of the built HTML, in-process (no browser): the text a learner reads in each page of
the book — chapters, tool and exercise pages, home and progress pages — has no programmer's
word (« notebook », « cellule », « Maj + Entrée », terminal, ligne de commande, YAML, JSON,
``from piu import``, ``make progres``, ``~/.piu/…``, a ``piu`` command), and the outputs of the
tools show no raw Python value (``True``, ``None``, a list of identifiers, a ``PosixPath``, the
build machine's path). Only the annex for those who use Jupyter and commands
(``book/ligne-de-commande``) may speak of them. Folded code (« Afficher le code ») is code, and
is not scanned.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

# Needs the built book (the same fixture as the browser tests), not a browser.
pytestmark = pytest.mark.navigateur

#: The one page written for Jupyter and command-line users.
ANNEXE = "book/ligne-de-commande.html"

#: Words a learner must not meet in the text of a page, with the reason shown on failure.
WORDS: dict[str, re.Pattern[str]] = {
    "notebook": re.compile(r"\bnotebooks?\b", re.I),
    "cellule": re.compile(r"\bcellules?\b", re.I),
    "Maj + Entrée": re.compile(r"Maj\s*\+\s*Entr", re.I),
    "terminal": re.compile(r"\bterminal\b", re.I),
    "ligne de commande": re.compile(r"ligne de commande", re.I),
    "YAML": re.compile(r"\bYAML\b"),
    "JSON": re.compile(r"\bJSON\b"),
    "from piu import": re.compile(r"from\s+piu\s+import"),
    "make progres": re.compile(r"make\s+progres"),
    "~/.piu": re.compile(r"~/\.piu|\.piu/"),
    "commande piu": re.compile(r"\bpiu\s+(?:servir|progres|grille|contrat|procedure|financement|scic|rex|dossier|"
                               r"experimentation|evaluation|questions)\b"),
    "remplacez None": re.compile(r"remplacez\s+None"),
}

#: Raw Python values in the outputs of the tools.
RAW_VALUES: dict[str, re.Pattern[str]] = {
    "True/False/None": re.compile(r"(?<![\w«])(?:True|False|None)(?![\w»])"),
    "liste Python": re.compile(r"\[\s*'[^'\n]*'(?:\s*,\s*'[^'\n]*')*\s*\]"),
    "PosixPath": re.compile(r"(?:Posix|Windows)Path\("),
    "chemin de construction": re.compile(r"_build/|/work/|/home/|/tmp/"),
}


def toc_documents(toc: dict | list) -> list[str]:
    """The documents of the learner's table of contents (``_toc.yml``), in order."""
    found = []
    if isinstance(toc, dict):
        for key in ("root", "file"):
            if isinstance(toc.get(key), str):
                found.append(toc[key])
        for value in toc.values():
            if isinstance(value, dict | list):
                found += toc_documents(value)
    elif isinstance(toc, list):
        for item in toc:
            found += toc_documents(item)
    return found


def learner_pages(livre: Path) -> list[Path]:
    """The built pages of the learner's book (its table of contents), without the annex.

    Read from ``_toc.yml``: a page left in ``_build`` by an older build is not part of the book.
    """
    toc = yaml.safe_load((livre.parents[1] / "_toc.yml").read_text(encoding="utf-8"))
    pages = [livre / f"{doc}.html" for doc in toc_documents(toc) if f"{doc}.html" != ANNEXE]
    return [page for page in pages if page.is_file()]


def reading_text(page: Path) -> tuple[str, str]:
    """The text a learner reads in ``page`` (its article), and the text of its tools' outputs."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    article = soup.select_one("article") or soup
    for hidden in article.select("script, style, .cell_input"):
        hidden.decompose()
    outputs = " ".join(o.get_text(" ") for o in article.select(".cell_output"))
    return article.get_text(" "), outputs


def excerpt(text: str, match: re.Match[str]) -> str:
    return " ".join(text[max(0, match.start() - 50):match.end() + 30].split())


def faults(text: str, patterns: dict[str, re.Pattern[str]]) -> list[str]:
    found = []
    for name, pattern in patterns.items():
        match = pattern.search(text)
        if match:
            found.append(f"{name} : « {excerpt(text, match)} »")
    return found


def test_pages_de_l_apprenant_sans_mot_de_programmeur(livre: Path) -> None:
    pages = learner_pages(livre)
    assert len(pages) >= 25, "pages de l'apprenant introuvables dans le livre construit"
    report = []
    for page in pages:
        text, _ = reading_text(page)
        report += [f"{page.relative_to(livre)} — {fault}" for fault in faults(text, WORDS)]
    assert not report, "Mots de programmeur dans les pages de l'apprenant :\n" + "\n".join(report)


def test_sorties_des_outils_sans_valeur_python_brute(livre: Path) -> None:
    report = []
    for page in learner_pages(livre):
        _, outputs = reading_text(page)
        report += [f"{page.relative_to(livre)} — {fault}" for fault in faults(outputs, RAW_VALUES)]
    assert not report, "Valeurs Python brutes dans les sorties des outils :\n" + "\n".join(report)


def test_l_annexe_existe_et_reste_a_part(livre: Path) -> None:
    """The command-line material lives on one page, listed in the book, near the end."""
    annexe = livre / ANNEXE
    assert annexe.is_file(), "page « Jupyter et commandes » absente du livre"
    text, _ = reading_text(annexe)
    assert "piu grille" in text and "Maj + Entrée" in text


@pytest.mark.parametrize(("text", "expected"), [
    ("Égalité : True ; bascule : None", "True/False/None"),
    ("Procédures : ['mapa']", "liste Python"),
    ("PosixPath('/work/main/_build/dossier.json')", "PosixPath"),
])
def test_le_scan_voit_les_valeurs_brutes(text: str, expected: str) -> None:
    assert any(fault.startswith(expected) for fault in faults(text, RAW_VALUES))


def test_le_scan_laisse_le_francais() -> None:
    assert not faults("« Vrai ou faux ? » Aucune réponse. Le conseiller (module 3).", RAW_VALUES)
    assert not faults("Ouvrez la page des outils du module, dans votre navigateur.", WORDS)


def test_pages_de_l_apprenant_sans_pluriel_entre_parentheses(livre: Path) -> None:
    """« 3 problèmes », « 1 jour » : the tools' outputs agree their nouns with the count, as the
    pages do, instead of « problème(s) » (piu.core.typography.accorder)."""
    report = []
    for page in learner_pages(livre):
        text, outputs = reading_text(page)
        report += [f"{page.relative_to(livre)} — {m.group(0)}"
                   for m in re.finditer(r"\S{0,30}[^\W\d_]\(s\)", f"{text}\n{outputs}")]
    assert not report, "Pluriels « (s) » dans les pages de l'apprenant :\n" + "\n".join(report)
