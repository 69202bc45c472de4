"""Mesures du livre construit, face aux objectifs de l'issue 12 (ce n'est pas un test chronométré).

Usage : ``.venv/bin/python scripts/mesurer_livre.py [--livre _build/html] [--outil notebooks/module3]``

Sert le livre sur 127.0.0.1 (http.server dans un fil), l'ouvre dans Chromium sans interface
(Playwright, Chromium de Debian) et affiche, à côté des objectifs :

* poids médian et maximal d'une page du livre (tout ce qu'elle télécharge, sans cache) ;
* requêtes vers un autre hôte (pages et workers) ;
* octets téléchargés par une première visite d'un outil (clic sur « Ouvrir l'outil dans le
  navigateur » jusqu'au formulaire utilisable), servi par ``piu servir`` (copies gzip) et par
  un serveur sans compression ;
* temps du clic au formulaire utilisable, à froid puis avec le cache du navigateur ;
* temps d'une réponse à un quiz du livre.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

from piu.core.cli.servir import make_server

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """A server without compression (the simplest intranet server), for comparison."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,  # noqa: RUF012
                      ".wasm": "application/wasm", ".mjs": "text/javascript"}

    def log_message(self, format: str, *args: object) -> None:
        return


class Recorder:
    """Bytes received and hosts contacted by a browser context (CDP, pages and workers)."""

    def __init__(self, context: Any) -> None:
        self.bytes = 0
        self.urls: list[str] = []
        context.on("request", lambda r: self.urls.append(r.url))
        context.on("requestfinished", self._finished)

    def _finished(self, request: Any) -> None:
        try:
            sizes = request.sizes()
            self.bytes += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        except Exception:  # a request of a closed page
            pass

    def off_host(self, host: str) -> list[str]:
        return sorted({u for u in self.urls if urlsplit(u).scheme.startswith(("http", "ws"))
                       and urlsplit(u).hostname != host})


def page_weights(browser: Any, base: str, html: Path) -> tuple[list[int], list[str]]:
    pages = sorted(p for p in html.rglob("*.html") if "lite" not in p.relative_to(html).parts
                   and not p.name.startswith(("genindex", "search")) and "_static" not in p.parts)
    weights, off = [], []
    for path in pages:
        context = browser.new_context()
        rec = Recorder(context)
        page = context.new_page()
        page.goto(f"{base}/{path.relative_to(html).as_posix()}", wait_until="networkidle")
        weights.append(rec.bytes)
        off += rec.off_host("127.0.0.1")
        context.close()
    return weights, off


def open_tool(context: Any, base: str, doc: str) -> float:
    """Seconds from the click on « voir le code » (the notebook in JupyterLite) to a usable form
    (the notebook ran); the page's own button is measured by scripts/mesurer_outils.py."""
    page = context.new_page()
    page.goto(f"{base}/{doc}.html")
    start = time.monotonic()
    page.get_by_role("link", name="voir le code").click()
    page.wait_for_function("document.documentElement.getAttribute('data-piu-execution') === 'terminee'",
                           timeout=300_000)
    page.locator(".widget-button").first.wait_for(timeout=60_000)
    elapsed = time.monotonic() - start
    page.close()
    return elapsed


def quiz_answer(browser: Any, base: str) -> float:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/exercises/module0.html")
    quiz = page.locator(".piu-quiz").first
    quiz.locator("input[type=radio]").first.check()
    start = time.monotonic()
    quiz.locator("button[type=submit], button").first.click()
    quiz.locator(".piu-juste, .piu-faux").first.wait_for(timeout=10_000)
    elapsed = time.monotonic() - start
    context.close()
    return elapsed


def tool_visits(p: Any, chromium: str, base: str, outil: str, warm_too: bool) -> tuple[int, float, float | None, list]:
    """Bytes and seconds of a first visit of ``outil``, then (``warm_too``) of a second one."""
    with tempfile.TemporaryDirectory() as profile:
        # A persistent profile keeps the HTTP cache between the cold and the warm visit.
        context = p.chromium.launch_persistent_context(profile, executable_path=chromium, args=ARGS,
                                                       headless=True)
        rec = Recorder(context)
        cold = open_tool(context, base, outil)
        first_visit = rec.bytes
        warm = open_tool(context, base, outil) if warm_too else None
        off = rec.off_host("127.0.0.1")
        context.close()
    return first_visit, cold, warm, off


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--livre", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--outil", default="notebooks/module3", help="page d'outil mesurée")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    html = args.livre.resolve()
    # The server a learner runs (piu servir: gzip copies) and the simplest one (no compression).
    servir = make_server(html, port=0)
    plain = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(html)))
    for server in (servir, plain):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{servir.server_address[1]}"
    base_plain = f"http://127.0.0.1:{plain.server_address[1]}"
    rows: list[tuple[str, str, str]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=ARGS, headless=True)
        weights, off = page_weights(browser, base_plain, html)
        packed, _ = page_weights(browser, base, html)
        rows.append((f"poids médian d'une page ({len(weights)} pages)",
                     f"{statistics.median(weights) / 1024:.0f} Kio", "≤ 1 024 Kio"))
        rows.append(("poids maximal d'une page", f"{max(weights) / 1024:.0f} Kio", "—"))
        rows.append(("poids médian d'une page, servie par piu servir (gzip)",
                     f"{statistics.median(packed) / 1024:.0f} Kio", "—"))
        first_visit, cold, warm, off_tool = tool_visits(p, args.chromium, base, args.outil, warm_too=True)
        plain_visit, _, _, off_plain = tool_visits(p, args.chromium, base_plain, args.outil, warm_too=False)
        off += off_tool + off_plain
        rows.append((f"téléchargé par une 1re visite de l'outil ({args.outil}), piu servir",
                     f"{first_visit / 1e6:.1f} Mo", "≤ 40 Mo"))
        rows.append(("  la même, serveur sans compression", f"{plain_visit / 1e6:.1f} Mo", "—"))
        rows.append(("clic → formulaire utilisable, à froid", f"{cold:.1f} s", "≤ 15 s"))
        rows.append(("clic → formulaire utilisable, avec le cache", f"{warm:.1f} s", "≤ 5 s"))
        rows.append(("réponse à un quiz du livre", f"{quiz_answer(browser, base) * 1000:.0f} ms", "—"))
        rows.append(("requêtes vers un autre hôte", str(len(set(off))), "0"))
        browser.close()
    for server in (servir, plain):
        server.shutdown()
    width = max(len(r[0]) for r in rows)
    print(f"{'mesure':<{width}}  {'mesuré':>12}  objectif")
    for label, value, goal in rows:
        print(f"{label:<{width}}  {value:>12}  {goal}")


if __name__ == "__main__":
    main()
