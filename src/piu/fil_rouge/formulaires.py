"""The dossier's form: what is filled, what is missing, reopen a saved copy, export the note.

Works the same in Jupyter and in JupyterLite: the note and the dossier download through data-URL
links (:func:`piu.core.learner.dossier.lien_telechargement`), and a copy downloaded earlier is reopened
with a file-upload button; a copy that does not validate is refused with the field named, and the
dossier in use is left as it was.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import ipywidgets as w

from piu.core.errors import PiuError
from piu.core.learner import dossier
from piu.fil_rouge.note import note_docx, note_html
from piu.fil_rouge.sections import etat_dossier, outil_avec_article, sections_remplies

__all__ = ["FormulaireDossier", "dossier_de_projet", "etat_html"]

_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_BOX = w.Layout(border="1px solid #9aa5b1", padding="0.6em", margin="0.8em 0")


def _e(text: str) -> str:
    return html.escape(str(text), quote=False)


def etat_html(document: dict[str, Any]) -> str:
    """The dossier's sections, filled (✔, with the date) or missing (✘, with the tool to use)."""
    rows = []
    for e in etat_dossier(document):
        if e.rempli:
            rows.append(f'<li><span style="color:#17692f">✔</span> {_e(e.section.titre)} '
                        f"<small>(rempli le {e.date[8:10]}/{e.date[5:7]}/{e.date[:4]})</small></li>")
        else:
            rows.append(f'<li><span style="color:#a61b1b">✘</span> {_e(e.section.titre)}\u00a0: à compléter avec '
                        f"{_e(outil_avec_article(e.section.outil))}</li>")
    name = document.get("projet", {}).get("nom") or "projet sans nom"
    done = sections_remplies(sum(e.rempli for e in etat_dossier(document)))
    return (f"<p><strong>Dossier «\u00a0{_e(name)}\u00a0»</strong>\u00a0: {done} sur "
            f"{len(etat_dossier(document))}.</p><ul style=\"list-style:none;padding-left:0.5em\">"
            + "".join(rows) + "</ul>")


