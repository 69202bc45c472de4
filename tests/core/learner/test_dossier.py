"""The learner's project file (piu.core.learner.dossier): validated, atomic, never lost."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from piu.core.learner import browser, dossier
from piu.core.learner.widgets import bouton_ajouter_au_dossier


def _valid() -> dict:
    d = dossier.nouveau({"nom": "Projet test"})
    d["sections"]["essai"] = {"outil": "essai", "date": "2026-12-03", "donnees": {"usage": "livrer"}}
    return d


def test_add_section_saves_atomically_and_reads_back(dossier_vide: Path) -> None:
    dossier.ajouter_section("essai", "essai", {"usage": "livrer"}, jour="2026-12-03")
    saved = json.loads(dossier_vide.read_text(encoding="utf-8"))
    assert saved["format"] == "piu-dossier" and saved["version"] == 1
    assert dossier.lire()["sections"]["essai"] == {"outil": "essai", "date": "2026-12-03",
                                                   "donnees": {"usage": "livrer"}}
    assert [p.name for p in dossier_vide.parent.iterdir() if p.suffix == ".tmp"] == []


def test_absent_file_is_a_new_dossier(dossier_vide: Path) -> None:
    assert dossier.lire() == dossier.nouveau()
    assert not dossier_vide.exists()


@pytest.mark.parametrize(("text", "field"), [
    ("", "vide"),
    ('{"format": "piu-dossier", "version": 1, "sections": {"essai": {"outil"', "tronqué"),
    ('[1, 2]', "objet JSON"),
    ('{"format": "autre", "version": 1}', "« format »"),
    ('{"format": "piu-dossier", "version": 2}', "« version »"),
    ('{"format": "piu-dossier", "version": 1, "sections": []}', "« sections »"),
    ('{"format": "piu-dossier", "version": 1, "sections": {"essai": {"outil": "b", "date": "03/12/2026", '
     '"donnees": {}}}}', "sections.essai.date"),
    ('{"format": "piu-dossier", "version": 1, "sections": {"essai": {"outil": "b", "date": "2026-12-03"}}}',
     "sections.essai.donnees"),
    ('{"format": "piu-dossier", "version": 1, "sections": {"Besoin!": {}}}', "Besoin!"),
    ('{"format": "piu-dossier", "version": 1, "projet": {"nom": ["a"]}}', "projet.nom"),
    ('{"format": "piu-dossier", "version": 1, "bonus": 1}', "« bonus »"),
])
def test_bad_files_name_the_field_and_stay_untouched(dossier_vide: Path, text: str, field: str) -> None:
    dossier_vide.write_text(text, encoding="utf-8")
    with pytest.raises(dossier.DossierInvalide, match=field.replace("(", r"\(")):
        dossier.lire()
    with pytest.raises(dossier.DossierInvalide):
        dossier.ajouter_section("essai", "essai", {"usage": "x"})
    assert dossier_vide.read_text(encoding="utf-8") == text


def test_binary_garbage_is_refused(dossier_vide: Path) -> None:
    dossier_vide.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(dossier.DossierInvalide, match="UTF-8"):
        dossier.lire()


def test_a_crash_while_writing_keeps_the_old_dossier(dossier_vide: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dossier.enregistrer(_valid())
    before = dossier_vide.read_bytes()

    def killed(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        dossier.ajouter_section("essai_b", "essai_b", {"projet": "x"})
    monkeypatch.undo()
    assert dossier_vide.read_bytes() == before
    assert [p.name for p in dossier_vide.parent.iterdir() if p.suffix == ".tmp"] == []


def test_registered_checker_names_the_field(dossier_vide: Path) -> None:
    def check(donnees: dict, where: str) -> None:
        if not isinstance(donnees.get("n"), int):
            raise dossier.DossierInvalide(f"Champ « {where}.n » : un entier est attendu.")

    dossier.enregistrer_verificateur("essai_test", check)
    with pytest.raises(dossier.DossierInvalide, match=r"sections\.essai_test\.donnees\.n"):
        dossier.ajouter_section("essai_test", "essai", {"n": "trois"})
    assert not dossier_vide.exists()


def test_result_file_round_trip() -> None:
    doc = dossier.document_resultat("essai_b", {"projet": "x"})
    assert dossier.lire_resultat(json.dumps(doc), "essai_b") == {"projet": "x"}
    with pytest.raises(dossier.DossierInvalide, match="piu-freins"):
        dossier.lire_resultat(json.dumps(doc), "essai".replace("essai", "freins2"))
    with pytest.raises(dossier.DossierInvalide, match="tronqué"):
        dossier.lire_resultat(json.dumps(doc)[:20], "essai_b")
    with pytest.raises(dossier.DossierInvalide, match="version"):
        dossier.lire_resultat(json.dumps({**doc, "version": 9}), "essai_b")


def test_download_link_carries_the_file_and_escapes_the_name() -> None:
    link = dossier.lien_telechargement('{"a": 1}', 'mon "dossier".json')
    assert link.startswith('<a download="mon &quot;dossier&quot;.json" href="data:application/json;base64,')
    assert "eyJhIjogMX0=" in link


def test_the_pages_copy_is_the_kernels_copy(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    assert browser.restore_dossier(_valid(), path)
    assert dossier.lire(path)["projet"]["nom"] == "Projet test"
    # The page holds the one file of every tab: its copy replaces the kernel's.
    assert browser.restore_dossier(dossier.nouveau({"nom": "autre"}), path)
    assert dossier.lire(path) == dossier.nouveau({"nom": "autre"})
    assert not browser.restore_dossier({"format": "x"}, path)
    assert dossier.lire(path) == dossier.nouveau({"nom": "autre"})
    assert not browser.restore_dossier({"format": "x"}, tmp_path / "e.json")
    assert not (tmp_path / "e.json").exists()


def test_merge_puts_one_section_and_keeps_the_rest() -> None:
    current = _valid()
    entry = {"outil": "b", "date": "2026-12-04", "donnees": {"n": 1}}
    merged = dossier.fusionner(current, "essai_b", entry, projet={"collectivite": "Val"})
    assert merged["sections"] == {**_valid()["sections"], "essai_b": entry}
    assert merged["projet"] == {"nom": "Projet test", "collectivite": "Val"}
    assert current == _valid(), "la fusion modifie le dossier lu"
    assert dossier.fusionner(merged, projet={"nom": ""})["projet"] == {"collectivite": "Val"}
    with pytest.raises(dossier.DossierInvalide, match=r"essai_c\.date"):
        dossier.fusionner(current, "essai_c", {"outil": "c", "date": "hier", "donnees": {}})


def test_desktop_add_rereads_the_file_another_tool_just_wrote(dossier_vide: Path) -> None:
    box = bouton_ajouter_au_dossier("essai_b", lambda: {"n": 2}, outil="b")  # form opened first
    dossier.enregistrer(_valid())                                            # another notebook saves
    dossier.nommer_projet({"nom": "Navettes", "collectivite": "Val"})
    assert box.ajouter() and "ajoutée" in box.children[1].value
    saved = dossier.lire()
    assert set(saved["sections"]) == {"essai", "essai_b"}
    assert saved["projet"] == {"nom": "Navettes", "collectivite": "Val"}


@pytest.mark.parametrize(("champs", "message"), [
    ({"nom": "x" * 201}, "trop long"),
    ({"budget": "3"}, "« projet.budget » inconnu"),
    ({"nom": 3}, "un texte est attendu"),
])
def test_bad_project_fields_change_nothing(dossier_vide: Path, champs: dict, message: str) -> None:
    dossier.enregistrer(_valid())
    with pytest.raises(dossier.DossierInvalide, match=message):
        dossier.nommer_projet(champs)
    assert dossier.lire() == _valid()


def test_the_learner_names_the_project_in_the_form(dossier_vide: Path) -> None:
    from piu.fil_rouge.formulaires import FormulaireDossier
    from piu.fil_rouge.note import note_html

    form = FormulaireDossier()
    assert "Projet sans nom" in note_html(form.document())
    dossier.ajouter_section("besoin", "b", {"usage": "u", "usagers": "v", "resultat_attendu": "r",
                                            "mesure": "m", "contraintes": "c"})
    form.champs["nom"].value = "Navettes <autonomes>"
    form.champs["collectivite"].value = "Communauté de communes du Val"
    assert form.nommer()
    assert "✔ Projet" in form.message.value and "Navettes &lt;autonomes&gt;" in form.message.value
    document = dossier.lire()
    assert document["projet"] == {"nom": "Navettes <autonomes>", "collectivite": "Communauté de communes du Val"}
    assert set(document["sections"]) == {"besoin"}
    note = note_html(document)
    assert "Projet sans nom" not in note and "Navettes &lt;autonomes&gt;" in note
    assert FormulaireDossier().champs["nom"].value == "Navettes <autonomes>"
    form.champs["nom"].value = "x" * 300
    assert not form.nommer() and "trop long" in form.message.value
    assert dossier.lire() == document


def test_form_button_adds_and_reports(dossier_vide: Path) -> None:
    box = bouton_ajouter_au_dossier("essai", lambda: {"usage": "livrer <b>"}, outil="essai")
    assert box.ajouter()
    assert "ajoutée" in box.children[1].value
    assert dossier.lire()["sections"]["essai"]["donnees"] == {"usage": "livrer <b>"}


def test_form_button_never_raises(dossier_vide: Path) -> None:
    def broken() -> dict:
        raise ZeroDivisionError

    box = bouton_ajouter_au_dossier("essai", broken)
    assert not box.ajouter()
    assert "impossible" in box.children[1].value
    dossier_vide.write_text("{tronqué", encoding="utf-8")
    box = bouton_ajouter_au_dossier("essai", lambda: {"usage": "x"})
    assert not box.ajouter()
    assert "tronqué" in box.children[1].value and "&lt;" not in box.children[1].value
    assert dossier_vide.read_text(encoding="utf-8") == "{tronqué"
