"""Notebook forms of module 6: the living-lab grid and the experiment-protocol builder.

Each form is an object that Jupyter shows as a live ipywidgets form and the static book shows
as the HTML of its current result, like :class:`piu.core.learner.widgets.QuestionInteractive`. Both
forms are thin: they read the widgets, call the engines, show the answer (escaped) and save it
with :func:`~piu.experimentation.fichier.enregistrer_resultat`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as w

from piu.core.errors import PiuError
from piu.core.french_numbers import format_nombre
from piu.core.learner.widgets import bouton_ajouter_au_dossier
from piu.core.typography import espaces_insecables
from piu.experimentation.fichier import enregistrer_resultat
from piu.experimentation.grille import NIVEAUX, EvaluationLivingLab, criteres, donnees_living_lab, evaluer_living_lab
from piu.experimentation.modification import NATURES_MARCHE, ExamenModification, examiner_modification
from piu.experimentation.protocole import (
    Protocole,
    construire_protocole,
    donnees_experimentation,
    vehicules_experimentation,
)

__all__ = ["constructeur_protocole", "grille_living_lab", "passer_a_l_echelle"]

_BOX = w.Layout(border="1px solid #9aa5b1", padding="0.5em", margin="0.8em 0")
_VERDICT_COLORS = {"solide": "#17692f", "à consolider": "#8a4b00", "fragile": "#a61b1b"}
_LABEL = {"description_width": "14em"}
_INDICATOR_ROWS = 3


def _esc(text: str) -> str:
    return html.escape(espaces_insecables(str(text)), quote=False)


def _error(message: str) -> str:
    return f'<p style="color:#a61b1b">⚠ {_esc(message)}</p>'.replace("\n", "<br>")


def _saved(path: Any) -> str:
    return f'<p style="color:#17692f">✔ Résultat enregistré dans «\u00a0{_esc(str(path))}\u00a0».</p>'


def evaluation_html(result: EvaluationLivingLab) -> str:
    """The grid's answer as HTML: verdict, score, then each weak point with its lever."""
    color = _VERDICT_COLORS.get(result.verdict.libelle, "#333")
    weak = "".join(f"<li>{_esc(p)}</li>" for p in result.points_faibles)
    body = (f"<p><strong>Points faibles, et le levier pour chacun\u00a0:</strong></p><ul>{weak}</ul>"
            if weak else "<p>Aucun point faible.</p>")
    return (f'<div class="piu-living-lab"><p><strong>{_esc(result.nom)}</strong> — '
            f'<strong style="color:{color}">{_esc(result.verdict.libelle)}</strong> '
            f"(score pondéré {_esc(format_nombre(result.score_pct, 0))} %)</p>"
            f"<p>{_esc(result.verdict.explication)}</p>{body}"
            "<p><em>Une aide à la discussion, pas une certification.</em></p></div>")


