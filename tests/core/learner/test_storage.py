"""The browser's storage of the project file (piu.core.learner.storage): one file, whatever the tabs.

Pyodide's ``js`` module is replaced by a stand-in: a ``BroadcastChannel`` whose other end is
a page holding ``localStorage`` (:class:`Page`), which applies each change to the file as
stored *now*, as ``piu-lite.js`` does, and answers every tab. Each tab's Python has its own
copy of the file (``PIU_DOSSIER``, switched between tabs), as each worker has its own memory.
The page's script itself is exercised in Chromium (tests/book/test_dossier_onglets.py).
"""

from __future__ import annotations

import json
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from piu.core.learner import browser, dossier, storage
from piu.core.learner.widgets import bouton_ajouter_au_dossier


class Page:
    """The tool page: its ``localStorage`` and what its script does with each message."""

    def __init__(self) -> None:
        self.stored: str | None = None
        self.sent: list[dict[str, Any]] = []       # every message Python posted
        self.answering = True
        self.refuse = ""
        self.timers: list[Callable[[], None]] = []
        self.listeners: list[Callable[[Any], None]] = []

    def receive(self, message: dict[str, Any]) -> None:
        self.sent.append(message)
        if message.get("type") != "dossier-modifier" or not self.answering:
            return
        if self.refuse:
            self.broadcast({"type": "dossier-a-jour", "id": message["id"], "erreur": self.refuse})
            return
        # Read, merge, write, in one go: the script's rule (piu-lite.js, changeDossier).
        current = json.loads(self.stored or "null")
        change = {k: v for k, v in message.items() if k in ("section", "entree", "projet", "remplacer")}
        merged = dossier._appliquer(current, change)
        self.stored = json.dumps(merged)
        self.broadcast({"type": "dossier-a-jour", "id": message["id"], "dossier": merged})

    def broadcast(self, message: dict[str, Any]) -> None:
        """An answer reaches every tab's Python, as a BroadcastChannel does."""
        for listener in list(self.listeners):
            listener(types.SimpleNamespace(data=json.loads(json.dumps(message))))

    def file(self) -> dict[str, Any]:
        return json.loads(self.stored or "null")


@pytest.fixture
def page(monkeypatch: pytest.MonkeyPatch) -> Iterator[Page]:
    """Python as in a Web Worker (no localStorage), talking to one page through a channel."""
    the_page = Page()

    class Channel:
        def __init__(self) -> None:
            self._handler: Callable[[Any], None] | None = None

        @property
        def onmessage(self) -> Callable[[Any], None] | None:
            return self._handler

        @onmessage.setter
        def onmessage(self, handler: Callable[[Any], None]) -> None:
            self._handler = handler
            the_page.listeners.append(handler)

        def postMessage(self, data: Any) -> None:
            the_page.receive(data)

    fake_js = types.SimpleNamespace(
        BroadcastChannel=types.SimpleNamespace(new=lambda _name: Channel()),
        JSON=types.SimpleNamespace(parse=json.loads, stringify=json.dumps),
        setTimeout=lambda callback, _ms: the_page.timers.append(callback),
    )
    ffi = types.ModuleType("pyodide.ffi")
    ffi.create_proxy = ffi.create_once_callable = lambda f: f  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "js", fake_js)
    monkeypatch.setitem(sys.modules, "pyodide", types.ModuleType("pyodide"))
    monkeypatch.setitem(sys.modules, "pyodide.ffi", ffi)
    monkeypatch.setattr(sys, "platform", "emscripten")
    monkeypatch.setattr(storage, "_channel", None)
    monkeypatch.setattr(storage, "_pending", {}, raising=False)
    yield the_page


def _tab(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str) -> Path:
    """Switch to the Python of tab ``name`` (its own copy of the file)."""
    path = tmp_path / name / "dossier.json"
    path.parent.mkdir(exist_ok=True)
    monkeypatch.setenv("PIU_DOSSIER", str(path))
    return path


def test_a_section_is_sent_as_a_change_and_said_added_only_once_stored(page: Page, dossier_vide: Path) -> None:
    page.answering = False
    box = bouton_ajouter_au_dossier("besoin_a", lambda: {"usage": "livrer"}, outil="essai")
    assert box.ajouter()
    change = [m for m in page.sent if m["type"] == "dossier-modifier"]
    assert len(change) == 1 and change[0]["section"] == "besoin_a"
    assert set(change[0]) == {"type", "id", "section", "entree"}, "Python envoie une copie entière du dossier"
    assert "ajoutée" not in box.children[1].value and "Enregistrement" in box.children[1].value
    # The page answers now: the message says so, and the kernel's copy is the page's file.
    page.stored = json.dumps(dossier.nouveau({"nom": "Autre onglet"}))
    page.answering = True
    page.receive(change[0])
    assert "✔ Section « besoin_a » ajoutée au dossier dans ce navigateur" in box.children[1].value
    assert ".piu" not in box.children[1].value, "un chemin de fichier du worker est montré à l'apprenant"
    assert set(page.file()["sections"]) == {"besoin_a"} and page.file()["projet"]["nom"] == "Autre onglet"
    assert dossier.lire()["projet"]["nom"] == "Autre onglet"


