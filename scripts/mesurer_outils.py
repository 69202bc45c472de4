"""Combien de temps entre le clic et le premier champ utilisable d'un outil ? (banc de mesure)

Sur le livre construit (``make livre``), servi par ``piu servir`` (compression, réponses 304) sur
127.0.0.1 seulement, dans Chromium sans écran : pour chaque origine (boucle locale ``127.0.0.1``
et une adresse d'intranet en HTTP simple, ``intranet.test`` associée à 127.0.0.1 par
``--host-resolver-rules``), et pour chaque chemin, dans la même exécution :

* ``avant``        — l'outil dans la page d'un autre livre construit (``--avant DOSSIER``, par
  exemple ``/work/main/_build/html`` : la branche principale), pour comparer ;
* ``page``         — l'outil dans la page (``piu.core.book.runner``) en « économiseur de
  données » : rien avant le clic, le clic démarre Python (le chemin le plus long) ;
* ``page+prep``    — l'outil dans la page sur une connexion ordinaire : Python a démarré à
  l'ouverture de la page ; on attend qu'il soit prêt, puis on clique ;
* ``jupyterlite``  — le lien « voir le code » : le notebook dans JupyterLite, exécuté tout
  seul (la référence d'avant l'issue 25).

À froid (un profil neuf à chaque essai) et avec le cache du navigateur (le même profil, page
rechargée). Trois essais par cas : minimum et médiane ; la charge de la machine est affichée
avant et après, et les octets envoyés par le serveur à la première visite (compressés). Chaque
ouverture écrit aussi dans la console de la page le temps de chacune de ses étapes (Pyodide,
paquets, exécution), repris avec ``--etapes``.

    .venv/bin/python scripts/mesurer_outils.py [--module 3] [--essais 3] [--avant DOSSIER]
        [--chemins avant,page,page+prep,jupyterlite] [--origines 127.0.0.1,intranet.test] [--etapes]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import statistics
import sys
import threading
import time
from pathlib import Path

from piu.core.cli.servir import BookHandler

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
CHROMIUM = os.environ.get("PIU_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic", "--host-resolver-rules=MAP intranet.test 127.0.0.1"]
#: A field the learner can use: a text box, a list, a box to tick, in a form that is drawn.
FIELD = ("{scope} .jupyter-widgets input:not([disabled]), {scope} .jupyter-widgets select:not([disabled]), "
         "{scope} .jupyter-widgets textarea:not([disabled])")
#: « Économiseur de données », as the page reads it (navigator.connection): no start before the click.
SAVE_DATA = ("Object.defineProperty(Navigator.prototype, 'connection', {configurable: true, "
             "get: () => ({saveData: true, type: 'wifi', effectiveType: '4g'})});")


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, type]:
    """``piu servir``'s handler on 127.0.0.1, counting the bytes of the bodies it sends."""

    class Counting(BookHandler):
        sent = 0
        lock = threading.Lock()

        def copyfile(self, source, outputfile) -> None:  # type: ignore[no-untyped-def]
            before = source.tell()
            super().copyfile(source, outputfile)
            with Counting.lock:
                Counting.sent += source.tell() - before

        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Counting, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, Counting


def one_run(page, url: str, path: str) -> float:  # type: ignore[no-untyped-def]
    """Seconds from the click to the first usable field."""
    page.goto(url, wait_until="load")
    if path == "jupyterlite":
        link = page.locator(".piu-outil-code")
        start = time.perf_counter()
        link.click()
        page.wait_for_selector(FIELD.format(scope=".jp-OutputArea-output"), state="visible", timeout=180_000)
        return time.perf_counter() - start
    page.wait_for_selector(".piu-outil-bouton")
    if path == "page+prep":
        page.wait_for_function("document.documentElement.getAttribute('data-piu-outil') === 'python-pret'",
                               timeout=180_000)
    start = time.perf_counter()
    page.click(".piu-outil-bouton")
    page.wait_for_selector(FIELD.format(scope=".piu-sortie"), state="visible", timeout=180_000)
    return time.perf_counter() - start


