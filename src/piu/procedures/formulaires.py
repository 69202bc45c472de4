"""Forms of module 3 for notebooks: « Quel contrat ? », the procedure advisor, the
estimated-value helper, the « Est-ce innovant ? » checklist.

Each function returns an object that Jupyter shows as a live form and the static book as the
HTML result of its default values (the book has no kernel to run the widgets).
"""

from __future__ import annotations

import html
from datetime import date
from typing import Any

import ipywidgets as w

from piu.core.errors import PiuError
from piu.core.learner.widgets import bouton_ajouter_au_dossier
from piu.core.typography import espaces_insecables
from piu.procedures.candidats import plafond_chiffre_affaires
from piu.procedures.concession import ELEMENTS_CONCESSION, estimer_concession
from piu.procedures.conseil import ACHETEURS, NATURES, VOIES, BesoinInvalide, Conseil, conseiller
from piu.procedures.contrat import INITIATIVES, REMUNERATIONS, QualificationContrat, qualifier
from piu.procedures.innovation import INDICES, NoteInnovation, evaluer_innovation
from piu.procedures.valeur import Estimation, estimer_valeur

__all__ = [
    "calculateur_valeur",
    "chiffre_affaires_exigible",
    "conseiller_procedure",
    "donnees_contrat",
    "donnees_innovation",
    "donnees_procedure",
    "est_ce_innovant",
    "html_conseil",
    "html_contrat",
    "quel_contrat",
    "valeur_concession",
]

_BOX = w.Layout(border="1px solid #9aa5b1", padding="0.6em", margin="0.8em 0")
_WIDE = {"description_width": "14em"}


def _fr(text: str) -> str:
    """Learner-visible text for HTML: French typography (’, no-break spaces), then escaped."""
    return html.escape(espaces_insecables(text), quote=False)


def _pre(text: str) -> str:
    return f'<pre style="white-space:pre-wrap;font-family:inherit">{_fr(text)}</pre>'


def _error(exc: Exception) -> str:
    return f'<p style="color:#8a4b00">⚠ {_fr(str(exc))}</p>'


def html_conseil(conseil: Conseil) -> str:
    """The advisor's answer as an HTML block (book and widget share it): the routes by their
    names, never their identifiers (``mapa``, ``appel-offres``: the command's ``--json`` has them)."""
    items = "".join(
        f"<li><strong>{_fr(v.nom)}</strong><br>"
        f"<em>Base légale\u00a0:</em> {_fr(v.base_legale)}<br>"
        f"<em>Publicité\u00a0:</em> {_fr(v.publicite)}<br>"
        f"<em>Pourquoi\u00a0:</em> {_fr(v.explication)}</li>" for v in conseil.voies)
    head = _fr(conseil.texte().split("\n", 1)[0])
    optional = "".join(f"<li>{_fr(v.nom)} ({_fr(v.base_legale)})</li>"
                       for v in conseil.facultatives)
    notes = "".join(f"<li>{_fr(a)}</li>" for a in conseil.avertissements)
    duties = "".join(
        f"<li>{_fr(o.libelle)}<br><em>Base légale\u00a0:</em> {_fr(o.base_legale)}\u202f; "
        f"{_fr('en vigueur depuis le')} {o.valid_from:%d/%m/%Y}<br><em>Voies\u00a0:</em> "
        f"{_fr(', '.join(VOIES[v] for v in o.voies))}</li>" for o in conseil.obligations)
    optional_head = _fr("Possible aussi, par choix de l’acheteur (facultatif)\u00a0: une procédure "
                        "formalisée, appliquée alors dans son intégralité (R2123-6)")
    return (f'<div class="piu-conseil"><p>{head}</p><ol>{items}</ol>'
            + (f"<p>{optional_head}</p><ul>{optional}</ul>" if optional else "")
            + (f"<p><strong>{_fr('Obligations qui accompagnent ces voies')}</strong></p>"
               f"<ul>{duties}</ul>" if duties else "")
            + (f"<p><strong>{_fr('Points d’attention')}</strong></p><ul>{notes}</ul>"
               if notes else "")
            + "</div>")


def html_contrat(result: QualificationContrat) -> str:
    """The « Quel contrat ? » answer as an HTML block (book and widget share it)."""
    q = result.qualification
    points = "".join(f"<li>{_fr(v.texte)} <em>({_fr(v.base_legale)})</em></li>"
                     for v in result.vigilance)
    return (f'<div class="piu-contrat"><p><strong>{_fr("Quel contrat ? " + q.libelle)}</strong>'
            f"</p><p><em>Base légale\u00a0:</em> {_fr(q.base_legale)}</p><p>{_fr(q.explication)}</p>"
            + (f"<p><strong>{_fr('Points de vigilance')}</strong></p><ul>{points}</ul>"
               if points else "")
            + "</div>")


