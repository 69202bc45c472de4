"""« Passer à l'échelle » : can a contract absorb an extension (R2194-8, R2194-9), on a date.

Hidden cases with the figures of the reference sheet typed here, not read from data/: a change in
data/ that breaks the rule fails here. Bad input gives exit status 2 and a French message.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piu.core import data
from piu.core.cli import main
from piu.experimentation import examiner_modification, passer_a_l_echelle
from piu.experimentation.modification import cas_de_modification
from piu.procedures.conseil import BesoinInvalide


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


# (nature, initial, modification, earlier, date, acheteur) -> absorbed?, reason checked
HIDDEN = [
    # 10 % of 120 000 = 12 000: 11 999 passes, 12 000 fails (strict), 12 001 fails
    ("services", 120_000, 11_999, 0, "2026-09-01", "collectivite", True),
    ("services", 120_000, 12_000, 0, "2026-09-01", "collectivite", False),
    ("fournitures", 120_000, 12_001, 0, "2026-09-01", "collectivite", False),
    # works: 15 % of 1 000 000 = 150 000
    ("travaux", 1_000_000, 149_999, 0, "2026-09-01", "collectivite", True),
    ("travaux", 1_000_000, 150_000, 0, "2026-09-01", "collectivite", False),
    # a 12 % change of a works contract passes (15 %), not of a services contract (10 %)
    ("travaux", 500_000, 60_000, 0, "2026-09-01", "collectivite", True),
    ("services", 500_000, 60_000, 0, "2026-09-01", "collectivite", False),
    # EU threshold, services, collectivités: 216 000 (2026-2027), 221 000 (2024-2025)
    ("services", 3_000_000, 215_999, 0, "2026-01-01", "collectivite", True),
    ("services", 3_000_000, 216_000, 0, "2026-01-01", "collectivite", False),
    ("services", 3_000_000, 216_000, 0, "2025-12-31", "collectivite", True),
    ("services", 3_000_000, 221_000, 0, "2025-12-31", "collectivite", False),
    # État: 140 000 in 2026
    ("services", 3_000_000, 150_000, 0, "2026-06-01", "etat", False),
    ("services", 3_000_000, 150_000, 0, "2026-06-01", "collectivite", True),
    # works EU threshold 5 404 000 (2026), 5 538 000 (2025)
    ("travaux", 60_000_000, 5_450_000, 0, "2026-03-01", "collectivite", False),
    ("travaux", 60_000_000, 5_450_000, 0, "2025-03-01", "collectivite", True),
    # R2194-9: successive small modifications add up
    ("services", 300_000, 20_000, 5_000, "2026-09-01", "collectivite", True),
    ("services", 300_000, 20_000, 10_000, "2026-09-01", "collectivite", False),
    ("services", 300_000, 25_000, 10_000, "2026-09-01", "collectivite", False),
]


@pytest.mark.parametrize(("nature", "initial", "modif", "before", "day", "buyer", "ok"), HIDDEN)
def test_hidden_cases(nature, initial, modif, before, day, buyer, ok):
    result = examiner_modification(nature, initial, modif, day, acheteur=buyer,
                                   modifications_anterieures=before)
    assert result.faible_montant is ok
    assert result.cumul == modif + before
    if not ok:
        assert result.autres_voies, "a refusal must point to the other routes"
        assert any("R2194-1" in v for v in result.autres_voies)
        assert any("R2111-2" in v for v in result.autres_voies)


def test_the_reasons_name_the_limit_that_failed():
    over_pct = examiner_modification("services", 120_000, 12_000, "2026-09-01")
    assert not over_pct.sous_pourcentage and over_pct.sous_seuil_europeen
    assert "10 %" in _plain(over_pct.raisons[0]) and "stricte" in over_pct.raisons[0]
    over_eu = examiner_modification("services", 3_000_000, 216_000, "2026-09-01")
    assert over_eu.sous_pourcentage and not over_eu.sous_seuil_europeen
    assert "216 000" in _plain(over_eu.raisons[1])
    cumulated = examiner_modification("services", 300_000, 20_000, "2026-09-01",
                                      modifications_anterieures=10_000)
    assert any("R2194-9" in r for r in cumulated.raisons)
    assert cumulated.raisons[0].startswith("Les modifications cumulées")


def test_the_50_percent_limit_of_additional_services_is_quoted_not_granted():
    result = examiner_modification("services", 200_000, 90_000, "2026-09-01")
    assert result.limite_supplementaires == 100_000
    assert not result.faible_montant
    assert any("R2194-3" in v and "100 000" in _plain(v) for v in result.autres_voies)


def test_nature_globale_is_always_recalled():
    for case in HIDDEN:
        result = examiner_modification(case[0], case[1], case[2], case[4], acheteur=case[5],
                                       modifications_anterieures=case[3])
        assert any("nature globale" in r for r in result.raisons)


@given(initial=st.integers(10_000, 2_000_000), share=st.floats(0.0001, 0.4),
       nature=st.sampled_from(["services", "fournitures", "travaux"]))
def test_property_matches_the_rule(initial, share, nature):
    modif = round(initial * share, 2) or 1
    result = examiner_modification(nature, initial, modif, "2026-09-01")
    pct = 15 if nature == "travaux" else 10
    eu = 5_404_000 if nature == "travaux" else 216_000
    assert result.faible_montant is (modif < initial * pct / 100 and modif < eu)


def test_the_table_holds_every_case_of_l2194_1_with_its_limits():
    cases = {c["id"]: c for c in cas_de_modification("2026-09-01")}
    assert set(cases) == {"clause-reexamen", "prestations-supplementaires",
                          "circonstances-imprevues", "nouveau-titulaire", "non-substantielle",
                          "faible-montant-fournitures-services", "faible-montant-travaux"}
    assert cases["faible-montant-fournitures-services"]["limite_pct"] == 10
    assert cases["faible-montant-travaux"]["limite_pct"] == 15
    assert cases["prestations-supplementaires"]["limite_pct"] == 50
    assert cases["clause-reexamen"]["limite_pct"] is None
    assert "R2194-8" in cases["faible-montant-travaux"]["base_legale"]
    assert "R2194-1" in cases["clause-reexamen"]["base_legale"]
    frame = data.table("modifications")
    assert (frame["valid_from"].astype(str) == "2019-04-01").all()


def test_before_the_code_there_is_no_answer():
    with pytest.raises(BesoinInvalide, match="01/04/2019"):
        examiner_modification("services", 100_000, 1_000, "2019-03-31")


@pytest.mark.parametrize(("args", "message"), [
    (("velo", 100_000, 1_000), "Nature « velo » inconnue"),
    (("services", "abc", 1_000), "Montant initial du marché illisible"),
    (("services", 100_000, "beaucoup"), "Montant de la modification illisible"),
    (("services", 100_000, 0), "montant positif"),
    (("services", -5, 1_000), "montant positif"),
    (("services", 100_000, 1_000, "01/09/2026"), "AAAA-MM-JJ"),
])
def test_bad_input_gives_a_french_message(args, message):
    with pytest.raises(BesoinInvalide, match=message):
        examiner_modification(*args)


def test_unknown_buyer_and_bad_earlier_amount():
    with pytest.raises(BesoinInvalide, match="Acheteur « mairie » inconnu"):
        examiner_modification("services", 100_000, 1_000, "2026-09-01", acheteur="mairie")
    with pytest.raises(BesoinInvalide, match="Modifications antérieures"):
        examiner_modification("services", 100_000, 1_000, "2026-09-01",
                              modifications_anterieures="-3")


# --- the command ---------------------------------------------------------------------------


def test_command_json(capsys):
    assert main(["modification", "--nature", "travaux", "--initial", "1 000 000",
                 "--modification", "149 999", "--date", "2026-09-01", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["faible_montant"] is True
    assert out["plafond_pct"] == 15
    assert out["seuil_europeen"]["montant_ht"] == 5_404_000
    assert out["autres_voies"] == []


def test_command_text_and_cumul(capsys):
    assert main(["modification", "--nature", "services", "--initial", "300 000",
                 "--modification", "20 000", "--anterieures", "10 000",
                 "--date", "2026-09-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Non : ce n'est pas une modification de faible montant")
    assert "R2194-9" in out and "R2111-2" in out


@pytest.mark.parametrize("argv", [
    ["modification", "--nature", "services", "--initial", "abc", "--modification", "1"],
    ["modification", "--nature", "velo", "--initial", "1", "--modification", "1"],
    ["modification", "--nature", "services", "--initial", "100", "--modification", "1",
     "--date", "2026-02-30"],
    ["modification", "--nature", "services", "--initial", "100"],
])
def test_command_bad_input_exits_2_in_french(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("piu :")
    assert "usage" not in err.lower() or "utilisation" in err


# --- the form ------------------------------------------------------------------------------


def test_form_shows_the_verdict_and_errors():
    form = passer_a_l_echelle(nature="travaux", initial="1 000 000", modification="150 000",
                              date="2026-09-01")
    assert "Non" in form.result.value and "15 %" in _plain(form.result.value)
    form.modification.value = "149 999"
    assert form.update().faible_montant
    assert "Oui" in form.result.value
    form.initial.value = "abc"
    assert form.update() is None
    assert "illisible" in form.result.value
    assert "text/html" in form._repr_mimebundle_()
