"""Mesure : corriger 200 copies avec piu, contre exécuter les 200 notebooks avec nbclient.

nbgrader et otter-grader corrigent en exécutant chaque notebook remis (un noyau par copie).
piu lit les réponses dans la copie sans rien exécuter. Ce script fait les deux, dans le même
passage, sur les mêmes 200 copies d'une classe fictive, et affiche le rapport des temps
(objectif : au moins 100 fois plus rapide), le temps par copie, et le plancher : un noyau
qui démarre et calcule 1 + 1.

    .venv/bin/python scripts/mesurer_correction.py [--copies 200] [--noyaux 200]

``--noyaux`` exécute moins de notebooks (le temps par notebook est alors extrapolé à 200) : à
utiliser sur une machine chargée. Hors de la suite de tests.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from piu.core.trainer.copies import COPY_MIME  # noqa: E402
from piu.examen import plan  # noqa: E402


def notebook_copy(copie: dict, template: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A handed-in notebook: the evaluation notebook whose last cell leaves the copy."""
    nb = copy.deepcopy(template)
    payload = json.dumps(copie, ensure_ascii=False)
    nb.cells.append(nbformat.v4.new_code_cell(
        f"from IPython.display import display\ndisplay({{{COPY_MIME!r}: {payload!r}}}, raw=True)"))
    return nb


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=200)
    parser.add_argument("--noyaux", type=int, default=None, help="notebooks à exécuter (défaut : --copies)")
    args = parser.parse_args()
    n = args.copies
    kernels = args.noyaux or n
    copies = plan.classe_fictive(n)
    template = nbformat.read(ROOT / "exercises" / "module8.ipynb", as_version=4)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "copies").mkdir()
        for i, copie in enumerate(copies):
            nb = notebook_copy(copie, template)
            nb.cells[-1].outputs = [nbformat.v4.new_output("display_data", data={COPY_MIME: copie})]
            nbformat.write(nb, folder / "copies" / f"copie-{i:03d}.ipynb")
        # 1. piu: read and grade every copy, write every output (CSV, XLSX, HTML...), no kernel.
        start = time.perf_counter()
        done = plan.corriger_dossier(folder / "copies", folder / "resultats")
        piu_time = time.perf_counter() - start
        assert done["copies"] == n, done["rejets"][:3]
        # 2. nbclient: execute the notebooks, one kernel each, as nbgrader/otter do.
        start = time.perf_counter()
        for i in range(kernels):
            nb = nbformat.read(folder / "copies" / f"copie-{i:03d}.ipynb", as_version=4)
            NotebookClient(nb, timeout=120, kernel_name="python3",
                           resources={"metadata": {"path": str(folder)}}).execute()
        exec_time = (time.perf_counter() - start) * n / kernels
        # 3. The floor: a kernel that starts and runs « 1 + 1 », whatever the notebook holds.
        trivial = nbformat.v4.new_notebook(metadata=template.metadata)
        trivial.cells = [nbformat.v4.new_code_cell("1 + 1")]
        start = time.perf_counter()
        for _ in range(3):
            NotebookClient(copy.deepcopy(trivial), timeout=60, kernel_name="python3").execute()
        floor = (time.perf_counter() - start) / 3
    per_copy = piu_time / n
    print(f"piu : {n} copies corrigées en {piu_time:.2f} s ({per_copy * 1000:.1f} ms par copie ; "
          f"notebooks lus sans noyau, carnet CSV et XLSX, retours HTML et rapport écrits)")
    print(f"nbclient : {kernels} notebooks exécutés"
          + (f", extrapolé à {n}" if kernels != n else "")
          + f" : {exec_time:.1f} s ({exec_time / n:.2f} s par notebook)")
    ratio = exec_time / piu_time
    print(f"rapport : {ratio:.0f} fois plus rapide (objectif : 100)")
    print(f"plancher : un noyau qui démarre et calcule 1 + 1 prend {floor:.2f} s, soit "
          f"{floor / per_copy:.0f} fois le temps d'une copie corrigée par piu")
    return 0 if ratio >= 100 else 1


if __name__ == "__main__":
    sys.exit(main())