# -- sections of the learner's dossier (shapes: piu.fil_rouge.sections) -------------------------
def donnees_innovation(note: NoteInnovation, objet: str) -> dict[str, Any]:
    """Section ``innovation`` of the dossier, from the checklist's result."""
    by_id = {i.id: i for i in INDICES}
    return {"objet": objet.strip() or "à préciser", "indices": [by_id[i].si_oui for i in note.oui],
            "conclusion": note.conclusion, "note": note.note, "solide": note.solide}


def donnees_contrat(result: QualificationContrat) -> dict[str, Any]:
    """Section ``contrat`` of the dossier, from « Quel contrat ? »."""
    q = result.qualification
    return {"jour": result.jour.isoformat(), "qualification": q.id, "libelle": q.libelle,
            "base_legale": q.base_legale, "explication": q.explication,
            "vigilances": [v.texte for v in result.vigilance]}


def donnees_procedure(conseil: Conseil, estimation: Estimation | None = None) -> dict[str, Any]:
    """Section ``procedure`` of the dossier, from the advisor (and the estimated value, if any)."""
    lots = [{"libelle": lot.libelle, "montant_ht": lot.total_ht} for lot in estimation.lots] if estimation else []
    return {"jour": conseil.jour.isoformat(), "acheteur": ACHETEURS.get(conseil.acheteur, conseil.acheteur),
            "nature": NATURES.get(conseil.nature, conseil.nature), "valeur_ht": float(conseil.montant_ht),
            "lots": lots, "voies": [{"nom": v.nom, "base_legale": v.base_legale} for v in conseil.voies],
            "obligations": [f"{o.libelle} ({o.base_legale})" for o in conseil.obligations]}


def _no_result() -> dict[str, Any]:
    raise PiuError("Le formulaire n’a pas encore de résultat valable\u00a0: corrigez-le puis réessayez.")


class _Tool:
    """A form plus the HTML of its default result, shown by the book instead of the widget."""

    def __init__(self, box: w.Widget, default_html: str, plain: str) -> None:
        self.box = box
        self.default_html = default_html
        self.plain = plain

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.box._repr_mimebundle_(**kwargs) or {})
        bundle["text/html"] = self.default_html
        bundle["text/plain"] = self.plain
        return bundle


def conseiller_procedure(acheteur: str = "collectivite", nature: str = "services",
                         montant: str = "85 000", jour: date | None = None,
                         innovant: bool = True, rd: bool = False) -> _Tool:
    """The advisor as a form: choose, type the amount, click « Quelles procédures ? »."""
    day = jour or date.today()
    buyer = w.Dropdown(options=[(label, key) for key, label in ACHETEURS.items()], value=acheteur,
                       description="Acheteur", style=_WIDE, layout=w.Layout(width="40em"))
    kind = w.Dropdown(options=[(label, key) for key, label in NATURES.items()], value=nature,
                      description="Nature", style=_WIDE)
    amount = w.Text(value=montant, description="Valeur estimée (€ HT)", style=_WIDE,
                    placeholder="150 000 ou 150k€")
    launch = w.DatePicker(value=day, description="Lancement", style=_WIDE)
    innovative = w.Checkbox(value=innovant, description="Solution innovante (L2172-3)", indent=False)
    research = w.Checkbox(value=rd, description="R&D nécessaire avant tout achat", indent=False)
    button = w.Button(description=espaces_insecables("Quelles procédures\u202f?"),
                      button_style="primary")
    out = w.HTML()
    last: dict[str, Any] = {}

    def run(_: object = None) -> None:
        last.clear()
        try:
            last["conseil"] = conseiller(buyer.value, kind.value, amount.value, launch.value,
                                         innovative.value, research.value)
            out.value = html_conseil(last["conseil"])
        except PiuError as exc:
            out.value = _error(exc)

    button.on_click(run)
    run()
    save = bouton_ajouter_au_dossier(
        "procedure", lambda: donnees_procedure(last["conseil"]) if last else _no_result(), "conseiller de procédure")
    box = w.VBox([w.HTML("<strong>Conseiller de procédure</strong>"), buyer, kind, amount, launch,
                  innovative, research, button, out, save], layout=_BOX)
    return _Tool(box, out.value, "Conseiller de procédure (formulaire)")


