"""Sphinx transform applying French no-break spaces to the text of every page (not to code)."""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform

from piu.core.typography import espaces_insecables

_SKIP = (nodes.literal, nodes.literal_block, nodes.raw, nodes.math, nodes.math_block,
         nodes.target, nodes.comment)


class FrenchSpaces(SphinxTransform):
    """Replace ordinary spaces by no-break spaces where French typography wants them."""

    default_priority = 800

    def apply(self) -> None:
        if not (self.config.language or "").startswith("fr"):
            return
        for text in list(self.document.findall(nodes.Text)):
            parent = text.parent
            if parent is None or any(isinstance(a, _SKIP) for a in _ancestors(parent)):
                continue
            fixed = espaces_insecables(str(text))
            if fixed != str(text):
                parent.replace(text, nodes.Text(fixed))


def _ancestors(node: nodes.Node):
    while node is not None:
        yield node
        node = node.parent
