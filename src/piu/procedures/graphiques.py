"""The decision path of the advisor as a matplotlib figure, with the thresholds of a given day.

The figure mirrors :func:`piu.procedures.conseil.conseiller`: the same thresholds, read from
``data/seuils.csv`` for the launch date, in the same order of questions.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from piu.core.french_numbers import format_montant
from piu.procedures.conseil import (
    ACHETEURS,
    DateHorsDonnees,
    Seuil,
    periode_couverte,
    seuils_applicables,
)

__all__ = ["schema_decision", "texte_alternatif"]

_QUESTION = "#fdf3d8"
_ROUTE = "#dcebf7"


def _box(ax, x: float, y: float, text: str, color: str, width: float = 3.3) -> None:
    ax.add_patch(FancyBboxPatch((x - width / 2, y - 0.42), width, 0.84,
                                boxstyle="round,pad=0.04", fc=color, ec="#44546a", lw=1))
    ax.text(x, y, text, ha="center", va="center", fontsize=8.5, wrap=True)


def _arrow(ax, start: tuple[float, float], end: tuple[float, float], label: str = "") -> None:
    ax.annotate("", xy=end, xytext=start,
                arrowprops={"arrowstyle": "->", "color": "#44546a", "lw": 1})
    if label:
        ax.text((start[0] + end[0]) / 2 + 0.08, (start[1] + end[1]) / 2 + 0.08, label,
                fontsize=8, color="#44546a")


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


def schema_decision(jour: date | None = None, acheteur: str = "collectivite",
                    nature: str = "services") -> Figure:
    """The decision path for ``acheteur`` and ``nature`` with the thresholds in force on ``jour``."""
    s, day, note = _thresholds(jour or date.today(), acheteur, nature)
    dispense, innov, eu = (s[k].montant_ht for k in ("dispense", "achat_innovant", "europeen"))
    fig, ax = plt.subplots(figsize=(9.5, 7.2))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    ax.axis("off")
    left, right = 3.0, 7.6
    rows = [9.0, 7.4, 5.8, 4.2, 2.6]
    questions = [
        "Faut-il de la R&D\navant tout achat ?",
        f"Valeur < {format_montant(dispense)} ?\n(dispense)",
        f"Solution innovante et\nvaleur < {format_montant(innov)} ?",
        f"Valeur < {format_montant(eu)} ?\n(seuil européen)",
        "Solution innovante ?\n(R2124-3 2°)",
    ]
    routes = [
        "Partenariat d'innovation\nou R&D hors code (L2512-5 2°)",
        "Sans publicité ni mise\nen concurrence (R2122-8)",
        "Achat innovant sans publicité\n(R2122-9-1)",
        "Procédure adaptée (MAPA)\n(R2123-1)",
        "Négociation ou\ndialogue compétitif",
    ]
    for y, question, route in zip(rows, questions, routes, strict=True):
        _box(ax, left, y, question, _QUESTION)
        _box(ax, right, y, route, _ROUTE, width=3.6)
        _arrow(ax, (left + 1.65, y), (right - 1.8, y), "oui")
    for upper, lower in pairwise(rows):
        _arrow(ax, (left, upper - 0.42), (left, lower + 0.42), "non")
    _box(ax, left, 1.0, "Appel d'offres\n(R2124-2)", _ROUTE)
    _arrow(ax, (left, rows[-1] - 0.42), (left, 1.42), "non")
    ax.text(5.0, 0.15, "Une réponse « oui » n'exclut pas les voies plus bas : un acheteur peut "
            "toujours choisir plus de concurrence.", ha="center", fontsize=8, style="italic")
    ax.set_title(f"Choisir la procédure : {nature}, {ACHETEURS[acheteur]}\n"
                 + (f"{note}" if note else f"seuils en vigueur le {day:%d/%m/%Y}"), fontsize=11)
    fig.tight_layout()
    return fig


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