class FormulaireDossier:
    """The learner's dossier: state, « Exporter » (Word, HTML, the dossier itself), « Rouvrir »."""

    def __init__(self, fichier: str | Path | None = None) -> None:
        self.fichier = Path(fichier) if fichier else None
        self.state = w.HTML()
        self.links = w.HTML()
        self.message = w.HTML()
        refresh = w.Button(description="Actualiser", icon="refresh", tooltip="Relire le dossier")
        refresh.on_click(lambda _: self.actualiser())
        export = w.Button(description="Exporter la note", button_style="primary", icon="download",
                          tooltip="Préparer la note d’opportunité en Word et en page HTML")
        export.on_click(lambda _: self.exporter())
        self.upload = w.FileUpload(accept=".json", multiple=False, description="Rouvrir un dossier")
        self.upload.observe(lambda change: self.rouvrir(change["new"]), names="value")
        # The project's own name and collectivité: the note's title, instead of « Projet sans nom ».
        self.champs = {key: w.Text(description=dossier.CHAMPS_PROJET[key], placeholder=exemple,
                                   style={"description_width": "initial"}, layout=w.Layout(width="100%"))
                       for key, exemple in (
                           ("nom", "par exemple «\u00a0Navettes autonomes du centre-ville\u00a0»"),
                           ("collectivite", "par exemple «\u00a0Communauté de communes du Val\u00a0»"))}
        name = w.Button(description="Enregistrer le nom", icon="check",
                        tooltip="Donner ce nom au projet dans le dossier et dans la note")
        name.on_click(lambda _: self.nommer())
        self.box = w.VBox([w.HTML("<strong>Mon dossier de projet</strong>"), *self.champs.values(), name,
                           self.state, w.HBox([refresh, export, self.upload]), self.message, self.links],
                          layout=_BOX)
        self.actualiser()

    def document(self) -> dict[str, Any]:
        return dossier.lire(self.fichier)

    def actualiser(self) -> bool:
        try:
            document = self.document()
            self.state.value = etat_html(document)
        except PiuError as exc:
            self.state.value = f'<p style="color:#a61b1b">⚠ {_e(exc)} Le fichier est conservé tel quel.</p>'
            return False
        for key, field in self.champs.items():
            field.value = str(document.get("projet", {}).get(key, ""))
        return True

    def nommer(self) -> bool:
        """Save the project's name and collectivité into the dossier as it is now (its sections kept)."""
        def stored(document: dict[str, Any] | None, erreur: str) -> None:
            if document is None:
                self.message.value = f'<p style="color:#a61b1b">⚠ Nom non enregistré ({_e(erreur)}).</p>'
                return
            name = document.get("projet", {}).get("nom")
            self.message.value = (f'<p style="color:#17692f">✔ Projet «\u00a0{_e(name)}\u00a0» enregistré.</p>'
                                  if name else '<p style="color:#17692f">✔ Nom retiré\u00a0: la note dira '
                                  '«\u00a0Projet sans nom\u00a0».</p>')
            self.actualiser()

        try:
            dossier.nommer_projet({key: field.value for key, field in self.champs.items()}, self.fichier,
                                  quand_enregistre=stored)
        except PiuError as exc:
            self.message.value = f'<p style="color:#a61b1b">⚠ {_e(exc)} Votre dossier n’a pas changé.</p>'
            return False
        return True

    def exporter(self) -> bool:
        """Build the note in both formats and show download links (also the dossier itself)."""
        try:
            document = self.document()
            links = [dossier.lien_telechargement(note_html(document), "note-opportunite.html", "text/html",
                                                 "Note d’opportunité (page HTML à imprimer)")]
            try:
                links.insert(0, dossier.lien_telechargement(note_docx(document), "note-opportunite.docx", _DOCX,
                                                            "Note d’opportunité (Word, modifiable)"))
            except PiuError as exc:  # a note the Word writer refuses: the HTML page still works
                self.message.value = f'<p style="color:#8a4b00">⚠ {_e(exc)}</p>'
            links.append(dossier.lien_telechargement(dossier.vers_texte(document), "dossier-piu.json",
                                                     "application/json", "Mon dossier (pour le rouvrir plus tard)"))
        except PiuError as exc:
            self.message.value = f'<p style="color:#a61b1b">⚠ {_e(exc)}</p>'
            return False
        self.links.value = "<p>" + "<br>".join(links) + "</p>"
        return True

    def rouvrir(self, fichiers: Any) -> bool:
        """Take an uploaded dossier as the current one, once it validates (the old one is kept otherwise)."""
        items = list(fichiers.values()) if isinstance(fichiers, dict) else list(fichiers or [])
        if not items:
            return False
        item = items[0]
        content = bytes(item["content"]) if isinstance(item, dict) else bytes(item.content)
        name = item.get("name", "fichier") if isinstance(item, dict) else getattr(item, "name", "fichier")
        def stored(document: dict[str, Any] | None, erreur: str) -> None:
            if document is None:  # the page could not store it: said, never « rouvert »
                self.message.value = f'<p style="color:#a61b1b">⚠ Dossier non rouvert ({_e(erreur)}).</p>'
                return
            self.message.value = f'<p style="color:#17692f">✔ Dossier «\u00a0{_e(name)}\u00a0» rouvert.</p>'
            self.actualiser()

        try:
            document = dossier.lire_texte(content, str(name))
            dossier.enregistrer(document, self.fichier, quand_enregistre=stored)
        except PiuError as exc:
            self.message.value = f'<p style="color:#a61b1b">⚠ {_e(exc)} Votre dossier actuel n’a pas changé.</p>'
            return False
        return True

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.box._repr_mimebundle_(**kwargs) or {})
        bundle["text/html"] = self.state.value
        bundle["text/plain"] = "Mon dossier de projet (formulaire)"
        return bundle


def dossier_de_projet(fichier: str | Path | None = None) -> FormulaireDossier:
    """Show the learner's dossier (default: PIU_DOSSIER or ~/.piu/dossier.json), to export or reopen."""
    return FormulaireDossier(fichier)
