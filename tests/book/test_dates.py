"""One fact, one date: a dated rule says the same day on every page as in ``data/`` (issue 26).

The innovative purchase without publicity (CCP R2122-9-1) started on 25/12/2018 in module 0
and on 27/12/2018 in module 3; ``data/seuils.csv`` says 27/12/2018 (décret n° 2018-1225,
JO of 26/12/2018, in force the next day). These tests read the built learner pages and every
text of the question bank (statements, feedback, explanations, with their ``{donnee}`` values
filled in), find every sentence that speaks of such a rule's start, and check each date in it
against the row of ``data/``: its
``valid_from``, or a date the row's own source names (the decree's signature, its publication
the day before ``valid_from``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from piu.core.data import ligne, remplacer_references
from piu.core.questions.bank import charger_banque
from tests.book.test_vocabulaire import learner_pages

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre"]
DATE = re.compile(r"\b(\d{1,2})(?:er)?(?:/(\d{2})/| (" + "|".join(MONTHS) + r") )(\d{4})\b")
SOURCE_DATE = re.compile(r"\bdu (\d{2})/(\d{2})/(\d{4})\b")


@dataclass(frozen=True)
class Fait:
    """A dated rule of ``data/`` and the words of a sentence that gives its start."""

    table: str
    id: str
    sujet: re.Pattern[str]
    annee: int  # only the dates of that year in such a sentence can be the rule's start


FAITS = [
    Fait("seuils", "achat-innovant",
         re.compile(r"2018-1225|achat innovant|achats innovants|R2122-9-1|[Ee]xpériment", re.I), 2018),
]


def dates_in(sentence: str) -> list[date]:
    found = []
    for day, month_number, month_name, year in DATE.findall(sentence):
        month = int(month_number) if month_number else MONTHS.index(month_name) + 1
        found.append(date(int(year), month, int(day)))
    return found


def allowed_dates(fait: Fait) -> set[date]:
    row = ligne(fait.table, fait.id)
    start = date.fromisoformat(str(row["valid_from"])[:10])
    named = {date(int(y), int(m), int(d)) for d, m, y in SOURCE_DATE.findall(str(row["source"]))}
    return {start, start - timedelta(days=1), *named}


def page_text(page: Path) -> str:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    return (soup.select_one("article") or soup).get_text(" ")


def bank_texts() -> dict[str, str]:
    """Every text of each question of the bank, ``{donnee}`` values filled in."""
    texts = {}
    for q in charger_banque():
        parts = [q.enonce, q.explication, q.source, q.retour_juste, q.retour_faux]
        parts += [f"{o.texte}\n{o.retour}" for o in q.options]
        parts += [e.retour for e in q.erreurs_typiques]
        parts += [e.texte for e in (*q.elements, *q.cibles)]
        texts[q.id] = remplacer_references("\n".join(str(p) for p in parts if p))
    return texts


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;!?])\s+|\n+", " ".join(text.split(" "))) if s.strip()]


def disagreements(text: str, fait: Fait, allowed: set[date]) -> list[str]:
    found = []
    for sentence in sentences(text):
        if not fait.sujet.search(sentence):
            continue
        for day in dates_in(sentence):
            if day.year == fait.annee and day not in allowed:
                found.append(f"{day:%d/%m/%Y} : « {' '.join(sentence.split())[:160]} »")
    return found


@pytest.mark.navigateur  # needs the built book, not a browser
@pytest.mark.parametrize("fait", FAITS, ids=lambda f: f"{f.table}:{f.id}")
def test_les_pages_donnent_la_date_des_donnees(livre: Path, fait: Fait) -> None:
    allowed = allowed_dates(fait)
    report = []
    for page in learner_pages(livre):
        report += [f"{page.relative_to(livre)} — {d}" for d in disagreements(page_text(page), fait, allowed)]
    assert not report, (f"Date de {fait.table}:{fait.id} différente de data/ "
                        f"({', '.join(f'{d:%d/%m/%Y}' for d in sorted(allowed))}) :\n" + "\n".join(report))


@pytest.mark.parametrize("fait", FAITS, ids=lambda f: f"{f.table}:{f.id}")
def test_la_banque_donne_la_date_des_donnees(fait: Fait) -> None:
    allowed = allowed_dates(fait)
    report = [f"{qid} — {d}" for qid, text in bank_texts().items() for d in disagreements(text, fait, allowed)]
    assert not report, (f"Date de {fait.table}:{fait.id} différente de data/ "
                        f"({', '.join(f'{d:%d/%m/%Y}' for d in sorted(allowed))}) :\n" + "\n".join(report))


def test_le_test_voit_un_desaccord() -> None:
    fait = FAITS[0]
    allowed = allowed_dates(fait)
    assert date(2018, 12, 27) in allowed
    text = "Expérimentée depuis le 25 décembre 2018, cette possibilité est permanente depuis 2021."
    assert disagreements(text, fait, allowed)
    assert not disagreements("Décret n° 2018-1225 du 24/12/2018, publié au JO du 26/12/2018.", fait, allowed)
