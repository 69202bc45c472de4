"""A SCORM 1.2 package of the learner's book, for a training platform (Moodle, the CNFPT's).

Trainers of collectivités often work inside a platform: Moodle imports a SCORM 1.2 archive as an
activity and records, per learner, whether each part was completed and its score. The package
is the learner's book as built (never the trainer's: no answer key ships; the final evaluation
is its subject only) with an ``imsmanifest.xml`` whose items are the modules' chapters, each a
SCO. In the platform, ``piu-scorm.js`` reports each chapter's status and score (share of its
questions answered right); outside a platform it does nothing.

The JupyterLite site (``lite/``) stays out: about 40 MB that a platform's upload limit often
refuses, and a service worker platforms do not serve. Tool pages still show their questions and
their example results. Since neither the in-page runner (it loads Python from ``lite/``) nor
JupyterLite is inside, every « Ouvrir l'outil » button and « voir le code » link is taken out of
the packaged pages and replaced by a short note that says where the tools are: the course
site, when its address is given (``--adresse``), or « demandez l'adresse à votre formateur ».
The pages are rewritten here, in the archive only, so the web book keeps its buttons. Before
the archive is written, every ``href`` and ``src`` of its pages is checked: a link to a file
that is not in the archive stops the packaging with the list (:func:`dead_links`).

Run: ``python -m piu.core.book.scorm [--livre _build/html] [--sortie _build/piu-scorm.zip]
[--adresse https://intranet.example/piu/]``.
"""

from __future__ import annotations

import argparse
import html as html_lib
import posixpath
import re
import sys
import zipfile
from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.sax.saxutils import escape, quoteattr

from piu.core import data, paths
from piu.core.errors import PiuError

__all__ = ["adresse_du_site", "dead_links", "manifest", "package", "without_tools"]

#: Left out of the archive: the tools site, gzip copies (served by ``piu servir`` only), build stamps.
_SKIPPED_TOPS = {"lite", "_sources"}
#: Files of the themes that are Jinja templates copied as they are (``_static/*macros.html``), not
#: pages: no page uses them, and their « links » are template code.
_TEMPLATE = re.compile(r"^_static/[^/]*macros\.html$")


def _kept(relative: Path) -> bool:
    return (relative.parts[0] not in _SKIPPED_TOPS and relative.suffix != ".gz"
            and not relative.name.startswith(".") and relative.parts[:2] != ("book", "formateur")
            and not _TEMPLATE.match(relative.as_posix()))


# --- the tools are not in the package: no button, no link to them, a note instead ------------------

#: The blocks that open a tool (in-page runner, JupyterLite) and the chapters' « où sont les outils ».
#: Each is one ``<div>`` without a nested ``<div>`` (:mod:`piu.core.book.runner`, :mod:`...sphinx.lite`).
_RUNNER_BLOCK = re.compile(r'<div class="piu-outil admonition tip"[^>]*>.*?</div>', re.S)
_LITE_BLOCK = re.compile(r'<div class="piu-lite admonition tip"[^>]*>.*?</div>', re.S)
_WHERE_BLOCK = re.compile(r'<div class="piu-ou-outils admonition tip"[^>]*>.*?</div>', re.S)
_BACK = re.compile(r'<a class="piu-outil-chapitre" href="([^"]*)">')
_TOOLS_LINK = re.compile(r'<a href="([^"]*notebooks/[^"]*\.html)">([^<]*)</a>')
_TOOL_PAGE = re.compile(r"^(notebooks|exercises)/[^/]+\.html$")


def adresse_du_site(text: str) -> str:
    """The course site's address as typed by the trainer, checked: ``http(s)://…``, ending in ``/``."""
    typed = text.strip()
    parts = urlsplit(typed)
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r'[\s"<>]', typed):
        raise PiuError(f"Adresse du site du cours « {text} » illisible : donnez l'adresse complète du livre web, "
                       f"par exemple https://intranet.ma-collectivite.fr/piu/ (ou rien, pour que la note dise de "
                       f"la demander au formateur).")
    return typed if typed.endswith("/") else typed + "/"


