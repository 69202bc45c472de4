"""Write the trainer's table of contents: the learner's ``_toc.yml`` plus ``book/formateur/sommaire.yml``.

The learner build never holds a trainer page (answer keys, session plans); the trainer build
holds every learner page as well. Generating the second table from the first keeps them from
drifting apart when a module is added.

Usage : python scripts/sommaire_formateur.py SORTIE.yml
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def trainer_toc(root: Path = ROOT) -> dict:
    """The learner's table with the trainer's parts appended."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    extra = yaml.safe_load((root / "book" / "formateur" / "sommaire.yml").read_text(encoding="utf-8"))
    if not isinstance(extra, list) or not all(isinstance(p, dict) and "caption" in p for p in extra):
        raise SystemExit("book/formateur/sommaire.yml : une liste de parties (« - caption: … ») est attendue.")
    return {**toc, "parts": [*toc["parts"], *extra]}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("utilisation : python scripts/sommaire_formateur.py SORTIE.yml", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("# Généré par scripts/sommaire_formateur.py : ne pas modifier.\n"
                   + yaml.safe_dump(trainer_toc(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
