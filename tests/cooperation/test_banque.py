"""Module 5 questions: answers recomputed with the simulator, so course and engine agree;
the right answer passes and every typical error fails with its own feedback."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from piu.cooperation import (
    corriger_ma_scic,
    lire_scic,
    minorites_de_blocage,
    part_du_capital,
    repartir_excedent,
    verifier_scic,
)
from piu.cooperation.exercice import examiner_correction
from piu.cooperation.gouvernance import part_des_voix
from piu.cooperation.scic_fichier import scic_depuis_donnees
from piu.cooperation.vehicules import Situation, comparer_vehicules
from piu.core import data
from piu.core.questions.bank import charger_banque
from piu.core.questions.grading import corriger

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bank():
    return charger_banque()


def test_at_least_twelve_questions_some_to_fix_a_scic(bank):
    questions = bank.du_module(5)
    assert len(questions) >= 12
    assert sum(q.id.startswith("m5-corriger") for q in questions) >= 3


def test_plafond_matches_the_data(bank):
    # No date pinned: a learner reading the course next year gets next year's rule.
    plafond = data.valeur("scic_regles:capital-public-max:taux_pct")
    assert bank["m5-plafond-public"].reponse == plafond
    text = (ROOT / "exercises/banque/module5.yaml").read_text(encoding="utf-8") + (
        ROOT / "book/module5/chapitre.md").read_text(encoding="utf-8")
    pins = re.findall(r"\{donnee\}`[^`]+@(\d{4}-\d\d-\d\d)`|donnee: \"[^\"]+@(\d{4}-\d\d-\d\d)\"", text)
    # Only the old rule (a typical error) and the 2024 Ferme de Lyon case are pinned, on purpose.
    assert sorted({a or b for a, b in pins}) == ["2010-01-01", "2024-01-01"]


def test_interest_increment_reads_as_points_not_percent(bank):
    assert data.texte_valeur("scic_regles:interet-parts-majoration:points") == "2"
    q = bank["m5-interet-parts"]
    assert q.retour_juste.endswith("+ 2 points.") and "majorée de 2 points" in q.explication
    chapter = (ROOT / "book/module5/chapitre.md").read_text(encoding="utf-8")
    assert "interet-parts-majoration:points` points" in chapter
    assert "interet-parts-majoration:taux_pct" not in chapter


def test_ferme_de_lyon_answer_is_the_smallest_compliant_capital(bank):
    answer = bank["m5-ferme-lyon"].reponse
    public = [("collectivites", 100_000), ("collectivites", 40_000), ("collectivites", 10_000)]

    def compliant(total: float) -> bool:
        rest = total - 150_000
        raw = {"nom": "Ferme", "forme": "SA", "associes": [
            {"nom": f"P{i}", "categorie": c, "capital": v} for i, (c, v) in enumerate(public)] + [
            {"nom": "Salarié", "categorie": "salaries", "capital": rest / 2},
            {"nom": "Clients", "categorie": "beneficiaires", "capital": rest / 2}]}
        return verifier_scic(scic_depuis_donnees(raw), date(2024, 1, 1)).conforme

    assert compliant(answer) and not compliant(answer - 1)


def test_corriger_capital_answer_fixes_the_example_file(bank):
    scic = lire_scic(ROOT / "notebooks/scic/a-corriger.yaml")
    public = scic.capital_de("collectivites")
    answer = bank["m5-corriger-capital"].reponse
    assert answer == public - (scic.capital_total - public)
    message = next(m.message for m in verifier_scic(scic).manquements if m.regle == "capital-public")
    assert "60\u202f000" in message


def test_corriger_colleges_options_match_the_rules(bank):
    q = bank["m5-corriger-colleges"]
    options = {"a": [50, 30, 20], "b": [60, 30, 10], "c": [45, 50, 5], "d": [None, None, None],
               "e": [50, 25, 15]}
    for oid, weights in options.items():
        raw = {"nom": "T", "forme": "SAS", "associes": [
            {"nom": "S", "categorie": "salaries", "capital": 1, "college": "Public"},
            {"nom": "P", "categorie": "producteurs", "capital": 1, "college": "Producteurs"},
            {"nom": "B", "categorie": "beneficiaires", "capital": 1, "college": "Mangeurs"}],
            "colleges": [{"nom": n, **({} if p is None else {"poids": p})}
                         for n, p in zip(["Public", "Producteurs", "Mangeurs"], weights, strict=True)]}
        compliant = verifier_scic(scic_depuis_donnees(raw)).conforme
        assert compliant is (oid in q.bonnes_options), oid


def test_corriger_salaries_matches_the_engine(bank):
    scic = lire_scic(ROOT / "notebooks/scic/a-corriger.yaml")
    assert "categorie-salaries" in [m.regle for m in verifier_scic(scic).manquements]
    # The question's case, then each option applied to it: the engine says which one fixes it.
    base = [{"nom": "Maraîcher", "categorie": "producteurs", "capital": 1000, "college": "Terre"},
            {"nom": "AMAP", "categorie": "beneficiaires", "capital": 1000, "college": "Mangeurs"},
            {"nom": "Commune", "categorie": "collectivites", "capital": 1000, "college": "Public"}]
    edits = {
        "a": [*base, {"nom": "Salariée", "categorie": "salaries", "capital": 100,
                      "college": "Terre"}],
        "b": base,
        "c": [*base, {"nom": "Bénévoles", "categorie": "autres", "capital": 100,
                      "college": "Mangeurs"}],
        "d": base,   # employees listed in a college without being members: nothing changes
    }
    q = bank["m5-corriger-salaries"]
    assert set(edits) == {o.id for o in q.options}
    fixed = set()
    for oid, members in edits.items():
        raw = {"nom": "Maraîchage", "forme": "SAS", "effectif_salarie": 2, "associes": members,
               "colleges": [{"nom": "Terre"}, {"nom": "Mangeurs"}, {"nom": "Public"}]}
        rules = [m.regle for m in verifier_scic(scic_depuis_donnees(raw)).manquements]
        if "categorie-salaries" not in rules:
            fixed.add(oid)
    assert fixed == set(q.bonnes_options)


def test_exercise_diagnostic_does_not_give_the_capital_answer_away(bank):
    scic = lire_scic(ROOT / "notebooks/scic/a-corriger.yaml")
    shown = verifier_scic(scic).resume() + part_du_capital(scic, "collectivites")
    answer = bank["m5-corriger-capital"].reponse
    for spelling in (f"{answer:,.0f}".replace(",", "\u202f"), f"{answer:.0f}", "souscrire"):
        assert spelling not in shown
    assert "capital-public" in shown and "87,5\u00a0%" in shown
    cells = json.loads((ROOT / "exercises/module5.ipynb").read_text(encoding="utf-8"))["cells"]
    sources = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    assert not any(".texte()" in src for src in sources)


def test_reserves_and_interest_match_the_engine(bank):
    r = repartir_excedent(40_000, 10_000, 3.2)
    assert bank["m5-reserves"].reponse == r.reserves_impartageables
    assert bank["m5-interet-parts"].reponse == pytest.approx(r.plafond_interet_pct)


def test_blocking_question_matches_the_engine(bank):
    raw = {"nom": "T", "forme": "SAS", "associes": [
        {"nom": n, "categorie": c, "capital": 1, "college": n}
        for n, c in [("A", "salaries"), ("B", "beneficiaires"), ("C", "autres")]] + [
        {"nom": "A2", "categorie": "salaries", "capital": 1, "college": "A"}],
        "colleges": [{"nom": "A"}, {"nom": "B"}, {"nom": "C"}]}
    block = minorites_de_blocage(scic_depuis_donnees(raw), "deux-tiers")
    colleges_alone = [n for kind, n, _ in block.seuls if kind == "le collège"]
    assert colleges_alone == [] and bank["m5-blocage-tiers"].bonnes_options == ("a",)


def test_vote_share_question_matches_the_engine(bank):
    raw = {"nom": "T", "forme": "SAS", "associes": [
        {"nom": f"S{i}", "categorie": "salaries", "capital": 1, "college": "Salariés"} for i in range(5)] + [
        {"nom": "B", "categorie": "beneficiaires", "capital": 1, "college": "Clients"},
        {"nom": "C", "categorie": "autres", "capital": 1, "college": "Soutiens"}],
        "colleges": [{"nom": "Salariés", "poids": 40}, {"nom": "Clients", "poids": 30},
                     {"nom": "Soutiens", "poids": 30}]}
    assert float(part_des_voix(scic_depuis_donnees(raw))["S0"] * 100) == bank["m5-voix-salarie"].reponse


def test_vehicle_matching_agrees_with_the_comparator(bank):
    q = bank["m5-vehicules"]
    pairs = {p.id: p.avec for p in q.elements}
    adapted = {c.id for c in comparer_vehicules(Situation(
        collectivite_minoritaire=True, voix_salaries=True, usagers_associes=True,
        entrer_au_capital=True)) if c.verdict == "adapté"}
    assert pairs["multi"] in adapted
    not_excluded = {c.id for c in comparer_vehicules(Situation(confier_sans_concurrence=True,
                                                               plusieurs_personnes_publiques=True))
                    if c.verdict != "écarté"}
    assert pairs["public"] in not_excluded


def test_in_house_answer(bank):
    # Option a says « mise en concurrence », b « attribution directe » : the comparator decides.
    scic = next(c for c in comparer_vehicules(Situation(confier_sans_concurrence=True))
                if c.id == "scic")
    competition = scic.verdict == "écarté"
    assert competition is (data.ligne("vehicules", "scic")["in_house"] == "non")
    q = bank["m5-in-house"]
    texts = {o.id: o.texte for o in q.options}
    assert "mise en" in texts["a"] and "directement" in texts["b"]
    assert set(q.bonnes_options) == ({"a"} if competition else {"b"})


@pytest.mark.parametrize("qid", [q.id for q in charger_banque().du_module(5)])
def test_typical_errors_fail_with_their_own_feedback(bank, qid):
    q = bank[qid]
    if q.type == "numerique":
        assert corriger(q, q.reponse).juste
        for err in q.erreurs_typiques:
            verdict = corriger(q, err.valeur)
            assert not verdict.juste and verdict.retour == err.retour
    elif q.type in ("choix-unique", "choix-multiple"):
        right = list(q.bonnes_options)
        assert corriger(q, right if q.type == "choix-multiple" else right[0]).juste
        for option in q.options:
            if not option.correct:
                assert not corriger(q, option.id if q.type == "choix-unique" else [option.id]).juste
    elif q.type == "ordre":
        assert corriger(q, [e.id for e in q.elements]).juste
        assert not corriger(q, [e.id for e in reversed(q.elements)]).juste
    elif q.type == "association":
        assert corriger(q, {e.id: e.avec for e in q.elements}).juste
        assert not corriger(q, {e.id: "sem" for e in q.elements}).juste


# --- the exercise where the learner edits the SCIC's description --------------------------

CASE = (ROOT / "notebooks/scic/a-corriger.yaml").read_text(encoding="utf-8")
FIXED = (ROOT / "notebooks/scic/corrige.yaml").read_text(encoding="utf-8")


def test_the_reference_fix_leaves_nothing_and_passes_the_question(bank):
    result = examiner_correction(FIXED)
    assert result.restants == 0
    assert corriger(bank["m5-corriger-yaml"], result.restants).juste


def test_the_unedited_case_fails_with_what_is_wrong_but_not_the_amount(bank):
    result = examiner_correction(CASE)
    assert [p.split("]")[0] + "]" for p in result.problemes] == [
        "[categorie-salaries]", "[capital-public]", "[college-poids]"]
    text = "\n".join(result.problemes)
    assert "aucun n'est associé" in text and "87,5" in text and "« Public » pèse 60" in text
    assert "souscrire" not in text and "60\u202f000" not in text
    verdict = corriger(bank["m5-corriger-yaml"], result.restants)
    assert not verdict.juste and "Rien n'est encore corrigé" in verdict.retour


@pytest.mark.parametrize(("edit", "left", "expected"), [
    # one fix only: an employee joins
    (lambda t: t.replace("  - nom: AMAP des Pentes", "  - nom: Salariée\n    categorie: salaries\n"
                         "    capital: 500\n    college: Producteurs\n  - nom: AMAP des Pentes"),
     2, "[capital-public]"),
    # cheating: the farm « employs nobody » now
    (lambda t: t.replace("effectif_salarie: 2", "effectif_salarie: 0"), 3, "doit rester 2"),
    # cheating: the public contribution shrinks
    (lambda t: t.replace("capital: 60000", "capital: 5000"), 4, "ne pas toucher"),
    # cheating: the commune leaves
    (lambda t: t.replace("  - nom: Commune des Pentes\n    categorie: collectivites\n"
                         "    capital: 60000\n    college: Public\n", ""), 3, "a disparu"),
])
def test_partial_or_forbidden_edits_fail_with_useful_feedback(bank, edit, left, expected):
    result = examiner_correction(edit(CASE))
    assert result.restants == left and expected in "\n".join(result.problemes)
    assert not corriger(bank["m5-corriger-yaml"], result.restants).juste


def test_the_cell_prints_feedback_records_and_never_raises(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("PIU_PROGRES", str(tmp_path / "progres.json"))
    corriger_ma_scic(CASE)
    out = capsys.readouterr().out
    assert "Il reste 3 problèmes" in out and "Rien n'est encore corrigé" in out
    corriger_ma_scic(FIXED)
    out = capsys.readouterr().out
    assert "plus aucun manquement" in out and "Traceback" not in out
    corriger_ma_scic("nom: [X\n")
    assert "YAML illisible" in capsys.readouterr().out
    assert (tmp_path / "progres.json").exists()


def test_the_notebook_cell_starts_from_the_case_file():
    cells = json.loads((ROOT / "exercises/module5.ipynb").read_text(encoding="utf-8"))["cells"]
    cell = next("".join(c["source"]) for c in cells if "corriger_ma_scic(ma_scic)" in "".join(c["source"]))
    start = cell.index('"""') + 3
    written = cell[start:cell.index('"""', start)]
    assert examiner_correction(written).problemes == examiner_correction(CASE).problemes


