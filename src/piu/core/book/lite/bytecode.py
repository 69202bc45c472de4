"""Wheels and standard library already compiled to bytecode, so the browser compiles nothing.

Starting the tools in the browser was mostly spent compiling Python sources: Pyodide compiles
every imported ``.py`` at each page load (about 300 modules for pandas alone), and the browser
cache does not keep the result. CPython 3.12's bytecode is what Pyodide 0.27's CPython 3.12.7
runs (the same magic number for every 3.12.x), so a build machine that has a Python 3.12 can
compile once: each ``.py`` of the served wheels and of ``python_stdlib.zip`` becomes a ``.pyc``
in the legacy place (beside where the source was), and the source is left out. Measured on the
prototype: click to first field 5.4–6.0 s → 2.4–2.6 s with the cache.

The compiled archives are written *stored* (no compression inside the zip): the server sends
them gzipped (:mod:`piu.core.book.compression`), and one gzip stream over the whole archive is
smaller than a zip of separately deflated files (about 1.3 MB less on a first visit: 0.4 MB for
the standard library, 0.3 MB for pytz's time zones); Pyodide then unpacks without inflating.
Modules of the standard library that nothing in the course or its libraries can use (mail and
news clients, old audio formats…, :data:`UNUSED_STDLIB`) are left out of it.

What a build without Python 3.12 loses: only that speed and that size (the sources are served,
deflated, and compiled in the browser). What the compiled site loses: the source lines in tracebacks of library code.
The files taken from the carrier wheel are checked against their official sha256 *before* this
step (:func:`piu.core.book.lite.build.assemble_pyodide`); the served lock then records the sha256
of the compiled wheels, which Pyodide checks when it loads them.
"""

from __future__ import annotations

import base64
import glob
import hashlib
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

#: Where a Python 3.12 may be, in the order tried (never downloaded).
CANDIDATES = ("python3.12", "/usr/bin/python3.12", "/usr/local/bin/python3.12",
              "~/.pyenv/versions/3.12*/bin/python3.12", "~/.local/share/uv/python/cpython-3.12*/bin/python3.12")


#: The largest archives, compiled without docstrings (``-OO``): about 1 MB less to download.
#: Only libraries that import without docstrings whatever ``sys.flags.optimize`` says (not numpy,
#: which then refuses to start; not ipywidgets, whose widgets format their docstrings; not the course).
WITHOUT_DOCSTRINGS = ("python_stdlib.zip", "pandas-")

#: Standard-library modules left out of ``python_stdlib.zip``: network and mail clients, old
#: audio and image formats, deprecated tools. None is imported by pandas, numpy, matplotlib,
#: ipywidgets, IPython (JupyterLite's kernel) or the course; a learner typing ``import imaplib``
#: in JupyterLite gets ModuleNotFoundError, as for the modules Pyodide itself leaves out.
UNUSED_STDLIB = frozenset({
    "mailbox", "imaplib", "nntplib", "poplib", "smtplib", "ftplib", "telnetlib", "xmlrpc", "wsgiref",
    "aifc", "sunau", "chunk", "sndhdr", "imghdr", "cgitb", "mailcap", "pipes", "tabnanny", "crypt",
    "uu", "xdrlib", "zipapp"})


def find_python312() -> str | None:
    """A working Python 3.12 on this machine (``PIU_PYTHON312`` first), or None."""
    tried = [os.environ.get("PIU_PYTHON312", "")]
    for candidate in CANDIDATES:
        if "*" in candidate or candidate.startswith("~"):
            tried += sorted(glob.glob(os.path.expanduser(candidate)), reverse=True)
        else:
            tried.append(shutil.which(candidate) or "")
    for path in filter(None, tried):
        try:
            done = subprocess.run([path, "-c", "import sys; print(sys.version_info[:2] == (3, 12))"],
                                  capture_output=True, text=True, timeout=30, check=False)
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0 and done.stdout.strip() == "True":
            return path
    return None


def _compile_tree(python: str, folder: Path, installed_as: str, optimize: int = 0) -> None:
    """``.py`` → ``.pyc`` beside it (``compileall -b``), then the sources removed.

    ``installed_as``: the folder the files have in the browser, named in tracebacks;
    ``optimize``: 2 leaves docstrings and asserts out (see :data:`WITHOUT_DOCSTRINGS`)."""
    done = subprocess.run([python, "-m", "compileall", "-b", "-q", "-j", "0", "-o", str(optimize),
                           "--invalidation-mode", "unchecked-hash", "-s", str(folder), "-p", installed_as, str(folder)],
                          capture_output=True, text=True, check=False)
    # A file that does not compile (a test fixture, Python 2 syntax) keeps its source.
    for source in folder.rglob("*.py"):
        if source.with_suffix(".pyc").is_file():
            source.unlink()
    if done.returncode not in (0, 1):
        raise RuntimeError(done.stderr[-2000:])


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def _rezip(folder: Path, dest: Path, record: str | None) -> None:
    """Zip ``folder`` into ``dest``, stored (the server gzips the whole file), RECORD rewritten."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_STORED) as archive:
        lines = []
        for path in files:
            name = path.relative_to(folder).as_posix()
            if name == record:
                continue
            data = path.read_bytes()
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
            lines.append(_record_line(name, data))
        if record:
            archive.writestr(zipfile.ZipInfo(record, date_time=(2026, 1, 1, 0, 0, 0)),
                             "\n".join([*lines, f"{record},,"]) + "\n")


def compile_archive(python: str, path: Path) -> None:
    """Replace the wheel or zip at ``path`` by its sourceless, compiled copy."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "x"
        with zipfile.ZipFile(path) as archive:
            archive.extractall(folder)
            record = next((n for n in archive.namelist() if n.endswith(".dist-info/RECORD")), None)
        if not any(folder.rglob("*.py")):
            return
        stdlib = path.name == "python_stdlib.zip"
        if stdlib:
            for name in UNUSED_STDLIB:
                shutil.rmtree(folder / name, ignore_errors=True)
                (folder / f"{name}.py").unlink(missing_ok=True)
        optimize = 2 if path.name.startswith(WITHOUT_DOCSTRINGS) else 0
        _compile_tree(python, folder, "/lib/python312.zip" if stdlib else "/lib/python3.12/site-packages", optimize)
        _rezip(folder, path, record)


def compile_site(python: str, pyodide_dir: Path) -> list[str]:
    """Compile every wheel of ``pyodide_dir`` and the standard library; return their names."""
    done = []
    for path in [*sorted(pyodide_dir.glob("*.whl")), pyodide_dir / "python_stdlib.zip"]:
        if path.is_file():
            compile_archive(python, path)
            done.append(path.name)
    return done
