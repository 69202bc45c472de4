"""Notebook forms of module 5: the vehicle comparator and the SCIC simulator.

Each form is an object that Jupyter shows as a live ipywidgets form and the static book shows
as the HTML of its current (default) result, like :class:`piu.core.learner.widgets.QuestionInteractive`.
Learner-facing entry points: :func:`comparateur`, :func:`simulateur_scic` and
:func:`scic_a_corriger` (the module's correction exercise, done in a table rather than in YAML).
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import ipywidgets as w
import yaml

from piu.cooperation.excedent import repartir_excedent
from piu.cooperation.exercice import QUESTION, examiner_correction
from piu.cooperation.gouvernance import MAJORITES, minorites_de_blocage, repartition_voix
from piu.cooperation.graphiques import graphique_excedent, graphique_voix
from piu.cooperation.scic_fichier import scic_depuis_texte
from piu.cooperation.scic_modele import CATEGORIES, Scic
from piu.cooperation.scic_regles import verifier_scic
from piu.cooperation.vehicules import (
    BESOINS,
    Candidat,
    Exemple,
    Situation,
    comparer_vehicules,
    situation_depuis,
)
from piu.core import paths
from piu.core.errors import PiuError
from piu.core.files import raison
from piu.core.french_numbers import format_montant, format_nombre
from piu.core.learner.widgets import bouton_ajouter_au_dossier

__all__ = ["comparateur", "donnees_gouvernance", "scic_a_corriger", "simulateur_scic"]

_EXAMPLE = "coop-velo-logistique.yaml"
_VERDICT_COLORS = {"adapté": "#17692f", "possible avec réserves": "#8a4b00", "écarté": "#a61b1b"}
_BOX = w.Layout(border="1px solid #9aa5b1", padding="0.5em", margin="0.8em 0")


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


_IN_HOUSE = {"possible": "possible seulement sous les conditions de L2511-1 CCP",
             "non": "non\u00a0: contrats mis en concurrence"}


def _example(e: Exemple) -> str:
    link = f'<a href="{html.escape(e.url)}">{_esc(e.source)}</a>'
    return f"<li>{_esc(e.texte)} <em>Source\u00a0: {link}.</em></li>"


def _card(c: Candidat) -> str:
    """One vehicle: verdict and reasons, then what to check it against, then real examples."""
    pro = "".join(f"<li>✔ {_esc(r)}</li>" for r in c.pour)
    con = "".join(f"<li>✘ {_esc(r)}</li>" for r in c.contre)
    con += "".join(f"<li>⚠ <strong>Point de vigilance</strong>\u00a0: {_esc(r)}</li>"
                   for r in c.vigilances)
    facts = "".join(f"<li><strong>{label}\u00a0:</strong> {_esc(text)}</li>" for label, text in (
        ("Gouvernance", c.gouvernance), ("Contrats «\u00a0in house\u00a0»",
                                         f"{_IN_HOUSE.get(c.in_house, c.in_house)}. {c.contrats}"),
        ("Usages", c.usages)) if text)
    examples = "".join(_example(e) for e in c.exemples)
    label = "Exemple réel" if len(c.exemples) == 1 else "Exemples réels"
    return (f'<p style="margin:0.2em 0"><strong>{_esc(c.nom)}</strong> — '
            f'<strong style="color:{_VERDICT_COLORS[c.verdict]}">{_esc(c.verdict)}</strong><br>'
            f"<small>{_esc(c.base_legale)}</small></p>"
            f'<ul style="list-style:none;margin:0.2em 0 0.2em 0.5em;padding:0">{pro}{con}</ul>'
            f'<ul style="margin:0.2em 0 0.2em 0.5em;font-size:0.85em">{facts}</ul>'
            f'<p style="margin:0 0 0 0.5em"><small>{label}\u00a0:</small></p>'
            f'<ul style="margin:0 0 0.8em 0.5em;font-size:0.85em">{examples}</ul>')


def candidats_html(candidats: list[Candidat], situation: Situation) -> str:
    """The comparator's answer as HTML (also what the static book shows).

    Candidates first, each with its reasons; vehicles ruled out are folded in a
    ``<details>`` block so the answer stays short.
    """
    needs = [BESOINS[k] for k, v in vars(situation).items() if v]
    head = ("<p><strong>Votre situation\u00a0:</strong> " + " ; ".join(_esc(n) for n in needs) + ".</p>"
            if needs else "<p>Aucun besoin coché\u00a0: tous les véhicules sont listés.</p>")
    kept = [c for c in candidats if c.verdict != "écarté"]
    out = [c for c in candidats if c.verdict == "écarté"]
    body = "".join(_card(c) for c in kept) or "<p>Aucun véhicule ne répond à tous ces besoins.</p>"
    if out:
        body += (f"<details><summary>Véhicules écartés ({len(out)}) et pourquoi</summary>"
                 f"{''.join(_card(c) for c in out)}</details>")
    return (f'<div class="piu-comparateur">{head}'
            f"<p><strong>Véhicules candidats, du plus adapté au moins adapté\u00a0:</strong></p>{body}"
            "<p><em>Une piste à discuter avec votre service juridique, pas une décision.</em></p>"
            "</div>")


class ComparateurVehicules:
    """Tick the needs, click « Comparer », read the candidate vehicles with their reasons."""

    def __init__(self, situation: Situation) -> None:
        self.boxes = {key: w.Checkbox(value=getattr(situation, key), description=label,
                                      indent=False, layout=w.Layout(width="auto"))
                      for key, label in BESOINS.items()}
        button = w.Button(description="Comparer", button_style="primary",
                          tooltip="Comparer les véhicules")
        button.on_click(lambda _: self.update())
        self.result = w.HTML()
        self.box = w.VBox([w.HTML("<strong>Comparateur de véhicules de coopération</strong>"),
                           *self.boxes.values(), button, self.result], layout=_BOX)
        self.update()

    @property
    def situation(self) -> Situation:
        return Situation(**{key: box.value for key, box in self.boxes.items()})

    def update(self) -> list[Candidat]:
        candidates = comparer_vehicules(self.situation)
        self.result.value = candidats_html(candidates, self.situation)
        return candidates

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.box._repr_mimebundle_(**kwargs) or {})
        bundle["text/html"] = self.result.value
        bundle["text/plain"] = "Comparateur de véhicules (formulaire\u00a0: ouvrez l’outil dans le navigateur)."
        return bundle


def comparateur(**besoins: bool) -> ComparateurVehicules | None:
    """Show the vehicle comparator, with the given needs ticked (names: see ``BESOINS``)."""
    try:
        return ComparateurVehicules(situation_depuis(**besoins))
    except PiuError as exc:
        print(f"⚠ {exc}")
        return None


def _title(text: str) -> str:
    """A small heading inside a form's output (not a page section, so not an <hN>)."""
    return f'<p style="margin:0.8em 0 0.2em"><strong>{_esc(text)}</strong></p>'


