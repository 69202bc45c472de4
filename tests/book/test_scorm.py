"""The SCORM 1.2 package in a real run-time: scorm-again plays the platform's side (as Moodle would).

The run-time comes from the npm registry through ``tests/book/scorm/package-lock.json``
(``make test`` runs ``npm ci`` there): nothing is downloaded while the test runs.
"""

from __future__ import annotations

import functools
import re
import threading
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from piu.core.book.scorm import package
from piu.core.questions.bank import charger_banque

pytestmark = pytest.mark.navigateur

#: scorm-again's SCORM 1.2 run-time, committed (MIT licence beside it) so that the tests need no npm;
#: ``make runtime-scorm`` refreshes it from the lock (tests/book/scorm/package-lock.json).
RUNTIME = Path(__file__).parent / "scorm" / "scorm12.min.js"
NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}
HARNESS = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><script src="scorm12.js"></script>
<script>window.API = new Scorm12API({autocommit: false, logLevel: 5});</script></head>
<body><iframe id="sco" src="%s" style="width:1000px;height:800px"></iframe></body></html>"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # no request log in the test output
        pass


@pytest.fixture
def lms(livre: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The package unzipped on a local web server, as a platform serves it (HTTP, one origin)."""
    if not RUNTIME.is_file():
        pytest.fail("Run-time scorm-again absent : lancez « make runtime-scorm ».")
    archive = package(livre, tmp_path / "piu-scorm.zip")
    site = tmp_path / "lms"
    with zipfile.ZipFile(archive) as z:
        z.extractall(site)
    (site / "scorm12.js").write_bytes(RUNTIME.read_bytes())
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", site
    server.shutdown()


def test_the_package_reports_completion_and_score_to_the_platform(lms: tuple[str, Path], page: object) -> None:
    base, site = lms
    names = zipfile.ZipFile(next(site.parent.glob("piu-scorm.zip"))).namelist()
    assert "imsmanifest.xml" in names and not [n for n in names if n.startswith(("book/formateur", "lite/"))]
    assert not [n for n in names if n.endswith("module8.yaml")]  # never the graded key
    manifest = ET.parse(site / "imsmanifest.xml").getroot()
    assert manifest.find("cp:metadata/cp:schemaversion", NS).text == "1.2"
    scos = [r.get("href") for r in manifest.iter(f"{{{NS['cp']}}}resource")
            if r.get(f"{{{NS['adlcp']}}}scormtype") == "sco"]
    chapter = next(h for h in scos if h.endswith("module0/chapitre.html"))
    (site / "lms.html").write_text(HARNESS % chapter, encoding="utf-8")

    page.goto(f"{base}/lms.html")
    sco = page.frame_locator("#sco")
    page.wait_for_function("() => window.API.cmi.core.lesson_status === 'incomplete'")
    ids = [b.get_attribute("id")[len("piu-q-"):] for b in sco.locator(".piu-quiz[data-piu]").all()]
    bank = {q.id: q for q in charger_banque()}
    q = next(bank[i] for i in ids if bank[i].type == "choix-unique")
    block = sco.locator(f"#piu-q-{q.id}")
    block.locator(f'input[value="{next(o.id for o in q.options if o.correct)}"]').check()
    block.locator("button.piu-verifier").click()
    expected = str(round(100 / len(ids)))
    page.wait_for_function(f"() => window.API.LMSGetValue('cmi.core.score.raw') === '{expected}'")
    assert page.evaluate("() => window.API.LMSGetValue('cmi.core.lesson_status')") == "incomplete"
    assert page.evaluate("() => window.API.LMSGetLastError()") in ("0", 0)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [v for k, v in attrs if k in ("href", "src") and v]


def _missing_targets(site: Path) -> list[str]:
    """Each link of a page or ``url()`` of a style sheet of the unzipped package to a file not in it."""
    missing = []
    for path in sorted(site.rglob("*")):
        if path.suffix == ".html" and path.name != "lms.html":
            parser = _Links()
            parser.feed(path.read_text(encoding="utf-8"))
            links = parser.found
        elif path.suffix == ".css":
            links = re.findall(r"url\(\s*['\"]?([^'\")]+)", path.read_text(encoding="utf-8"))
        else:
            continue
        for link in links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # another site, a data: address, an anchor of the same page
            target = (path.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or site.resolve() not in target.parents:
                missing.append(f"{path.relative_to(site)} → {link}")
    return missing


def test_no_link_of_the_package_points_to_a_file_that_is_not_in_it(lms: tuple[str, Path], page: object) -> None:
    """The tools are not shipped: their buttons and « voir le code » links give way to a note."""
    base, site = lms
    assert _missing_targets(site) == []
    tools = (site / "notebooks" / "module3.html").read_text(encoding="utf-8")
    assert "piu-outil-bouton" not in tools and "piu-outil-code" not in tools and "/lite/" not in tools
    exercises = (site / "exercises" / "module3.html").read_text(encoding="utf-8")
    assert "piu-lite-bouton" not in exercises
    page.goto(f"{base}/notebooks/module3.html")
    note = page.locator(".piu-scorm-outils")
    assert note.is_visible() and "demandez l’adresse à votre formateur" in note.inner_text()
    assert page.get_by_role("button", name="Ouvrir l’outil dans cette page").count() == 0
    assert page.get_by_role("button", name="Ouvrir l'outil dans cette page").count() == 0
    assert not page.errors


def test_the_committed_run_time_is_the_locked_one() -> None:
    """The committed scorm-again file is the version of the lock, byte for byte as recorded."""
    import hashlib
    import json

    folder = RUNTIME.parent
    lock = json.loads((folder / "package-lock.json").read_text(encoding="utf-8"))
    locked = lock["packages"]["node_modules/scorm-again"]["version"]
    recorded = (folder / "scorm12.min.js.sha256").read_text(encoding="utf-8").split()
    assert recorded[1] == RUNTIME.name and recorded[2] == f"scorm-again@{locked}"
    assert hashlib.sha256(RUNTIME.read_bytes()).hexdigest() == recorded[0]
    assert (folder / "LICENCE-scorm-again.txt").read_text(encoding="utf-8").startswith("MIT License")
