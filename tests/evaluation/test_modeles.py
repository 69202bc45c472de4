"""Module 2: TRL questionnaire, last-mile carbon model and lifecycle cost, against
hand-computed examples, and their bad inputs."""

from __future__ import annotations

import math

import pytest

from piu.core import data
from piu.core.errors import PiuError
from piu.evaluation import OptionCout, comparer_couts, comparer_livraison
from piu.evaluation.carbone import emissions_livraison, facteur, vehicules_par_defaut
from piu.evaluation.cout_global import cout_cycle_de_vie
from piu.evaluation.maturite import echelle_trl, placer_trl


# -- TRL ----------------------------------------------------------------------------------------
def test_echelle_trl_complete() -> None:
    levels = echelle_trl()
    assert [lv["niveau"] for lv in levels] == list(range(1, 10))
    assert all("Horizon 2020" in str(lv["source"]) for lv in levels)


@pytest.mark.parametrize(("reponses", "niveau"), [
    ([], 0),
    ([False] * 9, 0),
    ([True] * 9, 9),
    ([True] * 4 + [False] * 5, 4),
    ({1: True, 2: True, 3: True}, 3),
])
def test_placer_trl(reponses: object, niveau: int) -> None:
    assert placer_trl(reponses).niveau == niveau


def test_trl_ne_saute_pas_d_etape() -> None:
    result = placer_trl([True, True, True, True, True, True, False, True, True])
    assert result.niveau == 6
    assert len(result.points_a_verifier) == 2
    assert "TRL 7" in result.prochaine_etape
    assert "TRL 6" in result.texte()


def test_trl_zero_dit_en_dessous_du_trl_1() -> None:
    result = placer_trl([False] * 9)
    assert result.texte().startswith("Niveau de maturité estimé : en dessous du TRL 1.")
    assert "TRL 0" not in result.texte()
    assert placer_trl([True]).libelle == "TRL 1 — Principes de base observés"


@pytest.mark.parametrize("reponses", [{0: True}, {10: True}, ["oui"], {"3": True}])
def test_trl_mauvaises_reponses(reponses: object) -> None:
    with pytest.raises(PiuError):
        placer_trl(reponses)


# -- carbon -------------------------------------------------------------------------------------
def test_facteurs_sources_et_dates() -> None:
    frame = data.table("facteurs_emission")
    assert set(frame["statut"]) <= {"source", "hypothese"}
    sourced = frame[frame["statut"] == "source"]
    assert sourced["url"].notna().all()
    assert facteur("gazole-routier").valeur == 3.17
    assert facteur("velo-cargo-total").valeur == 0.0148
    assert facteur("velo-cargo-fabrication").valeur == 0.0118


def test_velo_cargo_a_la_main() -> None:
    velo = vehicules_par_defaut()["velo-cargo"]
    result = emissions_livraison(velo, distance_km=30, colis=60, charge_kg=150)
    # 0.0148 kgCO2e/km × 30 km / 60 parcels = 0.0074 kgCO2e per parcel
    assert result["par_km"] == pytest.approx(0.0148)
    assert result["par_tournee"] == pytest.approx(0.444)
    assert result["par_colis"] == pytest.approx(0.0074)
    usage_seul = emissions_livraison(velo, 30, 60, 150, part_fabrication=0)
    assert usage_seul["par_km"] == pytest.approx(0.0148 - 0.0118)


def test_fourgon_diesel_a_la_main() -> None:
    diesel = vehicules_par_defaut()["vul-diesel"]
    result = emissions_livraison(diesel, distance_km=40, colis=80, charge_kg=200)
    # usage: 9 L/100 km × 3.17 = 0.2853 kg/km, + 2 % per 100 kg × 2 = ×1.04 → 0.296712
    # + manufacturing 0.03 → 0.326712 kg/km ; × 40 km / 80 parcels = 0.163356
    assert result["usage_km"] == pytest.approx(0.2853 * 1.04)
    assert result["par_km"] == pytest.approx(0.326712)
    assert result["par_colis"] == pytest.approx(0.163356)


def test_fourgon_electrique_a_la_main() -> None:
    ev = vehicules_par_defaut()["vul-electrique"]
    result = emissions_livraison(ev, distance_km=40, colis=80, charge_kg=0)
    # 25 kWh/100 km × 0.048 = 0.012 kg/km + 0.05 manufacturing = 0.062 ; /2 per parcel
    assert result["par_km"] == pytest.approx(0.062)
    assert result["par_colis"] == pytest.approx(0.031)


def test_facteur_modifiable_par_l_apprenant() -> None:
    velo = vehicules_par_defaut()["velo-cargo"].modifier(usage_km=0.01, fabrication_km=0.03)
    assert emissions_livraison(velo, 10, 20, 0)["par_colis"] == pytest.approx(0.04 * 10 / 20)