def _error(message: str) -> str:
    return f'<p style="color:#a61b1b">⚠ {_esc(message)}</p>'.replace("\n", "<br>")


def _pre(text: str) -> str:
    return f'<pre style="white-space:pre-wrap">{_esc(text)}</pre>'


def donnees_gouvernance(scic: Scic) -> dict[str, Any]:
    """Section ``gouvernance`` of the learner's dossier (shape: piu.fil_rouge.sections)."""
    verdict = verifier_scic(scic)
    table = repartition_voix(scic)
    deport = [v for v in verdict.vigilances if v.id == "deport-elus"]
    return {"nom": scic.nom, "conforme": verdict.conforme,
            "manquements": [f"{m.message} ({m.base_legale})" for m in verdict.manquements],
            "associes": [{"associe": str(r.associe), "categorie": str(r.categorie),
                          "capital_pct": round(float(r.capital_pct), 2), "voix_pct": round(float(r.voix_pct), 2)}
                         for r in table.itertuples()],
            "deport": (f"{deport[0].texte} ({deport[0].base_legale})" if deport
                       else "aucune collectivité associée\u00a0: pas de déport à prévoir.")}


def rapport_scic_html(scic: Scic) -> str:
    """Compliance, votes and blocking minorities of one SCIC, as HTML."""
    verdict = verifier_scic(scic)
    table = repartition_voix(scic)
    rows = "".join(
        f"<tr><td>{_esc(r.associe)}</td><td>{_esc(r.categorie)}</td><td>{_esc(r.college)}</td>"
        f"<td>{format_montant(r.capital, ht=False)}</td><td>{format_nombre(r.capital_pct, 1)} %</td>"
        f"<td>{format_nombre(r.voix_pct, 1)} %</td></tr>" for r in table.itertuples())
    blocks = "".join(_pre(minorites_de_blocage(scic, m).texte()) for m in MAJORITES)
    return (_title("Conformité") + _pre(verdict.texte()) + _title("Voix à l’assemblée générale")
            + '<table class="table"><thead><tr><th>Associé</th>'
            "<th>Catégorie</th><th>Collège</th><th>Capital</th><th>Part du capital</th>"
            f"<th>Part des voix</th></tr></thead><tbody>{rows}</tbody></table>"
            + _title("Qui peut bloquer une décision\u202f?") + blocks)


