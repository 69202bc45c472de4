"""A bar chart of a financing plan by source, with a French title, labels and alt text."""

from __future__ import annotations

import base64
import io
from typing import Any

from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from piu.core.french_numbers import format_montant, format_nombre
from piu.financement.plan import SOURCE_TYPES, FinancingPlan

__all__ = ["COLORS", "ChartImage", "plan_alt_text", "plan_chart"]

# Colour-blind-safe palette (Okabe-Ito), one colour per kind of funder.
COLORS = {"maitre-ouvrage": "#0072B2", "public": "#E69F00", "prive": "#009E73"}


def plan_chart(plan: FinancingPlan, titre: str = "Plan de financement par source") -> Figure:
    """One horizontal bar per source, coloured by kind, with its amount and share of the cost."""
    order = sorted(plan.sources, key=lambda s: list(SOURCE_TYPES).index(s.type))
    # A bare Figure, not pyplot: no GUI backend involved, on a locked-down PC or in the build.
    fig = Figure(figsize=(10, 0.6 * len(order) + 2.2))
    ax = fig.subplots()
    names = [s.nom for s in order][::-1]
    values = [s.montant for s in order][::-1]
    colors = [COLORS[s.type] for s in order][::-1]
    ax.barh(names, values, color=colors)
    top = max([*values, 1.0])
    for y, value in enumerate(values):
        share = value / plan.cout_total * 100
        ax.text(value + top * 0.01, y, f"{format_montant(value)} ({format_nombre(share, 1)} % du coût)",
                va="center", fontsize=9)
    ax.set_xlim(0, top * 1.6)
    ax.set_title(titre + (f" — {plan.nom}" if plan.nom else ""))
    ax.set_xlabel(f"Montant (€ HT) — coût total du projet : {format_montant(plan.cout_total)}")
    ax.set_ylabel("Source de financement")
    ax.xaxis.set_major_formatter(lambda x, _pos: format_nombre(x, 0))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4))  # « 1 000 000 » labels are wide
    handles = [Rectangle((0, 0), 1, 1, color=COLORS[k]) for k in SOURCE_TYPES
               if any(s.type == k for s in plan.sources)]
    labels = [v for k, v in SOURCE_TYPES.items() if any(s.type == k for s in plan.sources)]
    # One column, just right of the axes: a wide row under the axis was clipped and far away.
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1.0), ncol=1,
              fontsize=8, frameon=False, title="Type de financeur", title_fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


# Short kinds for the alt text: SOURCE_TYPES carries parentheses of its own, and a source
# name often does too (« Commune (autofinancement) »); nested brackets read badly aloud.
_ALT_KINDS = {"maitre-ouvrage": "maître d'ouvrage", "public": "autre financeur public",
              "prive": "financeur privé"}


def plan_alt_text(plan: FinancingPlan) -> str:
    """A text equivalent of :func:`plan_chart`, for the ``alt`` attribute."""
    parts = [f"{s.nom} : {format_montant(s.montant)}, {_ALT_KINDS[s.type]}" for s in plan.sources]
    return (f"Diagramme en barres du plan de financement, coût total {format_montant(plan.cout_total)} : "
            + " ; ".join(parts) + ".")


class ChartImage:
    """A chart as a notebook displays it: a PNG, with its alt text as the plain-text version.

    Returning PNG bytes rather than a Figure keeps the display independent of the
    matplotlib backend the kernel happens to use.
    """

    def __init__(self, figure: Figure, alt: str) -> None:
        self.figure = figure
        self.alt = alt

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
        return buffer.getvalue()

    def _repr_mimebundle_(self, **_kwargs: Any) -> dict[str, Any]:
        return {"image/png": base64.b64encode(self.png()).decode("ascii"), "text/plain": self.alt}
