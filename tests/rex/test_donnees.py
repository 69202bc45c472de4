"""The REX deck: every card is real, complete, sourced, and its schema is one JSON Schema.

The checker of :mod:`piu.rex.fiche` reads ``data/rex/schema.json`` itself (it must run in the
browser, where ``jsonschema`` is absent); ``jsonschema`` here proves that both readings agree.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

import jsonschema
import pytest
import yaml

from piu.rex import charger_jeu, lire_fiche, verifier_fiche
from piu.rex.fiche import NON_PUBLIC, _plain
from piu.rex.jeu import CONTRATS, THEMES, _check_labels

ROOT = Path(__file__).resolve().parents[2]
DECK = sorted((ROOT / "data" / "rex").glob("*.yaml"))
SCHEMA = json.loads((ROOT / "data" / "rex" / "schema.json").read_text(encoding="utf-8"))


def test_the_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_deck_has_at_least_ten_real_cards_covering_every_theme() -> None:
    deck = charger_jeu()
    assert len(deck) >= 10
    assert {c["theme"] for c in deck} == set(THEMES)
    assert not any(c.get("fictive") for c in deck)
    assert [c["id"] for c in deck] == sorted(p.stem for p in DECK)


@pytest.mark.parametrize("path", DECK, ids=[p.stem for p in DECK])
def test_card_follows_the_schema_for_both_checkers(path: Path) -> None:
    raw = _plain(yaml.safe_load(path.read_text(encoding="utf-8")))
    jsonschema.Draft202012Validator(SCHEMA).validate(raw)
    assert verifier_fiche(lire_fiche(path), path.name).problemes == []
    assert raw["id"] == path.stem


@pytest.mark.parametrize("path", DECK, ids=[p.stem for p in DECK])
def test_every_source_is_filled_and_dated(path: Path) -> None:
    card = lire_fiche(path)
    assert card["sources"]
    for source in card["sources"]:
        assert all(str(source[k]).strip() for k in ("titre", "editeur", "url", "date", "consulte_le"))
        # Read on 03/12/2026; the Vendée sources added for issue 21 on 07/12/2026.
        assert source["consulte_le"] in ("2026-12-03", "2026-12-07")
        if source["url"] != "non publiée en ligne":
            assert urlparse(source["url"]).scheme in ("http", "https") and urlparse(source["url"]).netloc


@pytest.mark.parametrize("path", DECK, ids=[p.stem for p in DECK])
def test_people_are_named_only_with_the_source_where_they_spoke(path: Path) -> None:
    card = lire_fiche(path)
    contact = card["contact"]
    if "nom" in contact:
        assert contact["nom_source"] in [s["titre"] for s in card["sources"]]
    assert contact["role"] and contact["service"]


@pytest.mark.parametrize("path", DECK, ids=[p.stem for p in DECK])
def test_a_stated_population_names_its_source(path: Path) -> None:
    territory = lire_fiche(path)["territoire"]
    if isinstance(territory["population"], int):
        assert territory["population_source"] != NON_PUBLIC and len(territory["population_source"]) > 10
    else:
        assert territory["population"] == NON_PUBLIC


def test_labels_cover_exactly_the_schema_choices() -> None:
    _check_labels()
    assert list(CONTRATS) == SCHEMA["properties"]["contrat"]["properties"]["type"]["enum"]


def test_known_facts_of_the_lyon_card_agree_with_the_verified_sheet() -> None:
    card = lire_fiche(ROOT / "data" / "rex" / "ferme-de-lyon.yaml")
    assert card["contrat"]["type"] == "prise-de-participation"
    amount = card["contrat"]["montant"]
    # verified-facts.md: 150 k€ is the three collectivités' contribution, not the total capital.
    assert "150 000 €" in amount and "pas le capital total" in amount
    assert "100 000 €" in amount and "40 000 €" in amount and "10 000 €" in amount
