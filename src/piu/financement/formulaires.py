"""Widget forms of module 4: the schemes finder and the financing-plan checker.

Each form object displays as an ipywidgets form in Jupyter and, in the static book (no
kernel), as the HTML of its default result (see ``QuestionInteractive`` in
:mod:`piu.core.learner.widgets`): the page shows what the form would answer before any change.
"""

from __future__ import annotations

import base64
import html
import io
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as w

from piu.core import data
from piu.core.dates import lire_date, lire_date_facultative
from piu.core.errors import PiuError
from piu.core.french_numbers import format_montant, format_nombre, format_pourcentage, lire_nombre
from piu.core.learner.widgets import bouton_ajouter_au_dossier
from piu.core.typography import espaces_insecables
from piu.financement.de_minimis import Aid, check_de_minimis
from piu.financement.dispositifs import (
    AIDES_TERRITOIRES,
    BENEFICIAIRES,
    NATURES,
    STADES,
    THEMES,
    find_schemes,
    schemes_html,
)
from piu.financement.graphiques import ChartImage, plan_alt_text, plan_chart
from piu.financement.paiement import ACHETEURS_PAIEMENT, Paiement, calculer_paiement
from piu.financement.plan import (
    SOURCE_TYPES,
    FinancingPlan,
    FundingSource,
    PlanCheck,
    check_plan,
    load_plan,
    parse_plan,
)

__all__ = ["PaymentForm", "PlanCheckerForm", "SchemeFinderForm", "calculateur_paiement", "calculer_avance_et_retard",
           "check_html", "chercher_dispositifs", "chercheur_de_dispositifs", "donnees_financement",
           "en_pourcentage", "essai_de_plan", "essayer_plan", "examiner_plan", "figure_html", "graphique_plan",
           "lire_plan", "paiement_html", "verificateur_de_plan", "verifier_de_minimis"]

_ALL = ("(tous)", "")


def figure_html(fig: Any, alt: str) -> str:
    """A matplotlib figure as an inline PNG with its alt text (no file, no network)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    data64 = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (f'<img src="data:image/png;base64,{data64}" alt="{html.escape(alt)}" '
            f'style="max-width:100%">')


def check_html(result: PlanCheck, with_chart: bool = True) -> str:
    """The verdict on a plan as HTML: status, owner's share, breaches, warnings, chart."""
    color, mark = ("#17692f", "✔") if result.conforme else ("#a61b1b", "✘")
    if result.reserve:
        color = "#8a4b00"
    parts = [f'<p style="color:{color}"><strong>{mark} Plan {result.verdict}</strong></p>',
             f"<p>Part du maître d’ouvrage dans les financements publics\u00a0: "
             f"<strong>{html.escape(result.part_affichee)}</strong> "
             f"({html.escape(result.minimum_affiche)}, {html.escape(result.base_minimum)}).</p>"]
    if result.reserve:
        parts.append(f'<p style="color:#8a4b00">Réserve\u00a0: {html.escape(result.reserve)}</p>')
    if result.manquements:
        parts.append("<ul>" + "".join(
            f"<li><strong>{html.escape(b.regle)}</strong>\u00a0: {html.escape(b.message)} "
            f"<em>({html.escape(b.base_legale)})</em></li>" for b in result.manquements) + "</ul>")
    if result.avertissements:
        parts.append("<ul>" + "".join(f'<li style="color:#8a4b00">⚠ {html.escape(a)}</li>'
                                      for a in result.avertissements) + "</ul>")
    if result.vigilances:
        parts.append("<ul>" + "".join(
            f"<li><strong>Point de vigilance</strong>\u00a0: {html.escape(v.texte)} "
            f"<em>({html.escape(v.base_legale)})</em></li>" for v in result.vigilances) + "</ul>")
    if with_chart:
        parts.append(figure_html(plan_chart(result.plan), plan_alt_text(result.plan)))
    return "".join(parts)


