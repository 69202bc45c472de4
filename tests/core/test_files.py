"""The one rule for writing a file: nothing a learner saved is ever lost (piu.core.files)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from piu.core.errors import PiuError
from piu.core.files import (
    EcritureImpossible,
    FichierProtege,
    decrire,
    ecrire_atomique,
    genre_docx,
    genre_html,
    genre_json,
    genre_texte,
    marqueur,
    raison,
)
from piu.core.learner import dossier, progress

CARTE = genre_json("piu-freins", "une carte des freins")
NOTE = genre_docx("une note d'opportunité Word")
DOSSIER_TEXTE = json.dumps(dossier.nouveau({"nom": "Cyclologistique"}))


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    """A learner's project file, already saved."""
    path = tmp_path / "mon-dossier.json"
    path.write_text(DOSSIER_TEXTE, encoding="utf-8")
    return path


def test_new_file_is_readable_by_others_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = ecrire_atomique(tmp_path / "sous" / "carte.json", '{"format": "piu-freins"}', CARTE)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # not mkstemp's 0600
    assert [p.name for p in path.parent.iterdir()] == ["carte.json"]


def test_replacing_keeps_the_old_mode(tmp_path: Path) -> None:
    path = tmp_path / "carte.json"
    path.write_text('{"format": "piu-freins", "v": 1}', encoding="utf-8")
    path.chmod(0o664)
    ecrire_atomique(path, '{"format": "piu-freins", "v": 2}', CARTE)
    assert stat.S_IMODE(path.stat().st_mode) == 0o664 and '"v": 2' in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_crash_or_ctrl_c_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               failure: BaseException) -> None:
    path = tmp_path / "carte.json"
    path.write_text('{"format": "piu-freins", "v": 1}', encoding="utf-8")
    before = path.read_bytes()

    def boom(*args: object) -> None:
        raise failure

    monkeypatch.setattr("piu.core.files.os.replace", boom)
    with pytest.raises((EcritureImpossible, KeyboardInterrupt)) as caught:
        ecrire_atomique(path, '{"format": "piu-freins", "v": 2}', CARTE)
    if isinstance(failure, OSError):
        assert "disque plein" in str(caught.value) and isinstance(caught.value, OSError | PiuError)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["carte.json"]


def test_an_unwritable_place_gives_a_french_message(tmp_path: Path) -> None:
    blocker = tmp_path / "pas-un-dossier"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(EcritureImpossible) as caught:
        ecrire_atomique(blocker / "carte.json", '{"format": "piu-freins"}', CARTE)
    message = str(caught.value)
    assert message.startswith("Impossible d'écrire") and "n'est pas un dossier" in message
    assert "Errno" not in message and isinstance(caught.value, OSError)


def test_extension_must_match_the_format(tmp_path: Path) -> None:
    with pytest.raises(FichierProtege, match=r"s'écrit dans un fichier \.docx, pas \.json"):
        ecrire_atomique(tmp_path / "mon-dossier.json", b"PK", NOTE)
    assert not (tmp_path / "mon-dossier.json").exists()


def test_a_saved_work_of_another_kind_is_never_replaced_even_with_ecraser(saved: Path) -> None:
    before = saved.read_bytes()
    for genre in (CARTE, genre_texte("un export GIFT", (".json",))):
        with pytest.raises(FichierProtege) as caught:
            ecrire_atomique(saved, '{"format": "piu-freins"}', genre, ecraser=True)
        assert "un dossier de projet (format piu-dossier)" in str(caught.value)
        assert "jamais remplacé" in str(caught.value)
    with pytest.raises(FichierProtege):  # without a kind named, the marker protects it too
        ecrire_atomique(saved, "du texte")
    assert saved.read_bytes() == before


def test_another_file_is_replaced_only_with_ecraser(tmp_path: Path) -> None:
    path = tmp_path / "note.docx"
    path.write_text("mes notes à moi", encoding="utf-8")
    with pytest.raises(FichierProtege, match="ajoutez --ecraser"):
        ecrire_atomique(path, b"PK\x03\x04...", NOTE)
    assert path.read_text(encoding="utf-8") == "mes notes à moi"
    ecrire_atomique(path, b"PK\x03\x04...", NOTE, ecraser=True)
    assert path.read_bytes().startswith(b"PK")


def test_a_file_of_the_same_kind_is_replaced(tmp_path: Path) -> None:
    page = genre_html("une note d'opportunité HTML")
    path = tmp_path / "note.html"
    path.write_text("<!DOCTYPE html><p>ancienne</p>", encoding="utf-8")
    ecrire_atomique(path, "<!DOCTYPE html><p>nouvelle</p>", page)
    assert "nouvelle" in path.read_text(encoding="utf-8")


def test_an_input_is_never_the_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "carte.json"
    path.write_text('{"format": "piu-freins"}', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lien.json").symlink_to(path)
    for written in (Path("carte.json"), tmp_path / "." / "carte.json", Path("lien.json")):
        with pytest.raises(FichierProtege, match="est le fichier lu"):
            ecrire_atomique(written, '{"format": "piu-freins", "v": 2}', CARTE, entrees=[path])
    assert path.read_text(encoding="utf-8") == '{"format": "piu-freins"}'


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    (tmp_path / "note.docx").mkdir()
    with pytest.raises(FichierProtege, match="est un dossier"):
        ecrire_atomique(tmp_path / "note.docx", b"PK", NOTE)


def test_markers_and_descriptions() -> None:
    assert marqueur(DOSSIER_TEXTE.encode()) == "piu-dossier"
    assert marqueur(b'{"version": 1, "reponses": {}}') == "piu-progres"  # progress files carry no marker
    assert marqueur(b"nom: x") is None and marqueur(b"\xff\xfe") is None and marqueur(b"[1]") is None
    assert decrire(b"") == "un fichier vide" and decrire(bytes(range(256))) == "un fichier binaire"
    assert raison(OSError(13, "Permission denied")) == "permission refusée"


def test_dossier_save_never_replaces_another_file(tmp_path: Path) -> None:
    carte = tmp_path / "ma-carte.json"
    carte.write_text('{"format": "piu-freins", "version": 1}', encoding="utf-8")
    with pytest.raises(PiuError, match="piu-freins"):
        dossier.ajouter_section("freins", "freins", {"freins": []}, fichier=carte)
    with pytest.raises(FichierProtege, match="une carte des freins"):
        dossier.enregistrer(dossier.nouveau(), carte)
    assert json.loads(carte.read_text(encoding="utf-8"))["format"] == "piu-freins"


def test_progress_never_moves_nor_overwrites_another_file(saved: Path, tmp_path: Path) -> None:
    before = saved.read_bytes()
    with pytest.raises(FichierProtege, match="pas une progression"):
        progress.enregistrer("m1-q", 1, True, fichier=saved)
    assert saved.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["mon-dossier.json"]
    damaged = tmp_path / "progres.json"
    damaged.write_text("{tronqué", encoding="utf-8")
    with pytest.raises(FichierProtege, match="illisible"):  # reading sets nothing aside, creates nothing
        progress.lire(damaged)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mon-dossier.json", "progres.json"]
    assert not any(p.suffix == ".lock" for p in tmp_path.iterdir()) and os.path.exists(damaged)
