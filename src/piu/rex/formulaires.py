"""Notebook forms of the REX cards: browse the deck, write one's own card, check a card.

Each form is an object that Jupyter shows as a live ipywidgets form and the static book as the
HTML of its current result. Only ipywidgets, PyYAML and the engines: the forms run the same in
JupyterLite (Pyodide). Learner-facing entry points: :func:`fiches_rex`, :func:`rediger_fiche`,
:func:`verifier_ma_fiche`.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as w

from piu.core import paths
from piu.core.errors import PiuError
from piu.core.files import raison
from piu.core.typography import espaces_insecables
from piu.rex.fiche import NON_PUBLIC, enregistrer_fiche, fiche_depuis_texte, verifier_fiche
from piu.rex.jeu import (
    CONTRATS,
    REGLE_SIMILAIRES,
    THEMES,
    TYPES_TERRITOIRE,
    CarteClassee,
    charger_jeu,
    lire_population,
    sections_carte,
    selectionner,
    texte_source,
)

__all__ = ["fiche_depuis_champs", "fiches_rex", "rediger_fiche", "selection_html", "verification_html",
           "verifier_ma_fiche"]

_BOX = w.Layout(border="1px solid #9aa5b1", padding="0.5em", margin="0.8em 0")
_WIDE = {"description_width": "14em"}


def _esc(text: object) -> str:
    return html.escape(espaces_insecables(str(text)), quote=False)


def _link(url: str, text: str) -> str:
    if url.startswith(("http://", "https://")):
        return f'<a href="{html.escape(url)}">{_esc(text)}</a>'
    return _esc(text)


def carte_html(card: dict[str, Any]) -> str:
    """One card in full, inside a folded block (the form lists several)."""
    rows = "".join(f"<li><strong>{_esc(k)}\u00a0:</strong> {_esc(v)}</li>" for k, v in sections_carte(card))
    sources = "".join(f"<li>{_link(s['url'], texte_source(s))}</li>" for s in card["sources"])
    return (f"<details><summary>{_esc(card['titre'])}</summary><ul>{rows}</ul>"
            f"<p><strong>Sources\u00a0:</strong></p><ul>{sources}</ul></details>")


def selection_html(selection: list[CarteClassee]) -> str:
    """The deck's answer as HTML: a short table, then each card in full."""
    if not selection:
        return "<p>Aucune fiche ne répond à ces critères\u00a0: retirez un filtre.</p>"
    ranked = any(i.similaire is not None for i in selection)
    head = "<th>Territoire similaire</th>" if ranked else ""
    rows = "".join(
        "<tr>" + (f"<td>{'oui' if i.similaire else 'non'}</td>" if ranked else "")
        + f"<td>{_esc(i.carte['collectivite'])}</td><td>{_esc(THEMES[i.carte['theme']])}</td>"
        f"<td>{_esc(CONTRATS[i.carte['contrat']['type']])}</td>"
        f"<td>{_esc(i.raison or i.carte['territoire']['nom'])}</td></tr>"
        for i in selection)
    rule = f"<p><small>{_esc(REGLE_SIMILAIRES)}</small></p>" if ranked else ""
    count = f"{len(selection)} {'fiches' if len(selection) > 1 else 'fiche'}"
    return (f"<p>{count}.</p><table class=\"table\"><thead><tr>{head}<th>Collectivité</th>"
            f"<th>Thème</th><th>Contrat</th><th>Territoire</th></tr></thead><tbody>{rows}</tbody></table>"
            + rule + "".join(carte_html(i.carte) for i in selection))


def _error(message: str) -> str:
    return f'<p style="color:#a61b1b">⚠ {_esc(message)}</p>'.replace("\n", "<br>")


def _bundle(box: w.Widget, value: str, name: str, **kwargs: Any) -> dict[str, Any]:
    bundle = dict(box._repr_mimebundle_(**kwargs) or {})
    bundle["text/html"] = value
    bundle["text/plain"] = f"{name} (formulaire\u00a0: ouvrez l’outil dans le navigateur)."
    return bundle


