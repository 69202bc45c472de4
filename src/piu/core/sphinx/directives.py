"""Directives and role of the course's Sphinx extension (see :mod:`piu.core.sphinx`).

Errors (unknown question, malformed bank, missing data row) are reported as Sphinx warnings
with the page and line, which fail the build since it runs with ``-W``.
"""

from __future__ import annotations

import html
import json
from typing import Any

from docutils import nodes

from piu.core import data
from piu.core.bank import charger_banque
from piu.core.errors import PiuError
from piu.core.typography import espaces_insecables
from piu.core.web_payload import render_html
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective


class QuizDirective(SphinxDirective):
    """``{quiz} ID``: one question of the bank, checked in the browser."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        try:
            question = charger_banque()[self.arguments[0]]
        except PiuError as exc:
            raise self.error(str(exc)) from None
        return [nodes.raw("", render_html(question), format="html")]


class ProgressDirective(SphinxDirective):
    """``{progres-navigateur}``: per-module progress kept by this browser, with a reset button."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        try:
            bank = charger_banque()
            modules = data.table("modules")
        except PiuError as exc:
            raise self.error(str(exc)) from None
        counts = {int(m): len(bank.du_module(int(m))) for m in modules["numero"]}
        rows = "".join(
            f'<tr data-module="{int(m.numero)}"><td>{int(m.numero)}</td>'
            f"<td>{html.escape(espaces_insecables(m.titre))}</td>"
            f'<td class="piu-reussies">0 / {counts[int(m.numero)]}</td>'
            f'<td class="piu-tentees">0</td></tr>'
            for m in modules.itertuples() if counts[int(m.numero)])
        block = (
            f'<div class="piu-progres" data-modules="{html.escape(json.dumps(counts))}">'
            "<table class=\"table\"><caption>Votre progression dans ce navigateur</caption>"
            "<thead><tr><th>Module</th><th>Titre</th><th>Questions réussies</th>"
            "<th>Questions tentées</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
            '<button type="button" class="piu-progres-effacer">Effacer ma progression</button></div>'
        )
        return [nodes.raw("", block, format="html")]


class ModuleListDirective(SphinxDirective):
    """``{liste-modules}``: the modules of the course, read from ``data/modules.csv``.

    Available modules link to their chapter; the others are marked « en préparation ».
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        try:
            modules = data.table("modules")
        except PiuError as exc:
            raise self.error(str(exc)) from None
        listing = nodes.bullet_list(classes=["piu-modules"])
        for m in modules.itertuples():
            title = f"Module {int(m.numero)} — {m.titre}"
            para = nodes.paragraph()
            if m.statut == "disponible" and isinstance(m.chapitre, str):
                ref = addnodes.pending_xref("", refdomain="std", reftype="doc",
                                            reftarget=f"/{m.chapitre}", refexplicit=True)
                ref += nodes.strong(text=title)
                para += ref
            else:
                para += nodes.strong(text=title)
                para += nodes.Text(" ")
                para += nodes.emphasis(text="(en préparation)")
            para += nodes.Text(f" : {m.resume}")
            listing += nodes.list_item("", para)
        return [listing]


def data_role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
              options: dict[str, Any] | None = None, content: list[str] | None = None
              ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """``{donnee}`table:id:colonne@2026-01-01```: a value of ``data/``, formatted in French."""
    try:
        shown = data.texte_valeur(text)
    except PiuError as exc:
        msg = inliner.reporter.error(f"{{donnee}}`{text}` : {exc}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    return [nodes.Text(shown)], []
