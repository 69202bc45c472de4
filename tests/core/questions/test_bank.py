"""The question bank: every question checks right and wrong answers, malformed banks are explained."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from piu.core.errors import BanqueInvalide, QuestionInconnue, ReponseIllisible
from piu.core.questions.bank import QUESTION_TYPES, Question, charger_banque, problemes_banque
from piu.core.questions.grading import bonne_reponse, corriger

BANK = charger_banque()
QUESTIONS = list(BANK)
IDS = [q.id for q in QUESTIONS]


def wrong_answers(q: Question) -> list[tuple[object, str | None]]:
    """Typical wrong answers of ``q`` and the feedback each must get (None: any feedback)."""
    if q.type == "choix-unique":
        return [(o.id, o.retour) for o in q.options if not o.correct]
    if q.type == "choix-multiple":
        wrong = [(o.id, o.retour) for o in q.options if not o.correct]
        partial = [q.bonnes_options[0]] if len(q.bonnes_options) > 1 else []
        return [(ids, None) for ids in ([partial] if partial else [])] + [
            ([*q.bonnes_options, oid], fb) for oid, fb in wrong]
    if q.type == "numerique":
        errors = [(e.valeur, e.retour) for e in q.erreurs_typiques]
        return [*errors, ((q.reponse or 0) * 3 + 7, q.retour_faux)]
    if q.type == "texte":
        return [(e.reponse, e.retour) for e in q.erreurs_typiques] + [("réponse au hasard", q.retour_faux)]
    if q.type == "ordre":
        ids = [e.id for e in q.elements]
        return [(list(reversed(ids)), q.retour_faux), (ids[1:] + ids[:1], q.retour_faux)]
    targets = [e.avec for e in q.elements]
    rotated = targets[1:] + targets[:1]
    return [({e.id: t for e, t in zip(q.elements, rotated, strict=True)}, q.retour_faux)]


def test_bank_is_valid_and_module0_uses_every_type() -> None:
    _, problems = problemes_banque()
    assert problems == []
    assert {q.type for q in BANK.du_module(0)} == set(QUESTION_TYPES)
    assert len(BANK.du_module(0)) >= 6


@pytest.mark.parametrize("q", QUESTIONS, ids=IDS)
def test_right_answer_passes(q: Question) -> None:
    verdict = corriger(q, bonne_reponse(q))
    assert verdict.juste, verdict.retour
    assert verdict.explication and verdict.source


@pytest.mark.parametrize("q", QUESTIONS, ids=IDS)
def test_typical_wrong_answers_fail_with_their_feedback(q: Question) -> None:
    cases = wrong_answers(q)
    assert cases, f"{q.id} n'a aucune erreur typique testable"
    for answer, feedback in cases:
        verdict = corriger(q, answer)
        assert not verdict.juste, f"{q.id} accepte la mauvaise réponse {answer!r}"
        if feedback is not None:
            assert feedback in verdict.retour


@pytest.mark.parametrize("q", QUESTIONS, ids=IDS)
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=st.text(max_size=30))
def test_no_typed_string_raises_anything_but_a_french_message(q: Question, typed: str) -> None:
    try:
        verdict = corriger(q, typed)
    except ReponseIllisible as exc:
        assert str(exc)
    else:
        assert isinstance(verdict.juste, bool)


def test_figures_are_quoted_from_data_not_retyped() -> None:
    from piu.core import data

    q = BANK["m0-achat-innovant"]
    assert q.reponse == data.valeur("seuils:achat-innovant:montant_ht")


def test_unknown_question_is_named() -> None:
    with pytest.raises(QuestionInconnue, match="m0-nexiste"):
        BANK["m0-nexiste"]


# ---- Malformed banks -------------------------------------------------------------------------

def write_bank(folder: Path, text: str, name: str = "module9.yaml") -> Path:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


GOOD = """module: 9
questions:
  - id: m9-a
    type: texte
    enonce: Question ?
    reponses: [oui]
    retour_faux: Non.
    explication: Parce que.
    source: Cours.
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("module: 9\nquestions:\n  - id: m9-a\n    type: texte\n   enonce: x\n", "ligne"),
        (GOOD.replace("    enonce: Question ?\n", ""), "« enonce » manquant"),
        (GOOD.replace("type: texte", "type: vrai-faux"), "type « vrai-faux » inconnu"),
        (GOOD.replace("id: m9-a", "id: M9 A"), "« id » manquant ou invalide"),
        (GOOD.replace("module: 9", "module: neuf"), "« module » doit être le numéro"),
        (GOOD.replace("    source: Cours.\n", "    source: Cours.\n    bonus: 3\n"), "« bonus » inconnu"),
        (GOOD + GOOD.split("questions:\n")[1], "déjà utilisé"),
        ("module: 9\nquestions:\n  - id: m9-c\n    type: choix-unique\n    enonce: x\n    explication: y\n"
         "    source: z\n    options:\n      - {id: a, texte: A, correct: true, retour: r}\n"
         "      - {id: b, texte: B, correct: true, retour: r}\n", "exactement une option correcte"),
        ("module: 9\nquestions:\n  - id: m9-n\n    type: numerique\n    enonce: x\n    explication: y\n"
         "    source: z\n    retour_faux: f\n    reponse: 100\n    tolerance: 5\n"
         "    erreurs_typiques:\n      - {valeur: 102, retour: r}\n", "intervalle de la bonne réponse"),
        ("module: 9\nquestions:\n  - id: m9-n\n    type: numerique\n    enonce: x\n    explication: y\n"
         "    source: z\n    retour_faux: f\n    reponse: {donnee: 'seuils:inconnu:montant_ht'}\n", "Aucune ligne"),
        ("module: 9\nquestions:\n  - id: m9-s\n    type: association\n    enonce: x\n    explication: y\n"
         "    source: z\n    retour_faux: f\n    paires:\n      - {id: a, texte: A, avec: z}\n"
         "      - {id: b, texte: B, avec: y}\n    cibles:\n      - {id: y, texte: Y}\n      - {id: w, texte: W}\n",
         "absente de « cibles »"),
    ],
)
def test_malformed_bank_is_explained_in_french(tmp_path: Path, text: str, message: str) -> None:
    folder = write_bank(tmp_path / "banque", text)
    _, problems = problemes_banque(folder)
    assert any(message in p for p in problems), problems
    assert all("module9.yaml" in p for p in problems)
    with pytest.raises(BanqueInvalide, match="erreurs"):
        charger_banque(folder)


