"""Module 2: the chapter's worked examples agree with the engines, the forms render their
default result as HTML for the static book, and the data tables carry their sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from piu.core import data
from piu.core.data import formater_valeur
from piu.core.french_numbers import format_nombre
from piu.evaluation import OptionCout, comparer_livraison, lire_grille, pourcentage
from piu.evaluation.carbone import emissions_livraison, vehicules_par_defaut
from piu.evaluation.formulaires import (
    calculateur_carbone,
    calculateur_cout,
    grille_interactive,
    questionnaire_trl,
    tableau_criteres,
    tableau_facteurs,
)

ROOT = Path(__file__).resolve().parents[2]
CHAPITRE = (ROOT / "book" / "module2" / "chapitre.md").read_text(encoding="utf-8")
GRILLE = ROOT / "notebooks" / "grilles" / "livraison-centre-ville.csv"


def test_exemple_de_grille_du_chapitre() -> None:
    grid = lire_grille(GRILLE)
    for row in grid.classement():
        assert format_nombre(row["score"], 2) in CHAPITRE
    inv = grid.inversion()
    assert f"descend sous {format_nombre(inv.poids_bascule)}" in CHAPITRE
    share = grid.stabilite()[grid.classement()[0]["option"]]
    # rounded half up, as the tools print it (round() rounds 98,5 to 98: never again)
    assert f"premiers dans {pourcentage(share)} %" in CHAPITRE
    # the table of the chapter is the CSV file
    for critere, poids, row in zip(grid.criteres, grid.poids, grid.notes, strict=True):
        cells = " | ".join([critere, format_nombre(poids)] + [format_nombre(v) for v in row])
        assert f"| {cells} |" in CHAPITRE


def test_exemple_carbone_du_chapitre() -> None:
    fleet = vehicules_par_defaut()

    def grams(vehicle: str, share: float) -> float:
        return 1000 * emissions_livraison(fleet[vehicle], 30, 60, 0, part_fabrication=share)["par_colis"]

    # both vehicles on the same basis: with manufacturing, then use only
    assert f"**{format_nombre(grams('velo-cargo', 1), 1)} g par colis** ; le fourgon diesel" in CHAPITRE
    assert f"**{round(grams('vul-diesel', 1))} g par colis**.\n- Sans la fabrication" in CHAPITRE
    assert f"**{format_nombre(grams('velo-cargo', 0), 1)} g par colis** ; le fourgon diesel" in CHAPITRE
    assert f"**{round(grams('vul-diesel', 0))} g par colis**.\n\nL'essentiel" in CHAPITRE


def test_tournees_de_l_exemple_du_chapitre() -> None:
    velo = vehicules_par_defaut()["velo-cargo"]
    assert emissions_livraison(velo, 30, 60, 450)["tournees_necessaires"] == 2
    assert ("450 kg pour une charge utile de\n{donnee}`facteurs_emission:velo-cargo-charge-utile:valeur` "
            "kg fait donc deux tournées") in CHAPITRE


def test_stabilite_du_chapitre() -> None:
    grid = lire_grille(GRILLE)
    share = pourcentage(grid.classement_stable())
    assert f"seulement la première place : dans\nl'exemple, {share} %" in CHAPITRE
    assert "à parts égales" in CHAPITRE and "un critère de poids nul reste nul" in CHAPITRE


def test_pour_aller_plus_loin_du_module_2() -> None:
    further = CHAPITRE[CHAPITRE.index("## Pour aller plus loin"):]
    for needle in ("https://wearepossible.org/our-reports/the-promise-of-low-carbon-freight",
                   "https://www.economie.gouv.fr/daj/achat-public-innovation",
                   "Saint-Fons", "colisactiv.fr"):
        assert needle in further, needle


def test_criteres_de_l_issue_presents() -> None:
    ids = set(data.table("criteres")["id"])
    assert ids >= {"reponse-besoin", "usages", "maturite", "impact-environnemental",
                   "impact-social", "impact-economique", "cout-cycle-de-vie",
                   "risques-reversibilite", "souverainete-donnees", "passage-echelle",
                   "accessibilite", "interoperabilite"}


def test_role_donnee_garde_les_petits_facteurs() -> None:
    assert formater_valeur(0.0148, "valeur") == "0,0148"
    assert formater_valeur(0.048, "valeur") == "0,048"
    assert formater_valeur(3.17, "valeur") == "3,17"


@pytest.mark.parametrize("outil", [
    questionnaire_trl,
    lambda: grille_interactive(GRILLE),
    calculateur_carbone,
    lambda: calculateur_cout(OptionCout("A", 1000, 100, 10), OptionCout("B", 2000, 50, 5)),
])
def test_formulaires_ont_un_rendu_html(outil) -> None:  # type: ignore[no-untyped-def]
    tool = outil()
    bundle = tool._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"] and "⚠" not in bundle["text/html"]
    tool.actualiser()


def test_formulaire_carbone_signale_une_valeur_impossible() -> None:
    tool = calculateur_carbone()
    # fabrication above the total: negative use, shown as a message, not a traceback
    tool.champs["velo-cargo-total"].value = 0.0
    assert "⚠" in tool.resultat.value and "dépasse le total" in tool.resultat.value
    tool.champs["velo-cargo-total"].value = 0.0148
    assert "⚠" not in tool.resultat.value
    tool.champs["vul-charge-utile"].value = 0.0
    assert "⚠ «\u00a0Fourgon 3,5 t, charge utile\u00a0» doit être un nombre strictement positif" in \
        tool.resultat.value


def test_grille_introuvable_affiche_un_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert grille_interactive("absente.csv") is None
    assert "introuvable" in capsys.readouterr().out


def test_tableaux_de_reference() -> None:
    assert "Souveraineté des données" in tableau_criteres().data
    html = tableau_facteurs().data
    assert "hypothèse modifiable" in html and "3,17" in html


def test_comparaison_par_defaut_ordonnee() -> None:
    rows = {r["vehicule"]: r["par_colis"] for r in comparer_livraison()}
    assert rows["velo-cargo"] < rows["vul-electrique"] < rows["vul-diesel"]


def test_chaque_question_du_module_est_dans_les_exercices() -> None:
    from piu.core.questions.bank import charger_banque

    notebook = (ROOT / "exercises" / "module2.ipynb").read_text(encoding="utf-8")
    for q in charger_banque().du_module(2):
        assert f'question(\\"{q.id}\\")' in notebook or f'verifier(\\"{q.id}\\"' in notebook, q.id


def test_indicateurs_sociaux_et_economiques() -> None:
    from piu.evaluation.formulaires import tableau_indicateurs

    frame = data.table("indicateurs")
    assert set(frame["famille"]) == {"economie", "service", "accessibilite"}
    assert "Emplois locaux" in tableau_indicateurs().data


def test_tableau_trl_du_chapitre_suit_les_donnees() -> None:
    for row in data.table("trl").itertuples():
        assert f"| {row.niveau} | {row.intitule} |" in CHAPITRE


def test_cout_annee_de_bascule_bien_formulee() -> None:
    tool = calculateur_cout(OptionCout("Diesel", 30000, 5000, 2000),
                            OptionCout("Électrique", 45000, 1500, 1000))
    assert "devient moins chère en coût cumulé dès l’année" in tool.html_defaut
    assert "rattrapée" not in tool.html_defaut


# -- carbon form: every factor editable, full labels ----------------------------------------------
def test_formulaire_carbone_chaque_facteur_modifiable() -> None:
    from piu.evaluation.formulaires import FACTEURS_CARBONE

    used = {f for v in vehicules_par_defaut().values() for f in v.facteurs}
    assert used <= set(FACTEURS_CARBONE)
    tool = calculateur_carbone()
    assert set(FACTEURS_CARBONE) <= set(tool.champs)


def _ligne(tool, vehicule: str) -> list[str]:  # type: ignore[no-untyped-def]
    import re

    rows = re.findall(r"<tr><td>(.*?)</td></tr>", tool.resultat.value)
    cells = [r.split("</td><td>") for r in rows]
    return next(c for c in cells if c[0] == vehicule)


def test_formulaire_carbone_surconsommation_et_charges_utiles() -> None:
    tool = calculateur_carbone()
    tool.champs["charge"].value = 600  # 30 km, 60 colis
    # van: 0.2853 × (1 + 0.02 × 6) + 0.03 = 0.349536 kg/km → × 30 / 60 = 174.8 g per parcel
    assert _ligne(tool, "Fourgon diesel")[3] == "174,8"
    tool.champs["vul-surconsommation-charge"].value = 0
    # 0.2853 + 0.03 = 0.3153 kg/km → 157.7 g per parcel
    assert _ligne(tool, "Fourgon diesel")[3] == "157,7"
    # bike: 600 kg over a 300 kg payload = 2 rounds: 0.0148 × 60 km / 60 = 14.8 g
    assert _ligne(tool, "Vélo cargo à assistance électrique")[2:4] == ["2", "14,8"]
    tool.champs["velo-cargo-charge-utile"].value = 100  # 6 rounds: 44.4 g
    assert _ligne(tool, "Vélo cargo à assistance électrique")[2:4] == ["6", "44,4"]
    # 3 rounds of 200 kg (overconsumption set to 0 above): 0.3153 × 90 km / 60 = 473.0 g
    tool.champs["vul-charge-utile"].value = 250
    assert _ligne(tool, "Fourgon diesel")[2:4] == ["3", "473,0"]


def test_libelles_du_formulaire_carbone_complets() -> None:
    from piu.evaluation.carbone import facteur
    from piu.evaluation.formulaires import FACTEURS_CARBONE

    tool = calculateur_carbone()
    labels = [child.children[0].value for child in tool.box.children
              if hasattr(child, "children") and len(child.children) == 2 and child is not tool.bouton_dossier]
    assert len(labels) == len(FACTEURS_CARBONE)
    for identifiant, label in zip(FACTEURS_CARBONE, labels, strict=True):
        assert label.startswith(facteur(identifiant).libelle.replace("'", "&#x27;")), label
        assert "…" not in label


def test_tableau_des_facteurs_a_une_base_legale() -> None:
    html = tableau_facteurs().data
    assert "Base légale" in html and "Arrêté du 26/04/2017" in html
    assert "en vigueur depuis le 01/06/2017" in html
    assert "aucune (hypothèse pédagogique)" in html


# -- alt texts written from the results, not typed ------------------------------------------------
def test_alt_grille_suit_les_resultats(tmp_path: Path) -> None:
    from piu.evaluation.graphiques import alt_grille

    alt = alt_grille(lire_grille(GRILLE))
    assert "Fourgons électriques 3,90" in alt and "Vélos cargo 3,75" in alt
    assert "Fourgons diesel 3,35" in alt
    other = tmp_path / "g.csv"
    other.write_text("critere,poids,A,B\nprix,3,1,5\nqualite,1,5,2\n", encoding="utf-8")
    # A: (3 + 5)/4 = 2 ; B: (15 + 2)/4 = 4.25, mostly from « prix »
    assert alt_grille(lire_grille(other)).endswith(
        "B 4,25 (critère qui pèse le plus : « prix ») ; A 2,00 (critère qui pèse le plus : "
        "« qualite »).")


def test_alt_stabilite_suit_les_resultats() -> None:
    from piu.evaluation.graphiques import alt_stabilite

    alt = alt_stabilite({"A": 0.25, "B": 0.75}, 500, 0.3)
    assert "500 tirages" in alt and "plus ou moins 30 %" in alt
    assert alt.endswith("A 25,0 % ; B 75,0 %.")
    share = lire_grille(GRILLE).stabilite()
    assert f"Fourgons électriques {format_nombre(100 * share['Fourgons électriques'], 1)} %" in \
        alt_stabilite(share, 1000, 0.2)


def test_alt_carbone_suit_les_resultats() -> None:
    from piu.evaluation.graphiques import alt_carbone

    alt = alt_carbone(comparer_livraison(30, 60, 150), 60, 30)
    # bike: 0.0148 × 30 / 60 = 7.4 g, of which 0.0118 × 30 / 60 = 5.9 g manufacturing
    assert "Vélo cargo à assistance électrique 7,4 g, dont 5,9 g de fabrication" in alt
    # electric van: (0.012 × 1.03 + 0.05) × 30 / 60 = 31.18 g, 25 g manufacturing
    assert "Fourgon électrique 31,2 g, dont 25,0 g de fabrication, surtout de la fabrication" in alt
    heavy = alt_carbone(comparer_livraison(30, 60, 450), 60, 30)
    assert "Vélo cargo à assistance électrique 14,8 g, en 2 tournées" in heavy


def test_alt_cout_suit_les_resultats() -> None:
    from piu.evaluation import comparer_couts
    from piu.evaluation.graphiques import alt_cout

    diesel = OptionCout("Diesel", 30000, 5000, 2000, 0, 6)
    electrique = OptionCout("Électrique", 45000, 1500, 1000, 0, 1)
    alt = alt_cout(comparer_couts(diesel, electrique, 8, 0.0, 100))
    # see test_comparer_deux_options: 90 800 and 65 800, break-even in year 3
    assert "« Diesel » part de 30\u202f000\u00a0€\u00a0HT et finit à 90\u202f800\u00a0€\u00a0HT" in alt
    assert "L'option « Électrique » est la moins chère" in alt
    assert "écart de 25\u202f000\u00a0€\u00a0HT" in alt
    assert "dès l'année 3" in alt


def test_graphique_porte_son_alt_dans_le_html() -> None:
    import matplotlib.pyplot as plt

    from piu.evaluation.graphiques import Graphique

    fig, _ = plt.subplots()
    bundle = Graphique(fig, 'Texte « alt » & <test>')._repr_mimebundle_()
    assert bundle["text/html"].startswith('<img src="data:image/png;base64,')
    assert 'alt="Texte « alt » &amp; &lt;test&gt;"' in bundle["text/html"]
    assert bundle["text/plain"] == "Texte « alt » & <test>" and bundle["image/png"]


def test_graphique_carbone_compte_les_tournees() -> None:
    from piu.evaluation.graphiques import graphique_carbone

    rows = comparer_livraison(30, 60, 450)
    fig = graphique_carbone(rows, 60, 30)
    bars = fig.axes[0].patches
    widths = {bar.get_y(): 0.0 for bar in bars}
    for bar in bars:
        widths[bar.get_y()] += bar.get_width()
    assert sorted(widths.values())[0] == pytest.approx(14.8)  # bike, 2 rounds


# -- grid form: sliders fitted to the weights, tie shown ------------------------------------------
@pytest.mark.parametrize(("poids", "pas", "maximum"), [
    ((25, 20, 20, 15, 10, 10), 1, 100),
    ((0.6, 0.4), 0.01, 1.2),
    ((3, 2, 1), 0.1, 6),
    ((100, 55), 1, 200),
])
def test_curseurs_a_l_echelle_des_poids(poids: tuple, pas: float, maximum: float) -> None:
    from piu.evaluation.formulaires import echelle_curseurs

    step, top, _ = echelle_curseurs(poids)
    assert step == pytest.approx(pas) and top == pytest.approx(maximum)
    for p in poids:  # every weight of the file is a position of the slider
        assert p / step == pytest.approx(round(p / step))


def test_formulaire_grille_poids_decimaux_et_egalite(tmp_path: Path) -> None:
    path = tmp_path / "egalite.csv"
    # 0,6 × 1 + 0,4 × 4 = 2,2 = 0,6 × 3 + 0,4 × 1
    path.write_text("critere,poids,A,B\nprix,0.6,1,3\nqualite,0.4,4,1\n", encoding="utf-8")
    tool = grille_interactive(path)
    sliders = [c for c in tool.box.children if type(c).__name__ == "FloatSlider"][:2]
    assert [s.step for s in sliders] == [0.01, 0.01]
    assert [s.value for s in sliders] == [0.6, 0.4]
    assert "Égalité" in tool.html_defaut and "Bascule" not in tool.html_defaut
    assert tool.html_defaut.count("<tr><td>1</td>") == 2  # both ranked first
    amplitude = [c for c in tool.box.children if type(c).__name__ == "FloatSlider"][-1]
    amplitude.value = 0  # no draw moves the weights: each tied option first in half of them
    assert tool.resultat.value.count("<td>50,0 %</td>") == 2
    sliders[0].value = 0.61
    assert "Bascule" in tool.resultat.value