def test_comparaison_et_reduction() -> None:
    rows = {r["vehicule"]: r for r in comparer_livraison(30, 60, 150)}
    assert rows["vul-diesel"]["reduction_vs_diesel"] == 0
    assert rows["velo-cargo"]["reduction_vs_diesel"] == pytest.approx(
        1 - rows["velo-cargo"]["par_colis"] / rows["vul-diesel"]["par_colis"])
    assert rows["velo-cargo"]["par_colis"] < rows["vul-electrique"]["par_colis"] \
        < rows["vul-diesel"]["par_colis"]


def test_plus_de_colis_moins_par_colis() -> None:
    diesel = vehicules_par_defaut()["vul-diesel"]
    assert (emissions_livraison(diesel, 30, 120, 150)["par_colis"]
            == pytest.approx(emissions_livraison(diesel, 30, 60, 150)["par_colis"] / 2))


def test_charge_utile_depassee() -> None:
    velo = vehicules_par_defaut()["velo-cargo"]
    result = emissions_livraison(velo, 20, 40, 450)
    assert result["tournees_necessaires"] == 2
    assert "2 tournées" in result["avertissement"]
    # 450 kg over a 300 kg payload: 2 rounds of 225 kg, 2 × 20 km
    # 0.0148 kg/km × 40 km = 0.592 kg ; / 40 parcels = 0.0148 kg per parcel (twice 0.0074)
    assert result["charge_par_tournee_kg"] == pytest.approx(225)
    assert result["par_tournee"] == pytest.approx(0.592)
    assert result["par_colis"] == pytest.approx(0.0148)


def test_fourgon_au_dela_de_sa_charge_utile_a_la_main() -> None:
    diesel = vehicules_par_defaut()["vul-diesel"]
    result = emissions_livraison(diesel, distance_km=40, colis=80, charge_kg=1500)
    # payload 1000 kg: 2 rounds of 750 kg; overconsumption on 750 kg only, not 1500:
    # usage 0.2853 × (1 + 0.02 × 7.5) = 0.328095 ; + 0.03 = 0.358095 kg/km
    # 2 × 40 km = 80 km → 28.6476 kg ; / 80 parcels = 0.358095 kg per parcel
    assert result["tournees_necessaires"] == 2
    assert result["usage_km"] == pytest.approx(0.328095)
    assert result["par_tournee"] == pytest.approx(28.6476)
    assert result["par_colis"] == pytest.approx(0.358095)
    assert result["usage_par_colis"] + result["fabrication_par_colis"] == pytest.approx(0.358095)


def test_charge_utile_exacte_une_seule_tournee() -> None:
    velo = vehicules_par_defaut()["velo-cargo"]
    result = emissions_livraison(velo, 30, 60, 300)
    assert result["tournees_necessaires"] == 1 and result["avertissement"] == ""
    assert result["par_colis"] == pytest.approx(0.0074)


def test_charge_utile_nulle_refusee() -> None:
    velo = vehicules_par_defaut()["velo-cargo"].modifier(charge_utile_kg=0)
    with pytest.raises(PiuError, match="charge_utile_kg"):
        emissions_livraison(velo, 10, 10, 10)


# -- dated factors ------------------------------------------------------------------------------
def test_facteurs_reglementaires_dates() -> None:
    from datetime import date

    frame = data.table("facteurs_emission")
    assert frame["base_legale"].notna().all()
    gazole = facteur("gazole-routier", date(2020, 1, 1))
    assert gazole.valeur == 3.17
    assert gazole.base_legale.startswith("Arrêté du 26/04/2017")
    assert gazole.valid_from == date(2017, 6, 1)
    # before the arrêté came into force, no regulatory factor: a clear French message
    with pytest.raises(PiuError, match="en vigueur le 31/05/2017"):
        facteur("gazole-routier", date(2017, 5, 31))
    # a teaching assumption has no date: it holds on any day
    assert facteur("vul-charge-utile", date(2000, 1, 1)).valeur == 1000
    assert "hypothèse pédagogique" in facteur("vul-charge-utile").base_legale


