"""The group's table: ten exports merged, a damaged one set aside, CSV, XLSX and HTML written."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook

from piu.core.errors import PiuError
from piu.core.progress_export import document
from piu.core.questions.bank import charger_banque
from piu.core.trainer.group_progress import ecrire_csv, ecrire_html, ecrire_xlsx, fusionner


def dix_exports(folder: Path) -> list[str]:
    """Ten learners: learner n answers the first n practice questions of module 3, the odd ones twice."""
    ids = [q.id for q in charger_banque().du_module(3) if not q.evaluation]
    names = [f"Participant {n:02d}" for n in range(1, 11)]
    for n, name in enumerate(names, 1):
        answers = {q: {"module": 3, "juste": True, "tentatives": 1 + (i % 2)} for i, q in enumerate(ids[:n])}
        sections = [{"nom": "freins", "outil": "freins", "date": "2026-12-07"}] if n % 2 else []
        (folder / f"p{n}.json").write_text(json.dumps(document(name, answers, sections, "navigateur")),
                                           encoding="utf-8")
    return names


def test_ten_files_make_one_row_per_learner_and_module(tmp_path: Path) -> None:
    names = dix_exports(tmp_path)
    (tmp_path / "abime.json").write_text("{", encoding="utf-8")
    group = fusionner(tmp_path)
    assert group.apprenants == names
    assert [f for f, _ in group.ecartes] == ["abime.json"]
    row = next(r for r in group.lignes if r.apprenant == "Participant 05" and r.module == 3)
    assert (row.repondues, row.premier_coup) == (5, 3)
    assert group.sections["Participant 05"] == ("freins",) and group.sections["Participant 04"] == ()


def test_the_writers_give_csv_xlsx_and_a_page_with_a_chart(tmp_path: Path) -> None:
    dix_exports(tmp_path)
    group = fusionner(tmp_path)
    out = tmp_path / "sortie"
    csv_text = ecrire_csv(group, out / "g.csv").read_text(encoding="utf-8-sig")
    assert csv_text.splitlines()[0].startswith("Apprenant;Module;") and "Participant 10;3;" in csv_text
    book = load_workbook(ecrire_xlsx(group, out / "g.xlsx"))
    assert book.sheetnames == ["Par module", "Dossier de projet"] and book["Dossier de projet"].max_row == 11
    page = ecrire_html(group, out / "g.html").read_text(encoding="utf-8")
    assert "<svg" in page and "Participant 07" in page
    assert stat.S_IMODE((out / "g.html").stat().st_mode) == 0o644


def test_an_empty_or_missing_folder_says_so_in_french(tmp_path: Path) -> None:
    with pytest.raises(PiuError, match="introuvable"):
        fusionner(tmp_path / "absent")
    with pytest.raises(PiuError, match="Aucun fichier"):
        fusionner(tmp_path)
