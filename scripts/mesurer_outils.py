"""Combien de temps entre le clic et le premier champ utilisable d'un outil ? (banc de mesure)

Sur le livre construit (``make livre``), servi par ``piu servir`` (compression, réponses 304),
dans Chromium sans écran : pour chaque origine (boucle locale ``127.0.0.1`` et une adresse
d'intranet en HTTP simple, ``intranet.test`` associée à 127.0.0.1), et pour chaque chemin :

* ``page`` — l'outil dans la page (``piu.core.book.runner``) : clic sur « Ouvrir l'outil dans
  cette page », attente du premier champ de formulaire utilisable ;
* ``jupyterlite`` — le chemin d'avant (le lien « voir le code ») : le notebook dans JupyterLite,
  exécuté tout seul, mesuré de la même façon (la référence, dans la même exécution).

À froid (un profil neuf à chaque essai) et avec le cache du navigateur (le même profil, page
rechargée). Trois essais par cas : minimum et médiane ; la charge de la machine est affichée
avant et après, et les octets envoyés par le serveur à la première visite (compressés).

    .venv/bin/python scripts/mesurer_outils.py [--module 3] [--essais 3] [--sans-jupyterlite]
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


class CountingHandler(BookHandler):
    """``piu servir``'s handler, counting the bytes of the bodies it sends."""

    sent = 0
    lock = threading.Lock()

    def copyfile(self, source, outputfile) -> None:  # type: ignore[no-untyped-def]
        before = source.tell()
        super().copyfile(source, outputfile)
        with CountingHandler.lock:
            CountingHandler.sent += source.tell() - before


def serve() -> tuple[http.server.ThreadingHTTPServer, int]:
    handler = functools.partial(CountingHandler, directory=str(HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def one_run(page, url: str, path: str, module: int) -> float:  # type: ignore[no-untyped-def]
    """Seconds from the click to the first usable field."""
    page.goto(url, wait_until="load")
    if path == "page":
        page.wait_for_selector(".piu-outil-bouton")
        start = time.perf_counter()
        page.click(".piu-outil-bouton")
        page.wait_for_selector(FIELD.format(scope=".piu-sortie"), state="visible", timeout=120_000)
    else:
        link = page.locator(".piu-outil-code")
        start = time.perf_counter()
        link.click()
        page.wait_for_selector(FIELD.format(scope=".jp-OutputArea-output"), state="visible", timeout=180_000)
    return time.perf_counter() - start


def measure(browser, origin: str, path: str, module: int, runs: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    url = f"{origin}/notebooks/module{module}.html"
    cold, cached, first_bytes = [], [], []
    for _ in range(runs):
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        CountingHandler.sent = 0
        cold.append(one_run(page, url, path, module))
        time.sleep(1.0)  # the last files (after the first field) are counted too
        first_bytes.append(CountingHandler.sent)
        context.close()
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    one_run(page, url, path, module)  # fills the cache
    for _ in range(runs):
        cached.append(one_run(page, url, path, module))
    context.close()
    return {"cold": cold, "cached": cached, "bytes": statistics.median(first_bytes)}


def line(name: str, values: list[float]) -> str:
    runs = ", ".join(f"{v:.2f}" for v in values)
    return f"{name} min {min(values):.2f} s, médiane {statistics.median(values):.2f} s ({runs})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--module", type=int, default=3)
    parser.add_argument("--essais", type=int, default=3)
    parser.add_argument("--sans-jupyterlite", action="store_true", help="ne pas mesurer le chemin JupyterLite")
    parser.add_argument("--origines", default="127.0.0.1,intranet.test")
    args = parser.parse_args()
    if not (HTML / "notebooks" / f"module{args.module}.html").is_file():
        print("Livre absent : lancez d'abord « make livre ».", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    server, port = serve()
    print(f"Charge (1, 5, 15 min) avant : {' '.join(f'{x:.2f}' for x in os.getloadavg())} ; {os.cpu_count()} cœurs")
    paths = ["page"] + ([] if args.sans_jupyterlite else ["jupyterlite"])
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        for host in args.origines.split(","):
            origin = f"http://{host}:{port}"
            for path in paths:
                result = measure(browser, origin, path, args.module, args.essais)
                print(f"[{host}] {path:11s} module {args.module}")
                print("   " + line("à froid   ", result["cold"]))  # type: ignore[arg-type]
                print("   " + line("avec cache", result["cached"]))  # type: ignore[arg-type]
                print(f"   première visite : {result['bytes'] / 1e6:.1f} Mo envoyés par piu servir (compressés)")
        browser.close()
    server.shutdown()
    print(f"Charge (1, 5, 15 min) après : {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