def quel_contrat(initiative: str = "porteur", remuneration: str = "aucune",
                 risque_exploitation: bool = False, domaine_public: bool = True,
                 jour: date | None = None) -> _Tool:
    """« Quel contrat ? » as a form: four answers, then « Quel contrat ? » (before the procedure)."""
    who = w.Dropdown(options=[(label, key) for key, label in INITIATIVES.items()],
                     value=initiative, description="Qui définit le projet\u202f?", style=_WIDE,
                     layout=w.Layout(width="44em"))
    pay = w.Dropdown(options=[(label, key) for key, label in REMUNERATIONS.items()],
                     value=remuneration, description="Qui paie l’opérateur\u202f?", style=_WIDE,
                     layout=w.Layout(width="44em"))
    risk = w.Checkbox(value=risque_exploitation, indent=False,
                      description="L’opérateur porte réellement le risque d’exploitation")
    domain = w.Checkbox(value=domaine_public, indent=False,
                        description="Le projet occupe le domaine public")
    day = w.DatePicker(value=jour or date.today(), description="Date", style=_WIDE)
    button = w.Button(description=espaces_insecables("Quel contrat\u202f?"), button_style="primary")
    out = w.HTML()
    last: dict[str, Any] = {}

    def run(_: object = None) -> None:
        last.clear()
        try:
            last["contrat"] = qualifier(who.value, pay.value, risk.value, domain.value, day.value)
            out.value = html_contrat(last["contrat"])
        except PiuError as exc:
            out.value = _error(exc)

    button.on_click(run)
    run()
    save = bouton_ajouter_au_dossier(
        "contrat", lambda: donnees_contrat(last["contrat"]) if last else _no_result(),
        "«\u00a0Quel contrat\u202f?\u00a0»")
    box = w.VBox([w.HTML(f"<strong>{_fr('Quel contrat ?')}</strong>"), who, pay, risk, domain,
                  day, button, out, save], layout=_BOX)
    return _Tool(box, out.value, "Quel contrat\u202f? (formulaire)")


def _lots(text: str, renewals: int, options: str) -> list[dict[str, object]]:
    """One lot per non-empty line: ``95 000`` or ``Lot voirie : 95 000``."""
    lots = []
    for number, line in enumerate((x for x in text.splitlines() if x.strip()), start=1):
        label, _, amount = line.rpartition(":")
        lots.append({"libelle": label.strip() or f"Lot {number}", "montant_ht": amount.strip(),
                     "reconductions": renewals, "options_ht": options})
    if not lots:
        raise BesoinInvalide("Tapez le montant d’une période de chaque lot, un lot par ligne "
                             "(par exemple 95 000).")
    return lots


def calculateur_valeur(nature: str = "services", montants: str = "30 000\n30 000\n30 000",
                       reconductions: int = 3, options: str = "0",
                       acheteur: str = "collectivite", jour: date | None = None) -> _Tool:
    """The estimated-value helper as a form: one line per lot, renewals, options, buyer, date.

    Lots may have different amounts; the warnings compare them with every threshold in force
    on the launch date for this buyer (EU, MAPA publicity, innovative purchase, dispense).
    """
    buyer = w.Dropdown(options=[(label, key) for key, label in ACHETEURS.items()], value=acheteur,
                       description="Acheteur", style=_WIDE, layout=w.Layout(width="40em"))
    kind = w.Dropdown(options=[(label, key) for key, label in NATURES.items()], value=nature,
                      description="Nature", style=_WIDE)
    launch = w.DatePicker(value=jour or date.today(), description="Lancement", style=_WIDE)
    amounts = w.Textarea(value=montants, description="Montant d’une période, un lot par ligne "
                         "(€ HT)", style=_WIDE, layout=w.Layout(width="40em", height="7em"),
                         placeholder="95 000\nLot éclairage\u00a0: 40 000")
    renewals = w.BoundedIntText(value=reconductions, min=0, max=20,
                                description="Reconductions (chaque lot)", style=_WIDE)
    opts = w.Text(value=options, description="Options par lot (€ HT)", style=_WIDE)
    button = w.Button(description="Calculer", button_style="primary")
    out = w.HTML()

    def run(_: object = None) -> None:
        try:
            result = estimer_valeur(_lots(amounts.value, int(renewals.value), opts.value),
                                    nature=kind.value, jour=launch.value, acheteur=buyer.value)
            out.value = _pre(result.texte())
        except PiuError as exc:
            out.value = _error(exc)

    button.on_click(run)
    run()
    box = w.VBox([w.HTML("<strong>Valeur estimée du besoin</strong>"), buyer, kind, launch,
                  amounts, renewals, opts, button, out], layout=_BOX)
    return _Tool(box, out.value, "Calcul de la valeur estimée (formulaire)")


