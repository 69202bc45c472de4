"""A SCORM 1.2 package of the learner's book, for a training platform (Moodle, the CNFPT's).

Trainers of collectivités often work inside a platform: Moodle imports a SCORM 1.2 archive as an
activity and records, per learner, whether each part was completed and its score. The package
is the learner's book as built (never the trainer's: no answer key ships; the final evaluation
is its subject only) with an ``imsmanifest.xml`` whose items are the modules' chapters, each a
SCO. In the platform, ``piu-scorm.js`` reports each chapter's status and score (share of its
questions answered right); outside a platform it does nothing.

The JupyterLite site (``lite/``) stays out: about 40 MB that a platform's upload limit often
refuses, and a service worker platforms do not serve. Tool pages still show their questions.

Run: ``python -m piu.core.book.scorm [--livre _build/html] [--sortie _build/piu-scorm.zip]``.
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from piu.core import data, paths
from piu.core.errors import PiuError

__all__ = ["manifest", "package"]

#: Left out of the archive: the tools site, gzip copies (served by ``piu servir`` only), build stamps.
_SKIPPED_TOPS = {"lite", "_sources"}


def _kept(relative: Path) -> bool:
    return (relative.parts[0] not in _SKIPPED_TOPS and relative.suffix != ".gz"
            and not relative.name.startswith(".") and relative.parts[:2] != ("book", "formateur"))


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


def package(html: Path, dest: Path) -> Path:
    """Zip the built learner's book with its manifest at the root (what Moodle expects)."""
    if not (html / "index.html").is_file():
        raise PiuError(f"Le livre construit est introuvable dans {html} : lancez d'abord « make livre ».")
    if (html / "book" / "formateur").exists():
        raise PiuError(f"{html} est le livre du formateur (corrigés) : le paquet SCORM se fait avec le livre "
                       f"de l'apprenant (_build/html).")
    text = manifest(html)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", text)
        for path in sorted(html.rglob("*")):
            relative = path.relative_to(html)
            if path.is_file() and _kept(relative):
                archive.write(path, relative.as_posix())
    tmp.replace(dest)
    dest.chmod(0o644)
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m piu.core.book.scorm",
                                     description="Paquet SCORM 1.2 du livre de l'apprenant, pour Moodle.")
    root = paths.course_root()
    parser.add_argument("--livre", type=Path, default=root / "_build" / "html", help="livre construit")
    parser.add_argument("--sortie", type=Path, default=root / "_build" / "piu-scorm.zip", help="archive")
    args = parser.parse_args(argv)
    try:
        dest = package(args.livre, args.sortie)
    except PiuError as exc:
        print(f"piu : {exc}", file=sys.stderr)
        return 2
    print(f"Paquet SCORM 1.2 : {dest} ({dest.stat().st_size / 1e6:.1f} Mo). Dans Moodle : ajouter une "
          f"activité « Paquetage SCORM » et déposer ce fichier.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