class SchemeFinderForm:
    """Filter the schemes snapshot by beneficiary, theme, kind and project stage."""

    def __init__(self, jour: date | None = None) -> None:
        self.jour = jour or date.today()

        def menu(label: str, options: dict[str, str]) -> w.Dropdown:
            return w.Dropdown(options=[_ALL] + [(v, k) for k, v in options.items()], value="",
                              description=label, style={"description_width": "9em"},
                              layout=w.Layout(width="32em"))

        self.beneficiaire = menu("Bénéficiaire", BENEFICIAIRES)
        self.theme = menu("Thème", THEMES)
        self.nature = menu("Nature", NATURES)
        self.stade = menu("Stade du projet", STADES)
        self.termines = w.Checkbox(description="Inclure les dispositifs terminés", indent=False)
        self.result = w.HTML(self.render())
        for control in (self.beneficiaire, self.theme, self.nature, self.stade, self.termines):
            control.observe(lambda _change: self.refresh(), names="value")
        self.box = w.VBox([w.HTML("<strong>Chercher un financement</strong>"), self.beneficiaire,
                           self.theme, self.nature, self.stade, self.termines, self.result])

    def render(self) -> str:
        try:
            frame = find_schemes(self.beneficiaire.value or None, self.theme.value or None,
                                 self.nature.value or None, self.stade.value or None, self.jour,
                                 self.termines.value)
        except PiuError as exc:
            return f'<p style="color:#8a4b00">⚠ {html.escape(str(exc))}</p>'
        return schemes_html(frame, self.beneficiaire.value or None, self.jour)

    def refresh(self) -> None:
        self.result.value = self.render()

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.box._repr_mimebundle_(**kwargs) or {})
        bundle["text/html"] = (f"<p><em>Formulaire interactif dans Jupyter. Ci-dessous\u00a0: tous les "
                               f"dispositifs ouverts de l’instantané. À jour\u00a0: "
                               f'<a href="{AIDES_TERRITOIRES}">Aides-territoires</a>.</em></p>'
                               + self.render())
        bundle["text/plain"] = "Chercheur de financements (formulaire)"
        return bundle


def donnees_financement(result: PlanCheck) -> dict[str, Any]:
    """Section ``financement`` of the learner's dossier (shape: piu.fil_rouge.sections)."""
    plan = result.plan

    def pct(share: float | None) -> float | None:
        return None if share is None else round(100 * share, 2)

    return {"jour": result.jour.isoformat(), "nom": plan.nom or "Plan de financement",
            "cout_total": float(plan.cout_total),
            "sources": [{"nom": s.nom, "type": s.type, "montant": float(s.montant)} for s in plan.sources],
            "part_maitre_ouvrage_pct": pct(result.part_maitre_ouvrage),
            # Already a percentage (20 for 20 %), unlike the share: not multiplied by 100 again.
            "minimum_requis_pct": result.minimum_requis, "base_legale": result.base_minimum,
            "conforme": result.conforme, "manquements": [f"{b.message} ({b.base_legale})" for b in result.manquements]}


