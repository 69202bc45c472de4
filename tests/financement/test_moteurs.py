"""Module 4: financing plans (L1111-10 III), de minimis across 2024, schemes, CLI, bank answers."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piu.core import data
from piu.core.cli import main
from piu.core.errors import PiuError
from piu.core.french_numbers import format_montant
from piu.core.questions.bank import Question, charger_banque
from piu.core.questions.grading import corriger
from piu.financement.de_minimis import Aid, check_de_minimis
from piu.financement.dispositifs import find_schemes
from piu.financement.formulaires import PlanCheckerForm, SchemeFinderForm, check_html
from piu.financement.graphiques import plan_alt_text, plan_chart
from piu.financement.plan import FinancingPlan, FundingSource, PlanCheck, PlanInvalide, check_plan, parse_plan

DAY = date(2026, 11, 25)


def plan(cost: float, owner: float = 0, public: float = 0, private: float = 0) -> FinancingPlan:
    sources = [FundingSource("Commune", "maitre-ouvrage", owner),
               FundingSource("État", "public", public)]
    if private:
        sources.append(FundingSource("Mécène", "prive", private))
    return FinancingPlan(cost, tuple(sources))


def rules(result: PlanCheck) -> list[str]:
    return [b.regle for b in result.manquements]


def plain(text: str) -> str:
    """French typography uses no-break spaces; tests compare with ordinary ones."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


# --------------------------------------------------------------------- the 20 % rule

def test_exactly_20_percent_of_public_financing_with_private_funds_complies() -> None:
    result = check_plan(plan(1_500_000, owner=200_000, public=800_000, private=500_000), DAY)
    assert result.conforme
    assert result.part_maitre_ouvrage == pytest.approx(0.2)
    assert result.minimum_requis == 20


def test_one_euro_below_the_bound_fails_and_cites_l1111_10() -> None:
    result = check_plan(plan(1_499_999, owner=199_999, public=800_000, private=500_000), DAY)
    assert rules(result) == ["participation-minimale"]
    breach = result.manquements[0]
    assert "L1111-10" in breach.base_legale
    assert "200 000" in plain(breach.message)  # a quarter of the other public aid, to keep them


def test_one_euro_above_the_bound_complies() -> None:
    assert check_plan(plan(1_500_001, owner=200_001, public=800_000, private=500_000), DAY).conforme


def test_a_cent_below_the_bound_fails_but_rounding_noise_does_not() -> None:
    assert not check_plan(plan(1_000_000, 199_999.99, 800_000.01), DAY).conforme
    assert check_plan(plan(1_000_000, 200_000.001, 799_999.999), DAY).conforme


def test_private_funds_are_outside_the_base_classic_error_on_total_cost() -> None:
    # 15 % of the total cost, but 23 % of the public financing: compliant.
    result = check_plan(plan(1_000_000, owner=150_000, public=500_000, private=350_000), DAY)
    assert result.conforme
    assert result.part_maitre_ouvrage == pytest.approx(150_000 / 650_000)
    assert result.as_dict()["totaux"]["prive"] == 350_000


def test_owner_share_counts_itself_in_the_base() -> None:
    # 140 000 / 600 000 = 23 % of the *other* aid, but 18.9 % of the public total: not compliant.
    result = check_plan(plan(1_000_000, owner=140_000, public=600_000, private=260_000), DAY)
    assert rules(result) == ["participation-minimale"]
    assert result.part_maitre_ouvrage == pytest.approx(140 / 740)


def test_all_public_plan_at_20_percent() -> None:
    assert check_plan(plan(500_000, owner=100_000, public=400_000), DAY).conforme
    assert not check_plan(plan(500_000, owner=99_000, public=401_000), DAY).conforme


def test_no_public_financing_has_no_base() -> None:
    result = check_plan(plan(100_000, private=100_000), DAY)
    # No base: the share is « sans objet » (None, null in JSON), not a misleading 0 %.
    assert result.conforme and result.part_maitre_ouvrage is None
    assert result.as_dict()["part_maitre_ouvrage"] is None
    assert "sans objet" in result.part_affichee
    assert any("Aucun financement public" in w for w in result.avertissements)


@given(owner=st.integers(0, 10_000_000), public=st.integers(0, 10_000_000),
       private=st.integers(0, 10_000_000))
def test_rule_is_exactly_owner_at_least_a_fifth_of_public_total(owner: int, public: int,
                                                                private: int) -> None:
    result = check_plan(plan(owner + public + private or 1, owner, public, private), DAY)
    expected = owner + public == 0 or 5 * owner >= owner + public
    assert ("participation-minimale" not in rules(result)) == expected
    assert (result.part_maitre_ouvrage is None) == (owner + public == 0)
    assert result.part_maitre_ouvrage is None or 0 <= result.part_maitre_ouvrage <= 1


# ----------------------------------------------------------------- balance of the plan

def test_underfunded_plan_is_unbalanced() -> None:
    result = check_plan(plan(1_000_000, owner=150_000, public=500_000), DAY)
    assert rules(result) == ["plan-equilibre"]
    assert "350 000" in plain(result.manquements[0].message)
    # A funding gap breaks the plan itself, not the décret on State grants (art. 10 caps aid).
    assert result.manquements[0].base_legale == "Plan de financement prévisionnel (ressources = dépenses)"
    older = check_plan(plan(1_000_000, owner=150_000, public=500_000), date(2015, 1, 1))
    assert older.manquements[0].base_legale == "Plan de financement prévisionnel (ressources = dépenses)"


