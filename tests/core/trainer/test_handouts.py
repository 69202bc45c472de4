"""Trainer kit: keys cover the whole bank, vigilance points reach real sections, handouts are dated."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from piu.core import data
from piu.core.errors import DonneesInvalides
from piu.core.questions.bank import Banque, ErreurTypique, Option, Question, charger_banque
from piu.core.trainer.answer_keys import all_keys_html, answer_key_html, expected_answer
from piu.core.trainer.handouts import ENV_DATE, handout_date, rows_on, table_markdown, vigilance_markdown

ROOT = Path(__file__).resolve().parents[3]
TRAINER = ROOT / "book" / "formateur"


# --- answer keys -------------------------------------------------------------------------

def test_the_keys_cover_every_question_of_every_module() -> None:
    bank = charger_banque()
    rendered = all_keys_html(bank, {0: "Prendre en main"})
    keyed = re.findall(r'data-question="([^"]+)"', rendered)
    assert sorted(keyed) == sorted(q.id for q in bank)
    for module in {q.module for q in bank}:
        assert f'id="corrige-module-{module}"' in rendered
    assert "Module 0 — Prendre en main" in rendered


def test_the_keys_page_renders_every_module_found() -> None:
    page = (TRAINER / "corriges.md").read_text(encoding="utf-8")
    assert "```{corrige} tous" in page


def test_a_key_shows_the_answer_and_the_common_wrong_answers() -> None:
    bank = charger_banque()
    key = answer_key_html(bank, 5)
    question = bank["m5-plafond-public"]
    block = key[key.index('id="corrige-m5-plafond-public"'):]
    block = block[:block.index("</section>")]
    assert "Réponse attendue\u00a0:</strong> " + expected_answer(question) in block
    for error in question.erreurs_typiques:  # each typical wrong value, with what the learner reads
        assert data.formater_valeur(error.valeur, "taux_pct") in block
    assert "plafond de la part publique dans une SEM" in block
    assert "Toute autre réponse" in block and "Source\u00a0:" in block
    choice = bank["m5-categories-obligatoires"]
    block = key[key.index('id="corrige-m5-categories-obligatoires"'):]
    block = block[:block.index("</section>")]
    wrong = [o for o in choice.options if not o.correct]
    assert wrong and all(o.texte[:15] in block for o in wrong)


def test_keys_escape_the_bank_text() -> None:
    question = Question(
        id="m9-x", module=9, type="choix-unique", enonce="Énoncé <script>alert(1)</script>",
        explication="Parce que.", source="Source.", fichier="module9.yaml",
        options=(Option("a", "<b>juste</b>", True, "Oui."), Option("b", "Faux & <i>", False, "Non <img>.")))
    html = answer_key_html(Banque({"m9-x": question}), 9)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img>" not in html and "<i>" not in html
    numeric = Question(id="m9-n", module=9, type="numerique", enonce="Combien ?", explication="E.",
                       source="S.", fichier="module9.yaml", reponse=57.5, tolerance=0.1, unite="%",
                       erreurs_typiques=(ErreurTypique(retour="Presque.", valeur=50.0),))
    assert expected_answer(numeric) == "57,5\u00a0% (accepté à 0,1\u00a0% près)"
    assert "50\u00a0%" in answer_key_html(Banque({"m9-n": numeric}), 9)


# --- vigilance points --------------------------------------------------------------------

LABEL_BEFORE_HEADING = re.compile(r"^\(([a-z0-9-]+)\)=\s*\n(?:\s*\n)*#{1,6} \S", re.M)

#: The traps the issue lists: each must have its entry.
TRAPS = {"critere-environnemental", "poids-avant-offres", "preference-locale", "references-selection",
         "deport-elus", "competence-aides", "participation-minimale", "registre-de-minimis",
         "seuils-strictement", "travaux-services", "concessions"}


def test_every_vigilance_entry_points_to_an_existing_section() -> None:
    table = data.table("vigilances")
    assert set(table["id"]) >= TRAPS
    for row in table.itertuples():
        page, _, label = str(row.section).partition("#")
        chapter = ROOT / f"{page}.md"
        assert chapter.exists(), f"{row.id} : {page} n'existe pas"
        labels = set(LABEL_BEFORE_HEADING.findall(chapter.read_text(encoding="utf-8")))
        assert label in labels, f"{row.id} : pas de section étiquetée ({label})= dans {page}"
        assert page == f"book/module{int(row.module)}/chapitre"


def test_the_label_finder_is_strict() -> None:
    assert LABEL_BEFORE_HEADING.findall("(a-b)=\n## Titre\n") == ["a-b"]
    assert LABEL_BEFORE_HEADING.findall("(a-b)=\nUn paragraphe.\n") == []


def test_the_vigilance_page_quotes_figures_from_data() -> None:
    text = vigilance_markdown({2: "Évaluer"})
    assert "{donnee}" not in text
    env_date = data.valeur("regles_criteres:critere-environnemental:valid_from")
    assert f"{env_date:%d/%m/%Y}" in text
    assert text.count("{ref}`") == len(data.table("vigilances"))
    assert "module 2 « Évaluer »" in text
    page = (TRAINER / "vigilances.md").read_text(encoding="utf-8")
    assert "```{vigilances}" in page and "piu-fiche" in page


# --- handouts ----------------------------------------------------------------------------

THRESHOLDS = ["ue-fournitures-services-etat", "ue-fournitures-services-collectivite",
              "ue-fournitures-services-entite-adjudicatrice", "ue-travaux", "ue-concessions"]


def _amounts(day: date) -> dict[str, str]:
    return {r["id"]: r["montant_ht"] for r in rows_on("seuils", day, ["id", "montant_ht"])}


def test_the_thresholds_handout_follows_its_date() -> None:
    june_2026, june_2025 = _amounts(date(2026, 6, 1)), _amounts(date(2025, 6, 1))
    expected_2026 = {"ue-fournitures-services-etat": 140_000, "ue-fournitures-services-collectivite": 216_000,
                     "ue-fournitures-services-entite-adjudicatrice": 432_000, "ue-travaux": 5_404_000,
                     "ue-concessions": 5_404_000}
    expected_2025 = {"ue-fournitures-services-etat": 143_000, "ue-fournitures-services-collectivite": 221_000,
                     "ue-fournitures-services-entite-adjudicatrice": 443_000, "ue-travaux": 5_538_000,
                     "ue-concessions": 5_538_000}
    for key in THRESHOLDS:
        assert june_2026[key] == data.formater_valeur(expected_2026[key], "montant_ht")
        assert june_2025[key] == data.formater_valeur(expected_2025[key], "montant_ht")
    # National thresholds in force on each day: the 2026 dispense of supplies applies from 01/04/2026.
    assert _amounts(date(2026, 6, 1))["dispense-fournitures-services"] == data.formater_valeur(60_000, "montant_ht")
    assert _amounts(date(2025, 6, 1))["dispense-fournitures-services"] == data.formater_valeur(40_000, "montant_ht")
    assert "documents-gratuits" in _amounts(date(2025, 6, 1))


def test_one_row_per_rule_on_a_day() -> None:
    ids = [r["id"] for r in rows_on("seuils", date(2026, 6, 1), ["id"])]
    assert len(ids) == len(set(ids))


def test_table_markdown_escapes_cells() -> None:
    text = table_markdown([{"a": "x | y", "b": ""}], {"a": "A", "b": "B"})
    assert text.splitlines() == ["| A | B |", "|---|---|", "| x \\| y |  |"]


def test_rows_on_names_an_unknown_column() -> None:
    with pytest.raises(DonneesInvalides, match="colonne\\(s\\) montant absente"):
        rows_on("seuils", date(2026, 6, 1), ["id", "montant"])


def test_the_handout_date_comes_from_the_environment_then_the_config() -> None:
    assert handout_date("2025-06-01", {ENV_DATE: "2026-06-01"}) == date(2026, 6, 1)
    assert handout_date("2025-06-01", {}) == date(2025, 6, 1)
    assert handout_date("", {}) == date.today()
    with pytest.raises(DonneesInvalides, match="AAAA-MM-JJ"):
        handout_date(None, {ENV_DATE: "01/06/2026"})


@pytest.mark.parametrize("day", ["2025-06-01", "2026-01-15", "2026-06-01", "2027-06-01"])
def test_every_figure_of_the_handouts_resolves_for_a_session_day(day: str) -> None:
    """The handouts quote every value for the handouts' day: each must exist on these days."""
    page = (TRAINER / "fiches.md").read_text(encoding="utf-8")
    references = re.findall(r"\{donnee-fiche\}`([^`]+)`", page)
    assert len(references) > 20
    for reference in references:
        assert data.texte_valeur(f"{reference}@{day}")


