"""Render a question as a self-contained HTML quiz block, with its answers hashed or encoded.

The web book has no kernel: ``piu-quiz.js`` checks answers in the browser. What it needs is
embedded in the block so that a glance at the page source does not give the answer away:

* right answers are SHA-256 hashes of the normalised answer, salted per question
  (``ok``); a wrong answer with its own feedback is found the same way (``fb``);
* feedback, explanations and numeric bounds are XOR-encoded then base64-encoded.

This stops a learner from reading answers by accident or with Ctrl+F. It does not stop a
determined one: encoded bounds can be decoded with the script, and a choice question has few
options to try. The trainer guide says so; graded evaluations are graded from handed-in files.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from typing import Any

from markdown_it import MarkdownIt

from piu.core.questions.bank import Question
from piu.core.questions.grading import formes_erreur, formes_justes
from piu.core.typography import espaces_insecables

_MD = MarkdownIt("commonmark")

TYPE_LABELS = {
    "choix-unique": "Choix unique",
    "choix-multiple": "Choix multiple",
    "numerique": "Réponse chiffrée",
    "texte": "Réponse courte",
    "ordre": "Remettre dans l'ordre",
    "association": "Associer",
}


def markdown_inline(text: str) -> str:
    """Render a short Markdown text (bold, italics, code, links) as inline HTML."""
    return _MD.renderInline(espaces_insecables(text))


def markdown_block(text: str) -> str:
    """Render a Markdown text with paragraphs and lists as HTML."""
    return _MD.render(espaces_insecables(text))


def salt(question: Question) -> str:
    """Per-question salt, stable across builds so that saved browser progress still matches."""
    return hashlib.sha256(f"piu:{question.id}".encode()).hexdigest()[:16]


def digest(sel: str, canonical: str) -> str:
    """The hash the browser recomputes: ``sha256(sel + ":" + canonical)`` in hex."""
    return hashlib.sha256(f"{sel}:{canonical}".encode()).hexdigest()


def encode(sel: str, text: str) -> str:
    """XOR ``text`` (UTF-8) with the salt, then base64: unreadable at a glance, not secret."""
    key = sel.encode()
    raw = text.encode()
    return base64.b64encode(bytes(b ^ key[i % len(key)] for i, b in enumerate(raw))).decode()


def display_order(question: Question, items: tuple[Any, ...]) -> list[Any]:
    """A fixed, non-trivial order for ordering questions (never the right one)."""
    sel = salt(question)
    order = sorted(items, key=lambda e: digest(sel, e.id))
    if [e.id for e in order] == [e.id for e in items]:
        order = order[1:] + order[:1]
    return order


def payload(question: Question) -> dict[str, Any]:
    """Everything ``piu-quiz.js`` needs to check an answer, with answers hashed or encoded."""
    sel = salt(question)
    data: dict[str, Any] = {
        "id": question.id,
        "module": question.module,
        "type": question.type,
        "sel": sel,
        "juste": encode(sel, markdown_inline(question.retour_juste)),
        "faux": encode(sel, markdown_inline(question.retour_faux)),
        "expl": encode(sel, markdown_block(question.explication)
                       + f"<p class=\"piu-source\"><strong>Source :</strong> "
                         f"{markdown_inline(question.source)}</p>"),
    }
    if question.type in ("choix-unique", "choix-multiple"):
        data["ok"] = [digest(sel, f"opt:{o.id}") for o in question.options if o.correct]
        data["fb"] = {digest(sel, f"opt:{o.id}"): encode(sel, markdown_inline(o.retour))
                      for o in question.options}
        data["textes"] = {o.id: markdown_inline(o.texte) for o in question.options}
    elif question.type == "numerique":
        secret = {"v": question.reponse, "t": question.tolerance,
                  "e": [{"v": e.valeur, "t": e.tolerance, "r": markdown_inline(e.retour)}
                        for e in question.erreurs_typiques]}
        data["num"] = encode(sel, json.dumps(secret))
        data["unite"] = question.unite
    elif question.type == "texte":
        # Canonical forms (piu.core.questions.citations): « L. 1111-10 » and « art. L1111-10 du
        # CGCT » hash alike once ``cleTexte`` in piu-quiz.js has read them.
        data["ok"] = sorted({digest(sel, f"txt:{f}") for f in formes_justes(question)})
        data["fb"] = {digest(sel, f"txt:{f}"): encode(sel, markdown_inline(e.retour))
                      for e in reversed(question.erreurs_typiques) for f in formes_erreur(question, e)}
    elif question.type == "ordre":
        data["ok"] = [digest(sel, f"pos:{i}={e.id}") for i, e in enumerate(question.elements)]
    else:
        data["ok"] = [digest(sel, f"pair:{e.id}={e.avec}") for e in question.elements]
    return data


def _controls(question: Question) -> str:
    qid = html.escape(question.id)
    if question.type in ("choix-unique", "choix-multiple"):
        kind = "radio" if question.type == "choix-unique" else "checkbox"
        items = "".join(
            f'<label class="piu-option"><input type="{kind}" name="{qid}" '
            f'value="{html.escape(o.id)}"> <span>{markdown_inline(o.texte)}</span></label>'
            for o in question.options)
        hint = "Une seule réponse." if kind == "radio" else "Cochez toutes les bonnes réponses."
        return f'<fieldset><legend>{hint}</legend>{items}</fieldset>'
    if question.type in ("numerique", "texte"):
        mode = ' inputmode="decimal"' if question.type == "numerique" else ""
        unit = f' <span class="piu-unite">{html.escape(question.unite)}</span>' if question.unite else ""
        label = "Votre réponse (nombre)" if question.type == "numerique" else "Votre réponse"
        return (f'<label class="piu-saisie">{label} <input type="text" name="{qid}" '
                f'autocomplete="off"{mode}>{unit}</label>')
    if question.type == "ordre":
        n = len(question.elements)
        ranks = "".join(f'<option value="{i}">{i}</option>' for i in range(1, n + 1))
        rows = "".join(
            f'<li><label><select data-element="{html.escape(e.id)}" aria-label="Rang">'
            f'<option value="">rang…</option>{ranks}</select> {markdown_inline(e.texte)}</label></li>'
            for e in display_order(question, question.elements))
        return f'<p class="piu-aide">Donnez à chaque élément son rang, de 1 à {n}.</p><ul>{rows}</ul>'
    targets = "".join(f'<option value="{html.escape(t.id)}">{html.escape(espaces_insecables(t.texte))}</option>'
                      for t in question.cibles)
    rows = "".join(
        f'<li><label>{markdown_inline(e.texte)} → <select data-element="{html.escape(e.id)}">'
        f'<option value="">choisir…</option>{targets}</select></label></li>'
        for e in question.elements)
    return f'<ul class="piu-association">{rows}</ul>'


def render_html(question: Question) -> str:
    """The complete quiz block for the web book (also shown by notebooks rendered in the book)."""
    data = html.escape(json.dumps(payload(question), ensure_ascii=False), quote=True)
    title = f" — {html.escape(espaces_insecables(question.titre))}" if question.titre else ""
    return (
        f'<div class="piu-quiz" id="piu-q-{html.escape(question.id)}" data-piu="{data}">'
        f'<div class="piu-entete"><span class="piu-etiquette">Question · '
        f'{TYPE_LABELS[question.type]}{title}</span>'
        f'<span class="piu-etat" aria-live="polite"></span></div>'
        f'<div class="piu-enonce">{markdown_block(question.enonce)}</div>'
        f'<form class="piu-formulaire">{_controls(question)}'
        f'<button type="submit" class="piu-verifier">Vérifier</button></form>'
        f'<div class="piu-retour" role="status" aria-live="polite"></div>'
        f'<noscript><p>Pour vérifier vos réponses dans la page, le navigateur doit autoriser '
        f'JavaScript : demandez-le à votre service informatique.</p></noscript></div>'
    )