class PlanCheckerForm:
    """Edit a plan line by line and check it; shows the verdict and the chart."""

    def __init__(self, plan: FinancingPlan, jour: date | None = None) -> None:
        self.plan = plan
        self.jour = jour or date.today()
        self.cost = w.Text(value=format_nombre(plan.cout_total), description="Coût total (€ HT)",
                           style={"description_width": "10em"})
        self.lines = w.VBox()
        for source in plan.sources:
            self._add_line(source)
        add = w.Button(description="Ajouter une source", icon="plus")
        add.on_click(lambda _b: self._add_line(FundingSource("", "public", 0.0)))
        exceptions = data.table("exceptions_participation")
        self.exception = w.Dropdown(
            options=[("aucune\u00a0: règle générale (20 %)", ""),
                     ("opération à chef de file (30 %, L1111-9)", "chef-de-file")]
            + [(str(r["libelle"])[:70], str(r["id"])) for _, r in exceptions.iterrows()],
            value="", description="Cas particulier", style={"description_width": "10em"},
            layout=w.Layout(width="46em"))
        check = w.Button(description="Vérifier le plan", button_style="primary")
        check.on_click(lambda _b: self.refresh())
        self.result = w.HTML(self.render())
        self.bouton_dossier = bouton_ajouter_au_dossier(
            "financement", lambda: donnees_financement(self.check()), "vérificateur de plan de financement")
        self.box = w.VBox([w.HTML("<strong>Vérifier un plan de financement</strong>"), self.cost,
                           w.HTML("<em>Sources\u00a0: nom, type, montant (€ HT)</em>"), self.lines,
                           add, self.exception, check, self.result, self.bouton_dossier])

    def _add_line(self, source: FundingSource) -> None:
        row = w.HBox([w.Text(value=source.nom, placeholder="nom du financeur",
                             layout=w.Layout(width="20em")),
                      w.Dropdown(options=[(v, k) for k, v in SOURCE_TYPES.items()],
                                 value=source.type, layout=w.Layout(width="22em")),
                      w.Text(value=format_nombre(source.montant), layout=w.Layout(width="10em"))])
        self.lines.children = (*self.lines.children, row)

    def read_plan(self) -> FinancingPlan:
        """The plan as typed in the form (blank lines are skipped)."""
        sources = []
        for number, row in enumerate(self.lines.children, 1):
            name, kind, amount = (c.value for c in row.children)
            if not name.strip() and not amount.strip():
                continue
            try:
                value = lire_nombre(amount, "€")
            except PiuError as exc:
                raise PiuError(f"Source n° {number}\u00a0: montant illisible. {exc}") from None
            if value < 0:
                raise PiuError(f"Source n° {number}\u00a0: le montant doit être positif.")
            sources.append(FundingSource(name.strip() or f"Source n° {number}", kind, value))
        try:
            cost = lire_nombre(self.cost.value, "€")
        except PiuError as exc:
            raise PiuError(f"Coût total illisible. {exc}") from None
        if cost <= 0 or not sources:
            raise PiuError("Indiquez un coût total positif et au moins une source.")
        return FinancingPlan(cost, tuple(sources), self.plan.nom)

    def check(self) -> PlanCheck:
        """The verdict on the plan as typed (raises PiuError on a bad entry)."""
        plan = self.read_plan()
        choice = self.exception.value
        return check_plan(plan, self.jour, exception=choice if choice not in ("", "chef-de-file") else None,
                          chef_de_file=choice == "chef-de-file")

    def render(self) -> str:
        try:
            result = self.check()
        except PiuError as exc:
            return f'<p style="color:#8a4b00">⚠ {html.escape(str(exc))}</p>'
        return check_html(result)

    def refresh(self) -> None:
        self.result.value = self.render()

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.box._repr_mimebundle_(**kwargs) or {})
        total = format_montant(self.plan.cout_total)
        bundle["text/html"] = (f"<p><em>Formulaire interactif dans Jupyter. Ci-dessous\u00a0: le verdict "
                               f"sur le plan d’exemple (coût {total}).</em></p>" + self.render())
        bundle["text/plain"] = "Vérificateur de plan de financement (formulaire)"
        return bundle


# Learner helpers called from the notebooks: none raises for a person's mistake, each prints
# a French message instead.


def en_pourcentage(part: float, decimales: int = 1) -> str:
    """A share between 0 and 1 written as a French percentage: ``0.2308`` → ``23,1 %``."""
    return format_pourcentage(part * 100, decimales)


def lire_plan(plan: str | Path | FinancingPlan) -> FinancingPlan | None:
    """A plan from YAML text, a file path, or an existing plan; prints the error if malformed."""
    if isinstance(plan, FinancingPlan):
        return plan
    try:
        if isinstance(plan, Path) or (isinstance(plan, str) and "\n" not in plan
                                       and plan.strip().endswith((".yaml", ".yml"))):
            return load_plan(plan)
        return parse_plan(str(plan), "plan tapé dans la cellule")
    except PiuError as exc:
        print(f"⚠ {exc}")
        return None


def examiner_plan(plan: Any, jour: date | str | None = None, exception: str | None = None,
                  chef_de_file: bool = False) -> PlanCheck | None:
    """Check a plan and print the verdict in French; returns the result for further use."""
    plan = lire_plan(plan)
    if plan is None:
        return None
    try:
        result = check_plan(plan, lire_date_facultative(jour), exception, chef_de_file)
    except PiuError as exc:
        print(f"⚠ {exc}")
        return None
    print(f"Plan {result.verdict}.")
    print(f"Part du maître d’ouvrage dans les financements publics\u00a0: {result.part_affichee} "
          f"({result.minimum_affiche})")
    if result.reserve:
        print(f"Réserve\u00a0: {result.reserve}")
    for breach in result.manquements:
        print(f"- [{breach.regle}] {breach.message} ({breach.base_legale})")
    for warning in result.avertissements:
        print(f"⚠ {warning}")
    for point in result.vigilances:
        print(f"Point de vigilance\u00a0: {point.texte} ({point.base_legale})")
    return result


