"""Questions of the bank as ipywidgets forms, and the ``verifier`` call, for notebooks.

Learner-facing names are French: ``question("m0-dispense")`` shows a form,
``questions_du_module(0)`` all the forms of a module, ``verifier("m0-dispense", 60000)``
checks an answer computed in a cell. Every answer is recorded in the progress file.
In the web book the same questions appear as static quizzes: the object displayed also
carries the HTML block of :mod:`piu.core.questions.web_payload`, which the book shows instead of the widget.
"""

from __future__ import annotations

import html
import re
from typing import Any

import ipywidgets as w

from piu.core.errors import PiuError, ReponseIllisible
from piu.core.learner import progress, storage
from piu.core.questions.bank import Question, charger_banque
from piu.core.questions.grading import Verdict, corriger
from piu.core.questions.web_payload import TYPE_LABELS, display_order, markdown_block, markdown_inline, render_html

__all__ = ["bouton_ajouter_au_dossier", "question", "questions_du_module", "verifier", "verifier_html"]

_MD_MARKS = re.compile(r"[*_`]")


def _plain(text: str) -> str:
    """Widget labels are plain text: drop Markdown marks."""
    return _MD_MARKS.sub("", text)


def _record(verdict: Verdict, module: int) -> str:
    """Save the answer; return a warning to show if saving failed (the verdict still counts)."""
    try:
        progress.enregistrer(verdict.question_id, module, verdict.juste)
    except PiuError as exc:
        return str(exc)
    return ""


def verifier(question_id: str, reponse: Any) -> None:
    """Check ``reponse`` to question ``question_id`` and print the feedback.

    Never raises for a bad answer or an unknown question: it prints what to do instead.
    """
    try:
        q = charger_banque()[question_id]
        verdict = corriger(q, reponse)
    except PiuError as exc:
        print(f"⚠ {exc}")
        return
    warning = _record(verdict, q.module)
    print(verdict.texte())
    if warning:
        print(f"⚠ {warning}")


class _Form:
    """The widget form of one question: inputs, a « Vérifier » button, a feedback area."""

    def __init__(self, q: Question) -> None:
        self.q = q
        self.feedback = w.HTML()
        button = w.Button(description="Vérifier", button_style="primary",
                          tooltip="Vérifier ma réponse")
        button.on_click(lambda _: self.check())
        title = f"Question · {TYPE_LABELS[q.type]}" + (f" — {q.titre}" if q.titre else "")
        self.inputs = self._inputs()
        self.box = w.VBox([w.HTML(f"<strong>{html.escape(title)}</strong>"),
                           w.HTML(markdown_block(q.enonce)), self.inputs, button, self.feedback],
                          layout=w.Layout(border="1px solid #9aa5b1", padding="0.5em",
                                          margin="0.8em 0"))

    def _inputs(self) -> w.Widget:
        q = self.q
        if q.type == "choix-unique":
            self.value = w.RadioButtons(options=[(_plain(o.texte), o.id) for o in q.options],
                                        value=None, layout=w.Layout(width="auto"))
            return self.value
        if q.type == "choix-multiple":
            self.boxes = {o.id: w.Checkbox(description=_plain(o.texte), indent=False,
                                           layout=w.Layout(width="auto")) for o in q.options}
            return w.VBox(list(self.boxes.values()))
        if q.type in ("numerique", "texte"):
            self.value = w.Text(placeholder="100 000 ou 100 000,50 €" if q.type == "numerique"
                                else "votre réponse")
            return w.HBox([self.value, w.Label(q.unite)]) if q.unite else self.value
        if q.type == "ordre":
            ranks = [("rang…", "")] + [(str(i), str(i)) for i in range(1, len(q.elements) + 1)]
            self.menus = {e.id: w.Dropdown(options=ranks, value="", layout=w.Layout(width="7em"))
                          for e in display_order(q, q.elements)}
            labels = {e.id: e.texte for e in q.elements}
            return w.VBox([w.HBox([menu, w.Label(_plain(labels[eid]))])
                           for eid, menu in self.menus.items()])
        targets = [("choisir…", "")] + [(_plain(t.texte), t.id) for t in q.cibles]
        self.menus = {e.id: w.Dropdown(options=targets, value="", layout=w.Layout(width="auto"))
                      for e in q.elements}
        return w.VBox([w.HBox([w.Label(_plain(e.texte) + " →"), self.menus[e.id]])
                       for e in q.elements])

    def answer(self) -> Any:
        """The answer as :func:`piu.core.questions.grading.corriger` reads it, or raise ReponseIllisible."""
        q = self.q
        if q.type == "choix-unique":
            if self.value.value is None:
                raise ReponseIllisible("Choisissez une réponse.")
            return self.value.value
        if q.type == "choix-multiple":
            chosen = [oid for oid, box in self.boxes.items() if box.value]
            if not chosen:
                raise ReponseIllisible("Cochez au moins une réponse.")
            return chosen
        if q.type in ("numerique", "texte"):
            return self.value.value
        if any(not m.value for m in self.menus.values()):
            raise ReponseIllisible("Donnez un rang à chaque élément." if q.type == "ordre"
                                   else "Associez chaque élément.")
        if q.type == "ordre":
            ranks = {eid: int(m.value) for eid, m in self.menus.items()}
            if len(set(ranks.values())) != len(ranks):
                raise ReponseIllisible("Chaque rang ne peut servir qu'une fois.")
            return sorted(ranks, key=ranks.get)
        return {eid: m.value for eid, m in self.menus.items()}

    def check(self) -> Verdict | None:
        """Judge the form's answer, record it, and show the feedback."""
        try:
            verdict = corriger(self.q, self.answer())
        except ReponseIllisible as exc:
            self.feedback.value = f'<p style="color:#8a4b00">⚠ {html.escape(str(exc))}</p>'
            return None
        self.feedback.value = _feedback_html(verdict, _record(verdict, self.q.module))
        return verdict


