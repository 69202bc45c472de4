"""The papers of a session: attestation, sign-in sheets per half-day, hot evaluation and its summary."""

from __future__ import annotations

import base64
import re
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


# --- the training body's letterhead: NDA, logo, signatory, place and date ------------------------

#: A 1 × 1 PNG: enough for the papers to embed, small enough to read in the test.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d4944415478da63646060f80f0001040100a2e0a4e60000000049454e44ae426082")
LETTERHEAD = SEANCE.format(plan="demi-journee", more="") + """nda: "93 13 12345 13"
nda_region: Provence-Alpes-Côte d'Azur
logo: images/logo.png
signataire: Camille Martin
qualite_signataire: directrice de la délégation
fait_a: Aix-en-Provence
fait_le: 2027-01-20
"""


def letterhead(tmp_path: Path, text: str = LETTERHEAD, logo: bytes = PNG, name: str = "logo.png"):  # type: ignore[no-untyped-def]
    (tmp_path / "images").mkdir(exist_ok=True)
    (tmp_path / "images" / name).write_bytes(logo)
    path = tmp_path / "seance.yml"
    path.write_text(text, encoding="utf-8")
    return charger_seance(path)


def test_the_attestation_carries_the_training_bodys_letterhead_and_signature(tmp_path: Path) -> None:
    s = letterhead(tmp_path)
    page = attestation_html(s, Participant("Durand", "Léa"), [], date(2027, 1, 15)).replace("&#x27;", "'")
    assert "N° de déclaration d’activité\u00a0: 93 13 12345 13" in page
    assert ("Déclaration d’activité enregistrée sous le numéro 93 13 12345 13 auprès du préfet de région "
            "Provence-Alpes-Côte d'Azur. Cet enregistrement ne vaut pas agrément de l’État.") in page
    assert ("Pour l’organisme de formation\u00a0: CNFPT, délégation Provence-Alpes-Côte d'Azur<br>"
            "<strong>Camille Martin</strong>, directrice") in page
    assert "Fait à Aix-en-Provence, le 20/01/2027." in page  # the session file's date wins over the day of making
    assert "Signature et cachet" in page
    # The logo is inside the page: printed or mailed, the attestation fetches nothing.
    sources = re.findall(r'src="([^"]*)"', page)
    assert sources == ["data:image/png;base64," + base64.b64encode(PNG).decode()]
    assert 'alt="Logo de CNFPT' in page
    sheets = emargement_html(s, [Participant("Martin", "Camille")])
    assert "data:image/png;base64," in sheets and "93 13 12345 13" in sheets


def test_without_the_optional_fields_the_trainer_signs_and_no_nda_is_invented(tmp_path: Path) -> None:
    s = seance(tmp_path)
    page = attestation_html(s, Participant("Durand", "Léa"), [], date(2027, 1, 16))
    assert "<strong>Dominique Durand</strong>, formateur" in page and "Fait à Marseille, le 16/01/2027." in page
    assert "déclaration d’activité" not in page and "<img" not in page and "cachet" not in page


@pytest.mark.parametrize(("change", "message"), [
    (('nda: "93 13 12345 13"', "nda: 93-13-123"), "« nda » : le numéro de déclaration d'activité a 11 chiffres"),
    (("logo: images/logo.png", "logo: images/absent.png"), "« logo » : fichier"),
    (("logo: images/logo.png", "logo: images/logo.gif"), "n'est pas une image PNG, JPEG ou SVG"),
    (("logo: images/logo.png", "logo: https://example.org/logo.png"), "est une adresse web"),
    (("fait_le: 2027-01-20", "fait_le: 2027-01-14"), "« fait_le » (14/01/2027) précède le dernier jour"),
    (("fait_le: 2027-01-20", "fait_le: 20/01/2027"), "« fait_le » : Date « 20/01/2027 » illisible"),
    (("signataire: Camille Martin\n", ""), "« qualite_signataire » est donné sans « signataire »"),
    (('nda: "93 13 12345 13"\n', ""), "« nda_region » est donné sans « nda »"),
])
def test_a_bad_letterhead_field_is_named_in_french(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    with pytest.raises(SeanceInvalide, match=r"seance\.yml") as info:
        letterhead(tmp_path, LETTERHEAD.replace(*change))
    assert message in str(info.value)


def test_a_logo_that_is_not_the_image_it_claims_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SeanceInvalide, match=r"logo\.png n.est pas une image PNG lisible"):
        letterhead(tmp_path, logo=b"<html>pas une image</html>")
    with pytest.raises(SeanceInvalide, match="pèse 1,2 Mo"):
        letterhead(tmp_path, logo=PNG + bytes(1_200_000))
    svg = letterhead(tmp_path, LETTERHEAD.replace("logo.png", "logo.svg"),
                     b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', "logo.svg")
    assert svg.logo.startswith("data:image/svg+xml;base64,")
