"""Answer checking, type by type, on the questions of module 0."""

from __future__ import annotations

import pytest

from piu.core.errors import ReponseIllisible
from piu.core.questions.bank import charger_banque
from piu.core.questions.grading import corriger

BANK = charger_banque()


def check(qid: str, answer: object) -> tuple[bool, str]:
    verdict = corriger(BANK[qid], answer)
    return verdict.juste, verdict.retour


def test_single_choice_by_letter_or_by_text() -> None:
    assert check("m0-progres-navigateur", "a")[0]
    assert check("m0-progres-navigateur", "A")[0]
    assert check("m0-progres-navigateur", "dans votre navigateur, sur ce poste uniquement")[0]
    juste, retour = check("m0-progres-navigateur", "b")
    assert not juste and "n'envoie rien" in retour


@pytest.mark.parametrize("answer", ["a, c", "a et c", "a c", ["a", "c", "a"]])
def test_single_choice_refuses_several_answers(answer: object) -> None:
    with pytest.raises(ReponseIllisible, match="Une seule réponse"):
        check("m0-progres-navigateur", answer)


def test_single_choice_unknown_option_lists_the_options() -> None:
    with pytest.raises(ReponseIllisible, match="choisissez parmi a, b, c"):
        check("m0-progres-navigateur", "z")


def test_multiple_choice_all_and_only_the_right_ones() -> None:
    assert check("m0-contenu-module", "a, b, c")[0]
    assert check("m0-contenu-module", "c b a")[0]
    juste, retour = check("m0-contenu-module", "a, b")
    assert not juste and "Il manque 1 bonne réponse" in retour
    juste, retour = check("m0-contenu-module", "a b c d")
    assert not juste and "pas de vidéo" in retour and "Il manque" not in retour


@pytest.mark.parametrize("typed", ["100 000", "100000", "100 000 €", "100k€", "1e5", "100 000,00 € HT", 100000])
def test_numeric_accepts_french_formats(typed: object) -> None:
    assert check("m0-achat-innovant", typed)[0]


def test_numeric_typical_errors_get_their_own_feedback() -> None:
    juste, retour = check("m0-achat-innovant", "60 000")
    assert not juste and "1er avril 2026" in retour
    juste, retour = check("m0-achat-innovant", "40k")
    assert not juste and "31 mars 2026" in retour
    juste, retour = check("m0-achat-innovant", "90000")
    assert not juste and "BOAMP" in retour
    juste, retour = check("m0-achat-innovant", "99 999")
    assert not juste and retour.startswith("99\u202f999 :")


@pytest.mark.parametrize("typed", ["cent mille", "", "100 000 TTC", None])
def test_numeric_unreadable_is_not_counted_wrong(typed: object) -> None:
    with pytest.raises(ReponseIllisible):
        check("m0-achat-innovant", typed)


@pytest.mark.parametrize("typed", ["L2172-3", "l. 2172-3", "Article L.2172-3", "  L 2172-3 "])
def test_text_ignores_case_accents_and_punctuation(typed: str) -> None:
    assert check("m0-article-innovant", typed)[0]


def test_text_typical_error() -> None:
    juste, retour = check("m0-article-innovant", "r2122-9-1")
    assert not juste and "partie législative" in retour


def test_ordering_counts_items_in_place() -> None:
    right = ["besoin", "sourcing", "valeur", "procedure", "evaluation"]
    assert check("m0-ordre-demarche", right)[0]
    assert check("m0-ordre-demarche", "besoin, sourcing, valeur, procedure, evaluation")[0]
    juste, retour = check("m0-ordre-demarche", ["besoin", "valeur", "sourcing", "procedure", "evaluation"])
    assert not juste and retour.startswith("3 éléments sur 5 à la bonne place")
    with pytest.raises(ReponseIllisible, match="une fois et une seule"):
        check("m0-ordre-demarche", ["besoin", "besoin", "valeur", "procedure", "evaluation"])


def test_matching_from_dict_or_text() -> None:
    assert check("m0-outils-modules", {"grille": "m2", "conseiller": "m3", "plan": "m4", "scic": "m5"})[0]
    assert check("m0-outils-modules", "grille=m2; conseiller = m3, plan:m4, scic -> m5")[0]
    juste, retour = check("m0-outils-modules", "grille=m0, conseiller=m3, plan=m4, scic=m5")
    assert not juste and retour.startswith("3 associations justes sur 4")
    with pytest.raises(ReponseIllisible, match="Associez chacun des 4"):
        check("m0-outils-modules", "grille=m2")
    with pytest.raises(ReponseIllisible, match="Cible « m9 » inconnue"):
        check("m0-outils-modules", "grille=m9, conseiller=m3, plan=m4, scic=m5")