def test_overfunded_plan_is_unbalanced() -> None:
    result = check_plan(plan(600_000, owner=200_000, public=500_000), DAY)
    assert rules(result) == ["plan-equilibre"]
    assert "100 000" in plain(result.manquements[0].message)
    assert "2018-514" not in result.manquements[0].base_legale  # aid alone stays under the cost


def test_public_aid_above_the_cost_cites_the_state_grant_decree() -> None:
    result = check_plan(plan(600_000, owner=200_000, public=650_000), DAY)
    assert rules(result) == ["plan-equilibre"]
    assert "2018-514 du 25/06/2018, art. 10" in result.manquements[0].base_legale
    assert "subvention d'investissement de l'État" in result.manquements[0].message
    before = check_plan(plan(600_000, owner=200_000, public=650_000), date(2018, 9, 30))
    assert "2018-514" not in before.manquements[0].base_legale


def test_both_rules_can_fail_together() -> None:
    result = check_plan(plan(1_000_000, owner=50_000, public=500_000), DAY)
    assert rules(result) == ["plan-equilibre", "participation-minimale"]


def test_balanced_to_the_cent() -> None:
    assert check_plan(plan(1_000_000.50, owner=200_000.25, public=800_000.25), DAY).conforme
    assert not check_plan(plan(1_000_000.50, owner=200_000.25, public=800_000.24), DAY).conforme


# ------------------------------------------------------------------- legal exceptions

def test_outre_mer_has_no_minimum() -> None:
    result = check_plan(plan(1_000_000, owner=0, public=1_000_000), DAY, exception="outre-mer")
    assert result.conforme and result.minimum_requis is None


def test_corse_minimum_is_10_percent_at_the_bound() -> None:
    assert check_plan(plan(1_000_000, 100_000, 900_000), DAY, exception="corse").conforme
    result = check_plan(plan(1_000_000, 99_000, 901_000), DAY, exception="corse")
    assert rules(result) == ["participation-minimale"]
    assert result.minimum_requis == 10


def test_school_energy_renovation_needs_the_prefect_and_starts_in_2024() -> None:
    result = check_plan(plan(1_000_000, 100_000, 900_000), DAY, exception="renovation-energetique-scolaire")
    assert result.conforme
    assert any("préfet" in w for w in result.avertissements)
    with pytest.raises(PiuError, match="pas en vigueur"):
        check_plan(plan(1_000_000, 100_000, 900_000), date(2024, 3, 30),
                   exception="renovation-energetique-scolaire")


def test_prefect_waiver_without_rate_is_not_checked_but_flagged() -> None:
    result = check_plan(plan(1_000_000, 0, 1_000_000), DAY, exception="calamites-publiques")
    assert result.conforme and result.minimum_requis is None
    assert any("fixé par le préfet" in w for w in result.avertissements)


def test_chef_de_file_is_30_percent() -> None:
    assert check_plan(plan(1_000_000, 300_000, 700_000), DAY, chef_de_file=True).conforme
    result = check_plan(plan(1_000_000, 250_000, 750_000), DAY, chef_de_file=True)
    assert rules(result) == ["participation-minimale"]
    assert "L1111-9" in result.manquements[0].base_legale


def test_unknown_or_combined_exception_is_refused() -> None:
    with pytest.raises(PiuError, match="inconnue"):
        check_plan(plan(1, 1, 0), DAY, exception="petite-commune")
    with pytest.raises(PiuError, match="pas les deux"):
        check_plan(plan(1, 1, 0), DAY, exception="corse", chef_de_file=True)


# ------------------------------------------------------------------------ de minimis

PRIOR = [Aid(date(2021, 9, 15), 80_000), Aid(date(2022, 6, 1), 100_000), Aid(date(2023, 3, 10), 60_000)]


def test_de_minimis_ceiling_changes_on_2024_01_01() -> None:
    before = check_de_minimis([], 0, date(2023, 12, 31))
    after = check_de_minimis([], 0, date(2024, 1, 1))
    assert (before.plafond, before.fenetre) == (200_000, "3-exercices-fiscaux")
    assert (after.plafond, after.fenetre) == (300_000, "3-ans-glissants")
    assert "1407/2013" in before.base_legale and "2023/2831" in after.base_legale


def test_same_aids_fail_on_31_december_2023_and_pass_on_1_january_2024() -> None:
    aids = [Aid(date(2021, 6, 1), 100_000), Aid(date(2022, 3, 1), 50_000)]
    assert not check_de_minimis(aids, 150_000, date(2023, 12, 31)).conforme
    assert check_de_minimis(aids, 150_000, date(2024, 1, 1)).conforme


def test_de_minimis_at_and_just_above_the_ceiling() -> None:
    assert check_de_minimis([Aid(date(2023, 1, 1), 200_000)], 100_000, date(2024, 6, 1)).conforme
    result = check_de_minimis([Aid(date(2023, 1, 1), 200_000)], 100_001, date(2024, 6, 1))
    assert not result.conforme and result.disponible == 100_000
    assert "dépassé" in result.message()


def test_rolling_window_counts_three_years_back_from_the_grant() -> None:
    result = check_de_minimis(PRIOR, 0, date(2024, 10, 1))
    assert result.debut_periode == date(2021, 10, 1)
    assert result.cumul_anterieur == 160_000  # the aid of 15/09/2021 is out
    assert check_de_minimis(PRIOR, 0, date(2024, 9, 15)).cumul_anterieur == 240_000


