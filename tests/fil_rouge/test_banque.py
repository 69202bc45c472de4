"""Module 7 questions: each answer recomputed by the tool of its step, on the same case; the right
answer passes, each typical error fails with its own feedback, French typing and nonsense are handled."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from piu.cooperation import lire_scic, verifier_scic
from piu.cooperation.scic_fichier import scic_depuis_donnees
from piu.core.errors import ReponseIllisible
from piu.core.questions.bank import charger_banque
from piu.core.questions.grading import bonne_reponse, corriger
from piu.evaluation import comparer_livraison
from piu.fil_rouge import chiffre, livraisons_hebdomadaires, tournees_visees_par_semaine
from piu.financement import lire_plan
from piu.financement.plan import check_plan
from piu.procedures import conseiller, estimer_valeur, qualifier

ROOT = Path(__file__).resolve().parents[2]
CAS = ROOT / "notebooks" / "cyclologistique"


@pytest.fixture(scope="module")
def bank():
    return charger_banque()


def _ok(bank, qid: str, answer: object) -> None:
    verdict = corriger(bank[qid], answer)
    assert verdict.juste, (qid, answer, verdict.retour)


def _ko(bank, qid: str, answer: object, feedback: str) -> None:
    verdict = corriger(bank[qid], answer)
    assert not verdict.juste and feedback in verdict.retour, (qid, answer, verdict.retour)


def test_at_least_twelve_questions_several_change_a_date_or_an_amount(bank):
    questions = bank.du_module(7)
    assert len(questions) >= 12
    changing = [q for q in questions if q.id in ("m7-procedure-montant", "m7-procedure-date",
                                                  "m7-critere-environnemental", "m7-scic-apport")]
    assert len(changing) == 4


def test_case_figures_answers(bank):
    assert bank["m7-livraisons-semaine"].reponse == livraisons_hebdomadaires()
    assert bank["m7-tournees-visees"].reponse == pytest.approx(tournees_visees_par_semaine())
    _ok(bank, "m7-livraisons-semaine", "42 000")
    _ko(bank, "m7-livraisons-semaine", "6 000", "par jour")
    _ok(bank, "m7-tournees-visees", "35")
    _ko(bank, "m7-tournees-visees", "2 100", "divisez-le")
    _ko(bank, "m7-tournees-visees", "700", "part visée")


def test_carbon_answer_is_the_calculator(bank):
    rows = comparer_livraison(chiffre("tournee-km"), int(chiffre("colis-par-tournee")), chiffre("charge-par-tournee"))
    grams = 1000 * float(rows[0]["par_colis"])
    assert rows[0]["vehicule"] == "velo-cargo"
    assert bank["m7-carbone-colis"].reponse == pytest.approx(grams, abs=0.05)
    _ok(bank, "m7-carbone-colis", "7,4")
    _ko(bank, "m7-carbone-colis", "14,8", "kilomètre")
    _ko(bank, "m7-carbone-colis", "444", "toute la tournée")


def test_contract_answers_are_the_advisor(bank):
    assert qualifier("collectivite", "prix", jour="2026-09-01").qualification.id == "marche-public"
    espace = qualifier("porteur", "aucune", domaine_public=True, jour="2026-09-01")
    assert espace.qualification.id == "occupation-domaine"
    _ok(bank, "m7-contrat-prestation", "a")
    _ko(bank, "m7-contrat-prestation", "b", "requalifiée")
    _ok(bank, "m7-contrat-espace", "a")
    _ko(bank, "m7-contrat-espace", "b", "ne paie aucun prix")


def test_value_and_procedure_answers_follow_amount_and_date(bank):
    annual = chiffre("prestation-annuelle")
    value = estimer_valeur([{"libelle": "x", "montant_ht": annual, "reconductions": 2}], jour=date(2026, 9, 1)).total_ht
    assert bank["m7-valeur-estimee"].reponse == value
    _ok(bank, "m7-valeur-estimee", "192 000 €")
    _ko(bank, "m7-valeur-estimee", "64000", "seule année")
    _ko(bank, "m7-valeur-estimee", "128 000", "deux années")
    assert conseiller("collectivite", "services", value, "2026-09-01", innovant=True).ids == ["mapa"]
    assert "appel-offres" in conseiller("collectivite", "services", 3 * 75_000, "2026-09-01").ids
    assert conseiller("collectivite", "services", 220_000, "2025-11-15").ids == ["mapa"]
    assert "appel-offres" in conseiller("collectivite", "services", 220_000, "2026-02-01").ids
    for qid in ("m7-procedure-lancement", "m7-procedure-montant", "m7-procedure-date"):
        _ok(bank, qid, "a")
    _ko(bank, "m7-procedure-lancement", "c", "strictement inférieure")
    _ko(bank, "m7-procedure-montant", "b", "toute la durée")
    _ko(bank, "m7-procedure-montant", "c", "interdit")
    _ko(bank, "m7-procedure-date", "b", "01/01/2026")


def test_environmental_criterion_depends_on_the_launch_date(bank):
    from piu.core.errors import PiuError
    from piu.evaluation import lire_grille

    grid = ROOT / "notebooks" / "grilles" / "attribution-sans-environnement.csv"
    with pytest.raises(PiuError):
        lire_grille(grid, "attribution", date(2026, 9, 15))
    lire_grille(grid, "attribution", date(2026, 5, 15))
    _ok(bank, "m7-critere-environnemental", "a")
    _ko(bank, "m7-critere-environnemental", "c", "préférence locale")


def test_financing_share_is_the_checker(bank):
    result = check_plan(lire_plan(CAS / "plan-espace-logistique.yaml"), date(2026, 12, 3))
    assert result.conforme
    assert bank["m7-part-metropole"].reponse == pytest.approx(100 * result.part_maitre_ouvrage, abs=0.05)
    _ok(bank, "m7-part-metropole", "33,3 %")
    _ko(bank, "m7-part-metropole", "25", "financements publics")


def test_scic_contribution_answer_is_the_simulator(bank):
    scic = lire_scic(CAS / "scic-rivebelle.yaml")
    assert verifier_scic(scic).conforme
    raw = {"nom": scic.nom, "forme": "SAS", "effectif_salarie": 5,
           "associes": [{"nom": a.nom, "categorie": a.categorie, "capital": 28000 if a.categorie == "collectivites"
                         else a.capital, "college": a.college} for a in scic.associes],
           "colleges": [{"nom": c.nom, "poids": c.poids} for c in scic.colleges]}
    bigger = scic_depuis_donnees(raw, "variante")
    assert not verifier_scic(bigger).conforme
    _ok(bank, "m7-scic-apport", "a")
    _ko(bank, "m7-scic-apport", "c", "capital, pas sur les voix")
    _ok(bank, "m7-deport", "a")
    _ko(bank, "m7-deport", "b", "se déporter")


def test_choices_and_need(bank):
    _ok(bank, "m7-besoin-usage", "b")
    _ko(bank, "m7-besoin-usage", "a", "solution")
    _ok(bank, "m7-innovant", ["a", "b"])
    _ko(bank, "m7-innovant", ["a", "b", "c"], "2025-391")


@pytest.mark.parametrize("qid", ["m7-livraisons-semaine", "m7-valeur-estimee", "m7-part-metropole"])
def test_nonsense_gets_a_message_not_a_traceback(bank, qid):
    with pytest.raises(ReponseIllisible):
        corriger(bank[qid], "beaucoup")
    assert corriger(bank[qid], bonne_reponse(bank[qid])).juste
