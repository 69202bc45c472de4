"""The light tool runner: a tool page's forms run in the page itself, without JupyterLab.

Today's « Ouvrir l'outil dans le navigateur » opened the notebook in JupyterLite: the learner
waited 10 to 15 s (JupyterLab, an IPython kernel, every source compiled in the browser) and
landed in a developer's interface. Here the book's tool page (``notebooks/moduleN``) keeps its
text, and a button runs its code cells with Python in a Web Worker:

* ``static/piu-outil.js`` — the page: starts the worker, puts each cell's live output in place
  of its frozen one, draws the forms with ``static/piu-widgets.js`` (the standard
  ``@jupyter-widgets`` packages, bundled by ``scripts/widgets``, committed with the sha256 of
  their ``package-lock.json`` in its header);
* ``static/piu-outil-worker.js`` — Pyodide from the book's own ``lite/static/pyodide/``, the
  course wheel, and :mod:`piu.core.learner.runner` (comm, ``IPython.display``, matplotlib);
* :func:`page_cells` — the notebook's code cells, written into the page at build time, in the
  order the page shows them.

The forms are the modules' own ``formulaires.py``: nothing is written twice. The JupyterLite
notebook stays one link away (« voir le code »).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

STATIC = Path(__file__).resolve().parent / "static"
#: The widget bundle and the lock it was built from (``scripts/widgets``).
BUNDLE = STATIC / "piu-widgets.js"
BUNDLE_LOCK = Path(__file__).resolve().parents[5] / "scripts" / "widgets" / "package-lock.json"
#: The test markers of the notebooks (nbval), for nbval only: neither the book nor its page show them.
_NBVAL = re.compile(r"^[ \t]*# NBVAL_[A-Z_]+[ \t]*\n?", re.M)
#: Tag of a cell the book does not show (myst-nb drops it from the page).
_REMOVED = "remove-cell"
#: Tag of a cell for a learner in Jupyter only (« remplacez ``None`` »): the book drops it
#: (:mod:`piu.core.book.sphinx.notebooks`), and the runner does not run it (it would record a
#: « None » answer or wait for the learner's edit).
_JUPYTER_ONLY = "seulement-jupyter"
#: About what a first open downloads, compressed (measured by ``scripts/mesurer_outils.py``).
FIRST_DOWNLOAD_MB = 19


def _text(source: Any) -> str:
    return "".join(source) if isinstance(source, list) else str(source or "")


def page_cells(notebook: dict[str, Any], charts: Iterable[str] = ()) -> list[dict[str, Any]]:
    """The code cells to run, each with ``index``: its rank among the page's cells (``None``
    for a cell the page does not show, which still runs: it may define what the next use).

    ``charts``: the names that need matplotlib (:func:`piu.core.book.lite.build.chart_names`);
    the first cell that may draw gets ``"paquets": ["matplotlib"]``, loaded just before it runs,
    so the forms above it do not wait for matplotlib (about 9 MB)."""
    from piu.core.book.lite.build import _first_drawing_cell
    from piu.core.learner.runner import cell_source

    # ``%matplotlib inline`` draws nothing: the runner drops it, and matplotlib waits for a chart.
    without_magics = {"cells": [{**c, "source": cell_source(_text(c.get("source")))}
                                for c in notebook.get("cells", [])]}
    drawing = _first_drawing_cell(without_magics, set(charts))
    cells = []
    shown = 0
    for position, cell in enumerate(notebook.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        tags = cell.get("metadata", {}).get("tags", [])
        if _JUPYTER_ONLY in tags:
            continue
        index = None if _REMOVED in tags else shown
        if index is not None:
            shown += 1
        entry: dict[str, Any] = {"index": index, "source": _NBVAL.sub("", _text(cell.get("source")))}
        if position == drawing:
            entry["paquets"] = ["matplotlib"]
        cells.append(entry)
    return cells


def bundle_lock_digest(bundle: Path = BUNDLE) -> str:
    """The sha256 of ``package-lock.json`` the bundle says it was built from (its header)."""
    head = bundle.read_text(encoding="utf-8")[:600]
    marker = "package-lock.json sha256 "
    start = head.index(marker) + len(marker)
    return head[start:start + 64]


#: The tool page's button; the chapters name it (:func:`piu.core.book.sphinx.lite.tools_html`).
BUTTON = "Ouvrir l'outil dans cette page"
#: The exercise page's button (``exercises/moduleN``).
BUTTON_EXERCISES = "Ouvrir les exercices dans cette page"


def block_html(cells: list[dict[str, Any]], to_root: str, folder: str, lite_href: str,
               chapter_href: str | None) -> str:
    """The block under a tool page's title: the button, what it downloads, « voir le code »."""
    data = json.dumps(cells, ensure_ascii=False).replace("</", "<\\/")
    button, what = (BUTTON, "l'outil") if folder == "notebooks" else (BUTTON_EXERCISES, "les exercices")
    back = (f' · <a class="piu-outil-chapitre" href="{html.escape(chapter_href)}">retour au chapitre</a>'
            if chapter_href else "")
    return (
        f'<div class="piu-outil admonition tip" data-racine="{html.escape(to_root)}" '
        f'data-dossier="{html.escape(folder)}">'
        f'<p class="piu-outil-ouvrir"><button type="button" class="piu-outil-bouton">{button}</button> '
        "<span>Les formulaires de cette page se remplissent et calculent pour de vrai dans votre "
        f"navigateur, sans rien installer. La première fois, environ {FIRST_DOWNLOAD_MB}\u00a0Mo se "
        "téléchargent (Python et les données du cours), dès l\u2019ouverture de la page pour que les "
        "formulaires soient prêts au clic\u202f; sur une connexion mobile ou en mode économiseur de "
        "données, seulement au clic. Les ouvertures suivantes sont plus rapides. "
        "Vos réponses comptent dans votre progression.</span></p>"
        '<p class="piu-outil-etat" role="status"></p>'
        f'<p class="piu-outil-liens"><a class="piu-outil-code" href="{html.escape(lite_href)}">voir le code</a> '
        f"(la même page dans JupyterLite, avec son code, plus lente à ouvrir){back}</p>"
        f'<p class="piu-outil-fichier" hidden><strong>Pour ouvrir {what} dans la page</strong>, le cours doit être '
        "publié sur un serveur web, par exemple l'intranet de votre collectivité : ouvert comme un simple "
        "fichier, il ne peut pas faire fonctionner les formulaires. Demandez à votre formateur ou à votre "
        "service informatique l'adresse du cours sur l'intranet (l'archive du cours contient une notice "
        "pour eux, LISEZMOI-informatique.txt). Les questions de cette page fonctionnent déjà ici.</p>"
        f'<script type="application/json" class="piu-outil-cellules">{data}</script>'
        f'<script src="{html.escape(to_root)}_static/piu-outil.js" defer></script>'
        "</div>"
    )
