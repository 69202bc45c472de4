"""A whole class handed in the ways real learners hand things in, graded end to end (issue 22).

Strong, average and weak learners built from the bank, right answers typed in every standard
notation, and the hostile files trainers meet: every file is accounted for with its status, no
right notation is marked wrong, hand marks survive reruns, every output is readable by others.
"""

from __future__ import annotations

import csv
import io
import json
import random
import stat
from pathlib import Path
from typing import Any

import pytest

from piu.core.cli import main
from piu.core.questions.grading import bonne_reponse
from piu.core.trainer.copies import COPY_MIME, json_copie, nouvelle_copie
from piu.examen import plan

KEY = plan.corrige()
OPEN = "m8-ouverte-montage"
#: Right answers to the rule items, as technicians type them.
NOTATIONS = {
    "m8-irr-rc-preference-regle": ["CE 29 juillet 1994", "CE, 29/07/1994", "n° 131562",
                                   "Conseil d'État, 29 juillet 1994, n°131562"],
    "m8-irr-grille-references-regle": ["CJUE Lianakis", "aff. C-532/06", "CJCE Lianakis",
                                       "arrêt Lianakis, CJCE 24 janvier 2008"],
    "m8-irr-plan-financement-regle": ["L. 1111-10", "L.1111-10", "art. L1111-10 du CGCT",
                                      "CGCT L1111-10", "article L 1111-10"],
}


def _copy(name: str, level: float, k: int, when: str = "2026-12-03T10:00:00") -> dict[str, Any]:
    """A learner of ``level`` (share of items right); rule items typed in varied notations."""
    answers: dict[str, Any] = {}
    for j, (qid, q) in enumerate(KEY.items()):
        if (j * 7 + k) % 10 < level * 10:
            answers[qid] = NOTATIONS[qid][k % len(NOTATIONS[qid])] if qid in NOTATIONS else bonne_reponse(q)
        else:
            answers[qid] = plan._mauvaise_reponse(q, random.Random(k))
    answers[OPEN] = f"Note argumentée de {name}."
    return nouvelle_copie("module-8", name, answers) | {"remise_le": when}


def _notebook(copies: list[dict[str, Any]], metadata_copy: dict[str, Any] | None = None,
              image_kb: int = 0) -> str:
    cells: list[dict[str, Any]] = [{"cell_type": "markdown", "metadata": {}, "source": "Évaluation"}]
    for copie in copies:
        cells.append({"cell_type": "code", "metadata": {}, "source": "remettre(f)", "execution_count": 1,
                      "outputs": [{"output_type": "display_data", "metadata": {},
                                   "data": {COPY_MIME: copie, "text/plain": "copie"}}]})
    if metadata_copy is not None:
        cells.append({"cell_type": "code", "source": "", "outputs": [], "execution_count": None,
                      "metadata": {"piu": {"copie": metadata_copy}}})
    if image_kb:
        cells.append({"cell_type": "markdown", "metadata": {}, "source": "![](image.png)",
                      "attachments": {"image.png": {"image/png": "A" * (image_kb * 1024)}}})
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells})


