"""Charts of module 2, with French titles and axis labels.

Each function returns a matplotlib Figure and leaves displaying it to the caller. The alt text
of each chart is written in the notebook cell's metadata (``mystnb.image.alt``), where the book
puts it on the image.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from piu.evaluation.grille import Grille

__all__ = ["graphique_carbone", "graphique_cout", "graphique_grille", "graphique_stabilite"]

_COLORS = ["#1f5f8b", "#e07b39", "#4c9a4c", "#8a5fb0", "#c0392b", "#7f8c8d", "#b8860b",
           "#2c3e50", "#16a085", "#d35400", "#6c3483", "#1abc9c"]


def _fr(value: float, decimals: int = 0) -> str:
    return f"{value:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")


def graphique_grille(grille: Grille) -> Figure:
    """Weighted score of each option, split into each criterion's contribution."""
    ranking = [str(r["option"]) for r in grille.classement()][::-1]  # best at the top
    shares = grille.poids_normalises
    fig, ax = plt.subplots(figsize=(8, 0.7 * len(ranking) + 2))
    left = np.zeros(len(ranking))
    for k, critere in enumerate(grille.criteres):
        row = grille.notes[k]
        values = np.array([shares[critere] * row[grille.options.index(o)] for o in ranking])
        ax.barh(ranking, values, left=left, label=critere, color=_COLORS[k % len(_COLORS)],
                edgecolor="white")
        left += values
    for y, total in enumerate(left):
        ax.text(total + 0.03, y, _fr(total, 2), va="center")
    ax.set_title("Note pondérée de chaque option, par critère")
    ax.set_xlabel("Note pondérée (sur l'échelle des notes)")
    ax.set_ylabel("Option")
    ax.set_xlim(0, max(left) * 1.15)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: _fr(v, 1)))
    ax.legend(title="Contribution du critère", loc="upper center", bbox_to_anchor=(0.5, -0.18),
              ncol=2, frameon=False)
    fig.tight_layout()
    return fig


def graphique_stabilite(stabilite: dict[str, float], tirages: int, amplitude: float) -> Figure:
    """Share of random weight draws in which each option ranks first."""
    options = list(stabilite)
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(options) + 1.8))
    values = [100 * stabilite[o] for o in options]
    ax.barh(options, values, color=_COLORS[0])
    for y, v in enumerate(values):
        inside = v > 85
        ax.text(v - 1 if inside else v + 1, y, f"{_fr(v, 1)} %", va="center",
                ha="right" if inside else "left", color="white" if inside else "black")
    ax.set_title(f"Stabilité du classement : {_fr(tirages)} tirages de poids à "
                 f"±{_fr(100 * amplitude)} %")
    ax.set_xlabel("Part des tirages où l'option est classée première")
    ax.set_ylabel("Option")
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{_fr(v)} %"))
    ax.invert_yaxis()
    fig.tight_layout()
    return fig


def graphique_carbone(lignes: list[dict[str, float | str]], colis: int, distance_km: float) -> Figure:
    """Grams of CO2e per parcel for each vehicle, split into use and manufacturing."""
    labels = [str(r["libelle"]) for r in lignes]
    usage = np.array([1000 * float(r["usage_km"]) * distance_km / colis for r in lignes])
    fabrication = np.array([1000 * float(r["fabrication_km"]) * distance_km / colis for r in lignes])
    fig, ax = plt.subplots(figsize=(8, 3.6))
    ax.barh(labels, usage, color=_COLORS[0], label="Usage (énergie)")
    ax.barh(labels, fabrication, left=usage, color=_COLORS[1], label="Fabrication du véhicule")
    for y, total in enumerate(usage + fabrication):
        ax.text(total + max(usage + fabrication) * 0.01, y, f"{_fr(total, 1)} g", va="center")
    ax.set_title(f"Émissions par colis livré ({colis} colis, tournée de {_fr(distance_km)} km)")
    ax.set_xlabel("Grammes de CO2e par colis")
    ax.set_ylabel("Véhicule")
    ax.set_xlim(0, max(usage + fabrication) * 1.2)
    ax.invert_yaxis()
    ax.legend(loc="lower right")
    fig.tight_layout()
    return fig


def graphique_cout(comparaison: dict[str, object]) -> Figure:
    """Cumulative discounted lifecycle cost of two options, year by year."""
    tables = comparaison["tableaux"]
    fig, ax = plt.subplots(figsize=(8, 4))
    for k, (name, frame) in enumerate(tables.items()):
        ax.plot(frame["annee"], frame["cumul_actualise"], marker="o", color=_COLORS[k],
                label=name)
    ax.set_title(f"Coût du cycle de vie cumulé et actualisé sur {comparaison['duree_ans']} ans")
    ax.set_xlabel("Année (0 = achat)")
    ax.set_ylabel("Coût cumulé actualisé (€ HT)")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{_fr(v)} €"))
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    return fig
