"""Vehicle comparator: data complete and sourced, hard constraints, forms render in the book."""

from __future__ import annotations

from datetime import date

import pytest

from piu.cooperation.formulaires import comparateur, simulateur_scic
from piu.cooperation.vehicules import Situation, comparer_vehicules, situation_depuis, vehicules
from piu.core import data
from piu.core.errors import PiuError

EXPECTED = {"scic", "sem", "spl", "semop", "gip", "association", "scop", "sas-esus", "fonciere"}


def verdicts(**needs: bool) -> dict[str, str]:
    return {c.id: c.verdict for c in comparer_vehicules(Situation(**needs))}


@pytest.mark.parametrize(("jour", "public_cap"), [
    (date(2001, 7, 18), "20 %"), (date(2010, 1, 1), "20 %"), (date(2014, 8, 1), "20 %"),
    (date(2014, 8, 2), "50 %"), (date(2020, 1, 1), "50 %"), (date(2026, 11, 25), "50 %"),
])
def test_scic_is_compared_on_every_day_since_2001_with_the_rule_of_that_day(jour, public_cap):
    table = vehicules(jour)
    scic = table[table["id"] == "scic"]
    assert len(scic) == 1 and public_cap in scic.iloc[0]["part_publique"]
    assert ("3DS" in scic.iloc[0]["part_publique"]) is (jour >= date(2022, 2, 23))
    assert "scic" in {c.id for c in comparer_vehicules(Situation(), jour)}


def test_no_scic_before_2001():
    assert "scic" not in {c.id for c in comparer_vehicules(Situation(), date(2000, 1, 1))}


def test_every_vehicle_is_there_with_basis_and_sourced_example():
    table = vehicules()
    assert set(table["id"]) == EXPECTED
    for row in table.itertuples():
        assert row.base_legale and row.exemple and row.exemple_url.startswith("https://")


def test_no_need_keeps_everything_adapted():
    assert set(verdicts().values()) == {"adapté"}


def test_minority_rules_out_nothing_public_bodies_only_with_reserves():
    # Issue 11: a collectivité may be a minority shareholder of an SPL, a SEM or a GIP next to
    # other public partners (Ville de Lyon, 10 % of SPL Lyon Part-Dieu). The old assertion
    # (all three « écarté ») taught a legal error.
    result = verdicts(collectivite_minoritaire=True)
    assert not {k for k, v in result.items() if v == "écarté"}
    assert result["sem"] == result["spl"] == result["gip"] == "possible avec réserves"
    assert result["scic"] == result["semop"] == "adapté"
    spl = next(c for c in comparer_vehicules(Situation(collectivite_minoritaire=True)) if c.id == "spl")
    assert any("autres personnes publiques" in r for r in spl.contre)



def test_without_competition_only_spl_and_gip_remain_and_with_reserves():
    result = verdicts(confier_sans_concurrence=True)
    assert {k for k, v in result.items() if v != "écarté"} == {"spl", "gip"}
    assert result["spl"] == "possible avec réserves"


def test_private_partners_rule_out_spl():
    assert verdicts(partenaires_prives=True)["spl"] == "écarté"


def test_capital_entry_rules_out_commercial_companies():
    result = verdicts(entrer_au_capital=True)
    assert result["scop"] == result["sas-esus"] == "écarté"
    assert result["scic"] == "adapté"


def test_cargo_bike_situation_puts_scic_first():
    best = comparer_vehicules(Situation(collectivite_minoritaire=True, partenaires_prives=True,
                                        activite_economique=True, voix_salaries=True,
                                        usagers_associes=True, entrer_au_capital=True))
    assert best[0].id == "scic" and best[0].verdict == "adapté"
    assert all(c.verdict != "adapté" for c in best[1:])


def test_reasons_are_given():
    for c in comparer_vehicules(Situation(collectivite_minoritaire=True, activite_economique=True)):
        assert c.pour or c.contre
        if c.verdict == "écarté":
            assert c.contre


