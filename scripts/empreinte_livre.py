"""Whether the built book is up to date with its sources (so that ``make livre`` can skip Sphinx).

Usage : ``python scripts/empreinte_livre.py verifier`` (code 0 : à jour, 1 : à reconstruire)
puis, après une construction réussie, ``python scripts/empreinte_livre.py ecrire``.

The book is built with ``--all`` (every page re-read, every warning shown again); building it a
second time from unchanged sources — ``make test`` then ``make livre`` in CI — only costs time.
The fingerprint covers everything the book is made of: configuration, chapters, notebooks,
bank, data, the ``piu`` package (engines and Sphinx extension) and the locked dependencies.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAMP = ROOT / "_build" / ".empreinte-livre"
INPUTS = ("_config.yml", "_toc.yml", "pyproject.toml", "uv.lock", "book", "notebooks", "exercises", "data",
          "src/piu")


def empreinte() -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        top = ROOT / name
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts or ".ipynb_checkpoints" in path.parts:
                continue
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def main(argv: list[str]) -> int:
    if argv == ["verifier"]:
        built = (ROOT / "_build" / "html" / "index.html").is_file()
        return 0 if built and STAMP.is_file() and STAMP.read_text(encoding="utf-8") == empreinte() else 1
    if argv == ["ecrire"]:
        STAMP.write_text(empreinte(), encoding="utf-8")
        return 0
    print("Usage : python scripts/empreinte_livre.py verifier|ecrire", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