def essayer_plan(plan: Any, jour: date | str | None = None) -> PlanCheck | None:
    """Print only the verdict and the owner's share: a hint for an exercise.

    :func:`examiner_plan` says how much is missing, which is the answer of the question
    « quel montant minimal ? » ; this one lets the learner try amounts without giving it away.
    """
    plan = lire_plan(plan)
    if plan is None:
        return None
    try:
        result = check_plan(plan, lire_date_facultative(jour))
    except PiuError as exc:
        print(f"⚠ {exc}")
        return None
    print(f"Plan {result.verdict}\u202f; part du maître d’ouvrage dans les financements publics\u00a0: "
          f"{result.part_affichee}.")
    return result


class EssaiDePlan:
    """Question « quel montant minimal ? » as a form: the learner types the owner's amount.

    The balancing line (a sponsor, say) takes what is left of the cost, so the plan stays
    balanced; the answer shows only the verdict and the owner's share, like :func:`essayer_plan`,
    never the missing amount (that is the answer to find).
    """

    def __init__(self, plan: FinancingPlan, ligne: str, complement: str, jour: date | None) -> None:
        names = [s.nom for s in plan.sources]
        for name in (ligne, complement):
            if name not in names:
                raise PiuError(f"Le plan n’a pas de ligne «\u00a0{name}\u00a0» (lignes\u00a0: {', '.join(names)}).")
        self.plan, self.ligne, self.complement, self.jour = plan, ligne, complement, jour
        start = next(s.montant for s in plan.sources if s.nom == ligne)
        self.montant = w.Text(value=format_nombre(start), description=f"{ligne} (€ HT)",
                              style={"description_width": "10em"})
        button = w.Button(description="Essayer ce montant", button_style="primary")
        button.on_click(lambda _b: self.essayer())
        self.result = w.HTML()
        self.box = w.VBox([w.HTML(f"<strong>Essayer un plan</strong> — «\u00a0{html.escape(complement)}\u00a0» "
                                  f"apporte le reste du coût ({format_montant(plan.cout_total)})."),
                           w.HBox([self.montant, button]), self.result])

    def essayer(self) -> str:
        """Check the plan with the typed amount; return (and show) the verdict line."""
        try:
            amount = lire_nombre(self.montant.value, "€")
        except PiuError as exc:
            return self._show(f"⚠ Montant illisible\u00a0: {exc}")
        others = sum(s.montant for s in self.plan.sources if s.nom not in (self.ligne, self.complement))
        rest = self.plan.cout_total - others - amount
        if amount < 0 or rest < 0:
            return self._show(f"⚠ Tapez un montant entre 0 et {format_montant(self.plan.cout_total - others)}.")
        sources = tuple(FundingSource(s.nom, s.type, amount if s.nom == self.ligne else
                                      rest if s.nom == self.complement else s.montant, s.financeur)
                        for s in self.plan.sources)
        try:
            result = check_plan(FinancingPlan(self.plan.cout_total, sources, self.plan.nom), self.jour)
        except PiuError as exc:
            return self._show(f"⚠ {exc}")
        return self._show(f"Plan {result.verdict}\u202f; part du maître d’ouvrage dans les financements "
                          f"publics\u00a0: {result.part_affichee}.")

    def _show(self, text: str) -> str:
        self.result.value = f"<p>{html.escape(text)}</p>"
        return text

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.box._repr_mimebundle_(**kwargs) or {})
        bundle["text/html"] = ("<p><em>Formulaire\u00a0: cliquez sur «\u00a0Ouvrir l’outil dans le navigateur\u00a0», "
                               "en haut de la page, pour essayer des montants.</em></p>")
        bundle["text/plain"] = "Essai de plan de financement (formulaire)"
        return bundle