class GrilleLivingLab:
    """Score each criterion, click « Évaluer », read the weak points; « Enregistrer » saves."""

    def __init__(self, nom: str, scores: Mapping[str, Any]) -> None:
        self.name = w.Text(value=nom, description="Living lab évalué", style=_LABEL,
                           layout=w.Layout(width="36em"))
        options = [("— à noter —", None)] + [(f"{k} — {n}", k) for k, n in NIVEAUX.items()]
        self.menus: dict[str, w.Dropdown] = {}
        rows: list[w.Widget] = []
        group = None
        for c in criteres():
            if c.groupe != group:
                group = c.groupe
                rows.append(w.HTML(f"<strong>{_esc(group)}</strong>"))
            value = scores.get(c.id)
            self.menus[c.id] = w.Dropdown(options=options, value=value if value in NIVEAUX else None,
                                          layout=w.Layout(width="12em"))
            rows.append(w.HBox([w.HTML(f"{_esc(c.libelle)}<br><small>{_esc(c.question)}</small>",
                                       layout=w.Layout(width="40em")), self.menus[c.id]]))
        evaluate = w.Button(description="Évaluer", button_style="primary",
                            tooltip="Calculer le verdict et les points faibles")
        evaluate.on_click(lambda _: self.update())
        self.file = w.Text(value="mon-living-lab.json", description="Fichier",
                           layout=w.Layout(width="24em"))
        save = w.Button(description="Enregistrer", tooltip="Enregistrer le résultat (pour le dossier)")
        save.on_click(lambda _: self.save())
        self.result = w.HTML()
        self.bouton_dossier = bouton_ajouter_au_dossier(
            "living_lab", lambda: donnees_living_lab(evaluer_living_lab(self.name.value, self.scores())),
            "grille d’évaluation du living lab")
        self.box = w.VBox([w.HTML("<strong>Grille d’évaluation d’un living lab</strong> — notez "
                                  "chaque critère de 0 (absent) à 3 (solide)."), self.name, *rows,
                           evaluate, self.result, w.HBox([self.file, save]), self.bouton_dossier],
                          layout=_BOX)
        self.update()

    def scores(self) -> dict[str, Any]:
        return {key: menu.value for key, menu in self.menus.items()}

    def update(self) -> EvaluationLivingLab | None:
        try:
            result = evaluer_living_lab(self.name.value, self.scores())
        except PiuError as exc:
            self.result.value = _error(str(exc))
            return None
        self.result.value = evaluation_html(result)
        return result

    def save(self) -> None:
        result = self.update()
        if result is None:
            return
        try:
            path = enregistrer_resultat(self.file.value.strip(), "piu-living-lab", result.section())
        except PiuError as exc:
            self.result.value += _error(str(exc))
            return
        self.result.value += _saved(path)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.box._repr_mimebundle_(**kwargs) or {})
        bundle["text/html"] = self.result.value
        bundle["text/plain"] = ("Grille d’évaluation d’un living lab "
                                "(formulaire\u00a0: ouvrez l’outil dans le navigateur).")
        return bundle


def grille_living_lab(nom: str = "", scores: Mapping[str, Any] | None = None,
                      **autres: Any) -> GrilleLivingLab:
    """Show the living-lab grid, prefilled with ``nom`` and scores (criterion id → 0 to 3).

    ``grille_living_lab(**lire_description("lab.yaml"))`` opens a described lab; keyword scores
    (``independance=1``) are accepted too.
    """
    return GrilleLivingLab(nom, {**(scores or {}), **autres})


def protocole_html(protocol: Protocole) -> str:
    """A checked protocol as HTML, with the vigilance points of its vehicle."""
    def value(v: float | None, unit: str) -> str:
        return "non mesuré" if v is None else f"{format_nombre(v)} {unit}".strip()

    indicators = "".join(f"<li>{_esc(i.nom)}\u00a0: avant {_esc(value(i.avant, i.unite))}, cible "
                         f"{_esc(value(i.cible, i.unite))}</li>" for i in protocol.indicateurs)
    exits = "".join(f"<li>{_esc(c)}</li>" for c in protocol.criteres_sortie)
    scale = "".join(f"<li>{_esc(c)}</li>" for c in protocol.criteres_passage_echelle)
    notes = "".join(f"<li>⚠ {_esc(r)}</li>" for r in protocol.rappels())
    return (f'<div class="piu-protocole"><p style="color:#17692f">✔ Protocole complet.</p>'
            f"<p><strong>Objectif\u00a0:</strong> {_esc(protocol.objectif)}</p>"
            f"<p><strong>Indicateurs\u00a0:</strong></p><ul>{indicators}</ul>"
            f"<p><strong>Durée\u00a0:</strong> {protocol.duree_mois} mois</p>"
            f"<p><strong>On arrête si\u00a0:</strong></p><ul>{exits}</ul>"
            f"<p><strong>On étend si\u00a0:</strong></p><ul>{scale}</ul>"
            f"<p><strong>Véhicule\u00a0:</strong> {_esc(protocol.vehicule.libelle)}</p>"
            f'<ul style="list-style:none;padding-left:0.5em">{notes}</ul></div>')