class FichesRex:
    """Choose a theme, a contract, type your territory's population: the matching cards."""

    def __init__(self, theme: str = "", contrat: str = "", population: str = "", type_territoire: str = "") -> None:
        any_ = [("Tous", "")]
        self.theme = w.Dropdown(options=any_ + [(v, k) for k, v in THEMES.items()], value=theme,
                                description="Thème", style=_WIDE)
        self.contrat = w.Dropdown(options=any_ + [(v, k) for k, v in CONTRATS.items()], value=contrat,
                                  description="Contrat", style=_WIDE)
        self.population = w.Text(value=population, placeholder="par ex. 45 000",
                                 description="Population de votre territoire", style=_WIDE)
        self.type = w.Dropdown(options=[("Non précisé", "")] + [(v, k) for k, v in TYPES_TERRITOIRE.items()],
                               value=type_territoire, description="Type de votre territoire", style=_WIDE)
        button = w.Button(description="Afficher", button_style="primary", tooltip="Filtrer les fiches")
        button.on_click(lambda _: self.update())
        self.result = w.HTML()
        self.box = w.VBox([w.HTML("<strong>Fiches REX</strong> — filtrez, puis cliquez sur «\u00a0Afficher\u00a0»."),
                           self.theme, self.contrat, self.population, self.type, button, self.result],
                          layout=_BOX)
        self.update()

    def update(self) -> list[CarteClassee]:
        try:
            selection = selectionner(charger_jeu(), self.theme.value or None, self.contrat.value or None,
                                     self.population.value.strip() or None, self.type.value or None)
        except PiuError as exc:
            self.result.value = _error(str(exc))
            return []
        self.result.value = selection_html(selection)
        return selection

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        return _bundle(self.box, self.result.value, "Fiches REX", **kwargs)


def fiches_rex(theme: str = "", contrat: str = "", population: str = "", type_territoire: str = "") -> FichesRex | None:
    """Show the deck's form, prefilled with the given filters."""
    try:
        return FichesRex(theme, contrat, population, type_territoire)
    except Exception as exc:  # a learner's form must never show a traceback
        print(f"⚠ {exc}" if isinstance(exc, PiuError) else
              f"⚠ Formulaire impossible à afficher ({type(exc).__name__})\u202f; signalez-le au formateur.")
        return None


# --- writing one's own card --------------------------------------------------------------

#: The form's text fields: (key in :func:`fiche_depuis_champs`, label, multi-line).
CHAMPS = [
    ("id", "Identifiant (minuscules et tirets)", False), ("titre", "Titre de la fiche", False),
    ("collectivite", "Collectivité", False), ("territoire_nom", "Nom du territoire", False),
    ("population", "Population (habitants)", False), ("population_source", "Source de la population", False),
    ("annee", "Année", False), ("besoin", "Besoin (l’usage, pas la solution)", True),
    ("solution", "Solution retenue", True), ("contrat_description", "Contrat et procédure utilisés", True),
    ("contrat_avis", "Référence de l’avis de publicité", False), ("contrat_montant", "Montant", False),
    ("contrat_duree", "Durée", False), ("resultats", "Résultats", True), ("difficultes", "Difficultés", True),
    ("a_refaire", "Ce que l’équipe ferait autrement", True), ("contact_role", "Contact\u00a0: rôle", False),
    ("contact_service", "Contact\u00a0: service", False),
    ("contact_nom", "Contact\u00a0: nom (seulement s’il s’exprime dans une source)", False),
    ("contact_nom_source", "Titre de la source où il s’exprime", False),
]
#: Per source: (key, label).
CHAMPS_SOURCE = [("titre", "Titre"), ("editeur", "Éditeur ou site"), ("url", "Adresse"),
                 ("date", "Date (AAAA-MM-JJ)")]


def _text_or_int(text: str, reader: Any) -> Any:
    text = text.strip()
    if text.lower() == NON_PUBLIC:
        return NON_PUBLIC
    if not text:
        return None
    try:
        return reader(text)
    except PiuError:
        return text  # kept as typed: the checker names the problem


def _year(text: str) -> int:
    if not text.isdigit():
        raise PiuError(text)
    return int(text)