def measure(browser, origin: str, path: str, module: int, runs: int, counter: type,  # type: ignore[no-untyped-def]
            steps: bool) -> dict[str, object]:
    url = f"{origin}/notebooks/module{module}.html"
    cold: list[float] = []
    cached: list[float] = []
    first_bytes: list[int] = []
    logs: list[str] = []

    def new_context():  # type: ignore[no-untyped-def]
        context = browser.new_context(locale="fr-FR")
        if path in ("page", "jupyterlite"):  # JupyterLite: the tool page must not start its own Python
            context.add_init_script(SAVE_DATA)
        page = context.new_page()
        page.on("console", lambda m: logs.append(m.text) if m.text.startswith("piu-outil") else None)
        return context, page

    for _ in range(runs):
        context, page = new_context()
        counter.sent = 0
        cold.append(one_run(page, url, path))
        time.sleep(1.0)  # the last files (after the first field) are counted too
        first_bytes.append(counter.sent)
        context.close()
    context, page = new_context()
    one_run(page, url, path)  # fills the cache
    for _ in range(runs):
        cached.append(one_run(page, url, path))
    context.close()
    if steps:
        for text in logs:
            print("      " + text)
    return {"cold": cold, "cached": cached, "bytes": statistics.median(first_bytes)}


def cell(values: list[float]) -> str:
    return f"{min(values):5.2f} / {statistics.median(values):5.2f}"


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--module", type=int, default=3)
    parser.add_argument("--essais", type=int, default=3)
    parser.add_argument("--avant", type=Path, help="un autre livre construit, mesuré dans la même exécution")
    parser.add_argument("--chemins", default="avant,page,page+prep,jupyterlite")
    parser.add_argument("--origines", default="127.0.0.1,intranet.test")
    parser.add_argument("--etapes", action="store_true", help="afficher les temps de chaque étape (console)")
    args = parser.parse_args()
    if not (HTML / "notebooks" / f"module{args.module}.html").is_file():
        print("Livre absent : lancez d'abord « make livre ».", file=sys.stderr)
        return 1
    paths = [p for p in args.chemins.split(",") if p != "avant" or args.avant]
    if args.avant and not (args.avant / "notebooks" / f"module{args.module}.html").is_file():
        print(f"--avant {args.avant} : pas de livre construit là.", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    servers = {"après": serve(HTML)}
    if "avant" in paths:
        servers["avant"] = serve(args.avant)
    print(f"Charge (1, 5, 15 min) avant : {load()} ; {os.cpu_count()} cœurs ; module {args.module}, "
          f"{args.essais} essais par cas (min / médiane, secondes du clic au premier champ)")
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        for host in args.origines.split(","):
            for path in paths:
                server, counter = servers["avant" if path == "avant" else "après"]
                origin = f"http://{host}:{server.server_address[1]}"
                result = measure(browser, origin, path, args.module, args.essais, counter, args.etapes)
                rows.append((host, path, result))
                print(f"  [{host}] {path:11s} à froid {cell(result['cold'])}  avec cache {cell(result['cached'])}  "  # type: ignore[arg-type]
                      f"{result['bytes'] / 1e6:5.1f} Mo   (charge {load()})", flush=True)
        browser.close()
    for server, _ in servers.values():
        server.shutdown()
    print()
    print("| origine | chemin | à froid min / méd. (s) | avec cache min / méd. (s) | 1re visite (Mo) |")
    print("|---|---|---|---|---|")
    for host, path, result in rows:
        print(f"| {host} | {path} | {cell(result['cold'])} | {cell(result['cached'])} | "  # type: ignore[arg-type]
              f"{result['bytes'] / 1e6:.1f} |")
    print(f"\nCharge (1, 5, 15 min) après : {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
