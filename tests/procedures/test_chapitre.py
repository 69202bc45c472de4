"""Module 3: the course and the engine cannot disagree, and every article cited is referenced."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from piu.core import data
from piu.core.questions.bank import charger_banque
from piu.core.questions.grading import bonne_reponse, corriger
from piu.procedures import conseiller, estimer_valeur, qualifier
from piu.procedures.conseil import seuil

ROOT = Path(__file__).resolve().parents[2]
BANK = charger_banque()
M3 = BANK.du_module(3)

# Case questions: the need as the engine reads it, and which route each option names.
# An option is correct exactly when the engine opens its route.
CAS = {
    "m3-cas-services-avril": (("collectivite", "services", 55_000, "2026-04-15", False, False),
                              {"a": "dispense", "b": "mapa", "c": "achat-innovant", "d": "appel-offres"}),
    "m3-cas-services-mars": (("collectivite", "services", 55_000, "2026-03-20", False, False),
                             {"a": "dispense", "b": "mapa", "c": "appel-offres"}),
    "m3-cas-capteurs-innovants": (("collectivite", "fournitures", 85_000, "2026-05-01", True, False),
                                  {"a": "achat-innovant", "b": "mapa", "c": "dispense",
                                   "d": "negociation"}),
    "m3-cas-travaux-seuil": (("collectivite", "travaux", 100_000, "2026-01-05", False, False),
                             {"a": "dispense", "b": "mapa", "c": "appel-offres"}),
    "m3-cas-rd-navette": (("collectivite", "services", 1_200_000, "2026-09-01", True, True),
                          {"a": "partenariat-innovation", "b": "rd-hors-code", "c": "negociation",
                           "d": "achat-innovant", "e": "mapa"}),
    "m3-cas-entite-adjudicatrice": (("entite-adjudicatrice", "services", 300_000, "2026-03-01",
                                     False, False),
                                    {"a": "mapa", "b": "appel-offres", "c": "dispense"}),
    "m3-cas-seuil-2025": (("collectivite", "fournitures", 218_000, "2025-12-15", False, False),
                          {"a": "mapa", "b": "appel-offres"}),
    "m3-cas-strictement-inferieur": (("collectivite", "fournitures", 60_000, "2026-06-01", False,
                                      False), {"a": "dispense", "b": "mapa"}),
}


def test_module3_has_enough_questions_and_cases() -> None:
    assert len(M3) >= 15
    cases = [q for q in M3 if q.id.startswith("m3-cas-")]
    assert len(cases) >= 6
    assert set(CAS) | {"m3-cas-etat-fournitures"} == {q.id for q in cases}


@pytest.mark.parametrize("question_id", list(CAS))
def test_case_answers_are_those_of_the_engine(question_id: str) -> None:
    (acheteur, nature, montant, jour, innovant, rd), options = CAS[question_id]
    q = BANK[question_id]
    assert {o.id for o in q.options} == set(options)
    open_routes = set(conseiller(acheteur, nature, montant, jour, innovant=innovant, rd=rd).ids)
    for option in q.options:
        assert option.correct == (options[option.id] in open_routes), (
            f"{question_id}, option {option.id} ({options[option.id]}) : la banque dit "
            f"{option.correct}, le moteur dit {not option.correct}")
    # The case's amount in the text is the one the engine was asked about.
    assert f"{montant:,.0f}".replace(",", " ") in q.enonce.replace("\u202f", " ")


def test_state_threshold_case_matches_the_engine() -> None:
    q = BANK["m3-cas-etat-fournitures"]
    jour = date(2026, 6, 1)
    assert q.reponse == seuil("ue-fournitures-services-etat", jour).montant_ht
    assert conseiller("etat", "fournitures", q.reponse, jour).ids == ["appel-offres"]
    assert conseiller("etat", "fournitures", q.reponse - 1, jour).ids == ["mapa"]
    assert corriger(q, "140 000 €").juste


def test_estimated_value_question_matches_the_helper() -> None:
    q = BANK["m3-valeur-lots"]
    lots = [{"montant_ht": 25_000, "reconductions": 2, "options_ht": 5_000}] * 3
    # Maintenance of cycle paths is works (voirie), not services: the whole opération counts.
    estimation = estimer_valeur(lots, nature="travaux", jour="2026-06-01")
    assert estimation.total_ht == q.reponse
    assert corriger(q, bonne_reponse(q)).juste
    assert "travaux" in q.enonce and "R2121-5" in q.explication
    assert conseiller("collectivite", "travaux", q.reponse, "2026-06-01").ids == ["mapa"]
    assert not corriger(q, 90_000).juste and "reconductions" in corriger(q, 90_000).retour


# « Quel contrat ? »: each pair of the question is the engine's answer for that situation.
CONTRATS = {
    "appli": (("porteur", "prix", False, False), "marche"),
    "velos": (("collectivite", "usagers", True, True), "concession"),
    "kiosque": (("porteur", "usagers", False, True), "occupation"),
    "association": (("porteur", "aucune", False, False), "subvention"),
}
_TARGET = {"marche": "marche-public", "concession": "concession",
           "occupation": "occupation-domaine", "subvention": "subvention"}


def test_contract_question_matches_the_engine() -> None:
    q = BANK["m3-quel-contrat"]
    assert {p.id: p.avec for p in q.elements} == {k: v for k, (_, v) in CONTRATS.items()}
    for pair_id, (args, target) in CONTRATS.items():
        assert qualifier(*args, jour="2026-09-01").qualification.id == _TARGET[target], pair_id
    assert qualifier("collectivite", "usagers", False, False,
                     "2026-09-01").qualification.id == "marche-public"
    assert BANK["m3-concession-risque"].bonnes_options == ("a",)


def test_environmental_criterion_question_matches_the_obligation() -> None:
    q = BANK["m3-critere-environnemental"]
    launch = conseiller("collectivite", "services", 150_000, "2026-09-15")
    assert "critere-environnemental" in [o.id for o in launch.obligations]
    assert {o.id for o in q.options if o.correct} == {"b", "d"}
    assert "21/08/2026" in q.options[0].retour


def test_r2124_3_question_is_not_ambiguous_below_the_eu_threshold() -> None:
    option = next(o for o in BANK["m3-cas-capteurs-innovants"].options if o.id == "d")
    assert "imposée" in option.texte and "R2123-6" in option.retour
    result = conseiller("collectivite", "fournitures", 85_000, "2026-05-01", innovant=True)
    assert "negociation" in [v.id for v in result.facultatives]


def test_module3_texts_no_longer_say_to_check_dated_facts() -> None:
    for where, text in _module3_texts().items():
        assert "à vérifier" not in text, where
    chapter = (ROOT / "book/module3/chapitre.md").read_text(encoding="utf-8")
    assert "édition 2019" not in chapter
    assert "*L'achat public de solutions\ninnovantes* (édition 2024" in chapter
    assert "Place de\nl'Innovation Urbaine (PIU)" in chapter


# ---- Amounts quoted in question texts are real thresholds or the case's own figures ----------

_AMOUNT = re.compile(r"(\d{1,3}(?: \d{3})+) € HT")
CASE_FIGURES = {55_000, 85_000, 100_000, 1_200_000, 300_000, 218_000, 60_000, 25_000, 5_000,
                240_000,
                # besoin-et-candidats: lot and turnover ceilings, framework agreement, concession.
                180_000, 270_000, 360_000, 45_000, 135_000, 4_200_000, 1_300_000, 5_500_000}


def test_amounts_in_module3_questions_are_known() -> None:
    known = set(data.table("seuils")["montant_ht"].astype(float)) | CASE_FIGURES
    for q in M3:
        texts = [q.enonce, q.explication, q.source, q.retour_juste, q.retour_faux,
                 *(o.retour for o in q.options), *(o.texte for o in q.options),
                 *(e.retour for e in q.erreurs_typiques)]
        for text in texts:
            for found in _AMOUNT.findall(text.replace("\u202f", " ").replace("\u00a0", " ")):
                assert float(found.replace(" ", "")) in known, f"{q.id} : {found} € HT"


# ---- Legal references --------------------------------------------------------------------------

_ARTICLE = re.compile(r"(?<![A-Za-z0-9])(LO|L|R|D)\.?\s?(\d{3,4}(?:-\d+)+)")


def _normalise(prefix: str, number: str) -> str:
    return f"{prefix}{number}"


def articles_cited(text: str) -> set[str]:
    """Every code article (L…, R…, D…, LO…) named in ``text``, as ``R2122-9-1``."""
    return {_normalise(p, n) for p, n in _ARTICLE.findall(text)}


# « décret n° 2025-1386 », « loi organique n° 2021-467 », « décrets n° 2022-1683 et n° 2024-1217 »
_NUMBER = r"(?:n°\s*)?\d{2,4}-\d{1,5}"
_TEXT = re.compile(rf"\b(décrets?|lois? organiques?|lois?|ordonnances?)\s+"
                   rf"({_NUMBER}(?:\s*(?:,|et)\s*{_NUMBER})*)", re.IGNORECASE)
_KIND = {"décret": "decret", "loi organique": "loi-organique", "loi": "loi",
         "ordonnance": "ordonnance"}


def texts_cited(text: str) -> set[str]:
    """Every law, decree or ordinance named by number, as ``decret-2025-1386``."""
    found = set()
    for kind, numbers in _TEXT.findall(text.replace("\u00a0", " ").replace("\u202f", " ")):
        key = _KIND[re.sub(r"s\b", "", kind.lower())]  # « lois organiques » -> « loi organique »
        found |= {f"{key}-{n}" for n in re.findall(r"\d{2,4}-\d{1,5}", numbers)}
    return found


def _module3_texts() -> dict[str, str]:
    texts = {
        "book/module3/chapitre.md": (ROOT / "book/module3/chapitre.md").read_text(encoding="utf-8"),
        "exercises/banque/module3.yaml": (ROOT / "exercises/banque/module3.yaml").read_text(
            encoding="utf-8"),
    }
    for name in ("seuils", "obligations", "contrats", "contrats_vigilance"):
        texts[f"data/{name}.csv"] = (ROOT / f"data/{name}.csv").read_text(encoding="utf-8")
    for name in ("notebooks/module3.ipynb", "exercises/module3.ipynb"):
        cells = json.loads((ROOT / name).read_text(encoding="utf-8"))["cells"]
        texts[name] = "\n".join("".join(c["source"]) for c in cells)
    for path in sorted((ROOT / "src/piu/procedures").glob("*.py")):
        texts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    return texts


def test_article_pattern() -> None:
    assert articles_cited("art. R. 2122-9-1 et L2512-5 2°, LO1113-1, L. 2122-1-1 du CG3P") == {
        "R2122-9-1", "L2512-5", "LO1113-1", "L2122-1-1"}
    assert articles_cited("décret n° 2025-1386, règlement 2023/2495") == set()


def test_text_pattern() -> None:
    assert texts_cited("Loi n° 2020-1525 du 07/12/2020 (ASAP), art. 142 ; décrets n° 2022-1683 "
                       "et n° 2024-1217 ; loi organique n° 2021-467 ; ordonnance 2017-562 ; "
                       "Décret n° 2025-1386") == {
        "loi-2020-1525", "decret-2022-1683", "decret-2024-1217", "loi-organique-2021-467",
        "ordonnance-2017-562", "decret-2025-1386"}
    assert texts_cited("R2122-9-1, règlement délégué (UE) 2025/2152, CE n° 440575") == set()


def test_every_article_cited_in_module3_is_in_the_references_table() -> None:
    referenced = set(data.table("references")["article"])
    missing = {f"{article} ({where})" for where, text in _module3_texts().items()
               for article in articles_cited(text) if article not in referenced}
    assert not missing, "Articles cités mais absents de data/references.csv : " + ", ".join(
        sorted(missing))


def test_every_text_cited_in_module3_is_in_the_references_table() -> None:
    ids = list(data.table("references")["id"])
    missing = {f"{key} ({where})" for where, text in _module3_texts().items()
               for key in texts_cited(text)
               if not any(i == key or i.startswith(f"{key}-art-") for i in ids)}
    assert not missing, "Textes cités mais absents de data/references.csv : " + ", ".join(
        sorted(missing))


def test_references_are_complete_rows() -> None:
    refs = data.table("references")
    assert refs["id"].is_unique
    assert all(url.startswith("https://") for url in refs["url"])
    # Read on 25/11/2026, the articles added for « Quel contrat ? » and the obligations on 03/12/2026,
    # the corrections and the pages of issue 21 (life of the contract) on 07/12/2026.
    assert all(v <= date(2026, 12, 7) for v in refs["consulte_le"])
    # « version » is the version in force, not the day it was read: never after that day.
    for row in refs.itertuples():
        assert row.version is None or pd.isna(row.version) or row.version <= row.consulte_le, row.id


def test_versions_after_decret_2025_1386() -> None:
    refs = data.table("references").set_index("article")
    assert refs.loc["R2122-8", "version"] == date(2026, 4, 1)
    assert refs.loc["R2132-2", "version"] == date(2026, 4, 1)


def test_exercise_hints_give_the_method_not_the_answer() -> None:
    cells = json.loads((ROOT / "exercises/module3.ipynb").read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    comments = "\n".join(line.split("#", 1)[1] for line in code.splitlines() if "#" in line)
    assert not re.search(r"\d_\d{3}", comments), "notation Python 25_000 dans une consigne"
    assert "25" not in comments and "5 000" not in comments, "la consigne donne le calcul"
