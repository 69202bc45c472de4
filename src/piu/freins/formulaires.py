"""Notebook forms of module 1: the « carte des freins », the group merge, the need as a use.

Each form is an object that Jupyter shows as a live ipywidgets form and the static book shows
as the HTML of its current (default) result, like the module 5 forms. They hold no rule: the
engines (:mod:`~piu.freins.carte`, :mod:`~piu.freins.fusion`, :mod:`~piu.freins.besoin`) do the
work; a form gathers what was typed, shows the answer, and saves it.

Saving writes a ``.json`` file beside the notebook (in JupyterLite, in the browser's own
storage) and also offers a « Télécharger » link, which works wherever the notebook runs.
Everything a learner typed is escaped before it is shown.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import ipywidgets as w

from piu.core.errors import PiuError
from piu.core.french_numbers import format_nombre
from piu.core.learner import dossier, storage
from piu.core.learner.widgets import bouton_ajouter_au_dossier
from piu.core.typography import espaces_insecables
from piu.freins.besoin import CHAMPS, BesoinRedige, rediger_besoin
from piu.freins.carte import NOTES, carte_des_freins, donnees_freins, lire_note
from piu.freins.catalogue import GROUPES, catalogue, titre_module
from piu.freins.fichier import enregistrer_resultat, texte_resultat
from piu.freins.fusion import OUTIL, OUTIL_GROUPE, fusionner_fichiers

__all__ = ["besoin_formulaire", "carte_des_freins_formulaire", "fusion_formulaire"]

_BOX = w.Layout(border="1px solid #9aa5b1", padding="0.5em", margin="0.8em 0")
_CHOIX_NOTE = [("non concerné", 0), *[(f"{n} {word}", n) for n, word in NOTES.items()]]
_NOTE_COLORS = {3: "#a61b1b", 2: "#8a4b00", 1: "#555555"}


def _esc(text: object) -> str:
    """Escaped, with French no-break spaces (before « : », inside « », in amounts)."""
    return html.escape(espaces_insecables(str(text)), quote=True)


def _error(message: str) -> str:
    return f'<p style="color:#a61b1b">⚠ {_esc(message)}</p>'.replace("\n", "<br>")


def lien_telechargement(nom: str, texte: str) -> str:
    """An HTML link that downloads ``texte`` as file ``nom`` (the framework's data-URL link)."""
    return dossier.lien_telechargement(texte, nom)


def _where(module: int | None, regle: str) -> str:
    parts = [titre_module(module)] if module is not None else []
    if regle:
        parts.append(regle)
    return f" <small>({_esc(' ; '.join(parts))})</small>" if parts else ""


def actions_html(section: Mapping[str, Any]) -> str:
    """The ordered action list of one project's map, as HTML."""
    if not section["actions"]:
        return "<p>Aucun frein noté\u00a0: choisissez une note pour les freins de votre projet.</p>"
    items = "".join(
        f'<li><strong style="color:{_NOTE_COLORS[a["note"]]}">[{_esc(NOTES[a["note"]])}]</strong> '
        f'{_esc(a["frein"])}<br>→ {_esc(a["action"])}{_where(a["module"], a["regle"])}</li>'
        for a in section["actions"])
    projet = section.get("projet") or "projet sans nom"
    return (f'<div class="piu-carte-freins"><p><strong>Carte des freins — {_esc(projet)}</strong></p>'
            f"<p>Actions, dans l’ordre (ce qui bloque d’abord)\u00a0:</p><ol>{items}</ol></div>")


def groupe_html(carte: Mapping[str, Any]) -> str:
    """The group map as HTML: files set aside, then the levers to discuss in order."""
    ignored = "".join(f"<li>{_esc(i['raison'])}</li>" for i in carte["ignores"])
    head = (f"<p><strong>Fichiers écartés ({len(carte['ignores'])})</strong>\u00a0:</p><ul>{ignored}</ul>"
            if ignored else "")
    n = carte["participants"]
    rows = "".join(
        f"<tr><td>{a['rang']}</td><td>{_esc(a['frein'])}</td><td>{a['participants']} / {n}</td>"
        f"<td>{format_nombre(a['note_moyenne'], 1)}</td><td>{_esc(a['action'])}"
        f"{_where(a['module'], a['regle'])}</td></tr>" for a in carte["actions"])
    return (f'<div class="piu-carte-groupe">{head}<p><strong>Carte du groupe\u00a0: {n} '
            f"participant{'s' if n > 1 else ''}</strong></p>"
            '<table class="table"><thead><tr><th>Rang</th><th>Frein</th><th>Participants</th>'
            f"<th>Note moyenne</th><th>Levier</th></tr></thead><tbody>{rows}</tbody></table></div>")


class _Enregistrement:
    """File name, « Enregistrer » button and download link, shared by the three forms."""

    def __init__(self, nom: str, outil: str) -> None:
        self.outil = outil
        self.nom = w.Text(value=nom, description="Fichier", style={"description_width": "5em"})
        self.bouton = w.Button(description="Enregistrer", tooltip="Enregistrer le résultat (.json)")
        self.message = w.HTML()
        self.box = w.VBox([w.HBox([self.nom, self.bouton]), self.message])

    def enregistrer(self, donnees: dict[str, Any] | None) -> Path | None:
        if donnees is None:
            self.message.value = _error("Rien à enregistrer\u00a0: corrigez d’abord le formulaire.")
            return None
        try:
            path = enregistrer_resultat(self.nom.value.strip(), self.outil, donnees)
        except PiuError as exc:
            self.message.value = _error(str(exc))
            return None
        link = lien_telechargement(path.name, texte_resultat(self.outil, donnees))
        if storage.in_browser():  # Pyodide's files vanish with the page: the download is the copy
            self.message.value = (f"<p>✔ Prêt. {link}\u00a0: dans le navigateur, seul le fichier "
                                  f"téléchargé reste (gardez-le ou remettez-le au formateur).</p>")
        else:
            self.message.value = (f"<p>✔ Enregistré dans {_esc(path)}. {link} (pour le garder "
                                  f"ou le remettre au formateur).</p>")
        return path


class CarteDesFreins:
    """Rate the workshop's barriers, add your own, see the chart and the ordered actions."""

    def __init__(self, projet: str, notes: Mapping[str, object], propres: Iterable[Mapping[str, Any]]) -> None:
        self.freins = catalogue()
        self.projet = w.Text(value=projet, description="Projet", placeholder="nom du projet",
                             style={"description_width": "5em"}, layout=w.Layout(width="60%"))
        self.notes: dict[str, w.Dropdown] = {}
        sections = []
        for groupe in GROUPES:
            rows = []
            for f in (x for x in self.freins if x.groupe == groupe):
                value = lire_note(notes.get(f.id)) or 0  # « bloque » as well as 3
                self.notes[f.id] = w.Dropdown(options=_CHOIX_NOTE, value=value,
                                              layout=w.Layout(width="10em"))
                rows.append(w.HBox([self.notes[f.id], w.HTML(_esc(f.libelle))]))
            sections.append(w.VBox(rows))
        self.groupes = w.Accordion(children=sections, titles=tuple(GROUPES.values()))
        self.propres: list[dict[str, Any]] = [dict(p) for p in propres]
        self.libelle = w.Text(placeholder="un frein propre à votre projet", layout=w.Layout(width="50%"))
        self.groupe = w.Dropdown(options=[(v, k) for k, v in GROUPES.items()], layout=w.Layout(width="16em"))
        self.note = w.Dropdown(options=_CHOIX_NOTE[1:], value=2, layout=w.Layout(width="8em"))
        add = w.Button(description="Ajouter", tooltip="Ajouter ce frein à la carte")
        add.on_click(lambda _: self.ajouter())
        remove = w.Button(description="Retirer le dernier", tooltip="Retirer le dernier frein ajouté")
        remove.on_click(lambda _: self.retirer())
        self.liste_propres = w.HTML()
        show = w.Button(description="Voir ma carte", button_style="primary",
                        tooltip="Afficher le graphique et les actions")
        show.on_click(lambda _: self.update())
        self.result = w.HTML()
        self.chart = w.Output()
        self.save = _Enregistrement("mes-freins.json", OUTIL)
        self.save.bouton.on_click(lambda _: self.save.enregistrer(self.section()))
        self.bouton_dossier = bouton_ajouter_au_dossier("freins", self.donnees_dossier, "carte des freins")
        self.box = w.VBox([
            w.HTML("<strong>Carte des freins</strong> — notez chaque frein de votre projet\u00a0: "
                   "1 gêne, 2 freine, 3 bloque."), self.projet, self.groupes,
            w.HTML("<strong>Vos propres freins</strong>"), w.HBox([self.libelle, self.groupe, self.note]),
            w.HBox([add, remove]), self.liste_propres, show, self.result, self.chart,
            self.save.box, self.bouton_dossier], layout=_BOX)
        self._show_own()
        self.update(chart=False)

    def _show_own(self, error: str = "") -> None:
        items = "".join(f"<li>{_esc(p['libelle'])} — {_esc(GROUPES.get(p['groupe'], p['groupe']))}, "
                        f"note {_esc(p['note'])}</li>" for p in self.propres)
        self.liste_propres.value = (_error(error) if error else "") + (f"<ul>{items}</ul>" if items else "")

    def ajouter(self) -> None:
        entry = {"libelle": self.libelle.value, "groupe": self.groupe.value, "note": self.note.value}
        try:
            carte_des_freins("", {}, [entry])  # same checks as the map
        except PiuError as exc:
            self._show_own(str(exc).replace("frein ajouté n° 1", "frein ajouté"))
            return
        self.propres.append(entry)
        self.libelle.value = ""
        self._show_own()

    def retirer(self) -> None:
        if self.propres:
            self.propres.pop()
        self._show_own()

    def section(self) -> dict[str, Any] | None:
        """The ``freins`` section for what the form shows, or ``None`` (error shown)."""
        try:
            return carte_des_freins(self.projet.value, {k: d.value for k, d in self.notes.items()},
                                    self.propres)
        except PiuError as exc:
            self.result.value = _error(str(exc))
            return None

    def donnees_dossier(self) -> dict[str, Any]:
        """The ``freins`` section for the project file; raises :class:`PiuError` (shown by the
        « Ajouter au dossier » button) when the form holds a mistake."""
        projet = self.projet.value.strip() or dossier.nom_du_projet()  # the learner's project, by default
        return donnees_freins(carte_des_freins(projet, {k: d.value for k, d in self.notes.items()}, self.propres))

    def update(self, chart: bool = True) -> dict[str, Any] | None:
        from IPython.display import display

        self.chart.clear_output()
        section = self.section()
        if section is None:
            return None
        self.result.value = actions_html(section)
        if chart and section["freins"]:
            from piu.freins.graphiques import graphique_carte

            with self.chart:
                display(graphique_carte(section))
        return section

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.box._repr_mimebundle_(**kwargs) or {})
        bundle["text/html"] = self.result.value
        bundle["text/plain"] = "Carte des freins (formulaire\u00a0: ouvrez l’outil dans le navigateur pour la remplir)."
        return bundle


