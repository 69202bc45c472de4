"""Notebook pages as a learner reads them in the web book: no test markers, no bare values.

The notebooks serve three readers: Jupyter (the learner runs them), nbval (the tests compare
the cells marked ``# NBVAL_CHECK_OUTPUT``) and the book. The book shows them without a kernel,
so it should show what they teach, not how they are tested:

* the ``# NBVAL_…`` marker lines are dropped from the code shown (the file keeps them);
* code cells are folded (``hide-input``, a click shows them) unless tagged ``montrer-code``;
* cells tagged ``seulement-jupyter`` (« exécutez la cellule », « remplacez ``None`` »…) are
  left out: they speak to a learner who is in Jupyter, not to the reader of the web book;
* a bare ``True``, ``False`` or ``None`` printed as a cell's value is left out: it only
  echoes the check the cell just made, whose message is shown above it;
* the text the tools print gets French no-break spaces and apostrophes
  (:func:`piu.core.typography.espaces_insecables`), like the rest of the page.
"""

from __future__ import annotations

import json
import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from piu.core.typography import espaces_insecables

_MARKER = re.compile(r"^[ \t]*# NBVAL_[A-Z_]+[ \t]*\n?", re.M)
SHOW_TAG = "montrer-code"
JUPYTER_TAG = "seulement-jupyter"
_BARE_VALUES = {"True", "False", "None"}


def book_view(notebook: dict[str, Any]) -> dict[str, Any]:
    """The notebook as the book shows it (markers dropped, code folded); changes ``notebook``."""
    for cell in notebook.get("cells", []):
        tags = cell.setdefault("metadata", {}).setdefault("tags", [])
        if JUPYTER_TAG in tags and "remove-cell" not in tags:
            tags.append("remove-cell")
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        cell["source"] = _MARKER.sub("", text)
        if SHOW_TAG not in tags and not {"hide-input", "remove-input", "remove-cell"} & set(tags):
            tags.append("hide-input")
    return notebook


def _on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    if not str(app.env.doc2path(docname)).endswith(".ipynb"):
        return
    try:
        notebook = json.loads(source[0])
    except ValueError:
        return  # myst-nb reports the broken notebook itself
    source[0] = json.dumps(book_view(notebook), ensure_ascii=False)


class DropBareValues(SphinxPostTransform):
    """Remove the ``True`` / ``False`` / ``None`` outputs of notebook cells; French spaces in the others."""

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for output in list(self.document.findall(nodes.container)):
            if "cell_output" not in output.get("classes", []):
                continue
            for block in list(output.findall(nodes.literal_block)):
                text = block.astext()
                fixed = espaces_insecables(text)
                if fixed != text:
                    block.children = [nodes.Text(fixed)]
                if text.strip() in _BARE_VALUES:
                    parent = block.parent
                    parent.remove(block)
                    if isinstance(parent, nodes.container) and parent is not output and not parent.children:
                        parent.parent.remove(parent)
            if not output.children:
                output.parent.remove(output)


def setup(app: Sphinx) -> None:
    app.connect("source-read", _on_source_read)
    app.add_post_transform(DropBareValues)