class ConstructeurProtocole:
    """Fill the protocol, click « Vérifier »; « Enregistrer » checks then saves it."""

    def __init__(self, objectif: str, indicateurs: Sequence[Mapping[str, Any]], duree_mois: Any,
                 criteres_sortie: Sequence[str], criteres_passage_echelle: Sequence[str],
                 vehicule: str) -> None:
        wide = w.Layout(width="40em")
        self.goal = w.Textarea(value=objectif, description="Objectif", style=_LABEL, layout=wide)
        self.indicators: list[tuple[w.Text, w.Text, w.Text, w.Text]] = []
        given = list(indicateurs)[:_INDICATOR_ROWS]
        for n in range(_INDICATOR_ROWS):
            item = given[n] if n < len(given) else {}
            row = tuple(w.Text(value="" if item.get(k) is None else str(item.get(k)).replace(".", ","),
                               placeholder=p, layout=w.Layout(width=width))
                        for k, p, width in (("nom", "ce qui est mesuré", "16em"),
                                            ("unite", "unité", "8em"), ("avant", "avant", "7em"),
                                            ("cible", "cible", "7em")))
            self.indicators.append(row)  # type: ignore[arg-type]
        self.months = w.Text(value=str(duree_mois), description="Durée (mois)", style=_LABEL)
        self.exits = w.Textarea(value="\n".join(criteres_sortie), description="On arrête si",
                                placeholder="un critère par ligne", style=_LABEL, layout=wide)
        self.scale = w.Textarea(value="\n".join(criteres_passage_echelle), description="On étend si",
                                placeholder="un critère par ligne", style=_LABEL, layout=wide)
        choices = [(v.libelle, v.id) for v in vehicules_experimentation()]
        ids = {i for _, i in choices}
        self.vehicle = w.Dropdown(options=[("— choisir —", ""), *choices],
                                  value=vehicule if vehicule in ids else "",
                                  description="Véhicule juridique", style=_LABEL, layout=wide)
        check = w.Button(description="Vérifier", button_style="primary",
                         tooltip="Vérifier que le protocole est complet")
        check.on_click(lambda _: self.update())
        self.file = w.Text(value="mon-protocole.json", description="Fichier",
                           layout=w.Layout(width="24em"))
        save = w.Button(description="Enregistrer", tooltip="Enregistrer le protocole (pour le dossier)")
        save.on_click(lambda _: self.save())
        self.result = w.HTML()
        self.bouton_dossier = bouton_ajouter_au_dossier(
            "experimentation", lambda: donnees_experimentation(construire_protocole(**self.values())),
            "protocole d’expérimentation")
        head = w.HBox([w.HTML("<small>Indicateurs (laissez vide une valeur inconnue)\u00a0:</small>")])
        self.box = w.VBox([w.HTML("<strong>Constructeur de protocole d’expérimentation</strong>"),
                           self.goal, head, *[w.HBox(list(r)) for r in self.indicators],
                           self.months, self.exits, self.scale, self.vehicle, check, self.result,
                           w.HBox([self.file, save]), self.bouton_dossier], layout=_BOX)
        self.update()

    def values(self) -> dict[str, Any]:
        return {"objectif": self.goal.value,
                "indicateurs": [dict(zip(("nom", "unite", "avant", "cible"),
                                         (t.value for t in row), strict=True))
                                for row in self.indicators],
                "duree_mois": self.months.value, "criteres_sortie": self.exits.value,
                "criteres_passage_echelle": self.scale.value, "vehicule": self.vehicle.value}

    def update(self) -> Protocole | None:
        try:
            protocol = construire_protocole(**self.values())
        except PiuError as exc:
            self.result.value = _error(str(exc))
            return None
        self.result.value = protocole_html(protocol)
        return protocol

    def save(self) -> None:
        protocol = self.update()
        if protocol is None:
            return
        try:
            path = enregistrer_resultat(self.file.value.strip(), "piu-experimentation",
                                        protocol.section())
        except PiuError as exc:
            self.result.value += _error(str(exc))
            return
        self.result.value += _saved(path)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.box._repr_mimebundle_(**kwargs) or {})
        bundle["text/html"] = self.result.value
        bundle["text/plain"] = "Constructeur de protocole (formulaire\u00a0: ouvrez l’outil dans le navigateur)."
        return bundle


