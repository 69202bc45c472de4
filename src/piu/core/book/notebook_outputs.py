"""Pin the outputs that nbval compares, and only those.

nbval (run with ``--nbval-lax``) compares the outputs of cells that start with
``# NBVAL_CHECK_OUTPUT``. This module executes a notebook, keeps the outputs of those cells
and clears all others (widgets, tables, figures), so that notebooks stay small in git and
their pinned outputs always match what the code prints today.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

MARKER = "# NBVAL_CHECK_OUTPUT"


def pin_outputs(path: Path, timeout: int = 180) -> int:
    """Execute ``path`` in its folder and rewrite it with pinned outputs only; return their count.

    Answers and project files written while executing go to throw-away files, not the user's.
    """
    notebook = nbformat.read(path, as_version=4)
    previous = {name: os.environ.get(name) for name in ("PIU_PROGRES", "PIU_DOSSIER")}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PIU_PROGRES"] = str(Path(tmp) / "progres.json")
        os.environ["PIU_DOSSIER"] = str(Path(tmp) / "dossier.json")
        try:
            NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                           resources={"metadata": {"path": str(path.parent)}}).execute()
        finally:
            for name, value in previous.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
    pinned = 0
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        if cell.source.startswith(MARKER):
            pinned += 1
        else:
            cell.outputs = []
            cell.execution_count = None
    notebook.metadata.pop("widgets", None)
    nbformat.write(notebook, path)
    return pinned
