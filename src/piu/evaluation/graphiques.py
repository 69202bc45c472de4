"""Charts of module 2, with French titles and axis labels, and their alt texts.

Each ``graphique_*`` function returns a matplotlib Figure; the ``alt_*`` function next to it
writes the chart's text equivalent from the same engine results, so the alt text says what the
chart shows whatever the data. :class:`Graphique` displays the two together: an ``<img>`` with
its ``alt`` in the book (HTML output), the PNG in Jupyter, the alt as plain text.
"""

from __future__ import annotations

import base64
import html
import io
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from piu.core.french_numbers import format_montant, format_nombre
from piu.evaluation.grille import Grille, pourcentage

__all__ = ["Graphique", "alt_carbone", "alt_cout", "alt_grille", "alt_stabilite",
           "graphique_carbone", "graphique_cout", "graphique_grille", "graphique_stabilite"]


class Graphique:
    """A chart and its alt text, displayed as an image that carries the alt.

    The figure is rendered once to PNG and closed, so that the notebook shows it once.
    """

    def __init__(self, figure: Figure, alt: str) -> None:
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=100)
        plt.close(figure)
        self.png = base64.b64encode(buffer.getvalue()).decode("ascii")
        self.alt = alt

    def _repr_mimebundle_(self, **_kwargs: Any) -> dict[str, str]:
        img = (f'<img src="data:image/png;base64,{self.png}" alt="{html.escape(self.alt)}" '
               'style="max-width:100%">')
        return {"text/html": img, "image/png": self.png, "text/plain": self.alt}

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
        ax.text(v - 1 if inside else v + 1, y, f"{pourcentage(v / 100)} %", va="center",
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
    usage = np.array([1000 * float(r["usage_par_colis"]) for r in lignes])
    fabrication = np.array([1000 * float(r["fabrication_par_colis"]) for r in lignes])
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


# -- alt texts ----------------------------------------------------------------------------------
def alt_grille(grille: Grille) -> str:
    """Text equivalent of :func:`graphique_grille`: each option's score and heaviest criterion."""
    shares = grille.poids_normalises
    parts = []
    for row in grille.classement():
        option = str(row["option"])
        j = grille.options.index(option)
        contributions = {c: shares[c] * grille.notes[k][j] for k, c in enumerate(grille.criteres)}
        heaviest = max(contributions, key=contributions.get)
        parts.append(f"{option} {format_nombre(float(row['score']), 2)} (critère qui pèse le plus : "
                     f"« {heaviest} »)")
    return ("Barres horizontales empilées : note pondérée de chaque option, découpée par critère, "
            "de la meilleure à la moins bonne. " + " ; ".join(parts) + ".")


def alt_stabilite(stabilite: dict[str, float], tirages: int, amplitude: float) -> str:
    """Text equivalent of :func:`graphique_stabilite`."""
    parts = [f"{o} {pourcentage(v)} %" for o, v in stabilite.items()]
    return (f"Barres horizontales : part des {format_nombre(tirages)} tirages de poids à plus ou "
            f"moins {format_nombre(100 * amplitude)} % où chaque option est classée première. "
            + " ; ".join(parts) + ".")


def alt_carbone(lignes: list[dict[str, float | str]], colis: int, distance_km: float) -> str:
    """Text equivalent of :func:`graphique_carbone`: grams per parcel, split use/manufacturing."""
    parts = []
    for r in lignes:
        usage, fabrication = 1000 * float(r["usage_par_colis"]), 1000 * float(r["fabrication_par_colis"])
        main = "surtout de la fabrication" if fabrication > usage else "surtout de l'usage (énergie)"
        rounds = int(r["tournees_necessaires"])
        extra = f", en {rounds} tournées" if rounds > 1 else ""
        parts.append(f"{r['libelle']} {format_nombre(usage + fabrication, 1)} g{extra}, "
                     f"dont {format_nombre(fabrication, 1)} g de fabrication, {main}")
    return (f"Barres horizontales empilées : grammes de CO2e par colis pour une tournée de "
            f"{format_nombre(distance_km)} km et {format_nombre(colis)} colis, découpés en usage et "
            "fabrication. " + " ; ".join(parts) + ".")


def alt_cout(comparaison: dict[str, Any]) -> str:
    """Text equivalent of :func:`graphique_cout`: start, end and crossing of the two curves."""
    tables = comparaison["tableaux"]
    parts = [f"« {name} » part de {format_montant(round(float(frame['cumul_actualise'].iloc[0])))} "
             f"et finit à {format_montant(round(float(frame['cumul_actualise'].iloc[-1])))}"
             for name, frame in tables.items()]
    text = (f"Courbes du coût du cycle de vie cumulé et actualisé sur {comparaison['duree_ans']} "
            "ans, une par option. " + " ; ".join(parts) + ". ")
    text += (f"L'option « {comparaison['moins_cher']} » est la moins chère sur la période, avec un "
             f"écart de {format_montant(round(float(comparaison['ecart'])))}")
    if comparaison["annee_bascule"] is not None:
        text += (f" ; l'option la plus chère à l'achat devient moins chère en coût cumulé dès "
                 f"l'année {comparaison['annee_bascule']}")
    return text + "."