def fiche_depuis_champs(champs: dict[str, str], choix: dict[str, str],
                        sources: list[dict[str, str]], fictive: bool, consulte_le: str | None = None) -> dict[str, Any]:
    """Build a card from the form's values (pure: tested without widgets).

    Empty fields are left out, so that the checker says which are missing; numbers are read the
    French way (« 45 000 »); sources with no field filled are ignored.
    """
    def get(key: str) -> str | None:
        value = champs.get(key, "").strip()
        return value or None

    card: dict[str, Any] = {k: get(k) for k in ("id", "titre", "collectivite", "besoin", "solution",
                                                 "resultats", "difficultes", "a_refaire")}
    card["theme"] = choix.get("theme") or None
    card["annee"] = _text_or_int(champs.get("annee", ""), _year)
    card["territoire"] = {"type": choix.get("territoire_type") or None, "nom": get("territoire_nom"),
                          "population": _text_or_int(champs.get("population", ""), lire_population),
                          "population_source": get("population_source")}
    card["contrat"] = {"type": choix.get("contrat_type") or None, "description": get("contrat_description"),
                       "avis": get("contrat_avis"), "montant": get("contrat_montant"),
                       "duree": get("contrat_duree")}
    card["contact"] = {"role": get("contact_role"), "service": get("contact_service")}
    if get("contact_nom"):
        card["contact"]["nom"] = get("contact_nom")
    if get("contact_nom_source"):
        card["contact"]["nom_source"] = get("contact_nom_source")
    seen = consulte_le or date.today().isoformat()
    card["sources"] = [{**{k: (s.get(k) or "").strip() for k, _ in CHAMPS_SOURCE}, "consulte_le": seen}
                       for s in sources if any((s.get(k) or "").strip() for k, _ in CHAMPS_SOURCE)]
    for source in card["sources"]:
        source["date"] = source["date"] or "non indiquée"
    if fictive:
        card["fictive"] = True
    return {k: v for k, v in card.items() if v is not None}


class RedactionFiche:
    """A form with every field of a card; « Vérifier et enregistrer » saves it as a file."""

    def __init__(self, fichier: str = "ma-fiche-rex.yaml") -> None:
        self.fields = {key: (w.Textarea if multi else w.Text)(
            description=label, style=_WIDE, layout=w.Layout(width="95%", height="4.5em" if multi else None),
            placeholder=(f"«\u00a0{NON_PUBLIC}\u00a0» si les sources ne le disent pas"
                         if key not in ("id", "titre") else ""))
            for key, label, multi in CHAMPS}
        self.choices = {
            "theme": w.Dropdown(options=[("À choisir", "")] + [(v, k) for k, v in THEMES.items()],
                                description="Thème", style=_WIDE),
            "territoire_type": w.Dropdown(options=[("À choisir", "")] + [(v, k) for k, v in TYPES_TERRITOIRE.items()],
                                          description="Type de territoire", style=_WIDE),
            "contrat_type": w.Dropdown(options=[("À choisir", "")] + [(v, k) for k, v in CONTRATS.items()],
                                       description="Type de contrat", style=_WIDE),
        }
        self.sources = [{k: w.Text(description=f"Source {i}\u00a0: {label}", style=_WIDE, layout=w.Layout(width="95%"))
                         for k, label in CHAMPS_SOURCE} for i in (1, 2, 3)]
        self.fictive = w.Checkbox(value=False, indent=False,
                                  description="Cas inventé pour s’exercer (ne sera jamais ajouté au jeu)")
        self.file = w.Text(value=fichier, description="Enregistrer sous", style=_WIDE)
        self.replace = w.Checkbox(value=False, indent=False, description="Remplacer le fichier existant")
        button = w.Button(description="Vérifier et enregistrer", button_style="primary",
                          tooltip="Vérifier la fiche et l’enregistrer dans un fichier")
        button.on_click(lambda _: self.save())
        self.result = w.HTML("<p>Remplissez les champs puis cliquez sur «\u00a0Vérifier et enregistrer\u00a0».</p>")
        order = ["id", "titre", "collectivite", "territoire_nom", "population", "population_source", "annee"]
        self.box = w.VBox(
            [w.HTML("<strong>Rédiger une fiche REX</strong>"), self.choices["theme"],
             *[self.fields[k] for k in order], self.choices["territoire_type"],
             *[self.fields[k] for k, _, _ in CHAMPS if k not in order and not k.startswith("contrat")],
             self.choices["contrat_type"], *[self.fields[k] for k, _, _ in CHAMPS if k.startswith("contrat")],
             *[t for s in self.sources for t in s.values()], self.fictive, self.file, self.replace, button,
             self.result], layout=_BOX)

    def card(self) -> dict[str, Any]:
        return fiche_depuis_champs({k: t.value for k, t in self.fields.items()},
                                   {k: d.value for k, d in self.choices.items()},
                                   [{k: t.value for k, t in s.items()} for s in self.sources], self.fictive.value)

    def save(self) -> Path | None:
        """Save even an incomplete card (work is never lost), then list what remains to fix."""
        card = self.card()
        try:
            path = enregistrer_fiche(card, self.file.value.strip() or "ma-fiche-rex.yaml", self.replace.value)
        except PiuError as exc:
            self.result.value = _error(str(exc))
            return None
        self.result.value = (f"<p>Fiche enregistrée dans <code>{_esc(path)}</code>.</p>"
                             + verification_html(verifier_fiche(card, path.name)))
        return path

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        return _bundle(self.box, self.result.value, "Rédaction d’une fiche REX", **kwargs)


