"""The built book and the headless browser, shared by the tests of this folder only."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def livre() -> Path:
    """The book built from the current sources by ``make livre`` (warnings as errors), with its
    JupyterLite site: the very build a learner gets, built once for every browser test.

    ``make test`` builds it before pytest starts and says so (``PIU_LIVRE_PRET=1``): the two
    test processes then share it. Run alone, pytest builds it here, one process at a time.
    """
    html = ROOT / "_build" / "html"
    if os.environ.get("PIU_LIVRE_PRET") != "1":
        from filelock import FileLock

        (ROOT / "_build").mkdir(exist_ok=True)
        env = {**os.environ, "PIU_PROGRES": str(ROOT / "_build" / "progres-construction.json"),
               "PIU_DOSSIER": str(ROOT / "_build" / "dossier-construction.json")}
        with FileLock(str(ROOT / "_build" / ".livre.lock")):
            done = subprocess.run(["make", "livre", f"PYTHON={sys.executable}"], cwd=ROOT, capture_output=True,
                                  text=True, env=env, timeout=1500, check=False)
        assert done.returncode == 0, f"Le livre ne se construit pas :\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    assert (html / "index.html").is_file() and (html / "lite" / "notebooks" / "index.html").is_file(), (
        "Livre absent : lancez « make livre » (ou « make test », qui le construit d'abord).")
    return html


CHROMIUM = os.environ.get("PIU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def playwright() -> Iterator[object]:
    """One Playwright for the whole session: its sync API cannot run twice at once."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium introuvable ({CHROMIUM}) : installez-le avec « apt-get install -y chromium » "
                    "ou indiquez son chemin dans PIU_CHROMIUM.")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: object) -> Iterator[object]:
    """Headless Debian Chromium, shared by every browser test (never a downloaded browser)."""
    instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield instance
    instance.close()


@pytest.fixture(scope="session")
def intranet_browser(playwright: object) -> Iterator[object]:
    """Chromium resolving ``intranet.test`` to 127.0.0.1 (never any other address)."""
    args = [*CHROMIUM_ARGS, "--host-resolver-rules=MAP intranet.test 127.0.0.1"]
    instance = playwright.chromium.launch(executable_path=CHROMIUM, args=args, headless=True)
    yield instance
    instance.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh browser profile (empty localStorage) that records every request and script error."""
    context = browser.new_context(locale="fr-FR")  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.requests = []
    tab.failed = []
    tab.errors = []
    tab.on("request", lambda r: tab.requests.append(r.url))
    tab.on("requestfailed", lambda r: tab.failed.append(f"{r.url} ({r.failure})"))
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    yield tab
    context.close()
