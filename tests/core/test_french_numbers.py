"""Reading numbers the way French users type them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from piu.core.errors import ReponseIllisible
from piu.core.french_numbers import format_montant, format_nombre, lire_nombre


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("100 000", 100_000),
        ("100\u00a0000", 100_000),
        ("100\u202f000", 100_000),
        ("100 000,50 €", 100_000.5),
        ("100k€", 100_000),
        ("100 K€", 100_000),
        ("1e5", 100_000),
        ("1,5 M€", 1_500_000),
        ("2 Md€", 2_000_000_000),
        ("216.000", 216_000),
        ("1.000.000", 1_000_000),
        ("1.234.567,89", 1_234_567.89),
        ("0.5", 0.5),
        ("0,5", 0.5),
        ("0,125", 0.125),
        ("1 234,567", 1234.567),
        (",5", 0.5),
        ("20 %", 20),
        ("100 000 € HT", 100_000),
        ("100000 euros", 100_000),
        ("-3", -3),
        ("\u22123", -3),
        ("12 kgCO2e", 12),
        (60_000, 60_000),
        (0.25, 0.25),
    ],
)
def test_reads_french_formats(typed: object, expected: float) -> None:
    assert lire_nombre(typed, "kgCO2e") == pytest.approx(expected)


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("", "vide"),
        ("   ", "vide"),
        ("cent mille", "pas un nombre lisible"),
        ("1,2,3", "séparateurs"),
        ("100,000", "ambigu : pour 100 000"),
        ("1,250 €", "tapez « 1,25 »"),
        ("1.2.3", "séparateurs"),
        ("100 000 € TTC", "hors taxes"),
        ("100 pommes", "seuls €, HT, %"),
        ("1e400", "hors de portée"),
        ("9" * 100, "trop longue"),
        (True, "pas vrai ou faux"),
        (float("nan"), "fini"),
        ([1, 2], "un nombre"),
    ],
)
def test_nonsense_gets_a_french_message(typed: object, hint: str) -> None:
    with pytest.raises(ReponseIllisible, match=hint):
        lire_nombre(typed)


@given(st.text(max_size=40))
def test_no_string_makes_the_parser_raise_anything_else(typed: str) -> None:
    try:
        value = lire_nombre(typed, "€ HT")
    except ReponseIllisible as exc:
        assert str(exc)
    else:
        assert isinstance(value, float)


@given(st.integers(min_value=0, max_value=10**12))
def test_formatted_amounts_read_back(amount: int) -> None:
    assert lire_nombre(format_montant(amount)) == amount


def test_formatting_uses_french_spaces() -> None:
    assert format_montant(216_000) == "216\u202f000\u00a0€\u00a0HT"
    assert format_montant(100_000.5, ht=False) == "100\u202f000,50\u00a0€"
    assert format_nombre(0.1) == "0,1"