def _where(site: str | None, page: str) -> str:
    """Where the tools are, in one sentence ending the note (``page``: the tools page, from the root)."""
    if site:
        address = html_lib.escape(site + page)
        return (f'ouvrez-les sur le site du cours, à l\u2019adresse <a href="{address}">{html_lib.escape(site)}</a>'
                f" (même page, avec ses outils).")
    return ("ils sont sur le site du cours (par exemple l\u2019intranet de votre collectivité)\u00a0: demandez "
            "l\u2019adresse à votre formateur.")


def _note(body: str) -> str:
    return (f'<div class="piu-scorm-outils admonition note"><p class="admonition-title">Les outils de ce cours'
            f"</p><p>{body}</p></div>")


def without_tools(text: str, page: str, site: str | None = None) -> str:
    """A built page as it goes in the package: tool buttons and JupyterLite links replaced by a note.

    ``page`` is the page's path from the book's root (``notebooks/module3.html``); ``site`` the
    checked address of the course site (:func:`adresse_du_site`), or None.
    """
    here = "cette page" if _TOOL_PAGE.match(page) else "ce module"

    def runner(match: re.Match[str]) -> str:
        back = _BACK.search(match.group(0))
        tail = f' <a class="piu-outil-chapitre" href="{back.group(1)}">Retour au chapitre</a>.' if back else ""
        return _note(f"Dans la plateforme de formation, les outils de {here} ne fonctionnent pas\u00a0: les "
                     f"formulaires ci-dessous montrent leurs résultats d\u2019exemple. Pour vous en servir, "
                     f"{_where(site, page)} Les questions de la page, elles, fonctionnent ici.{tail}")

    def lite(match: re.Match[str]) -> str:
        return _note(f"Dans la plateforme de formation, les outils de {here} ne s\u2019ouvrent pas. Pour vous en "
                     f"servir, {_where(site, page)} Les questions de la page, elles, fonctionnent ici.")

    def where(match: re.Match[str]) -> str:
        link = _TOOLS_LINK.search(match.group(0))
        if not link:
            return lite(match)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), link.group(1)))
        return _note(f"Les questions de ce chapitre fonctionnent ici. La page {link.group(0)} montre les outils "
                     f"de ce module avec leurs résultats d\u2019exemple, mais ils ne fonctionnent pas dans la "
                     f"plateforme de formation. Pour vous en servir, {_where(site, target)}")

    return _WHERE_BLOCK.sub(where, _LITE_BLOCK.sub(lite, _RUNNER_BLOCK.sub(runner, text)))