def test_fiscal_years_window_before_2024() -> None:
    result = check_de_minimis([Aid(date(2020, 12, 31), 150_000), Aid(date(2021, 1, 1), 50_000)],
                              0, date(2023, 6, 1))
    assert result.debut_periode == date(2021, 1, 1)
    assert result.cumul_anterieur == 50_000


def test_later_aids_are_not_counted_and_amounts_may_be_typed_in_french() -> None:
    result = check_de_minimis([Aid(date(2025, 1, 1), "100 000 €")], "50k€", date(2024, 6, 1))
    assert result.cumul_anterieur == 0 and result.nouvelle_aide == 50_000


def test_sgei_ceiling_and_bad_regimes() -> None:
    assert check_de_minimis([], 750_000, date(2024, 1, 1), "sieg").conforme
    assert not check_de_minimis([], 750_001, date(2024, 1, 1), "sieg").conforme
    with pytest.raises(PiuError, match="EUR-Lex"):
        check_de_minimis([], 1, date(2011, 6, 1), "sieg")
    with pytest.raises(PiuError, match="inconnu"):
        check_de_minimis([], 1, DAY, "agricole")
    with pytest.raises(PiuError, match="négatif"):
        check_de_minimis([], -5, DAY)


# -------------------------------------------------------------------- reading plans

GOOD = """\
cout_total: 1000000          # € HT
sources:
  - nom: Commune (autofinancement)
    type: maitre-ouvrage
    montant: 150 000 €
  - nom: DSIL
    type: public
    montant: "500 000"
  - nom: Mécénat
    type: prive
    montant: 350k€
"""


def test_parse_plan_reads_french_amounts() -> None:
    parsed = parse_plan(GOOD)
    assert [s.montant for s in parsed.sources] == [150_000, 500_000, 350_000]
    assert check_plan(parsed, DAY).conforme


@pytest.mark.parametrize(("text", "expected"), [
    ("sources: []\n", "cout_total"),
    ("cout_total: 100\n", "sources"),
    ("cout_total: 100\nsources:\n  - nom: A\n    type: public\n    montant: -5\n", "négatif"),
    ("cout_total: 100\nsources:\n  - nom: A\n    type: publique\n    montant: 5\n", "« publique » inconnu"),
    ("cout_total: 100\nsources:\n  - nom: A\n    type: public\n    montnat: 5\n", "« montnat »"),
    ("cout_total: 100\nsources:\n  - nom: A\n    type: public\n    montant: cent\n", "illisible"),
    ("cout_total: 100\nsources:\n  - nom: A\n    type: public\n    montant: true\n", "montant en euros"),
    ("cout_total: 100\nsources:\n  - nom: A\n    type: public\n", "« montant » manquant"),
    ("cout_total: 0\nsources:\n  - nom: A\n    type: public\n    montant: 5\n", "strictement positif"),
    ("cout_total: 100\nsources:\n  - 12\n", "chaque source"),
    ("cout_total: [100\n", "YAML illisible"),
    ("- a\n- b\n", "commence par"),
    ("cout_total: 100\nsources:\n  - nom: A\n    type: public\n    montant: .inf\n", "fini"),
])
def test_malformed_plans_get_a_french_message(text: str, expected: str) -> None:
    with pytest.raises(PlanInvalide, match=expected):
        parse_plan(text, "plan.yaml")


def test_error_names_the_line() -> None:
    text = "cout_total: 100\nsources:\n  - nom: A\n    type: public\n    montant: 5\n" \
           "  - nom: B\n    type: privé\n    montant: 5\n"
    with pytest.raises(PlanInvalide, match=r"plan.yaml, ligne 6 \(source n° 2\)"):
        parse_plan(text, "plan.yaml")


# ------------------------------------------------------------------------------ CLI

def write(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_json_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["financement", "verifier", str(write(tmp_path, GOOD)), "--json", "--date", "2026-11-25"])
    out = json.loads(capsys.readouterr().out)
    assert status == 0
    assert out["conforme"] is True
    assert out["part_maitre_ouvrage"] == pytest.approx(150 / 650, abs=1e-6)
    assert out["manquements"] == []


