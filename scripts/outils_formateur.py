"""Put the learner's JupyterLite site into the trainer's book, so its « Ouvrir l'outil » links work.

Every tool page links to ``lite/`` beside the book's root. The trainer's book is built in its
own folder (``_build/formateur/_build/html``), where that folder did not exist: each link was a
404 on the very pages the session plans project. The site is the same for both books (it never
holds an answer key: the browser wheel carries the evaluation's subject only), so it is linked
file by file (hard links, a copy where the disk refuses them) rather than built twice.

Usage : python scripts/outils_formateur.py SITE_APPRENANT DOSSIER_FORMATEUR/lite
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

STAMP = ".piu-empreinte"  # same name as piu.core.book.lite.build.DIGEST_FILE


def _stamp(site: Path) -> str:
    path = site / STAMP
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def link_site(site: Path, dest: Path) -> bool:
    """Mirror ``site`` into ``dest``; return False when ``dest`` already holds the same build."""
    if not (site / "notebooks" / "index.html").is_file():
        raise SystemExit(f"Site des outils introuvable dans {site} : lancez d'abord "
                         "« python -m piu.core.book.lite construire ».")
    if _stamp(site) and _stamp(site) == _stamp(dest) and (dest / "notebooks" / "index.html").is_file():
        return False
    staging = dest.with_name(f".{dest.name}-copie")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(site, staging, copy_function=_link_or_copy)
    shutil.rmtree(dest, ignore_errors=True)
    staging.rename(dest)
    return True


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("utilisation : python scripts/outils_formateur.py SITE_APPRENANT DOSSIER_FORMATEUR/lite",
              file=sys.stderr)
        return 2
    site, dest = Path(argv[0]), Path(argv[1])
    if not dest.parent.is_dir():
        print(f"Livre du formateur introuvable ({dest.parent}) : construisez-le d'abord.", file=sys.stderr)
        return 2
    done = link_site(site, dest)
    print(f"Outils du livre du formateur {'mis en place' if done else 'déjà à jour'} : {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
