"""Charts of the « carte des freins »: one project's barriers, and the group's, by group.

Built with :class:`matplotlib.figure.Figure` (not pyplot) so a notebook cell shows each one
once. Each chart has its alt text (:func:`texte_alternatif_carte`, :func:`texte_alternatif_groupe`),
written from the same data, for the book and for screen readers.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

from matplotlib.figure import Figure

from piu.core.french_numbers import format_nombre
from piu.freins.carte import NOTES
from piu.freins.catalogue import GROUPES

__all__ = ["graphique_carte", "graphique_groupe", "texte_alternatif_carte", "texte_alternatif_groupe"]

_COULEURS = {"acheteurs": "#1f5f99", "porteurs": "#d9822b", "relations": "#2e8b57",
             "territoires": "#7a4f9a"}


def _label(text: str, width: int = 48) -> str:
    short = textwrap.shorten(text, width=width * 2, placeholder="…")
    return "\n".join(textwrap.wrap(short, width)) or "?"


def _bars(rows: list[tuple[str, str, float]], xlabel: str, xmax: float, title: str) -> Figure:
    rows = rows[::-1]
    height = max(3.0, 0.55 * len(rows) + 1.6)
    fig = Figure(figsize=(10, height), layout="constrained")
    ax = fig.subplots()
    if not rows:
        ax.text(0.5, 0.5, "Aucun frein noté", ha="center", va="center")
        ax.set_axis_off()
    else:
        ax.barh([_label(r[1]) for r in rows], [r[2] for r in rows],
                color=[_COULEURS[r[0]] for r in rows])
        ax.set_xlim(0, xmax)
        ax.set_xlabel(xlabel)
        ax.tick_params(axis="y", labelsize="small")
        for groupe, label in GROUPES.items():
            if any(r[0] == groupe for r in rows):
                ax.bar(0, 0, color=_COULEURS[groupe], label=label)
        ax.legend(loc="lower right", fontsize="small")
    ax.set_title(title)
    return fig


def graphique_carte(section: Mapping[str, Any]) -> Figure:
    """One bar per rated barrier (length: its rating, 1 gêne to 3 bloque), coloured by group."""
    rows = [(f["groupe"], f["libelle"], f["note"]) for f in section["freins"]]
    fig = _bars(rows, "Note (1 gêne, 2 freine, 3 bloque)", 3.2,
                f"Carte des freins — {section.get('projet') or 'projet sans nom'}")
    if rows:
        fig.axes[0].set_xticks([1, 2, 3], [f"{n} {w}" for n, w in NOTES.items()])
    return fig


def graphique_groupe(carte: Mapping[str, Any]) -> Figure:
    """One bar per barrier: how many participants named it, annotated with the mean rating."""
    rows = [(f["groupe"], f["libelle"], f["participants"]) for f in carte["freins"]]
    n = max(1, carte["participants"])
    fig = _bars(rows, "Participants qui ont cité le frein", n + 0.5,
                f"Carte des freins du groupe ({carte['participants']} participants)")
    if rows:
        ax = fig.axes[0]
        ax.set_xticks(range(0, n + 1))
        for bar, f in zip(ax.patches, carte["freins"][::-1], strict=False):
            ax.annotate(f"note {format_nombre(f['note_moyenne'], 1)}",
                        (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                        xytext=(3, 0), textcoords="offset points", va="center", fontsize="small")
    return fig


def texte_alternatif_carte(section: Mapping[str, Any]) -> str:
    """What the project chart shows, in words."""
    if not section["freins"]:
        return "Graphique vide : aucun frein noté."
    parts = [f"{f['libelle']} ({NOTES[f['note']]})" for f in section["freins"]]
    return ("Diagramme en barres des freins notés, colorés par groupe, longueur selon la note : "
            + " ; ".join(parts) + ".")


def texte_alternatif_groupe(carte: Mapping[str, Any]) -> str:
    """What the group chart shows, in words."""
    parts = [f"{f['libelle']} : {f['participants']} sur {carte['participants']}, note moyenne "
             f"{format_nombre(f['note_moyenne'], 1)}" for f in carte["freins"]]
    return ("Diagramme en barres du nombre de participants qui ont cité chaque frein : "
            + " ; ".join(parts) + ".")
