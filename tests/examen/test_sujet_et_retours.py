"""The evaluation itself: right options spread, a session's subset, feedback pages (issue 22)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from piu.core.cli import main
from piu.core.questions.grading import bonne_reponse
from piu.core.trainer.copies import json_copie, nouvelle_copie
from piu.examen import plan

KEY = plan.corrige()


def test_right_options_are_spread_and_not_the_longest() -> None:
    singles = [q for q in KEY.values() if q.type == "choix-unique"]
    positions = Counter(next(o.id for o in q.options if o.correct) for q in singles)
    assert max(positions.values()) <= 0.4 * len(singles), positions
    longest = [q.id for q in singles
               if (lengths := [len(o.texte) for o in q.options])
               and lengths.count(max(lengths)) == 1
               and q.options[lengths.index(max(lengths))].correct]
    assert len(longest) <= len(singles) / 5, longest
    # « b » everywhere scores like a weak learner, not like a strong one.
    all_b = sum(next(o for o in q.options if o.id == "b").correct for q in singles)
    assert all_b <= 0.4 * len(singles)


def test_no_doubled_unit_in_the_key() -> None:
    text = (Path(__file__).resolve().parents[2] / "exercises" / "banque" / "module8.yaml").read_text(encoding="utf-8")
    assert "montant_ht@2026-06-02` HT" not in text


def test_a_session_subset_is_handed_out_and_graded_on_itself_only(tmp_path: Path) -> None:
    files = plan.distribuer(tmp_path / "paquet", objectifs=["m8-o3", "m8-o4"])
    subject = json.loads((tmp_path / "paquet" / "sujet.json").read_text(encoding="utf-8"))
    chosen = [b.id for b in plan.bareme(["m8-o3", "m8-o4"])]
    assert [q["id"] for q in subject["questions"]] == chosen and subject["ouvertes"] == []
    assert subject["evaluation"] == "module-8/m8-o3+m8-o4"
    assert 'module-8/m8-o3+m8-o4' in (tmp_path / "paquet" / "evaluation.html").read_text(encoding="utf-8")
    assert {f.name for f in files} >= {"sujet.json", "evaluation.html"}
    copies = tmp_path / "copies"
    copies.mkdir()
    right = {qid: bonne_reponse(KEY[qid]) for qid in chosen}
    (copies / "a.json").write_text(json_copie(nouvelle_copie(subject["evaluation"], "Ana Lima", right)),
                                   encoding="utf-8")
    done = plan.corriger_dossier(copies, tmp_path / "out", objectifs=["m8-o3", "m8-o4"])
    (result,) = done["resultats"]
    assert result.sur_20 == 20 and [i.id for i in result.items] == chosen and not result.provisoire
    assert "m8-o3" in (tmp_path / "out" / "rapport.html").read_text(encoding="utf-8")
    # Graded as the whole evaluation, the subset's copy is set aside, never graded as another.
    whole = plan.corriger_dossier(copies, tmp_path / "out2")
    assert whole["copies"] == 0 and "autre évaluation" in dict(whole["rejets"])["a.json"]


def test_subset_options_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluation", "distribuer", "--sortie", str(tmp_path / "p"), "--questions",
                 "m8-date-dispense-mai,m8-date-dispense-mars"]) == 0
    subject = json.loads((tmp_path / "p" / "sujet.json").read_text(encoding="utf-8"))
    assert len(subject["questions"]) == 2
    assert main(["evaluation", "distribuer", "--sortie", str(tmp_path / "q"), "--objectifs", "m8-o9"]) == 2
    assert "Objectif « m8-o9 » inconnu" in capsys.readouterr().err


def test_feedback_page_repeats_statement_options_expected_answer_and_rule(tmp_path: Path) -> None:
    copies = tmp_path / "copies"
    copies.mkdir()
    copie = nouvelle_copie("module-8", "Ana Lima", {"m8-partir-usages": "b", "m8-date-dispense-mai": "1"})
    copie["remise_le"] = "2026-12-01T09:05:00"
    (copies / "a.json").write_text(json_copie(copie), encoding="utf-8")
    plan.corriger_dossier(copies, tmp_path / "out")
    (page,) = (tmp_path / "out" / "retours").glob("*.html")
    text = page.read_text(encoding="utf-8")
    q = KEY["m8-partir-usages"]
    assert "1er décembre 2026 à 9 h 05" in text
    assert "Une start-up propose à votre commune" in text           # the statement
    for option in q.options:
        assert option.texte[:30].replace("'", "&#x27;") in text or option.texte[:30] in text
    assert "☑ b)" in text and "(attendue)" in text
    assert "Réponse attendue" in text and "La règle" in text and "Source :" in text
    assert "provisoire" in text


def test_half_day_plan_gives_runnable_commands_for_its_subset(tmp_path: Path) -> None:
    """The half-day plan's closing evaluation: its commands run as written, in the room or remotely."""
    from piu.core.trainer.session_plans import charger_plans, plan_header_markdown

    (plan_half,) = [p for name, p in charger_plans().items() if "demi" in name]
    text = plan_header_markdown(plan_half)
    give = next(line for line in text.split("`") if line.startswith("piu evaluation distribuer"))
    args = give.split()[1:]
    args[args.index("paquet/")] = str(tmp_path / "paquet")
    assert main(args) == 0 and (tmp_path / "paquet" / "evaluation.html").is_file()
    assert "aucune note" in text and "à distance" in text
