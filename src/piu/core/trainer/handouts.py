"""Printable handouts and the vigilance page of the trainer's book, generated from ``data/``.

A handout printed for a session must show the rules of the session's day, not of the day the
page was written: :func:`rows_on` picks the rows of a dated table in force on a day, and the
day comes from :func:`handout_date` (``PIU_DATE_FICHES``, then the book's ``piu_date_fiches``
setting, then the build day). :func:`vigilance_markdown` turns ``data/vigilances.csv`` into the
list of traps, each pointing to the section that teaches it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd

from piu.core import data
from piu.core.dates import lire_date
from piu.core.errors import DonneesInvalides

__all__ = ["ENV_DATE", "footer_markdown", "handout_date", "missing_note", "missing_rows", "rows_on",
           "table_markdown", "vigilance_markdown"]

#: Environment variable that sets the handouts' day at build time (AAAA-MM-JJ).
ENV_DATE = "PIU_DATE_FICHES"


def handout_date(configured: str | None = None, environ: Mapping[str, str] | None = None) -> date:
    """The day the handouts are for: ``PIU_DATE_FICHES``, else ``configured``, else today."""
    environ = os.environ if environ is None else environ
    text = environ.get(ENV_DATE) or configured
    if not text:
        return date.today()
    return lire_date(str(text).strip(), DonneesInvalides)


def rows_on(table: str, day: date, columns: Sequence[str]) -> list[dict[str, str]]:
    """The rows of ``table`` in force on ``day``, each column formatted in French (amounts, %, dates).

    An empty cell stays empty; a column absent from the table is an error naming it, so that a
    page cannot silently show a blank column.
    """
    frame = data.en_vigueur(data.table(table), day)
    unknown = [c for c in columns if c not in frame.columns]
    if unknown:
        raise DonneesInvalides(f"Table « {table} » : colonne(s) {', '.join(unknown)} absente(s) ; "
                               f"colonnes : {', '.join(frame.columns)}.")
    rows = []
    for _, row in frame.iterrows():
        shown = {}
        for column in columns:
            value = row[column]
            missing = value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))
            plain = value.item() if hasattr(value, "item") else value
            shown[column] = "" if missing else data.formater_valeur(plain, column)
        rows.append(shown)
    return rows


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def table_markdown(rows: Sequence[Mapping[str, str]], headers: Mapping[str, str]) -> str:
    """A Markdown table of ``rows``, columns in the order of ``headers`` (column → heading)."""
    lines = ["| " + " | ".join(headers.values()) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_cell(r.get(c, "")) for c in headers) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def vigilance_markdown(titles: Mapping[int, str] | None = None) -> str:
    """Every trap of ``data/vigilances.csv``: the trap, its rule, its basis, where it is taught.

    Rules quote their figures with ``{donnee}`...``` like the chapters, resolved here; the
    section is a ``{ref}`` to the chapter's label, so a label removed from a chapter breaks the
    build instead of leaving a dead link.
    """
    titles = titles or {}
    out = []
    for n, row in enumerate(data.table("vigilances").itertuples(), start=1):
        label = str(row.section).partition("#")[2]
        module = int(row.module)
        name = f"module {module}" + (f" « {titles[module]} »" if module in titles else "")
        out += [f"{n}. **{data.remplacer_references(str(row.piege))}.** "
                f"{data.remplacer_references(str(row.regle))}",
                f"    *Base légale :* {data.remplacer_references(str(row.base_legale))}. "
                f"*Source :* {row.source}.",
                f"    *Où c’est enseigné :* {name}, section {{ref}}`{label}`.", ""]
    return "\n".join(out)


def missing_rows(table: str, day: date) -> list[str]:
    """Ids of ``table`` that had a row before ``day`` but have none in force on it.

    A handout built for a day beyond the course's data (``PIU_DATE_FICHES=2028-01-15`` when the
    EU thresholds stop at the end of 2027) must say which rules it cannot give, not fail the
    whole trainer's book nor quietly print a shorter table.
    """
    frame = data.table(table)
    in_force = set(data.en_vigueur(frame, day)["id"])
    started = frame[frame["valid_from"].map(lambda d: d is not None and not pd.isna(d) and d <= day)]
    return sorted(set(started["id"]) - in_force)


def missing_note(references: Sequence[str], day: date) -> str:
    """The French sentence printed where figures are missing for the handouts' day."""
    if not references:
        return ""
    return (f"**À compléter : le cours ne connaît pas encore les règles en vigueur le {day:%d/%m/%Y}** "
            f"pour {', '.join(f'`{r}`' for r in references)}. Vérifiez-les sur Légifrance ou EUR-Lex "
            f"et ajoutez leurs lignes aux tables du cours (`data/`) avant d'imprimer cette fiche.")


def footer_markdown(day: date, built: date, course: str, source: str) -> str:
    """The foot of a printed handout: course, day of the rules, source, day it was built."""
    return (f"{course} — règles en vigueur le **{day:%d/%m/%Y}** — source : {source} — "
            f"fiche construite le {built:%d/%m/%Y} ; vérifiez les textes cités avant toute décision.")
