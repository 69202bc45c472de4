"""The JupyterLite build (without a browser), ``piu servir``, and the course's files in the browser wheel."""

from __future__ import annotations

import hashlib
import json
import re
import threading
import urllib.request
import zipfile
from pathlib import Path

import pytest

from piu.core import paths
from piu.core.book.lite import build, versions
from piu.core.book.sphinx.lite import lite_href
from piu.core.cli import main
from piu.core.cli.servir import make_server
from piu.core.learner import browser, progress, storage

ROOT = Path(__file__).resolve().parents[3]


def _carrier(tmp_path: Path, files: dict[str, bytes]) -> Path:
    path = tmp_path / "carrier.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(versions.CARRIER[2] + name, data)
    return path


def _tiny_lock(files: dict[str, bytes]) -> dict[str, object]:
    return {"info": {"version": versions.PYODIDE}, "packages": {
        "demo": {"name": "demo", "file_name": "demo-1.0-py3-none-any.whl", "depends": [],
                 "sha256": hashlib.sha256(files["demo-1.0-py3-none-any.whl"]).hexdigest()}}}


def test_assemblage_verifie_chaque_fichier(tmp_path: Path) -> None:
    files = {name: f"contenu {name}".encode() for name in versions.CORE_FILES}
    files["demo-1.0-py3-none-any.whl"] = b"roue officielle"
    hashes = {name: hashlib.sha256(files[name]).hexdigest() for name in versions.CORE_FILES}
    lock = build.assemble_pyodide(_carrier(tmp_path, files), tmp_path / "out", _tiny_lock(files), hashes)
    assert (tmp_path / "out" / "demo-1.0-py3-none-any.whl").read_bytes() == b"roue officielle"
    assert (tmp_path / "out" / "pyodide.asm.wasm").read_bytes() == files["pyodide.asm.wasm"]
    assert set(lock["packages"]) == {"demo"}


def test_assemblage_refuse_une_roue_alteree(tmp_path: Path) -> None:
    files = {name: f"contenu {name}".encode() for name in versions.CORE_FILES}
    files["demo-1.0-py3-none-any.whl"] = b"roue officielle"
    hashes = {name: hashlib.sha256(files[name]).hexdigest() for name in versions.CORE_FILES}
    lock = _tiny_lock(files)
    files["demo-1.0-py3-none-any.whl"] = b"roue officielle, un octet de plus"
    with pytest.raises(build.TamperedFile, match=re.escape("demo-1.0-py3-none-any.whl")):
        build.assemble_pyodide(_carrier(tmp_path, files), tmp_path / "out", lock, hashes)


def test_assemblage_refuse_un_noyau_altere(tmp_path: Path) -> None:
    files = {name: f"contenu {name}".encode() for name in versions.CORE_FILES}
    files["demo-1.0-py3-none-any.whl"] = b"roue"
    hashes = {name: hashlib.sha256(files[name]).hexdigest() for name in versions.CORE_FILES}
    files["pyodide.asm.wasm"] = b"autre chose"
    with pytest.raises(build.TamperedFile, match=re.escape("pyodide.asm.wasm")):
        build.assemble_pyodide(_carrier(tmp_path, files), tmp_path / "out", _tiny_lock(files), hashes)


def test_verrou_engage_clos_sur_ses_dependances() -> None:
    lock = json.loads(build.COMMITTED_LOCK.read_text(encoding="utf-8"))
    assert lock["info"]["version"] == versions.PYODIDE
    assert build.closure(lock, versions.PYODIDE_PACKAGES) == sorted(lock["packages"])
    assert set(build.core_hashes()) == set(versions.CORE_FILES)
    assert all(len(e["sha256"]) == 64 for e in lock["packages"].values())


