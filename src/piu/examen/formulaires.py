"""The evaluation in Jupyter: one form per item, no feedback, and the hand-in.

``evaluation()`` shows the form; ``remettre(formulaire, "Nom Prénom")`` writes the copy file
(atomically) and leaves the same copy as this cell's output, so that the saved notebook is a
copy too. Nothing here can check an answer: the subject holds no key.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import ipywidgets as w

from piu.core.errors import PiuError
from piu.core.files import ecrire_atomique, genre_json, raison
from piu.core.learner import dossier
from piu.core.questions.web_payload import TYPE_LABELS
from piu.core.trainer.copies import COPY_FORMAT, COPY_MIME, json_copie, nouvelle_copie
from piu.core.trainer.gradebook import md_block, nom_de_fichier
from piu.examen.plan import EVALUATION, sujet_evaluation

__all__ = ["FormulaireEvaluation", "evaluation", "remettre"]


def _plain(text: str) -> str:
    return text.replace("**", "").replace("`", "")


class FormulaireEvaluation:
    """The widgets of every item; :meth:`reponses` reads them as the grading expects."""

    def __init__(self, subject: dict[str, Any]) -> None:
        self.subject = subject
        self.fields: dict[str, tuple[str, Any]] = {}
        self.nom = w.Text(description="Nom et prénom", style={"description_width": "initial"})
        boxes: list[w.Widget] = [self.nom]
        for n, item in enumerate(subject["questions"], start=1):
            head = f"Question {n} · {TYPE_LABELS[item['type']]}" + (f" — {item['titre']}" if item.get("titre") else "")
            boxes.append(w.VBox([w.HTML(f"<strong>{html.escape(head)}</strong>"),
                                 w.HTML(md_block(item["enonce"])), self._input(item)],
                                layout=w.Layout(border="1px solid #9aa5b1", padding="0.5em", margin="0.6em 0")))
        for item in subject.get("ouvertes", []):
            area = w.Textarea(layout=w.Layout(width="100%", height="12em"))
            self.fields[item["id"]] = ("ouverte", area)
            rubric = "".join(f"<li>{html.escape(c['critere'])}\u00a0: {html.escape(c['attendu'])}</li>"
                             for c in item["grille"])
            boxes.append(w.VBox([w.HTML("<strong>Réponse argumentée (corrigée par le formateur)</strong>"),
                                 w.HTML(md_block(item["enonce"])), w.HTML(f"<ul>{rubric}</ul>"), area]))
        self.etat = w.HTML()
        button = w.Button(description="Remettre ma copie", button_style="primary")
        button.on_click(lambda _: self._hand_in())
        self.box = w.VBox([*boxes, button, self.etat])

    def _input(self, item: dict[str, Any]) -> w.Widget:
        kind = item["type"]
        if kind == "choix-unique":
            widget = w.RadioButtons(options=[(_plain(o["texte"]), o["id"]) for o in item["options"]],
                                    value=None, layout=w.Layout(width="auto"))
            self.fields[item["id"]] = (kind, widget)
            return widget
        if kind == "choix-multiple":
            boxes = {o["id"]: w.Checkbox(description=_plain(o["texte"]), indent=False,
                                         layout=w.Layout(width="auto")) for o in item["options"]}
            self.fields[item["id"]] = (kind, boxes)
            return w.VBox(list(boxes.values()))
        if kind in ("numerique", "texte"):
            widget = w.Text(placeholder="votre réponse")
            self.fields[item["id"]] = (kind, widget)
            return w.HBox([widget, w.Label(item.get("unite", ""))])
        if kind == "ordre":
            ranks = [("rang…", "")] + [(str(i), str(i)) for i in range(1, len(item["elements"]) + 1)]
            menus = {e["id"]: w.Dropdown(options=ranks, value="", layout=w.Layout(width="7em"))
                     for e in item["elements"]}
            self.fields[item["id"]] = (kind, menus)
            return w.VBox([w.HBox([menus[e["id"]], w.Label(_plain(e["texte"]))]) for e in item["elements"]])
        targets = [("choisir…", "")] + [(_plain(t["texte"]), t["id"]) for t in item["cibles"]]
        menus = {e["id"]: w.Dropdown(options=targets, value="") for e in item["elements"]}
        self.fields[item["id"]] = (kind, menus)
        return w.VBox([w.HBox([w.Label(_plain(e["texte"]) + " →"), menus[e["id"]]]) for e in item["elements"]])

    def reponses(self) -> dict[str, Any]:
        """Answers given so far, by item; unanswered items are left out."""
        out: dict[str, Any] = {}
        for qid, (kind, widget) in self.fields.items():
            if kind in ("choix-unique", "numerique", "texte", "ouverte"):
                value = widget.value
                if value not in (None, "") and str(value).strip():
                    out[qid] = value
            elif kind == "choix-multiple":
                chosen = [oid for oid, box in widget.items() if box.value]
                if chosen:
                    out[qid] = chosen
            elif all(m.value for m in widget.values()):
                given = {eid: m.value for eid, m in widget.items()}
                out[qid] = sorted(given, key=lambda e: int(given[e])) if kind == "ordre" else given
        return out

    def _hand_in(self) -> None:
        if not " ".join(str(self.nom.value or "").split()):
            self.etat.value = f'<p style="color:#8a4b00">⚠ {html.escape(SANS_NOM)}</p>'
            return
        try:
            path, copie = _write(self, self.nom.value)
        except PiuError as exc:
            self.etat.value = f'<p style="color:#8a4b00">⚠ {html.escape(str(exc))}</p>'
            return
        # A button's output lives in the widget, not in the saved notebook: say what puts the
        # copy in the notebook itself (the « Remettre ma copie » cell, then saving).
        self.etat.value = (CopieRemise(path, copie)._repr_mimebundle_()["text/html"]
                           + "<p>Pour que le notebook contienne aussi votre copie, exécutez la cellule "
                             "de la partie «\u00a0Remettre ma copie\u00a0» (elle reprend le nom écrit "
                             "ici), puis enregistrez le notebook. Remettez à votre formateur le fichier "
                             "de la copie ou le notebook enregistré.</p>")

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.box._repr_mimebundle_(**kwargs) or {})
        bundle["text/html"] = ("<p>Le formulaire de l’évaluation s’affiche quand ce notebook est ouvert "
                               "dans Jupyter. Dans le livre, répondez dans la page du module 8.</p>")
        bundle["text/plain"] = f"Formulaire de l’évaluation\u00a0: {len(self.fields)} questions."
        return bundle


#: The reason given when no name is typed, in the form or in the hand-in cell.
SANS_NOM = ("Indiquez votre nom et votre prénom dans le champ «\u00a0Nom et prénom\u00a0» du formulaire "
            "(ou entre les guillemets de la cellule de remise), puis recommencez\u00a0: rien n’a été enregistré.")


#: A copy replaces only a copy (handed in again), never another file of the folder (piu.core.files).
GENRE_COPIE = genre_json(COPY_FORMAT, "une copie d’évaluation")


def _write(form: FormulaireEvaluation, nom: str, dossier: Path | None = None) -> tuple[Path, dict[str, Any]]:
    copie = nouvelle_copie(str(form.subject.get("evaluation") or EVALUATION), nom, form.reponses())
    path = (dossier or Path.cwd()) / f"copie-{nom_de_fichier(copie['apprenant'])}.json"
    try:
        ecrire_atomique(path, json_copie(copie), GENRE_COPIE, option=None)
    except OSError as exc:
        raise PiuError(f"Impossible d’enregistrer la copie dans {path} ({raison(exc)}).") from None
    return path, copie


class CopieRemise:
    """The cell output of the hand-in: readable text, and the copy itself for the trainer."""

    def __init__(self, path: Path, copie: dict[str, Any]) -> None:
        self.path, self.copie = path, copie

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        n = len(self.copie["reponses"])
        text = (f"Copie de {self.copie['apprenant']} remise le {self.copie['remise_le']}\u00a0: "
                f"{n} {'réponses' if n > 1 else 'réponse'}, enregistrée dans {self.path.name}.")
        # A download link too: in JupyterLite the kernel's files may not reach the browser's disk.
        link = dossier.lien_telechargement(json_copie(self.copie), self.path.name, libelle="Télécharger ma copie")
        return {"text/plain": text, "text/html": f"<p>{html.escape(text)} {link}</p>", COPY_MIME: self.copie}


def evaluation(sujet: str | Path | None = None) -> FormulaireEvaluation | None:
    """Show the evaluation's form (from ``sujet.json`` when given, as in the distributed bundle)."""
    try:
        if sujet is not None and Path(sujet).is_file():
            subject = json.loads(Path(sujet).read_text(encoding="utf-8"))
        else:
            subject = sujet_evaluation()
    except (PiuError, ValueError, OSError) as exc:
        print(f"⚠ {exc}")
        return None
    return FormulaireEvaluation(subject)


def remettre(formulaire: FormulaireEvaluation | None, nom: str | None = None,
             dossier: Path | None = None) -> CopieRemise | None:
    """Hand in: write the copy file and leave the copy in this cell's output."""
    if formulaire is None:
        print("⚠ Le formulaire n’est pas affiché\u00a0: exécutez d’abord la cellule de l’évaluation.")
        return None
    # The notebook tells the learner to type the name in the form: an empty name here (the
    # notebook's own cell is ``remettre(formulaire, "")``) takes the form's, never refuses it.
    typed = " ".join(str(nom or "").split()) or " ".join(str(formulaire.nom.value or "").split())
    if not typed:
        print(f"⚠ {SANS_NOM}")
        return None
    try:
        path, copie = _write(formulaire, typed, dossier)
    except PiuError as exc:
        print(f"⚠ {exc}")
        return None
    return CopieRemise(path, copie)
