"""What in the course's law is about to go stale: dated rows that end soon, facts still « à vérifier ».

Thresholds change every two years (the EU revision), national rules when a decree says so. A
row of ``data/`` carries ``valid_to``; the day after it, every tool answers with the next row —
if someone has added it. :func:`expiring_rows` lists the rows whose validity ends within a
window, and whether a row takes over the next day, so that a maintainer (or CI, as a warning)
sees it months ahead. :func:`pending_checks` lists every « à vérifier » left in the data and the
chapters with the date it was written, because an unconfirmed figure must be checked again.

Generic: every resource of ``data/datapackage.json`` with a ``valid_to`` column is scanned;
the framework names no table.
"""

from __future__ import annotations

import calendar
import csv
import re
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from piu.core import data, paths

__all__ = ["Expiring", "PendingCheck", "add_months", "expiring_rows", "pending_checks"]

_TO_CHECK = re.compile(r"à\s+(?:vérifier|confirmer)", re.IGNORECASE)
_DATE = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")


@dataclass(frozen=True)
class Expiring:
    """One dated row whose validity ends inside the window."""

    table: str
    id: str
    libelle: str
    valid_to: date
    successeur: bool  # a row with the same id starts the next day
    suite: str = ""  # else, what the course knows of what follows (row ``<id>-suite``), if anything

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "valid_to": self.valid_to.isoformat()}


@dataclass(frozen=True)
class PendingCheck:
    """One « à vérifier » (or « à confirmer ») left in a data file or a page."""

    fichier: str
    ligne: int
    extrait: str
    date: date | None  # the last dd/mm/yyyy date of the same cell or paragraph, if any

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "date": self.date.isoformat() if self.date else None}


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, clamped to the month's last day (31/01 + 1 → 28/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _label(row: pd.Series) -> str:
    for column in ("libelle", "titre", "nom", "regle", "piege"):
        value = row.get(column)
        if isinstance(value, str) and value:
            return value
    return ""


def expiring_rows(day: date, months: int) -> list[Expiring]:
    """Rows of every dated table with ``day <= valid_to <= day + months``, soonest first.

    ``successeur`` tells whether the rule goes on: a row with the same ``id`` whose ``valid_from``
    is the day after; ``suite`` what the course can say when no text is confirmed yet. A row
    that ends without one is the urgent case: from that day, the tools
    find no rule at all (or the wrong one).
    """
    end = add_months(day, months)
    found = []
    for resource in data.datapackage().get("resources", []):
        names = {f["name"] for f in resource["schema"]["fields"]}
        if not {"valid_to", "valid_from", "id"} <= names:
            continue
        frame = data.table(resource["name"])
        for _, row in frame.iterrows():
            ends = row["valid_to"]
            if ends is None or pd.isna(ends) or not day <= ends <= end:
                continue
            same = frame[frame["id"] == row["id"]]
            follows = bool((same["valid_from"] == ends + timedelta(days=1)).any())
            # No rule to cite yet, but a note of what is known (a draft, a date announced):
            # ``<id>-suite`` starting the next day, so the trainer is not left with silence.
            note = frame[(frame["id"] == f"{row['id']}-suite") & (frame["valid_from"] == ends + timedelta(days=1))]
            after = "" if follows or note.empty else _label(note.iloc[0])
            found.append(Expiring(resource["name"], str(row["id"]), _label(row), ends, follows, after))
    return sorted(found, key=lambda e: (e.valid_to, e.table, e.id))


def _last_date(text: str) -> date | None:
    found = None
    for d, m, y in _DATE.findall(text):
        try:
            found = date(int(y), int(m), int(d))
        except ValueError:
            continue
    return found


def _excerpt(text: str, start: int) -> str:
    """About 140 characters around the mention, on one line."""
    begin, end = max(0, start - 60), min(len(text), start + 80)
    body = " ".join(text[begin:end].split())
    return ("…" if begin else "") + body + ("…" if end < len(text) else "")


def _csv_checks(path: Path, root: Path) -> list[PendingCheck]:
    found = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            for cell in row:
                for match in _TO_CHECK.finditer(cell):
                    found.append(PendingCheck(str(path.relative_to(root)), number,
                                              _excerpt(cell, match.start()), _last_date(cell)))
    return found


def _page_checks(path: Path, root: Path) -> list[PendingCheck]:
    text = path.read_text(encoding="utf-8")
    found = []
    for paragraph in re.finditer(r"(?:[^\n]+\n?)+", text):
        block = paragraph.group(0)
        for match in _TO_CHECK.finditer(block):
            line = text.count("\n", 0, paragraph.start() + match.start()) + 1
            found.append(PendingCheck(str(path.relative_to(root)), line,
                                      _excerpt(block, match.start()), _last_date(block)))
    return found


def pending_checks(root: Path | None = None) -> list[PendingCheck]:
    """Every « à vérifier » / « à confirmer » in ``data/*.csv`` and ``book/**/*.md``, in file order.

    Each comes with the latest date written next to it (« relevé du 03/12/2026 »): the day the
    fact was last looked at, so the oldest are checked first. None when the text gives no date.
    Pages that explain the convention itself (the maintainer's page) mention it too: they are
    listed like the others, which keeps the scan simple and visible.
    """
    root = root or paths.course_root()
    found: list[PendingCheck] = []
    for path in sorted((root / "data").glob("*.csv")):
        found += _csv_checks(path, root)
    for path in sorted((root / "book").rglob("*.md")):
        found += _page_checks(path, root)
    return found
