"""Reference data: valid against datapackage.json, typed, dated, and clear when broken."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from frictionless import Package

from piu.core import data
from piu.core.errors import DonneesInvalides

ROOT = Path(__file__).resolve().parents[2]


def test_datapackage_validates_with_frictionless() -> None:
    report = Package(str(ROOT / "data" / "datapackage.json")).validate()
    errors = [f"{task.name}: {err.message}" for task in report.tasks for err in task.errors]
    assert report.valid, errors


def test_every_csv_is_described() -> None:
    described = {r["path"] for r in data.datapackage()["resources"]}
    assert {p.name for p in (ROOT / "data").glob("*.csv")} == described


def test_dated_rules_answer_for_a_date() -> None:
    key = "seuils:dispense-fournitures-services:montant_ht"
    assert data.valeur(f"{key}@2026-03-31") == 40_000
    assert data.valeur(f"{key}@2026-04-01") == 60_000
    rows = data.en_vigueur(data.table("seuils"), date(2027, 6, 1))
    assert not rows.empty


def test_an_undated_reference_to_a_changed_rule_quotes_todays_row() -> None:
    today = data.en_vigueur(data.table("scic_regles"), date.today())
    expected = today[today["id"] == "capital-public-max"].iloc[0]["taux_pct"]
    assert data.valeur("scic_regles:capital-public-max:taux_pct") == expected
    assert data.valeur("scic_regles:capital-public-max:taux_pct@2010-01-01") == 20
    assert data.ligne("vehicules", "scic")["valid_to"] is None or pd.isna(
        data.ligne("vehicules", "scic")["valid_to"])


def test_every_rule_has_basis_source_and_dates() -> None:
    for resource in data.datapackage()["resources"]:
        names = {f["name"] for f in resource["schema"]["fields"]}
        if "valid_from" in names:
            assert {"base_legale", "valid_to"} <= names, resource["name"]
            assert {"source", "url"} & names, f"{resource['name']} : ni source ni adresse officielle"


@pytest.fixture
def broken_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "cours"
    shutil.copytree(ROOT / "data", copy / "data")
    monkeypatch.setenv("PIU_RACINE", str(copy))
    return copy / "data"


def test_malformed_number_names_file_line_and_column(broken_data: Path) -> None:
    path = broken_data / "seuils.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",40000,", ",quarante mille,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DonneesInvalides, match=r"seuils.csv, ligne 3, colonne « montant_ht »"):
        data.table("seuils")


def test_wrong_columns_are_listed(broken_data: Path) -> None:
    path = broken_data / "modules.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("numero,titre", "num,titre", 1), encoding="utf-8")
    with pytest.raises(DonneesInvalides, match="attendues, dans cet ordre"):
        data.table("modules")


def test_bad_reference_is_explained() -> None:
    with pytest.raises(DonneesInvalides, match="syntaxe attendue"):
        data.valeur("seuils:achat-innovant")
    with pytest.raises(DonneesInvalides, match="date « 2026-13-01 » invalide"):
        data.valeur("seuils:achat-innovant:montant_ht@2026-13-01")
    with pytest.raises(DonneesInvalides, match=r"[Tt]able « inconnue » absente"):
        data.valeur("inconnue:x:y")