class SimulateurScic:
    """Edit the YAML description, click « Simuler »: compliance, votes, blocking, surplus."""

    def __init__(self, texte: str) -> None:
        self.editor = w.Textarea(value=texte, layout=w.Layout(width="100%", height="22em"))
        self.surplus = w.Text(value="20 000", description="Excédent (€)",
                              style={"description_width": "11em"})
        self.tmo = w.Text(value="", placeholder="à saisir, par ex. 3,5",
                          description="TMO moyen 3 ans (%)", style={"description_width": "11em"})
        self.rate = w.Text(value="", placeholder="vide = plafond",
                           description="Taux voulu (%)", style={"description_width": "11em"})
        button = w.Button(description="Simuler", button_style="primary",
                          tooltip="Vérifier la SCIC et calculer voix et excédent")
        button.on_click(lambda _: self.update())
        self.result = w.HTML()
        self.charts = w.Output()
        self.bouton_dossier = bouton_ajouter_au_dossier(
            "gouvernance", lambda: donnees_gouvernance(scic_depuis_texte(self.editor.value, "description")),
            "simulateur de SCIC")
        self.box = w.VBox([w.HTML("<strong>Simulateur de SCIC</strong> — modifiez la description "
                                  "puis cliquez sur «\u00a0Simuler\u00a0»."), self.editor,
                           w.HBox([self.surplus, self.tmo, self.rate]), button, self.result,
                           self.charts, self.bouton_dossier], layout=_BOX)
        self.update(charts=False)

    def update(self, charts: bool = True) -> None:
        from IPython.display import display

        self.charts.clear_output()
        try:
            scic = scic_depuis_texte(self.editor.value, "description")
            body = rapport_scic_html(scic)
        except PiuError as exc:
            self.result.value = _error(str(exc))
            return
        except Exception as exc:  # a learner's form must never show a traceback
            self.result.value = _error(f"Description impossible à traiter ({type(exc).__name__}). "
                                       f"Repartez de l’exemple et modifiez-le pas à pas\u202f; si "
                                       f"l’erreur persiste, signalez-la au formateur.")
            return
        surplus_html = ""
        allocation = None
        if self.tmo.value.strip():
            try:
                allocation = repartir_excedent(self.surplus.value, scic.capital_total,
                                               self.tmo.value, self.rate.value.strip() or None)
                surplus_html = _title("Répartition de l’excédent") + _pre(allocation.texte())
            except PiuError as exc:
                surplus_html = f'<p style="color:#a61b1b">⚠ {_esc(str(exc))}</p>'
        else:
            surplus_html = ("<p>Pour répartir un excédent, saisissez le TMO moyen des trois "
                            "dernières années (publié chaque semestre).</p>")
        self.result.value = body + surplus_html
        if charts:
            with self.charts:
                display(graphique_voix(scic))
                if allocation:
                    display(graphique_excedent(allocation))

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.box._repr_mimebundle_(**kwargs) or {})
        bundle["text/html"] = self.result.value
        bundle["text/plain"] = "Simulateur de SCIC (formulaire\u00a0: ouvrez l’outil dans le navigateur)."
        return bundle


def simulateur_scic(fichier: str | Path | None = None) -> SimulateurScic | None:
    """Show the SCIC simulator, prefilled with ``fichier`` (default: the cargo-bike example)."""
    path = Path(fichier) if fichier else paths.course_root() / "notebooks" / "scic" / _EXAMPLE
    try:
        return SimulateurScic(path.read_text(encoding="utf-8"))
    except OSError as exc:
        print(f"⚠ Fichier illisible\u00a0: {path} ({raison(exc)}).")
        return None


# The correction exercise as a table: a learner who never types YAML edits the members and the
# colleges in fields, and the form writes the same description the cell exercise reads, so both
# go through one parser, one rule check and one bank question.

_LINE = re.compile(r", ligne \d+")
_FORMES = ("SA", "SAS", "SARL")