# --- issue 11: déport des élus, who may subsidise a SCIC, 57,5 % -------------------------

def test_deport_question_right_passes_wrong_ones_fail_with_feedback(bank):
    q = bank["m5-deport"]
    assert q.bonnes_options == ("a",) or set(q.bonnes_options) == {"a"}
    verdict = corriger(q, "a")
    assert verdict.juste and "L1111-6" in verdict.source and "432-12" in verdict.source
    for wrong in ("b", "c", "d"):
        verdict = corriger(q, wrong)
        assert not verdict.juste and verdict.retour.startswith("Non")


def test_subsidy_question_names_the_region_and_its_basis(bank):
    q = bank["m5-subvention-base"]
    assert corriger(q, "a").juste
    assert "L1511-2" in q.source and "19 decies" in q.source and "L1511-3" in q.source
    for wrong in ("b", "c", "d"):
        assert not corriger(q, wrong).juste and corriger(q, wrong).retour


def test_impartible_reserves_row_agrees_with_its_two_rules(bank):
    legal = data.valeur("scic_regles:reserve-legale-min:taux_pct")
    statutory = data.valeur("scic_regles:reserve-statutaire-min:taux_pct")
    total = data.valeur("scic_regles:reserves-impartageables-min:taux_pct")
    assert total == pytest.approx(legal + statutory * (100 - legal) / 100)
    assert "57,5" in bank["m5-reserves"].retour_juste
    chapter = (ROOT / "book/module5/chapitre.md").read_text(encoding="utf-8")
    assert "scic_regles:reserves-impartageables-min:taux_pct" in chapter


def test_chapter_states_scic_article_numbers_deport_and_subsidy_basis():
    chapter = (ROOT / "book/module5/chapitre.md").read_text(encoding="utf-8")
    for article in ("19 quinquies", "19 septies", "19 nonies", "19 decies"):
        assert article in chapter, article
    assert "regles_financement:deport-elus:base_legale" in chapter
    assert "{quiz} m5-deport" in chapter and "{quiz} m5-subvention-base" in chapter
    assert "Place de l'Innovation Urbaine (PIU)" in chapter
    assert "Achat public d'innovation urbaine" not in chapter