class _Links(HTMLParser):
    """Every ``href`` and ``src`` of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [v for k, v in attrs if k in ("href", "src") and v]


def dead_links(files: Mapping[str, str]) -> list[tuple[str, str]]:
    """(page, link) for each link of an HTML page of ``files`` to a file that is not in ``files``.

    ``files`` maps every path of the package to its text (HTML pages) or to ``""`` (other files).
    Addresses on another site (``https:``, ``mailto:``…), ``data:`` addresses and anchors are
    not files of the package and are left alone.
    """
    dead = []
    for name, text in files.items():
        if not name.endswith(".html"):
            continue
        parser = _Links()
        parser.feed(text)
        for link in parser.found:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path)))
            if link.endswith("/") or (target not in files and f"{target}/index.html" in files):
                target = f"{target}/index.html"
            if target not in files:
                dead.append((name, link))
    return dead


def _chapters(html: Path) -> list[tuple[str, str]]:
    """(href, title) of each module's chapter present in the build, in the modules' order."""
    found = []
    for module in data.table("modules").itertuples():
        href = f"book/module{int(module.numero)}/chapitre.html"
        if (html / href).is_file():
            found.append((href, f"Module {int(module.numero)} — {module.titre}"))
    return found


def manifest(html: Path, title: str = "Achat public d'innovation urbaine") -> str:
    """The ``imsmanifest.xml`` of SCORM 1.2: one organisation, one SCO per chapter."""
    chapters = _chapters(html)
    if not chapters:
        raise PiuError(f"Aucun chapitre dans {html} : construisez d'abord le livre (make livre).")
    items = "".join(f'\n      <item identifier="ITEM-{n}" identifierref="SCO-{n}" isvisible="true">'
                    f"<title>{escape(t)}</title></item>" for n, (_, t) in enumerate(chapters, 1))
    resources = "".join(f'\n    <resource identifier="SCO-{n}" type="webcontent" adlcp:scormtype="sco" '
                        f"href={quoteattr(h)}><file href={quoteattr(h)}/>"
                        f'<dependency identifierref="COMMUN"/></resource>' for n, (h, _) in enumerate(chapters, 1))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="piu-achat-innovation-urbaine" version="1"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd
    http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd
    http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="PIU">
    <organization identifier="PIU">
      <title>{escape(title)}</title>{items}
    </organization>
  </organizations>
  <resources>{resources}
    <resource identifier="COMMUN" type="webcontent" adlcp:scormtype="asset"><file href="index.html"/></resource>
  </resources>
</manifest>
"""


def package(html: Path, dest: Path, site: str | None = None) -> Path:
    """Zip the built learner's book with its manifest at the root (what Moodle expects).

    ``site``: the course site's address, named in the note that replaces the tools' buttons.
    """
    if not (html / "index.html").is_file():
        raise PiuError(f"Le livre construit est introuvable dans {html} : lancez d'abord « make livre ».")
    if (html / "book" / "formateur").exists():
        raise PiuError(f"{html} est le livre du formateur (corrigés) : le paquet SCORM se fait avec le livre "
                       f"de l'apprenant (_build/html).")
    text = manifest(html)
    site = adresse_du_site(site) if site else None
    kept = sorted(p.relative_to(html).as_posix() for p in html.rglob("*")
                  if p.is_file() and _kept(p.relative_to(html)))
    pages = {name: without_tools((html / name).read_text(encoding="utf-8"), name, site)
             for name in kept if name.endswith(".html")}
    if dead := dead_links({name: pages.get(name, "") for name in kept}):
        listed = "\n".join(f"  {page} : {link}" for page, link in dead[:20])
        raise PiuError(f"Le paquet SCORM aurait {len(dead)} lien(s) vers un fichier absent de l'archive (rien "
                       f"n'a été écrit) :\n{listed}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", text)
        for name in kept:
            if name in pages:
                archive.writestr(name, pages[name])
            else:
                archive.write(html / name, name)
    tmp.replace(dest)
    dest.chmod(0o644)
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m piu.core.book.scorm",
                                     description="Paquet SCORM 1.2 du livre de l'apprenant, pour Moodle.")
    root = paths.course_root()
    parser.add_argument("--livre", type=Path, default=root / "_build" / "html", help="livre construit")
    parser.add_argument("--sortie", type=Path, default=root / "_build" / "piu-scorm.zip", help="archive")
    parser.add_argument("--adresse", default=None, metavar="URL",
                        help="adresse du livre web (site du cours, intranet), que la note des outils donne")
    args = parser.parse_args(argv)
    try:
        dest = package(args.livre, args.sortie, args.adresse)
    except PiuError as exc:
        print(f"piu : {exc}", file=sys.stderr)
        return 2
    weight = f"{dest.stat().st_size / 1e6:.1f}".replace(".", ",")
    print(f"Paquet SCORM 1.2 : {dest} ({weight}\u00a0Mo). Dans Moodle : ajouter une "
          f"activité « Paquetage SCORM » et déposer ce fichier.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
