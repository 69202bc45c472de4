"""Rule figures are quoted from data/, never retyped (the course standard).

A threshold, a ceiling or a rate lives once, in a table of ``data/``; chapters use the role
``{donnee}`table:id:colonne@date``` and question texts the same syntax, replaced at load time.
A retyped figure goes stale silently the day the rule changes (the 2026 thresholds did).

This test looks, in the question bank, the chapters and the markdown of the notebooks, for a
literal equal to a value of a rule table that does not go through ``{donnee}``:

- amounts of at least 1 000 € written with a unit (``100 000 € HT``, ``300 k€``, ``euros``);
- percentages equal to a rate of a rule table, only in a sentence that speaks of what that
  table rules (a lot, a participation, a SCIC's capital...), so that a case's own « 20 % »
  of votes or a score's « 50 % » does not count;
- emission factors with decimals (``0,0148``, ``3,17``), which no other number resembles.

Literals that are right as literals (invented-case amounts that happen to equal a threshold, a
real example's figures, a false option) are listed in ``ALLOWED`` with the reason; an entry
that no longer matches anything fails too, so the list cannot rot.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
import yaml

from piu.core import data

ROOT = Path(__file__).resolve().parents[2]

# Columns holding rule figures, per table.
RULE_COLUMNS: dict[str, tuple[str, ...]] = {
    "seuils": ("montant_ht", "part_max_pct"),
    "regles_financement": ("montant", "taux_pct"),
    "scic_regles": ("taux_pct",),
    "exceptions_participation": ("taux_minimum_pct",),
}

# A percentage is a retyped rule only in a sentence about what its table rules.
PCT_CONTEXT: dict[str, str] = {
    "seuils": r"\blots?\b",
    "regles_financement": r"particip|financements publics|maître d'ouvrage|L1111",
    "exceptions_participation": r"particip|financements publics|maître d'ouvrage|L1111",
    "scic_regles": r"capital|collège|voix|réserve",
}

MIN_AMOUNT = 1000

# Where (bank: "fichier.yaml:id-question"; chapter or notebook: its path) and which literal,
# as written (spaces normalised): why it stays a literal.
ALLOWED: dict[tuple[str, str], str] = {
    # Invented cases: amounts of the case, and results computed from them.
    ("module4.yaml:m4-plan-a-corriger", "100 000 €"): "Cas fictif : apport de la commune, mécénat",
    ("module4.yaml:m4-plan-a-corriger", "300 000 €"): "Cas fictif : aides de la Région et de la DSIL",
    ("exercises/module4.ipynb", "100 000 €"): "Cas fictif du plan à corriger (même cas que la banque)",
    ("exercises/module4.ipynb", "300 000 €"): "Cas fictif du plan à corriger",
    ("notebooks/module4.ipynb", "100 000 €"): "Cas fictif de minimis : aide reçue le 01/06/2021",
    ("module4.yaml:m4-part-mecenat", "500 000 €"): "Cas fictif : aide DSIL (le plafond SIEG 2012 vaut autant)",
    ("module4.yaml:m4-regles-enfreintes", "500 000 €"): "Cas fictif : aide DSIL",
    ("exercises/module4.ipynb", "500 000 €"): "Cas fictif de la question 11 : aide DSIL",
    ("module4.yaml:m4-de-minimis-cas", "80 000 €"): "Cas fictif : aide reçue le 15/09/2021",
    ("module4.yaml:m4-de-minimis-cas", "100 000 €"): "Cas fictif : aide reçue le 01/06/2022",
    ("module4.yaml:m4-de-minimis-cas", "60 000 €"): "Cas fictif : aide reçue le 10/03/2023",
    ("module4.yaml:m4-de-minimis-cas", "140 000 €"): "résultat calculé du cas (plafond − aides)",
    ("exercises/module4.ipynb", "80 000 €"): "Cas fictif de minimis (même cas que la banque)",
    ("exercises/module4.ipynb", "60 000 €"): "Cas fictif de minimis",
    ("module3.yaml:m3-cas-entite-adjudicatrice", "300 000 € HT"): "Cas fictif : valeur du besoin",
    ("module4.yaml:m4-part-mecenat", "1 000 000 € HT"): "Cas fictif : coût du projet",
    ("module4.yaml:m4-regles-enfreintes", "1 000 000 € HT"): "Cas fictif : coût du projet",
    ("module4.yaml:m4-regles-enfreintes", "1 000 000 €"): "Cas fictif : coût du projet",
    ("exercises/module4.ipynb", "1 000 000 € HT"): "Cas fictif : coût du projet",
    ("notebooks/module4.ipynb", "1 000 000 € HT"): "Cas fictif : coût du projet (tiers-lieu de la logistique urbaine)",
    ("module5.yaml:m5-ferme-lyon", "200 000 €"): "erreur typique calculée (capital supposé)",
    ("module5.yaml:m5-ferme-lyon", "300 000 €"): "résultat calculé : 150 000 € / plafond public",
    ("module5.yaml:m5-corriger-capital", "80 000 €"): "Cas fictif : capital de la SCIC",
    ("module5.yaml:m5-corriger-capital", "70 000 €"): "Cas fictif : apports publics",
    ("module5.yaml:m5-corriger-capital", "60 000 €"): "résultat calculé : apports manquants",
    ("module5.yaml:m5-corriger-capital", "100 000 €"): "erreur typique calculée (capital supposé)",
    ("book/formateur/module5.md", "70 000 €"): "Cas fictif : apports publics du fichier à corriger",
    ("book/formateur/module5.md", "80 000 €"): "Cas fictif : capital du fichier à corriger",
    ("book/formateur/module5.md", "60 000 €"): "résultat calculé : apports manquants",
    ("module5.yaml:m5-reserves", "40 000 €"): "Cas fictif : excédent de la SCIC",
    # Real examples, with their source in the text: the figures of that operation, not rules.
    ("module5.yaml:m5-ferme-lyon", "100 000 €"): "La Ferme de Lyon : apport de la Métropole (2024)",
    ("module5.yaml:m5-ferme-lyon", "40 000 €"): "La Ferme de Lyon : apport de la Ville de Lyon",
    ("book/module5/chapitre.md", "100 000 €"): "La Ferme de Lyon : apport de la Métropole (2024)",
    ("book/module5/chapitre.md", "40 000 €"): "La Ferme de Lyon : apport de la Ville de Lyon",
    # Percentages of a case that sit in a sentence about votes or capital.
    ("book/module5/chapitre.md", "20 %"): "Cas fictif : poids du collège des collectivités",
    ("notebooks/module5.ipynb", "20 %"): "Cas fictif : poids du collège des collectivités",
    ("book/formateur/module5.md", "10 %"): "Cas fictif : poids du collège Soutiens (la borne est citée)",
    ("module5.yaml:m5-corriger-colleges", "15 %"): "Cas fictif : poids du collège Mangeurs",
}

_SPACE = "[ \u00a0\u202f]"
_AMOUNT = re.compile(r"(?<![\d,.])(\d{1,3}(?:" + _SPACE + r"\d{3})+|\d+)(?:,(\d+))?"
                     + _SPACE + r"?(k€|M€|€|euros)")
_PERCENT = re.compile(r"(?<![\d,.])(\d+)(?:,(\d+))?" + _SPACE + r"?%")
# The first bound of a range written « entre 10 et 50 % » is a percentage too.
_PERCENT_RANGE = re.compile(r"\bentre" + _SPACE + r"(\d+)(?:,(\d+))?(?=" + _SPACE + r"et" + _SPACE
                            + r"\d+(?:,\d+)?" + _SPACE + r"?%)")
_DECIMAL = re.compile(r"(?<![\d,.])\d+,\d+(?![\d,])")
_ROLE = re.compile(r"\{donnee\}`[^`]*`")
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_FENCE = re.compile(r"^(```+|~~~+)(.*?)$.*?^\1\s*$", re.M | re.S)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n\s*\n")


@dataclass(frozen=True)
class Literal:
    where: str      # "module3.yaml:m3-cas-x", "book/module4/chapitre.md"...
    text: str       # as written, spaces normalised
    value: float
    sentence: str


def _number(integer: str, decimals: str | None) -> float:
    return float(re.sub(_SPACE, "", integer) + ("." + decimals if decimals else ""))


def _rule_values() -> tuple[set[float], dict[float, set[str]]]:
    """Amounts (≥ 1 000 €) and, per percentage, the tables it is a rate of."""
    amounts: set[float] = set()
    percents: dict[float, set[str]] = {}
    for name, columns in RULE_COLUMNS.items():
        frame = data.table(name)
        for column in columns:
            for value in frame[column].dropna():
                if column.endswith("_pct"):
                    percents.setdefault(float(value), set()).add(name)
                elif float(value) >= MIN_AMOUNT:
                    amounts.add(float(value))
    return amounts, percents


def _factors() -> set[str]:
    """Emission factors with decimals, as the course writes them (``0,0148``)."""
    frame = data.table("facteurs_emission").dropna(subset=["valeur"])
    return {data.texte_valeur(f"facteurs_emission:{row_id}:valeur")
            for row_id, value in zip(frame["id"], frame["valeur"], strict=True)
            if float(value) != int(value)}


def _prose(markdown: str) -> str:
    """Text a reader sees as figures: no code blocks, no inline code, no {donnee} roles."""
    markdown = _FENCE.sub(lambda m: m.group(0) if m.group(2).strip().startswith("{")
                          and "code" not in m.group(2) else "", markdown)
    return _INLINE_CODE.sub("", _ROLE.sub("", markdown))


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _texts() -> Iterator[tuple[str, str]]:
    """(where, prose) for every bank question, chapter and notebook markdown cell."""
    for path in sorted((ROOT / "exercises" / "banque").glob("*.yaml")):
        for question in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            for text in _strings(question):
                yield f"{path.name}:{question['id']}", _prose(text)
    for path in sorted((ROOT / "book").rglob("*.md")):
        yield str(path.relative_to(ROOT)), _prose(path.read_text(encoding="utf-8"))
    for folder in ("notebooks", "exercises"):
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            notebook = nbformat.read(path, as_version=4)
            for cell in notebook.cells:
                if cell.cell_type == "markdown":
                    yield str(path.relative_to(ROOT)), _prose(cell.source)


def _normalise(literal: str) -> str:
    return re.sub(_SPACE + "+", " ", literal)


def retyped_figures() -> list[Literal]:
    """Every literal that equals a rule figure of data/ without quoting it."""
    amounts, percents = _rule_values()
    factors = _factors()
    found: list[Literal] = []
    for where, text in _texts():
        for sentence in _SENTENCE_END.split(text):
            for match in _AMOUNT.finditer(sentence):
                value = _number(match.group(1), match.group(2))
                value *= {"k€": 1e3, "M€": 1e6}.get(match.group(3), 1)
                if value in amounts:
                    literal = _normalise(match.group(0))
                    if sentence[match.end():].lstrip(" \u00a0\u202f").startswith("HT"):
                        literal += " HT"
                    found.append(Literal(where, literal, value, sentence))
            for match in [*_PERCENT.finditer(sentence), *_PERCENT_RANGE.finditer(sentence)]:
                value = _number(match.group(1), match.group(2))
                tables = percents.get(value, set())
                if any(re.search(PCT_CONTEXT[name], sentence, re.I) for name in tables):
                    found.append(Literal(where, _normalise(match.group(0)), value, sentence))
            for match in _DECIMAL.finditer(sentence):
                if match.group(0) in factors:
                    found.append(Literal(where, match.group(0), float(
                        match.group(0).replace(",", ".")), sentence))
    return found


@pytest.fixture(scope="module")
def figures() -> list[Literal]:
    return retyped_figures()


def test_every_rule_table_has_its_percentage_context() -> None:
    assert set(PCT_CONTEXT) == set(RULE_COLUMNS)


def test_no_rule_figure_is_retyped(figures: list[Literal]) -> None:
    retyped = [f for f in figures if (f.where, f.text) not in ALLOWED]
    assert not retyped, "Chiffres de data/ retapés au lieu d'être cités par {donnee}`table:id:colonne@date` :\n" + (
        "\n".join(f"- {f.where} : « {f.text} » dans « {f.sentence.strip()[:160]} »" for f in retyped))


def test_allow_list_has_no_stale_entry(figures: list[Literal]) -> None:
    used = {(f.where, f.text) for f in figures}
    stale = [key for key in ALLOWED if key not in used]
    assert not stale, f"Entrées de ALLOWED qui ne correspondent plus à rien : {stale}"


@pytest.mark.parametrize("text, expected", [
    ("Le seuil est de 40 000 € HT.", ["40 000 € HT"]),
    ("Sous 90 k€, la publicité est libre.", ["90 k€"]),
    ("« inférieure à 100 000 euros hors taxes »", ["100 000 euros"]),
    ("La participation minimale est de 20 % des financements publics.", ["20 %"]),
    ("Chaque collège pèse au plus 50 % des voix.", ["50 %"]),
    ("Chaque collège pèse entre 10 et 50 % des voix.", ["50 %", "entre 10"]),
    ("Facteur : 0,0148 kgCO2e par km.", ["0,0148"]),
    # Not rule figures: other amounts, a quoted figure, a percentage about something else.
    ("Le besoin est de 55 000 € HT.", []),
    ("Le seuil est de {donnee}`seuils:achat-innovant:montant_ht`.", []),
    ("Le classement tient dans 50 % des tirages.", []),
    ("Tapez `100 000 €` dans le champ.", []),
])
def test_the_detector_finds_retyped_figures_only(monkeypatch: pytest.MonkeyPatch, text: str,
                                                 expected: list[str]) -> None:
    """The check can fail: a retyped figure is found, a quoted or unrelated one is not."""
    monkeypatch.setattr(f"{__name__}._texts", lambda: iter([("essai", _prose(text))]))
    assert [f.text for f in retyped_figures()] == expected


def test_rule_values_are_read_from_data() -> None:
    amounts, percents = _rule_values()
    assert float(data.valeur("seuils:achat-innovant:montant_ht")) in amounts
    assert "scic_regles" in percents[float(data.valeur("scic_regles:reserve-legale-min:taux_pct"))]
