"""The forms that replace code and YAML editing in the exercise notebooks (issue 12).

A learner who never types code must be able to finish every module: each « à calculer »
question has its bank form, the plan to correct (module 4) a « try an amount » form, and the
SCIC to correct (module 5) a table. These tests drive the forms as a learner would.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from piu.cooperation import scic_a_corriger
from piu.core.learner.widgets import verifier_html
from piu.financement import essai_de_plan, lire_plan

ROOT = Path(__file__).resolve().parents[3]

_PLAN = """
cout_total: 800000
sources:
  - {nom: Commune, type: maitre-ouvrage, montant: 100000}
  - {nom: Région, type: public, montant: 300000}
  - {nom: DSIL, type: public, montant: 300000}
  - {nom: Mécénat, type: prive, montant: 100000}
"""


def _rows(form, nom):
    return next(row for row in form.editor.associes.children if row.children[0].value == nom)


@pytest.mark.parametrize("path", sorted((ROOT / "exercises").glob("module*.ipynb")), ids=lambda p: p.stem)
def test_every_computed_question_also_has_a_form(path: Path) -> None:
    """Each `verifier("id", ma_reponse)` cell is preceded by the form `question("id")`."""
    cells = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    for i, source in enumerate(cells):
        if "ma_reponse = None" in source:
            qid = source.split('verifier("')[1].split('"')[0]
            assert any(f'question("{qid}")' in earlier for earlier in cells[:i]), qid
        if "corriger_ma_scic(ma_scic)" in source:
            assert "scic_a_corriger()" in cells[i - 1]
        if source.startswith("part_commune ="):
            assert "essai_de_plan(" in cells[i - 1]


def test_plan_form_says_only_the_verdict_and_share(progres: Path) -> None:
    form = essai_de_plan(lire_plan(_PLAN), ligne="Commune", complement="Mécénat", jour="2026-11-25")
    form.montant.value = "100 000"
    assert form.essayer() == ("Plan à corriger\u202f; part du maître d’ouvrage dans les financements "
                              "publics\u00a0: 14,3\u00a0%.")
    form.montant.value = "150 000 €"
    assert form.essayer().startswith("Plan conforme\u202f;")
    assert "20,0" in form.essayer()
    form.montant.value = "149 999"
    assert form.essayer().startswith("Plan à corriger")


@pytest.mark.parametrize("typed", ["abc", "-5", "900 000", ""])
def test_plan_form_refuses_nonsense_with_a_message(progres: Path, typed: str) -> None:
    form = essai_de_plan(lire_plan(_PLAN), ligne="Commune", complement="Mécénat")
    form.montant.value = typed
    text = form.essayer()
    assert text.startswith("⚠") and ("Montant illisible" in text or "entre 0 et" in text)


def test_plan_form_names_a_missing_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert essai_de_plan(lire_plan(_PLAN), ligne="Ville", complement="Mécénat") is None
    assert "pas de ligne «\u00a0Ville\u00a0»" in capsys.readouterr().out


def test_scic_table_lists_the_breaches_and_records_a_wrong_attempt(progres: Path) -> None:
    form = scic_a_corriger()
    html = form.check()
    assert "Il reste 3 problèmes" in html and "[capital-public]" in html and "Pas encore" in html
    saved = json.loads(progres.read_text(encoding="utf-8"))
    assert "m5-corriger-yaml" in json.dumps(saved)


def test_scic_table_accepts_a_lawful_correction(progres: Path) -> None:
    form = scic_a_corriger()
    form.editor._add_member("Salariée de la ferme", "salaries", "40 000", "Salariés")
    form.editor._add_member("Épicerie solidaire", "beneficiaires", "40 000", "Mangeurs")
    weights = {"Public": "40", "Producteurs": "20", "Mangeurs": "20"}
    for row in form.editor.colleges.children:
        row.children[1].value = weights[row.children[0].value]
    form.editor._add_college("Salariés", "20")
    html = form.check()
    assert "ne trouve plus aucun manquement" in html and "✔ Juste" in html


def test_scic_table_keeps_the_exercise_instructions(progres: Path) -> None:
    """Lowering a public contribution « fixes » the cap by changing the case: refused."""
    form = scic_a_corriger()
    _rows(form, "Commune des Pentes").children[2].value = "1 000"
    assert "[consigne]" in form.check()


def test_scic_table_reports_unreadable_fields_without_yaml_line_numbers(progres: Path) -> None:
    form = scic_a_corriger()
    _rows(form, "Maraîcher associé").children[2].value = "beaucoup"
    _rows(form, "Maraîcher associé").children[0].value = "<script>alert(1)</script>"
    _rows(form, "AMAP des Pentes").children[0].value = "<script>alert(1)</script>"
    html = form.check()
    assert "capital « beaucoup » illisible" in html and "déjà celui" in html
    assert "ligne" not in html.split("illisible")[0]
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_verifier_html_never_raises_on_an_unknown_question(progres: Path) -> None:
    assert "⚠" in verifier_html("m9-inconnue", 1)
