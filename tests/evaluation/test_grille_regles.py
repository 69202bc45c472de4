"""Module 2, the law of an award grid: environmental criterion from 21/08/2026 (L2152-7),
no local preference (CE 29/07/1994 n° 131562), references at selection (R2142-*, Lianakis),
weights published before the offers (R2152-11/12); phases of criteria and indicators in data/;
labour in the lifecycle cost; sourced carbon price; rounding, never truncating.

Each test here fails on the course as it was before (a price + technique award grid was
accepted, « Impact économique local » could weigh an award, no labour, truncated shares)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from piu.core import data
from piu.core.cli import main
from piu.core.questions.bank import charger_banque
from piu.core.questions.grading import corriger
from piu.evaluation import OptionCout, comparer_couts, lire_grille, pourcentage
from piu.evaluation.cout_global import cout_cycle_de_vie
from piu.evaluation.grille import PHASES, Grille, GrilleInvalide

ROOT = Path(__file__).resolve().parents[2]
GRILLES = ROOT / "notebooks" / "grilles"
CHAPITRE = (ROOT / "book" / "module2" / "chapitre.md").read_text(encoding="utf-8")
AVANT, APRES = date(2026, 5, 15), date(2026, 9, 15)


def grille(poids: dict[str, float], phase: str | None = "attribution",
           lancement: date | None = APRES) -> Grille:
    notes = {"Profil fictif 1": dict.fromkeys(poids, 3), "Profil fictif 2": dict.fromkeys(poids, 4)}
    return Grille.creer(poids, notes, phase=phase, lancement=lancement)


# -- 1. environmental criterion ------------------------------------------------------------------
def test_prix_et_valeur_technique_refuses_apres_le_21_08_2026() -> None:
    with pytest.raises(GrilleInvalide, match="L2152-7") as exc:
        grille({"Prix": 60, "Réponse au besoin": 40})
    assert "lancée le 15/09/2026" in str(exc.value) and "21/08/2026" in str(exc.value)


def test_prix_et_valeur_technique_acceptes_avant_le_21_08_2026() -> None:
    assert grille({"Prix": 60, "Réponse au besoin": 40}, lancement=AVANT).phase == "attribution"
    # the day before and the day of entry into force
    grille({"Prix": 60, "Réponse au besoin": 40}, lancement=date(2026, 8, 20))
    with pytest.raises(GrilleInvalide):
        grille({"Prix": 60, "Réponse au besoin": 40}, lancement=date(2026, 8, 21))


def test_la_date_vient_des_donnees() -> None:
    row = data.ligne("regles_criteres", "critere-environnemental")
    assert row["valid_from"] == date(2026, 8, 21)
    assert "L2152-7" in row["base_legale"] and "2021-1104" in row["base_legale"]
    assert "2022-767" in row["base_legale"]


def test_critere_environnemental_de_poids_nul_ne_compte_pas() -> None:
    with pytest.raises(GrilleInvalide, match="poids positif"):
        grille({"Prix": 60, "Réponse au besoin": 40, "Impact environnemental": 0})
    grille({"Prix": 60, "Réponse au besoin": 40, "Impact environnemental": 10})


def test_critere_unique_seulement_le_cout_du_cycle_de_vie() -> None:
    grille({"Coût du cycle de vie": 1})
    with pytest.raises(GrilleInvalide, match="critère unique"):
        grille({"Impact environnemental": 1})
    with pytest.raises(GrilleInvalide, match="L2152-7"):
        grille({"Prix": 1})


def test_sans_phase_aucune_regle() -> None:
    grille({"Prix": 60, "Qualité": 40}, phase=None)


def test_cli_refuse_l_attribution_sans_critere_environnemental(
        capsys: pytest.CaptureFixture[str]) -> None:
    path = GRILLES / "attribution-sans-environnement.csv"
    assert main(["grille", str(path), "--phase", "attribution", "--lancement", "2026-09-15"]) == 2
    err = capsys.readouterr().err
    assert "L2152-7" in err and "Traceback" not in err
    assert main(["grille", str(path), "--phase", "attribution", "--lancement", "2026-05-15"]) == 0
    out = capsys.readouterr().out
    assert "Rappel : Critères et poids publiés avant les offres" in out and "R2152-11" in out


def test_cli_lancement_sans_phase_et_date_illisible(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(GRILLES / "attribution-cyclologistique.csv")
    assert main(["grille", path, "--lancement", "2026-09-15"]) == 2
    assert "--phase" in capsys.readouterr().err
    assert main(["grille", path, "--phase", "attribution", "--lancement", "15/09/2026"]) == 2
    assert "AAAA-MM-JJ" in capsys.readouterr().err


def test_toute_grille_d_attribution_du_cours_a_un_critere_environnemental() -> None:
    for path in sorted(GRILLES.glob("*.csv")):
        if path.stem in ("attribution-sans-environnement", "attribution-emplois-locaux"):
            continue  # the two counter-examples of the notebook
        if path.stem.startswith("attribution") or path.stem.startswith("egalite"):
            assert lire_grille(path, "attribution", APRES).rappels(), path.name


# -- 2. weights before the offers ----------------------------------------------------------------
def test_une_grille_d_attribution_rappelle_que_les_poids_sont_publies_avant() -> None:
    result = lire_grille(GRILLES / "attribution-cyclologistique.csv", "attribution", APRES).resultat()
    assert result["phase"] == "attribution" and result["lancement"] == "2026-09-15"
    (rappel,) = result["rappels"]
    assert "R2152-11" in rappel and "290236" in rappel and "profils fictifs" in rappel
    assert all(o.startswith("Profil fictif") for o in (r["option"] for r in result["classement"]))


def test_cas_d_attribution_du_chapitre() -> None:
    grid = lire_grille(GRILLES / "attribution-cyclologistique.csv", "attribution", APRES)
    first = str(grid.classement()[0]["option"])
    assert grid.stabilite()[first] == 1.0 and "équilibré" in first
    inv = grid.inversion()
    assert inv.critere == "Prix" and inv.poids_bascule == pytest.approx(80)
    assert "de 40 à plus de 80" in CHAPITRE and "premier dans tous les tirages" in CHAPITRE


def test_le_chapitre_ne_re_pondere_plus_des_offres_recues() -> None:
    assert "devant la commission" not in CHAPITRE
    assert "jamais sur des offres reçues" in CHAPITRE
    assert "R2152-11" in CHAPITRE and "290236" in CHAPITRE


@pytest.mark.parametrize(("question_id", "juste", "fausse", "mot"), [
    ("m2-lire-stabilite", "b", "c", "R2152-11"),
    ("m2-poids-offres-recues", "a", "b", "choisir le lauréat"),
    ("m2-poids-offres-recues", "a", "c", "290236"),
    ("m2-poids-offres-recues", "a", "d", "profils inventés"),
    ("m2-critere-environnemental", "a", "b", "L2152-7"),
    ("m2-critere-environnemental", "a", "c", "condition d'exécution"),
    ("m2-critere-environnemental", "a", "d", "R2152-7"),
    ("m2-trl-innovation", "a", "b", "critère juridique"),
    ("m2-trl-innovation", "a", "d", "2025-391"),
])
def test_questions_du_droit_des_grilles(question_id: str, juste: str, fausse: str, mot: str) -> None:
    q = charger_banque()[question_id]
    assert corriger(q, juste).juste
    verdict = corriger(q, fausse)
    assert not verdict.juste and mot in verdict.retour


def test_questions_stabilite_et_bascule_avant_l_avis() -> None:
    bank = charger_banque()
    for qid in ("m2-lire-stabilite", "m2-bascule"):
        assert "Avant de publier l'avis" in bank[qid].enonce or "Avant de publier l'avis" in \
            bank[qid].enonce.replace("**", "")
    # the award grid of the « bascule » question has its environmental criterion
    assert "Impact environnemental" in bank["m2-bascule"].enonce


# -- 3. no local preference ----------------------------------------------------------------------
@pytest.mark.parametrize("critere", ["Impact économique local", "impact-economique"])
def test_impact_economique_local_refuse_a_l_attribution(critere: str) -> None:
    with pytest.raises(GrilleInvalide, match="131562") as exc:
        grille({"Prix": 40, "Impact environnemental": 20, critere: 40})
    assert "clause d'insertion" in str(exc.value)
    grille({"Prix": 40, "Impact environnemental": 20, critere: 40}, phase="opportunite")


def test_cli_refuse_l_emploi_local(capsys: pytest.CaptureFixture[str]) -> None:
    path = GRILLES / "attribution-emplois-locaux.csv"
    assert main(["grille", str(path), "--phase", "attribution", "--json"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "131562" in err and "préférence locale" in err.lower()


def test_phases_des_criteres_et_des_indicateurs() -> None:
    for name in ("criteres", "indicateurs"):
        frame = data.table(name)
        for row in frame.itertuples():
            phases = str(row.phases).split()
            assert phases and set(phases) <= set(PHASES), (name, row.id)
    local = {"impact-economique", "emplois-locaux", "sous-traitance-locale"}
    for name in ("criteres", "indicateurs"):
        frame = data.table(name)
        for row in frame[frame["id"].isin(local)].itertuples():
            assert "attribution" not in row.phases.split() and "selection" not in row.phases.split()
            assert row.motif_phases == "preference-locale"
    insertion = data.ligne("indicateurs", "insertion")
    assert {"attribution", "execution"} <= set(insertion["phases"].split())


def test_le_schema_valide_les_phases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from frictionless import Package

    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    path = copy / "criteres.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",opportunite attribution,", ",attribution partout,", 1),
                    encoding="utf-8")
    report = Package(str(copy / "datapackage.json")).validate()
    assert not report.valid


# -- 4. references are selection -----------------------------------------------------------------
@pytest.mark.parametrize("critere", ["Références et capacités du candidat"])
def test_references_et_maturite_refusees_a_l_attribution(critere: str) -> None:
    with pytest.raises(GrilleInvalide, match="C-532/06") as exc:
        grille({"Prix": 40, "Impact environnemental": 20, critere: 40})
    assert "R2142-1" in str(exc.value)


def test_references_permises_a_la_selection() -> None:
    grille({"Références et capacités du candidat": 1}, phase="selection")
    with pytest.raises(GrilleInvalide, match="ne peut pas servir à la sélection"):
        grille({"Prix": 1}, phase="selection")


def test_l_echelle_de_maturite_n_est_pas_un_critere_d_attribution() -> None:
    # Issue 21: the maturity of the offered solution is a characteristic of the offer (award
    # allowed, on the offer's evidence); the candidate's deployments elsewhere stay selection.
    row = data.ligne("criteres", "maturite")
    assert "selection" not in row["phases"].split()
    assert "chez d'autres clients" not in row["note_5"]
    passage = data.ligne("criteres", "passage-echelle")
    assert "ailleurs" not in passage["note_5"]  # the offer's plan, not the candidate's references


def test_critere_inconnu_refuse_a_l_attribution_avec_la_liste() -> None:
    with pytest.raises(GrilleInvalide, match="inconnu de la bibliothèque") as exc:
        grille({"Prix": 50, "Impact environnemental": 20, "Qualité": 30})
    assert "Impact environnemental" in str(exc.value) and "Impact économique local" not in str(exc.value)


# -- 5. labour -----------------------------------------------------------------------------------
def test_main_d_oeuvre_comptee_chaque_annee() -> None:
    option = OptionCout("Vélos", 0, 0, 0, heures_annuelles=3000, cout_horaire=25)
    frame = cout_cycle_de_vie(option, 2, 0.0, 0)
    assert list(frame["main_oeuvre"]) == [0, 75_000, 75_000]
    assert frame["total"].sum() == 150_000


def test_cout_horaire_par_defaut_source_et_modifiable() -> None:
    row = data.ligne("facteurs_emission", "cout-horaire-livreur")
    assert row["statut"] == "hypothese" and "inventée" in row["source"]
    a = OptionCout("A", 0, 0, 0, heures_annuelles=100)
    b = OptionCout("B", 0, 0, 0, heures_annuelles=0)
    default = comparer_couts(a, b, 1, 0.0, 0)
    assert default["cout_horaire"] == float(row["valeur"])
    assert default["postes"]["A"]["main_oeuvre"] == pytest.approx(100 * float(row["valeur"]))
    assert comparer_couts(a, b, 1, 0.0, 0, cout_horaire=40)["totaux"]["A"] == pytest.approx(4000)


@pytest.mark.parametrize("option", [OptionCout("A", 0, 0, 0, heures_annuelles=-1),
                                    OptionCout("A", 0, 0, 0, cout_horaire=-5)])
def test_main_d_oeuvre_mauvaises_valeurs(option: OptionCout) -> None:
    from piu.core.errors import PiuError

    with pytest.raises(PiuError, match="positif ou nul"):
        comparer_couts(option, OptionCout("B", 0, 0, 0))


def test_cas_du_chapitre_la_main_d_oeuvre_renverse_le_classement() -> None:
    diesel = OptionCout("Fourgon diesel", 35_000, 6_000, 2_500, -5_000, 8, heures_annuelles=1_600)
    velos = OptionCout("Vélos cargo", 24_000, 2_000, 1_500, 0, 0.5, heures_annuelles=3_000)
    assert comparer_couts(diesel, velos)["moins_cher"] == "Fourgon diesel"
    bare = comparer_couts(OptionCout("Fourgon diesel", 35_000, 6_000, 2_500, -5_000, 8),
                          OptionCout("Vélos cargo", 24_000, 2_000, 1_500, 0, 0.5))
    totals = bare["totaux"]
    assert bare["moins_cher"] == "Vélos cargo" and totals["Vélos cargo"] < totals["Fourgon diesel"] / 2
    assert "1 600 heures" in CHAPITRE.replace("\u202f", " ") and "3 000 heures" in CHAPITRE.replace("\u202f", " ")


def test_formulaire_du_cout_a_la_main_d_oeuvre() -> None:
    from piu.evaluation.formulaires import calculateur_cout

    tool = calculateur_cout(OptionCout("A", 1000, 100, 10, heures_annuelles=10),
                            OptionCout("B", 2000, 50, 5))
    assert "Main-d'œuvre" in tool.html_defaut.replace("&#x27;", "'")
    before = tool.resultat.value
    tool.champs["cout_horaire"].value = 1000
    assert tool.resultat.value != before
    assert "valeur inventée" in tool.box.children[4].description or any(
        "valeur inventée" in getattr(c, "description", "") for c in tool.box.children)


def test_question_main_d_oeuvre() -> None:
    q = charger_banque()["m2-main-oeuvre"]
    hourly = float(data.valeur("facteurs_emission:cout-horaire-livreur:valeur"))
    assert q.reponse == pytest.approx((3 * 1_000 - 1_600) * hourly)
    assert corriger(q, "35 000 €").juste
    for wrong in ("75 000", "40 000", "-15 000", "115 000"):
        verdict = corriger(q, wrong)
        assert not verdict.juste and verdict.retour in {e.retour for e in q.erreurs_typiques}


@pytest.mark.parametrize(("juste", "fausses"), [
    (["a", "b", "f"], [["a", "b", "c", "f"], ["a", "b", "d", "f"], ["a", "b", "e", "f"], ["a", "f"]]),
])
def test_question_preference_locale(juste: list[str], fausses: list[list[str]]) -> None:
    q = charger_banque()["m2-preference-locale"]
    assert corriger(q, juste).juste
    for wrong in fausses:
        assert not corriger(q, wrong).juste
    retours = {o.id: o.retour for o in q.options}
    assert "131562" in retours["c"] and "L2113-10" in retours["d"] and "Lianakis" in retours["e"]


# -- 6. carbon price and discount rate -----------------------------------------------------------
def test_prix_du_carbone_source_et_date() -> None:
    row = data.ligne("facteurs_emission", "prix-carbone")
    assert row["statut"] == "source" and float(row["valeur"]) == 250
    assert "France Stratégie" in row["source"] and "Quinet" in row["source"]
    assert row["date_source"] == date(2019, 2, 18) and "strategie.gouv.fr" in row["url"]
    assert "non confirmées" in row["note"] or "pas confirmées" in row["note"]


def test_taux_d_actualisation_dit_ce_qui_n_est_pas_confirme() -> None:
    row = data.ligne("facteurs_emission", "taux-actualisation")
    assert row["statut"] == "hypothese" and "France Stratégie" in row["source"]
    assert "pas confirmé" in row["source"]


# -- 7 and 8. TRL, typography, rounding ----------------------------------------------------------
def test_trl_5_et_6_distincts_et_fideles() -> None:
    labels = {int(r.niveau): r.intitule for r in data.table("trl").itertuples()}
    assert labels[5].startswith("Technologie validée en environnement représentatif")
    assert labels[6].startswith("Technologie démontrée en environnement représentatif")
    assert labels[5].split("(")[1] != labels[6].split("(")[1]
    assert len(set(labels.values())) == 9


def test_le_chapitre_dit_que_le_trl_n_est_pas_le_critere_juridique() -> None:
    trl = CHAPITRE[CHAPITRE.index("## La maturité technologique"):CHAPITRE.index("## La grille")]
    assert "L2172-3" in trl and "nouveau ou sensiblement" in trl and "Lianakis" in trl
    assert "à vérifier sur Légifrance** avant de le citer" not in CHAPITRE


def test_formule_carbone_sans_puce_parasite() -> None:
    # a line starting with « + » inside a list becomes a bullet in Markdown
    outside_code = re.sub(r"```.*?```", "", CHAPITRE, flags=re.S)
    assert not re.search(r"^\s*\+ ", outside_code, flags=re.M)
    assert "+ fabrication par km × part de fabrication comptée" in CHAPITRE


def test_egalite_des_tirages_expliquee() -> None:
    shares = lire_grille(GRILLES / "egalite-poids-decimaux.csv").stabilite()
    assert [pourcentage(v) for v in shares.values()] == ["48,5", "51,5"]
    assert "48,5 %" in CHAPITRE and "51,5 %" in CHAPITRE and "aléa de 1 000 tirages" in \
        CHAPITRE.replace("\u202f", " ")
    for seed, expected in ((1, "51,7"), (2, "48,9")):
        share = lire_grille(GRILLES / "egalite-poids-decimaux.csv").stabilite(graine=seed)
        assert pourcentage(share["Profil fictif A"]) == expected
        assert f"{expected} %" in CHAPITRE


@pytest.mark.parametrize(("part", "decimales", "texte"), [
    (0.1425, 1, "14,3"), (57 / 400, 1, "14,3"), (0.485, 1, "48,5"), (1 / 7, 1, "14,3"),
    (0.125, 0, "13"), (0.0, 1, "0,0"), (1.0, 1, "100,0"), (0.9875, 1, "98,8"),
])
def test_pourcentage_arrondi_jamais_tronque(part: float, decimales: int, texte: str) -> None:
    assert pourcentage(part, decimales) == texte


def test_les_sorties_du_module_arrondissent() -> None:
    from piu.evaluation.graphiques import alt_stabilite

    assert alt_stabilite({"A": 0.1425, "B": 0.8575}, 400, 0.2).endswith("A 14,3 % ; B 85,8 %.")
    source = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "piu" / "evaluation").glob("*.py"))
    # a share printed with a fixed number of decimals goes through pourcentage()
    assert not re.findall(r"format_nombre\(100 \* [^()]*(?:\([^()]*\))?[^()]*, \d\)", source)
