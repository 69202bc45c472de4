"""Directives and role of the course's Sphinx extension (see :mod:`piu.core.book.sphinx`).

Errors (unknown question, malformed bank, missing data row) are reported as Sphinx warnings
with the page and line, which fail the build since it runs with ``-W``.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from piu.core import data
from piu.core.errors import PiuError
from piu.core.questions.bank import charger_banque
from piu.core.questions.web_payload import render_html
from piu.core.typography import espaces_insecables


class QuizDirective(SphinxDirective):
    """``{quiz} ID``: one question of the bank, checked in the browser."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        try:
            block = quiz_html(self.arguments[0])
        except PiuError as exc:
            raise self.error(str(exc)) from None
        return [nodes.raw("", block, format="html")]


def quiz_html(question_id: str) -> str:
    """The block of ``{quiz} ID``; refuses a question of an evaluation key (its answer would show)."""
    question = charger_banque()[question_id]
    if question.evaluation:
        raise PiuError(f"« {question.id} » appartient au corrigé d'une évaluation notée : "
                       f"{{quiz}} publierait sa réponse. Utilisez la directive {{evaluation}}.")
    return render_html(question)


_SECRET_KEYS = {"correct", "retour", "retour_juste", "retour_faux", "explication", "source", "reponse",
                "reponses", "tolerance", "erreurs_typiques", "avec", "ok", "fb", "num", "sel"}


def _holds_secret(node: Any) -> bool:
    if isinstance(node, dict):
        return bool(_SECRET_KEYS & set(node)) or any(_holds_secret(v) for v in node.values())
    if isinstance(node, list):
        return any(_holds_secret(v) for v in node)
    return False


def evaluation_html(target: str) -> str:
    """The form of ``{evaluation} paquet.module:fonction``; refuses a subject that holds a key."""
    from importlib import import_module

    from piu.core.trainer.evaluation_form import render_subject

    module_name, _, function = target.partition(":")
    if not module_name or not function:
        raise PiuError(f"« {target} » : indiquez la fonction qui donne le sujet, par exemple "
                       f"« piu.monmodule.plan:sujet ».")
    try:
        subject = getattr(import_module(module_name), function)()
    except (ImportError, AttributeError) as exc:
        raise PiuError(f"« {target} » introuvable ({exc}).") from None
    if _holds_secret(subject):
        raise PiuError(f"Le sujet donné par « {target} » contient des éléments du corrigé "
                       f"(réponse, retour, explication) : il ne peut pas aller sur une page de l'apprenant.")
    return render_subject(subject)


class EvaluationDirective(SphinxDirective):
    """``{evaluation} paquet.module:fonction``: a graded evaluation as a form without its key.

    The function returns the subject (:func:`piu.core.trainer.copies.sujet`); the page gets statements,
    options and the open items' rubric, and a button that downloads the learner's copy.
    """

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        try:
            block = evaluation_html(self.arguments[0])
        except PiuError as exc:
            raise self.error(str(exc)) from None
        return [nodes.raw("", block, format="html")]


