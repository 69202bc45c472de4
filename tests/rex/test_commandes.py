"""``piu rex``: filters, « territoires similaires » first, JSON shape, exit statuses, bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from piu.core.cli import main
from piu.core.errors import PiuError
from piu.rex import charger_jeu, selectionner

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "data" / "rex" / "ferme-de-lyon.yaml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def cards(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict]:
    status, out, _ = run(capsys, "rex", *argv, "--json")
    assert status == 0
    return json.loads(out)["cartes"]


def test_json_lists_every_card_with_the_promised_keys(capsys):
    listed = cards(capsys)
    assert len(listed) == len(charger_jeu()) >= 10
    for card in listed:
        assert {"id", "collectivite", "population", "theme", "contrat", "sources"} <= set(card)
        assert card["sources"] and all(s["url"] and s["consulte_le"] for s in card["sources"])


def test_theme_and_contract_filters(capsys):
    bikes = cards(capsys, "--theme", "cyclologistique")
    assert bikes and {c["theme"] for c in bikes} == {"cyclologistique"}
    assert "toutenvelo-marseille" in [c["id"] for c in bikes]
    equity = cards(capsys, "--contrat", "prise-de-participation")
    assert {c["id"] for c in equity} >= {"ferme-de-lyon", "vendee-metropolys"}
    assert {c["contrat"] for c in equity} == {"prise-de-participation"}
    assert cards(capsys, "--theme", "agriculture-urbaine", "--contrat", "achat-innovant") == []


def test_similar_territories_come_first_for_a_town_of_85_000(capsys):
    ranked = cards(capsys, "--population", "85 000", "--type", "commune")
    assert ranked[0]["id"] == "aulnay-quartiers-innovation" and ranked[0]["similaire"] is True
    flags = [c["similaire"] for c in ranked]
    assert flags == sorted(flags, reverse=True)  # every similar card before every other one
    unknown = [i for i, c in enumerate(ranked) if c["population"] is None]
    known = [i for i, c in enumerate(ranked) if c["population"] is not None]
    assert max(known) < min(unknown)  # population not public: last


def test_a_village_finds_the_village_first(capsys):
    ranked = cards(capsys, "--population", "900", "--type", "commune")
    assert ranked[0]["id"] == "pellevoisin-murs-commerciaux" and ranked[0]["similaire"] is True
    assert [c["id"] for c in ranked if c["similaire"]] == ["pellevoisin-murs-commerciaux"]


def test_similar_territories_for_a_large_metropolis(capsys):
    ranked = cards(capsys, "--population", "1 400 000", "--type", "metropole")
    first = [c["id"] for c in ranked if c["similaire"]]
    assert first[:2] == ["ferme-de-lyon", "saint-fons-logistique-chantier"]  # same population, same type
    assert "aulnay-quartiers-innovation" not in first  # a town of 85 000 is not similar


def test_ranking_rule_on_the_engine():
    deck = charger_jeu()
    by_type = selectionner(deck, type_territoire="departement")
    assert by_type[0].carte["territoire"]["type"] == "departement" and by_type[0].similaire
    assert all(c.similaire is None for c in selectionner(deck))
    assert [c.carte["id"] for c in selectionner(deck, population=1_424_069)][:1] == ["ferme-de-lyon"]


def test_text_output_marks_similar_territories_and_states_the_rule(capsys):
    status, out, _ = run(capsys, "rex", "--population", "85000")
    assert status == 0 and "[territoire similaire] aulnay-quartiers-innovation" in out
    assert "Territoires similaires : même classe de population" in out


@pytest.mark.parametrize(("argv", "expected"), [
    (["--population", "beaucoup"], "Population « beaucoup » illisible"),
    (["--population", "-3"], "un nombre entier d'habitants, au moins 1"),
    (["--population", "12,5"], "un nombre entier d'habitants"),
    (["--theme", "mobilite"], "choix « mobilite » inconnu"),
    (["--contrat", "gre-a-gre"], "choix « gre-a-gre » inconnu"),
    (["--type", "village"], "choix « village » inconnu"),
    (["--couleur"], "option ou argument inconnu"),
])
def test_bad_input_exits_2_with_a_french_message(capsys, argv, expected):
    status, out, err = run(capsys, "rex", *argv)
    assert status == 2 and out == "" and expected in err and "Traceback" not in err


def test_engine_rejects_unknown_choices():
    with pytest.raises(PiuError, match="Thème « vélo » inconnu ; choix possibles : cyclologistique"):
        selectionner(charger_jeu(), theme="vélo")


def test_verifier_exit_statuses(capsys, tmp_path):
    status, out, _ = run(capsys, "rex", "verifier", str(GOOD))
    assert status == 0 and "conforme" in out
    bad = tmp_path / "ma-fiche.yaml"
    bad.write_text(GOOD.read_text(encoding="utf-8").replace("theme: agriculture-urbaine", "theme: ferme"),
                   encoding="utf-8")
    status, out, _ = run(capsys, "rex", "verifier", str(bad), "--json")
    payload = json.loads(out)
    assert status == 1 and payload["conforme"] is False
    assert payload["problemes"] == ["« Thème » (theme) : « ferme » n'est pas un choix possible ; choix : "
                                    "cyclologistique, agriculture-urbaine, fonciere-commerce, living-lab, "
                                    "achat-innovant."]
    (tmp_path / "casse.yaml").write_text("titre: [pas fermé\n", encoding="utf-8")
    for path in (tmp_path / "casse.yaml", tmp_path / "absente.yaml"):
        status, out, err = run(capsys, "rex", "verifier", str(path))
        assert status == 2 and out == "" and err.startswith("piu : ")


@pytest.fixture
def course_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of data/ so that ``ajouter`` never touches the real deck."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.setenv("PIU_RACINE", str(tmp_path))
    return tmp_path


def test_trainer_adds_a_good_card_and_cannot_clobber_one(capsys, course_copy, tmp_path):
    new = tmp_path / "nouvelle.yaml"
    new.write_text(GOOD.read_text(encoding="utf-8").replace("id: ferme-de-lyon", "id: ferme-de-lyon-bis"),
                   encoding="utf-8")
    status, out, _ = run(capsys, "rex", "ajouter", str(new))
    assert status == 0 and "ajoutée au jeu" in out
    assert (course_copy / "data" / "rex" / "ferme-de-lyon-bis.yaml").exists()
    assert "ferme-de-lyon-bis" in [c["id"] for c in charger_jeu()]
    before = (course_copy / "data" / "rex" / "ferme-de-lyon.yaml").read_text(encoding="utf-8")
    status, _, err = run(capsys, "rex", "ajouter", str(GOOD))
    assert status == 2 and "existe déjà" in err and "--remplacer" in err
    assert (course_copy / "data" / "rex" / "ferme-de-lyon.yaml").read_text(encoding="utf-8") == before


def test_trainer_cannot_add_an_invented_or_broken_card(capsys, course_copy, tmp_path):
    invented = tmp_path / "inventee.yaml"
    invented.write_text(GOOD.read_text(encoding="utf-8").replace("id: ferme-de-lyon", "id: inventee")
                        + "fictive: true\n", encoding="utf-8")
    status, _, err = run(capsys, "rex", "ajouter", str(invented))
    assert status == 2 and "fiche inventée" in err
    broken = tmp_path / "cassee.yaml"
    broken.write_text("id: cassee\ntitre: Une fiche sans rien\n", encoding="utf-8")
    status, out, _ = run(capsys, "rex", "ajouter", str(broken))
    assert status == 1 and "n'est pas ajoutée" in out
    assert not (course_copy / "data" / "rex" / "inventee.yaml").exists()
    assert not (course_copy / "data" / "rex" / "cassee.yaml").exists()


def test_a_broken_deck_file_is_reported_by_name(capsys, course_copy):
    (course_copy / "data" / "rex" / "zz-cassee.yaml").write_text("id: autre\n", encoding="utf-8")
    status, _, err = run(capsys, "rex")
    assert status == 2 and "zz-cassee.yaml" in err and "non conforme" in err
