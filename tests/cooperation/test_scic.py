"""SCIC simulator: each rule alone at and across its bounds, votes, blocking, surplus, bad files."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piu.cooperation import lire_scic, minorites_de_blocage, repartir_excedent, scic_depuis_texte, verifier_scic
from piu.cooperation.gouvernance import part_des_voix
from piu.cooperation.scic_fichier import ScicInvalide, scic_depuis_donnees
from piu.cooperation.scic_modele import CATEGORIES
from piu.cooperation.scic_regles import REGLES
from piu.core.errors import PiuError

ROOT = Path(__file__).resolve().parents[2]
JOUR = date(2026, 11, 25)


def make(members: list[tuple[str, float] | tuple[str, float, str]], colleges=None, forme="SAS",
         **extra) -> dict:
    """A SCIC dict: members as (category, capital[, college])."""
    raw = {"nom": "Test", "forme": forme, "associes": [
        {"nom": f"A{i}", "categorie": m[0], "capital": m[1], **({"college": m[2]} if len(m) > 2 else {})}
        for i, m in enumerate(members)], **extra}
    if colleges is not None:
        raw["colleges"] = colleges
    return raw


def rules_broken(raw: dict, jour: date = JOUR) -> list[str]:
    return [m.regle for m in verifier_scic(scic_depuis_donnees(raw), jour).manquements]


BASE = [("salaries", 1000), ("beneficiaires", 1000), ("autres", 1000)]


def test_compliant_base_has_no_breach():
    assert rules_broken(make(BASE)) == []


def test_rule_ids_are_the_documented_ones():
    assert set(REGLES) == {"categories-minimum", "categorie-salaries", "categorie-beneficiaires",
                           "capital-public", "college-poids", "colleges-somme", "forme"}


# --- capital-public: 50 % allowed, just above refused -------------------------------------

@pytest.mark.parametrize(("public", "others", "broken"), [
    (50_000, 50_000, False),      # exactly 50 %
    (50_001, 50_000, True),       # just above
    (49_999.99, 50_000, False),
    (50_000.01, 50_000, True),    # one cent above
])
def test_public_capital_bound(public, others, broken):
    raw = make([("salaries", others / 2), ("beneficiaires", others / 2), ("collectivites", public)])
    assert ("capital-public" in rules_broken(raw)) is broken


def test_public_capital_counts_all_collectivites_together_not_other_public_bodies():
    raw = make([("salaries", 10), ("beneficiaires", 10), ("collectivites", 30), ("collectivites", 30),
                ("autres-publics", 100)])
    assert rules_broken(raw) == []      # 60 of 180: one third
    raw = make([("salaries", 10), ("beneficiaires", 10), ("collectivites", 30), ("collectivites", 31)])
    assert rules_broken(raw) == ["capital-public"]


def test_public_capital_message_says_how_to_fix():
    raw = make([("salaries", 10_000), ("beneficiaires", 10_000), ("collectivites", 60_000)])
    (m,) = verifier_scic(scic_depuis_donnees(raw), JOUR).manquements
    assert "75\u00a0%" in m.message and "20\u202f000" in m.message and "40\u202f000" in m.message
    assert "titre II ter" in m.base_legale


def test_public_capital_cap_depends_on_the_date():
    raw = make([("salaries", 35), ("beneficiaires", 35), ("collectivites", 30)], forme="SA")
    assert rules_broken(raw, date(2010, 1, 1)) == ["capital-public"]   # before the loi ESS
    assert rules_broken(raw, date(2014, 8, 2)) == []


# --- categories ----------------------------------------------------------------------------

def test_two_categories_against_three():
    assert "categories-minimum" in rules_broken(make([("salaries", 1), ("beneficiaires", 1)]))
    assert rules_broken(make([("salaries", 1), ("beneficiaires", 1), ("collectivites", 1)])) == []


def test_several_members_of_one_category_count_once():
    raw = make([("salaries", 1), ("salaries", 1), ("beneficiaires", 1), ("beneficiaires", 1)])
    assert rules_broken(raw) == ["categories-minimum"]


def test_producers_stand_in_for_absent_employees():
    raw = make([("producteurs", 1), ("beneficiaires", 1), ("autres", 1)], effectif_salarie=0)
    assert rules_broken(raw) == []
    result = verifier_scic(scic_depuis_donnees(make([("producteurs", 1), ("beneficiaires", 1),
                                                     ("autres", 1)])), JOUR)
    assert result.conforme and "effectif_salarie" in result.remarques[0]


def test_producers_do_not_replace_existing_employees():
    raw = make([("producteurs", 1), ("beneficiaires", 1), ("autres", 1)], effectif_salarie=3)
    assert rules_broken(raw) == ["categorie-salaries"]


def test_neither_employees_nor_producers():
    assert rules_broken(make([("autres", 1), ("beneficiaires", 1), ("collectivites", 1)])) == [
        "categorie-salaries"]


def test_beneficiaries_are_mandatory():
    assert rules_broken(make([("salaries", 1), ("autres", 1), ("collectivites", 1)])) == [
        "categorie-beneficiaires"]


# --- forme -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("forme", "broken"), [("SA", False), ("SARL", False), ("SAS", False),
                                               ("sas", False), ("SCI", True), ("association", True)])
def test_legal_form(forme, broken):
    assert ("forme" in rules_broken(make(BASE, forme=forme))) is broken


def test_sas_only_since_2014():
    assert rules_broken(make(BASE, forme="SAS"), date(2010, 1, 1)) == ["forme"]
    assert rules_broken(make(BASE, forme="SA"), date(2010, 1, 1)) == []


# --- colleges ----------------------------------------------------------------------------------

def with_colleges(weights: list[float | None]) -> dict:
    names = [f"C{i}" for i in range(len(weights))]
    members = [("salaries", 1, names[0]), ("beneficiaires", 1, names[min(1, len(names) - 1)]),
               ("autres", 1, names[min(2, len(names) - 1)])]
    members += [("autres", 1, n) for n in names[3:]]
    colleges = [{"nom": n, **({} if p is None else {"poids": p})} for n, p in zip(names, weights,
                                                                                   strict=True)]
    return make(members, colleges=colleges)


@pytest.mark.parametrize(("weights", "broken"), [
    ([10, 40, 50], []),                       # both bounds exactly
    ([9.99, 40.01, 50], ["college-poids"]),   # just under 10 %
    ([10, 39.99, 50.01], ["college-poids"]),  # just over 50 %
    ([30, 30, 30], ["colleges-somme"]),       # 90 % in all
    ([40, 40, 30], ["colleges-somme"]),       # 110 %
])
def test_college_weight_bounds(weights, broken):
    assert rules_broken(with_colleges(weights)) == broken


@pytest.mark.parametrize(("weights", "broken"), [
    ([33.33, 33.33, 33.33], []),              # 99,99 %: a rounding step, accepted
    ([33.34, 33.33, 33.34], []),              # 100,01 %
    ([33.3, 33.3, 33.3], ["colleges-somme"]), # 99,9 %: a real gap
    ([33.33, 33.33, 33.32], ["colleges-somme"]),   # 99,98 %
])
def test_college_weights_total_tolerates_one_hundredth_of_a_point(weights, broken):
    assert rules_broken(with_colleges(weights)) == broken


def test_colleges_total_message_says_omitted_weights_mean_equal_weights():
    breach = verifier_scic(scic_depuis_donnees(with_colleges([30, 30, 30])), JOUR).manquements[0]
    assert "90\u00a0%" in breach.message and "0,01 point" in breach.message
    assert "retirez tous les poids" in breach.message and "même poids" in breach.message


def test_equal_default_weights():
    assert rules_broken(with_colleges([None, None, None])) == []          # 33.3 % each
    assert rules_broken(with_colleges([None, None])) == []                # 50 % each: at bound
    assert rules_broken(with_colleges([None] * 10)) == []                 # 10 % each: at bound
    assert rules_broken(with_colleges([None] * 11)) == ["college-poids"] * 11   # 9.09 %
    one = make([("salaries", 1, "Tous"), ("beneficiaires", 1, "Tous"), ("autres", 1, "Tous")],
               colleges=[{"nom": "Tous"}])
    assert rules_broken(one) == ["college-poids"]                         # a single college: 100 %


# --- votes and blocking minorities, against hand computations --------------------------------

def test_one_member_one_vote_without_colleges():
    shares = part_des_voix(scic_depuis_donnees(make([("salaries", 1), ("beneficiaires", 999_999),
                                                     ("autres", 5), ("autres", 5)])))
    assert set(shares.values()) == {Fraction(1, 4)}


def test_votes_with_colleges_cargo_bike_example():
    scic = lire_scic(ROOT / "notebooks" / "scic" / "coop-velo-logistique.yaml")
    shares = part_des_voix(scic)
    assert shares["Livreuse 1"] == Fraction(40, 100) / 3       # 40 % shared by 3 employees
    assert shares["Ville de Marseille"] == Fraction(10, 100)   # 20 % shared by 2
    assert shares["Épicerie du Panier"] == Fraction(25, 300)
    assert shares["Fonds solidaire régional"] == Fraction(15, 100)
    assert sum(shares.values()) == 1


def test_blocking_at_two_thirds_exactly_one_third_does_not_block():
    scic = scic_depuis_donnees(with_colleges([None, None, None]))
    block = minorites_de_blocage(scic, "deux-tiers")
    assert block.seuls == ()                            # 1/3 alone: the others hold 2/3, it passes
    assert {frozenset(c) for c, _ in block.coalitions} == {
        frozenset({"C0", "C1"}), frozenset({"C0", "C2"}), frozenset({"C1", "C2"})}


def test_blocking_at_two_thirds_above_one_third_blocks():
    block = minorites_de_blocage(scic_depuis_donnees(with_colleges([34, 33, 33])), "deux-tiers")
    # C0 has a single member: the member and its college both block alone.
    assert [(k, n) for k, n, _ in block.seuls] == [("l'associé", "A0"), ("le collège", "C0")]


def test_blocking_at_simple_majority_half_blocks_less_does_not():
    block = minorites_de_blocage(scic_depuis_donnees(with_colleges([50, 25, 25])), "simple")
    assert [n for _, n, _ in block.seuls] == ["A0", "C0"]
    assert ("C1", "C2") in [c for c, _ in block.coalitions]      # 25 + 25 = 50 % blocks too
    block = minorites_de_blocage(scic_depuis_donnees(with_colleges([49, 26, 25])), "simple")
    assert block.seuls == ()


def test_blocking_without_colleges_uses_members_and_categories():
    scic = scic_depuis_donnees(make([("salaries", 1), ("salaries", 1), ("beneficiaires", 1),
                                     ("autres", 1)]))
    block = minorites_de_blocage(scic, "deux-tiers")
    # 4 members: each 25 % cannot block; the employees' category (50 %) can.
    assert [(k, n) for k, n, _ in block.seuls] == [("la catégorie", "salariés")]


def test_unknown_majority_is_refused():
    with pytest.raises(PiuError, match="deux-tiers"):
        minorites_de_blocage(scic_depuis_donnees(make(BASE)), "unanimite")


# --- surplus ---------------------------------------------------------------------------------

def test_surplus_hand_computed():
    r = repartir_excedent(100_000, 150_000, 3)
    assert (r.reserve_legale, r.reserve_statutaire, r.interets, r.solde) == (15_000, 42_500, 7_500,
                                                                            35_000)
    assert r.reserves_impartageables / r.excedent == pytest.approx(0.575)
    assert r.plafond_interet_pct == 5


def test_surplus_rate_above_cap_is_capped_and_said():
    r = repartir_excedent("20 000 €", "72 500", "3,5", taux_interet_pct=8)
    assert r.taux_interet_pct == pytest.approx(5.5)
    assert r.interets == pytest.approx(3_987.5)
    assert "ramené au plafond" in r.remarques[0]


def test_surplus_interest_limited_by_what_remains():
    r = repartir_excedent(1_000, 100_000, 3)
    assert r.reserve_legale == 150 and r.reserve_statutaire == 425
    assert r.interets == pytest.approx(425) and r.solde == pytest.approx(0)


def test_surplus_higher_reserves_allowed_lower_refused():
    r = repartir_excedent(10_000, 10_000, 3, taux_interet_pct=0, reserve_legale_pct=20,
                          reserve_statutaire_pct=100)
    assert r.reserve_legale == 2_000 and r.reserve_statutaire == 8_000 and r.interets == 0
    with pytest.raises(PiuError, match="au moins 15"):
        repartir_excedent(10_000, 10_000, 3, reserve_legale_pct=14.99)
    with pytest.raises(PiuError, match="au moins 50"):
        repartir_excedent(10_000, 10_000, 3, reserve_statutaire_pct=49)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"excedent": 0}, "rien à répartir"),
    ({"excedent": -5_000}, "rien à répartir"),
    ({"excedent": "beaucoup"}, "Excédent"),
    ({"capital": 0}, "Capital"),
    ({"tmo_moyen_pct": -1}, "TMO"),
    ({"tmo_moyen_pct": "trois"}, "TMO"),
    ({"taux_interet_pct": -2}, "négatif"),
])
def test_surplus_bad_inputs(kwargs, message):
    args = {"excedent": 10_000, "capital": 10_000, "tmo_moyen_pct": 3} | kwargs
    with pytest.raises(PiuError, match=message):
        repartir_excedent(**args)


# --- malformed files: French message naming the line or field --------------------------------

GOOD = """nom: Coop
forme: SAS
associes:
  - nom: A
    categorie: salaries
    capital: 100
  - nom: B
    categorie: beneficiaires
    capital: 100
