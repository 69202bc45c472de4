"""Gzip copies of the built book's text files, served instead of the originals when they are fresh.

A first visit of a tool downloads the JupyterLite application and the Pyodide runtime: about
40 MB as they lie on disk, much of it text (JavaScript, JSON) or WebAssembly, which gzip shrinks
to a third. Wheels and zip archives are compressed too when it is worth it (a tenth at least):
the compiled archives of the tools are stored without compression inside
(:mod:`piu.core.book.lite.bytecode`), and one gzip stream over each is smaller than its deflated
zip; an archive already deflated inside gains nothing and is left alone. ``make livre``
writes ``fichier.gz`` beside each such file; ``piu servir`` sends it with
``Content-Encoding: gzip`` to a browser that accepts it, and an intranet server can do the same
(nginx ``gzip_static on``, see the IT note). A copy older than its file is never served, so a
rebuilt book without a new compression pass still shows the new files.

Run: ``python -m piu.core.book.compression _build/html``.
"""

from __future__ import annotations

import gzip
import sys
from dataclasses import dataclass
from pathlib import Path

from piu.core.files import copie_gzip

__all__ = ["COMPRESSIBLE", "Bilan", "compresser", "copie_gzip"]

#: Suffixes worth compressing (text, WebAssembly, and archives that may be stored inside);
#: images already are.
COMPRESSIBLE = frozenset({".js", ".mjs", ".wasm", ".json", ".css", ".html", ".svg", ".map", ".txt", ".ipynb",
                          ".whl", ".zip"})
_MIN_SIZE = 1024  # below this, the headers weigh more than the saving
_MAX_RATIO = 0.9  # a copy that saves less than a tenth is not worth serving


@dataclass(frozen=True)
class Bilan:
    """What a compression pass did: files compressed, bytes before and after."""

    fichiers: int
    avant: int
    apres: int


def compresser(folder: Path) -> Bilan:
    """Write (or refresh) the gzip copy of every compressible file of ``folder``."""
    count = before = after = 0
    for path in sorted(folder.rglob("*")):
        if path.suffix not in COMPRESSIBLE or not path.is_file() or path.stat().st_size < _MIN_SIZE:
            continue
        copy = path.with_name(path.name + ".gz")
        if copie_gzip(path) is None:
            data = path.read_bytes()
            packed = gzip.compress(data, compresslevel=6, mtime=0)
            if len(packed) > _MAX_RATIO * len(data):
                copy.unlink(missing_ok=True)
                continue
            tmp = copy.with_name(copy.name + ".tmp")
            tmp.write_bytes(packed)
            tmp.replace(copy)
        count += 1
        before += path.stat().st_size
        after += copy.stat().st_size
    return Bilan(count, before, after)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not Path(args[0]).is_dir():
        print("Usage : python -m piu.core.book.compression DOSSIER_DU_LIVRE_CONSTRUIT (par exemple _build/html)",
              file=sys.stderr)
        return 2
    bilan = compresser(Path(args[0]))
    print(f"Copies gzip : {bilan.fichiers} fichiers, {bilan.avant / 1e6:.1f} Mo → {bilan.apres / 1e6:.1f} Mo.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
