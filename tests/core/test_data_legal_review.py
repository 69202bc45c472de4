"""Issue 21, section 1: the legal corrections, each held by a test that fails on the old text.

Every test reads what the learner or the trainer reads (chapters, bank, data, the answers of
the tools), so that a correction cannot silently come back.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from piu.core import data
from piu.core.cli import main
from piu.core.questions.bank import charger_banque
from piu.core.questions.grading import corriger
from piu.examen import plan as examen
from piu.financement.plan import check_plan, parse_plan
from piu.procedures import conseiller, qualifier

ROOT = Path(__file__).resolve().parents[2]
KEY = examen.corrige()


def _n(text: str) -> str:
    """Text with no-break spaces made plain and lines joined, to search a phrase."""
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\u00a0", " "))


def _read(relative: str) -> str:
    return _n((ROOT / relative).read_text(encoding="utf-8"))


def _sources() -> dict[str, str]:
    """Every text a learner or a trainer reads: chapters, trainer pages, bank, data, code."""
    paths = [*ROOT.glob("book/**/*.md"), *ROOT.glob("exercises/banque/*.yaml"),
             *ROOT.glob("data/*.csv"), *ROOT.glob("data/rex/*.yaml"),
             *ROOT.glob("src/piu/*/*.py")]
    return {str(p.relative_to(ROOT)): _n(p.read_text(encoding="utf-8")) for p in paths
            if "/core/" not in str(p)}


@pytest.fixture(scope="module")
def bank():
    return charger_banque()


# ---- 1. The right to experiment needs an enabling text ------------------------------------

def test_graded_key_states_the_enabling_decree_condition() -> None:
    q = KEY["m8-experimentation-lo1113"]
    right = [o for o in q.options if o.correct]
    assert len(right) == 1
    assert "décret en Conseil d'État" in right[0].texte
    verdict = corriger(q, right[0].id)
    assert verdict.juste and "LO1113-7" in verdict.retour
    # The old key (« une délibération motivée… ») is now a wrong answer, with the reason.
    old = next(o for o in q.options if o.texte.startswith("Une délibération motivée"))
    verdict = corriger(q, old.id)
    assert not verdict.juste and "ne permet de déroger à rien" in _n(verdict.retour)
    explication = _n(q.explication)
    for needed in ("LO1113-1", "LO1113-7", "LO1113-2", "cinq ans au plus", "L2213-1"):
        assert needed in explication, needed


def test_right_option_of_the_key_is_neither_first_nor_the_longest() -> None:
    q = KEY["m8-experimentation-lo1113"]
    right = next(o for o in q.options if o.correct)
    assert q.options.index(right) != 0
    assert len(right.texte) < max(len(o.texte) for o in q.options)


def test_reference_row_and_practice_questions_state_the_condition(bank) -> None:
    row = data.ligne("references", "cgct-lo1113-1")
    assert "que si une loi a ouvert l'expérimentation" in row["resume"]
    assert "cinq ans" in row["resume"]
    assert "LO1113-7" in row["note"]
    idea = next(o for o in bank["m1-idee-grandes-villes"].options if o.correct)
    assert "décret en Conseil d'État" in _n(idea.retour)
    q = bank["m3-experimentation"]
    right = next(o for o in q.options if o.correct)
    assert "décret en Conseil d'État" in right.texte
    wrong = next(o for o in q.options if "suffit à elle seule" in o.texte)
    assert not wrong.correct
    q = bank["m6-droit-experimentation"]
    street = next(o for o in q.options if "aires de livraison" in o.texte)
    assert not street.correct and "L2213-3 2°" in street.retour


def test_module1_no_longer_opens_the_right_to_experiment_to_every_collectivite() -> None:
    chapter = _read("book/module1/chapitre.md")
    assert "le droit à l'expérimentation, à toutes les collectivités" not in chapter
    assert "décret en Conseil d'État" in chapter
    assert "ouvert à toutes les collectivités" not in _read("exercises/banque/module1.yaml")


@pytest.mark.parametrize("chapter", ["book/module3/chapitre.md", "book/module6/chapitre.md"])
def test_chapters_teach_the_enabling_text_and_the_police_powers(chapter: str) -> None:
    text = _read(chapter)
    for needed in ("LO1113-7", "décret en Conseil d'État", "cinq ans", "L2213-2 1°",
                   "L2213-3 2°", "L5211-9-2"):
        assert needed in text, needed
    assert "l'entrée dans l'expérimentation se fait par une **délibération motivée**" not in text


# ---- 2. Who may aid a business -----------------------------------------------------------

BAD_AID_BASIS = re.compile(r"activité (de la SCIC )?qui relève de (leurs|ses) propres compétences"
                           r"|une activité de sa compétence"
                           r"|activité qui relève d'une compétence propre")


def test_no_text_makes_an_activity_within_competences_a_basis_for_aid() -> None:
    found = [where for where, text in _sources().items() if BAD_AID_BASIS.search(text)]
    assert not found, found


def test_subsidy_vigilance_names_the_special_bases_and_the_non_economic_limit() -> None:
    result = qualifier("porteur", "aucune", jour="2026-09-01")
    point = next(v for v in result.vigilance if v.id == "subvention-competence")
    for needed in ("L2251-3", "L1511-8", "L2252-1", "action non économique"):
        assert needed in point.texte + point.base_legale, needed
    assert "propres compétences" not in point.texte


def test_plan_checker_no_longer_offers_a_competence_as_a_basis() -> None:
    plan_text = """