def test_every_trainer_page_is_in_the_trainer_book_only() -> None:
    sommaire = (TRAINER / "sommaire.yml").read_text(encoding="utf-8")
    listed = set(re.findall(r"file: (book/formateur/[\w-]+)", sommaire))
    pages = {f"book/formateur/{p.stem}" for p in TRAINER.glob("*.md")}
    assert pages <= listed
    learner = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    assert "book/formateur" not in str(learner)


# --- handouts beyond the data, footed ----------------------------------------------------

def test_a_day_beyond_the_data_names_the_missing_rows() -> None:
    from piu.core.trainer.handouts import missing_note, missing_rows

    missing = missing_rows("seuils", date(2028, 1, 15))
    assert "ue-travaux" in missing and "achat-innovant" not in missing
    assert missing_rows("seuils", date(2026, 12, 7)) == []
    note = missing_note([f"seuils:{m}" for m in missing], date(2028, 1, 15))
    assert "15/01/2028" in note and "`seuils:ue-travaux`" in note


def test_the_footer_gives_course_day_of_the_rules_and_source() -> None:
    from piu.core.trainer.handouts import footer_markdown

    foot = footer_markdown(date(2027, 1, 15), date(2026, 12, 7), "Cours « X »", "table « seuils »")
    assert foot.startswith("Cours « X »") and "**15/01/2027**" in foot and "table « seuils »" in foot


def test_every_handout_and_the_vigilance_print_are_footed() -> None:
    fiches = (TRAINER / "fiches.md").read_text(encoding="utf-8")
    assert fiches.count("{pied-fiche}") == fiches.count(":::{container} piu-fiche") == 4
    vigilance = (TRAINER / "vigilances.md").read_text(encoding="utf-8")
    assert "{pied-fiche}" in vigilance and "piu-fiche-titre" in vigilance


def test_the_barriers_workshop_uses_the_tools_scale() -> None:
    page = (TRAINER / "atelier-freins.md").read_text(encoding="utf-8")
    assert "| 1 | gêne |" in page and "| 3 | bloque |" in page and "de 1 à 5" not in page
