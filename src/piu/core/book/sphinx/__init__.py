"""Sphinx extension of the course: questions of the bank and values of ``data/`` in pages.

Enabled in ``_config.yml`` (``sphinx: extra_extensions: [piu.core.book.sphinx]``). It provides:

* ``{quiz} ID`` — the question ``ID`` of the bank as a client-side quiz;
* ``{evaluation} paquet.module:fonction`` — a graded evaluation as a form with no key in it;
* ``{progres-navigateur}`` — a table of the learner's progress kept in the browser;
* ``{liste-modules}`` — the modules of the course, from ``data/modules.csv``;
* ``{tableau-filtrable} module:fonction`` — a table the reader filters in the page
  (:mod:`piu.core.book.sphinx.tableau`);
* on each tool and exercise page, the button that runs its forms in the page, and « voir le
  code », the same notebook in the book's JupyterLite site (:mod:`piu.core.book.sphinx.lite`);
* on trainer pages, ``{corrige}``, ``{plan-seance}``, ``{vigilances}`` and the handouts
  (:mod:`piu.core.book.sphinx.trainer`);
* ``{donnee}`TABLE:ID:COLONNE@AAAA-MM-JJ``` — one value of ``data/``, French-formatted, for
  the row in force on that date (``@...`` optional: without it the row must be unique).

It puts French no-break spaces in the text (:mod:`piu.core.book.sphinx.typography`) and serves
``piu-quiz.js`` and ``piu-quiz.css`` from the book's own ``_static/``, so the
pages need no network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sphinx.search
from sphinx.application import Sphinx

from piu.core.book.sphinx import icons, lite, notebooks, tableau, trainer
from piu.core.book.sphinx.directives import (
    EvaluationDirective,
    KeyDirective,
    ModuleListDirective,
    ProgressDirective,
    QuizDirective,
    data_role,
    write_question_index,
)
from piu.core.book.sphinx.search import SearchFrenchWithoutAccents, page_texts, titles_without_accents
from piu.core.book.sphinx.typography import FrenchSpaces
from piu.core.trainer import evaluation_form

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"


def _add_static_path(app: Sphinx) -> None:
    app.config.html_static_path.append(str(STATIC))
    # The evaluation form's script lives with the trainer's form, which also writes it standalone.
    app.config.html_static_path.append(str(evaluation_form.SCRIPT.parent))


def _add_templates(app: Sphinx, config: Any) -> None:
    """Our templates before the theme's, and the theme's options a French page needs.

    Done at ``config-inited``: the builder reads both when it starts. ``default_mode`` (a page
    context value of pydata-sphinx-theme) stops
    the console error « invalid theme mode » that an empty mode gives on every page.
    """
    config.templates_path.insert(0, str(TEMPLATES))
    config.html_context.setdefault("default_mode", "auto")
    if not config.html_favicon:  # without one, browsers ask the server for /favicon.ico (a 404)
        config.html_favicon = str(STATIC / "piu-favicon.svg")
    config.html_theme_options["search_bar_text"] = "Rechercher dans le cours…"
    # Ni .md ni .ipynb à télécharger : un technicien ne peut rien en faire (le PDF par
    # l'impression du navigateur reste possible).
    config.html_theme_options["use_download_button"] = False
    if config.html_title:  # « Achat public d’innovation urbaine » : l'apostrophe typographique, dans l'onglet aussi
        config.html_title = config.html_title.replace("'", "\u2019")


_TOGGLE_LABEL = 'aria-label="Toggle hidden content"'


def _french_toggle_label(app: Sphinx, exception: Exception | None) -> None:
    """The folded-content button of sphinx-togglebutton, named in French for screen readers.

    Its script writes ``aria-label="Toggle hidden content"`` into each button; no option sets it.
    """
    if exception is not None or app.builder.format != "html":
        return
    script = Path(app.outdir) / "_static" / "togglebutton.js"
    if script.is_file():
        text = script.read_text(encoding="utf-8")
        script.write_text(text.replace(_TOGGLE_LABEL, 'aria-label="Afficher ou masquer le contenu"'), encoding="utf-8")


def _french_folded_cells(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                         doctree: Any) -> None:
    """No English name on the « Afficher le code » button of folded notebook cells.

    myst-nb writes ``<summary aria-label="Toggle hidden content">`` into the page for every
    folded cell (``myst_nb.sphinx_.visit_HideCellInput``; no option sets it): a screen reader
    announced « Toggle hidden content » 283 times in the book. Without the attribute the button
    is named by its visible text, « Afficher le code » or « Masquer le code ».
    """
    body = context.get("body")
    if body and _TOGGLE_LABEL in body:
        context["body"] = body.replace(f"<summary {_TOGGLE_LABEL}>", "<summary>")


def _is_unused_script(script: Any) -> bool:
    """Scripts the static book never uses.

    * Thebe: the course runs no remote kernel, and Jupyter Book v1 declares ``THEBE_JS_URL``
      twice (a script error on every page) with an unpkg.com address in it.
    * The saved ipywidgets state: no widget manager is loaded (it would come from a CDN), and
      each notebook page would carry hundreds of kilobytes of unused JSON. The questions show as
      static quizzes instead (:mod:`piu.core.questions.web_payload`).
    """
    attributes = getattr(script, "attributes", {})
    if attributes.get("type") == "application/vnd.jupyter.widget-state+json":
        return True
    return "thebe" in f"{getattr(script, 'filename', script)}{attributes.get('body', '')}".lower()


def _drop_unused_scripts(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                         doctree: Any) -> None:
    if context.get("script_files"):
        context["script_files"] = [s for s in context["script_files"] if not _is_unused_script(s)]


_TOGGLE = '<summary><span class="toctree-toggle" role="presentation">'
_NAMED_TOGGLE = _TOGGLE.replace("<summary>", '<summary aria-label="Afficher ou masquer les sous-pages">')


def _name_sidebar_toggles(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                          doctree: Any) -> None:
    """Give the sidebar's expand buttons a French name (axe-core « summary-name »: a screen
    reader otherwise announces an empty button). The theme builds them in ``generate_toctree_html``."""
    generate = context.get("generate_toctree_html")
    if generate is None:
        return

    def named(*args: Any, **kwargs: Any) -> str:
        return str(generate(*args, **kwargs)).replace(_TOGGLE, _NAMED_TOGGLE)

    context["generate_toctree_html"] = named


def setup(app: Sphinx) -> dict[str, Any]:
    # Sphinx has no API to replace a search language: its table is the documented place.
    sphinx.search.languages["fr"] = SearchFrenchWithoutAccents
    app.add_directive("quiz", QuizDirective)
    app.add_directive("evaluation", EvaluationDirective)
    app.add_directive("corrige-evaluation", KeyDirective)
    app.add_directive("progres-navigateur", ProgressDirective)
    app.add_directive("liste-modules", ModuleListDirective)
    app.add_role("donnee", data_role)
    app.add_transform(FrenchSpaces)
    notebooks.setup(app)
    app.connect("config-inited", _add_templates)
    app.connect("builder-inited", _add_static_path)
    app.connect("build-finished", icons.write_icons)
    app.connect("build-finished", titles_without_accents)
    app.connect("build-finished", page_texts)
    app.connect("html-page-context", _french_folded_cells)
    app.connect("build-finished", _french_toggle_label)
    app.connect("build-finished", write_question_index)
    app.connect("html-page-context", _drop_unused_scripts, priority=900)
    app.connect("html-page-context", _name_sidebar_toggles, priority=900)
    app.add_js_file("piu-quiz.js")
    app.add_js_file("piu-export.js")
    app.add_js_file("piu-scorm.js")
    app.add_js_file("piu-evaluation.js")
    app.add_css_file("piu-quiz.css")
    app.add_css_file(icons.CSS_FILE)
    lite.setup(app)
    tableau.setup(app)
    trainer.setup(app)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