nom: Vélos-cargos
porteur: entreprise
cout_total: 200000
sources:
  - nom: Entreprise
    type: maitre-ouvrage
    montant: 150000
  - nom: Commune
    type: public
    financeur: commune
    montant: 50000
"""
    result = check_plan(parse_plan(plan_text), date(2026, 6, 1))
    point = next(v for v in result.vigilances if v.id == "aide-entreprise-competence")
    assert "compétence propre" not in point.texte
    assert "action non économique" in point.texte and "L2251-3" in point.base_legale


def test_module4_table_and_summary_state_the_limit() -> None:
    chapter = _read("book/module4/chapitre.md")
    assert "une activité qui relève de ses propres compétences" not in chapter
    assert "dans ses compétences ou pour un SIEG confié" not in chapter
    assert chapter.count("action non économique") >= 2
    assert data.texte_valeur("regles_financement:aides-bases-speciales:base_legale") == \
        "CGCT art. L2251-3, L5111-4, L1511-8 et L2252-1"


# ---- 3. « Quel contrat ? »: a price with a real operating risk is a concession ---------------

def test_price_with_operating_risk_is_a_concession() -> None:
    result = qualifier("collectivite", "prix", risque_exploitation=True, jour="2026-09-01")
    assert result.qualification.id == "concession"
    assert "assorti d'un prix" in result.qualification.explication
    assert "L1121-1" in result.qualification.base_legale
    ids = [v.id for v in result.vigilance]
    assert {"risque-reel", "concession-prix", "concession-seuil"} <= set(ids)
    # Without the risk, the same price stays a marché.
    assert qualifier("collectivite", "prix", jour="2026-09-01").qualification.id == "marche-public"


def test_cli_accepts_price_and_risk(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["contrat", "--initiative", "collectivite", "--remuneration", "prix",
                   "--risque-exploitation", "--date", "2026-09-01"])
    out, err = capsys.readouterr()
    assert status == 0 and "contradictoires" not in out + err
    assert "Contrat de concession" in out


# ---- 4. Déport des élus: L2131-11 for a SCIC, L1111-6 as written, 432-12 rewritten ----------

def test_outdated_penal_warning_is_gone_everywhere() -> None:
    found = [where for where, text in _sources().items()
             if "s'expose à la prise illégale d'intérêts" in text]
    assert not found, found


@pytest.mark.parametrize("answer", ["L2131-11", "CGCT art. L2131-11", "article L2131-11 du CGCT",
                                    "L. 2131-11"])
def test_graded_rule_accepts_l2131_11(answer: str) -> None:
    assert corriger(KEY["m8-irr-deliberation-scic-regle"], answer).juste


def test_graded_rule_explains_why_l1111_6_is_not_the_basis_for_a_scic() -> None:
    verdict = corriger(KEY["m8-irr-deliberation-scic-regle"], "L1111-6")
    assert not verdict.juste and "en application de la loi" in verdict.retour


def test_deport_rule_cites_l2131_11_and_the_2025_law() -> None:
    basis = data.texte_valeur("regles_financement:deport-elus:base_legale")
    assert "L2131-11" in basis and "2025-1249" in basis and "L1111-6" in basis
    chapter = _read("book/module5/chapitre.md")
    assert "« en application de la loi »" in chapter and "2025-1249" in chapter
    # The list of L1111-6 as the text writes it: no « garantie d'emprunt », the CAO, the pay.
    assert "garantie d'emprunt" not in chapter.split("(m5-deport-elus)=")[1].split("```")[0]
    assert "commission d'appel d'offres" in chapter and "rémunération" in chapter
    fiche = _read("book/formateur/fiches.md")
    assert "(CGCT L1111-6)" not in fiche and "L2131-11" in fiche


def test_scic_simulator_vigilance_cites_the_general_rule() -> None:
    from piu.cooperation.scic_regles import vigilances_collectivites
    point = vigilances_collectivites(date(2026, 6, 1))[0]
    assert "L2131-11" in point.texte and "2025-1249" in point.texte
    assert "garantie d'emprunt" not in point.texte


# ---- 5. Execution conditions (loi Climat et résilience, art. 35) ----------------------------

def _obligations(montant: int, jour: str) -> set[str]:
    return {o.id for o in conseiller("collectivite", "services", montant, jour).obligations}


def test_execution_conditions_are_dated_and_social_ones_start_at_the_eu_threshold() -> None:
    assert "conditions-execution-environnement" in _obligations(100_000, "2026-09-01")
    assert "conditions-execution-environnement" not in _obligations(100_000, "2026-06-01")
    assert "conditions-execution-sociales" not in _obligations(100_000, "2026-09-01")
    assert "conditions-execution-sociales" in _obligations(300_000, "2026-09-01")
    assert "conditions-execution-sociales" not in _obligations(300_000, "2026-06-01")


def test_module3_and_handout_3_teach_the_execution_conditions() -> None:
    chapter = _read("book/module3/chapitre.md")
    for needed in ("L2112-2", "L2112-2-1", "L3114-2"):
        assert needed in chapter, needed
    fiche = _read("book/formateur/fiches.md")
    assert "L2112-2" in fiche and "L2112-2-1" in fiche


# ---- 6. Données essentielles: 40 000 € HT, a dispense between 40 000 and 60 000 included ------

def test_essential_data_threshold_is_dated_data() -> None:
    assert data.valeur("seuils:donnees-essentielles:montant_ht@2026-09-01") == 40_000
    assert data.ligne("seuils", "donnees-essentielles")["base_legale"] == "CCP art. R2196-1"


def test_a_dispense_between_40_000_and_60_000_publishes_its_essential_data() -> None:
    advice = conseiller("collectivite", "services", 50_000, "2026-09-01")
    assert "dispense" in [v.id for v in advice.voies]
    point = next(o for o in advice.obligations if o.id == "donnees-essentielles")
    assert "40 000" in _n(point.libelle) and "dispense" in point.libelle
    assert "donnees-essentielles" not in _obligations(30_000, "2026-09-01")


def test_module3_states_the_amount_instead_of_an_unconfirmed_note() -> None:
    chapter = _read("book/module3/chapitre.md")
    assert "n'a pu être confirmé (vérification du 03/12/2026) : relisez R2196-1" not in chapter
    assert "{donnee}`seuils:donnees-essentielles:montant_ht`" in chapter


# ---- Minor corrections ------------------------------------------------------------------------

def test_a_marche_needs_a_price_or_an_equivalent() -> None:
    chapter = _read("book/module6/chapitre.md")
    assert "ou en reçoit une, c'est un" not in chapter
    assert "par un prix ou un équivalent" in chapter


@pytest.mark.parametrize("where", ["book/module3/chapitre.md", "book/module6/chapitre.md",
                                   "book/module1/chapitre.md"])
def test_short_occupation_needs_only_prior_publicity(where: str) -> None:
    text = _read(where)
    assert "courte durée" in text and "publicité préalable" in text


def test_occupation_rows_and_tools_carry_the_short_duration_rule() -> None:
    assert "L2122-1-1 al. 2" in data.ligne("contrats_vigilance", "occupation-selection")["texte"]
    assert "L2122-1-1 al. 2" in data.ligne("vehicules_experimentation",
                                           "occupation-domaine-public")["vigilance"]
    result = qualifier("porteur", "aucune", domaine_public=True, jour="2026-09-01")
    assert "courte durée" in result.qualification.explication


def _protocol(vehicule: str):
    from piu.experimentation.protocole import construire_protocole
    return construire_protocole(
        "Montrer que des vélos-cargos livrent l'hypercentre.",
        [{"nom": "Colis livrés", "unite": "par semaine", "avant": 0, "cible": 1500}], 12,
        ["moins de 300 colis par semaine"], ["au moins 1 500 colis par semaine"], vehicule)


def test_innovation_partnership_reminder_announces_no_new_competition() -> None:
    reminders = " ".join(_protocol("partenariat-innovation").rappels())
    assert "passe par une mise en concurrence" not in reminders
    assert "sans nouvelle mise en concurrence" in reminders and "R2172-23" in reminders
    # Other vehicles keep the warning about the follow-up contract.
    assert "R2111-2" in " ".join(_protocol("occupation-domaine-public").rappels())


def test_technological_maturity_is_an_offer_characteristic() -> None:
    from piu.evaluation.grille import Grille, GrilleInvalide
    phases = data.ligne("criteres", "maturite")["phases"].split()
    assert "attribution" in phases and "selection" not in phases
    weights = {"Prix": 40, "Impact environnemental": 20, "Maturité technologique": 40}
    notes = {"Profil fictif 1": dict.fromkeys(weights, 3), "Profil fictif 2": dict.fromkeys(weights, 4)}
    Grille.creer(weights, notes, phase="attribution", lancement=date(2026, 9, 1))
    with pytest.raises(GrilleInvalide):
        Grille.creer({"Maturité technologique": 1}, {"P": {"Maturité technologique": 3}},
                     phase="selection")
    # The candidate's references stay out of the award.
    with pytest.raises(GrilleInvalide, match="C-532/06"):
        Grille.creer({"Prix": 40, "Impact environnemental": 20,
                      "Références et capacités du candidat": 40},
                     {"P": {"Prix": 3, "Impact environnemental": 3,
                            "Références et capacités du candidat": 3}},
                     phase="attribution", lancement=date(2026, 9, 1))


def test_prototypes_required_from_candidates_carry_a_premium() -> None:
    chapter = _read("book/module6/chapitre.md")
    assert "R2151-15" in chapter and "prime" in chapter
    assert "R2151-15" in data.ligne("references", "ccp-r2151-15")["article"]


def test_innovative_purchase_may_be_passed_with_its_conditions() -> None:
    chapter = _read("book/module1/chapitre.md")
    assert "se passe sans publicité" not in chapter
    assert "peut être passé" in chapter and "offre pertinente" in chapter


def test_data_lever_cites_ccag_concession_data_and_gdpr_not_the_rd_exclusion() -> None:
    rules = data.ligne("freins", "souverainete")["leviers_regles"].split(";")
    assert "ccp-l2512-5" not in rules
    assert {"ccag-2021-resultats", "ccp-l3131-2", "rgpd-2016-679"} <= set(rules)
    assert "Texte : CCP art. L2512-5." not in _read("book/module1/chapitre.md")


def test_rd_exclusion_stops_before_pre_production_prototypes() -> None:
    assert "prototypes de préproduction" in _read("book/module3/chapitre.md")
    assert "prototypes de préproduction" in data.ligne("vehicules_experimentation",
                                                       "rd-avant-commercialisation")["vigilance"]


def test_rex_cards_vendee_and_lyon_are_corrected() -> None:
    vendee = _read("data/rex/vendee-metropolys.yaml")
    assert "La Roche-sur-Yon" in vendee and "Établissement public foncier (EPF) de la Vendée" in vendee
    assert "Établissement public de Vendée" not in vendee
    assert "foncière départementale" not in vendee
    lyon = _read("data/rex/lyon-livraison-zen.yaml")
    assert "n'est pas un modèle" in lyon


def test_handouts_2_and_3() -> None:
    fiche = _read("book/formateur/fiches.md")
    procedure = fiche.split("(fiche-procedure)=")[1].split("(fiche-scic)=")[0]
    european = procedure.split("**À partir du seuil européen**")[1].split("6.")[0]
    assert "partenariat d'innovation" not in european
    assert "Quel que soit le montant" in procedure
    # Handout 2 quotes the basis of the marché: the code, not the subsidy law.
    assert "2000-321" not in data.texte_valeur("contrats:prix:base_legale")


def test_no_amount_reads_ht_twice(bank) -> None:
    def texts(q) -> list[str]:
        found = [q.enonce, q.explication or "", q.source or ""]
        found += [o.texte + " " + (o.retour or "") for o in (q.options or ())]
        return found
    for q in [*KEY.values(), *bank]:
        for text in texts(q):
            assert "HT HT" not in _n(data.remplacer_references(text)), q.id


def test_one_name_for_the_daj_guide() -> None:
    for where, text in _sources().items():
        assert "guide de l'OECP" not in text, where
        assert "Guide pratique de l'achat public innovant, édition 2019" not in text, where


# ---- Issue 21, second pass: field examples, points « à vérifier », re-read ------------------

NEW_PAGES = ["book/module3/besoin-et-candidats.md", "book/module3/servir-le-territoire.md",
             "book/module4/execution.md", "book/module5/conflits-et-sieg.md",
             "book/module6/passer-a-l-echelle.md", "book/module6/tester-dans-la-rue.md"]


@pytest.mark.parametrize("page", NEW_PAGES)
def test_each_life_of_contract_page_has_a_sourced_field_example(page: str) -> None:
    """A real case, with its address, next to the invented ones (issue 21, « exemple réel »)."""
    text = _read(page)
    # From each « Exemple(s) réel(s) » mark to the next heading or quiz block.
    blocks = re.findall(r"\*(?:Autre e|E)xemples? réels?[^*]*\*(.*?)(?=\n#|\n```|\Z)",
                        (ROOT / page).read_text(encoding="utf-8"), flags=re.S)
    assert blocks, f"{page}: no « Exemple réel »"
    assert any("](http" in block for block in blocks), f"{page}: a real example without source"
    further = text.split("## Pour aller plus loin")[1]
    assert "http" in further


@pytest.mark.parametrize(("page", "names"), [
    ("book/module3/besoin-et-candidats.md", ["Saint-Fons", "Simonsen & Weel", "C-23/20",
                                             "appuis-vélos"]),
    ("book/module3/servir-le-territoire.md", ["réservé aux SIAE", "Osez l'ESS"]),
    ("book/module4/execution.md", ["Observatoire des délais de paiement", "27,4 jours"]),
    ("book/module5/conflits-et-sieg.md", ["n° 338338", "n° 354044", "La Ferme de Lyon",
                                          "Altmark"]),
    ("book/module6/passer-a-l-echelle.md", ["Bordeaux Métropole", "99 999 € HT", "80 %"]),
    ("book/module6/tester-dans-la-rue.md", ["n° 393714", "2015-255", "Plac'O"]),
])
def test_field_examples_name_the_body_and_the_case(page: str, names: list[str]) -> None:
    text = _read(page)
    for name in names:
        assert name in text, (page, name)


def test_penal_rewrite_is_quoted_with_its_2025_wording() -> None:
    """Loi 2025-1249 replaced « de nature à compromettre » by « altérant » in 432-12."""
    for where, text in _sources().items():
        assert "doit être de nature à compromettre" not in text, where
        assert "de nature à compromettre l'impartialité" not in text, where
    for page in ("book/module5/chapitre.md", "book/module5/conflits-et-sieg.md"):
        assert "altérer" in _read(page) and "en connaissance de cause" in _read(page), page
    assert "altérant" in data.texte_valeur("references:code-penal-432-12:resume")


def test_sieg_cumulation_is_not_taught_as_settled(bank) -> None:
    """The cumulation rule of Reg. 2023/2832 was not read in the published text."""
    for where, text in _sources().items():
        assert "de minimis général compris" not in text, where
        assert "s'y cumulent dans la limite" not in text, where
    page = _read("book/module5/conflits-et-sieg.md")
    assert "comptez par prudence" in page and "EUR-Lex" in page
    q = next(q for q in bank if q.id == "m5-sieg-plafond")
    assert "prudence" in q.retour_juste and "art. 3 et 5" not in (q.source or "")


def test_l1111_6_reform_is_reported_and_still_to_read() -> None:
    page = _read("book/module5/conflits-et-sieg.md")
    assert "22/10/2025" in page and "contrat de la commande publique" in page
    assert "lisez L1111-6 sur Légifrance" in page


def test_sme_advance_rate_is_tied_to_r2191_7() -> None:
    page = _read("book/module4/execution.md")
    assert "l'article exact qui la porte est à relire" not in page
    assert "l'alinéa de **R2191-7** consacré au titulaire" in page
    basis = data.texte_valeur("regles_contrat:avance-pme-grande-collectivite:base_legale")
    assert "R2191-7" in basis and "et suivants" not in basis


def test_ess_reserved_contracts_quote_l2113_15_and_not_health_or_culture() -> None:
    page = _read("book/module3/servir-le-territoire.md")
    assert "services sociaux et autres services spécifiques dont la liste figure dans un avis" \
        in page
    assert "point non confirmé au 07/12/2026" not in page
    for where, text in _sources().items():
        assert "services de santé, sociaux ou culturels" not in text, where
    assert "L2113-15" in data.texte_valeur("references:ccp-l2113-15:article")


def test_ecb_rate_of_july_2026_stays_asked_and_says_why() -> None:
    starts = [str(day)[:10] for day in data.table("taux_bce")["valid_from"]]
    assert starts and not [day for day in starts if day >= "2026-07-01"], \
        "a rate for 2026-H2 needs its source"
    page = _read("book/module4/execution.md")
    assert "n'a pas pu être vérifié" in page and "05/02/2026" in page


@pytest.mark.parametrize(("page", "section"), [("book/formateur/module6.md", "## Pièges fréquents"),
                                               ("book/module6/chapitre.md", "## À retenir")])
def test_short_occupation_needs_only_prior_publicity_in_summaries(page: str, section: str) -> None:
    """Re-read: the trainer's « pièges » and the module-6 summary said « sélection » only."""
    raw = (ROOT / page).read_text(encoding="utf-8")
    text = _n(raw.split(section)[1].split("\n## ")[0])
    assert "courte durée" in text and "publicité préalable" in text, page


def test_module8_wrong_options_do_not_state_the_old_rules() -> None:
    """The two module-8 lines factlint flagged: a wrong option and a question stem."""
    innovant = KEY.get("m8-date-achat-innovant") or next(
        q for q in charger_banque() if q.id == "m8-date-achat-innovant")
    wrong = next(o for o in innovant.options if "jeune entreprise innovante" in o.texte)
    assert "2025-391" in wrong.retour
    assert not wrong.correct and "présum" not in wrong.texte
    scic = next(q for q in charger_banque() if q.id == "m8-scic-mise-en-concurrence")
    pattern = re.compile(r"SCIC.{0,200}?(sans|pas de|dispens[ée]e? de) (mise en concurrence|"
                         r"proc[ée]dure)", re.I | re.S)
    assert not pattern.search(_n(scic.enonce + " " + " ".join(o.texte for o in scic.options)))
    right = next(o for o in scic.options if o.correct)
    assert right.texte.startswith("Non")