def essai_de_plan(plan: Any, ligne: str, complement: str,
                  jour: date | str | None = None) -> EssaiDePlan | None:
    """The « try an amount » form on ``plan``: ``ligne`` is typed, ``complement`` balances it."""
    plan = lire_plan(plan)
    if plan is None:
        return None
    try:
        return EssaiDePlan(plan, ligne, complement, lire_date_facultative(jour))
    except PiuError as exc:
        print(f"⚠ {exc}")
        return None


def chercher_dispositifs(beneficiaire: str | None = None, theme: str | None = None,
                         nature: str | None = None, stade: str | None = None,
                         jour: date | str | None = None) -> list[str]:
    """Names of the schemes matching the criteria (for a cell or a check)."""
    try:
        frame = find_schemes(beneficiaire, theme, nature, stade, lire_date_facultative(jour))
    except PiuError as exc:
        print(f"⚠ {exc}")
        return []
    return list(frame["nom"])


def chercheur_de_dispositifs(jour: date | str | None = None) -> SchemeFinderForm | None:
    """The finder form."""
    try:
        return SchemeFinderForm(lire_date_facultative(jour))
    except PiuError as exc:
        print(f"⚠ {exc}")
        return None


def verificateur_de_plan(plan: Any, jour: date | str | None = None) -> PlanCheckerForm | None:
    """The plan-checker form, filled with ``plan``."""
    plan = lire_plan(plan)
    if plan is None:
        return None
    try:
        return PlanCheckerForm(plan, lire_date_facultative(jour))
    except PiuError as exc:
        print(f"⚠ {exc}")
        return None


def verifier_de_minimis(aides_recues: list[tuple[str, Any]] | list[tuple[str, Any, str]],
                        nouvelle_aide: Any, jour: date | str, regime: str = "general") -> bool | None:
    """Check a new aid against the de minimis ceiling in force on ``jour``; prints the verdict.

    ``aides_recues`` lists the aids already granted: ``("AAAA-MM-JJ", montant)`` or
    ``("AAAA-MM-JJ", montant, "financeur")``.
    """
    try:
        aids = []
        for item in aides_recues:
            if not isinstance(item, tuple | list) or len(item) not in (2, 3):
                raise PiuError(f"Aide «\u00a0{item}\u00a0»\u00a0: écrivez (\"AAAA-MM-JJ\", montant) ou "
                               f"(\"AAAA-MM-JJ\", montant, \"financeur\").")
            aids.append(Aid(lire_date(item[0]), item[1], item[2] if len(item) == 3 else ""))
        result = check_de_minimis(aids, nouvelle_aide, lire_date_facultative(jour), regime)
    except PiuError as exc:
        print(f"⚠ {exc}")
        return None
    print(("✔ " if result.conforme else "✘ ") + result.message())
    return result.conforme


def graphique_plan(plan: Any) -> ChartImage | None:
    """The bar chart of a plan by source (shown as an image, its alt text as plain text)."""
    plan = lire_plan(plan)
    return None if plan is None else ChartImage(plan_chart(plan), plan_alt_text(plan))


def paiement_html(result: Paiement) -> str:
    """The advance, the due date and the interest owed, as HTML."""
    head = [line for line in result.texte().splitlines()[:4] if not line.startswith(("Base", "Attention"))]
    body = "".join(f"<p>{html.escape(line)}</p>" for line in head)
    if result.bases:
        body += "<ul>" + "".join(f"<li><em>{html.escape(base)}</em></li>" for base in result.bases) + "</ul>"
    body += "".join(f'<p style="color:#8a4b00">⚠ {html.escape(note)}</p>' for note in result.avertissements)
    return f'<div class="piu-paiement">{espaces_insecables(body)}</div>'


