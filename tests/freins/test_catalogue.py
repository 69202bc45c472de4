"""Module 1 data: every barrier is sourced, in one of the workshop's four groups, and every
lever points to a module of the course and a rule of references.csv that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from piu.core import data
from piu.freins.catalogue import GROUPES, catalogue, texte_regle, titre_module

ROOT = Path(__file__).resolve().parents[2]
REPORT = Path("/work/shared/reference/000_885a2d907717f1e4.txt")  # present on the authors' machines


@pytest.fixture(scope="module")
def freins():
    return catalogue()


def test_the_table_is_described_with_its_groups_and_levers() -> None:
    resource = next(r for r in data.datapackage()["resources"] if r["name"] == "freins")
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    assert fields["groupe"]["constraints"]["enum"] == list(GROUPES)
    assert {"id", "libelle", "source", "leviers_modules", "leviers_regles"} <= set(fields)
    assert resource["schema"]["primaryKey"] == ["id"]


def test_every_group_of_the_workshop_has_barriers(freins) -> None:
    assert {f.groupe for f in freins} == set(GROUPES)
    assert len(freins) >= 30
    assert len({f.id for f in freins}) == len(freins)


def test_every_barrier_is_sourced_costed_and_has_a_lever(freins) -> None:
    for f in freins:
        assert "atelier PIU" in f.source and "10/12/2020" in f.source, f.id
        assert re.search(r"séquence [12]", f.source), f.id
        assert f.cout.strip() and f.action.strip() and f.libelle.strip(), f.id
        assert f.modules, f"{f.id} : aucun module levier"


def test_every_lever_module_exists_in_modules_csv(freins) -> None:
    numbers = set(int(n) for n in data.table("modules")["numero"])
    for f in freins:
        assert set(f.modules) <= numbers, f.id
        for m in f.modules:
            assert titre_module(m).startswith(f"module {m} « "), m


def test_every_lever_rule_exists_in_references_csv(freins) -> None:
    ids = set(data.table("references")["id"])
    used = [r for f in freins for r in f.regles]
    assert used and set(used) <= ids, sorted(set(used) - ids)
    assert texte_regle("ccp-r2111-1") == "CCP art. R2111-1"
    assert texte_regle("cgct-lo1113-1") == "CGCT art. LO1113-1"


def test_the_testimony_barriers_are_those_of_the_cargo_bike_cooperative(freins) -> None:
    testimony = {f.id for f in freins if "Toutenvélo" in f.source}
    assert testimony == {"faire-connaitre-initiative", "prise-au-serieux", "soutien-collectivites",
                         "pistes-cyclables"}


@pytest.mark.skipif(not REPORT.exists(), reason="compte rendu de l'atelier absent de ce poste")
def test_labels_are_the_reports_own_words(freins) -> None:
    def flat(text: str) -> str:
        return re.sub(r"\s+", " ", text.replace("\u2019", "'").replace('"', "")).replace("« ", "«").replace(" »", "»")

    report = flat(REPORT.read_text(encoding="utf-8")).replace("«", "").replace("»", "").replace('"', "")
    for f in freins:
        words = flat(f.libelle).replace("«", "").replace("»", "")
        assert words in report, f.id


def test_the_chapter_quotes_every_barrier_from_the_data(freins) -> None:
    chapter = (ROOT / "book/module1/chapitre.md").read_text(encoding="utf-8")
    for f in freins:
        for column in ("libelle", "cout", "action"):
            assert f"{{donnee}}`freins:{f.id}:{column}`" in chapter, (f.id, column)
    assert data.texte_valeur("freins:pistes-cyclables:libelle") == \
        "problème des infrastructures, manque de pistes cyclables sur Marseille"


def test_module_1_is_available_with_its_chapter() -> None:
    modules = data.table("modules")
    row = modules[modules["numero"] == 1].iloc[0]
    assert row["statut"] == "disponible" and row["chapitre"] == "book/module1/chapitre"
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    assert toc.index("book/module0/chapitre") < toc.index("book/module1/chapitre") < toc.index(
        "book/module2/chapitre")
