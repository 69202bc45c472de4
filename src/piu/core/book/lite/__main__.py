"""``python -m piu.core.book.lite``: build the JupyterLite site, pack the intranet archive, prune the lock."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from piu.core import paths
from piu.core.book.lite import build
from piu.core.errors import PiuError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m piu.core.book.lite",
                                     description="Site JupyterLite du cours (outils dans le navigateur).")
    sub = parser.add_subparsers(dest="action", required=True)
    make = sub.add_parser("construire", help="construire le site dans _build/html/lite")
    make.add_argument("--sortie", type=Path, default=None, help="dossier du site (défaut : _build/html/lite)")
    make.add_argument("--cache", type=Path, default=None, help="cache des roues (défaut : .cache/lite)")
    make.add_argument("--forcer", action="store_true", help="reconstruire même si rien n'a changé")
    pack = sub.add_parser("archive", help="une archive du livre construit pour un serveur intranet")
    pack.add_argument("--livre", type=Path, default=None, help="livre construit (défaut : _build/html)")
    pack.add_argument("--sortie", type=Path, default=None, help="archive (défaut : _build/piu-intranet.zip)")
    prune = sub.add_parser("elaguer", help="(mainteneur) réduire le pyodide-lock.json officiel (npm pyodide)")
    prune.add_argument("lock", type=Path, help="pyodide-lock.json du paquet npm pyodide")
    args = parser.parse_args(argv)
    root = paths.course_root()
    try:
        if args.action == "construire":
            out = args.sortie or root / "_build" / "html" / "lite"
            if build.build_site(root, out, args.cache or root / ".cache" / "lite", force=args.forcer):
                print(f"Site JupyterLite construit : {out} ({build.site_size(out) / 1e6:.1f} Mo)")
                print(build.sizes_table(out), end="")
                python312 = build.bytecode.find_python312()
                print(f"Code Python précompilé pour le navigateur par {python312}." if python312 else
                      "Pas de Python 3.12 sur ce poste : le code Python est compilé dans le navigateur à chaque "
                      "ouverture d'un outil (quelques secondes de plus ; voir le README).")
            else:
                print(f"Site JupyterLite à jour : {out}")
        elif args.action == "archive":
            html = args.livre or root / "_build" / "html"
            dest = build.intranet_archive(html, args.sortie or root / "_build" / "piu-intranet.zip")
            print(f"Archive pour l'intranet : {dest} ({dest.stat().st_size / 1e6:.1f} Mo). "
                  f"Décompressez-la sur le serveur ; la note pour le service informatique est dedans "
                  f"(piu/LISEZMOI-informatique.txt).")
        else:
            official = json.loads(args.lock.read_text(encoding="utf-8"))
            build.COMMITTED_LOCK.write_text(json.dumps(build.prune_lock(official), indent=1, sort_keys=True),
                                            encoding="utf-8")
            print(f"{build.COMMITTED_LOCK} réécrit ; mettez à jour pyodide-core.sha256 (sha256sum des fichiers "
                  f"du paquet npm).")
    except PiuError as exc:
        print(f"piu : {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