def test_empty_folder_is_reported(tmp_path: Path) -> None:
    _, problems = problemes_banque(tmp_path)
    assert problems and "aucun fichier" in problems[0]


def test_good_minimal_bank_loads(tmp_path: Path) -> None:
    bank = charger_banque(write_bank(tmp_path / "banque", GOOD))
    assert corriger(bank["m9-a"], "OUI !").juste


def test_question_texts_quote_figures_from_data(tmp_path: Path) -> None:
    text = GOOD.replace("enonce: Question ?",
                        "enonce: \"Seuil au 01/04/2026 : {donnee}`seuils:dispense-fournitures-services:montant_ht"
                        "@2026-04-01`.\"")
    bank = charger_banque(write_bank(tmp_path / "banque", text))
    assert bank["m9-a"].enonce == "Seuil au 01/04/2026 : 60\u202f000\u00a0€\u00a0HT."


def test_a_bad_reference_in_a_text_is_reported(tmp_path: Path) -> None:
    text = GOOD.replace("enonce: Question ?", "enonce: \"{donnee}`seuils:inconnu:montant_ht`\"")
    _, problems = problemes_banque(write_bank(tmp_path / "banque", text))
    assert any("« enonce »" in p and "Aucune ligne « inconnu »" in p for p in problems), problems


def test_no_question_offers_a_module_that_is_not_available() -> None:
    """A choice « Module 6 : … » while module 6 is in preparation teaches a course that does not exist."""
    import re

    from piu.core import data

    modules = data.table("modules")
    available = {int(n) for n in modules[modules["statut"] == "disponible"]["numero"]}
    for q in QUESTIONS:
        for text in [o.texte for o in q.options] + [e.texte for e in (*q.elements, *q.cibles)]:
            for number in re.findall(r"\bModule (\d)\b", text):
                assert int(number) in available, f"{q.id} : « {text} » (module {number} non disponible)"


#: Findings in the final evaluation's bank (module8.yaml, the lead's to fix), by line: the test
#: tolerates exactly these and no other.
MODULE8_EN_ATTENTE: dict[int, str] = {}


def _capitales_apres_deux_points(path: Path) -> list[tuple[int, str]]:
    """Every text of a bank file a learner reads (statement, options, feedback, explanation),
    with its line, where a capital follows « : »; the ids, types and sources are left aside."""
    import yaml

    from tests.core.book.test_typographie_interface import MAJUSCULE_APRES_DEUX_POINTS

    found: list[tuple[int, str]] = []

    def walk(node: yaml.Node, key: str = "") -> None:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                walk(v, k.value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item, key)
        elif isinstance(node, yaml.ScalarNode) and key not in ("id", "type", "source", "sources", "url"):
            found.extend((node.start_mark.line + 1, m.group(0).strip())
                         for m in MAJUSCULE_APRES_DEUX_POINTS.finditer(str(node.value)))

    walk(yaml.compose(path.read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("path", sorted((Path(__file__).resolve().parents[3] / "exercises" / "banque").glob("*.yaml")),
                         ids=lambda p: p.name)
def test_no_capital_after_a_colon_in_the_bank(path: Path) -> None:
    found = _capitales_apres_deux_points(path)
    if path.name == "module8.yaml":
        assert dict(found) == MODULE8_EN_ATTENTE, "module8.yaml (à corriger par le responsable) :\n" + "\n".join(
            f"ligne {line} : {text}" for line, text in found)
        return
    assert found == [], f"{path.name} :\n" + "\n".join(f"ligne {line} : {text}" for line, text in found)


def test_the_bank_check_sees_a_capital_after_a_colon(tmp_path: Path) -> None:
    bank = tmp_path / "m.yaml"
    bank.write_text('questions:\n  - id: q\n    enonce: "Que faire ?"\n    explication: >\n      Réponse : Toujours'
                    ' publier.\n    source: "Code : Article"\n', encoding="utf-8")
    assert _capitales_apres_deux_points(bank) == [(4, ": Toujours")]
