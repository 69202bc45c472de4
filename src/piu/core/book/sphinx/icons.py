"""The theme's icons without its icon-font script.

pydata-sphinx-theme loads Font Awesome as a 1,4 MB script on every page (58 % of a page's
weight) to draw about fifteen icons. This module reads the path of each icon the pages use
from that very script, once per build, and writes ``_static/piu-icones.css``: one CSS mask per
icon, in the text colour (so light and dark modes follow). The template
``templates/static/webpack-macros.html`` drops the script from the pages.

If a theme upgrade changes the script, the build stops with a French message rather than
showing pages without icons.
"""

from __future__ import annotations

import re
import urllib.parse
from importlib import resources
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

# Solid icons used by the theme's header, sidebar, search, theme switch and download menus.
ICONS = ("angle-left", "angle-right", "arrow-up", "bars", "chevron-down", "circle-half-stroke", "download",
         "expand", "file", "file-pdf", "list", "magnifying-glass", "moon", "outdent", "sun",
         # the admonitions' title icons (« note », « warning »…), drawn by the theme with the font
         "bell", "circle-exclamation", "circle-info", "circle-xmark", "lightbulb", "pencil", "share",
         "triangle-exclamation")

# Admonition type → icon, as the theme's ``--pst-icon-admonition-*`` variables choose them.
ADMONITIONS = {"admonition": "bell", "attention": "circle-exclamation", "caution": "triangle-exclamation",
               "danger": "triangle-exclamation", "error": "circle-xmark", "hint": "lightbulb",
               "important": "circle-exclamation", "note": "circle-info", "seealso": "share", "tip": "lightbulb",
               "todo": "pencil", "warning": "triangle-exclamation"}
CSS_FILE = "piu-icones.css"
_SOLID_SET = re.compile(r'd\("fas",(\w+)\)')


def _font_awesome_script() -> str:
    path = resources.files("pydata_sphinx_theme") / "theme/pydata_sphinx_theme/static/scripts/fontawesome.js"
    return path.read_text(encoding="utf-8")


def solid_icons(script: str, names: tuple[str, ...] = ICONS) -> dict[str, tuple[int, int, str]]:
    """``name → (width, height, SVG path)`` of the solid icons ``names`` found in ``script``."""
    end = script.find('d("fas"')
    start = script.rfind('d("far"', 0, end)
    if end < 0 or start < 0:
        raise ExtensionError("piu : le script d'icônes du thème a changé (jeu « fas » introuvable) ; "
                             "mettez à jour piu.core.book.sphinx.icons.")
    solid = script[start:end]
    found = {}
    for name in names:
        key = rf'"{re.escape(name)}"' if "-" in name else rf'(?:"{name}"|(?<![\w$-]){name})'
        match = re.search(key + r':\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+","(M[^"]+)"\]', solid)
        if match is None:
            raise ExtensionError(f"piu : icône « {name} » introuvable dans le script d'icônes du thème ; "
                                 f"mettez à jour piu.core.book.sphinx.icons.ICONS.")
        found[name] = (int(match.group(1)), int(match.group(2)), match.group(3))
    return found


def icons_css(icons: dict[str, tuple[int, int, str]]) -> str:
    """One CSS mask per icon: the ``<i class="fa-solid fa-…">`` of the theme draw themselves."""
    # ``font-family: inherit``: a blank between the tags of ``<i class="fa-solid">`` would
    # otherwise make the browser fetch the icon font (150 kB) to draw a space.
    rules = [".fa-solid, .fas, .fa-regular, .far, .fa-brands, .fab { display: inline-block; line-height: 1; "
             "vertical-align: -0.125em; font-family: inherit; }",
             ".fa-lg { font-size: 1.25em; }",
             '.fa-solid::before, .fas::before { content: ""; display: inline-block; height: 1em; '
             "background-color: currentColor; -webkit-mask: var(--piu-icone) no-repeat center / contain; "
             "mask: var(--piu-icone) no-repeat center / contain; }"]
    for name, (width, height, path) in sorted(icons.items()):
        svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"><path d="{path}"/></svg>'
        data = "data:image/svg+xml," + urllib.parse.quote(svg)
        rules.append(f'.fa-{name} {{ --piu-icone: url("{data}"); }} '
                     f".fa-{name}::before {{ width: {width / height:.4g}em; }}")
    # The theme draws an admonition's icon as a font glyph in ``::after``: an empty mask instead,
    # so that no page downloads the 150 kB font file for it.
    for kind, name in ADMONITIONS.items():
        width, height, path = icons[name]
        svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"><path d="{path}"/></svg>'
        selector = "div.admonition" if kind == "admonition" else f"div.admonition.{kind}"
        rules.append(f'{selector} > .admonition-title::after {{ content: ""; font: inherit; '
                     f"background-color: currentColor; "
                     f'-webkit-mask: url("data:image/svg+xml,{urllib.parse.quote(svg)}") no-repeat center / contain; '
                     f'mask: url("data:image/svg+xml,{urllib.parse.quote(svg)}") no-repeat center / contain; }}')
    return "\n".join(rules) + "\n"


def write_icons(app: Sphinx, exception: Exception | None) -> None:
    """At the end of an HTML build: write the icon stylesheet, remove the unused script."""
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    (static / CSS_FILE).write_text(icons_css(solid_icons(_font_awesome_script())), encoding="utf-8")
    for unused in (static / "scripts").glob("fontawesome.js*"):
        unused.unlink()