def test_le_facteur_en_vigueur_a_la_date_est_retenu(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import shutil
    from datetime import date
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    shutil.copytree(root / "data", tmp_path / "data")
    path = tmp_path / "data" / "facteurs_emission.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    gazole = next(line for line in lines if line.startswith("gazole-routier,"))
    old = gazole.replace(",2017-06-01,,", ",2017-06-01,2029-12-31,")
    new = gazole.replace(",3.17,", ",3.1,").replace(",2017-06-01,,", ",2030-01-01,,")
    path.write_text("\n".join([line for line in lines if line != gazole] + [old, new]) + "\n",
                    encoding="utf-8")
    monkeypatch.setenv("PIU_RACINE", str(tmp_path))
    assert facteur("gazole-routier", date(2029, 12, 31)).valeur == 3.17
    assert facteur("gazole-routier", date(2030, 1, 1)).valeur == 3.1
    before = {r["vehicule"]: r for r in comparer_livraison(jour=date(2029, 6, 1))}
    after = {r["vehicule"]: r for r in comparer_livraison(jour=date(2030, 6, 1))}
    # diesel use per km: 9 L/100 km × factor × (1 + 0.02 × 1.5)
    assert before["vul-diesel"]["usage_km"] == pytest.approx(0.09 * 3.17 * 1.03)
    assert after["vul-diesel"]["usage_km"] == pytest.approx(0.09 * 3.1 * 1.03)


@pytest.mark.parametrize(("args", "mot"), [
    ((0, 10, 0, 1.0), "distance_km"),
    ((10, 0, 0, 1.0), "colis"),
    ((10, 10, -5, 1.0), "charge_kg"),
    ((10, 10, 0, 1.5), "part_fabrication"),
    ((math.nan, 10, 0, 1.0), "distance_km"),
])
def test_carbone_mauvaises_valeurs(args: tuple, mot: str) -> None:
    velo = vehicules_par_defaut()["velo-cargo"]
    with pytest.raises(PiuError, match=mot):
        emissions_livraison(velo, *args)


# -- lifecycle cost -----------------------------------------------------------------------------
def test_cout_cycle_de_vie_a_la_main() -> None:
    option = OptionCout("A", acquisition=1000, usage_annuel=100, maintenance_annuelle=50,
                        fin_de_vie=200, emissions_annuelles_t=2)
    frame = cout_cycle_de_vie(option, duree_ans=2, taux_actualisation=0.1, prix_carbone=25)
    # year 0: 1000 ; year 1: 100 + 50 + 2×25 = 200 → 200/1.1 ; year 2: 200 + 200 → 400/1.21
    assert frame["total"].tolist() == pytest.approx([1000, 200, 400])
    assert frame["actualise"].sum() == pytest.approx(1000 + 200 / 1.1 + 400 / 1.21)
    assert frame["cumul_actualise"].iloc[-1] == pytest.approx(frame["actualise"].sum())


def test_taux_nul_somme_simple() -> None:
    option = OptionCout("A", 500, 100, 0, -100, 0)
    frame = cout_cycle_de_vie(option, 3, 0.0, 0)
    assert frame["actualise"].sum() == pytest.approx(500 + 300 - 100)


def test_comparer_deux_options() -> None:
    diesel = OptionCout("Diesel", 30000, 5000, 2000, 0, 6)
    electrique = OptionCout("Électrique", 45000, 1500, 1000, 0, 1)
    result = comparer_couts(diesel, electrique, duree_ans=8, taux_actualisation=0.0,
                            prix_carbone=100)
    # no discounting: diesel 30000 + 8 × (5000 + 2000 + 600) = 90800
    #                 electric 45000 + 8 × (1500 + 1000 + 100) = 65800
    assert result["totaux"] == pytest.approx({"Diesel": 90800, "Électrique": 65800})
    assert result["moins_cher"] == "Électrique"
    assert result["ecart"] == pytest.approx(25000)
    # yearly gap 5000: the 15000 extra purchase is caught up at the end of year 3
    assert result["annee_bascule"] == 3
    assert result["postes"]["Diesel"]["emissions"] == pytest.approx(4800)


def test_actualisation_reduit_l_avantage_du_plus_cher_a_l_achat() -> None:
    diesel = OptionCout("Diesel", 30000, 5000, 2000, 0, 6)
    electrique = OptionCout("Électrique", 45000, 1500, 1000, 0, 1)
    sans = comparer_couts(diesel, electrique, 8, 0.0, 100)["ecart"]
    avec = comparer_couts(diesel, electrique, 8, 0.08, 100)["ecart"]
    assert avec < sans


def test_hypotheses_par_defaut_lues_dans_les_donnees() -> None:
    result = comparer_couts(OptionCout("A", 1, 1, 1), OptionCout("B", 2, 1, 1))
    assert result["prix_carbone"] == facteur("prix-carbone").valeur
    assert result["taux_actualisation"] == facteur("taux-actualisation").valeur / 100


@pytest.mark.parametrize(("option", "kwargs"), [
    (OptionCout("A", -1, 0, 0), {}),
    (OptionCout("A", 1, math.inf, 0), {}),
    (OptionCout("A", 1, 0, 0), {"duree_ans": 0}),
    (OptionCout("A", 1, 0, 0), {"duree_ans": 2.5}),
    (OptionCout("A", 1, 0, 0), {"taux_actualisation": 4}),
    (OptionCout("A", 1, 0, 0), {"prix_carbone": -10}),
])
def test_cout_mauvaises_valeurs(option: OptionCout, kwargs: dict) -> None:
    params = {"duree_ans": 5, "taux_actualisation": 0.04, "prix_carbone": 100, **kwargs}
    with pytest.raises(PiuError):
        cout_cycle_de_vie(option, **params)


def test_noms_identiques_refuses() -> None:
    with pytest.raises(PiuError, match="noms différents"):
        comparer_couts(OptionCout("A", 1, 1, 1), OptionCout("A", 2, 1, 1))