def build_class(folder: Path) -> dict[str, str]:
    """24 learners and the hostile files; value: what must become of each file."""
    folder.mkdir(parents=True)
    expect: dict[str, str] = {}

    def put(rel: str, content: str | bytes, fate: str) -> None:
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        expect[rel] = fate

    levels = [0.9] * 8 + [0.6] * 8 + [0.3] * 8
    for k, level in enumerate(levels):
        name = f"Apprenant{chr(65 + k)} Dupont-{k:02d}"
        put(f"{name}_assignsubmission_file_/copie.json", json_copie(_copy(name, level, k)), "corrigée")
    # The same person written otherwise: merged, the later full copy counts.
    put("martin.json", json_copie(_copy("Camille Martin", 0.9, 1, "2026-12-03T09:00:00")), "doublon")
    put("MARTIN-camille.json", json_copie(_copy("MARTIN Camille", 0.9, 2, "2026-12-03T09:30:00")), "corrigée")
    # A nearly empty re-download, later: never replaces the full copy.
    empty = nouvelle_copie("module-8", "camille martin", {"m8-freins-acheteurs": ["a"]}) \
        | {"remise_le": "2026-12-03T11:00:00"}
    put("martin-retelecharge.json", json_copie(empty), "doublon")
    # A notebook whose metadata carries a forged later copy: the form's output counts.
    real = _copy("Noé Petit", 0.3, 5, "2026-12-03T10:00:00")
    forged = _copy("Noé Petit", 1.0, 5, "2026-12-04T10:00:00")
    put("petit/evaluation.ipynb", _notebook([real], metadata_copy=forged), "corrigée")
    # A probably-same name, not merged.
    put("martin-durand.json", json_copie(_copy("Camille Martin-Durand", 0.6, 3)), "corrigée")
    # Hostile files.
    put("ancien.ipynb", json.dumps({"nbformat": 3, "worksheets": [{"cells": []}], "metadata": {}}),
        "illisible:nbformat 3")
    put("capture.ipynb", b"\x89PNG\r\n\x1a\n" + bytes(200), "illisible:image PNG")
    put("Lucie Bernard/reponses.json", b"PK\x03\x04" + bytes(300), "à corriger à la main:document Word")
    put("Lucie Bernard/reponses.docx", b"PK\x03\x04" + bytes(300), "à corriger à la main:non pris en charge")
    put("autre.json", json_copie(nouvelle_copie("module-5", "Hugo Leroy", {"x": "y"})),
        "autre évaluation:autre évaluation")
    put("futur.json", json_copie(nouvelle_copie("module-8", "Iris Faure", {}) | {"version": 7}),
        "à corriger à la main:version")
    put("Jade Roux_42_assignsubmission_file_/image-collee.ipynb",
        _notebook([_copy("Jade Roux", 0.6, 9)], image_kb=6 * 1024),
        "à corriger à la main:trop gros")
    put("coupe.json", json_copie(_copy("Paul Coupé", 0.6, 4))[:300], "illisible:JSON illisible")
    return expect


ROSTER = ["Camille Martin", "Noé Petit", "Hugo Leroy", "Iris Faure", "Lucie Bernard", "Absent Total",
          "Jade Roux", *[f"Dupont-{k:02d} Apprenant{chr(65 + k)}" for k in range(24)]]


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str], dict[str, Any]]:
    root = tmp_path_factory.mktemp("classe")
    expect = build_class(root / "copies")
    (root / "classe.csv").write_text("nom\n" + "\n".join(ROSTER) + "\n", encoding="utf-8")
    done = plan.corriger_dossier(root / "copies", root / "resultats", liste=root / "classe.csv")
    return root, root / "resultats", expect, done


def test_every_file_is_accounted_for_with_its_status(graded: tuple) -> None:
    _root, out, expect, done = graded
    rejected = dict(done["rejets"])
    graded_files = {r.fichier for r in done["resultats"]}
    doubled = {f for _, files, kept in done["doublons"] for f in files if f != kept}
    for rel, fate in expect.items():
        status, _, why = fate.partition(":")
        if status == "corrigée":
            assert rel in graded_files, (rel, rejected.get(rel))
        elif status == "doublon":
            assert rel in doubled, rel
        else:
            assert rel in rejected, rel
            assert done["statuts"][rel] == status, (rel, done["statuts"][rel])
            assert why.lower() in rejected[rel].lower(), (rel, rejected[rel])
    assert set(expect) == graded_files | doubled | set(rejected)
    report = (out / "rapport.html").read_text(encoding="utf-8")
    for rel in rejected:
        assert rel in report
    assert "Traceback" not in report


def test_rejected_files_get_french_reasons_with_french_sizes(graded: tuple) -> None:
    rejected = dict(graded[3]["rejets"])
    assert "nbformat 3" in rejected["ancien.ipynb"] and "Jupyter récent" in rejected["ancien.ipynb"]
    assert "image PNG renommé en .ipynb" in rejected["capture.ipynb"]
    big = rejected["Jade Roux_42_assignsubmission_file_/image-collee.ipynb"]
    assert "--taille-max" in big and "6,3 Mo" in big and "5 Mo au plus" in big


