"""The « carte des freins »: a known set of ratings gives the expected action list; bad input
gets a French message naming what is wrong; saved files round-trip; the group merge survives a
malformed file; the ``piu freins`` command exits 0, or 2 when nothing can be read."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from piu.core.cli import main
from piu.core.errors import PiuError
from piu.freins.besoin import BesoinInvalide, besoin_depuis_donnees, rediger_besoin
from piu.freins.carte import (
    ACTION_PROPRE,
    CarteInvalide,
    carte_des_freins,
    lire_note,
    section_depuis_donnees,
    texte_carte,
)
from piu.freins.fichier import (
    ResultatIllisible,
    enregistrer_resultat,
    lire_resultat,
    lire_texte_resultat,
)
from piu.freins.fusion import FusionImpossible, fichiers_exemple, fusionner, fusionner_fichiers

PROPRE = {"libelle": "Bail précaire de trois ans", "groupe": "territoires", "note": 3}


def _case() -> dict:
    return carte_des_freins("Livraisons à vélo", {
        "temporalite-politique": 1, "limites-commande-publique": "bloque",
        "temporalite-projets": "2", "criteres-choisir": None}, [PROPRE])


# --- one project's map ---------------------------------------------------------------------

def test_a_known_set_of_barriers_gives_the_expected_action_list() -> None:
    section = _case()
    assert [(a["rang"], a["frein_id"], a["note"], a["module"], a["regle"]) for a in section["actions"]] == [
        (1, "limites-commande-publique", 3, 3, "CCP art. R2122-9-1"),
        (2, "propre-1", 3, None, ""),
        (3, "temporalite-projets", 2, 1, "CCP art. R2122-9-1"),
        (4, "temporalite-politique", 1, 6, "CCP art. R2172-31"),
    ]
    assert section["actions"][1]["action"] == ACTION_PROPRE
    assert section["actions"][0]["modules"] == [3]
    assert section["actions"][3]["regles"] == ["CCP art. R2172-31"]
    assert "criteres-choisir" not in {f["id"] for f in section["freins"]}  # not ticked


def test_the_section_has_exactly_the_shared_contract_keys() -> None:
    section = _case()
    assert set(section) == {"projet", "freins", "actions"}
    for f in section["freins"]:
        assert set(f) == {"id", "groupe", "libelle", "note", "propre"}
        assert isinstance(f["note"], int) and 1 <= f["note"] <= 3 and isinstance(f["propre"], bool)
    for a in section["actions"]:
        assert {"rang", "frein", "action", "module", "regle"} <= set(a)
        assert isinstance(a["rang"], int) and (a["module"] is None or isinstance(a["module"], int))
        assert isinstance(a["frein"], str) and isinstance(a["regle"], str)
    assert json.loads(json.dumps(section)) == section
    assert section["freins"][-1] == {"id": "propre-1", "groupe": "territoires",
                                     "libelle": "Bail précaire de trois ans", "note": 3, "propre": True}


def test_the_text_lists_the_actions_with_module_and_rule() -> None:
    text = texte_carte(_case()).replace("\u00a0", " ").replace("\u202f", " ")
    assert "1. [bloque] les limites posées par la commande publique" in text
    assert "(module 3 ; CCP art. R2122-9-1)" in text
    assert "\u00a0: " in texte_carte(_case())  # French typography in what the learner reads
    assert texte_carte(carte_des_freins("Vide")).endswith("cochez et notez les freins de votre projet.")


@pytest.mark.parametrize(("typed", "note"), [
    (3, 3), ("3", 3), (" 2 ", 2), ("bloque", 3), ("Gêne", 1), ("FREINE", 2), ("gene", 1),
    (None, None), ("", None), (0, None), ("0", None),
])
def test_ratings_are_read_the_way_people_type_them(typed, note) -> None:
    assert lire_note(typed) == note


@pytest.mark.parametrize("typed", [4, "4", -1, 2.5, "beaucoup", True, "3 ou 2"])
def test_a_wrong_rating_says_how_to_type_it(typed) -> None:
    with pytest.raises(CarteInvalide, match=r"tapez 1 \(gêne\), 2 \(freine\) ou 3 \(bloque\)"):
        carte_des_freins("P", {"anticiper": typed})


def test_an_unknown_barrier_suggests_the_close_ones() -> None:
    with pytest.raises(CarteInvalide, match=r"« pistes-cyclabes » inconnu.*pistes-cyclables"):
        carte_des_freins("P", {"pistes-cyclabes": 2})
    with pytest.raises(CarteInvalide, match="piu freins liste"):
        carte_des_freins("P", {"zzz": 2})


@pytest.mark.parametrize(("entry", "message"), [
    ({"libelle": "  ", "groupe": "territoires", "note": 2}, "le libellé est vide"),
    ({"libelle": "x" * 201, "groupe": "territoires", "note": 2}, "201 caractères"),
    ({"libelle": "Bail", "groupe": "élus", "note": 2}, "groupe « élus » inconnu ; groupes possibles : acheteurs"),
    ({"libelle": "Bail", "groupe": "porteurs", "note": ""}, "donnez-lui une note de 1 à 3"),
    ("Bail", "attendu un libellé, un groupe et une note"),
])
def test_an_own_barrier_is_checked(entry, message) -> None:
    with pytest.raises(CarteInvalide, match=message):
        carte_des_freins("P", {}, [entry])


# --- saved files ---------------------------------------------------------------------------

def test_a_saved_map_reads_back_with_todays_levers(tmp_path: Path) -> None:
    section = _case()
    path = enregistrer_resultat(tmp_path / "freins.json", "freins", section, date(2026, 12, 3))
    content = json.loads(path.read_text(encoding="utf-8"))
    assert content == {"format": "piu-freins", "version": 1, "date": "2026-12-03", "donnees": section}
    content["donnees"]["actions"] = []  # stale or tampered actions are recomputed from the data
    path.write_text(json.dumps(content), encoding="utf-8")
    assert lire_resultat(path, "freins", section_depuis_donnees) == section


def test_saving_replaces_the_file_whole_or_not_at_all(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "freins.json"
    enregistrer_resultat(path, "freins", _case())
    before = path.read_text(encoding="utf-8")

    def crash(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(ResultatIllisible, match="Impossible d'écrire"):
        enregistrer_resultat(path, "freins", carte_des_freins("Autre"))
    assert path.read_text(encoding="utf-8") == before
    assert [p.name for p in tmp_path.iterdir()] == ["freins.json"]  # no temporary file left


def test_a_file_name_without_json_extension_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ResultatIllisible, match=r"extension \.json"):
        enregistrer_resultat(tmp_path / "freins.txt", "freins", _case())


def _wrapped(**changes) -> str:
    content = {"format": "piu-freins", "version": 1, "date": "2026-12-03", "donnees": _case()}
    content.update(changes)
    return json.dumps(content)


def _entry(**changes) -> str:
    donnees = _case()
    donnees["freins"][0].update(changes)
    return _wrapped(donnees=donnees)


@pytest.mark.parametrize(("text", "message"), [
    ("{pas du json", r"a\.json : fichier illisible \(ligne 1, colonne 2\)"),
    ("[1, 2]", "attendu un objet avec « format »"),
    (_wrapped(format="piu-besoin"), "format « piu-besoin » ; attendu « piu-freins »"),
    (json.dumps({"donnees": {}}), "champ « format » absent"),
    (_wrapped(version=2), "version « 2 » inconnue"),
    (_wrapped(date="03/12/2026"), "champ « date » « 03/12/2026 » illisible"),
    (json.dumps({"format": "piu-freins", "version": 1, "date": "2026-12-03"}), "champ « donnees » absent"),
    (_wrapped(donnees=[]), "attendu un objet avec « projet » et « freins »"),
    (_wrapped(donnees={"projet": "P"}), "champ « freins » absent"),
    (_entry(note=7), "freins n° 1, champ « note » : « 7 » n'est pas une note"),
    (_entry(propre="non"), "freins n° 1 : champ « propre » de type inattendu"),
    (_entry(id="inconnu"), "Frein « inconnu » inconnu"),
])
def test_a_bad_file_is_named_with_the_field_at_fault(text, message) -> None:
    with pytest.raises(ResultatIllisible, match=message):
        lire_texte_resultat(text.encode("utf-8"), "a.json", "freins", section_depuis_donnees)


def test_a_binary_or_missing_file_gets_a_message(tmp_path: Path) -> None:
    with pytest.raises(ResultatIllisible, match="pas un fichier texte"):
        lire_texte_resultat(b"\xff\xfe\x00", "image.png", "freins", section_depuis_donnees)
    with pytest.raises(ResultatIllisible, match="fichier introuvable"):
        lire_resultat(tmp_path / "absent.json", "freins", section_depuis_donnees)


def test_a_duplicated_barrier_is_refused() -> None:
    donnees = _case()
    donnees["freins"].append(dict(donnees["freins"][0]))
    with pytest.raises(ResultatIllisible, match="figure deux fois"):
        lire_texte_resultat(_wrapped(donnees=donnees), "a.json", "freins", section_depuis_donnees)


# --- the group map -------------------------------------------------------------------------

def _learners(tmp_path: Path) -> list[Path]:
    maps = [
        carte_des_freins("A", {"limites-commande-publique": 3, "anticiper": 1}, [PROPRE]),
        carte_des_freins("B", {"limites-commande-publique": 2, "criteres-choisir": 3},
                         [{**PROPRE, "libelle": "bail précaire de TROIS ans !", "note": 2}]),
        carte_des_freins("C", {"limites-commande-publique": 2, "anticiper": 2}),
    ]
    paths = [enregistrer_resultat(tmp_path / f"{s['projet']}.json", "freins", s) for s in maps]
    bad = tmp_path / "D.json"
    bad.write_text(paths[0].read_text(encoding="utf-8")[:120], encoding="utf-8")
    return [*paths, bad]


def test_the_merge_counts_participants_averages_and_orders_levers(tmp_path: Path) -> None:
    carte = fusionner_fichiers(_learners(tmp_path))
    assert carte["participants"] == 3 and carte["projets"] == ["A", "B", "C"]
    assert [(a["frein_id"], a["participants"], a["note_moyenne"]) for a in carte["actions"]] == [
        ("limites-commande-publique", 3, 2.3),
        ("propre-1", 2, 2.5),
        ("anticiper", 2, 1.5),
        ("criteres-choisir", 1, 3.0),
    ]
    assert [a["rang"] for a in carte["actions"]] == [1, 2, 3, 4]
    assert carte["actions"][0]["module"] == 3 and carte["actions"][0]["regle"] == "CCP art. R2122-9-1"
    own = next(f for f in carte["freins"] if f["propre"])
    assert own["libelle"] == "Bail précaire de trois ans" and own["notes"] == [3, 2]
    assert [i["fichier"] for i in carte["ignores"]] == ["D.json"]
    assert "D.json : fichier illisible" in carte["ignores"][0]["raison"]
    assert json.loads(json.dumps(carte)) == carte


def test_the_merge_fails_only_when_nothing_can_be_read(tmp_path: Path) -> None:
    bad = _learners(tmp_path)[-1]
    with pytest.raises(FusionImpossible, match=r"(?s)Aucune carte des freins n'a pu être lue.*D\.json"):
        fusionner_fichiers([bad, tmp_path / "absent.json"])
    with pytest.raises(FusionImpossible, match="aucun fichier donné"):
        fusionner_fichiers([])


def test_uploaded_files_merge_like_paths(tmp_path: Path) -> None:
    paths = _learners(tmp_path)
    uploaded = [(p.name, p.read_bytes()) for p in paths]
    assert fusionner_fichiers(uploaded) == fusionner_fichiers(paths)


def test_the_notebook_example_files_hold_two_maps_and_two_broken_files() -> None:
    carte = fusionner_fichiers(fichiers_exemple())
    assert carte["participants"] == 2
    reasons = {i["fichier"]: i["raison"] for i in carte["ignores"]}
    assert set(reasons) == {"participant-3-modifie.json", "participant-4-tronque.json"}
    assert "« 5 » n'est pas une note" in reasons["participant-3-modifie.json"]


def test_one_participant_counts_once_per_barrier() -> None:
    section = carte_des_freins("A", {}, [PROPRE, {**PROPRE, "note": 1}])
    carte = fusionner([section])
    assert carte["freins"][0]["participants"] == 1 and carte["freins"][0]["notes"] == [3]


# --- the command ---------------------------------------------------------------------------

def test_command_merges_and_names_the_malformed_file(tmp_path: Path, capsys) -> None:
    files = [str(p) for p in _learners(tmp_path)]
    out = tmp_path / "groupe.json"
    assert main(["freins", "fusionner", *files, "--sortie", str(out), "--json"]) == 0
    captured = capsys.readouterr()
    assert "fichier écarté : D.json" in captured.err
    assert json.loads(captured.out)["participants"] == 3
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "piu-freins-groupe"
    assert main(["freins", "fusionner", files[-1]]) == 2
    assert "Aucune carte des freins n'a pu être lue" in capsys.readouterr().err


def test_command_rates_from_a_yaml_file_and_saves(tmp_path: Path, capsys) -> None:
    src = tmp_path / "notes.yaml"
    src.write_text("projet: Vélo\nnotes:\n  prise-au-serieux: 3\n  pistes-cyclables: freine\n"
                   "propres:\n  - libelle: Bail\n    groupe: territoires\n    note: 1\n", encoding="utf-8")
    out = tmp_path / "carte.json"
    assert main(["freins", "carte", str(src), "--sortie", str(out)]) == 0
    text = capsys.readouterr().out
    assert text.index("prise au sérieux") < text.index("pistes cyclables") < text.index("Bail")
    assert main(["freins", "carte", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["freins"][0]["id"] == "prise-au-serieux"


@pytest.mark.parametrize(("content", "message"), [
    ("projet: [", "ligne"),
    ("- une liste", "attendu « projet », « notes »"),
    ("projet: P\nnote:\n  anticiper: 2\n", "champ(s) inconnu(s) : note"),
    ("projet: P\nnotes: [anticiper]\n", "« notes » doit lister"),
    ("projet: P\nnotes:\n  anticiper: 9\n", "notes.yaml : frein « anticiper » : « 9 » n'est pas une note"),
])
def test_command_bad_input_exits_2_with_a_message(tmp_path: Path, capsys, content, message) -> None:
    src = tmp_path / "notes.yaml"
    src.write_text(content, encoding="utf-8")
    assert main(["freins", "carte", str(src)]) == 2
    assert message in capsys.readouterr().err


def test_command_lists_the_barriers(capsys) -> None:
    assert main(["freins", "liste", "--groupe", "territoires", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == ["anticiper", "dialogue-acteurs", "cadre-adequat"]
    assert main(["freins", "liste", "--groupe", "elus"]) == 2


# --- the need as a use ---------------------------------------------------------------------

GOOD = dict(usage="Les commerces du centre ancien reçoivent leurs marchandises chaque matin.",
            usagers="Les commerces du centre ancien", resultat_attendu="Moins de bruit et d'encombrement.",
            mesure="Livraisons en camionnette : de 40 à 10 par jour.")


def test_a_need_written_as_a_use_has_the_contract_shape_and_no_advice() -> None:
    redige = rediger_besoin(**GOOD)
    assert list(redige.section) == ["usage", "usagers", "resultat_attendu", "mesure", "contraintes"]
    assert redige.section["contraintes"] == "" and redige.conseils == ()
    assert besoin_depuis_donnees(redige.section) == redige.section


def test_a_need_written_as_a_solution_gets_advice() -> None:
    redige = rediger_besoin(**{**GOOD, "usage": "Acheter des vélos cargos électriques",
                               "mesure": "le nombre de livraisons"})
    assert len(redige.conseils) == 2
    assert "acheter" in redige.conseils[0] and "velos cargos" in redige.conseils[0]
    assert "pas de chiffre" in redige.conseils[1]


def test_a_need_with_empty_fields_names_them_all() -> None:
    with pytest.raises(BesoinInvalide, match="À compléter : les usagers : qui, où ; la mesure"):
        rediger_besoin(**{**GOOD, "usagers": " ", "mesure": ""})
    with pytest.raises(BesoinInvalide, match="trop long"):
        rediger_besoin(**{**GOOD, "usage": "mot " * 400})
    with pytest.raises(PiuError, match="du texte est attendu"):
        besoin_depuis_donnees({**GOOD, "mesure": 40})
