"""Copies: names matched as a French trainer reads them; near names shown, never merged; the roster."""

from __future__ import annotations

from pathlib import Path

import pytest

from piu.core.errors import PiuError
from piu.core.trainer.copies import cellule, cle_nom, lire_liste, nom_lu, proches, rapprochements


@pytest.mark.parametrize("other", ["martin jean-pierre", "MARTIN Jean Pierre", "Jean-Pierre  Martin",
                                   "Martin, Jean-Pierre", "JEAN PIERRE MARTIN"])
def test_one_person_one_key(other: str) -> None:
    assert cle_nom(other) == cle_nom("Jean-Pierre Martin")


def test_accents_are_ignored_but_not_letters() -> None:
    assert cle_nom("Hélène Çedille") == cle_nom("helene cedille")
    assert cle_nom("Léa Martin") != cle_nom("Léo Martin")


@pytest.mark.parametrize(("a", "b"), [("Camille Martin", "Camille Martin-Durand"),
                                      ("Hélène Dupont", "Helene Dupond"),
                                      ("Mohamed Benali", "Mohammed Benali")])
def test_near_names_are_flagged(a: str, b: str) -> None:
    assert proches(a, b)
    assert rapprochements([a, b, "Zoé Zed"]) in ([(a, b)], [(b, a)])


@pytest.mark.parametrize(("a", "b"), [("Léa Martin", "Paul Durand"), ("Jean Martin", "Jean-Pierre Martin ")])
def test_distinct_names_are_not_flagged_unless_a_word_is_added(a: str, b: str) -> None:
    assert proches(a, b) is (set(cle_nom(a).split()) < set(cle_nom(b).split()))


def test_spreadsheet_prefix_is_undone_and_added() -> None:
    assert cellule("=A1") == "'=A1" and nom_lu("'=A1") == "=A1" and nom_lu("'Ana") == "'Ana"


def test_roster_reads_lines_or_csv_with_header(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("Nom;groupe\nAna Lima;A\n\nBob Roy;B\n", encoding="utf-8")
    assert lire_liste(tmp_path / "a.csv") == ["Ana Lima", "Bob Roy"]
    (tmp_path / "seance.csv").write_text("nom;prenom;collectivite\nLima;Ana;Lyon\n", encoding="utf-8")
    assert lire_liste(tmp_path / "seance.csv") == ["Ana Lima"]  # the session papers' roster
    (tmp_path / "b.txt").write_bytes("Hélène Çedille\n".encode("cp1252"))
    assert lire_liste(tmp_path / "b.txt") == ["Hélène Çedille"]
    with pytest.raises(PiuError, match="n'existe pas"):
        lire_liste(tmp_path / "absent.csv")
    (tmp_path / "vide.csv").write_text("nom\n", encoding="utf-8")
    with pytest.raises(PiuError, match="aucun nom"):
        lire_liste(tmp_path / "vide.csv")
