"""French no-break spaces."""

from __future__ import annotations

import pytest

from piu.core.typography import NBSP, NNBSP, espaces_insecables


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("Note : voir", f"Note{NBSP}: voir"),
        ("Pourquoi ?", f"Pourquoi{NNBSP}?"),
        ("Oui ; non", f"Oui{NNBSP}; non"),
        ("« bonjour »", f"«{NBSP}bonjour{NBSP}»"),
        ("100 000 € HT", f"100{NNBSP}000{NBSP}€{NBSP}HT"),
        ("20 %", f"20{NBSP}%"),
        ("jusqu'à 300 kg", f"jusqu\u2019à 300{NBSP}kg"),
        ("2 mois et 5 tables", "2 mois et 5 tables"),
        ("https://www.legifrance.gouv.fr", "https://www.legifrance.gouv.fr"),
        ("en 2026 100 lots", "en 2026 100 lots"),
        ("l'achat d'innovation", "l\u2019achat d\u2019innovation"),
        ("De l'", "De l\u2019"),
    ],
)
def test_no_break_spaces(raw: str, fixed: str) -> None:
    assert espaces_insecables(raw) == fixed


@pytest.mark.parametrize(("count", "expected"), [(0, "0 salarié"), (1, "1 salarié"), (2, "2 salariés"),
                                                 (-3, "-3 salariés")])
def test_accorder_follows_french_plural(count: int, expected: str) -> None:
    from piu.core.typography import accorder

    assert accorder(count, "salarié") == expected
    assert accorder(3, "cheval", "chevaux") == "3 chevaux"
