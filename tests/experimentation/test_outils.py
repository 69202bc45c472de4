"""Module 6 tools: the living-lab grid, the protocol builder, saved results, the command and
the forms' logic. Bad input always gives a French message naming what to fix."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piu.core import data
from piu.core.cli import main
from piu.experimentation import (
    construire_protocole,
    criteres,
    enregistrer_resultat,
    evaluer_living_lab,
    lire_resultat,
    vehicules_experimentation,
)
from piu.experimentation.fichier import FichierResultatInvalide
from piu.experimentation.grille import GrilleLivingLabInvalide, lire_note
from piu.experimentation.protocole import ProtocoleInvalide, regle

IDS = [c.id for c in criteres()]
STRONG = dict.fromkeys(IDS, 3)


def _lab(**changes: int) -> dict[str, int]:
    return {**STRONG, **{k.replace("_", "-"): v for k, v in changes.items()}}


# --- the grid ---------------------------------------------------------------------------


def test_the_grid_holds_the_three_workshop_conditions_users_protocol_and_vehicle():
    ids = set(IDS)
    assert {"independance", "soutien-public", "axes-strategiques", "implication-usagers",
            "protocole-evaluation", "vehicule-juridique", "gouvernance"} <= ids
    for c in criteres():
        assert c.source and c.levier and c.question
    workshop = [c for c in criteres() if c.groupe == "Les trois conditions de l'atelier"]
    assert len(workshop) == 3 and all("Innovation Urbaine" in c.source for c in workshop)
    assert "ENoLL" in next(c.source for c in criteres() if c.id == "implication-usagers")


def test_a_lab_lacking_independence_and_a_protocol_is_weak_on_both():
    result = evaluer_living_lab("Lab de la Vallée", _lab(independance=1, protocole_evaluation=0))
    weak = {c.id for c in result.faibles}
    assert weak == {"independance", "protocole-evaluation"}
    assert result.verdict.libelle == "fragile"
    sentences = result.points_faibles
    assert any(s.startswith("Indépendance de la structure") and "Levier" in s for s in sentences)
    assert any(s.startswith("Protocole d'évaluation") and "module" in s for s in sentences)
    assert "Points faibles" in result.texte()


def test_a_strong_lab_is_solid_and_has_no_weak_point():
    result = evaluer_living_lab("Lab solide", STRONG)
    assert result.verdict.libelle == "solide" and result.points_faibles == []
    assert result.score_pct == pytest.approx(100)


def test_one_weak_essential_condition_gives_a_lab_to_consolidate():
    assert evaluer_living_lab("Lab", _lab(soutien_public=1)).verdict.libelle == "à consolider"
    # a weak non-essential criterion alone keeps the verdict solid, but is still named
    result = evaluer_living_lab("Lab", _lab(gouvernance=1))
    assert result.verdict.libelle == "solide" and len(result.points_faibles) == 1
    # all criteria partial: no weak point, but not solid either
    assert evaluer_living_lab("Lab", dict.fromkeys(IDS, 2)).verdict.libelle == "à consolider"


def test_verdict_rules_come_from_the_data_and_the_last_accepts_everything():
    rules = data.table("living_lab_verdicts").sort_values("ordre")
    assert float(rules.iloc[-1]["score_min_pct"]) == 0
    assert evaluer_living_lab("Lab", dict.fromkeys(IDS, 0)).verdict.id == rules.iloc[-1]["id"]


def test_the_grid_section_has_the_shared_contract_keys():
    section = evaluer_living_lab("Lab", _lab(independance=1)).section()
    assert {"nom", "scores", "points_faibles", "verdict"} <= set(section)
    assert section["scores"]["independance"] == 1 and all(
        isinstance(v, int) for v in section["scores"].values())
    assert isinstance(section["verdict"], str) and json.loads(json.dumps(section)) == section


@pytest.mark.parametrize("typed, expected", [(2, 2), ("2", 2), ("2,0", 2), ("partiel", 2),
                                             ("Solide", 3), (" 0 ", 0)])
def test_scores_are_read_as_a_french_user_types_them(typed, expected):
    assert lire_note(typed) == expected


@pytest.mark.parametrize("typed, message", [("4", "hors de la grille"), ("1,5", "hors de la grille"),
                                            ("beaucoup", "n'est pas une note"), (True, "n'est pas")])
def test_bad_scores_name_the_criterion(typed, message):
    with pytest.raises(GrilleLivingLabInvalide, match=message):
        evaluer_living_lab("Lab", _lab() | {"independance": typed})
    with pytest.raises(GrilleLivingLabInvalide, match="Indépendance de la structure"):
        evaluer_living_lab("Lab", _lab() | {"independance": typed})


def test_missing_and_unknown_criteria_are_all_reported_at_once():
    scores = {k: v for k, v in STRONG.items() if k != "gouvernance"} | {"budget": 3}
    with pytest.raises(GrilleLivingLabInvalide) as exc:
        evaluer_living_lab("", scores)
    message = str(exc.value)
    assert "Donnez un nom" in message and "« budget » inconnu" in message
    assert "Gouvernance et chaîne de décision courte » : note manquante" in message


# --- the protocol -----------------------------------------------------------------------

GOOD = {
    "objectif": "Réduire les livraisons en camionnette dans l'hypercentre",
    "indicateurs": [{"nom": "Livraisons en camionnette", "unite": "par jour", "avant": "1 200",
                     "cible": "900"},
                    {"nom": "Satisfaction des commerçants", "unite": "%", "avant": "",
                     "cible": "80"}],
    "duree_mois": "12",
    "criteres_sortie": "moins de 20 livraisons à vélo par semaine après 3 mois\n",
    "criteres_passage_echelle": ["au moins 25 % des livraisons à vélo", "coût par colis stable"],
    "vehicule": "convention-experimentation",
}


def test_a_complete_protocol_gives_the_experimentation_section():
    section = construire_protocole(**GOOD).section()
    assert section == {
        "objectif": "Réduire les livraisons en camionnette dans l'hypercentre",
        "indicateurs": [{"nom": "Livraisons en camionnette", "unite": "par jour", "avant": 1200.0,
                         "cible": 900.0},
                        {"nom": "Satisfaction des commerçants", "unite": "%", "avant": None,
                         "cible": 80.0}],
        "duree_mois": 12,
        "criteres_sortie": ["moins de 20 livraisons à vélo par semaine après 3 mois"],
        "criteres_passage_echelle": ["au moins 25 % des livraisons à vélo", "coût par colis stable"],
        "vehicule": "convention-experimentation"}
    assert json.loads(json.dumps(section)) == section


def test_the_protocol_reminds_the_trap_of_the_contract_that_follows():
    text = construire_protocole(**GOOD).texte()
    assert "R2111-2" in text and "avantagée" in text
    innovative = construire_protocole(**GOOD | {"vehicule": "achat-innovant"})
    threshold = data.texte_valeur("seuils:achat-innovant:montant_ht")
    assert any(f"strictement inférieur à {threshold}" in r for r in innovative.rappels())


def test_an_empty_protocol_lists_every_missing_field():
    with pytest.raises(ProtocoleInvalide) as exc:
        construire_protocole("", [], "", None, "", "")
    message = str(exc.value)
    for field in ("Objectif", "Indicateurs", "Durée", "Critères de sortie",
                  "Critères de passage à l'échelle", "Véhicule"):
        assert f"- {field}" in message


def test_an_indicator_without_baseline_does_not_count():
    only_target = [{"nom": "Biodéchets", "unite": "kg", "avant": None, "cible": "800"}]
    with pytest.raises(ProtocoleInvalide, match="valeur « avant » et une cible"):
        construire_protocole(**GOOD | {"indicateurs": only_target})


@pytest.mark.parametrize("months, message", [
    ("60", "hors des bornes"), ("1", "hors des bornes"), ("6,5", "nombre entier"),
    ("six", "n'est pas un nombre de mois"), ("", "indiquez une durée")])
def test_durations_outside_the_justified_range_are_refused(months, message):
    with pytest.raises(ProtocoleInvalide, match=message):
        construire_protocole(**GOOD | {"duree_mois": months})


def test_duration_bounds_are_data_with_a_justification():
    assert (regle("duree-min"), regle("duree-max")) == (3, 36)
    for rid in ("duree-min", "duree-max"):
        row = data.ligne("protocole_regles", rid)
        assert row["justification"] and row["source"]
    for months in ("3", "36 mois"):
        assert construire_protocole(**GOOD | {"duree_mois": months}).duree_mois == int(months.split()[0])


def test_unreadable_numbers_and_unknown_vehicles_are_named():
    bad = [{"nom": "Bruit", "unite": "dB", "avant": "soixante", "cible": "55"}]
    with pytest.raises(ProtocoleInvalide, match=r"Indicateur n° 1, valeur avant : « soixante »"):
        construire_protocole(**GOOD | {"indicateurs": bad})
    with pytest.raises(ProtocoleInvalide, match="« bail » inconnu ; choisissez parmi"):
        construire_protocole(**GOOD | {"vehicule": "bail"})
    unnamed = [{"nom": "", "unite": "kg", "avant": "3", "cible": "2"}]
    with pytest.raises(ProtocoleInvalide, match="donnez-lui un nom"):
        construire_protocole(**GOOD | {"indicateurs": unnamed})


def test_vehicles_are_dated_and_the_label_is_accepted():
    ids = {v.id for v in vehicules_experimentation()}
    assert {"convention-experimentation", "occupation-domaine-public", "droit-experimentation",
            "solution-effet-equivalent", "achat-innovant", "partenariat-innovation",
            "rd-avant-commercialisation", "marche-public"} <= ids
    # the « solution d'effet équivalent » exists from 01/07/2021 (ordonnance n° 2020-71)
    assert "solution-effet-equivalent" not in {v.id for v in vehicules_experimentation(date(2021, 6, 30))}
    label = next(v.libelle for v in vehicules_experimentation() if v.id == "achat-innovant")
    assert construire_protocole(**GOOD | {"vehicule": label}).vehicule.id == "achat-innovant"


# --- saved results ----------------------------------------------------------------------


def test_a_saved_protocol_reads_back_identical(tmp_path: Path):
    section = construire_protocole(**GOOD).section()
    path = enregistrer_resultat(tmp_path / "protocole.json", "piu-experimentation", section,
                                date(2026, 12, 3))
    wrapped = json.loads(path.read_text(encoding="utf-8"))
    assert wrapped == {"format": "piu-experimentation", "version": 1, "date": "2026-12-03",
                       "donnees": section}
    assert lire_resultat(path, "piu-experimentation") == section
    assert [p.name for p in tmp_path.iterdir()] == ["protocole.json"]  # no temporary file left


def test_a_saved_grid_reads_back(tmp_path: Path):
    section = evaluer_living_lab("Lab", _lab(independance=1)).section()
    path = enregistrer_resultat(tmp_path / "lab.json", "piu-living-lab", section)
    assert lire_resultat(path) == section
    with pytest.raises(FichierResultatInvalide, match="pas « piu-experimentation »"):
        lire_resultat(path, "piu-experimentation")


def test_a_failed_save_keeps_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = enregistrer_resultat(tmp_path / "p.json", "piu-experimentation",
                                construire_protocole(**GOOD).section())
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise OSError("disque plein")

    monkeypatch.setattr("piu.core.files.os.replace", boom)
    with pytest.raises(FichierResultatInvalide, match="Impossible d'écrire"):
        enregistrer_resultat(path, "piu-experimentation",
                             construire_protocole(**GOOD | {"duree_mois": "6"}).section())
    assert path.read_bytes() == before and len(list(tmp_path.iterdir())) == 1


@pytest.mark.parametrize("content, message", [
    ("{abîmé", "ligne 1 : fichier abîmé"),
    ("[]", "champs format, version, date et donnees"),
    ('{"format": "piu-autre", "version": 1, "date": "2026-12-03", "donnees": {}}', "« piu-autre » inconnu"),
    ('{"format": "piu-experimentation", "version": 2, "date": "2026-12-03", "donnees": {}}', "version"),
    ('{"format": "piu-experimentation", "version": 1, "date": "03/12/2026", "donnees": {}}', "AAAA-MM-JJ"),
])
def test_broken_files_are_explained(tmp_path: Path, content: str, message: str):
    path = tmp_path / "r.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FichierResultatInvalide, match=message):
        lire_resultat(path)


@pytest.mark.parametrize("field, value, message", [
    ("duree_mois", "douze", "« duree_mois » doit être un nombre entier"),
    ("criteres_sortie", [], "« criteres_sortie » doit contenir au moins 1"),
    ("indicateurs", [{"nom": "Bruit", "avant": "60", "cible": 55}], "indicateur n° 1 : le champ « avant »"),
    ("objectif", "", "« objectif » doit être un texte non vide"),
])
def test_a_tampered_section_names_its_field(tmp_path: Path, field, value, message):
    section = construire_protocole(**GOOD).section() | {field: value}
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"format": "piu-experimentation", "version": 1, "date": "2026-12-03",
                                "donnees": section}), encoding="utf-8")
    with pytest.raises(FichierResultatInvalide, match=message):
        lire_resultat(path)
    with pytest.raises(FichierResultatInvalide, match=message):
        enregistrer_resultat(tmp_path / "autre.json", "piu-experimentation", section)


def test_a_grid_score_out_of_range_in_a_file_is_refused(tmp_path: Path):
    section = evaluer_living_lab("Lab", STRONG).section()
    section["scores"]["independance"] = 7
    with pytest.raises(FichierResultatInvalide, match="critère « independance » : la note"):
        enregistrer_resultat(tmp_path / "lab.json", "piu-living-lab", section)


def test_a_result_needs_a_json_name(tmp_path: Path):
    with pytest.raises(FichierResultatInvalide, match=r"terminé par \.json"):
        enregistrer_resultat(tmp_path / "protocole.txt", "piu-experimentation",
                             construire_protocole(**GOOD).section())


# --- the command ------------------------------------------------------------------------


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_command_grid_json_and_saved_file(capsys, tmp_path: Path):
    desc = tmp_path / "lab.yaml"
    desc.write_text("nom: Lab de la Vallée\nscores:\n" + "".join(
        f"  {k}: {v}\n" for k, v in _lab(independance=1, protocole_evaluation=0).items()),
        encoding="utf-8")
    saved = tmp_path / "lab.json"
    status, out, _ = _run(capsys, "experimentation", "grille", str(desc), "--json",
                          "--enregistrer", str(saved))
    assert status == 0 and json.loads(out)["verdict"] == "fragile"
    assert lire_resultat(saved, "piu-living-lab")["nom"] == "Lab de la Vallée"


def test_command_protocol_text(capsys, tmp_path: Path):
    desc = tmp_path / "p.yaml"
    desc.write_text(
        "objectif: Tester des bacs de compost\nindicateurs:\n  - nom: Biodéchets\n    unite: t\n"
        "    avant: 120\n    cible: 96\nduree_mois: 6\ncriteres_sortie:\n  - moins de 30 foyers\n"
        "criteres_passage_echelle:\n  - baisse d'au moins 20 %\nvehicule: convention-experimentation\n",
        encoding="utf-8")
    status, out, _ = _run(capsys, "experimentation", "protocole", str(desc))
    assert status == 0 and "Durée : 6 mois" in out and "R2111-2" in out


@pytest.mark.parametrize("content, message", [
    ("objectif: [non fermé", "description mal écrite"),
    ("- une liste", "suite de champs"),
    ("objectif: x\nduree: 6\n", "champ « duree » inconnu"),
    ("objectif: x\nduree_mois: 99\n", "Protocole incomplet"),
])
def test_command_bad_protocol_exits_2_with_a_message(capsys, tmp_path: Path, content, message):
    desc = tmp_path / "p.yaml"
    desc.write_text(content, encoding="utf-8")
    status, out, err = _run(capsys, "experimentation", "protocole", str(desc))
    assert status == 2 and message in err and "Traceback" not in err + out


def test_command_missing_file_and_missing_scores(capsys, tmp_path: Path):
    status, _, err = _run(capsys, "experimentation", "grille", str(tmp_path / "absent.yaml"))
    assert status == 2 and "introuvable" in err
    desc = tmp_path / "lab.yaml"
    desc.write_text("nom: Lab\n", encoding="utf-8")
    status, _, err = _run(capsys, "experimentation", "grille", str(desc))
    assert status == 2 and "« scores » manquant" in err


# --- the forms' logic -------------------------------------------------------------------


def test_grid_form_reports_and_saves(tmp_path: Path):
    from piu.experimentation import grille_living_lab

    form = grille_living_lab("Lab <b>test</b>", **_lab(independance=1))
    assert "Indépendance de la structure" in form.result.value
    assert "<b>test</b>" not in form.result.value and "&lt;b&gt;" in form.result.value
    form.file.value = str(tmp_path / "lab.json")
    form.save()
    assert lire_resultat(tmp_path / "lab.json")["scores"]["independance"] == 1
    form.menus["gouvernance"].value = None
    form.update()
    assert "note manquante" in form.result.value


def test_protocol_form_refuses_then_saves(tmp_path: Path):
    from piu.experimentation import constructeur_protocole

    form = constructeur_protocole()
    assert "Protocole incomplet" in form.result.value
    form = constructeur_protocole(GOOD["objectif"], GOOD["indicateurs"], "12",
                                  ["arrêt si moins de 20 livraisons"], ["étendre si 25 %"],
                                  "achat-innovant")
    assert "Protocole complet" in form.result.value
    form.file.value = str(tmp_path / "p.json")
    form.save()
    assert lire_resultat(tmp_path / "p.json")["indicateurs"][0]["avant"] == 1200.0
    form.months.value = "soixante"
    form.save()
    assert "pas un nombre de mois" in form.result.value


def test_grid_form_adds_a_living_lab_section_the_dossier_reads_back(dossier_vide: Path):
    from piu.core.learner import dossier
    from piu.experimentation import grille_living_lab
    from piu.fil_rouge.sections import PAR_NOM, verifier

    form = grille_living_lab("Lab <b>test</b>", **_lab(independance=1))
    assert form.bouton_dossier in form.box.children
    assert form.bouton_dossier.ajouter() is True
    saved = dossier.lire(dossier_vide)["sections"]["living_lab"]
    verifier(saved["donnees"], PAR_NOM["living_lab"].forme, "living_lab")  # no extra key (score_pct)
    assert saved["donnees"]["nom"] == "Lab <b>test</b>" and saved["donnees"]["scores"]["independance"] == 1
    assert saved["donnees"]["verdict"] == evaluer_living_lab("x", _lab(independance=1)).verdict.libelle
    form.menus["gouvernance"].value = None  # a missing score: a message, the saved section stays
    assert form.bouton_dossier.ajouter() is False
    assert "note manquante" in form.bouton_dossier.children[1].value
    assert dossier.lire(dossier_vide)["sections"]["living_lab"] == saved


def test_protocol_form_adds_an_experimentation_section_the_dossier_reads_back(dossier_vide: Path):
    from piu.core.learner import dossier
    from piu.experimentation import constructeur_protocole
    from piu.fil_rouge.sections import PAR_NOM, verifier

    form = constructeur_protocole()
    assert form.bouton_dossier.ajouter() is False  # an empty protocol is not saved
    assert "Protocole incomplet" in form.bouton_dossier.children[1].value and not dossier_vide.exists()
    form = constructeur_protocole(GOOD["objectif"], GOOD["indicateurs"], "12",
                                  ["arrêt si moins de 20 livraisons"], ["étendre si 25 %"], "achat-innovant")
    assert form.bouton_dossier.ajouter() is True
    saved = dossier.lire(dossier_vide)["sections"]["experimentation"]
    verifier(saved["donnees"], PAR_NOM["experimentation"].forme, "experimentation")
    assert saved["donnees"]["duree_mois"] == 12 and saved["donnees"]["vehicule"] == "achat-innovant"
    assert saved["donnees"]["indicateurs"][1]["avant"] is None


# --- nonsense never gives a traceback ---------------------------------------------------

_TYPED = st.one_of(st.none(), st.text(max_size=30), st.lists(st.text(max_size=5), max_size=3),
                   st.integers(-10**6, 10**6),
                   st.floats(allow_nan=True, allow_infinity=True), st.booleans())


@settings(max_examples=60, deadline=None)
@given(goal=_TYPED, before=_TYPED, target=_TYPED, months=_TYPED, exits=_TYPED, vehicle=_TYPED)
def test_any_typed_protocol_is_built_or_explained(goal, before, target, months, exits, vehicle):
    try:
        construire_protocole(goal, [{"nom": "Mesure", "unite": "", "avant": before, "cible": target}],
                             months, exits, ["étendre si la cible est atteinte"], vehicle)
    except ProtocoleInvalide as exc:
        assert str(exc).startswith("Protocole incomplet")


@settings(max_examples=60, deadline=None)
@given(score=_TYPED)
def test_any_typed_score_is_read_or_explained(score):
    try:
        evaluer_living_lab("Lab", STRONG | {"gouvernance": score})
    except GrilleLivingLabInvalide as exc:
        assert "Gouvernance" in str(exc)


def test_indicators_that_are_not_a_list_are_explained():
    with pytest.raises(ProtocoleInvalide, match="donnez une liste d'indicateurs"):
        construire_protocole(**GOOD | {"indicateurs": 3})


def test_the_example_lab_opens_in_the_form_from_its_file():
    from piu.experimentation import grille_living_lab, lire_description

    root = Path(__file__).resolve().parents[2] / "notebooks" / "experimentation"
    form = grille_living_lab(**lire_description(root / "lab-de-la-vallee.yaml"))
    assert form.name.value == "Lab de la Vallée" and form.scores()["protocole-evaluation"] == 0
    assert "fragile" in form.result.value
    protocol = construire_protocole(**lire_description(root / "protocole-cyclologistique.yaml"))
    assert protocol.vehicule.id == "occupation-domaine-public" and protocol.duree_mois == 12