def test_unknown_need_is_refused_in_french():
    with pytest.raises(PiuError, match="besoins possibles"):
        situation_depuis(rester_minoritaire=True)
    assert comparateur(rester_minoritaire=True) is None


def test_forms_carry_an_html_rendering_for_the_book():
    form = comparateur(collectivite_minoritaire=True)
    bundle = form._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "Société coopérative d'intérêt collectif" in bundle["text/html"]
    sim = simulateur_scic()
    html = sim._repr_mimebundle_()["text/html"]
    assert "conforme" in html and "Qui peut bloquer" in html


def test_simulator_form_reports_bad_yaml_without_raising():
    sim = simulateur_scic()
    sim.editor.value = "nom: X\nforme: SAS\nassocies:\n  - nom: A\n    categorie: robots\n    capital: 1\n"
    sim.update(charts=False)
    assert "robots" in sim.result.value and "ligne 5" in sim.result.value
    sim.editor.value = sim.editor.value.replace("robots", "salaries")
    sim.tmo.value = "abc"
    sim.update(charts=False)
    assert "TMO" in sim.result.value


def test_simulator_form_never_shows_a_traceback(monkeypatch):
    sim = simulateur_scic()
    sim.editor.value = "nom: X\nforme: SAS\nassocies: &a [ {nom: A, categorie: salaries, capital: 1}, *a ]\n"
    sim.update(charts=False)
    assert "renvois YAML" in sim.result.value and "ligne 3" in sim.result.value

    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("piu.cooperation.formulaires.rapport_scic_html", broken)
    sim.editor.value = simulateur_scic().editor.value
    sim.update(charts=False)
    assert "impossible à traiter" in sim.result.value and "Traceback" not in sim.result.value


def test_cards_show_governance_in_house_uses_and_sourced_examples():
    html = comparateur()._repr_mimebundle_()["text/html"]
    for part in ("Gouvernance\u00a0:", "Contrats «\u00a0in house\u00a0»\u00a0:", "Usages\u00a0:", "Source\u00a0: <a href=\"https://",
                 "Toutenvélo", "Mobicoop", "Citiz", "Villages Vivants", "Base Commune",
                 "lesepl.fr/epl-en-action/lyon-confluence"):
        assert part in html, part
    scic = next(c for c in comparer_vehicules(Situation()) if c.id == "scic")
    assert scic.in_house == "non" and len(scic.exemples) >= 6
    assert all(e.source and e.url.startswith("http") for e in scic.exemples)


def test_every_extra_example_names_a_known_vehicle_and_a_source():
    extra = data.table("exemples_vehicules")
    assert set(extra["vehicule"]) <= EXPECTED
    assert extra["source"].str.len().min() > 10


def test_foncière_and_sem_examples_cite_specific_pages_not_home_pages():
    table = vehicules().set_index("id")
    for vid in ("sem", "fonciere"):
        for column in ("exemple_url", "url"):
            path = table.loc[vid, column].split("://", 1)[1].split("/", 1)[1:]
            assert path and path[0], (vid, column)
        assert "urbanitesblog" not in table.loc[vid, "exemple_url"]


def test_scop_figures_are_marked_to_be_checked():
    assert "à vérifier" in vehicules().set_index("id").loc["scop", "part_publique"]


def test_every_card_where_a_collectivite_sits_carries_the_deport_vigilance():
    cards = {c.id: c for c in comparer_vehicules(Situation(), date(2026, 6, 1))}
    for vid in ("scic", "sem", "spl", "semop", "gip", "association", "fonciere"):
        assert any("L1111-6" in v and "432-12" in v for v in cards[vid].vigilances), vid
        assert "Point de vigilance" in cards[vid].texte()
    for vid in ("scop", "sas-esus"):
        assert cards[vid].vigilances == ()
    form = comparateur()
    assert "Point de vigilance" in form._repr_mimebundle_()["text/html"]


def test_scic_legal_basis_names_its_articles():
    row = data.ligne("vehicules", "scic", date(2026, 6, 1))
    assert "19 septies" in row["base_legale"] and "19 decies" in row["base_legale"]