def test_cli_non_compliant_plan_exits_1_with_breaches(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    text = "cout_total: 1000000\nsources:\n  - {nom: Commune, type: maitre-ouvrage, montant: 150000}\n" \
           "  - {nom: DSIL, type: public, montant: 500000}\n"
    assert main(["financement", "verifier", str(write(tmp_path, text)), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["conforme"] is False
    assert [b["regle"] for b in out["manquements"]] == ["plan-equilibre"]
    assert set(out["manquements"][0]) == {"regle", "message", "base_legale"}


def test_cli_exception_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "cout_total: 100\nsources:\n  - {nom: C, type: maitre-ouvrage, montant: 10}\n" \
           "  - {nom: E, type: public, montant: 90}\n"
    path = str(write(tmp_path, text))
    assert main(["financement", "verifier", path]) == 1
    assert main(["financement", "verifier", path, "--exception", "corse"]) == 0
    assert "minimum 10 %" in capsys.readouterr().out


@pytest.mark.parametrize("args", [
    ["financement", "verifier", "/nonexistent/plan.yaml"],
    ["financement", "verifier", "PLAN", "--date", "2026-02-30"],
    ["financement", "verifier", "PLAN", "--exception", "zzz"],
    ["financement", "verifier", "PLAN", "--exception", "corse", "--chef-de-file"],
    ["financement", "verifier", "PLAN", "--inconnue"],
    ["financement", "verifier", "BAD"],
    ["financement", "dispositifs", "--theme", "espace"],
])
def test_cli_bad_input_exits_2_in_french(args: list[str], tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    good = str(write(tmp_path, GOOD))
    bad = str(write(tmp_path, "cout_total: -1\nsources: []\n", "bad.yaml"))
    args = [good if a == "PLAN" else bad if a == "BAD" else a for a in args]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("piu : ") and "Traceback" not in err


def test_cli_subprocess_no_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, "cout_total: 100\nsources:\n  - nom: A\n    type: x\n    montant: 5\n")
    done = subprocess.run([str(Path(sys.executable).parent / "piu"), "financement", "verifier", str(path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "type « x » inconnu" in done.stderr and "Traceback" not in done.stderr


def test_cli_de_minimis(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = ("date: 2024-10-01\nnouvelle_aide: 140000\naides:\n"
            "  - {date: 2021-09-15, montant: 80000, financeur: Région}\n"
            "  - {date: 2022-06-01, montant: 100000}\n  - {date: 2023-03-10, montant: 60000}\n")
    assert main(["financement", "de-minimis", str(write(tmp_path, text, "aides.yaml")), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["plafond"] == 300_000 and out["cumul_anterieur"] == 160_000
    bad = write(tmp_path, "date: 2024-13-01\nnouvelle_aide: 1\n", "bad.yaml")
    assert main(["financement", "de-minimis", str(bad)]) == 2


def test_cli_schemes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["financement", "dispositifs", "--nature", "cee", "--date", "2025-01-01", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert "aides-territoires" in out["source_a_jour"]
    assert {d["id"] for d in out["dispositifs"]} >= {"colisactiv", "interlud"}


# ------------------------------------------------------------------------ schemes data

def test_at_least_20_real_schemes_with_required_fields() -> None:
    frame = data.table("dispositifs")
    assert len(frame) >= 20
    assert frame["url"].str.startswith("https://").all()
    assert set(frame["nature"]) >= {"subvention", "pret", "fonds-propres", "cee", "fonds-europeen",
                                     "appel-a-projets"}


def test_unconfirmed_figures_say_so() -> None:
    frame = data.table("dispositifs").set_index("id")
    for scheme in ("fonds-vert", "detr", "dsil"):
        assert frame.loc[scheme, "statut"] == "a-verifier"
    assert "à vérifier" in frame.loc["fonds-vert", "montant_indicatif"]


def test_colisactiv_is_a_cee_programme_that_ended_in_june_2025() -> None:
    row = data.table("dispositifs").set_index("id").loc["colisactiv"]
    assert row["nature"] == "cee" and "ADEME" not in row["financeur"]
    assert row["valid_to"] == date(2025, 6, 30)
    assert "colisactiv" in set(find_schemes(nature="cee", jour=date(2025, 6, 30))["id"])
    assert "colisactiv" not in set(find_schemes(nature="cee", jour=date(2025, 7, 1))["id"])


def test_finder_filters_and_rejects_unknown_values() -> None:
    found = find_schemes(beneficiaire="scic-ess", nature="fonds-propres", jour=DAY)
    assert "bdt-fonds-propres" in set(found["id"])
    assert all("scic-ess" in b.split(";") for b in found["beneficiaires"])
    with pytest.raises(PiuError, match="valeurs possibles"):
        find_schemes(theme="espace")


def test_rules_match_the_reference_facts() -> None:
    assert data.valeur("regles_financement:participation-minimale:taux_pct@2026-11-25") == 20
    assert data.valeur("regles_financement:de-minimis-general:montant@2023-12-31") == 200_000
    assert data.valeur("regles_financement:de-minimis-general:montant@2024-01-01") == 300_000
    assert data.valeur("regles_financement:de-minimis-general:montant@2030-12-31") == 300_000
    assert data.valeur("regles_financement:de-minimis-sieg:montant@2024-01-01") == 750_000
    assert data.valeur("regles_financement:de-minimis-sieg:montant@2023-12-31") == 500_000


def test_sgei_before_2024_is_reg_360_2012_over_three_fiscal_years() -> None:
    result = check_de_minimis([Aid(date(2021, 3, 1), 300_000)], 150_000, date(2023, 6, 1), "sieg")
    assert result.plafond == 500_000 and result.fenetre == "3-exercices-fiscaux"
    assert "360/2012" in result.base_legale and result.conforme


def test_chef_de_file_rule_dates_from_maptam_2014() -> None:
    row = data.ligne("regles_financement", "participation-minimale-chef-de-file", date(2014, 6, 1))
    assert row["valid_from"] == date(2014, 1, 29) and "2014-58" in row["source"]


def test_financing_rules_status_agrees_with_their_notes() -> None:
    frame = data.table("regles_financement")
    for _, row in frame.iterrows():
        if row["statut"] == "confirme":
            assert "à vérifier" not in str(row["note"]), row["id"]


# -------------------------------------------------------------------- chart and forms

def test_chart_has_french_title_labels_and_alt_text() -> None:
    p = parse_plan(GOOD)
    ax = plan_chart(p).axes[0]
    assert ax.get_title() == "Plan de financement par source"
    assert "Montant" in ax.get_xlabel() and ax.get_ylabel() == "Source de financement"
    alt = plain(plan_alt_text(p))
    assert "DSIL" in alt and "Mécénat" in alt and "1 000 000" in alt


def test_forms_carry_an_html_rendering_for_the_book() -> None:
    finder = SchemeFinderForm(DAY)._repr_mimebundle_()
    assert "Aides-territoires" in finder["text/html"] and "Fonds vert" in finder["text/html"]
    form = PlanCheckerForm(parse_plan(GOOD), DAY)
    bundle = form._repr_mimebundle_()
    assert "Plan conforme" in bundle["text/html"] and 'alt="Diagramme' in bundle["text/html"]
    form.lines.children[0].children[2].value = "50 000"
    form.refresh()
    assert "Plan à corriger" in form.result.value


# ------------------------------------------------------------- bank answers = engine

BANK = charger_banque()


def test_bank_share_question_matches_engine() -> None:
    q = BANK["m4-part-mecenat"]
    share = check_plan(plan(1_000_000, 150_000, 500_000, 350_000), DAY).part_maitre_ouvrage * 100
    assert corriger(q, share).juste
    assert not corriger(q, 15).juste and "coût total" in corriger(q, 15).retour


def test_bank_plan_to_correct_matches_engine() -> None:
    q = BANK["m4-plan-a-corriger"]
    assert not check_plan(plan(800_000, 100_000, 600_000, 100_000), DAY).conforme
    answer = q.reponse
    assert check_plan(plan(800_000, answer, 600_000, 800_000 - 600_000 - answer), DAY).conforme
    assert not check_plan(plan(800_000, answer - 1, 600_000, 800_000 - 600_000 - answer + 1), DAY).conforme
    assert not corriger(q, 140_000).juste


def test_bank_rules_question_matches_engine() -> None:
    q = BANK["m4-regles-enfreintes"]
    broken = rules(check_plan(plan(1_000_000, 150_000, 500_000), DAY))
    mapping = {"plan-equilibre": "equilibre", "participation-minimale": "participation"}
    assert sorted(mapping[r] for r in broken) == sorted(q.bonnes_options)


def test_bank_de_minimis_case_matches_engine() -> None:
    q = BANK["m4-de-minimis-cas"]
    result = check_de_minimis(PRIOR, 0, date(2024, 10, 1))
    assert q.reponse == result.disponible
    assert corriger(q, result.disponible).juste
    assert "2021" in corriger(q, 60_000).retour
    assert BANK["m4-de-minimis-plafond"].reponse == check_de_minimis([], 0, date(2024, 3, 1)).plafond


def test_module_4_has_at_least_12_questions() -> None:
    assert len(BANK.du_module(4)) >= 12


@pytest.mark.parametrize(("name", "status"), [("plan-conforme.yaml", 0), ("plan-a-corriger.yaml", 1)])
def test_example_plans_behave_as_their_comments_say(name: str, status: int,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(__file__).resolve().parents[2] / "exercises" / "plans" / name
    assert main(["financement", "verifier", str(path), "--date", "2026-11-25"]) == status
    capsys.readouterr()


def test_example_files_do_not_give_the_answers_away(capsys: pytest.CaptureFixture[str]) -> None:
    """The demo files use other figures than the questions: running them must not answer."""
    plans = Path(__file__).resolve().parents[2] / "exercises" / "plans"
    assert main(["financement", "de-minimis", str(plans / "aides-cooperative.yaml"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    answer = BANK["m4-de-minimis-cas"].reponse
    assert answer not in (out["disponible"], out["nouvelle_aide"], out["plafond"] - out["total"])
    assert main(["financement", "verifier", str(plans / "plan-a-corriger.yaml"), "--json"]) == 1
    message = plain(json.loads(capsys.readouterr().out)["manquements"][0]["message"])
    assert format_montant(BANK["m4-plan-a-corriger"].reponse).replace("\u202f", " ").replace(
        "\u00a0", " ") not in message
    assert main(["financement", "verifier", str(plans / "plan-conforme.yaml"), "--json"]) == 0
    share = json.loads(capsys.readouterr().out)["part_maitre_ouvrage"] * 100
    assert abs(share - BANK["m4-part-mecenat"].reponse) > 1


def test_exercise_notebook_hints_do_not_print_the_shortfall() -> None:
    import nbformat

    notebook = nbformat.read(Path(__file__).resolve().parents[2] / "exercises" / "module4.ipynb", 4)
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    assert "examiner_plan(" not in code and "essayer_plan(" in code


def test_learner_helpers_print_instead_of_raising(capsys: pytest.CaptureFixture[str]) -> None:
    from piu.financement import examiner_plan, lire_plan, verifier_de_minimis

    assert lire_plan("cout_total: [") is None
    assert "YAML illisible" in capsys.readouterr().out
    assert examiner_plan(GOOD, jour="2026-02-30") is None
    assert "AAAA-MM-JJ" in capsys.readouterr().out
    assert verifier_de_minimis([("hier", 5)], 1, "2024-01-01") is None
    assert "illisible" in capsys.readouterr().out
    assert verifier_de_minimis([], "beaucoup", "2024-01-01") is None
    assert "⚠" in capsys.readouterr().out


def test_every_reference_in_the_chapter_resolves() -> None:
    import re

    text = (Path(__file__).resolve().parents[2] / "book" / "module4" / "chapitre.md").read_text("utf-8")
    references = re.findall(r"\{donnee\}`([^`]+)`", text)
    assert len(references) >= 10
    for reference in references:
        assert data.valeur(reference) is not None, reference


@pytest.mark.parametrize("question", BANK.du_module(4), ids=lambda q: q.id)
def test_module_4_checks_can_fail(question: Question) -> None:
    """Right answers pass; every wrong option and typical error fails with its own feedback."""
    if question.type in ("choix-unique", "choix-multiple"):
        right = question.bonnes_options if question.type == "choix-multiple" else question.bonnes_options[0]
        assert corriger(question, list(right) if question.type == "choix-multiple" else right).juste
        for option in question.options:
            if not option.correct:
                wrong = [option.id] if question.type == "choix-multiple" else option.id
                verdict = corriger(question, wrong)
                assert not verdict.juste
                if question.type == "choix-unique":
                    assert verdict.retour == option.retour
    elif question.type == "numerique":
        assert corriger(question, question.reponse).juste
        for error in question.erreurs_typiques:
            verdict = corriger(question, error.valeur)
            assert not verdict.juste and verdict.retour == error.retour
    elif question.type == "texte":
        for accepted in question.reponses:
            assert corriger(question, accepted).juste
        for error in question.erreurs_typiques:
            verdict = corriger(question, error.reponse)
            assert not verdict.juste and verdict.retour == error.retour
    elif question.type == "ordre":
        ids = [e.id for e in question.elements]
        assert corriger(question, ids).juste
        assert not corriger(question, ids[::-1]).juste
    else:
        good = {e.id: e.avec for e in question.elements}
        assert corriger(question, good).juste
        first, second = list(good)[:2]
        assert not corriger(question, {**good, first: good[second], second: good[first]}).juste


# ------------------------------------------------------- review fixes (bounds, files, CLI)

JUST_BELOW = ("cout_total: 1000000\nsources:\n"
              "  - {nom: Commune, type: maitre-ouvrage, montant: \"159 999,99\"}\n"
              "  - {nom: Région, type: public, montant: \"640 000,01\"}\n"
              "  - {nom: Mécène, type: prive, montant: 200000}\n")


def test_json_does_not_contradict_itself_just_below_the_bound(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["financement", "verifier", str(write(tmp_path, JUST_BELOW)), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["conforme"] is False
    assert out["part_maitre_ouvrage"] < out["minimum_requis"] == 0.2
    message = plain(out["manquements"][0]["message"])
    assert "19,9 %" in message and "20,0 %" not in message
    assert "il manque 0,01 €" in message
    assert main(["financement", "verifier", str(write(tmp_path, JUST_BELOW))]) == 1
    text = plain(capsys.readouterr().out)
    assert "19,9 %" in text and "20,0 %" not in text


def test_shortfall_in_euros_on_a_round_case() -> None:
    result = check_plan(plan(1_000_000, owner=100_000, public=600_000, private=300_000), DAY)
    message = plain(result.manquements[0].message)
    assert "au moins 150 000 € HT" in message and "il manque 50 000 €" in message


def test_duplicate_keys_are_reported_with_their_lines(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    text = "cout_total: 100\ncout_total: 200\nsources:\n  - {nom: A, type: public, montant: 100}\n"
    with pytest.raises(PlanInvalide, match=r"« cout_total » aux lignes 1 et 2"):
        parse_plan(text, "plan.yaml")
    nested = "cout_total: 100\nsources:\n  - nom: A\n    type: public\n    montant: 50\n    montant: 100\n"
    with pytest.raises(PlanInvalide, match=r"« montant » aux lignes 5 et 6"):
        parse_plan(nested, "plan.yaml")
    assert main(["financement", "verifier", str(write(tmp_path, text))]) == 2
    assert "en double" in capsys.readouterr().err


def test_dict_amount_does_not_leak_internals() -> None:
    text = "cout_total: 100\nsources:\n  - nom: A\n    type: public\n    montant: {a: 1}\n"
    with pytest.raises(PlanInvalide) as error:
        parse_plan(text, "plan.yaml")
    assert "__ligne__" not in str(error.value) and "ligne 3" in str(error.value)


def test_incompatible_options_are_explained_in_french(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    args = ["financement", "verifier", str(write(tmp_path, GOOD)), "--exception", "corse", "--chef-de-file"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "ne vont pas ensemble" in err and "not allowed" not in err


@pytest.mark.parametrize("exception", ["monuments-proteges", "calamites-publiques"])
def test_prefect_waivers_are_compliant_only_subject_to_the_decision(
        exception: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "cout_total: 100\nsources:\n  - {nom: C, type: maitre-ouvrage, montant: 5}\n" \
           "  - {nom: E, type: public, montant: 95}\n"
    path = str(write(tmp_path, text))
    assert main(["financement", "verifier", path, "--exception", exception, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["conforme"] is True and "préfet" in out["reserve"]
    assert {"conforme", "part_maitre_ouvrage", "manquements"} <= set(out)
    assert main(["financement", "verifier", path, "--exception", exception]) == 0
    printed = capsys.readouterr().out
    assert "conforme sous réserve" in printed and "fixé par le préfet" in printed
    assert "aucun minimum légal" not in printed
    shown = check_html(check_plan(parse_plan(text), DAY, exception), with_chart=False)
    assert "Plan conforme sous réserve" in shown and "Plan conforme</strong>" not in shown


def test_no_public_funding_is_explained_on_the_cli(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    text = "cout_total: 100\nsources:\n  - {nom: Mécène, type: prive, montant: 100}\n"
    assert main(["financement", "verifier", str(write(tmp_path, text)), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["part_maitre_ouvrage"] is None
    assert main(["financement", "verifier", str(write(tmp_path, text))]) == 0
    assert "sans objet" in capsys.readouterr().out


AIDS_HEAD = "date: 2024-10-01\nnouvelle_aide: 1000\n"


@pytest.mark.parametrize(("body", "expected"), [
    ("aides: 5\n", "« aides » doit être une liste"),
    ("aides: \"texte\"\n", "« aides » doit être une liste"),
    ("aides:\n  - {date: 2023-01-01, montant: .nan}\n", "aides.yaml, aide n° 1 : le montant doit être un nombre fini"),
    ("aides:\n  - {date: 2023-01-01, montant: .inf}\n", "nombre fini"),
    ("aides:\n  - {date: 2023-01-01, montant: 1, montantt: 5}\n",
     "aides.yaml, aide n° 1 : champ\\(s\\) inconnu\\(s\\) « montantt »"),
    ("aides:\n  - {date: 2023-01-01, montant: 1}\n  - {date: 2023-01-01, montant: cent}\n",
     "aides.yaml, aide n° 2 : montant illisible"),
    ("aides:\n  - date: 2023-01-01\n    montant: {a: 1}\n", "aides.yaml, aide n° 1 : un montant est attendu"),
    ("regimee: sieg\n", "« regimee »"),
    ("aides: []\ndate: 2024-10-02\n", "en double, « date » aux lignes 1 et 4"),
])
def test_de_minimis_file_mistakes_exit_2_with_a_french_message(
        body: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, AIDS_HEAD + body, "aides.yaml")
    assert main(["financement", "de-minimis", str(path)]) == 2
    err = plain(capsys.readouterr().err)
    assert re.search(expected, err), err
    assert "Traceback" not in err and "__ligne__" not in err


def test_de_minimis_nan_is_rejected_by_the_engine_too() -> None:
    with pytest.raises(PiuError, match="fini"):
        check_de_minimis([Aid(date(2023, 1, 1), float("nan"))], 1, DAY)
    with pytest.raises(PiuError, match="fini"):
        check_de_minimis([], float("inf"), DAY)


def test_aid_dated_after_the_grant_is_reported(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    body = "aides:\n  - {date: 2025-02-01, montant: 50000}\n"
    path = write(tmp_path, AIDS_HEAD + body, "aides.yaml")
    assert main(["financement", "de-minimis", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["cumul_anterieur"] == 0
    assert out["aides_posterieures"] == [{"date": "2025-02-01", "montant": 50000.0, "financeur": ""}]
    assert "01/02/2025" in out["message"] and "vérifiez ces dates" in out["message"]


def test_confirmed_schemes_never_say_to_check() -> None:
    frame = data.table("dispositifs")
    for _, row in frame[frame["statut"] == "confirme"].iterrows():
        for column in ("montant_indicatif", "note"):
            assert "à vérifier" not in str(row[column]).lower(), (row["id"], column)


def test_homepage_links_are_labelled_as_such() -> None:
    frame = data.table("dispositifs")
    for _, row in frame.iterrows():
        path = row["url"].split("://", 1)[1].split("/", 1)[1] if row["url"].count("/") > 2 else ""
        if not path.strip("/"):
            assert "page d'accueil du" in str(row["note"]), row["id"]


def test_chart_legend_sits_beside_the_axes_and_inside_the_image() -> None:
    fig = plan_chart(parse_plan(GOOD))
    legend = fig.axes[0].get_legend()
    assert legend._ncols == 1  # no public getter
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    tight = fig.get_tightbbox(renderer)
    box = legend.get_window_extent(renderer).transformed(fig.dpi_scale_trans.inverted())
    assert tight.x0 <= box.x0 and box.x1 <= tight.x1 and tight.y0 <= box.y0 and box.y1 <= tight.y1
    axes = fig.axes[0].get_window_extent(renderer).transformed(fig.dpi_scale_trans.inverted())
    assert box.y0 >= axes.y0  # beside the axes, not far below the axis


def test_alt_text_has_no_nested_parentheses() -> None:
    alt = plan_alt_text(parse_plan(GOOD))
    depth = deepest = 0
    for char in alt:
        depth += {"(": 1, ")": -1}.get(char, 0)
        deepest = max(deepest, depth)
    assert deepest <= 1 and depth == 0


def test_hint_shows_only_the_verdict_and_the_share(capsys: pytest.CaptureFixture[str]) -> None:
    from piu.financement import essayer_plan

    essayer_plan(plan(800_000, owner=100_000, public=600_000, private=100_000), jour="2026-11-25")
    out = plain(capsys.readouterr().out)
    assert "à corriger" in out and "14,3 %" in out  # 100 000 / 700 000 = 14,29 % : arrondi, non tronqué
    assert "150 000" not in out and "il manque" not in out


# ------------------------------------------- who may pay what, register, RGEC (issue 11)

BUSINESS_PLAN = """
nom: Vélos-cargos de la SCIC
porteur: {porteur}
cout_total: 200000
sources:
  - nom: SCIC (fonds propres)
    type: maitre-ouvrage
    montant: 100000
  - nom: Commune
    type: public
    financeur: {financeur}
    montant: 50000
  - nom: Région
    type: public
    financeur: region
    montant: 50000
"""


def _vigilance_ids(result) -> set[str]:
    return {v.id for v in result.vigilances}


def test_commune_aid_to_a_business_activity_is_flagged_with_l1511_2() -> None:
    result = check_plan(parse_plan(BUSINESS_PLAN.format(porteur="entreprise", financeur="commune")),
                        date(2026, 6, 1))
    point = next(v for v in result.vigilances if v.id == "aide-entreprise-competence")
    assert "L1511-2" in point.base_legale and "L1511-3" in point.base_legale
    assert "Région" in point.texte and "Commune" in point.texte
    assert "19 decies" not in point.base_legale  # only for a SCIC
    assert "aides-etat" in _vigilance_ids(result)
    payload = result.as_dict()
    assert payload["porteur"] == "entreprise"
    assert {"id", "texte", "base_legale"} <= set(payload["vigilances"][0])


def test_scic_owner_gets_the_19_decies_basis_and_a_departement_is_flagged_too() -> None:
    result = check_plan(parse_plan(BUSINESS_PLAN.format(porteur="scic", financeur="departement")),
                        date(2026, 6, 1))
    point = next(v for v in result.vigilances if v.id == "aide-entreprise-competence")
    assert "19 decies" in point.base_legale and "département" in point.texte


def test_region_aid_is_not_flagged_as_a_competence_problem() -> None:
    result = check_plan(parse_plan(BUSINESS_PLAN.format(porteur="entreprise", financeur="region")),
                        date(2026, 6, 1))
    assert "aide-entreprise-competence" not in _vigilance_ids(result)
    assert "aides-etat" in _vigilance_ids(result)


def test_collectivite_owner_has_no_business_aid_vigilance_and_keeps_the_20_pct_rule() -> None:
    result = check_plan(parse_plan(GOOD), date(2026, 6, 1))
    assert result.vigilances == () and result.plan.porteur == "collectivite"
    assert result.minimum_requis == 20


def test_business_owner_is_not_held_to_l1111_10() -> None:
    result = check_plan(parse_plan(BUSINESS_PLAN.format(porteur="entreprise", financeur="commune")),
                        date(2026, 6, 1))
    assert result.minimum_requis is None and "L1111-10" in " ".join(result.avertissements)


def test_unknown_funder_or_owner_is_refused_in_french() -> None:
    with pytest.raises(PlanInvalide, match="financeur « mairie » inconnu"):
        parse_plan(BUSINESS_PLAN.format(porteur="entreprise", financeur="mairie"))
    with pytest.raises(PlanInvalide, match="porteur « sarl » inconnu"):
        parse_plan(BUSINESS_PLAN.format(porteur="sarl", financeur="commune"))


def test_cli_prints_the_vigilance(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(BUSINESS_PLAN.format(porteur="scic", financeur="commune"), encoding="utf-8")
    main(["financement", "verifier", str(plan), "--date", "2026-06-01"])
    out = capsys.readouterr().out
    assert "Point de vigilance" in out and "L1511-2" in out


def test_de_minimis_names_the_national_register_from_2026() -> None:
    after = check_de_minimis([], 10_000, date(2026, 3, 1))
    assert "plateforme des aides d'État" in after.message() and "2025-1361" in after.message()
    assert after.as_dict()["registre"]
    before = check_de_minimis([], 10_000, date(2025, 3, 1))
    assert before.registre is None and "plateforme" not in before.message()
    assert "liste, datée" in before.message()


def test_rgec_warning_after_2026_12_31_only() -> None:
    assert check_de_minimis([], 10_000, date(2026, 12, 31)).avertissements == ()
    later = check_de_minimis([], 10_000, date(2027, 1, 1))
    assert any("31/12/2026" in w and "651/2014" in w for w in later.avertissements)
    assert "RGEC" in later.message()
    plan = check_plan(parse_plan(BUSINESS_PLAN.format(porteur="entreprise", financeur="region")),
                      date(2027, 1, 1))
    assert "n'est plus applicable" in next(v.texte for v in plan.vigilances if v.id == "aides-etat")


def test_finder_says_who_may_aid_a_scic_on_which_basis(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["financement", "dispositifs", "--beneficiaire", "scic-ess", "--date",
                 "2026-12-03", "--json"]) == 0
    who = " ".join(json.loads(capsys.readouterr().out)["qui_peut_aider"])
    assert "L1511-2" in who and "L1511-3" in who and "19 decies" in who
    from piu.financement.dispositifs import qui_peut_aider, schemes_html
    assert qui_peut_aider("commune") == []
    assert "Qui peut aider" in schemes_html(find_schemes("entreprise"), "entreprise")


def test_eui_call_4_is_closed_and_the_next_call_is_to_watch_with_25000_inhabitants() -> None:
    row = data.table("dispositifs").set_index("id").loc["eui-actions-innovatrices"]
    assert "clos le 15/06/2026" in row["montant_indicatif"] and "à surveiller" in row["montant_indicatif"]
    assert "25 000 habitants" in row["note"]


def test_2026_finance_law_points_carry_the_date_of_the_check() -> None:
    frame = data.table("dispositifs").set_index("id")
    for scheme in ("fonds-vert", "detr", "dsil"):
        assert "03/12/2026" in frame.loc[scheme, "note"], scheme
