"""The tools in the page itself (``piu.core.book.runner``), over a plain-HTTP intranet, in Chromium.

The built book is served by ``piu servir``'s own server on 127.0.0.1 and reached as
``http://intranet.test`` (no secure context, no service worker). A learner clicks « Ouvrir
l'outil dans cette page »: Python starts in a worker, the notebook's cells run, and the forms
appear under the page's text — no JupyterLab, nothing from another host. Module 3 answers a real
case and is checked the way a technician reads it (options apart, whole date, no developer or
English text, light and dark); then every other tool page opens, in one profile (cached, as a
learner going from module to module).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from piu.core.cli.servir import make_server
from piu.procedures import conseiller

pytestmark = pytest.mark.navigateur

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 180_000  # ms: a cold start on a busy 2-core machine
TOOL_PAGES = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
#: The exercise pages of the book (module 8's evaluation is handed out by the trainer, not in the book).
EXERCISE_PAGES = sorted(set(re.findall(r"^\s*- file: exercises/(\w+)\s*$",
                                       (ROOT / "_toc.yml").read_text(encoding="utf-8"), re.M)))
#: A connection in « économiseur de données » mode, as Chromium reports it (navigator.connection).
SAVE_DATA = ("Object.defineProperty(Navigator.prototype, 'connection', {configurable: true, "
             "get: () => ({saveData: true, type: 'wifi', effectiveType: '4g'})});")
#: What the runner must never show a technician (the notebooks' own prints are their authors' matter).
FORBIDDEN = re.compile(r"Traceback|Matplotlib is building|font cache|\b(?:\w*Error|null|undefined|NaN)\b")


@pytest.fixture(scope="module")
def intranet(livre: Path) -> Iterator[str]:
    server = make_server(livre, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://intranet.test:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def context(intranet_browser: object) -> Iterator[object]:
    """One profile for the module's tests; every request of its pages and workers recorded."""
    ctx = intranet_browser.new_context(locale="fr-FR", viewport={"width": 1366, "height": 900})  # type: ignore[attr-defined]
    ctx.urls = []
    ctx.on("request", lambda r: ctx.urls.append(r.url))
    yield ctx
    ctx.close()