def carte_des_freins_formulaire(projet: str = "", notes: Mapping[str, object] | None = None,
                                propres: Iterable[Mapping[str, Any]] = ()) -> CarteDesFreins | None:
    """Show the « carte des freins », pre-filled with ``notes`` (barrier id → 1, 2 or 3).

    With no ``projet``, the form is about the learner's own project: the name given in the
    project file (« Nom du projet »), if any.
    """
    projet = projet or dossier.nom_du_projet()
    try:
        carte_des_freins(projet, notes or {}, propres)  # reject a bad pre-filling with its message
        return CarteDesFreins(projet, notes or {}, propres)
    except PiuError as exc:
        print(f"⚠ {exc}")
        return None


class FusionDesFreins:
    """The trainer's form: upload (or name) the participants' files, merge, save the group map."""

    def __init__(self, chemins: Iterable[str | Path]) -> None:
        self.upload = w.FileUpload(accept=".json", multiple=True, description="Choisir les fichiers")
        self.chemins = w.Textarea(value="\n".join(str(c) for c in chemins),
                                  placeholder="ou un chemin de fichier par ligne",
                                  layout=w.Layout(width="100%", height="6em"))
        button = w.Button(description="Fusionner", button_style="primary",
                          tooltip="Fusionner les cartes des participants")
        button.on_click(lambda _: self.update())
        self.result = w.HTML()
        self.chart = w.Output()
        self.carte: dict[str, Any] | None = None
        self.save = _Enregistrement("carte-du-groupe.json", OUTIL_GROUPE)
        self.save.bouton.on_click(lambda _: self.save.enregistrer(self.carte))
        self.box = w.VBox([w.HTML("<strong>Carte des freins du groupe</strong> — choisissez les "
                                  "fichiers des participants, puis cliquez sur «\u00a0Fusionner\u00a0»."),
                           self.upload, self.chemins, button, self.result, self.chart,
                           self.save.box], layout=_BOX)
        self.update(chart=False)

    def sources(self) -> list[str | tuple[str, bytes]]:
        uploaded = [(str(f["name"]), bytes(f["content"])) for f in self.upload.value]
        paths = [line.strip() for line in self.chemins.value.splitlines() if line.strip()]
        return [*uploaded, *paths]

    def update(self, chart: bool = True) -> dict[str, Any] | None:
        from IPython.display import display

        self.chart.clear_output()
        self.carte = None
        sources = self.sources()
        if not sources:
            self.result.value = "<p>Choisissez au moins un fichier de participant.</p>"
            return None
        try:
            self.carte = fusionner_fichiers(sources)
        except PiuError as exc:
            self.result.value = _error(str(exc))
            return None
        self.result.value = groupe_html(self.carte)
        if chart:
            from piu.freins.graphiques import graphique_groupe

            with self.chart:
                display(graphique_groupe(self.carte))
        return self.carte

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.box._repr_mimebundle_(**kwargs) or {})
        bundle["text/html"] = self.result.value
        bundle["text/plain"] = "Fusion des cartes des freins (formulaire\u00a0: ouvrez l’outil dans le navigateur)."
        return bundle


