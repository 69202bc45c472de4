"""The export a learner hands to the trainer: written by one side, read by the other."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from piu.core.progress_export import ExportInvalide, document, lire_export


def test_a_document_round_trips_and_keeps_only_outcomes(tmp_path: Path) -> None:
    doc = document("  Camille   Martin ", {"m3-x": {"module": 3, "juste": True, "tentatives": 1, "derniere": "x"}},
                   [{"nom": "freins", "outil": "freins", "date": "2026-12-07", "donnees": {"secret": 1}}],
                   "jupyter", datetime(2026, 12, 7, 10, 0))
    assert doc["apprenant"] == "Camille Martin" and "donnees" not in json.dumps(doc)
    path = tmp_path / "p.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    export = lire_export(path)
    assert export.reponses["m3-x"].juste_du_premier_coup and export.sections == ("freins",)


def test_a_nameless_export_is_refused_in_french() -> None:
    with pytest.raises(ExportInvalide, match="nom et prénom"):
        document(" ", {}, [], "jupyter")


@pytest.mark.parametrize(("content", "message"), [
    ("{", "illisible"), ('{"format": "piu-dossier"}', "pas un export"),
    ('{"format": "piu-progression-export", "version": 1, "apprenant": "A", "reponses": '
     '{"q": {"module": "3", "juste": true, "tentatives": 1}}}', "question q, module"),
])
def test_a_damaged_export_names_the_file_and_the_field(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "abime.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ExportInvalide, match=message) as info:
        lire_export(path)
    assert "abime.json" in str(info.value)