def _feedback_html(verdict: Verdict, warning: str = "") -> str:
    """The feedback block of a form: verdict, explanation and source once right, save warning."""
    color, head = ("#17692f", "✔ Juste") if verdict.juste else ("#a61b1b", "✘ Pas encore")
    body = f'<p style="color:{color}"><strong>{head}</strong> — {markdown_inline(verdict.retour)}</p>'
    if verdict.juste:
        body += markdown_block(verdict.explication)
        body += f"<p><strong>Source :</strong> {markdown_inline(verdict.source)}</p>"
    if warning:
        body += f'<p style="color:#8a4b00">⚠ {html.escape(warning)}</p>'
    return body


def verifier_html(question_id: str, reponse: Any) -> str:
    """Like :func:`verifier`, for a module's own form: record the answer, return the feedback HTML.

    A module's form (a SCIC to correct, a plan to try) computes the answer itself and shows
    the verdict in its own output area, with the same wording and the same progress record
    as a bank form.
    """
    try:
        q = charger_banque()[question_id]
        verdict = corriger(q, reponse)
    except PiuError as exc:
        return f'<p style="color:#8a4b00">⚠ {html.escape(str(exc))}</p>'
    return _feedback_html(verdict, _record(verdict, q.module))


class QuestionInteractive:
    """What a notebook cell displays: the widget in Jupyter, the static quiz in the web book."""

    def __init__(self, q: Question) -> None:
        self.q = q
        self.form = _Form(q)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.form.box._repr_mimebundle_(**kwargs) or {})
        bundle["text/html"] = render_html(self.q)
        bundle["text/plain"] = f"Question {self.q.id} : {_plain(self.q.enonce)}"
        return bundle


class _Group:
    """Several questions displayed one after the other."""

    def __init__(self, items: list[QuestionInteractive]) -> None:
        self.items = items

    def _ipython_display_(self) -> None:
        from IPython.display import display

        for item in self.items:
            display(item)


def question(question_id: str) -> QuestionInteractive | None:
    """Show the question ``question_id`` as a form to answer."""
    try:
        return QuestionInteractive(charger_banque()[question_id])
    except PiuError as exc:
        print(f"⚠ {exc}")
        return None


def questions_du_module(module: int) -> _Group | None:
    """Show every question of ``module``, in bank order."""
    try:
        found = charger_banque().du_module(module)
    except PiuError as exc:
        print(f"⚠ {exc}")
        return None
    if not found:
        print(f"⚠ Aucune question pour le module {module}.")
        return None
    return _Group([QuestionInteractive(q) for q in found])


def bouton_ajouter_au_dossier(section: str, obtenir_donnees: Any, outil: str | None = None,
                              fichier: Any = None) -> w.VBox:
    """A « Ajouter au dossier » button for a tool's form, with its message area.

    ``obtenir_donnees()`` returns the section's data from the form's current result (a plain
    dict, see the module that renders the dossier); it may raise :class:`PiuError` when the
    form holds no valid result yet. The section is merged into the dossier as it is now, whatever
    another tab or tool added since (:mod:`piu.core.learner.dossier`), and « ajoutée » is shown only
    once it is stored (in the browser, when the page confirms); a dossier that cannot be read is
    left untouched and the message says why.
    """
    from piu.core.learner import dossier

    message = w.HTML()
    button = w.Button(description="Ajouter au dossier", icon="folder-open",
                      tooltip=f"Enregistrer ce résultat dans la section « {section} » de mon dossier de projet")

    def stored(document: dict[str, Any] | None, erreur: str) -> None:
        if document is None:
            message.value = (f'<p style="color:#a61b1b">⚠ La section «\u00a0{html.escape(section)}\u00a0» n’a pas été '
                             f"enregistrée ({html.escape(erreur)}).</p>")
            return
        where = ("dans ce navigateur" if storage.in_browser() and fichier is None
                 else f"({html.escape(str(fichier or dossier.chemin_par_defaut()))})")
        message.value = (f'<p style="color:#17692f">✔ Section « {html.escape(section)} » ajoutée au dossier '
                         f"{where}.</p>")

    def add(_: object = None) -> bool:
        """Send the section; the message says « ajoutée » only once it is really stored."""
        message.value = '<p style="color:#4a5560">Enregistrement dans le dossier…</p>'
        try:
            donnees = obtenir_donnees()
            dossier.ajouter_section(section, outil or section, donnees, fichier=fichier, quand_enregistre=stored)
        except PiuError as exc:
            message.value = f'<p style="color:#a61b1b">⚠ {html.escape(str(exc))}</p>'
            return False
        except Exception as exc:  # a learner's form must never show a traceback
            message.value = (f'<p style="color:#a61b1b">⚠ Résultat impossible à enregistrer '
                             f"({html.escape(type(exc).__name__)}) ; vérifiez le formulaire puis réessayez.</p>")
            return False
        return True

    button.on_click(add)
    box = w.VBox([button, message])
    box.ajouter = add  # type: ignore[attr-defined]  # tests and notebooks call it directly
    return box