def est_ce_innovant(objet: str = "", cochees: tuple[str, ...] = (),
                    jour: date | None = None) -> _Tool:
    """The « Est-ce innovant ? » checklist: tick the indicators, get a note for the file."""
    boxes = {i.id: w.Checkbox(value=i.id in cochees, description=espaces_insecables(i.question),
                              indent=False,
                              layout=w.Layout(width="auto")) for i in INDICES}
    subject = w.Text(value=objet, description="Objet de l’achat", style=_WIDE,
                     placeholder="par exemple\u00a0: capteurs de remplissage des bornes à verre",
                     layout=w.Layout(width="40em"))
    button = w.Button(description="Rédiger la note", button_style="primary")
    out = w.HTML()
    last: dict[str, Any] = {}

    def run(_: object = None) -> None:
        last.clear()
        try:
            result = evaluer_innovation({k: b.value for k, b in boxes.items()}, subject.value, jour)
            last["note"] = result
            out.value = _pre(result.note)
        except PiuError as exc:
            out.value = _error(exc)

    button.on_click(run)
    run()
    groups: list[w.Widget] = [w.HTML(f"<strong>{_fr('Est-ce innovant ?')}</strong>"), subject]
    for axis in dict.fromkeys(i.axe for i in INDICES):
        groups.append(w.HTML(f"<em>{_fr(axis)}</em>"))
        groups += [boxes[i.id] for i in INDICES if i.axe == axis]
    save = bouton_ajouter_au_dossier(
        "innovation", lambda: donnees_innovation(last["note"], subject.value) if last else _no_result(),
        "«\u00a0Est-ce innovant\u202f?\u00a0»")
    box = w.VBox([*groups, button, out, save], layout=_BOX)
    return _Tool(box, out.value, "Est-ce innovant\u202f? (formulaire)")


def chiffre_affaires_exigible(montant: str = "180 000", exige: str = "400 000",
                              jour: date | None = None) -> _Tool:
    """The turnover ceiling (R2142-7) as a form: estimated value, launch date, planned requirement."""
    amount = w.Text(value=montant, description="Montant estimé du marché ou du lot (€ HT)", style=_WIDE,
                    layout=w.Layout(width="40em"))
    planned = w.Text(value=exige, description="Chiffre d’affaires que vous voulez exiger (€ HT)",
                     style=_WIDE, layout=w.Layout(width="40em"), placeholder="facultatif")
    launch = w.DatePicker(value=jour or date(2026, 3, 1), description="Lancement", style=_WIDE)
    button = w.Button(description="Vérifier", button_style="primary")
    out = w.HTML()

    def run(_: object = None) -> None:
        try:
            result = plafond_chiffre_affaires(amount.value, launch.value, planned.value.strip() or None)
            out.value = _pre(result.texte())
        except PiuError as exc:
            out.value = _error(exc)

    button.on_click(run)
    run()
    box = w.VBox([w.HTML(f"<strong>{_fr('Chiffre d’affaires minimal exigible des candidats')}</strong>"),
                  amount, planned, launch, button, out], layout=_BOX)
    return _Tool(box, out.value, "Chiffre d’affaires exigible (formulaire)")


def valeur_concession(recettes_usagers: str = "4 200 000", paiements_publics: str = "1 300 000",
                      jour: date | None = None, **autres: str) -> _Tool:
    """The value of a concession (R3121-1 and R3121-2) as a form, compared with the EU threshold."""
    values = {"recettes_usagers": recettes_usagers, "paiements_publics": paiements_publics, **autres}
    fields = {key: w.Text(value=str(values.get(key) or ""), description=label[:1].upper() + label[1:],
                          style={"description_width": "30em"}, layout=w.Layout(width="44em"),
                          placeholder="€ HT sur toute la durée")
              for key, label in ELEMENTS_CONCESSION.items()}
    launch = w.DatePicker(value=jour or date(2026, 5, 1), description="Lancement", style=_WIDE)
    button = w.Button(description="Calculer", button_style="primary")
    out = w.HTML()

    def run(_: object = None) -> None:
        try:
            result = estimer_concession(launch.value, **{k: f.value.strip() for k, f in fields.items()})
            out.value = _pre(result.texte())
        except PiuError as exc:
            out.value = _error(exc)

    button.on_click(run)
    run()
    box = w.VBox([w.HTML("<strong>Valeur estimée d’une concession</strong>"), launch, *fields.values(),
                  button, out], layout=_BOX)
    return _Tool(box, out.value, "Valeur estimée d’une concession (formulaire)")