def test_two_tabs_keep_every_section(page: Page, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Both tabs open on an empty file; each misses the other's answer (the worst case: stale copies).
    _tab(monkeypatch, tmp_path, "a")
    dossier.ajouter_section("essai_a", "essai", {"usage": "u"}, jour="2026-12-03")
    listeners = list(page.listeners)
    page.listeners.clear()
    _tab(monkeypatch, tmp_path, "b")
    storage._channel = None
    dossier.ajouter_section("essai_b", "essai", {"projet": "p"}, jour="2026-12-04")
    assert set(page.file()["sections"]) == {"essai_a", "essai_b"}
    # The old tab, whose own copy has only « essai_a », adds a third: all three remain.
    page.listeners[:] = listeners
    a = _tab(monkeypatch, tmp_path, "a")
    assert set(dossier.lire(a)["sections"]) == {"essai_a"}  # its copy is stale
    dossier.ajouter_section("essai_c", "essai", {"niveau": 4}, jour="2026-12-05")
    assert set(page.file()["sections"]) == {"essai_a", "essai_b", "essai_c"}
    assert set(dossier.lire(a)["sections"]) == {"essai_a", "essai_b", "essai_c"}


def test_a_stale_tab_never_writes_its_whole_copy(page: Page, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tab(monkeypatch, tmp_path, "ancien")
    dossier.enregistrer(dossier.nouveau(), dossier.chemin_par_defaut())  # the old tab's copy: empty
    page.stored = json.dumps({**dossier.nouveau({"nom": "Navettes"}),
                              "sections": {"essai_a": {"outil": "x", "date": "2026-12-01", "donnees": {}}}})
    dossier.ajouter_section("essai_b", "essai", {"projet": "p"}, jour="2026-12-04")
    assert set(page.file()["sections"]) == {"essai_a", "essai_b"}
    assert page.file()["projet"] == {"nom": "Navettes"}


def test_the_project_name_is_a_merge_too(page: Page, dossier_vide: Path) -> None:
    page.stored = json.dumps({**dossier.nouveau(),
                              "sections": {"essai_a": {"outil": "x", "date": "2026-12-01", "donnees": {}}}})
    told: list[tuple[Any, str]] = []
    dossier.nommer_projet({"nom": "  Navettes   autonomes ", "collectivite": "Val"},
                          quand_enregistre=lambda d, e: told.append((d, e)))
    assert page.file()["projet"] == {"nom": "Navettes autonomes", "collectivite": "Val"}
    assert set(page.file()["sections"]) == {"essai_a"}
    assert told and told[0][0]["projet"]["nom"] == "Navettes autonomes" and told[0][1] == ""


def test_no_answer_or_a_refusal_is_never_said_added(page: Page, dossier_vide: Path) -> None:
    page.answering = False
    box = bouton_ajouter_au_dossier("besoin_a", lambda: {"usage": "livrer"}, outil="essai")
    assert box.ajouter()
    assert len(page.timers) == 1
    page.timers[0]()  # the waiting time is over
    assert "ajoutée" not in box.children[1].value
    assert "n’a pas été enregistrée (la page n’a pas répondu" in box.children[1].value
    page.answering, page.refuse = True, "le navigateur refuse d’enregistrer (stockage plein ou interdit)"
    assert box.ajouter()
    assert "ajoutée" not in box.children[1].value and "stockage plein" in box.children[1].value
    assert page.stored is None


def test_another_tabs_change_reaches_this_tabs_copy(page: Page, dossier_vide: Path) -> None:
    storage.open_channel()
    other = {**dossier.nouveau({"nom": "Navettes"}),
             "sections": {"essai_a": {"outil": "x", "date": "2026-12-01", "donnees": {}}}}
    page.broadcast({"type": "dossier-a-jour", "id": "un-autre-onglet", "dossier": other})
    assert dossier.lire() == other
    page.broadcast({"type": "dossier-a-jour", "id": "x", "dossier": {"format": "autre"}})  # ignored
    assert dossier.lire() == other


def test_python_in_the_page_itself_merges_in_localstorage(page: Page, dossier_vide: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    class Local:
        def __init__(self) -> None:
            self.items = {storage.DOSSIER_STORE: json.dumps({**dossier.nouveau(), "sections": {
                "essai_a": {"outil": "x", "date": "2026-12-01", "donnees": {}}}})}

        def getItem(self, key: str) -> str | None:
            return self.items.get(key)

        def setItem(self, key: str, value: str) -> None:
            self.items[key] = value

    local = Local()
    monkeypatch.setattr(sys.modules["js"], "localStorage", local, raising=False)
    box = bouton_ajouter_au_dossier("essai_b", lambda: {"projet": "p"}, outil="essai")
    assert box.ajouter() and "ajoutée" in box.children[1].value
    assert set(json.loads(local.items[storage.DOSSIER_STORE])["sections"]) == {"essai_a", "essai_b"}
    assert not page.sent


def test_outside_the_browser_nothing_is_posted(dossier_vide: Path) -> None:
    told: list[Any] = []
    storage.send_dossier_change({"section": "x"}, lambda d, e: told.append(d))
    assert told == []
    assert browser.restore_dossier(dossier.nouveau({"nom": "n"}), dossier_vide)
