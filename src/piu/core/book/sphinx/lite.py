"""« Ouvrir l'outil dans le navigateur »: one action on each tool and exercise page of the book.

On the pages of ``notebooks/moduleN`` and ``exercises/moduleN`` the extension puts, under the
title, a link to the same notebook in the book's JupyterLite site (``lite/``, built by
:mod:`piu.core.book.lite`), which runs it on opening (``piu-executer=1``). It is an ordinary link:
nothing of JupyterLite loads until the learner clicks, so the page keeps its weight.

JupyterLite needs HTTP. Opened from ``file://``, the link is replaced by a short French note
saying how to open the course over HTTP (``piu servir``, or the collectivité's intranet folder).
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

#: Documents that get the action, and the folder of their notebook in the JupyterLite site.
PAGES = re.compile(r"^(notebooks|exercises)/(module\d+|rex)$")
LABEL = "Ouvrir l'outil dans le navigateur"

_SCRIPT = """<script>(function () {
  if (location.protocol !== "file:") { return; }
  var box = document.currentScript.parentNode;
  box.querySelector(".piu-lite-ouvrir").hidden = true;
  box.querySelector(".piu-lite-fichier").hidden = false;
})();</script>"""


def action_html(docname: str, to_root: str) -> str:
    """The action block for the page ``docname`` (``to_root``: relative path to the book's root)."""
    match = PAGES.match(docname)
    if not match:
        return ""
    notebook = f"{match.group(1)}/{match.group(2)}.ipynb"
    href = f"{to_root}lite/notebooks/index.html?path={notebook}&piu-executer=1"
    kind = "l'outil" if match.group(1) == "notebooks" else "les exercices"
    return (
        '<div class="piu-lite admonition tip">'
        f'<p class="piu-lite-ouvrir"><a class="piu-lite-bouton" href="{html.escape(href)}">{LABEL}</a> '
        f"<span>Les formulaires de cette page s'exécutent pour de vrai dans votre navigateur, "
        f"sans rien installer (15 secondes environ au premier chargement). Vos réponses comptent "
        f"dans votre progression.</span></p>"
        '<p class="piu-lite-fichier" hidden><strong>Pour ouvrir ' + kind + " dans le navigateur</strong>, "
        "le cours doit être ouvert par une adresse <code>http://</code>, pas comme un fichier : "
        "ouvrez-le depuis le dossier du cours sur l'intranet de votre collectivité, ou, si Python est "
        "installé sur votre poste, lancez <code>piu servir</code> (ou <code>python -m piu servir</code>) "
        "dans le dossier du cours. Les questions de cette page fonctionnent déjà ici.</p>"
        f"{_SCRIPT}</div>"
    )


def _runner_html(app: Sphinx, docname: str, to_root: str) -> str:
    """A tool page (``notebooks/…``): its forms open in the page (:mod:`piu.core.book.runner`);
    the JupyterLite notebook is the « voir le code » link."""
    import json

    from piu.core.book import runner

    match = PAGES.match(docname)
    notebook = json.loads(Path(app.env.doc2path(docname)).read_text(encoding="utf-8"))
    chapter = f"book/{match.group(2)}/chapitre"
    chapter_href = f"{to_root}{chapter}.html" if chapter in app.env.found_docs else None
    lite_href = f"{to_root}lite/notebooks/index.html?path={match.group(1)}/{match.group(2)}.ipynb&piu-executer=1"
    from piu.core.book.lite.build import chart_names

    charts = chart_names(Path(app.srcdir))
    return runner.block_html(runner.page_cells(notebook, charts), to_root, match.group(1), lite_href, chapter_href)


def _add_action(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not PAGES.match(docname) or app.builder.format != "html":
        return
    depth = docname.count("/")
    to_root = "../" * depth
    text = (_runner_html(app, docname, to_root) if docname.startswith("notebooks/")
            else action_html(docname, to_root))
    block = nodes.raw("", text, format="html")
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        doctree.insert(0, block)
        return
    title = next((i for i, child in enumerate(section.children) if isinstance(child, nodes.title)), -1)
    section.insert(title + 1, block)


def _runner_static(app: Sphinx) -> None:
    from piu.core.book import runner

    app.config.html_static_path.append(str(runner.STATIC))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _runner_static)
    app.connect("doctree-resolved", _add_action)
    app.add_css_file("piu-lite.css")
    app.add_css_file("piu-outil.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
