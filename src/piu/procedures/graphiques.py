"""The decision path of the advisor as an HTML diagram, with the thresholds of a given day.

The diagram mirrors :func:`piu.procedures.conseil.conseiller`: the same thresholds, read from
``data/seuils.csv`` for the launch date, in the same order of questions. It is HTML rather than
a matplotlib picture: its text stays readable on a phone and in dark mode, a screen reader
reads it in order, and in the browser (JupyterLite) the module needs no matplotlib at all
(about 9 MB less to download before the first form).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

from piu.core.french_numbers import format_montant
from piu.core.typography import espaces_insecables
from piu.procedures.conseil import (
    ACHETEURS,
    DateHorsDonnees,
    Seuil,
    periode_couverte,
    seuils_applicables,
)

__all__ = ["SchemaDecision", "schema_decision", "texte_alternatif"]

_QUESTION = "#fdf3d8"
_ROUTE = "#dcebf7"
_INK = "#1b1b1b"


def _thresholds(day: date, acheteur: str, nature: str) -> tuple[dict[str, Seuil], date, str]:
    """The thresholds for ``day``, or for the nearest day the data covers, with a note saying so.

    The book is built on the day it is built: a figure asked for « today » must still draw
    after the last threshold row ends, showing which day's thresholds it uses.
    """
    try:
        return seuils_applicables(acheteur, nature, day), day, ""
    except DateHorsDonnees:
        start, end = periode_couverte(acheteur=acheteur, nature=nature)
        used = end if end is not None and day > end else start
        note = (f"date demandée ({day:%d/%m/%Y}) hors des données : seuils du "
                f"{used:%d/%m/%Y}, date connue la plus proche")
        return seuils_applicables(acheteur, nature, used), used, note


@dataclass(frozen=True)
class SchemaDecision:
    """The questions in order, each with the route a « oui » leads to, then the last route."""

    titre: str
    etapes: tuple[tuple[str, str], ...]
    dernier: str
    note: str

    def html(self) -> str:
        """The diagram: one row per question (question → « oui » → route), « non » leads down."""
        box = ("border:1px solid #44546a;border-radius:6px;padding:0.35em 0.6em;"
               f"color:{_INK};flex:1 1 13em;max-width:22em")
        rows = []
        for question, route in self.etapes:
            rows.append(
                '<li style="display:flex;flex-wrap:wrap;align-items:center;gap:0.4em;margin:0">'
                f'<span style="{box};background:{_QUESTION}">{html.escape(question, quote=False)}</span>'
                '<span aria-hidden="true" style="white-space:nowrap">— oui →</span>'
                '<span class="visually-hidden" style="position:absolute;left:-9999px">si oui :</span>'
                f'<span style="{box};background:{_ROUTE}">{html.escape(route, quote=False)}</span></li>'
                '<li aria-hidden="true" style="margin:0.1em 0 0.1em 1.5em;list-style:none">↓ non</li>')
        rows.append(f'<li style="display:flex;margin:0"><span style="{box};background:{_ROUTE}">'
                    f"{html.escape(self.dernier, quote=False)}</span></li>")
        # Its own colours, so that it reads the same in a dark page or notebook theme.
        return (f'<figure class="piu-schema" style="margin:0.8em 0;padding:0.5em;background:#ffffff;'
                f'color:{_INK}"><figcaption style="color:{_INK}"><strong>'
                f"{html.escape(self.titre, quote=False)}</strong></figcaption>"
                f'<ol style="list-style:none;padding:0;margin:0.5em 0">{"".join(rows)}</ol>'
                f'<p style="color:{_INK}"><em>{html.escape(self.note, quote=False)}</em></p></figure>')

    def _repr_html_(self) -> str:
        return self.html()


def schema_decision(jour: date | None = None, acheteur: str = "collectivite",
                    nature: str = "services") -> SchemaDecision:
    """The decision path for ``acheteur`` and ``nature`` with the thresholds in force on ``jour``."""
    s, day, note = _thresholds(jour or date.today(), acheteur, nature)
    dispense, innov, eu = (format_montant(s[k].montant_ht) for k in ("dispense", "achat_innovant", "europeen"))
    etapes = (
        ("Faut-il de la R&D avant tout achat ?",
         "Partenariat d'innovation ou R&D hors code (L2512-5 2°)"),
        (f"Valeur strictement inférieure à {dispense} ? (dispense)",
         "Sans publicité ni mise en concurrence (R2122-8)"),
        (f"Solution innovante et valeur strictement inférieure à {innov} ?",
         "Achat innovant sans publicité (R2122-9-1)"),
        (f"Valeur strictement inférieure à {eu} ? (seuil européen)", "Procédure adaptée (MAPA) (R2123-1)"),
        ("Solution innovante ? (R2124-3 2°)", "Négociation ou dialogue compétitif"),
    )
    titre = (f"Choisir la procédure : {nature}, {ACHETEURS[acheteur]} — "
             + (note if note else f"seuils en vigueur le {day:%d/%m/%Y}"))
    return SchemaDecision(
        espaces_insecables(titre), tuple((espaces_insecables(q), espaces_insecables(r)) for q, r in etapes),
        espaces_insecables("Sinon : appel d'offres (R2124-2)"),
        espaces_insecables("Une réponse « oui » n'exclut pas les voies plus bas : un acheteur peut "
                           "toujours choisir plus de concurrence."))


def texte_alternatif(jour: date | None = None, acheteur: str = "collectivite",
                     nature: str = "services") -> str:
    """The alt text of :func:`schema_decision`, with the same thresholds."""
    s, day, note = _thresholds(jour or date.today(), acheteur, nature)
    return (f"Arbre de décision pour des {nature} achetés par une {ACHETEURS[acheteur]} le "
            f"{day:%d/%m/%Y}" + (f" ({note})" if note else "")
            + " : R&D nécessaire, alors partenariat d'innovation ou R&D hors code ; "
            f"sinon valeur sous {format_montant(s['dispense'].montant_ht)}, alors dispense ; "
            f"solution innovante sous {format_montant(s['achat_innovant'].montant_ht)}, alors achat "
            f"innovant ; valeur sous {format_montant(s['europeen'].montant_ht)}, alors procédure "
            f"adaptée ; au-delà, négociation ou dialogue compétitif pour une solution innovante, "
            f"sinon appel d'offres.")
