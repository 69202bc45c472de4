"""Module 2: the chapter's worked examples agree with the engines, the forms render their
default result as HTML for the static book, and the data tables carry their sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from piu import data
from piu.data import formater_valeur
from piu.evaluation import OptionCout, comparer_livraison, emissions_livraison, lire_grille
from piu.evaluation.carbone import vehicules_par_defaut
from piu.evaluation.formulaires import (
    calculateur_carbone,
    calculateur_cout,
    grille_interactive,
    questionnaire_trl,
    tableau_criteres,
    tableau_facteurs,
)
from piu.french_numbers import format_nombre

ROOT = Path(__file__).resolve().parents[1]
CHAPITRE = (ROOT / "book" / "module2" / "chapitre.md").read_text(encoding="utf-8")
GRILLE = ROOT / "notebooks" / "grilles" / "livraison-centre-ville.csv"


def test_exemple_de_grille_du_chapitre() -> None:
    grid = lire_grille(GRILLE)
    for row in grid.classement():
        assert format_nombre(row["score"], 2) in CHAPITRE
    inv = grid.inversion()
    assert f"descend sous {format_nombre(inv.poids_bascule)}" in CHAPITRE
    share = grid.stabilite()[grid.classement()[0]["option"]]
    assert f"environ {round(100 * share)} %" in CHAPITRE
    # the table of the chapter is the CSV file
    for critere, poids, row in zip(grid.criteres, grid.poids, grid.notes, strict=True):
        cells = " | ".join([critere, format_nombre(poids)] + [format_nombre(v) for v in row])
        assert f"| {cells} |" in CHAPITRE


def test_exemple_carbone_du_chapitre() -> None:
    fleet = vehicules_par_defaut()
    velo = emissions_livraison(fleet["velo-cargo"], 30, 60, 0)["par_colis"]
    diesel = emissions_livraison(fleet["vul-diesel"], 30, 60, 0, part_fabrication=0)["par_colis"]
    assert f"**{format_nombre(1000 * velo, 1)} g par colis**" in CHAPITRE
    assert f"**{round(1000 * diesel)} g par colis**" in CHAPITRE


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
    tool.box.children[6].value = 0.0  # velo-cargo-total
    assert "⚠" in tool.resultat.value


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
    from piu.bank import charger_banque

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
    assert "devient moins chère en coût cumulé dès l'année" in tool.html_defaut
    assert "rattrapée" not in tool.html_defaut
