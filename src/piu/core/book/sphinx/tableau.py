"""``{tableau-filtrable} module:fonction``: a table the reader filters in the page, built at build time.

The directive knows no module of the course: the page names a function (``piu.rex.livre:tableau``)
that returns a :class:`Tableau`, and the directive renders it as HTML — a table with filter
menus, a text search and, if the table has one, a « proche de » input that puts the rows
closest to the reader's value first (for REX cards: the reader's population). With the flag
``:fiches:`` it renders instead every row in full, one section per row, with its links, so each
row can be read whole (the table's first column links to it).

Every text is escaped; links keep only ``http(s)`` addresses. ``piu-tableau.js`` (served from the
book's ``_static/``, no network) does the filtering; without it the full table still shows.
The pages depending on the data files the function names are rebuilt when those files change.
"""

from __future__ import annotations

import html
import importlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from piu.core.errors import PiuError
from piu.core.typography import accorder, espaces_insecables

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Filtre:
    """A menu above the table: rows whose value for ``cle`` equals the chosen option stay."""

    cle: str
    libelle: str
    options: tuple[tuple[str, str], ...]  # (value, label)


@dataclass(frozen=True)
class Proximite:
    """A number the reader types; rows in the same class (``bornes``) or the next come first."""

    libelle: str
    bornes: tuple[float, ...]
    aide: str
    exemple: str = ""


@dataclass(frozen=True)
class Ligne:
    """One row: its cells, its filter values, its number for :class:`Proximite`, its full reading."""

    id: str
    titre: str
    cellules: tuple[str, ...]
    filtres: dict[str, str]
    proximite: float | None = None
    sections: tuple[tuple[str, str], ...] = ()
    liens: tuple[tuple[str, str], ...] = ()  # (text, url)


@dataclass(frozen=True)
class Tableau:
    legende: str
    colonnes: tuple[str, ...]  # the first column shows the row's title, linked to its section
    lignes: tuple[Ligne, ...]
    filtres: tuple[Filtre, ...] = ()
    proximite: Proximite | None = None
    titre_liens: str = "Sources"
    dependances: tuple[Path, ...] = field(default_factory=tuple)


def _t(text: object) -> str:
    return html.escape(espaces_insecables(str(text)))


def _href(url: str) -> str | None:
    return html.escape(url) if url.startswith(("https://", "http://")) else None


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _anchor(row: Ligne) -> str:
    if not _ID.match(row.id):
        raise PiuError(f"Identifiant de ligne « {row.id} » invalide (minuscules, chiffres et tirets).")
    return f"fiche-{row.id}"


def table_html(table: Tableau) -> str:
    """The table with its (initially hidden, shown by the script) filter bar."""
    controls = []
    for f in table.filtres:
        options = "".join(f'<option value="{html.escape(v)}">{_t(label)}</option>' for v, label in f.options)
        controls.append(f'<label>{_t(f.libelle)} <select data-filtre="{html.escape(f.cle)}">'
                        f'<option value="">Tous</option>{options}</select></label>')
    if table.proximite:
        p = table.proximite
        controls.append(f'<label>{_t(p.libelle)} <input type="text" inputmode="numeric" '
                        f'class="piu-tableau-proche" placeholder="{_t(p.exemple)}"></label>')
    controls.append('<label>Rechercher <input type="search" class="piu-tableau-recherche"></label>')
    help_ = f'<p class="piu-tableau-aide">{_t(table.proximite.aide)}</p>' if table.proximite else ""
    head = "".join(f'<th scope="col">{_t(c)}</th>' for c in table.colonnes)
    rows = []
    for row in table.lignes:
        cells = "".join(f'<td data-colonne="{_t(name)}">{_t(c)}</td>'
                        for name, c in zip(table.colonnes[1:], row.cellules, strict=False))
        near = "" if row.proximite is None else f' data-proche="{_number(row.proximite)}"'
        rows.append(f"<tr data-filtres='{html.escape(json.dumps(row.filtres, ensure_ascii=False))}'{near}>"
                    f'<td data-colonne="{_t(table.colonnes[0])}"><a href="#{_anchor(row)}">{_t(row.titre)}</a> '
                    f'<span class="piu-similaire" hidden>proche de votre territoire</span></td>{cells}</tr>')
    bounds = html.escape(json.dumps([float(b) for b in table.proximite.bornes])) if table.proximite else "[]"
    return (f'<div class="piu-tableau" data-bornes="{bounds}">'
            f'<div class="piu-tableau-filtres" hidden>{"".join(controls)}</div>{help_}'
            f'<p class="piu-tableau-compte" aria-live="polite">{accorder(len(table.lignes), "ligne")}</p>'
            f'<div class="piu-tableau-defile"><table class="table"><caption>{_t(table.legende)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div></div>")


def sections_html(table: Tableau) -> str:
    """Every row in full: one ``<section>`` each, its fields, then its links."""
    out = []
    for row in table.lignes:
        fields = "".join(f"<dt>{_t(k)}</dt><dd>{_t(v)}</dd>" for k, v in row.sections)
        links = "".join(
            f'<li><a href="{href}">{_t(text)}</a></li>' if (href := _href(url)) else f"<li>{_t(text)}</li>"
            for text, url in row.liens)
        out.append(f'<section class="piu-fiche" id="{_anchor(row)}"><h3>{_t(row.titre)}</h3>'
                   f"<dl>{fields}</dl><p><strong>{_t(table.titre_liens)}</strong></p><ul>{links}</ul>"
                   "</section>")
    return "".join(out)


def load_table(target: str) -> Tableau:
    """Call ``module:function`` and check it returned a :class:`Tableau`."""
    module_name, _, function = target.partition(":")
    if not module_name or not function:
        raise PiuError(f"« {target} » : écrivez module:fonction, par exemple piu.rex.livre:tableau.")
    try:
        made = getattr(importlib.import_module(module_name), function)()
    except (ImportError, AttributeError) as exc:
        raise PiuError(f"« {target} » introuvable ({exc}).") from None
    if not isinstance(made, Tableau):
        raise PiuError(f"« {target} » doit renvoyer un Tableau (piu.core.book.sphinx.tableau), "
                       f"pas {type(made).__name__}.")
    return made


class FilterableTableDirective(SphinxDirective):
    """``{tableau-filtrable} module:fonction`` (option ``:fiches:`` for the rows in full)."""

    required_arguments = 1
    has_content = False
    option_spec = {"fiches": directives.flag}  # noqa: RUF012 (docutils API)

    def run(self) -> list[nodes.Node]:
        try:
            table = load_table(self.arguments[0])
            block = sections_html(table) if "fiches" in self.options else table_html(table)
        except PiuError as exc:
            raise self.error(str(exc)) from None
        for path in table.dependances:
            self.env.note_dependency(str(path))
        return [nodes.raw("", block, format="html")]


def setup(app: Any) -> None:
    app.add_directive("tableau-filtrable", FilterableTableDirective)
    app.add_js_file("piu-tableau.js")
    app.add_css_file("piu-tableau.css")