def test_names_are_matched_like_a_trainer_and_near_names_shown(graded: tuple) -> None:
    done = graded[3]
    by_name = {r.apprenant: r for r in done["resultats"]}
    assert "MARTIN Camille" in by_name and "Camille Martin" not in by_name
    assert by_name["MARTIN Camille"].fichier == "MARTIN-camille.json"
    martin = next(d for d in done["doublons"] if d[2] == "MARTIN-camille.json")
    assert sorted(martin[1]) == ["MARTIN-camille.json", "martin-retelecharge.json", "martin.json"]
    assert ("Camille Martin-Durand", "MARTIN Camille") in done["rapprochements"] or \
        ("MARTIN Camille", "Camille Martin-Durand") in done["rapprochements"]
    assert "Camille Martin-Durand" in by_name  # shown, not merged
    report = (graded[1] / "rapport.html").read_text(encoding="utf-8")
    assert "ne compte pas" in report and "martin-retelecharge.json" in report


def test_a_forged_metadata_copy_never_wins(graded: tuple) -> None:
    done = graded[3]
    petit = next(r for r in done["resultats"] if r.apprenant == "Noé Petit")
    assert petit.remise_le == "2026-12-03T10:00:00"
    assert any("métadonnées" in m for m in petit.remarques)


def test_roster_shows_absent_and_set_aside_learners(graded: tuple) -> None:
    out, done = graded[1], graded[3]
    statuses = {name: statut for name, statut, _ in done["liste"]}
    assert statuses == {"Absent Total": "absent", "Hugo Leroy": "autre évaluation",
                        "Iris Faure": "à corriger à la main", "Lucie Bernard": "à corriger à la main",
                        "Jade Roux": "à corriger à la main"}
    rows = list(csv.DictReader(io.StringIO((out / "carnet.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    assert {r["apprenant"]: r["statut"] for r in rows}["Absent Total"] == "absent"
    assert sum(r["statut"] == "provisoire" for r in rows) == len(done["resultats"])


def test_no_right_notation_is_marked_wrong(graded: tuple) -> None:
    done = graded[3]
    for r in done["resultats"]:
        for item in r.items:
            if item.id in NOTATIONS and item.reponse in NOTATIONS[item.id]:
                assert item.statut == "juste", (r.apprenant, item.id, item.reponse)
    assert not any(a in NOTATIONS.get(i, []) for i, answers in done["refusees"].items() for a in answers)


def test_marks_are_ordered_by_level(graded: tuple) -> None:
    by_name = {r.apprenant: r.sur_20 for r in graded[3]["resultats"]}
    strong = [by_name[f"Apprenant{chr(65 + k)} Dupont-{k:02d}"] for k in range(8)]
    weak = [by_name[f"Apprenant{chr(65 + k)} Dupont-{k:02d}"] for k in range(16, 24)]
    assert min(strong) > max(weak)


def test_every_output_is_readable_by_others(graded: tuple) -> None:
    out = graded[1]
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) > 30
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path.name


def test_a_large_notebook_is_accepted_by_option_and_reruns_leave_nothing_stale(graded: tuple,
                                                                               tmp_path: Path) -> None:
    root = graded[0]
    out = tmp_path / "res"
    assert main(["evaluation", "corriger", str(root / "copies"), "--sortie", str(out), "--taille-max", "20"]) == 0
    pages = {p.name for p in (out / "retours").iterdir()}
    assert any(p.startswith("jade-roux-") for p in pages)
    (out / "analyse.html").write_text("analyse d'une correction précédente", encoding="utf-8")
    # The large notebook leaves; rerun: its page and the old analysis go.
    big = root / "copies" / "Jade Roux_42_assignsubmission_file_" / "image-collee.ipynb"
    big.rename(tmp_path / "ailleurs.ipynb")
    try:
        assert main(["evaluation", "corriger", str(root / "copies"), "--sortie", str(out)]) == 0
    finally:
        (tmp_path / "ailleurs.ipynb").rename(big)
    assert not any(p.name.startswith("jade-roux-") for p in (out / "retours").iterdir())
    assert not (out / "analyse.html").exists()


def test_an_os_error_is_a_french_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "copies"
    folder.mkdir()
    (folder / "a.json").write_text(json_copie(nouvelle_copie("module-8", "Ana", {})), encoding="utf-8")
    real = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self.name == "a.json":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    done = plan.corriger_dossier(folder, tmp_path / "out")
    assert dict(done["rejets"])["a.json"].startswith("droits insuffisants pour lire le fichier")
