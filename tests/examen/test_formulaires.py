"""The Jupyter hand-in, done exactly as ``exercises/module8.ipynb`` says (issue 22).

The notebook tells the learner: type the name in the form's « Nom et prénom » field, click
« Remettre ma copie », run the « Remettre ma copie » cell, save the notebook. These tests run
the real notebook in a real kernel, play the learner's part (widget values, the button's click
handler), save the notebook as Jupyter does, and read it back as the trainer's grading does:
the saved notebook holds the copy, or the reason shown is the true one.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from piu.core.trainer.copies import CopieIllisible, lire_copie
from piu.examen.formulaires import SANS_NOM

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "exercises" / "module8.ipynb"


def _learner(name: str, click: bool) -> str:
    """What the learner does in the form, as code run in the kernel (widgets, button)."""
    return f"""
import ipywidgets as _w
formulaire.nom.value = {name!r}
_kind, _first = next(v for v in formulaire.fields.values() if v[0] == "choix-unique")
_first.value = _first.options[0][1]
_kind, _text = next(v for v in formulaire.fields.values() if v[0] == "texte")
_text.value = "L. 1111-10 <script>alert(1)</script>"
if {click!r}:
    next(b for b in formulaire.box.children if isinstance(b, _w.Button)).click()
print("ETAT:" + formulaire.etat.value)
"""


def _run(tmp_path: Path, name: str, click: bool = True, run_hand_in_cell: bool = True) -> tuple[Path, str, str]:
    """Run the notebook as the learner would; return the saved notebook, the form's status, the
    hand-in cell's text output."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    form_cell = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "evaluation(" in c.source)
    hand_in = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "remettre(" in c.source)
    assert hand_in > form_cell
    acting = nbformat.v4.new_code_cell(_learner(name, click))
    nb.cells.insert(form_cell + 1, acting)
    if not run_hand_in_cell:
        nb.cells[hand_in + 1].source = "pass"
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    status = "".join(o.get("text", "") for o in acting.outputs)
    said = "".join(o.get("text", "") for o in nb.cells[hand_in + 1].outputs if o.get("output_type") == "stream")
    if not run_hand_in_cell:
        nb.cells[hand_in + 1].source = nbformat.read(NOTEBOOK, as_version=4).cells[hand_in].source
    # The learner's clicks are not a cell of the notebook they save.
    del nb.cells[form_cell + 1]
    saved = tmp_path / "module8.ipynb"
    nbformat.write(nb, saved)
    return saved, status, said


def test_name_typed_in_the_form_button_and_save_put_the_copy_in_the_notebook(tmp_path: Path) -> None:
    saved, status, said = _run(tmp_path, "Camille Martin")
    [written_file] = tmp_path.glob("copie-camille-martin-*.json")
    assert "Camille Martin" in status and written_file.name in status
    assert "Indiquez votre nom" not in said  # the notebook's own cell took the form's name
    copy = lire_copie(saved)
    assert copy.apprenant == "Camille Martin"
    assert copy.reponses and any(v == "L. 1111-10 <script>alert(1)</script>" for v in copy.reponses.values())
    written = json.loads(written_file.read_text(encoding="utf-8"))
    assert written["reponses"] == copy.reponses and written["apprenant"] == "Camille Martin"
    assert "<script>" not in status  # the learner's text is escaped in the form's message


def test_no_name_anywhere_says_so_and_writes_nothing(tmp_path: Path) -> None:
    saved, status, said = _run(tmp_path, "   ")
    assert SANS_NOM in said and "Nom et prénom" in SANS_NOM
    assert "Nom et prénom" in status
    assert not list(tmp_path.glob("copie-*.json"))
    with pytest.raises(CopieIllisible, match="notebook sans copie"):
        lire_copie(saved)


def test_button_only_writes_the_file_and_says_how_to_put_the_copy_in_the_notebook(tmp_path: Path) -> None:
    saved, status, _ = _run(tmp_path, "Léa Girard", run_hand_in_cell=False)
    assert len(list(tmp_path.glob("copie-lea-girard-*.json"))) == 1
    assert "exécutez la cellule" in status and "enregistrez le notebook" in status
    with pytest.raises(CopieIllisible) as refused:
        lire_copie(saved)
    # The trainer is told the true reason, and where the copy is.
    assert "n'a pas été enregistré" in str(refused.value) and "copie-….json" in str(refused.value)
