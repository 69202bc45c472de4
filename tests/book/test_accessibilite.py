"""No serious accessibility violation (axe-core) on any page of the built book, light and dark.

Apart from ``test_pages.py`` (the two runs take about a minute each), so that
``pytest -n 2 --dist loadfile`` gives them to the other process.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.book.test_navigateur import url
from tests.book.test_pages import book_pages

pytestmark = pytest.mark.navigateur


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_no_serious_accessibility_violation_on_any_page(livre: Path, page: object, mode: str) -> None:
    """axe-core (the copy packaged by axe-playwright-python, from PyPI) on every page."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    # As the theme's switch leaves it for the next page: the page loads in that mode.
    page.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
    for path in book_pages(livre):
        page.goto(url(livre, path))
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.dataset.theme") == mode
        # The theme changes colours only: the dark run checks contrast, the light run everything.
        options = {"resultTypes": ["violations"], **({"runOnly": ["color-contrast"]} if mode == "dark" else {})}
        violations = axe.run(page, options=options).response["violations"]
        serious = [f"{v['id']} ({len(v['nodes'])})" for v in violations if v["impact"] in ("serious", "critical")]
        if serious:
            found[path] = serious
    assert found == {}
