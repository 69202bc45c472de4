"""Module 2 question bank: the expected answers are recomputed with the engines, so the course
and the tools cannot disagree; typical wrong answers get their own feedback."""

from __future__ import annotations

import pytest

from piu.core.questions.bank import charger_banque
from piu.core.questions.grading import corriger
from piu.evaluation import OptionCout
from piu.evaluation.carbone import emissions_livraison, facteur, vehicules_par_defaut
from piu.evaluation.cout_global import cout_cycle_de_vie
from piu.evaluation.grille import Grille
from piu.evaluation.maturite import placer_trl


def answer(question_id: str) -> float:
    return charger_banque()[question_id].reponse


def test_au_moins_douze_questions() -> None:
    questions = charger_banque().du_module(2)
    assert len(questions) >= 12
    assert {q.type for q in questions} >= {"numerique", "choix-unique", "choix-multiple",
                                            "ordre", "association"}


def test_score_pondere_recalcule() -> None:
    grid = Grille.creer({"besoin": 40, "environnement": 30, "cout": 30},
                        {"offre": {"besoin": 5, "environnement": 4, "cout": 1}})
    assert grid.scores()["offre"] == pytest.approx(answer("m2-score-pondere"))


def test_poids_normalises_recalcule() -> None:
    grid = Grille.creer({"usages": 3, "cout": 2, "interop": 1},
                        {"A": {"usages": 1, "cout": 1, "interop": 1}})
    assert 100 * grid.poids_normalises["usages"] == pytest.approx(answer("m2-poids-normalises"))


def test_bascule_recalculee() -> None:
    # An award grid tested before the notice: it carries its environmental criterion (L2152-7),
    # scored the same for both profiles, so the tie is still at a cost weight of 60.
    grid = Grille.creer({"qualite": 60, "cout": 40, "environnement": 20},
                        {"A": {"qualite": 5, "cout": 2, "environnement": 4},
                         "B": {"qualite": 3, "cout": 4, "environnement": 4}})
    assert grid.scores() == pytest.approx({"A": 460 / 120, "B": 3.5})  # as the statement says
    assert "3,83 contre 3,5" in charger_banque()["m2-bascule"].enonce
    cost = next(i for i in grid.inversions() if i.critere == "cout")
    assert cost.poids_bascule == pytest.approx(answer("m2-bascule"))


# Each fact of the « m2-trl-cas » statement, quoted, with the questionnaire level it answers.
FAITS_TRL_CAS = [
    ("Un prototype a fonctionné six mois sur la voie publique", 7, True),
    ("avec les vrais camions de collecte", 7, True),
    ("n'a pas encore ses certifications", 8, False),
    ("sa version définitive n'est pas achevée", 8, False),
]


def _reponses_du_cas(faits: list[tuple[str, int, bool]]) -> dict[int, bool]:
    """Questionnaire answers from the facts: a level proven in real conditions implies the
    levels below it (a prototype cannot run on the public road without a proven concept);
    a level refused refuses the ones above it (no routine use without a final product)."""
    proven = max((level for _f, level, yes in faits if yes), default=0)
    refused = min((level for _f, level, yes in faits if not yes), default=10)
    return {n: n <= proven and n < refused for n in range(1, 10)}


def test_trl_recalcule() -> None:
    q = charger_banque()["m2-trl-cas"]
    statement = " ".join(q.enonce.split())
    for fact, _level, _proven in FAITS_TRL_CAS:
        assert fact in statement, fact  # the statement still says what the test encodes
    result = placer_trl(_reponses_du_cas(FAITS_TRL_CAS))
    assert not result.points_a_verifier
    assert [o.texte for o in q.options if o.correct] == [f"TRL {result.niveau}"]


def test_trl_mauvaise_lecture_du_cas_donne_une_mauvaise_option() -> None:
    # Reading the public road as a mere « representative environment » (level 7 not proven)
    q = charger_banque()["m2-trl-cas"]
    misread = [(f, 6, True) if level == 7 else (f, level, p) for f, level, p in FAITS_TRL_CAS]
    misread.append(("voie publique", 7, False))
    level = placer_trl(_reponses_du_cas(misread)).niveau
    wrong = {o.texte: o for o in q.options}[f"TRL {level}"]
    assert not wrong.correct and "environnement opérationnel" in wrong.retour


def test_carbone_velo_recalcule() -> None:
    assert facteur("velo-cargo-total").valeur == 0.0148  # the factor quoted in the statement
    velo = vehicules_par_defaut()["velo-cargo"]
    grams = 1000 * emissions_livraison(velo, 24, 40, 0)["par_colis"]
    assert grams == pytest.approx(answer("m2-carbone-velo"))


def test_carbone_diesel_recalcule() -> None:
    assert facteur("gazole-routier").valeur == 3.17
    assert facteur("vul-diesel-consommation").valeur == 9
    diesel = vehicules_par_defaut()["vul-diesel"]
    grams = 1000 * emissions_livraison(diesel, 36, 90, 0, part_fabrication=0)["par_colis"]
    assert grams == pytest.approx(answer("m2-carbone-diesel"))


def test_cout_actualise_recalcule() -> None:
    frame = cout_cycle_de_vie(OptionCout("A", 10_000, 0, 1_000), 2, 0.05, 0)
    assert round(frame["actualise"].sum()) == answer("m2-cout-actualise")


@pytest.mark.parametrize(("question_id", "juste", "fausses"), [
    ("m2-score-pondere", "3,5", ["3,33", "350"]),
    ("m2-poids-normalises", "50 %", ["3", "30"]),
    ("m2-bascule", "60", ["50", "20", "80"]),
    ("m2-carbone-velo", "8,88", ["14,8", "355,2", "0,00888"]),
    ("m2-carbone-diesel", "114,12", ["90,36", "11 412", "10 270,8"]),
    ("m2-cout-actualise", "11 859 €", ["12 000", "11 905"]),
])
def test_erreurs_typiques_ont_leur_retour(question_id: str, juste: str, fausses: list[str]) -> None:
    q = charger_banque()[question_id]
    assert corriger(q, juste).juste
    for wrong in fausses:
        verdict = corriger(q, wrong)
        assert not verdict.juste
        assert verdict.retour in {e.retour for e in q.erreurs_typiques}, wrong


def test_choix_et_ordre() -> None:
    bank = charger_banque()
    assert corriger(bank["m2-lire-stabilite"], "b").juste
    assert not corriger(bank["m2-lire-stabilite"], "a").juste
    assert corriger(bank["m2-cout-postes"], ["a", "b", "c", "d", "e"]).juste
    assert not corriger(bank["m2-cout-postes"], ["a", "b", "c", "d", "e", "f"]).juste
    assert corriger(bank["m2-trl-ordre"], ["concept", "labo", "representatif", "reel",
                                            "qualifie"]).juste
    assert not corriger(bank["m2-trl-ordre"], ["labo", "concept", "representatif", "reel",
                                                "qualifie"]).juste
    assert corriger(bank["m2-preuves-criteres"], {"souverainete": "clauses", "accessibilite": "audit",
                                                  "maturite": "essais", "environnement": "bilan"}).juste
    assert not corriger(bank["m2-preuves-criteres"], {"souverainete": "plaquette",
                                                      "accessibilite": "audit",
                                                      "maturite": "essais",
                                                      "environnement": "bilan"}).juste
