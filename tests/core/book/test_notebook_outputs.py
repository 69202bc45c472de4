"""Notebook hygiene: a pinned output that nbval cannot compare is a check that cannot fail."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from piu.core.book.notebook_outputs import MARKER

ROOT = Path(__file__).resolve().parents[3]
NOTEBOOKS = sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("exercises/*.ipynb")])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.relative_to(ROOT).as_posix() for p in NOTEBOOKS])
def test_pinned_cells_have_outputs_nbval_can_compare(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code" and cell.source.startswith(MARKER):
            # nbval skips the comparison of a cell that was never run (execution_count None).
            assert cell.execution_count is not None and cell.outputs, (
                f"{path.name}, cellule {index} : sortie épinglée absente ; "
                f"lancez « piu notebooks epingler {path.relative_to(ROOT)} »")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.relative_to(ROOT).as_posix() for p in NOTEBOOKS])
def test_notebooks_use_the_course_kernel_and_carry_no_widget_state(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.get("kernelspec", {}).get("name") == "python3"
    assert "widgets" not in notebook.metadata
