"""The light tool runner without a browser: its bundle and lock, the cells of a page, the worker's
Python stand-ins (comm, IPython.display, magics), and ``piu servir``'s answers to a cached visit."""

from __future__ import annotations

import hashlib
import json
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from piu.core.book import runner
from piu.core.cli.servir import make_server
from piu.core.learner import runner as worker_side

ROOT = Path(__file__).resolve().parents[3]


def test_bundle_matches_its_lock() -> None:
    """The committed widget bundle says which ``package-lock.json`` built it: this one."""
    lock = ROOT / "scripts" / "widgets" / "package-lock.json"
    assert lock == runner.BUNDLE_LOCK
    assert runner.bundle_lock_digest() == hashlib.sha256(lock.read_bytes()).hexdigest(), (
        "piu-widgets.js ne correspond plus à scripts/widgets/package-lock.json : "
        "cd scripts/widgets && npm ci && npm run build")
    packages = json.loads(lock.read_text(encoding="utf-8"))["packages"]
    for name in ("base", "base-manager", "controls", "html-manager"):
        assert f"node_modules/@jupyter-widgets/{name}" in packages
    css = (runner.STATIC / "piu-widgets.css").read_text(encoding="utf-8")
    assert runner.bundle_lock_digest(runner.STATIC / "piu-widgets.css") == runner.bundle_lock_digest()
    assert "http://" not in css.replace("http://www.w3.org", "") and "https://" not in css.split("*/", 1)[1]


def test_page_cells_follow_the_page_and_mark_the_first_drawing() -> None:
    notebook = {"cells": [
        {"cell_type": "markdown", "source": "# Titre"},
        {"cell_type": "code", "source": ["%matplotlib inline\n", "from piu.freins import carte\n"],
         "metadata": {}},
        {"cell_type": "code", "source": "x = 1", "metadata": {"tags": ["remove-cell"]}},
        {"cell_type": "code", "source": "graphique_carte(x)", "metadata": {}},
        {"cell_type": "code", "source": "# NBVAL_CHECK_OUTPUT\ngraphique_carte(2)", "metadata": {}},
    ]}
    cells = runner.page_cells(notebook, {"graphique_carte"})
    assert [c["index"] for c in cells] == [0, None, 1, 2]
    assert cells[0]["source"].startswith("%matplotlib inline")
    assert [c.get("paquets") for c in cells] == [None, None, ["matplotlib"], None]
    assert cells[3]["source"] == "graphique_carte(2)"  # the test marker is nbval's, not the page's


def test_exercise_pages_skip_the_jupyter_only_cells() -> None:
    """An exercise page's « remplacez None » cell is not in the book's page: the runner neither
    counts it (the next question's output would land under the wrong cell) nor runs it."""
    notebook = json.loads((ROOT / "exercises" / "module3.ipynb").read_text(encoding="utf-8"))
    cells = runner.page_cells(notebook)
    assert all("ma_reponse = None" not in c["source"] for c in cells)
    assert [c["index"] for c in cells] == list(range(len(cells)))
    assert cells[-1]["source"].strip() == 'question("m3-valeur-accord-cadre")'
    block = runner.block_html(cells, "../", "exercises", "../lite/x", None)
    assert runner.BUTTON_EXERCISES in block and "Pour ouvrir les exercices dans la page" in block


def test_block_says_what_it_downloads_and_keeps_jupyterlite_one_link_away() -> None:
    block = runner.block_html([{"index": 0, "source": "print('</script>')"}], "../", "notebooks",
                              "../lite/notebooks/index.html?path=notebooks/module3.ipynb",
                              "../book/module3/chapitre.html")
    assert "Ouvrir l'outil dans cette page" in block and f"{runner.FIRST_DOWNLOAD_MB}\u00a0Mo" in block
    assert ">voir le code</a>" in block and "retour au chapitre" in block
    assert "<\\/script>" in block and block.count("</script>") == 2  # the cell cannot close the tag
    assert 'class="piu-outil-fichier" hidden' in block and "service informatique" in block and "piu servir" not in block


