"""« Ouvrir l'outil dans cette page »: the forms of each tool and exercise page run in the page,
and each chapter whose module has tools says where they are.

On the pages of ``notebooks/moduleN`` and ``exercises/moduleN`` the extension puts, under the
title, the in-page runner (:mod:`piu.core.book.runner`): a button that runs the page's forms with
Python in the browser, and « voir le code », a link to the same notebook in the book's JupyterLite
site (``lite/``, built by :mod:`piu.core.book.lite`), which runs it on opening (``piu-executer=1``).

Both need HTTP. Opened from ``file://``, the block says in French how to get the course over
HTTP (the collectivité's intranet; no command for the learner).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from piu.core.book import runner
from piu.core.book.lite.build import chart_names

#: Documents that get the action, and the folder of their notebook in the JupyterLite site.
PAGES = re.compile(r"^(notebooks|exercises)/(module\d+|rex)$")
#: Chapters that get « où sont les outils » when their module has a tool page.
CHAPTERS = {re.compile(r"^book/(module\d+)/chapitre$"): "notebooks/{}",
            re.compile(r"^book/rex/cartes$"): "notebooks/rex"}


def lite_href(docname: str, to_root: str) -> str:
    """The page's notebook in the book's JupyterLite site, run on opening (« voir le code »);
    empty for a page that has none."""
    match = PAGES.match(docname)
    if not match:
        return ""
    return f"{to_root}lite/notebooks/index.html?path={match.group(1)}/{match.group(2)}.ipynb&piu-executer=1"


def tools_html(href: str, title: str) -> str:
    """« Où sont les outils de ce module » for a chapter whose tool page is ``href``."""
    return (
        '<div class="piu-ou-outils admonition tip"><p class="admonition-title">Où sont les outils de ce module</p>'
        f'<p>Les questions de ce chapitre fonctionnent ici, sur n\u2019importe quel poste. Les outils sont sur la '
        f'page <a href="{html.escape(href)}">{html.escape(title)}</a>\u00a0: depuis l\u2019intranet de votre '
        f'collectivité, le bouton «\u00a0{runner.BUTTON}\u00a0», en haut de cette page des outils, les fait '
        f'fonctionner dans votre navigateur, sans rien installer\u202f; ils s\u2019ouvrent aussi dans Jupyter, si '
        f"votre poste l\u2019a.</p></div>"
    )


def _tool_page(app: Sphinx, docname: str) -> str | None:
    for pattern, target in CHAPTERS.items():
        match = pattern.match(docname)
        if match:
            page = target.format(*match.groups())
            return page if page in app.env.found_docs else None
    return None


def _insert_under_title(doctree: nodes.document, block: nodes.Node) -> None:
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        doctree.insert(0, block)
        return
    title = next((i for i, child in enumerate(section.children) if isinstance(child, nodes.title)), -1)
    section.insert(title + 1, block)


def _runner_html(app: Sphinx, docname: str, to_root: str) -> str:
    """A tool or exercise page (``notebooks/…``, ``exercises/…``): its forms open in the page
    (:mod:`piu.core.book.runner`); the JupyterLite notebook is the « voir le code » link."""
    match = PAGES.match(docname)
    notebook = json.loads(Path(app.env.doc2path(docname)).read_text(encoding="utf-8"))
    chapter = f"book/{match.group(2)}/chapitre"
    chapter_href = f"{to_root}{chapter}.html" if chapter in app.env.found_docs else None
    charts = chart_names(Path(app.srcdir))
    return runner.block_html(runner.page_cells(notebook, charts), to_root, match.group(1),
                             lite_href(docname, to_root), chapter_href)


def _add_action(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Under the title: where the tools are (a chapter), or the forms in the page (a tool or
    exercise page, JupyterLite being its « voir le code » link)."""
    if app.builder.format != "html":
        return
    tools = _tool_page(app, docname)
    if tools is not None:
        title = app.env.titles[tools].astext() if tools in app.env.titles else "Outils du module"
        href = app.builder.get_relative_uri(docname, tools)
        _insert_under_title(doctree, nodes.raw("", tools_html(href, title), format="html"))
        return
    if not PAGES.match(docname):
        return
    to_root = "../" * docname.count("/")
    _insert_under_title(doctree, nodes.raw("", _runner_html(app, docname, to_root), format="html"))


def _runner_static(app: Sphinx) -> None:
    app.config.html_static_path.append(str(runner.STATIC))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _runner_static)
    app.connect("doctree-resolved", _add_action)
    app.add_css_file("piu-lite.css")
    app.add_css_file("piu-outil.css")
    app.add_css_file("piu-choix.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