class EditeurScic:
    """A SCIC as rows of fields (members, colleges, legal form, staff), checked on « Vérifier »."""

    def __init__(self, scic: Scic) -> None:
        self.nom = scic.nom
        self.forme = w.Dropdown(options=sorted({*_FORMES, scic.forme}), value=scic.forme,
                                description="Forme", style={"description_width": "9em"})
        self.effectif = w.Text(value="" if scic.effectif_salarie is None else str(scic.effectif_salarie),
                               description="Salariés", placeholder="nombre de salariés",
                               style={"description_width": "9em"})
        self.associes = w.VBox()
        for a in scic.associes:
            self._add_member(a.nom, a.categorie, format_nombre(a.capital), a.college or "")
        self.colleges = w.VBox()
        for c in scic.colleges:
            self._add_college(c.nom, "" if c.poids is None else format_nombre(c.poids))
        add_member = w.Button(description="Ajouter un associé", icon="plus")
        add_member.on_click(lambda _b: self._add_member("", "autres", "", ""))
        add_college = w.Button(description="Ajouter un collège", icon="plus")
        add_college.on_click(lambda _b: self._add_college("", ""))
        self.widgets = [w.HBox([self.forme, self.effectif]),
                        w.HTML("<em>Associés\u00a0: nom, catégorie, capital souscrit (€), collège</em>"),
                        self.associes, add_member,
                        w.HTML("<em>Collèges de vote\u00a0: nom, poids (% des voix)</em>"),
                        self.colleges, add_college]

    def _add_member(self, nom: str, categorie: str, capital: str, college: str) -> None:
        row = w.HBox([w.Text(value=nom, placeholder="nom de l’associé", layout=w.Layout(width="16em")),
                      w.Dropdown(options=[(label[:40], key) for key, label in CATEGORIES.items()],
                                 value=categorie if categorie in CATEGORIES else "autres",
                                 layout=w.Layout(width="22em")),
                      w.Text(value=capital, placeholder="capital (€)", layout=w.Layout(width="9em")),
                      w.Text(value=college, placeholder="collège", layout=w.Layout(width="10em"))])
        self.associes.children = (*self.associes.children, row)

    def _add_college(self, nom: str, poids: str) -> None:
        row = w.HBox([w.Text(value=nom, placeholder="nom du collège", layout=w.Layout(width="16em")),
                      w.Text(value=poids, placeholder="poids (%)", layout=w.Layout(width="9em"))])
        self.colleges.children = (*self.colleges.children, row)

    def texte(self) -> str:
        """The description the fields hold, in the file format (blank rows are skipped)."""
        members = []
        for row in self.associes.children:
            name, category, capital, college = (c.value for c in row.children)
            if not name.strip() and not capital.strip():
                continue
            member = {"nom": name.strip(), "categorie": category, "capital": capital.strip()}
            if college.strip():
                member["college"] = college.strip()
            members.append(member)
        colleges = []
        for row in self.colleges.children:
            name, weight = (c.value for c in row.children)
            if name.strip() or weight.strip():
                colleges.append({"nom": name.strip(), "poids": weight.strip()})
        description: dict[str, Any] = {"nom": self.nom, "forme": self.forme.value}
        if self.effectif.value.strip():
            staff = self.effectif.value.strip()
            description["effectif_salarie"] = int(staff) if staff.isdigit() else staff
        description["associes"] = members
        if colleges:
            description["colleges"] = colleges
        return yaml.safe_dump(description, allow_unicode=True, sort_keys=False)


class ScicACorriger:
    """Question « corriger une SCIC » as a form: edit the table, click, see what is left."""

    def __init__(self, scic: Scic) -> None:
        self.editor = EditeurScic(scic)
        button = w.Button(description="Vérifier ma correction", button_style="primary")
        button.on_click(lambda _b: self.check())
        self.result = w.HTML()
        self.box = w.VBox([w.HTML(f"<strong>Corriger la SCIC «\u00a0{_esc(scic.nom)}\u00a0»</strong>"),
                           *self.editor.widgets, button, self.result], layout=_BOX)

    def check(self) -> str:
        """Check the edited SCIC, list what is left, record the attempt; return the HTML shown."""
        from piu.core.learner.widgets import verifier_html  # the bank loads only when the learner checks

        try:
            correction = examiner_correction(self.editor.texte())
        except PiuError as exc:
            self.result.value = _error(_LINE.sub("", str(exc)))
            return self.result.value
        if correction.problemes:
            items = "".join(f"<li>{_esc(p)}</li>" for p in correction.problemes)
            reste = correction.restants
            body = (f"<p>Il reste {reste} {'problèmes' if reste > 1 else 'problème'}\u00a0:</p>"
                    f"<ul>{items}</ul>")
        else:
            body = "<p>Le simulateur ne trouve plus aucun manquement et les consignes sont respectées.</p>"
        self.result.value = body + verifier_html(QUESTION, correction.restants)
        return self.result.value

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.box._repr_mimebundle_(**kwargs) or {})
        bundle["text/html"] = ("<p><em>Formulaire\u00a0: cliquez sur «\u00a0Ouvrir l’outil dans le navigateur\u00a0», "
                               "en haut de la page, pour corriger la SCIC dans un tableau.</em></p>")
        bundle["text/plain"] = "Correction de la SCIC (formulaire)"
        return bundle


def scic_a_corriger(fichier: str | Path | None = None) -> ScicACorriger | None:
    """Show the correction exercise as a table, prefilled with the SCIC to correct."""
    path = Path(fichier) if fichier else paths.course_root() / "notebooks" / "scic" / "a-corriger.yaml"
    try:
        from piu.cooperation.scic_fichier import lire_scic

        return ScicACorriger(lire_scic(path))
    except PiuError as exc:
        print(f"⚠ {exc}")
        return None
