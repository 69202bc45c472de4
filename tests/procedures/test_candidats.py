"""Writing the need, what candidates may be asked, the value of a framework agreement or a
concession (issue 21, section 2; page book/module3/besoin-et-candidats.md).

Hidden cases are computed by hand; bank answers are recomputed by the engines.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from piu.core import data
from piu.core.cli import main
from piu.core.questions.bank import charger_banque
from piu.core.questions.grading import corriger
from piu.procedures import estimer_concession, estimer_valeur, plafond_chiffre_affaires
from piu.procedures.candidats import CandidatsInvalides
from piu.procedures.concession import ConcessionInvalide

ROOT = Path(__file__).resolve().parents[2]
BANK = charger_banque()
PAGE = (ROOT / "book/module3/besoin-et-candidats.md").read_text(encoding="utf-8")
NEW_QUESTIONS = ["m3-besoin-marque", "m3-besoin-variantes", "m3-besoin-prototype", "m3-besoin-label",
                 "m3-candidats-ca-plafond", "m3-candidats-startup", "m3-valeur-accord-cadre",
                 "m3-valeur-concession"]


# ---- Data: the turnover ceiling changed on 01/01/2026, both rows are kept ----------------------

def test_turnover_ceiling_has_two_dated_rows() -> None:
    rows = data.table("regles_contrat")
    rows = rows[rows["id"] == "ca-minimal-plafond"].sort_values("valid_from")
    assert list(rows["nombre"]) == [2, 1.5]
    assert rows.iloc[0]["valid_to"] == date(2025, 12, 31)
    assert rows.iloc[1]["valid_from"] == date(2026, 1, 1)
    assert "2025-1383" in rows.iloc[1]["base_legale"]


@pytest.mark.parametrize(("amount", "day", "ceiling"), [
    ("180 000", "2026-03-01", 270_000),
    ("180 000", "2025-12-31", 360_000),
    ("180 000", "2026-01-01", 270_000),
    ("1,2 M€", "2027-06-01", 1_800_000),
    ("45k€", "2020-05-01", 90_000),
])
def test_turnover_ceiling_for_a_date(amount: str, day: str, ceiling: float) -> None:
    assert plafond_chiffre_affaires(amount, day).plafond_ht == ceiling


def test_a_planned_requirement_is_checked_against_the_ceiling() -> None:
    over = plafond_chiffre_affaires("180 000", "2026-03-01", "400 000")
    assert over.exigence_conforme is False and "dépasse le plafond" in over.texte()
    under = plafond_chiffre_affaires("180 000", "2026-03-01", "200 000")
    assert under.exigence_conforme is True
    assert "R2142-14" in under.texte() and "R2142-3" in under.texte()


@pytest.mark.parametrize(("args", "message"), [
    (("abc", "2026-03-01"), "nombre lisible"),
    (("0", "2026-03-01"), "montant positif"),
    (("180 000", "2026/03/01"), "AAAA-MM-JJ"),
    (("180 000", "2018-01-01"), "01/04/2019"),
])
def test_turnover_bad_values(args: tuple[str, str], message: str) -> None:
    with pytest.raises(CandidatsInvalides) as caught:
        plafond_chiffre_affaires(*args)
    assert message in str(caught.value)


# ---- Concession: the concessionnaire's turnover, against the threshold of the notice's date -----

def test_concession_value_is_the_concessionnaires_turnover() -> None:
    # 4 200 000 + 1 300 000 = 5 500 000 : sous 5 538 000 (2024-2025), au-dessus de 5 404 000 (2026-2027).
    in_2025 = estimer_concession("2025-05-01", recettes_usagers="4 200 000", paiements_publics="1 300 000")
    in_2026 = estimer_concession("2026-05-01", recettes_usagers="4 200 000", paiements_publics="1 300 000")
    assert in_2025.total_ht == in_2026.total_ht == 5_500_000
    assert in_2025.procedure_simplifiee and not in_2026.procedure_simplifiee
    assert in_2026.seuil_ht == data.valeur("seuils:ue-concessions:montant_ht@2026-05-01")


def test_concession_exactly_at_the_threshold_is_not_below() -> None:
    threshold = data.valeur("seuils:ue-concessions:montant_ht@2026-05-01")
    assert not estimer_concession("2026-05-01", recettes_usagers=threshold).procedure_simplifiee
    assert estimer_concession("2026-05-01", recettes_usagers=threshold - 1).procedure_simplifiee


def test_every_element_of_r3121_2_counts() -> None:
    values = {"options": "100 000", "recettes_usagers": "1 000 000", "paiements_publics": "200 000",
              "subventions_tiers": "50 000", "ventes_actifs": "25 000", "mises_a_disposition": "10 000",
              "primes": "5 000"}
    assert estimer_concession("2026-05-01", **values).total_ht == 1_390_000


@pytest.mark.parametrize(("kwargs", "message"), [
    ({}, "au moins un élément"),
    ({"recettes_usagers": "beaucoup"}, "recettes perçues sur les usagers"),
    ({"recettes_usagers": "-3"}, "négatif"),
    ({"recettes": "1 000"}, "inconnu"),
])
def test_concession_bad_values(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ConcessionInvalide) as caught:
        estimer_concession("2026-05-01", **kwargs)
    assert message in str(caught.value)


def test_framework_agreement_value_with_the_estimated_value_helper() -> None:
    # Accord-cadre : maximum annuel 45 000 € HT, un an + trois reconductions : 180 000 € HT.
    result = estimer_valeur([{"montant_ht": "45 000", "reconductions": 3}], nature="services",
                            jour="2026-03-01")
    assert result.total_ht == 180_000 == BANK["m3-valeur-accord-cadre"].reponse


# ---- Commands ---------------------------------------------------------------------------------

def test_candidats_command_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["candidats", "--montant", "180 000", "--date", "2026-03-01", "--exige", "400 000", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["plafond_ht"] == 270_000 and out["coefficient"] == 1.5 and out["exigence_conforme"] is False


def test_concession_command_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["concession", "--date", "2025-05-01", "--recettes-usagers", "4 200 000",
                 "--paiements-publics", "1 300 000", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["total_ht"] == 5_500_000 and out["procedure_simplifiee"] is True


@pytest.mark.parametrize(("args", "message"), [
    (["candidats", "--montant", "cent", "--date", "2026-03-01"], "nombre lisible"),
    (["candidats", "--montant", "180 000", "--date", "2026-02-30"], "AAAA-MM-JJ"),
    (["candidats", "--date", "2026-03-01"], "--montant"),
    (["concession", "--date", "2026-05-01"], "au moins un élément"),
    (["concession", "--date", "2026-05-01", "--recettes-usagers", "x"], "nombre lisible"),
])
def test_commands_bad_input_exit_2_in_french_without_traceback(args: list[str], message: str) -> None:
    done = subprocess.run([sys.executable, "-c", "import sys; from piu.core.cli import main; sys.exit(main())",
                           *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


# ---- Forms ------------------------------------------------------------------------------------

def test_forms_show_their_example_in_the_book() -> None:
    from piu.procedures import chiffre_affaires_exigible, valeur_concession

    turnover = chiffre_affaires_exigible()._repr_mimebundle_()["text/html"]
    assert "270\u202f000" in turnover and "dépasse le plafond" in turnover
    concession = valeur_concession(jour=date(2026, 5, 1))._repr_mimebundle_()["text/html"]
    assert "5\u202f500\u202f000" in concession and "formalisée" in concession


# ---- Questions --------------------------------------------------------------------------------

def test_bank_answers_are_those_of_the_engines() -> None:
    assert BANK["m3-candidats-ca-plafond"].reponse == plafond_chiffre_affaires("180 000", "2026-03-01").plafond_ht
    old = plafond_chiffre_affaires("180 000", "2025-12-31").plafond_ht
    assert any(e.valeur == old for e in BANK["m3-candidats-ca-plafond"].erreurs_typiques)
    concession = estimer_concession("2026-05-01", recettes_usagers="4 200 000", paiements_publics="1 300 000")
    right = [o.id for o in BANK["m3-valeur-concession"].options if o.correct]
    assert right == ["b"] and not concession.procedure_simplifiee


@pytest.mark.parametrize(("question_id", "right", "wrongs"), [
    ("m3-besoin-marque", "b", ["a", "c", "d"]),
    ("m3-besoin-variantes", "b", ["a", "c"]),
    ("m3-besoin-prototype", ["a", "b", "d"], [["a", "b", "c", "d"], ["c"], ["a", "b"]]),
    ("m3-besoin-label", "a", ["b", "c"]),
    ("m3-candidats-ca-plafond", "270 000", ["360 000", "180 000", "400 000"]),
    ("m3-candidats-startup", ["b", "c"], [["a", "b", "c"], ["b", "c", "d"], ["b"], ["a"]]),
    ("m3-valeur-accord-cadre", "180 000", ["45 000", "135 000"]),
    ("m3-valeur-concession", "b", ["a", "c"]),
])
def test_right_answer_passes_and_wrong_answers_fail_with_feedback(
        question_id: str, right: object, wrongs: list[object]) -> None:
    question = BANK[question_id]
    assert corriger(question, right).juste
    for wrong in wrongs:
        verdict = corriger(question, wrong)
        assert not verdict.juste, (question_id, wrong)
        assert verdict.retour.strip()


def test_typical_errors_explain_the_date_of_the_rule() -> None:
    feedback = corriger(BANK["m3-candidats-ca-plafond"], "360 000").retour
    assert "31/12/2025" in feedback and "2025-1383" in feedback
    assert "quatre périodes" in corriger(BANK["m3-valeur-accord-cadre"], "135 000").retour


def test_right_options_vary_in_position_and_are_not_the_longest() -> None:
    single = [q for q in NEW_QUESTIONS if BANK[q].type == "choix-unique"]
    positions = set()
    for qid in single:
        question = BANK[qid]
        right = next(o for o in question.options if o.correct)
        positions.add(question.options.index(right))
        assert len(right.texte) < max(len(o.texte) for o in question.options), qid
    assert len(positions) >= 2


# ---- The page ---------------------------------------------------------------------------------

def test_the_page_shows_every_question_and_has_the_house_sections() -> None:
    for qid in NEW_QUESTIONS:
        assert f"{{quiz}} {qid}" in PAGE, qid
    headings = re.findall(r"^## (.+)$", PAGE, re.M)
    assert headings[:2] == ["Objectifs", "Prérequis"]
    assert headings[-2:] == ["À retenir", "Pour aller plus loin"]


def test_the_page_is_in_the_table_of_contents_after_the_chapter() -> None:
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    assert toc.index("book/module3/chapitre") < toc.index("book/module3/besoin-et-candidats") \
        < toc.index("notebooks/module3")
    assert toc.index("book/module4/chapitre") < toc.index("book/module4/execution") < toc.index("notebooks/module4")


_ARTICLE = re.compile(r"(?<![A-Za-z0-9])(LO|L|R|D)\.?\s?(\d{3,4}(?:-\d+)+)")


@pytest.mark.parametrize("path", ["book/module3/besoin-et-candidats.md", "book/module4/execution.md",
                                  "src/piu/financement/paiement.py", "src/piu/procedures/candidats.py",
                                  "src/piu/procedures/concession.py"])
def test_every_code_article_cited_is_in_the_references_table(path: str) -> None:
    text = (ROOT / path).read_text(encoding="utf-8")
    # « L1511-2 » and « L1511-3 » are CGCT articles, already referenced under cgct-*.
    referenced = set(data.table("references")["article"].dropna())
    cited = {f"{p}{n}" for p, n in _ARTICLE.findall(text)}
    assert not cited - referenced, sorted(cited - referenced)


def test_the_turnover_figures_are_quoted_from_data() -> None:
    assert "regles_contrat:ca-minimal-plafond:nombre@2026-01-01" in PAGE
    assert "regles_contrat:ca-minimal-plafond:nombre@2025-12-31" in PAGE
    assert "seuils:ue-concessions:montant_ht@2026-05-01" in PAGE
    assert "1,5 fois" not in PAGE and "deux fois le montant" not in PAGE