def fusion_formulaire(*chemins: str | Path) -> FusionDesFreins:
    """Show the merge form, pre-filled with ``chemins`` (one file per participant)."""
    return FusionDesFreins(chemins)


class BesoinEnUsage:
    """Write the need as a use, users, expected result and measure; get advice; save it."""

    def __init__(self, valeurs: Mapping[str, str]) -> None:
        self.champs = {key: w.Textarea(value=valeurs.get(key, ""), placeholder=label,
                                       layout=w.Layout(width="100%", height="4em"))
                       for key, label in CHAMPS.items()}
        button = w.Button(description="Vérifier ma rédaction", button_style="primary",
                          tooltip="Relire le besoin\u00a0: usage, résultat, mesure")
        button.on_click(lambda _: self.update())
        self.result = w.HTML()
        self.save = _Enregistrement("mon-besoin.json", "besoin")
        self.save.bouton.on_click(lambda _: self.save.enregistrer(self._section()))
        self.bouton_dossier = bouton_ajouter_au_dossier("besoin", self.donnees_dossier,
                                                        "«\u00a0Écrire le besoin comme un usage\u00a0»")
        rows = [w.VBox([w.HTML(f"<strong>{_esc(label[0].upper() + label[1:])}</strong>"), self.champs[k]])
                for k, label in CHAMPS.items()]
        self.box = w.VBox([w.HTML("<strong>Le besoin écrit comme un usage</strong>"), *rows, button,
                           self.result, self.save.box, self.bouton_dossier], layout=_BOX)
        self.update()

    def donnees_dossier(self) -> dict[str, str]:
        """The ``besoin`` section for the project file; raises :class:`PiuError` when a
        required field is empty or too long (the button shows the message)."""
        return rediger_besoin(**{k: t.value for k, t in self.champs.items()}).section

    def _section(self) -> dict[str, str] | None:
        redige = self.update()
        return redige.section if redige else None

    def update(self) -> BesoinRedige | None:
        try:
            redige = rediger_besoin(**{k: t.value for k, t in self.champs.items()})
        except PiuError as exc:
            self.result.value = _error(str(exc))
            return None
        advice = "".join(f"<li>{_esc(c)}</li>" for c in redige.conseils)
        verdict = (f"<p><strong>À revoir\u00a0:</strong></p><ul>{advice}</ul>" if advice else
                   "<p>✔ Le besoin décrit un usage et un résultat mesurable, sans imposer de solution.</p>")
        recap = "".join(f"<li><strong>{_esc(CHAMPS[k].split(' :')[0].split(' (')[0])}</strong>\u00a0: "
                        f"{_esc(v)}</li>" for k, v in redige.section.items() if v)
        self.result.value = f'<div class="piu-besoin">{verdict}<ul>{recap}</ul></div>'
        return redige

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.box._repr_mimebundle_(**kwargs) or {})
        bundle["text/html"] = self.result.value
        bundle["text/plain"] = "Le besoin écrit comme un usage (formulaire\u00a0: ouvrez l’outil dans le navigateur)."
        return bundle


def besoin_formulaire(**valeurs: str) -> BesoinEnUsage | None:
    """Show the need form, pre-filled with ``valeurs`` (keys: those of the ``besoin`` section)."""
    unknown = sorted(set(valeurs) - set(CHAMPS))
    if unknown:
        label = "Champs inconnus" if len(unknown) > 1 else "Champ inconnu"
        print(f"⚠ {label}\u00a0: {', '.join(unknown)}\u202f; champs possibles\u00a0: {', '.join(CHAMPS)}.")
        return None
    return BesoinEnUsage(valeurs)
