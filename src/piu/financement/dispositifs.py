"""The schemes dataset (``data/dispositifs.csv``) and the finder that filters it.

The dataset is a dated teaching snapshot (column ``releve_le``): schemes open and close every
year. The official, live source is Aides-territoires, the State's platform listing aids for
local authorities; its API needs a key, so the course does not query it and sends the learner
there instead (:data:`AIDES_TERRITOIRES`).
"""

from __future__ import annotations

import html
from datetime import date

import pandas as pd

from piu.core import data
from piu.core.errors import PiuError
from piu.core.typography import accorder

__all__ = ["AIDES_TERRITOIRES", "BENEFICIAIRES", "NATURES", "STADES", "THEMES", "find_schemes",
           "qui_peut_aider", "schemes_html", "snapshot_date"]

AIDES_TERRITOIRES = "https://aides-territoires.beta.gouv.fr/"

NATURES = {
    "subvention": "Subvention",
    "pret": "Prêt",
    "fonds-propres": "Fonds propres",
    "cee": "Programme CEE",
    "fonds-europeen": "Fonds européen",
    "appel-a-projets": "Appel à projets",
    "ingenierie": "Appui en ingénierie",
}
BENEFICIAIRES = {
    "commune": "Commune",
    "epci": "Intercommunalité (EPCI)",
    "departement": "Département",
    "region": "Région",
    "sem-spl": "SEM ou SPL",
    "scic-ess": "SCIC ou entreprise de l'ESS",
    "entreprise": "Entreprise (start-up, PME)",
    "association": "Association",
}
THEMES = {
    "amenagement": "Aménagement",
    "economie-circulaire": "Économie circulaire",
    "energie": "Énergie",
    "innovation": "Innovation",
    "logistique": "Logistique urbaine",
    "mobilite": "Mobilité",
    "numerique": "Numérique",
    "renaturation": "Nature en ville",
    "renovation": "Rénovation des bâtiments",
    "revitalisation": "Revitalisation, commerce",
}
STADES = {
    "etudes": "Études, montage",
    "experimentation": "Expérimentation",
    "investissement": "Investissement",
    "developpement": "Création, développement d'une entreprise",
}
STATUTS = {"confirme": "confirmé", "a-verifier": "à vérifier", "termine": "terminé"}


def _check(value: str | None, allowed: dict[str, str], label: str) -> None:
    if value and value not in allowed:
        raise PiuError(f"{label} « {value} » inconnu ; valeurs possibles : {', '.join(allowed)}.")


def _contains(column: pd.Series, value: str) -> pd.Series:
    return column.map(lambda cell: value in str(cell).split(";"))


def snapshot_date() -> date:
    """Date of the most recent entry of the snapshot."""
    return max(data.table("dispositifs")["releve_le"])


def find_schemes(beneficiaire: str | None = None, theme: str | None = None,
                 nature: str | None = None, stade: str | None = None,
                 jour: date | None = None, inclure_termines: bool = False) -> pd.DataFrame:
    """Schemes open on ``jour`` (default: today) matching every criterion given.

    A scheme whose start date was not recorded counts as open; ended schemes (``statut``
    ``termine`` or ``valid_to`` before ``jour``) are left out unless ``inclure_termines``.
    """
    _check(beneficiaire, BENEFICIAIRES, "Bénéficiaire")
    _check(theme, THEMES, "Thème")
    _check(nature, NATURES, "Nature")
    _check(stade, STADES, "Stade")
    jour = jour or date.today()
    frame = data.table("dispositifs")
    if not inclure_termines:
        frame = data.en_vigueur(frame, jour)
        # An ended scheme whose end date was not recorded is left out too.
        frame = frame[(frame["statut"] != "termine") | frame["valid_to"].notna()]
    if beneficiaire:
        frame = frame[_contains(frame["beneficiaires"], beneficiaire)]
    if theme:
        frame = frame[_contains(frame["thematiques"], theme)]
    if stade:
        frame = frame[_contains(frame["stades"], stade)]
    if nature:
        frame = frame[frame["nature"] == nature]
    return frame.reset_index(drop=True)


