"""Answer keys for trainers, generated from the question bank — never retyped.

A key retyped by hand drifts from the bank the day a threshold or a feedback changes; this one
is the bank itself, laid out for a trainer: the right answer, every wrong option and typical
wrong value with the feedback the learner gets (the « common wrong answers »), the explanation
and the source. Rendered by the ``{corrige}`` directive on trainer pages only (the learner book
never holds them).
"""

from __future__ import annotations

import html

from markdown_it import MarkdownIt

from piu.core.french_numbers import format_nombre
from piu.core.questions.bank import Banque, Question
from piu.core.questions.web_payload import TYPE_LABELS
from piu.core.typography import espaces_insecables

# The bank's Markdown (bold, italics, code, links), with any raw HTML shown as text, not run.
_MD = MarkdownIt("commonmark", {"html": False})


def markdown_inline(text: str) -> str:
    return _MD.renderInline(espaces_insecables(text))


def markdown_block(text: str) -> str:
    return _MD.render(espaces_insecables(text))

__all__ = ["all_keys_html", "answer_key_html", "expected_answer", "question_key_html"]


def _number(value: float | None, unit: str) -> str:
    shown = format_nombre(value or 0.0)
    return espaces_insecables(f"{shown} {unit}".strip()) if unit else shown


def expected_answer(question: Question) -> str:
    """The right answer as inline HTML, whatever the question's type."""
    if question.type in ("choix-unique", "choix-multiple"):
        return "<br>".join(f"{html.escape(o.id)}) {markdown_inline(o.texte)}"
                          for o in question.options if o.correct)
    if question.type == "numerique":
        answer = html.escape(_number(question.reponse, question.unite))
        if question.tolerance:
            answer += f" (accepté à {html.escape(_number(question.tolerance, question.unite))} près)"
        return answer
    if question.type == "texte":
        return " ou ".join(f"« {html.escape(a)} »" for a in question.reponses)
    if question.type == "ordre":
        return " → ".join(f"{i}. {markdown_inline(e.texte)}" for i, e in enumerate(question.elements, 1))
    targets = {t.id: t.texte for t in question.cibles}
    return "\u202f; ".join(f"{markdown_inline(e.texte)} → {markdown_inline(targets.get(e.avec or '', '?'))}"
                      for e in question.elements)


def _wrong_answers(question: Question) -> list[str]:
    """The wrong answers the bank anticipates, each with the feedback it triggers."""
    items = []
    for option in question.options:
        if not option.correct:
            items.append(f"<li><strong>{html.escape(option.id)}) {markdown_inline(option.texte)}</strong>"
                         f" — {markdown_inline(option.retour)}</li>")
    for error in question.erreurs_typiques:
        said = (html.escape(_number(error.valeur, question.unite)) if error.valeur is not None
                else f"« {html.escape(error.reponse or '')} »")
        items.append(f"<li><strong>{said}</strong> — {markdown_inline(error.retour)}</li>")
    if question.type in ("numerique", "texte", "ordre", "association") or not items:
        items.append(f"<li><strong>Toute autre réponse</strong> — {markdown_inline(question.retour_faux)}</li>")
    return items


def question_key_html(question: Question, number: int) -> str:
    """One question's key: statement, right answer, wrong answers, explanation, source."""
    title = f" — {html.escape(espaces_insecables(question.titre))}" if question.titre else ""
    qid = html.escape(question.id)
    return (
        f'<section class="piu-corrige-question" id="corrige-{qid}" data-question="{qid}">'
        f"<h3>Question {number}{title}</h3>"
        f'<p class="piu-corrige-meta"><code>{qid}</code> · {TYPE_LABELS[question.type]}</p>'
        f'<div class="piu-corrige-enonce">{markdown_block(question.enonce)}</div>'
        f'<p class="piu-corrige-reponse"><strong>Réponse attendue\u00a0:</strong> {expected_answer(question)}</p>'
        f"<p><strong>Erreurs fréquentes et ce que l’apprenant lit\u00a0:</strong></p>"
        f'<ul class="piu-corrige-erreurs">{"".join(_wrong_answers(question))}</ul>'
        f'<div class="piu-corrige-explication"><strong>Explication.</strong> '
        f"{markdown_block(question.explication)}</div>"
        f'<p class="piu-source"><strong>Source\u00a0:</strong> {markdown_inline(question.source)}</p>'
        "</section>"
    )


def answer_key_html(bank: Banque, module: int) -> str:
    """Every question of ``module``, in bank order, as one block of trainer HTML."""
    questions = bank.du_module(module)
    body = "".join(question_key_html(q, i) for i, q in enumerate(questions, start=1))
    return (f'<div class="piu-corrige" data-module="{module}">'
            f"<p>{len(questions)} questions, dans l'ordre de la banque (fichier "
            f"<code>{html.escape(questions[0].fichier) if questions else ''}</code>).</p>{body}</div>")


def all_keys_html(bank: Banque, titles: dict[int, str] | None = None) -> str:
    """The keys of every module found in the bank, each under its heading, with a small index.

    Modules come from the bank's files, so a module merged later is covered without editing
    the page.
    """
    titles = titles or {}
    modules = sorted({q.module for q in bank})

    def heading(m: int) -> str:
        title = titles.get(m)
        return f"Module {m}" + (f" — {espaces_insecables(title)}" if title else "")

    index = "".join(f'<li><a href="#corrige-module-{m}">{html.escape(heading(m))}</a> '
                    f"({len(bank.du_module(m))} questions)</li>" for m in modules)
    body = "".join(f'<h2 id="corrige-module-{m}">{html.escape(heading(m))}</h2>{answer_key_html(bank, m)}'
                   for m in modules)
    return f'<nav class="piu-corrige-index"><ul>{index}</ul></nav>{body}'
