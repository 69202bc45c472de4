"""Charts of the SCIC simulator: votes against capital, college weights, surplus allocation.

Figures are built with :class:`matplotlib.figure.Figure` (not pyplot) so a notebook cell shows
each one once. Titles and labels are French; the notebooks give each chart its alt text.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from piu.cooperation.excedent import RepartitionExcedent
from piu.cooperation.gouvernance import part_des_voix, poids_colleges
from piu.cooperation.scic_modele import CATEGORIES, Scic
from piu.core.french_numbers import format_montant, format_nombre

__all__ = ["graphique_excedent", "graphique_voix"]

_BLUE, _ORANGE, _GREY = "#1f5f99", "#d9822b", "#555555"


def graphique_voix(scic: Scic) -> Figure:
    """Left: each member's share of capital and of votes. Right: weight of each college
    (or category), with the bounds that matter: 10 % and 50 % per college, and the blocking
    minorities (one third at two-thirds majority, one half at simple majority)."""
    shares = part_des_voix(scic)
    names = [a.nom for a in scic.associes][::-1]
    capital = [a.capital / scic.capital_total * 100 for a in scic.associes][::-1]
    votes = [float(shares[a.nom] * 100) for a in scic.associes][::-1]
    height = max(3.5, 0.45 * len(names) + 1.5)
    fig = Figure(figsize=(11, height), layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=[3, 2])
    y = range(len(names))
    left.barh([i + 0.2 for i in y], capital, height=0.4, color=_ORANGE, label="Part du capital")
    left.barh([i - 0.2 for i in y], votes, height=0.4, color=_BLUE, label="Part des voix")
    left.set_yticks(list(y), names)
    left.set_xlabel("Pourcentage (%)")
    left.set_title("Capital et voix de chaque associé")
    left.legend(loc="lower right")
    if scic.colleges:
        groups = {name: float(w) for name, w in poids_colleges(scic).items()}
        title = "Poids des collèges de vote"
    else:
        groups = {}
        for a in scic.associes:
            label = CATEGORIES[a.categorie].split(",")[0].split(" (")[0]
            groups[label] = groups.get(label, 0.0) + float(shares[a.nom] * 100)
        title = "Voix par catégorie (sans collège)"
    labels = list(groups)[::-1]
    right.barh(labels, [groups[n] for n in labels], color=_BLUE)
    for value, style, text in ((100 / 3, ":", "1/3 : bloque les deux tiers"),
                               (50, "--", "1/2 : bloque la majorité simple")):
        right.axvline(value, color=_GREY, linestyle=style, linewidth=1, label=text)
    if scic.colleges:
        right.axvspan(10, 50, color="#2e8b57", alpha=0.08, label="Zone légale d'un collège (10-50 %)")
    right.set_xlim(0, 100)
    right.set_xlabel("Part des voix (%)")
    right.set_title(title)
    right.legend(loc="lower right", fontsize="small")
    fig.suptitle(f"{scic.nom} : qui pèse quoi à l'assemblée générale")
    return fig


def graphique_excedent(repartition: RepartitionExcedent) -> Figure:
    """One bar per use of the surplus, in euros, with its share of the surplus."""
    items = repartition.postes()
    labels = ["Réserve légale", "Réserve statutaire", "Intérêts aux parts", "Reste (report ou\nréserves)"]
    amounts = [amount for _, amount in items]
    colors = [_BLUE, _BLUE, _ORANGE, _GREY]
    fig = Figure(figsize=(8, 4), layout="constrained")
    ax = fig.subplots()
    bars = ax.bar(labels, amounts, color=colors)
    for bar, amount in zip(bars, amounts, strict=True):
        share = amount / repartition.excedent * 100
        ax.annotate(f"{format_montant(round(amount), ht=False)}\n{format_nombre(share, 1)} %",
                    (bar.get_x() + bar.get_width() / 2, bar.get_height()), ha="center",
                    va="bottom", fontsize="small")
    ax.set_ylabel("Montant (€)")
    ax.set_ylim(0, max(amounts) * 1.3 if max(amounts) else 1)
    ax.set_title(f"Répartition d'un excédent de {format_montant(repartition.excedent, ht=False)} "
                 f"(réserves impartageables en bleu)")
    return fig