def test_roue_navigateur_porte_donnees_et_banque(tmp_path: Path) -> None:
    wheel = build.browser_wheel(ROOT, tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read("piu-0.1.0.dist-info/METADATA").decode()
    assert "piu/_cours/data/datapackage.json" in names
    assert "piu/_cours/exercises/banque/module3.yaml" in names
    assert "piu/_cours/notebooks/scic/a-corriger.yaml" in names
    assert "piu/core/learner/widgets.py" in names and not any(n.startswith("piu/core/book/sphinx/") for n in names)
    assert "Requires-Dist" not in metadata  # no jupyter-book, ipykernel, matplotlib in the browser


def test_pyyaml_pur(tmp_path: Path) -> None:
    binary = tmp_path / "PyYAML-6.0.4-cp311-cp311-manylinux.whl"
    build.write_wheel(binary, [("yaml/__init__.py", b"x = 1\n"), ("yaml/_yaml.cpython-311-x86_64-linux-gnu.so", b"\0"),
                               ("_yaml/__init__.py", b"")], "pyyaml-6.0.4.dist-info",
                      "Metadata-Version: 2.1\nName: PyYAML\nVersion: 6.0.4\n")
    pure = build.pure_yaml_wheel(binary, tmp_path / "pur")
    assert pure.name == "PyYAML-6.0.4-py3-none-any.whl"
    with zipfile.ZipFile(pure) as archive:
        names = archive.namelist()
        assert "Tag: py3-none-any" in archive.read("pyyaml-6.0.4.dist-info/WHEEL").decode()
    assert "yaml/__init__.py" in names and not any("_yaml" in n for n in names)


def test_notebook_lite_prepare_et_graphiques() -> None:
    charts = build.chart_names(ROOT)
    assert {"graphique_voix", "verificateur_de_plan", "graphique_grille"} <= charts
    assert not {"quel_contrat", "schema_decision"} & charts  # module 3 draws in HTML: no matplotlib
    tool = build.lite_notebook(ROOT / "notebooks" / "module3.ipynb", "notebooks", charts)
    first = tool["cells"][0]
    assert first["source"].splitlines()[-1] == 'prepare("notebooks")'
    assert not any("matplotlib" in c["source"] for c in tool["cells"])  # 9 Mo de moins
    scic = build.lite_notebook(ROOT / "notebooks" / "module5.ipynb", "notebooks", charts)
    code = [c["source"] for c in scic["cells"] if c["cell_type"] == "code"]
    drawing = next(i for i, source in enumerate(code) if "import matplotlib" in source)
    assert drawing >= 1 and not any("matplotlib" in source for source in code[:drawing])
    assert all(c.get("outputs", []) == [] for c in tool["cells"])
    quiz = build.lite_notebook(ROOT / "exercises" / "module0.ipynb", "exercises", charts)
    assert not any("matplotlib" in c["source"] for c in quiz["cells"])  # 9 Mo de moins pour ce notebook
    assert quiz["metadata"]["kernelspec"]["name"] == "python"


def test_reglages_sans_autre_index() -> None:
    settings = build.lite_settings()["jupyter-config-data"]
    kernel = settings["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["disablePyPIFallback"] is True and "piu" in kernel["loadPyodideOptions"]["packages"]


def test_chemins_dans_le_navigateur(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    packaged = tmp_path / "_cours"
    (packaged / "data").mkdir(parents=True)
    monkeypatch.delenv("PIU_RACINE", raising=False)
    assert paths.course_root() == ROOT  # desktop: the checkout
    monkeypatch.setattr(paths, "PACKAGED", packaged)
    assert paths.course_root() == ROOT  # still the checkout, which has data/
    monkeypatch.setattr("sys.platform", "emscripten")
    assert paths.course_root() == packaged and paths.bank_dir() == packaged / "exercises" / "banque"


def test_progression_du_livre_fusionnee(tmp_path: Path) -> None:
    fichier = tmp_path / "progres.json"
    progress.enregistrer("m0-seuil", 0, False, fichier)
    browser.merge_book_progress({"m0-seuil": {"m": 0, "t": 3, "j": True, "d": "2026-05-01T10:00:00Z"},
                                 "casse": {"m": "x"}}, fichier)
    seen = progress.lire(fichier)
    assert seen["m0-seuil"].juste and seen["m0-seuil"].tentatives == 3 and "casse" not in seen
    storage.record_answer("m0-seuil", 0, True)  # hors du navigateur : ne fait rien, ne lève rien


def test_voir_le_code_sur_les_pages_outils_et_exercices() -> None:
    assert lite_href("notebooks/module3", "../") == (
        "../lite/notebooks/index.html?path=notebooks/module3.ipynb&piu-executer=1")
    assert lite_href("exercises/module3", "../") == (
        "../lite/notebooks/index.html?path=exercises/module3.ipynb&piu-executer=1")
    assert lite_href("book/module3/chapitre", "../../") == ""


def test_servir_dossier_absent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["servir", "--dossier", str(tmp_path / "absent"), "--sans-navigateur"]) == 2
    err = capsys.readouterr().err
    assert "Pas de livre construit" in err and "make cours" in err


def test_servir_type_wasm(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>livre</p>", encoding="utf-8")
    (tmp_path / "a.wasm").write_bytes(b"\0asm")
    server = make_server(tmp_path, port=0)
    assert server.server_address[0] == "127.0.0.1"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/a.wasm") as reply:
            assert reply.headers["Content-Type"] == "application/wasm"
    finally:
        server.shutdown()
        server.server_close()


def test_servir_envoie_la_copie_gzip_fraiche(tmp_path: Path) -> None:
    """A browser that accepts gzip gets the compressed copy; one that does not, the file; a copy
    older than its file (the book rebuilt, not recompressed) is never sent."""
    import gzip
    import os

    from piu.core.book.compression import compresser

    (tmp_path / "index.html").write_text("<p>livre</p>", encoding="utf-8")
    script = "const piu = 1;\n" * 2000
    (tmp_path / "app.js").write_text(script, encoding="utf-8")
    (tmp_path / "roue.whl").write_bytes(os.urandom(4000))  # deflated inside: nothing to gain
    (tmp_path / "compilee.whl").write_bytes(b"PK" + b"\0" * 3998)  # stored inside (bytecode.py)
    bilan = compresser(tmp_path)
    assert bilan.fichiers == 2 and bilan.apres < bilan.avant / 10
    assert not (tmp_path / "roue.whl.gz").exists() and (tmp_path / "compilee.whl.gz").exists()
    server = make_server(tmp_path, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"

    def get(name: str, gz: bool) -> tuple[str | None, str | None, bytes]:
        request = urllib.request.Request(f"{base}/{name}", headers={"Accept-Encoding": "gzip"} if gz else {})
        with urllib.request.urlopen(request) as reply:
            return reply.headers["Content-Encoding"], reply.headers["Content-Type"], reply.read()

    try:
        encoding, kind, body = get("app.js", gz=True)
        assert encoding == "gzip" and kind == "text/javascript" and gzip.decompress(body).decode() == script
        encoding, _, body = get("app.js", gz=False)
        assert encoding is None and body.decode() == script
        later = (tmp_path / "app.js.gz").stat().st_mtime + 10
        (tmp_path / "app.js").write_text("const piu = 2;", encoding="utf-8")
        os.utime(tmp_path / "app.js", (later, later))
        encoding, _, body = get("app.js", gz=True)
        assert encoding is None and body == b"const piu = 2;"
    finally:
        server.shutdown()
        server.server_close()


def test_archive_intranet(tmp_path: Path) -> None:
    html = tmp_path / "html"
    (html / "lite").mkdir(parents=True)
    (html / "index.html").write_text("livre", encoding="utf-8")
    (html / "lite" / "index.html").write_text("lite", encoding="utf-8")
    (html / "lite" / build.DIGEST_FILE).write_text("x", encoding="utf-8")
    dest = build.intranet_archive(html, tmp_path / "piu.zip")
    with zipfile.ZipFile(dest) as archive:
        names = set(archive.namelist())
        note = archive.read("piu/LISEZMOI-informatique.txt").decode()
    assert {"piu/index.html", "piu/lite/index.html"} <= names and f"piu/lite/{build.DIGEST_FILE}" not in names
    assert "application/wasm" in note and "HTTP simple" in note
    with pytest.raises(build.PiuError, match="make livre"):
        build.intranet_archive(tmp_path / "vide", tmp_path / "x.zip")
