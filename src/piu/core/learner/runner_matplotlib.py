"""matplotlib's backend in the tools run in the page (``module://piu.core.learner.runner_matplotlib``).

A Web Worker has no ``document``, so Pyodide's own backend cannot draw there: figures are drawn
with Agg, and :func:`show` (``plt.show()``, and the end of each cell, as the inline backend of
Jupyter does) sends each open figure to the page as a PNG image (:mod:`piu.core.learner.runner`).
A module of its own, because matplotlib reads a backend's names from its module's namespace and
the runner must not import matplotlib before a cell draws.
"""

from __future__ import annotations

from typing import Any

from matplotlib.backend_bases import FigureManagerBase as FigureManager
from matplotlib.backends.backend_agg import FigureCanvasAgg as FigureCanvas

__all__ = ["FigureCanvas", "FigureManager", "show"]


def show(*_args: Any, **_kwargs: Any) -> None:
    """Each open figure shown as an image where the cell's outputs go, then closed (the runner's
    ``IPython.display`` stand-in turns a figure into a PNG)."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    for number in plt.get_fignums():
        figure = plt.figure(number)
        display(figure)
        plt.close(figure)
