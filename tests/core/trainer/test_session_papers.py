"""The papers of a session: attestation, sign-in sheets per half-day, hot evaluation and its summary."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from piu.core.trainer.session_papers import (
    Participant,
    SeanceInvalide,
    attestation_html,
    bilan_html,
    charger_seance,
    demi_journees,
    emargement_html,
    evaluation_html,
    lire_liste,
    lire_reponses,
    modele_reponses_csv,
)

SEANCE = """titre: Sensibilisation à l'achat d'innovation urbaine
plan: {plan}
organisme: CNFPT, délégation Provence-Alpes-Côte d'Azur
lieu: Marseille, salle Joliette
formateur: Dominique Durand
dates: [2027-01-15{more}]
"""


def seance(tmp_path: Path, plan: str = "demi-journee", more: str = ""):  # type: ignore[no-untyped-def]
    path = tmp_path / "seance.yml"
    path.write_text(SEANCE.format(plan=plan, more=more), encoding="utf-8")
    return charger_seance(path)


def test_the_attestation_names_title_dates_length_objectives_modules_and_result(tmp_path: Path) -> None:
    s = seance(tmp_path)
    page = attestation_html(s, Participant("Durand", "Léa", "Métropole", "14/20"), ["module 3 « Choisir »"],
                            date(2027, 1, 15))
    for expected in ("Attestation de formation", "Léa Durand, Métropole", "le 15/01/2027", "3 h 30",
                     "nommer les freins", "module 3 « Choisir »", "Résultat de l'évaluation des acquis", "14/20"):
        assert expected in page.replace("&#x27;", "'").replace("&quot;", '"'), expected
    ungraded = attestation_html(s, Participant("Martin", "Camille"), [], date(2027, 1, 15))
    assert "Résultat de l'évaluation" not in ungraded.replace("&#x27;", "'")


def test_one_sign_in_sheet_per_half_day(tmp_path: Path) -> None:
    half = seance(tmp_path)
    assert demi_journees(half) == [(date(2027, 1, 15), "matin", "09 h 00 – 12 h 30")]
    two_days = seance(tmp_path, "deux-jours", ", 2027-01-16")
    assert [(d.day, m) for d, m, _ in demi_journees(two_days)] == [(15, "matin"), (15, "après-midi"),
                                                                   (16, "matin"), (16, "après-midi")]
    sheets = emargement_html(two_days, [Participant("Martin", "Camille", "Ville de Marseille")])
    assert sheets.count("Feuille d'émargement") == 4 and "MARTIN" in sheets and "Signature du formateur" in sheets


def test_the_roster_reads_french_csv_and_names_a_missing_column(tmp_path: Path) -> None:
    roster = tmp_path / "liste.csv"
    roster.write_text("\ufeffNom;Prenoms\n", encoding="utf-8")
    with pytest.raises(SeanceInvalide, match="colonne « prenom » absente"):
        lire_liste(roster)
    roster.write_text("Nom;Prénom;Collectivité\nMartin;Camille;Ville\nDurand;Léa;\n", encoding="utf-8")
    assert [p.prenom for p in lire_liste(roster)] == ["Léa", "Camille"]


def test_the_hot_evaluation_and_its_summary(tmp_path: Path) -> None:
    s = seance(tmp_path)
    form = evaluation_html(s)
    assert "Évaluation à chaud" in form and "Très satisfait" in form and "Plutôt non" in form
    answers = tmp_path / "reponses.csv"
    template = modele_reponses_csv(s)
    answers.write_text(template + "1;1;2;1;3;1;1;2;1;2;Un sourcing;Plus de cas\n"
                                  "2;1;2;1;2;4;1;1;2;3;;\n", encoding="utf-8")
    rows = lire_reponses(answers, s)
    summary = bilan_html(s, rows)
    assert "2 questionnaire(s)" in summary and "« Un sourcing »" in summary
    assert "<td>1</td><td>1</td><td>0</td><td>0</td><td>2</td><td><strong>100 %</strong>" in summary
    answers.write_text(template + "5;1;1;1;1;1;1;1;1;1;;\n", encoding="utf-8")
    with pytest.raises(SeanceInvalide, match="ligne 2, colonne s1 : « 5 »"):
        lire_reponses(answers, s)


def test_a_bad_session_file_is_named_in_french(tmp_path: Path) -> None:
    path = tmp_path / "seance.yml"
    path.write_text("plan: inconnu\norganisme: X\nformateur: Y\ndates: [2027-01-15]\n", encoding="utf-8")
    with pytest.raises(SeanceInvalide, match="plan « inconnu » inconnu"):
        charger_seance(path)
    path.write_text("plan: demi-journee\norganisme: X\nformateur: Y\n", encoding="utf-8")
    with pytest.raises(SeanceInvalide, match="« dates » manque"):
        charger_seance(path)