"""


def test_good_text_reads():
    scic = scic_depuis_texte(GOOD)
    assert scic.capital_total == 200 and scic.associes[1].ligne == 7


@pytest.mark.parametrize(("text", "expected"), [
    (GOOD.replace("capital: 100\n  - nom: B", "capital: -100\n  - nom: B"),
     ["ligne 6", "capital de -100", "positif"]),
    (GOOD.replace("capital: 100\n  - nom: B", "capital: 0\n  - nom: B"), ["ligne 6", "positif"]),
    (GOOD.replace("capital: 100\n  - nom: B", "capital: cent\n  - nom: B"), ["ligne 6", "illisible"]),
    (GOOD.replace("    capital: 100\n  - nom: B", "  - nom: B"), ["ligne 4", "« capital » manquant"]),
    (GOOD.replace("categorie: beneficiaires", "categorie: usagers"),
     ["ligne 8", "« usagers » inconnue", "beneficiaires"]),
    (GOOD.replace("    categorie: salaries\n", ""), ["ligne 4", "« categorie » manquant"]),
    (GOOD.replace("  - nom: B", "  - nom: B\n    college: Public"),
     ["ligne 8", "collège « Public » inconnu"]),
    (GOOD + "colleges:\n  - nom: X\n    poids: 50\n", ["ligne 4", "indiquez celui de cet associé"]),
    (GOOD.replace("    capital: 100\n  - nom: B", "    capitale: 100\n  - nom: B"),
     ["ligne 6", "« capitale » inconnu"]),
    (GOOD.replace("forme: SAS\n", ""), ["« forme » manquant"]),
    ("nom: Coop\nforme: SAS\n", ["« associes » manquant"]),
    ("nom: Coop\nforme: SAS\nassocies: []\n", ["ligne 3", "« associes » vide"]),
    (GOOD + "colleges:\n  - nom: X\n    poids: 120\n", ["ligne 12", "120 % impossible"]),
    (GOOD + "effectif_salarie: -1\n", ["ligne 10", "effectif_salarie"]),
    (GOOD.replace("  - nom: A", "  - nom: A\n   bad: indent"), ["ligne 5", "YAML illisible"]),
    ("- juste\n- une liste\n", ["doit décrire une SCIC"]),
    (GOOD.replace("    capital: 100\n  - nom: B", "    capital: 100\n    capital: 200\n  - nom: B"),
     ["essai.yaml, ligne 7", "« capital » apparaît deux fois"]),
    ("", ["doit décrire une SCIC"]),
])
def test_malformed_file(text, expected):
    with pytest.raises(ScicInvalide) as info:
        scic_depuis_texte(text, "essai.yaml")
    message = str(info.value)
    for part in expected:
        assert part in message, message
    assert "Traceback" not in message


def test_all_problems_are_reported_at_once():
    text = GOOD.replace("capital: 100\n  - nom: B", "capital: -1\n  - nom: B").replace(
        "beneficiaires", "inconnue")
    with pytest.raises(ScicInvalide, match=r"2 problème") as info:
        scic_depuis_texte(text, "essai.yaml")
    assert "ligne 6" in str(info.value) and "ligne 8" in str(info.value)


def test_missing_or_binary_file(tmp_path):
    with pytest.raises(ScicInvalide, match="introuvable"):
        lire_scic(tmp_path / "absent.yaml")
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("nom: Coopé".encode("latin-1"))
    with pytest.raises(ScicInvalide, match="UTF-8"):
        lire_scic(bad)


def test_weights_on_some_colleges_only():
    text = GOOD.replace("capital: 100\n  - nom: B", "capital: 100\n    college: X\n  - nom: B") \
        .replace("categorie: beneficiaires\n    capital: 100",
                 "categorie: beneficiaires\n    capital: 100\n    college: Y") \
        + "colleges:\n  - nom: X\n    poids: 50\n  - nom: Y\n"
    with pytest.raises(ScicInvalide, match="poids manquant pour « Y »"):
        scic_depuis_texte(text)


def test_example_files():
    assert verifier_scic(lire_scic(ROOT / "notebooks/scic/coop-velo-logistique.yaml"), JOUR).conforme
    assert verifier_scic(lire_scic(ROOT / "notebooks/scic/corrige.yaml"), JOUR).conforme
    broken = verifier_scic(lire_scic(ROOT / "notebooks/scic/a-corriger.yaml"), JOUR)
    assert [m.regle for m in broken.manquements] == ["categorie-salaries", "capital-public",
                                                     "college-poids"]


# --- properties that must hold for any SCIC and any surplus ---------------------------------

_members = st.lists(st.tuples(st.sampled_from(list(CATEGORIES)),
                              st.integers(min_value=1, max_value=1_000_000),
                              st.integers(min_value=0, max_value=3)), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(_members, st.booleans())
def test_vote_shares_always_total_one(members, use_colleges):
    if use_colleges:
        used = sorted({m[2] for m in members})
        raw = make([(c, k, f"C{g}") for c, k, g in members],
                   colleges=[{"nom": f"C{g}"} for g in used])
    else:
        raw = make([(c, k) for c, k, _ in members])
    scic = scic_depuis_donnees(raw)
    assert sum(part_des_voix(scic).values()) == 1
    for majority in ("simple", "deux-tiers"):
        block = minorites_de_blocage(scic, majority)
        for group, _ in block.coalitions:        # minimal: no coalition contains another
            assert not any(set(other) < set(group) for other, _ in block.coalitions)


@settings(max_examples=80, deadline=None)
@given(st.floats(min_value=1, max_value=1e8), st.floats(min_value=1, max_value=1e8),
       st.floats(min_value=0, max_value=10), st.one_of(st.none(), st.floats(0, 30)))
def test_surplus_always_adds_up_and_keeps_the_minimum_in_reserves(surplus, capital, tmo, rate):
    r = repartir_excedent(surplus, capital, tmo, rate)
    total = r.reserve_legale + r.reserve_statutaire + r.interets + r.solde
    assert total == pytest.approx(surplus)
    assert r.reserves_impartageables >= 0.575 * surplus * (1 - 1e-12)
    assert r.taux_interet_pct <= r.plafond_interet_pct + 1e-9
    assert min(r.interets, r.solde) >= -1e-6


# --- review of module 5: names, YAML traps, spellings, dates, legal bases -------------------

def test_duplicate_member_names_are_refused_with_their_lines():
    text = GOOD.replace("  - nom: B", "  - nom: A")
    with pytest.raises(ScicInvalide) as info:
        scic_depuis_texte(text, "essai.yaml")
    message = str(info.value)
    assert "essai.yaml, ligne 7" in message and "« A » est déjà celui de l'associé n° 1, ligne 4" \
        in message
    raw = make(BASE)
    raw["associes"][1]["nom"] = raw["associes"][0]["nom"]
    with pytest.raises(ScicInvalide, match="déjà celui de l'associé n° 1"):
        scic_depuis_donnees(raw)


@pytest.mark.parametrize("text", [
    "nom: X\nforme: SAS\nassocies: &a [ {nom: A, categorie: salaries, capital: 1}, *a ]\n",
    "nom: &n X\nforme: SAS\nassocies:\n  - nom: *n\n    categorie: salaries\n    capital: 1\n",
])
def test_yaml_aliases_are_refused_in_french(text):
    with pytest.raises(ScicInvalide, match="renvois YAML") as info:
        scic_depuis_texte(text, "essai.yaml")
    assert "essai.yaml, ligne" in str(info.value)


def test_absurdly_deep_yaml_is_refused_not_crashed():
    text = "nom: X\nforme: SAS\nassocies: " + "[" * 3000 + "]" * 3000 + "\n"
    with pytest.raises(ScicInvalide, match="trop profonde"):
        scic_depuis_texte(text, "essai.yaml")


def test_tab_indentation_is_explained():
    with pytest.raises(ScicInvalide, match="tabulation") as info:
        scic_depuis_texte(GOOD.replace("    categorie: salaries", "\tcategorie: salaries"),
                          "essai.yaml")
    assert "ligne 5" in str(info.value) and "espaces" in str(info.value)


def test_bom_and_non_utf8_files(tmp_path):
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    assert lire_scic(bom).nom == "Coop"
    latin = tmp_path / "latin1.yaml"
    latin.write_bytes(GOOD.replace("Coop", "Coopé").encode("cp1252"))
    with pytest.raises(ScicInvalide, match="n'est pas en UTF-8 ; réenregistrez-le"):
        lire_scic(latin)


@pytest.mark.parametrize(("written", "key"), [
    ("salariés", "salaries"), ("Salaries", "salaries"), ("SALARIÉ", "salaries"),
    ("Bénéficiaires", "beneficiaires"), (" bénéficiaire ", "beneficiaires"),
    ("Collectivités", "collectivites"), ("autres publics", "autres-publics"),
    ("Autres_Publics", "autres-publics"), ("Producteur", "producteurs"), ("autre", "autres"),
])
def test_categories_ignore_case_accents_plural_and_spaces(written, key):
    text = GOOD.replace("categorie: beneficiaires", f"categorie: {written}")
    assert scic_depuis_texte(text).associes[1].categorie == key


@pytest.mark.parametrize("written", ["usagers", "bénévoles", "salariat", "publics"])
def test_unknown_categories_are_still_refused(written):
    with pytest.raises(ScicInvalide, match=f"« {written} » inconnue"):
        scic_depuis_texte(GOOD.replace("categorie: beneficiaires", f"categorie: {written}"))


def test_no_rule_before_the_scic_status_exists():
    with pytest.raises(PiuError, match=r"n'existe que depuis le 18/07/2001 \(loi n° 2001-624 du "
                                       r"17/07/2001\)"):
        verifier_scic(scic_depuis_donnees(make(BASE, forme="SA")), date(2000, 1, 1))
    assert rules_broken(make(BASE, forme="SA"), date(2001, 7, 18)) == []


def test_each_rule_cites_its_own_legal_basis():
    raw = make([("producteurs", 10, "Q"), ("autres", 10, "Q"), ("collectivites", 100, "P")],
               colleges=[{"nom": "P", "poids": 90}, {"nom": "Q", "poids": 20}], effectif_salarie=2)
    bases = {m.regle: m.base_legale for m in verifier_scic(scic_depuis_donnees(raw), JOUR).manquements}
    assert set(bases) == {"categorie-salaries", "categorie-beneficiaires", "capital-public",
                          "college-poids", "colleges-somme"}
    assert "3DS" not in bases["capital-public"] and "avances" not in bases["capital-public"]
    assert "plafond du capital" in bases["capital-public"] and "2014-856" in bases["capital-public"]
    assert "salariés associés obligatoires" in bases["categorie-salaries"]
    assert "bénéficiaires habituels" in bases["categorie-beneficiaires"]
    assert "collèges de vote" in bases["college-poids"]
    assert len(set(bases.values())) >= 4


# ------------------------------------------------ déport des élus, subventions (issue 11)

def _with_members(*categories: str):
    from piu.cooperation.scic_fichier import scic_depuis_donnees
    raw = {"nom": "Essai", "forme": "SAS",
           "associes": [{"nom": f"A{i}", "categorie": c, "capital": 1000}
                        for i, c in enumerate(categories)]}
    return scic_depuis_donnees(raw)


def test_deport_vigilance_whenever_a_collectivite_is_associe():
    from piu.cooperation.scic_regles import verifier_scic
    result = verifier_scic(_with_members("salaries", "beneficiaires", "collectivites"),
                           date(2026, 6, 1))
    ids = [v.id for v in result.vigilances]
    assert "deport-elus" in ids and "subvention-competences" in ids
    assert "Point de vigilance" in result.texte() and "L1111-6" in result.texte()
    payload = result.en_dict()
    deport = next(v for v in payload["vigilances"] if v["id"] == "deport-elus")
    assert "432-12" in deport["base_legale"] and "subvention" in deport["texte"]
    subsidy = next(v for v in payload["vigilances"] if v["id"] == "subvention-competences")
    assert "19 decies" in subsidy["base_legale"] and "L1511-2" in subsidy["base_legale"]


def test_no_deport_vigilance_without_a_collectivite():
    from piu.cooperation.scic_regles import verifier_scic
    result = verifier_scic(_with_members("salaries", "beneficiaires", "autres"), date(2026, 6, 1))
    assert result.vigilances == () and "Point de vigilance" not in result.texte()
    assert result.en_dict()["vigilances"] == []
