"""Charts of the note d'opportunité, as PNG images (for Word and for the HTML page).

Drawn from the dossier's plain data, not from another module's objects: the note must render
a dossier saved months ago, or written in the browser.
"""

from __future__ import annotations

import io
from typing import Any

from piu.core.french_numbers import format_montant, format_nombre


def _png(fig: Any) -> bytes:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def _figure(height: float) -> tuple[Any, Any]:
    import matplotlib

    if matplotlib.get_backend().lower() not in ("agg", "module://matplotlib_inline.backend_inline"):
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(6.4, height))


def image_grille(grille: dict[str, Any]) -> tuple[bytes, str]:
    """Weighted score of each option (bars), and its alternative text."""
    options = sorted(grille["options"], key=lambda o: o["rang"])
    fig, ax = _figure(0.6 + 0.5 * len(options))
    names = [o["nom"] for o in options][::-1]
    scores = [float(o["score"]) for o in options][::-1]
    ax.barh(names, scores, color="#0b4f8a")
    for y, s in enumerate(scores):
        ax.text(s, y, f" {format_nombre(s, 2)}", va="center")
    ax.set_xlabel("Note pondérée")
    ax.set_xlim(0, max([*scores, 1]) * 1.2)
    ax.spines[["top", "right"]].set_visible(False)
    alt = "Note pondérée de chaque option : " + " ; ".join(
        f"{o['nom']} {format_nombre(float(o['score']), 2)}" for o in options) + "."
    return _png(fig), alt


def image_financement(plan: dict[str, Any]) -> tuple[bytes, str]:
    """Amount of each funding source (bars), and its alternative text."""
    sources = plan["sources"]
    fig, ax = _figure(0.6 + 0.5 * len(sources))
    names = [s["nom"] for s in sources][::-1]
    amounts = [float(s["montant"]) for s in sources][::-1]
    colours = {"maitre-ouvrage": "#0b4f8a", "public": "#5b8fc7", "prive": "#c47a12"}
    ax.barh(names, amounts, color=[colours.get(s["type"], "#777") for s in sources][::-1])
    for y, a in enumerate(amounts):
        ax.text(a, y, " " + format_montant(a), va="center")
    ax.set_xlabel("Montant (€ HT)")
    ax.set_xlim(0, max([*amounts, 1]) * 1.45)
    ax.spines[["top", "right"]].set_visible(False)
    alt = "Plan de financement par source : " + " ; ".join(
        f"{s['nom']} {format_montant(float(s['montant']))}" for s in sources) + "."
    return _png(fig), alt
