"""Executing and paying the contract (issue 21, section 2): advance, payment delay, interest.

Hidden cases are computed by hand below, never by the engine; the question bank's answers are
recomputed by the engine, so that a changed rule in data/ shows which answers to revisit.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from piu.core import data
from piu.core.cli import main
from piu.core.questions.bank import charger_banque
from piu.core.questions.grading import corriger
from piu.financement.paiement import PaiementInvalide, calculer_paiement, debut_semestre, taux_bce

ROOT = Path(__file__).resolve().parents[2]
BANK = charger_banque()


# ---- Data -------------------------------------------------------------------------------------

def test_rules_of_payment_are_dated_and_sourced() -> None:
    rules = data.table("regles_contrat")
    for rule_id in ("avance-seuil", "avance-taux-minimal", "avance-pme-grande-collectivite",
                    "delai-paiement", "interets-moratoires-majoration", "indemnite-forfaitaire"):
        row = data.ligne("regles_contrat", rule_id, date(2026, 6, 1))
        assert row["base_legale"] and row["source"] and row["url"].startswith("https://")
    assert data.valeur("regles_contrat:avance-seuil:montant_ht") == 50_000
    assert data.valeur("regles_contrat:avance-seuil:nombre") == 2
    assert data.valeur("regles_contrat:avance-taux-minimal:taux_pct") == 5
    assert data.valeur("regles_contrat:avance-pme-grande-collectivite:taux_pct") == 10
    assert data.valeur("regles_contrat:avance-pme-grande-collectivite:montant") == 60_000_000
    assert data.valeur("regles_contrat:delai-paiement:nombre") == 30
    assert data.valeur("regles_contrat:interets-moratoires-majoration:nombre") == 8
    assert data.valeur("regles_contrat:indemnite-forfaitaire:montant") == 40
    assert set(rules["statut"]) <= {"confirme", "a-verifier"}


def test_ecb_rates_are_one_row_per_semester_without_gap_or_overlap() -> None:
    rows = data.table("taux_bce").sort_values("valid_from")
    previous_end = None
    for row in rows.itertuples():
        assert row.valid_from == debut_semestre(row.valid_from), row.valid_from
        assert row.valid_to is not None and row.valid_to.month in (6, 12)
        if previous_end is not None:
            assert (row.valid_from - previous_end).days == 1
        previous_end = row.valid_to
        assert row.source and "R2192-31" in row.base_legale


@pytest.mark.parametrize(("jour", "rate"), [
    (date(2023, 3, 1), 2.5), (date(2023, 7, 1), 4.0), (date(2024, 6, 30), 4.5),
    (date(2024, 11, 2), 4.25),  # the cut of 18/09/2024 counts only from 01/01/2025
    (date(2025, 3, 15), 3.15), (date(2025, 7, 1), 2.15), (date(2026, 6, 30), 2.15),
])
def test_the_rate_is_the_one_of_the_first_day_of_the_semester(jour: date, rate: float) -> None:
    assert taux_bce(jour) == rate


def test_an_unverified_semester_has_no_rate() -> None:
    assert taux_bce(date(2026, 7, 1)) is None
    assert taux_bce(date(2022, 12, 31)) is None


# ---- Engine: hidden cases computed by hand -----------------------------------------------------

def test_long_contract_of_a_large_collectivite_with_an_sme() -> None:
    # 120 000 HT → 144 000 TTC ; 18 mois : base 144 000 × 12 / 18 = 96 000 ; PME et plus de 60 M€ : 10 %.
    result = calculer_paiement("120 000", 18, "2026-02-01", pme=True, acheteur="grande-collectivite")
    assert result.avance_due
    assert result.montant_ttc == 144_000
    assert result.avance_base_ttc == 96_000
    assert result.avance_taux_pct == 10
    assert result.avance_montant == 9_600


def test_same_contract_for_a_smaller_collectivite_keeps_the_general_rate() -> None:
    result = calculer_paiement("120 000", 18, "2026-02-01", pme=True, acheteur="collectivite")
    assert result.avance_taux_pct == 5 and result.avance_montant == 4_800
    assert "État" in " ".join(result.bases)


def test_short_contract_takes_the_whole_amount_as_base() -> None:
    # 80 000 HT, TVA 20 % → 96 000 TTC ; 12 mois : base entière ; 5 % → 4 800.
    result = calculer_paiement("80 000", 12, "2026-02-01")
    assert result.avance_base_ttc == 96_000 and result.avance_montant == 4_800


@pytest.mark.parametrize(("amount", "months", "due"), [
    ("50 000", 6, False),       # « supérieur à » : exactement le seuil ne suffit pas
    ("50 001", 6, True),
    ("90 000", 2, False),       # deux mois pile ne suffisent pas
    ("90 000", 2.5, True),
    ("48 000", 6, False),
])
def test_the_advance_is_due_above_both_thresholds_only(amount: str, months: float, due: bool) -> None:
    result = calculer_paiement(amount, months, "2026-02-01")
    assert result.avance_due is due
    if not due:
        assert result.avance_montant == 0 and "peut toujours prévoir" in result.avance_motif


def test_the_sme_rate_did_not_exist_before_2020() -> None:
    result = calculer_paiement("120 000", 18, "2019-06-01", pme=True, acheteur="grande-collectivite")
    assert result.avance_taux_pct == 5
    assert any("pas encore en vigueur" in w for w in result.avertissements)


def test_late_payment_interest_and_fee() -> None:
    # Reçue le 02/03/2026 → limite 01/04/2026 ; intérêts du 02/04 au 20/04 inclus : 19 jours.
    # Taux : 2,15 (BCE au 01/01/2026) + 8 = 10,15 % ; 36 000 × 0,1015 × 19 / 365 = 190,2082… → 190,21.
    result = calculer_paiement("120 000", 18, "2026-02-01", demande="2026-03-02", paiement="2026-04-20",
                               somme_ttc="36 000")
    assert result.echeance == date(2026, 4, 1)
    assert result.jours_retard == 19
    assert result.taux_interets_pct == pytest.approx(10.15)
    assert result.interets == 190.21
    assert result.indemnite == 40
    assert result.total_du_pour_retard == 230.21


def test_interest_across_a_new_semester_keeps_the_starting_rate() -> None:
    # Reçue le 15/12/2024 → limite 14/01/2025 ; début le 15/01/2025 (semestre : 3,15 %) ; payé le
    # 15/07/2025 : 17 + 28 + 31 + 30 + 31 + 30 + 15 = 182 jours ;
    # 10 000 × 11,15 % × 182 / 365 = 555,9726… → 555,97.
    result = calculer_paiement("60 000", 4, "2024-09-01", demande="2024-12-15", paiement="2025-07-15",
                               somme_ttc="10 000")
    assert result.echeance == date(2025, 1, 14)
    assert result.jours_retard == 182
    assert result.taux_bce_pct == 3.15
    assert result.interets == 555.97


def test_paid_on_time_owes_nothing() -> None:
    result = calculer_paiement("60 000", 4, "2026-01-10", demande="2026-03-02", paiement="2026-04-01",
                               somme_ttc="12 000")
    assert result.jours_retard == 0 and result.interets == 0 and result.indemnite == 0


def test_an_unverified_rate_is_asked_then_used_when_typed() -> None:
    with pytest.raises(PaiementInvalide, match=r"n'est pas vérifié.*tapez-le"):
        calculer_paiement("60 000", 4, "2026-01-10", demande="2026-07-20", paiement="2026-09-01",
                          somme_ttc="36 000")
    # Limite 19/08/2026 ; 13 jours (20/08 → 01/09) ; taux tapé 2 + 8 = 10 % : 36 000 × 0,10 × 13 / 365.
    result = calculer_paiement("60 000", 4, "2026-01-10", demande="2026-07-20", paiement="2026-09-01",
                               somme_ttc="36 000", taux_bce_pct="2")
    assert result.jours_retard == 13
    assert result.taux_bce_source == "taux tapé"
    assert result.interets == round(36_000 * 0.10 * 13 / 365, 2) == 128.22


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"montant_ht": "abc"}, "Montant initial du marché (HT)"),
    ({"montant_ht": "-5"}, "montant positif"),
    ({"duree_mois": "0"}, "Durée d'exécution"),
    ({"lancement": "01/02/2026"}, "AAAA-MM-JJ"),
    ({"lancement": "2018-06-01"}, "01/04/2019"),
    ({"acheteur": "etat"}, "marchés de l'État"),
    ({"paiement": "2026-04-20"}, "date de réception"),
    ({"demande": "2026-01-15"}, "ne peut pas précéder"),
    ({"demande": "2026-03-02", "paiement": "2026-03-01"}, "précède la réception"),
    ({"tva_pct": "150"}, "entre 0 et 100"),
])
def test_bad_values_get_a_french_message(kwargs: dict[str, str], message: str) -> None:
    values = {"montant_ht": "120 000", "duree_mois": 18, "lancement": "2026-02-01", **kwargs}
    with pytest.raises(PaiementInvalide) as caught:
        calculer_paiement(**values)
    assert message in str(caught.value)


# ---- Command ----------------------------------------------------------------------------------

def test_command_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["financement", "paiement", "--montant", "120 000", "--duree", "18", "--lancement", "2026-02-01",
                 "--pme", "--acheteur", "grande-collectivite", "--demande", "2026-03-02", "--paiement",
                 "2026-04-20", "--somme", "36 000", "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["avance"]["montant_minimal_ttc"] == 9_600
    assert out["paiement"]["echeance"] == "2026-04-01"
    assert out["paiement"]["interets"] == 190.21
    assert out["paiement"]["total_du_pour_retard"] == 230.21
    assert any("R2192-31" in b for b in out["bases"])


def test_command_text_names_the_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["financement", "paiement", "--montant", "40 000", "--duree", "6", "--lancement",
                 "2026-02-01"]) == 0
    out = capsys.readouterr().out
    assert "Avance non obligatoire" in out and "R2191-3" in out


@pytest.mark.parametrize(("args", "message"), [
    (["--montant", "beaucoup", "--duree", "18", "--lancement", "2026-02-01"], "n'est pas un nombre lisible"),
    (["--montant", "120 000", "--duree", "18", "--lancement", "2026-13-01"], "AAAA-MM-JJ"),
    (["--montant", "120 000", "--duree", "18", "--lancement", "2026-02-01", "--demande", "2026-07-20",
      "--paiement", "2026-09-01"], "tapez-le"),
    (["--montant", "120 000", "--duree", "18", "--lancement", "2026-02-01", "--acheteur", "etat"], "etat"),
    (["--montant", "120 000", "--lancement", "2026-02-01"], "--duree"),
])
def test_command_bad_input_exits_2_in_french_without_traceback(args: list[str], message: str) -> None:
    done = subprocess.run([sys.executable, "-c", "import sys; from piu.core.cli import main; sys.exit(main())",
                           "financement", "paiement", *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr and done.stderr.startswith("piu")


# ---- Form and helpers -------------------------------------------------------------------------

def test_form_shows_the_example_result_in_the_book() -> None:
    from piu.financement import calculateur_paiement

    html = calculateur_paiement()._repr_mimebundle_()["text/html"]
    assert "9\u202f600" in html and "190,21" in html and "R2192-31" in html


def test_form_reports_a_bad_entry_instead_of_raising() -> None:
    from piu.financement.formulaires import PaymentForm

    form = PaymentForm({"montant_ht": "n'importe quoi", "duree_mois": "18", "lancement": "2026-02-01"})
    assert "⚠" in form.render() and "nombre lisible" in form.render()


def test_helper_prints_a_message_on_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    from piu.financement import calculer_avance_et_retard

    assert calculer_avance_et_retard("x", 6, "2026-02-01") is None
    assert capsys.readouterr().out.startswith("⚠ Montant initial")


# ---- Questions --------------------------------------------------------------------------------

def test_numeric_answers_are_those_of_the_engine() -> None:
    advance = calculer_paiement("120 000", 18, "2026-02-01", pme=True, acheteur="grande-collectivite")
    assert BANK["m4-avance-montant"].reponse == advance.avance_montant
    late = calculer_paiement("120 000", 18, "2026-02-01", demande="2026-03-02", paiement="2026-04-20",
                             somme_ttc="36 000")
    assert BANK["m4-interets-moratoires"].reponse == late.interets
    assert not calculer_paiement("48 000", 6, "2026-02-01").avance_due  # m4-avance-due


@pytest.mark.parametrize(("question_id", "right", "wrongs"), [
    ("m4-avance-due", "b", ["a", "c"]),
    ("m4-avance-montant", "9 600", ["14 400", "4 800", "8 000", "28 800"]),
    ("m4-interets-moratoires", "190,21", ["230,21", "200,22", "490,54", "40,29", "40"]),
    ("m4-interets-semestre", "c", ["a", "b"]),
    ("m4-tresorerie-startup", ["a", "b"], [["a", "b", "c"], ["a", "b", "d"], ["a"], ["c", "d"]]),
])
def test_right_answer_passes_and_typical_wrong_answers_fail_with_feedback(
        question_id: str, right: object, wrongs: list[object]) -> None:
    question = BANK[question_id]
    assert corriger(question, right).juste
    for wrong in wrongs:
        verdict = corriger(question, wrong)
        assert not verdict.juste, (question_id, wrong)
        assert verdict.retour.strip()


def test_typical_numeric_errors_say_what_went_wrong() -> None:
    question = BANK["m4-interets-moratoires"]
    assert "indemnité" in corriger(question, "230,21").retour
    assert "19 jours" in corriger(question, "200,22").retour
    assert "douze mois" in corriger(BANK["m4-avance-montant"], "14 400").retour


def test_right_options_vary_in_position_and_are_not_the_longest() -> None:
    ids = ["m4-avance-due", "m4-interets-semestre"]
    positions = set()
    for qid in ids:
        question = BANK[qid]
        right = [o for o in question.options if o.correct]
        assert len(right) == 1
        positions.add(question.options.index(right[0]))
        assert len(right[0].texte) < max(len(o.texte) for o in question.options), qid
    assert len(positions) == len(ids)


def test_the_cash_barrier_of_module_1_points_to_this_content() -> None:
    barrier = data.ligne("freins", "temporalite-projets")
    assert "4" in barrier["leviers_modules"].split(";")
    assert {"ccp-r2191-3", "ccp-r2192-10"} <= set(barrier["leviers_regles"].split(";"))
    politics = data.ligne("freins", "temporalite-politique")
    assert "trésorerie" in politics["cout"] and "avance" in politics["action"]


def test_the_page_quotes_its_figures_from_data_and_shows_every_question() -> None:
    page = (ROOT / "book/module4/execution.md").read_text(encoding="utf-8")
    for qid in ("m4-avance-due", "m4-avance-montant", "m4-interets-moratoires", "m4-interets-semestre",
                "m4-tresorerie-startup"):
        assert f"{{quiz}} {qid}" in page
    for reference in ("regles_contrat:avance-seuil:montant_ht", "regles_contrat:delai-paiement:nombre",
                      "regles_contrat:indemnite-forfaitaire:montant", "taux_bce:taux-refi-bce:taux_pct@2026-01-01"):
        assert reference in page
    for heading in ("## Objectifs", "## Prérequis", "## À retenir", "## Pour aller plus loin"):
        assert heading in page
    for literal in ("50 000 €", "40 €", "30 jours"):
        assert literal not in page, literal
