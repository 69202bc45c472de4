"""Module 3: « Quel contrat ? » (piu contrat) and the obligations of the procedure advisor."""

from __future__ import annotations

import json
import re
from datetime import date
from itertools import pairwise

import pytest

from piu.core import data
from piu.core.cli import main
from piu.procedures import conseiller, qualifier, quel_contrat
from piu.procedures.contrat import ContratInvalide
from piu.procedures.formulaires import html_conseil


def _n(text: str) -> str:
    """Text with its no-break spaces made plain, to compare amounts."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["contrat", *argv])
    out, err = capsys.readouterr()
    return status, out, err


# ---- The four outcomes ---------------------------------------------------------------------

@pytest.mark.parametrize(("argv", "attendu"), [
    (["--initiative", "collectivite", "--remuneration", "prix"], "marche-public"),
    (["--initiative", "porteur", "--remuneration", "prix"], "marche-public"),
    (["--initiative", "collectivite", "--remuneration", "usagers"], "marche-public"),
    (["--initiative", "collectivite", "--remuneration", "usagers", "--risque-exploitation"],
     "concession"),
    (["--initiative", "porteur", "--remuneration", "aucune", "--domaine-public"],
     "occupation-domaine"),
    (["--initiative", "porteur", "--remuneration", "usagers", "--domaine-public"],
     "occupation-domaine"),
    (["--initiative", "porteur", "--remuneration", "aucune"], "subvention"),
])
def test_cli_json_qualifies_the_contract(capsys: pytest.CaptureFixture[str], argv: list[str],
                                         attendu: str) -> None:
    status, out, _ = run(capsys, *argv, "--date", "2026-09-01", "--json")
    assert status == 0
    answer = json.loads(out)
    q = answer["qualification"]
    assert q["id"] == attendu
    assert set(q) == {"id", "libelle", "base_legale", "explication"}
    assert all(q[k].strip() for k in q)
    assert answer["vigilance"] and all(set(v) >= {"id", "texte"} for v in answer["vigilance"])


def test_a_price_for_the_collectivites_need_is_a_market_whoever_had_the_idea() -> None:
    result = qualifier("porteur", "prix", jour="2026-09-01")
    assert result.qualification.id == "marche-public"
    ids = [v.id for v in result.vigilance]
    assert "requalification-subvention" in ids and "suite-marche" in ids
    assert "requalifi" in result.qualification.explication


def test_concession_cites_l1121_1_and_the_threshold_of_the_day() -> None:
    result = qualifier("collectivite", "usagers", risque_exploitation=True, jour="2026-09-01")
    assert "L1121-1" in result.qualification.base_legale
    text = next(v.texte for v in result.vigilance if v.id == "concession-seuil")
    assert _n(data.texte_valeur("seuils:ue-concessions:montant_ht@2026-09-01")) in _n(text)
    assert "strictement inférieure" in text and "R3126-1" in text
    before = qualifier("collectivite", "usagers", risque_exploitation=True, jour="2025-06-01")
    assert _n(data.texte_valeur("seuils:ue-concessions:montant_ht@2025-06-01")) in _n(
        next(v.texte for v in before.vigilance if v.id == "concession-seuil"))
    # The environmental criterion of concessions applies from 21/08/2026 only.
    assert "concession-critere-environnemental" in [v.id for v in result.vigilance]
    assert "concession-critere-environnemental" not in [v.id for v in before.vigilance]


def test_occupation_cites_selection_spontaneous_interest_and_fee() -> None:
    result = qualifier("porteur", "aucune", domaine_public=True, jour="2026-09-01")
    bases = " ".join(v.base_legale for v in result.vigilance)
    for article in ("L2122-1-1", "L2122-1-2", "L2122-1-3", "L2122-1-4", "L2125-1"):
        assert article in bases + result.qualification.base_legale, article


def test_subsidy_names_who_may_aid_and_state_aid_rules() -> None:
    result = qualifier("porteur", "aucune", jour="2026-09-01")
    assert "2000-321" in result.qualification.base_legale
    texts = " ".join(v.texte + v.base_legale for v in result.vigilance)
    for word in ("L1511-2", "L1511-3", "de minimis", "RGEC", "SIEG", "L1111-6"):
        assert word in texts, word
    later = qualifier("porteur", "aucune", jour="2027-03-01")
    assert "vérifiez quel texte d'exemption" in " ".join(v.texte for v in later.vigilance)


# ---- Bad answers: a French message and exit code 2 -----------------------------------------

@pytest.mark.parametrize(("argv", "message"), [
    (["--initiative", "collectivite", "--remuneration", "aucune"], "Rien à qualifier"),
    (["--initiative", "collectivite", "--remuneration", "aucune", "--domaine-public"],
     "Rien à qualifier"),
    (["--initiative", "porteur", "--remuneration", "aucune", "--risque-exploitation"],
     "contradictoires"),
    (["--initiative", "porteur"], "argument obligatoire manquant : --remuneration"),
    (["--remuneration", "prix"], "argument obligatoire manquant : --initiative"),
    (["--initiative", "mairie", "--remuneration", "prix"], "choix « mairie » inconnu"),
    (["--initiative", "porteur", "--remuneration", "gratuit"], "choix « gratuit » inconnu"),
    (["--initiative", "porteur", "--remuneration", "prix", "--date", "2026-02-30"], "AAAA-MM-JJ"),
    (["--initiative", "collectivite", "--remuneration", "usagers", "--risque-exploitation",
      "--date", "2030-01-01"], "hors des données"),
])
def test_bad_answers_exit_2_with_a_french_message(capsys: pytest.CaptureFixture[str],
                                                 argv: list[str], message: str) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert message in err and "Traceback" not in err and out == ""


@pytest.mark.parametrize("kwargs", [
    {"initiative": None, "remuneration": "prix"},
    {"initiative": "porteur", "remuneration": ""},
])
def test_missing_answers_in_python_are_explained(kwargs: dict) -> None:
    with pytest.raises(ContratInvalide, match="Réponse manquante"):
        qualifier(**kwargs)


def test_text_answer_and_form_are_french(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--initiative", "porteur", "--remuneration", "aucune",
                         "--domaine-public", "--date", "2026-09-01")
    assert status == 0
    assert "Quel contrat ? Titre d'occupation du domaine public" in out
    assert "Points de vigilance" in out
    html = quel_contrat().default_html
    assert "occupation du domaine public" in html and "Quel contrat ?" in _n(html)


# ---- Obligations of the procedure advisor ----------------------------------------------------

def test_environmental_criterion_applies_from_21_august_2026() -> None:
    before = conseiller("collectivite", "services", 150_000, "2026-08-20")
    after = conseiller("collectivite", "services", 150_000, "2026-08-21")
    assert "critere-environnemental" not in [o.id for o in before.obligations]
    duty = next(o for o in after.obligations if o.id == "critere-environnemental")
    assert duty.valid_from.isoformat() == "2026-08-21"
    assert "L2152-7" in duty.base_legale and "R2152-7" in duty.base_legale
    assert set(duty.voies) == {"mapa", "appel-offres"}
    assert "prix seul" in duty.libelle


def test_environmental_criterion_is_not_an_obligation_of_routes_without_award() -> None:
    result = conseiller("collectivite", "services", 30_000, "2026-09-01", innovant=True)
    duty = next(o for o in result.obligations if o.id == "critere-environnemental")
    assert "dispense" not in duty.voies and "achat-innovant" not in duty.voies
    rd = conseiller("collectivite", "services", 1_200_000, "2026-09-01", innovant=True, rd=True)
    duty = next(o for o in rd.obligations if o.id == "critere-environnemental")
    assert "partenariat-innovation" in duty.voies and "rd-hors-code" not in duty.voies


@pytest.mark.parametrize(("montant", "present", "absent"), [
    (89_999, "publicite-mapa-libre", "publicite-mapa-avis"),
    (90_000, "publicite-mapa-avis", "publicite-mapa-libre"),
])
def test_mapa_publicity_obligation_follows_the_threshold(montant: int, present: str,
                                                         absent: str) -> None:
    ids = [o.id for o in conseiller("collectivite", "services", montant, "2026-06-01").obligations]
    assert present in ids and absent not in ids
    ea = [o.id for o in conseiller("entite-adjudicatrice", "services", montant,
                                   "2026-06-01").obligations]
    assert not {"publicite-mapa-libre", "publicite-mapa-avis"} & set(ea)


def test_free_documents_online_threshold_changes_on_1_april_2026() -> None:
    def ids(montant: int, jour: str) -> list[str]:
        return [o.id for o in conseiller("collectivite", "services", montant, jour).obligations]
    assert "documents-en-ligne" in ids(50_000, "2026-03-31")
    assert "documents-en-ligne" not in ids(50_000, "2026-04-01")
    assert "documents-en-ligne" in ids(60_000, "2026-04-01")


def test_essential_data_and_announced_criteria_are_stated() -> None:
    result = conseiller("collectivite", "services", 150_000, "2026-09-01")
    by_id = {o.id: o for o in result.obligations}
    assert "R2196-1" in by_id["donnees-essentielles"].base_legale
    assert "portail national" in by_id["donnees-essentielles"].libelle
    assert "R2152-11" in by_id["criteres-annonces"].base_legale
    assert "avant la remise des offres" in by_id["criteres-annonces"].libelle
    old = {o.id: o for o in conseiller("collectivite", "services", 150_000,
                                       "2024-06-01").obligations}
    assert old["donnees-essentielles"].valid_from.isoformat() == "2024-01-01"


def test_cli_json_obligations_before_and_after(capsys: pytest.CaptureFixture[str]) -> None:
    def obligations(jour: str) -> list[dict]:
        assert main(["procedure", "--acheteur", "collectivite", "--nature", "travaux",
                     "--montant", "6M€", "--date", jour, "--json"]) == 0
        return json.loads(capsys.readouterr().out)["obligations"]
    before, after = obligations("2026-08-20"), obligations("2026-08-21")
    assert all(set(o) >= {"id", "libelle", "base_legale", "valid_from"} for o in after)
    assert "critere-environnemental" not in [o["id"] for o in before]
    assert {"id": "critere-environnemental", "valid_from": "2026-08-21"}.items() <= next(
        o for o in after if o["id"] == "critere-environnemental").items()


def test_text_and_form_state_the_obligations(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["procedure", "--acheteur", "collectivite", "--nature", "services",
                 "--montant", "150 000", "--date", "2026-09-01"]) == 0
    out = capsys.readouterr().out
    assert "Obligations qui accompagnent ces voies" in out and "L2152-7" in out
    html = html_conseil(conseiller("collectivite", "services", 150_000, "2026-09-01"))
    assert "Obligations qui accompagnent ces voies" in html and "Procédure adaptée" in html
    shown = html_conseil(conseiller("collectivite", "services", 250_000, "2026-09-01"))
    assert "<code>" not in shown and not re.search(r"\b(mapa|appel-offres)\b", shown)  # names, not identifiers


def test_obligation_rows_never_overlap() -> None:
    frame = data.table("obligations")
    for row_id, rows in frame.groupby("id"):
        spans = sorted((r.valid_from, r.valid_to or date.max) for r in rows.itertuples())
        for (_, end), (start, _) in pairwise(spans):
            assert end < start, row_id