def rediger_fiche(fichier: str = "ma-fiche-rex.yaml") -> RedactionFiche:
    """Show the card-writing form; the card is saved in ``fichier``."""
    return RedactionFiche(fichier)


# --- checking a card ---------------------------------------------------------------------

def verification_html(result: Any) -> str:
    if result.conforme:
        return "<p style=\"color:#17692f\">✔ Fiche conforme au modèle des fiches REX.</p>"
    items = "".join(f"<li>{_esc(p)}</li>" for p in result.problemes)
    n = len(result.problemes)
    return (f"<p><strong>{n} {'problèmes' if n > 1 else 'problème'} à corriger\u00a0:</strong></p>"
            f"<ul>{items}</ul>")


class VerificationFiche:
    """Paste a card (or give its file), click « Vérifier »: each problem, named."""

    def __init__(self, texte: str) -> None:
        self.editor = w.Textarea(value=texte, layout=w.Layout(width="100%", height="18em"))
        button = w.Button(description="Vérifier", button_style="primary", tooltip="Vérifier la fiche")
        button.on_click(lambda _: self.update())
        self.result = w.HTML()
        self.box = w.VBox([w.HTML("<strong>Vérifier une fiche REX</strong> — collez ou modifiez la fiche, "
                                  "puis cliquez sur «\u00a0Vérifier\u00a0»."),
                           self.editor, button, self.result], layout=_BOX)
        self.update()

    def update(self) -> None:
        if not self.editor.value.strip():
            self.result.value = "<p>Collez une fiche dans la zone ci-dessus.</p>"
            return
        try:
            self.result.value = verification_html(verifier_fiche(fiche_depuis_texte(self.editor.value)))
        except PiuError as exc:
            self.result.value = _error(str(exc))

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        return _bundle(self.box, self.result.value, "Vérification d’une fiche REX", **kwargs)


def verifier_ma_fiche(fichier: str | Path | None = None) -> VerificationFiche | None:
    """Show the checker, prefilled with ``fichier`` if given (the learner's saved card)."""
    if fichier is None:
        return VerificationFiche("")
    path = Path(fichier)
    if not path.exists() and not path.is_absolute() and (paths.course_root() / "notebooks" / path).exists():
        path = paths.course_root() / "notebooks" / path  # the course's own example, wherever it runs
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        print(f"⚠ Fichier introuvable\u00a0: {fichier}. Enregistrez d’abord votre fiche avec rediger_fiche().")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        why = raison(exc) if isinstance(exc, OSError) else "pas du texte UTF-8"
        print(f"⚠ Fichier illisible\u00a0: {fichier} ({why}).")
        return None
    return VerificationFiche(text)