def _plain(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u202f", " ").replace("\xa0", " ").split())


def _open_in_page(page: object, base: str, name: str, folder: str = "notebooks") -> float:
    """Open the tool page, click the button, wait until every cell ran; seconds to the first form."""
    page.goto(f"{base}/{folder}/{name}.html")  # type: ignore[attr-defined]
    label = "Ouvrir l'outil dans cette page" if folder == "notebooks" else "Ouvrir les exercices dans cette page"
    button = page.get_by_role("button", name=label)  # type: ignore[attr-defined]
    assert button.is_visible()
    start = time.perf_counter()
    button.click()
    page.wait_for_function("['pret', 'erreur'].includes(document.documentElement.getAttribute('data-piu-outil'))",  # type: ignore[attr-defined]
                           timeout=START_TIMEOUT)
    elapsed = time.perf_counter() - start
    state = page.evaluate("document.documentElement.getAttribute('data-piu-outil')")  # type: ignore[attr-defined]
    errors = page.locator(".piu-outil-erreur").all_inner_texts()  # type: ignore[attr-defined]
    assert state == "pret" and not errors, f"{name} : {state}, {page.locator('.piu-outil-etat').inner_text()} {errors}"  # type: ignore[attr-defined]
    return elapsed


def test_nothing_is_fetched_before_the_click_when_saving_data(intranet_browser: object, intranet: str) -> None:
    """« Économiseur de données » (or a mobile connection): Python waits for the click; the page
    says what the click downloads. Otherwise Python starts as the page opens, and the click only
    runs the cells."""
    ctx = intranet_browser.new_context(locale="fr-FR")  # type: ignore[attr-defined]
    ctx.add_init_script(SAVE_DATA)
    urls: list[str] = []
    ctx.on("request", lambda r: urls.append(r.url))
    page = ctx.new_page()
    page.goto(f"{intranet}/notebooks/module3.html", wait_until="load")
    page.wait_for_timeout(3000)
    heavy = [u for u in urls if "/lite/" in u or "pyodide" in u or "piu-widgets" in u or "worker" in u]
    assert heavy == [], f"téléchargé avant le clic en économiseur de données : {heavy}"
    assert page.evaluate("document.documentElement.getAttribute('data-piu-outil')") in (None, "")
    text = _plain(page.locator(".piu-outil-ouvrir").inner_text())
    assert re.search(r"environ \d+ Mo se téléchargent", text) and "économiseur de données" in text, text
    _open_in_page(page, intranet, "module3")  # the click still opens the forms
    ctx.close()

    ctx = intranet_browser.new_context(locale="fr-FR")  # type: ignore[attr-defined]
    page = ctx.new_page()
    page.goto(f"{intranet}/notebooks/module3.html", wait_until="load")
    page.wait_for_function("document.documentElement.getAttribute('data-piu-outil') === 'python-pret'",
                           timeout=START_TIMEOUT)
    assert page.locator(".piu-sortie").count() == 0  # Python is ready, the cells wait for the click
    page.get_by_role("button", name="Ouvrir l'outil dans cette page").click()
    page.wait_for_selector(".piu-sortie .jupyter-widgets input", state="visible", timeout=30_000)
    ctx.close()


def test_module3_forms_in_the_page_on_the_intranet(context: object, intranet: str) -> None:
    page = context.new_page()  # type: ignore[attr-defined]
    _open_in_page(page, intranet, "module3")
    assert page.evaluate("window.isSecureContext") is False
    assert not any("/lite/build/" in u for u in context.urls), "JupyterLab chargé"  # type: ignore[attr-defined]
    assert page.locator(".piu-sortie .jupyter-widgets").count() >= 4  # the four forms of the module

    # The procedure advisor answers a real case, as the engine does.
    expected = conseiller("collectivite", "services", "250 000", date.today(), innovant=False)
    advisor = page.locator(".piu-sortie .widget-vbox", has=page.locator("button", has_text="Quelles procédures")).last
    advisor.locator(".widget-text", has_text="Valeur estimée").locator("input").fill("250 000")
    advisor.locator(".widget-checkbox", has_text="Solution innovante").locator("input").uncheck()
    advisor.locator("button", has_text="Quelles procédures").click()
    names = [_plain(v.nom) for v in expected.voies]
    shown = ""
    for _ in range(60):
        shown = _plain(advisor.inner_text())
        if all(n in shown for n in names) and "Achat innovant sans publicité" not in shown:
            break
        page.wait_for_timeout(250)
    assert all(n in shown for n in names), f"attendu {names}, affiché :\n{shown[:1500]}"
    assert "Achat innovant sans publicité" not in shown  # the box was unchecked: the route is gone

    # Read as a technician: options apart, the whole date, no developer or English text.
    overlaps = page.evaluate("""() => {
      const bad = [];
      document.querySelectorAll('.piu-sortie .widget-radio-box').forEach((box) => {
        const labels = Array.from(box.querySelectorAll('label'));
        for (let i = 1; i < labels.length; i++) {
          const a = labels[i - 1].getBoundingClientRect(), b = labels[i].getBoundingClientRect();
          if (a.bottom > b.top + 1) bad.push(labels[i - 1].innerText);
        }
      });
      return bad; }""")
    assert overlaps == [], f"options qui se recouvrent : {overlaps}"
    radio = page.locator(".piu-sortie .widget-radio-box").first
    if radio.count():
        last = radio.locator("label").last
        box = last.bounding_box()
        page.mouse.click(box["x"] + box["width"] - 4, box["y"] + box["height"] / 2)
        assert last.locator("input").is_checked(), "le clic n'a pas choisi l'option sous le pointeur"
    for date_input in page.locator(".piu-sortie .widget-datepicker input").all():
        assert date_input.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), "date coupée"
    found = FORBIDDEN.findall(page.locator(".bd-article").inner_text())
    assert not found, f"dans la page : {found}"
    assert page.locator(".piu-sortie [title='null']").count() == 0

    # Dark mode: the fields follow the book's colours.
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    field = page.locator(".piu-sortie .widget-text input").first
    colours = field.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor,"
                             " getComputedStyle(document.body).backgroundColor]")
    assert colours[0] != colours[1] and colours[1] == colours[2], colours
    assert [u for u in context.urls if urlsplit(u).hostname not in ("intranet.test", None)  # type: ignore[attr-defined]
            and urlsplit(u).scheme in ("http", "https")] == []


@pytest.mark.parametrize("name", [n for n in TOOL_PAGES if n != "module3"])
def test_every_tool_page_opens_its_forms(context: object, intranet: str, name: str) -> None:
    page = context.new_page()  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 375, "height": 800}) if name == "module1" else None
    _open_in_page(page, intranet, name)
    outputs = page.locator(".piu-sortie")
    assert outputs.count() > 0
    found = FORBIDDEN.findall(page.locator(".bd-article").inner_text())
    assert not found, f"dans {name} : {found}"
    if name == "module1":  # a phone: the forms fit the screen
        width = page.evaluate("Math.max(...Array.from(document.querySelectorAll('.piu-sortie'))"
                              ".map(e => e.scrollWidth))")
        assert width <= 375
    page.close()
