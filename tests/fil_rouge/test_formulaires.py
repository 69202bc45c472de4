"""Module 7 and the « Ajouter au dossier » buttons of modules 2 to 5: the logic behind the widgets."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from piu.cooperation import simulateur_scic
from piu.core.learner import dossier
from piu.evaluation import OptionCout, calculateur_carbone, calculateur_cout, grille_interactive, questionnaire_trl
from piu.fil_rouge import dossier_de_projet
from piu.financement import lire_plan, verificateur_de_plan
from piu.procedures import conseiller_procedure, est_ce_innovant, quel_contrat

ROOT = Path(__file__).resolve().parents[2]
EXEMPLE = ROOT / "exercises" / "dossier-cyclologistique.json"
CAS = ROOT / "notebooks" / "cyclologistique"


def test_each_module_form_adds_its_section(dossier_vide: Path) -> None:
    trl = questionnaire_trl(deja_prouves=6)
    assert trl.bouton_dossier.ajouter()
    innov = est_ce_innovant("livraison à vélo", cochees=("amelioration-sensible",))
    assert innov.box.children[-1].ajouter()
    contrat = quel_contrat("collectivite", "prix", domaine_public=False)
    assert contrat.box.children[-1].ajouter()
    plan = verificateur_de_plan(lire_plan(CAS / "plan-espace-logistique.yaml"), jour="2026-12-03")
    assert plan.bouton_dossier.ajouter()
    scic = simulateur_scic(CAS / "scic-rivebelle.yaml")
    assert scic.bouton_dossier.ajouter()
    assert grille_interactive(CAS / "grille-opportunite.csv").bouton_dossier.ajouter()
    assert calculateur_carbone().bouton_dossier.ajouter()
    cost = calculateur_cout(OptionCout("Fourgon", 35_000, 6_000, 2_500), OptionCout("Vélos", 24_000, 2_000, 1_500))
    assert cost.bouton_dossier.ajouter()
    advisor = conseiller_procedure(montant="192 000")
    assert advisor.box.children[-1].ajouter()
    sections = dossier.lire()["sections"]
    assert sections["grille"]["donnees"]["options"][0]["nom"] == "Vélos cargo en coopérative"
    assert sections["carbone"]["donnees"]["vehicules"][0]["g_par_km"] == 14.8
    assert {o["nom"] for o in sections["cout"]["donnees"]["options"]} == {"Fourgon", "Vélos"}
    assert sections["procedure"]["donnees"]["valeur_ht"] == 192000
    assert sections["maturite"]["donnees"]["niveau"] == 6
    assert sections["innovation"]["donnees"]["objet"] == "livraison à vélo"
    assert sections["contrat"]["donnees"]["qualification"] == "marche-public"
    assert sections["financement"]["donnees"]["cout_total"] == 340000 and sections["financement"]["donnees"]["conforme"]
    assert sections["gouvernance"]["donnees"]["nom"] == "Rivebelle Vélo Fret"


def test_a_form_with_a_bad_entry_adds_nothing(dossier_vide: Path) -> None:
    plan = verificateur_de_plan(lire_plan(CAS / "plan-espace-logistique.yaml"), jour="2026-12-03")
    plan.cost.value = "beaucoup"
    assert not plan.bouton_dossier.ajouter()
    assert "Coût total illisible" in plan.bouton_dossier.children[1].value
    scic = simulateur_scic(CAS / "scic-rivebelle.yaml")
    scic.editor.value = "nom: [pas fini"
    assert not scic.bouton_dossier.ajouter()
    assert not dossier_vide.exists()


def test_dossier_form_exports_three_downloads(dossier_vide: Path) -> None:
    dossier_vide.write_bytes(EXEMPLE.read_bytes())
    form = dossier_de_projet()
    assert "13 sections remplies sur 13" in form.state.value
    assert form.exporter()
    links = form.links.value
    assert links.count("<a download=") == 3 and 'download="note-opportunite.docx"' in links
    payload = links.split('download="dossier-piu.json" href="data:application/json;base64,')[1].split('"')[0]
    reopened = json.loads(base64.b64decode(payload))
    assert reopened["sections"].keys() == json.loads(EXEMPLE.read_text(encoding="utf-8"))["sections"].keys()


def test_reopen_accepts_a_good_copy_and_refuses_a_bad_one(dossier_vide: Path) -> None:
    form = dossier_de_projet()
    assert "aucune section remplie" in form.state.value
    bad = {"name": "abime.json", "content": b'{"format": "piu-dossier", "version": 3}'}
    assert not form.rouvrir([bad])
    assert "« version »" in form.message.value and "n’a pas changé" in form.message.value
    assert not dossier_vide.exists()
    good = {"name": "exemple.json", "content": EXEMPLE.read_bytes()}
    assert form.rouvrir([good])
    assert "13 sections remplies" in form.state.value
    assert dossier.lire()["projet"]["collectivite"].startswith("Métropole de Rivebelle")


def test_unreadable_dossier_is_reported_not_raised(dossier_vide: Path) -> None:
    dossier_vide.write_text("{abîmé", encoding="utf-8")
    form = dossier_de_projet()
    assert "conservé tel quel" in form.state.value
    assert not form.exporter()
    assert dossier_vide.read_text(encoding="utf-8") == "{abîmé"


def test_the_case_file_feeds_the_module_1_and_6_tools(tmp_path: Path, monkeypatch) -> None:
    """Steps 1, 2 and 8 pass the case's inputs to the tools, whose sections the dossier accepts;
    a case file missing one of those inputs is refused with its name, not a KeyError later."""
    import pytest
    import yaml

    from piu.core.errors import PiuError
    from piu.experimentation import (
        construire_protocole,
        donnees_experimentation,
        donnees_living_lab,
        evaluer_living_lab,
    )
    from piu.fil_rouge import cas as module_cas
    from piu.fil_rouge.sections import PAR_NOM, verifier
    from piu.freins import carte_des_freins, donnees_freins, rediger_besoin

    texts = module_cas.textes_du_cas()
    sections = {"besoin": rediger_besoin(**texts["besoin"]).section,
                "freins": donnees_freins(carte_des_freins(texts["projet"]["nom"], **texts["freins"])),
                "living_lab": donnees_living_lab(evaluer_living_lab(**texts["living_lab"])),
                "experimentation": donnees_experimentation(construire_protocole(**texts["experimentation"]))}
    for name, donnees in sections.items():
        verifier(donnees, PAR_NOM[name].forme, name)
    assert sections["freins"]["actions"][0]["rang"] == 1 and sections["living_lab"]["points_faibles"]
    broken = {k: v for k, v in texts.items() if k != "living_lab"}
    (tmp_path / "cas.yaml").write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(module_cas, "chemin_cas", lambda nom: tmp_path / nom)
    with pytest.raises(PiuError, match="« living_lab » manquant"):
        module_cas.textes_du_cas()