class PaymentForm:
    """Advance, payment due date and late-payment interest of a contract, on dates."""

    def __init__(self, valeurs: dict[str, Any]) -> None:
        self.valeurs = valeurs
        style = {"description_width": "22em"}

        def text(key: str, label: str, placeholder: str = "") -> w.Text:
            return w.Text(value=str(valeurs.get(key) or ""), description=label, placeholder=placeholder,
                          style=style, layout=w.Layout(width="36em"))

        self.montant = text("montant_ht", "Montant initial du marché (€ HT)")
        self.duree = text("duree_mois", "Délai d’exécution (mois)")
        self.lancement = text("lancement", "Lancement de la consultation", "AAAA-MM-JJ")
        self.tva = text("tva_pct", "Taux de TVA (%)")
        self.pme = w.Checkbox(value=bool(valeurs.get("pme")), description="Le titulaire est une PME",
                              indent=False)
        self.acheteur = w.Dropdown(
            options=[("Collectivité (dépenses de fonctionnement jusqu’à 60 M€)", "collectivite"),
                     ("Collectivité (dépenses de fonctionnement au-delà de 60 M€)", "grande-collectivite")],
            value=valeurs.get("acheteur", "collectivite"), description="Acheteur", style=style,
            layout=w.Layout(width="46em"))
        self.demande = text("demande", "Demande de paiement reçue le", "AAAA-MM-JJ (facultatif)")
        self.paiement = text("paiement", "Payée le", "AAAA-MM-JJ (facultatif)")
        self.somme = text("somme_ttc", "Somme payée en retard (€ TTC)", "défaut\u00a0: tout le marché")
        self.taux = text("taux_bce_pct", "Taux de la BCE (%), s’il n’est pas connu", "facultatif")
        go = w.Button(description="Calculer", button_style="primary")
        go.on_click(lambda _b: self.refresh())
        self.result = w.HTML(self.render())
        self.box = w.VBox([w.HTML("<strong>Avance, délai de paiement et intérêts moratoires</strong>"),
                           self.montant, self.duree, self.lancement, self.tva, self.pme, self.acheteur,
                           self.demande, self.paiement, self.somme, self.taux, go, self.result])

    def compute(self) -> Paiement:
        def opt(widget: w.Text) -> str | None:
            return widget.value.strip() or None

        return calculer_paiement(self.montant.value, self.duree.value, self.lancement.value.strip(),
                                 tva_pct=self.tva.value or "20", pme=self.pme.value,
                                 acheteur=self.acheteur.value, demande=opt(self.demande),
                                 paiement=opt(self.paiement), somme_ttc=opt(self.somme),
                                 taux_bce_pct=opt(self.taux))

    def render(self) -> str:
        try:
            return paiement_html(self.compute())
        except PiuError as exc:
            return f'<p style="color:#8a4b00">⚠ {html.escape(str(exc))}</p>'

    def refresh(self) -> None:
        self.result.value = self.render()

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.box._repr_mimebundle_(**kwargs) or {})
        bundle["text/html"] = ("<p><em>Formulaire interactif dans Jupyter. Ci-dessous\u00a0: le calcul pour "
                               "les valeurs d’exemple.</em></p>" + self.render())
        bundle["text/plain"] = "Calculateur d’avance et d’intérêts moratoires (formulaire)"
        return bundle


def calculateur_paiement(montant_ht: Any = "120 000", duree_mois: Any = 18, lancement: Any = "2026-02-01",
                         pme: bool = True, acheteur: str = "grande-collectivite",
                         demande: Any = "2026-03-02", paiement: Any = "2026-04-20",
                         somme_ttc: Any = "36 000", taux_bce_pct: Any = None,
                         tva_pct: Any = 20) -> PaymentForm | None:
    """The payment form, filled with an example (or the values given)."""
    if acheteur not in ACHETEURS_PAIEMENT:
        print(f"⚠ Acheteur «\u00a0{acheteur}\u00a0» inconnu\u00a0: choisissez {' ou '.join(ACHETEURS_PAIEMENT)}.")
        return None
    values = {"montant_ht": montant_ht, "duree_mois": format_nombre(float(duree_mois))
              if isinstance(duree_mois, int | float) else duree_mois,
              "lancement": lancement, "tva_pct": tva_pct, "pme": pme, "acheteur": acheteur,
              "demande": demande, "paiement": paiement, "somme_ttc": somme_ttc,
              "taux_bce_pct": taux_bce_pct}
    return PaymentForm(values)


def calculer_avance_et_retard(*args: Any, **kwargs: Any) -> Paiement | None:
    """:func:`piu.financement.paiement.calculer_paiement`, printing the result or a French message."""
    try:
        result = calculer_paiement(*args, **kwargs)
    except PiuError as exc:
        print(f"⚠ {exc}")
        return None
    print(result.texte())
    return result
