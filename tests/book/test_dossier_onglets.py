"""The project file in the browser is one file, whatever the tabs (the built book, Chromium).

Two tool pages open in two tabs of one browser profile, each with its own Python (a Web
Worker each, with its own copy of the file). Tab A adds a section, tab B another: both are in
the file the page keeps (``localStorage``, key ``piu-dossier-v1``); then the older tab A adds a
third: all three remain, and each « ✔ ajoutée » is shown only once the section is stored.
On loopback and on a plain-HTTP intranet name mapped to 127.0.0.1 (no secure context).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from piu.core.cli.servir import make_server

pytestmark = pytest.mark.navigateur

START_TIMEOUT = 180_000  # ms: a cold start on a busy 2-core machine
STORE = "piu-dossier-v1"


@pytest.fixture(scope="module")
def port(livre: Path) -> Iterator[int]:
    server = make_server(livre, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture(params=["127.0.0.1", "intranet.test"])
def origin(request: pytest.FixtureRequest, port: int) -> Iterator[tuple[object, str]]:
    """A fresh profile (empty localStorage) and the book's address, on loopback or the intranet name."""
    fixture = "browser" if request.param == "127.0.0.1" else "intranet_browser"
    ctx = request.getfixturevalue(fixture).new_context(locale="fr-FR", viewport={"width": 1366, "height": 900})
    yield ctx, f"http://{request.param}:{port}"
    ctx.close()


def _open(ctx: Any, base: str, name: str) -> Any:
    page = ctx.new_page()
    page.goto(f"{base}/notebooks/{name}.html")
    page.get_by_role("button", name="Ouvrir l'outil dans cette page").click()
    page.wait_for_function("['pret', 'erreur'].includes(document.documentElement.getAttribute('data-piu-outil'))",
                           timeout=START_TIMEOUT)
    assert page.evaluate("document.documentElement.getAttribute('data-piu-outil')") == "pret", (
        page.locator(".piu-outil-etat").inner_text())
    return page


def _add(page: Any, section: str, form: str) -> str:
    """Click « Ajouter au dossier » in the first form titled ``form``; the message once it is final."""
    button = page.locator(".piu-sortie .widget-vbox", has_text=form).locator(
        "button", has_text="Ajouter au dossier").first
    button.scroll_into_view_if_needed()
    button.click()
    box = button.locator("xpath=..")
    for _ in range(120):
        text = box.inner_text()
        if "✔" in text or "⚠" in text:
            return text
        page.wait_for_timeout(250)
    raise AssertionError(f"pas de réponse après le clic ({section}) : {box.inner_text()}")


def _sections(page: Any) -> set[str]:
    stored = page.evaluate(f"localStorage.getItem('{STORE}')")
    return set(json.loads(stored)["sections"]) if stored else set()


def test_two_tabs_keep_every_section(origin: tuple[Any, str]) -> None:
    ctx, base = origin
    tab_a = _open(ctx, base, "module1")   # the barriers map, the need written as a use
    tab_b = _open(ctx, base, "module6")   # the living-lab grid
    assert tab_a.evaluate("window.isSecureContext") is (not base.startswith("http://intranet"))

    said = _add(tab_a, "freins", "Carte des freins")
    assert "✔ Section « freins » ajoutée" in said, said
    said = _add(tab_b, "living_lab", "Grille d’évaluation d’un living lab")
    assert "✔ Section « living_lab » ajoutée" in said, said
    assert _sections(tab_a) == _sections(tab_b) == {"freins", "living_lab"}

    # The older tab adds a third section: the one tab B added stays.
    said = _add(tab_a, "besoin", "Le besoin écrit comme un usage")
    assert "✔ Section « besoin » ajoutée" in said, said
    assert _sections(tab_b) == {"freins", "living_lab", "besoin"}
    assert "/home/pyodide" not in said and ".piu" not in said


def test_jupyterlite_names_the_project_without_losing_a_section(intranet_browser: Any, port: int) -> None:
    """The notebook in JupyterLite (« voir le code ») and a tool page share the same one file."""
    ctx = intranet_browser.new_context(locale="fr-FR", viewport={"width": 1366, "height": 900})
    base = f"http://intranet.test:{port}"
    try:
        tools = _open(ctx, base, "module1")
        assert "✔ Section « freins » ajoutée" in _add(tools, "freins", "Carte des freins")

        lite = ctx.new_page()
        lite.goto(f"{base}/lite/notebooks/index.html?path=notebooks/module7.ipynb&piu-executer=1")
        lite.wait_for_function(
            "['terminee', 'erreur'].includes(document.documentElement.getAttribute('data-piu-execution'))",
            timeout=START_TIMEOUT)
        assert lite.evaluate("document.documentElement.getAttribute('data-piu-execution')") == "terminee"
        form = lite.locator(".jp-OutputArea-output .widget-vbox", has_text="Mon dossier de projet").last
        form.scroll_into_view_if_needed()
        form.locator(".widget-text", has_text="Nom du projet").locator("input").fill("Navettes autonomes du Val")
        form.locator("button", has_text="Enregistrer le nom").click()
        form.get_by_text("Projet").filter(has_text="enregistré").first.wait_for(timeout=30_000)
        stored = json.loads(lite.evaluate(f"localStorage.getItem('{STORE}')"))
        assert stored["projet"]["nom"] == "Navettes autonomes du Val"
        assert set(stored["sections"]) == {"freins"}, "le nom a écrasé la section ajoutée dans l'autre onglet"

        # The tool page, opened before the name was given, adds a section: the name stays.
        assert "✔ Section « besoin » ajoutée" in _add(tools, "besoin", "Le besoin écrit comme un usage")
        stored = json.loads(tools.evaluate(f"localStorage.getItem('{STORE}')"))
        assert stored["projet"]["nom"] == "Navettes autonomes du Val"
        assert set(stored["sections"]) == {"freins", "besoin"}
    finally:
        ctx.close()