def test_magics_are_dropped_and_values_become_mime_bundles() -> None:
    assert worker_side.cell_source("%matplotlib inline\nx = 1\n!pip install rien\n").split() == ["x", "=", "1"]
    html = worker_side.mime_bundle(worker_side.HTML("<b>oui</b>"))
    assert html == {"text/html": "<b>oui</b>", "text/plain": "oui"}
    markdown = worker_side.mime_bundle(worker_side.Markdown("**gras**"))
    assert "<strong>gras</strong>" in markdown["text/html"]
    assert worker_side.mime_bundle(3)["text/plain"] == "3"


def test_stand_in_modules_give_what_ipywidgets_imports() -> None:
    modules = worker_side._stand_in_modules()
    assert modules["IPython"].get_ipython() is None
    shell = modules["IPython.core.interactiveshell"].InteractiveShell.instance()
    data, _ = shell.display_formatter.format(worker_side.HTML("<i>x</i>"))
    assert data["text/html"] == "<i>x</i>"
    for name in ("display", "clear_output", "HTML", "Markdown", "Image"):
        assert hasattr(modules["IPython.display"], name)


def test_comm_posts_what_a_kernel_sends() -> None:
    """The comm class posts comm_open and comm_msg with the widget's protocol version."""
    sent: list[tuple[str, dict[str, object]]] = []
    worker_side.set_sender(lambda kind, text, buffers: sent.append((kind, json.loads(text))))
    try:
        page_comm = worker_side._comm_class()
        comm = page_comm(target_name="jupyter.widget", data={"state": {"value": 1}},
                         metadata={"version": "2.1.0"})
        comm.send({"method": "update", "state": {"value": 2}})
        comm.close()
    finally:
        worker_side.set_sender(None)  # type: ignore[arg-type]
    kinds = [k for k, _ in sent]
    assert kinds == ["comm_open", "comm_msg", "comm_close"]
    assert sent[0][1]["target_name"] == "jupyter.widget" and sent[0][1]["metadata"] == {"version": "2.1.0"}
    assert sent[1][1]["data"] == {"method": "update", "state": {"value": 2}}


def test_servir_answers_304_to_a_cached_visit(tmp_path: Path) -> None:
    """Compressed or not, a file carries ETag and ``no-cache``, and a browser that holds it gets
    ``304 Not Modified`` with no body (a cached visit then downloads almost nothing)."""
    from piu.core.book.compression import compresser

    (tmp_path / "index.html").write_text("<p>livre</p>", encoding="utf-8")
    (tmp_path / "app.js").write_text("const piu = 1;\n" * 2000, encoding="utf-8")
    compresser(tmp_path)
    server = make_server(tmp_path, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        for gz in (True, False):
            headers = {"Accept-Encoding": "gzip"} if gz else {}
            with urllib.request.urlopen(urllib.request.Request(f"{base}/app.js", headers=headers)) as reply:
                etag, modified = reply.headers["ETag"], reply.headers["Last-Modified"]
                assert reply.headers["Cache-Control"] == "no-cache" and etag
            for check in ({"If-None-Match": etag}, {"If-Modified-Since": modified}):
                with pytest.raises(urllib.error.HTTPError) as answer:
                    urllib.request.urlopen(urllib.request.Request(f"{base}/app.js", headers={**headers, **check}))
                assert answer.value.code == 304 and answer.value.read() == b""
            stale = urllib.request.Request(f"{base}/app.js", headers={**headers, "If-None-Match": '"autre"'})
            with urllib.request.urlopen(stale) as reply:
                assert reply.status == 200
        with urllib.request.urlopen(f"{base}/") as reply:  # a folder still gives its index
            assert b"livre" in reply.read()
    finally:
        server.shutdown()
        server.server_close()