def _rule(rule_id: str, jour: date) -> pd.Series | None:
    try:
        return data.ligne("regles_financement", rule_id, jour)
    except PiuError:
        return None


def qui_peut_aider(beneficiaire: str | None, jour: date | None = None) -> list[str]:
    """For a business beneficiary: which collectivité may pay what, on which basis.

    Read from the dated rows of ``regles_financement``; empty for a collectivité beneficiary.
    """
    if beneficiaire not in ("entreprise", "scic-ess"):
        return []
    jour = jour or date.today()
    lines = []
    region = _rule("aides-entreprises-region", jour)
    if region is not None:
        lines.append(f"La Région définit et accorde les aides aux entreprises ; une commune ou une "
                     f"intercommunalité n'y participe que par convention avec elle "
                     f"({region['base_legale']}).")
    estate = _rule("immobilier-entreprise", jour)
    if estate is not None:
        lines.append(f"Les communes et intercommunalités accordent en propre les aides à "
                     f"l'immobilier d'entreprise ({estate['base_legale']}).")
    lines.append("Une collectivité peut aussi compenser un service d'intérêt économique général "
                 "qu'elle a régulièrement confié ; une commune ou une intercommunalité peut "
                 "s'appuyer sur une base spéciale (service nécessaire à la population en milieu "
                 "rural quand l'initiative privée fait défaut, L2251-3 ; professionnels de santé, "
                 "L1511-8 ; garanties d'emprunt, L2252-1). Hors de ces bases, elle ne finance "
                 "qu'une action non économique d'intérêt général qui relève de ses compétences, "
                 "jamais l'activité commerciale d'une entreprise.")
    scic = _rule("subvention-scic", jour)
    if beneficiaire == "scic-ess" and scic is not None:
        lines.append(f"Une SCIC peut recevoir des subventions des collectivités « en vue de "
                     f"participer à son développement », dans ces mêmes limites "
                     f"({scic['base_legale']}).")
    lines.append("Toute aide à une entreprise respecte les règles européennes des aides d'État "
                 "(de minimis, exemption par catégorie, SIEG).")
    return lines


def schemes_html(frame: pd.DataFrame, beneficiaire: str | None = None,
                 jour: date | None = None) -> str:
    """An HTML table of schemes for the finder form and the book (no pandas styling).

    For a business beneficiary, a note says which collectivité may pay what, on which basis.
    """
    who = qui_peut_aider(beneficiaire, jour)
    note = ("" if not who else "<p><strong>Qui peut aider, sur quelle base ?</strong></p><ul>"
            + "".join(f"<li>{html.escape(line)}</li>" for line in who) + "</ul>")
    if frame.empty:
        return ("<p>Aucun dispositif de l'instantané ne correspond. Élargissez la recherche, ou "
                f'cherchez sur <a href="{AIDES_TERRITOIRES}">Aides-territoires</a>.</p>' + note)
    rows = []
    for _, r in frame.iterrows():
        statut = STATUTS.get(str(r["statut"]), str(r["statut"]))
        flag = "" if r["statut"] == "confirme" else f' <em>({html.escape(statut)})</em>'
        rows.append(
            "<tr>"
            f'<td><a href="{html.escape(str(r["url"]))}">{html.escape(str(r["nom"]))}</a></td>'
            f"<td>{html.escape(str(r['financeur']))}</td>"
            f"<td>{html.escape(NATURES.get(str(r['nature']), str(r['nature'])))}</td>"
            f"<td>{html.escape(str(r['montant_indicatif']))}{flag}</td>"
            "</tr>")
    when = f"{snapshot_date():%d/%m/%Y}"
    return ('<table class="piu-dispositifs"><thead><tr><th>Dispositif</th><th>Financeur</th>'
            "<th>Nature</th><th>Montants indicatifs</th></tr></thead><tbody>" + "".join(rows)
            + f"</tbody></table><p><small>{accorder(len(frame), 'dispositif')}. Instantané pédagogique relevé "
            f"le {when} : les dispositifs changent chaque année. Source officielle et à jour : "
            f'<a href="{AIDES_TERRITOIRES}">Aides-territoires</a>.</small></p>' + note)
