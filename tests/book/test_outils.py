"""The exercises in JupyterLite (Pyodide kernel), offline, in headless Chromium.

The built book (with its ``lite/`` site) is served on 127.0.0.1 by ``http.server`` in a thread,
as ``piu servir`` does. A learner opens an exercise page, follows « Ouvrir l'outil dans le
navigateur », and without typing any code the notebook runs (the tool pages run their forms in
the page itself: ``test_outil_page.py``). Over a plain-HTTP intranet name (``intranet.test``
mapped to 127.0.0.1: no secure context, no service worker, no ``/drive``), an answer given in
JupyterLite must show in the book's progress page. Every request of every page and worker is recorded: none may go to
another host. One kernel start.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from piu.core.questions.bank import charger_banque
from piu.core.questions.grading import bonne_reponse

pytestmark = pytest.mark.navigateur

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
KERNEL_TIMEOUT = 180_000  # ms: a cold start on a busy 2-core machine


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,  # noqa: RUF012
                      ".wasm": "application/wasm", ".mjs": "text/javascript"}

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture(scope="module")
def port(livre: Path) -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(livre)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()




@pytest.fixture
def context(intranet_browser: object) -> Iterator[object]:
    """A fresh profile recording every request of its pages and workers (``context.urls``)."""
    ctx = intranet_browser.new_context(locale="fr-FR")  # type: ignore[attr-defined]
    ctx.urls = []

    def keep(route: object) -> None:
        ctx.urls.append(route.request.url)  # type: ignore[attr-defined]
        route.continue_()  # type: ignore[attr-defined]

    ctx.route("**/*", keep)
    ctx.on("request", lambda r: ctx.urls.append(r.url))
    yield ctx
    ctx.close()


def _off_host(urls: list[str], host: str) -> list[str]:
    return sorted({u for u in urls if urlsplit(u).scheme in ("http", "https", "ws", "wss")
                   and urlsplit(u).hostname != host})


def _plain(text: str) -> str:
    """Text as compared here: ordinary spaces and apostrophes."""
    return " ".join(text.replace("\u2019", "'").split())


def _open_tool(page: object, base: str, doc: str) -> None:
    """Open a book page, check nothing of JupyterLab loaded, follow « voir le code » (the page's own
    button runs the forms in the page: tests/book/test_outil_page.py), wait for the run."""
    page.goto(f"{base}/{doc}.html")  # type: ignore[attr-defined]
    action = page.get_by_role("link", name="voir le code")  # type: ignore[attr-defined]
    assert action.is_visible()
    assert not any("/lite/build/" in u for u in page.context.urls), "la page du livre charge déjà JupyterLab"  # type: ignore[attr-defined]
    action.click()
    page.wait_for_function(  # type: ignore[attr-defined]
        "['terminee', 'erreur'].includes(document.documentElement.getAttribute('data-piu-execution'))",
        timeout=KERNEL_TIMEOUT)
    state = page.evaluate("document.documentElement.getAttribute('data-piu-execution')")  # type: ignore[attr-defined]
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")  # type: ignore[attr-defined]
    tracebacks = [t for t in errors.all_inner_texts() if "Error" in t]
    assert state == "terminee" and not tracebacks, f"exécution : {state}, erreurs : {tracebacks[:2]}"


def test_intranet_reponse_comptee_dans_le_livre(context: object, port: int) -> None:
    """Module 0 exercises over http://intranet.test (not a secure context): a right answer given in
    JupyterLite shows in the book's progress page."""
    base = f"http://intranet.test:{port}"
    page = context.new_page()  # type: ignore[attr-defined]
    _open_tool(page, base, "exercises/module0")
    assert page.evaluate("window.isSecureContext") is False
    q = charger_banque()["m0-progres-navigateur"]
    right = next(o.texte for o in q.options if o.id == bonne_reponse(q))
    form = page.locator(".widget-vbox", has=page.locator(".widget-radio-box")).first
    form.get_by_label(right).check()
    form.locator("button", has_text="Vérifier").click()
    form.get_by_text("Juste").first.wait_for(timeout=30_000)
    page.wait_for_function("() => (JSON.parse(localStorage.getItem('piu-progres-v1') || '{}')"
                           "['m0-progres-navigateur'] || {}).j === true", timeout=10_000)
    stored = json.loads(page.evaluate("localStorage.getItem('piu-progres-v1')"))
    menus = _plain(page.locator(".lm-MenuBar").first.inner_text())
    assert "Fichier" in menus and "File" not in menus.split(), f"menus de JupyterLite : {menus}"
    assert stored["m0-progres-navigateur"]["m"] == 0 and stored["m0-progres-navigateur"]["t"] == 1

    book = context.new_page()  # type: ignore[attr-defined]
    book.goto(f"{base}/book/progression.html")
    row = book.locator(".piu-progres tr[data-module='0']")
    total = len(charger_banque().du_module(0))
    assert row.locator(".piu-reussies").inner_text() == f"1 / {total}"
    assert row.locator(".piu-tentees").inner_text() == "1"
    assert _off_host(context.urls, "intranet.test") == []  # type: ignore[attr-defined]