def constructeur_protocole(objectif: str = "", indicateurs: Sequence[Mapping[str, Any]] = (),
                           duree_mois: Any = "", criteres_sortie: Sequence[str] = (),
                           criteres_passage_echelle: Sequence[str] = (),
                           vehicule: str = "") -> ConstructeurProtocole:
    """Show the protocol builder, prefilled with the given values."""
    return ConstructeurProtocole(objectif, indicateurs, duree_mois, criteres_sortie,
                                 criteres_passage_echelle, vehicule)


def modification_html(result: ExamenModification) -> str:
    """The verdict of :func:`~piu.experimentation.modification.examiner_modification`, in HTML."""
    color = "#17692f" if result.faible_montant else "#a61b1b"
    head = ("Oui\u00a0: la modification de faible montant (R2194-8) l’absorbe."
            if result.faible_montant else
            "Non\u00a0: ce n’est pas une modification de faible montant (R2194-8).")
    parts = [f'<p style="color:{color}"><strong>{_esc(head)}</strong></p>', "<ul>",
             *[f"<li>{_esc(r)}</li>" for r in result.raisons], "</ul>"]
    if result.autres_voies:
        parts += ["<p>Autres voies à examiner :</p>", "<ul>",
                  *[f"<li>{_esc(v)}</li>" for v in result.autres_voies], "</ul>"]
    return "".join(parts)


class PasserALEchelle:
    """« Le marché peut-il absorber cette extension ? » : fill the amounts, click « Examiner »."""

    def __init__(self, nature: str, initial: Any, modification: Any, anterieures: Any,
                 date: str) -> None:
        self.nature = w.Dropdown(options=[(v, k) for k, v in NATURES_MARCHE.items()],
                                 value=nature if nature in NATURES_MARCHE else "services",
                                 description="Nature du marché", style=_LABEL)
        self.initial = w.Text(value=str(initial), description="Montant initial (€ HT)",
                              style=_LABEL)
        self.modification = w.Text(value=str(modification),
                                   description="Modification (€ HT)", style=_LABEL)
        self.anterieures = w.Text(value=str(anterieures), style=_LABEL,
                                  description="Déjà modifié (€ HT)",
                                  placeholder="modifications de faible montant déjà faites")
        self.date = w.Text(value=date, description="Date (AAAA-MM-JJ)", style=_LABEL)
        go = w.Button(description="Examiner", button_style="primary",
                      tooltip="Le marché peut-il absorber cette modification\u202f?")
        go.on_click(lambda _: self.update())
        self.result = w.HTML()
        self.box = w.VBox([w.HTML("<strong>Passer à l’échelle\u00a0: le marché peut-il absorber "
                                  "cette extension ?</strong>"),
                           self.nature, self.initial, self.modification, self.anterieures,
                           self.date, go, self.result], layout=_BOX)
        self.update()

    def update(self) -> ExamenModification | None:
        try:
            result = examiner_modification(self.nature.value, self.initial.value,
                                           self.modification.value, self.date.value or None,
                                           modifications_anterieures=self.anterieures.value or 0)
        except PiuError as exc:
            self.result.value = _error(str(exc))
            return None
        self.result.value = modification_html(result)
        return result

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.box._repr_mimebundle_(**kwargs) or {})
        bundle["text/html"] = self.result.value
        bundle["text/plain"] = "Passer à l’échelle\u00a0: le marché peut-il absorber cette extension\u202f?"
        return bundle


def passer_a_l_echelle(nature: str = "services", initial: Any = "120 000",
                       modification: Any = "10 000", anterieures: Any = "",
                       date: str = "") -> PasserALEchelle:
    """Show the form « le marché peut-il absorber cette extension ? », prefilled."""
    return PasserALEchelle(nature, initial, modification, anterieures, date)