class ProgressDirective(SphinxDirective):
    """``{progres-navigateur}``: per-module progress kept by this browser, with a reset button."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        try:
            bank = charger_banque()
            modules = data.table("modules")
        except PiuError as exc:
            raise self.error(str(exc)) from None
        counts = {int(m): len([q for q in bank.du_module(int(m)) if not q.evaluation])
                  for m in modules["numero"]}
        rows = "".join(
            f'<tr data-module="{int(m.numero)}"><td>{int(m.numero)}</td>'
            f"<td>{html.escape(espaces_insecables(m.titre))}</td>"
            f'<td class="piu-reussies">0 / {counts[int(m.numero)]}</td>'
            f'<td class="piu-tentees">0</td></tr>'
            for m in modules.itertuples() if counts[int(m.numero)])
        root = "../" * self.env.docname.count("/")
        block = (
            f'<div class="piu-progres" data-modules="{html.escape(json.dumps(counts))}" data-racine="{root}">'
            "<table class=\"table\"><caption>Votre progression dans ce navigateur</caption>"
            "<thead><tr><th>Module</th><th>Titre</th><th>Questions réussies</th>"
            "<th>Questions tentées</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
            '<div class="piu-a-retravailler"><p><strong>Questions à retravailler</strong></p>'
            '<p class="piu-a-retravailler-vide">Aucune pour l’instant\u00a0: les questions tentées sans '
            "succès s’afficheront ici, chacune avec un lien vers sa page.</p><ul></ul></div>"
            '<button type="button" class="piu-progres-effacer btn btn-outline-danger">'
            "Effacer ma progression…</button></div>"
            # Where each question is, written when the book is built (:func:`write_question_index`).
            f'<script src="{root}_static/{QUESTION_INDEX}"></script>'
        )
        return [nodes.raw("", block, format="html")]


#: The script, in ``_static/``, that tells the progress page where each question of the book is.
QUESTION_INDEX = "piu-questions.js"


def question_title(question: Any) -> str:
    """A short French name for a question: its title, else the start of its statement."""
    if question.titre:
        return espaces_insecables(question.titre)
    words = data.remplacer_references(question.enonce).split()
    short = " ".join(words[:12])
    return espaces_insecables(short + ("…" if len(words) > 12 else ""))


def write_question_index(app: Any, exception: Exception | None) -> None:
    """Write ``_static/piu-questions.js``: for each question shown in the book, its page and title.

    The first page of the book that shows it, a chapter rather than an exercise page; read from
    the pages of this build only (``found_docs``), not from older files left in the output folder.
    """
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    places: dict[str, str] = {}
    for docname in sorted(app.env.found_docs):
        target = app.builder.get_target_uri(docname)
        page = out / target
        if not page.is_file():
            continue
        for qid in _QUIZ_ID.findall(page.read_text(encoding="utf-8")):
            if qid not in places or (target.startswith("book/") and not places[qid].startswith("book/")):
                places[qid] = target
    bank = charger_banque()
    index = {qid: {"page": target, "titre": question_title(bank.questions[qid])}
             for qid, target in sorted(places.items()) if qid in bank.questions}
    (out / "_static" / QUESTION_INDEX).write_text(
        "window.piuQuestions = " + json.dumps(index, ensure_ascii=False) + ";\n", encoding="utf-8")


_QUIZ_ID = re.compile(r'class="piu-quiz" id="piu-q-([A-Za-z0-9_-]+)"')


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


def _shown_answer(question: Any) -> str:
    from piu.core.questions.grading import bonne_reponse
    from piu.core.questions.web_payload import markdown_inline

    answer = bonne_reponse(question)
    if question.type in ("choix-unique", "choix-multiple"):
        chosen = [o for o in question.options if o.correct]
        return "<br>".join(f"<strong>{html.escape(o.id)}</strong> — {markdown_inline(o.texte)}" for o in chosen)
    if question.type == "numerique":
        from piu.core.french_numbers import format_nombre

        unit = f" {question.unite}" if question.unite else ""
        tol = f" (à {format_nombre(question.tolerance)} près)" if question.tolerance else ""
        return html.escape(f"{format_nombre(float(answer))}{unit}{tol}")
    if question.type == "texte":
        return "<br>".join(html.escape(a) for a in question.reponses)
    if question.type == "ordre":
        return " → ".join(html.escape(e.id) for e in question.elements)
    return "<br>".join(html.escape(f"{k} = {v}") for k, v in answer.items())


class KeyDirective(SphinxDirective):
    """``{corrige-evaluation} N``: the key of module N's graded evaluation, for the trainer's book only."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        from piu.core.questions.web_payload import markdown_block, markdown_inline

        try:
            module = int(self.arguments[0])
            questions = [q for q in charger_banque().du_module(module) if q.evaluation]
        except (PiuError, ValueError) as exc:
            raise self.error(str(exc)) from None
        if not questions:
            raise self.error(f"Aucune question d'évaluation notée pour le module {self.arguments[0]}.")
        rows = "".join(
            f"<tr><td><code>{html.escape(q.id)}</code><br>{html.escape(espaces_insecables(q.titre))}</td>"
            f"<td>{_shown_answer(q)}</td><td>{markdown_block(q.explication)}"
            f"<p><strong>Source :</strong> {markdown_inline(q.source)}</p></td></tr>" for q in questions)
        block = ('<table class="table piu-corrige"><thead><tr><th>question</th><th>réponse juste</th>'
                 f"<th>explication et source</th></tr></thead><tbody>{rows}</tbody></table>")
        return [nodes.raw("", block, format="html")]
