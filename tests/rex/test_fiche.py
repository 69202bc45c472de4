"""One REX card: the checker names each problem; the writer never loses a card; the forms' logic."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from piu.core.errors import PiuError
from piu.rex import enregistrer_fiche, fiche_depuis_texte, lire_fiche, verifier_fiche
from piu.rex.fiche import FicheIllisible, texte_yaml
from piu.rex.formulaires import fiche_depuis_champs, selection_html
from piu.rex.jeu import CarteClassee

ROOT = Path(__file__).resolve().parents[2]
GOOD = lire_fiche(ROOT / "data" / "rex" / "bordeaux-masques-biosources.yaml")


def broken(**changes: object) -> dict:
    card = copy.deepcopy(GOOD)
    for dotted, value in changes.items():
        node = card
        *parents, last = dotted.split("__")
        for p in parents:
            node = node[p] if not p.isdigit() else node[int(p)]
        if value is None:
            del node[last]
        else:
            node[last] = value
    return card


def problems(card: dict) -> list[str]:
    return verifier_fiche(card, "essai.yaml").problemes


def test_a_real_card_passes() -> None:
    result = verifier_fiche(GOOD, "bordeaux.yaml")
    assert result.conforme and "conforme" in result.texte()


@pytest.mark.parametrize(("changes", "expected"), [
    ({"theme": "mobilite"}, "« Thème » (theme) : « mobilite » n'est pas un choix possible ; choix : cyclologistique"),
    ({"contrat__type": "gré à gré"}, "« Type de contrat » (contrat.type) : « gré à gré » n'est pas un choix"),
    ({"territoire__population": -5}, "« Population (habitants) » (territoire.population) : « -5 » ne convient pas"),
    ({"territoire__population": "beaucoup"}, "attendu : un nombre entier ou « non public »"),
    ({"annee": 1850}, "« Année de l'expérience » (annee) : « 1850 » ne convient pas"),
    ({"besoin": ""}, "« Besoin, exprimé comme un usage » (besoin) : texte vide ou trop court"),
    ({"besoin": "non public"}, "« besoin » : ce champ doit être renseigné"),
    ({"resultats": None}, "« Résultats » (resultats) : champ obligatoire absent ; écrivez « non public »"),
    ({"sources": []}, "« Sources » (sources) : il en faut au moins 1."),
    ({"sources__0__url": "www.exemple.fr"}, "« Adresse (ou « non publiée en ligne »"),
    ({"sources__0__date": "18/11/2022"}, "« Date de la source (AAAA-MM-JJ, AAAA-MM, AAAA ou « non indiquée ») »"),
    ({"sources__0__date": "2022-02-30"}, "« sources n° 1.date » : « 2022-02-30 » n'est pas une date du calendrier"),
    ({"sources__0__consulte_le": None}, "(sources n° 1.consulte_le) : champ obligatoire absent"),
    ({"contact__nom_source": None}, "« contact.nom » : un nom de personne n'est donné que si elle s'est exprimée"),
    ({"contact__nom_source": "Un article"}, "« contact.nom_source » : « Un article » n'est le titre d'aucune source"),
    ({"id": "Bordeaux Masques"}, "« Identifiant » (id) : « Bordeaux Masques » n'a pas la forme attendue (minuscules"),
    ({"couleur": "bleu"}, "« couleur » : champ inconnu ; champs possibles : id, titre"),
    ({"territoire__population": 5000, "territoire__population_source": "non public"},
     "« territoire.population_source » : une population chiffrée doit citer sa source"),
    ({"partenaires_publics": "Ville"}, "« Autres acteurs publics engagés » (partenaires_publics) : attendu une liste"),
])
def test_typical_mistakes_are_named(changes: dict, expected: str) -> None:
    found = problems(broken(**changes))
    assert any(expected in p for p in found), found


def test_name_without_source_title_and_extra_nom_source() -> None:
    found = problems(broken(contact__nom=None))
    assert any("sans « nom », ce champ est de trop" in p for p in found)


def test_every_problem_is_listed_not_only_the_first() -> None:
    found = problems(broken(theme="x", annee="hier", contrat__type="autre"))
    assert len(found) == 3


@pytest.mark.parametrize(("text", "expected"), [
    ("titre: a: b", "ligne 1 : la fiche n'est pas lisible"),
    ("", "la fiche est vide"),
    ("- un\n- deux", "pas une liste ni un texte seul"),
    ("id: x\n  titre: [", "la fiche n'est pas lisible"),
])
def test_unreadable_text_says_why(text: str, expected: str) -> None:
    with pytest.raises(FicheIllisible, match=expected):
        fiche_depuis_texte(text, "essai.yaml")


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(FicheIllisible, match="Fichier introuvable"):
        lire_fiche(tmp_path / "absente.yaml")
    with pytest.raises(FicheIllisible, match="est un dossier"):
        lire_fiche(tmp_path)
    (tmp_path / "latin1.yaml").write_bytes("titre: \xe9t\xe9".encode("latin-1"))
    with pytest.raises(FicheIllisible, match="UTF-8"):
        lire_fiche(tmp_path / "latin1.yaml")


def test_yaml_dates_are_read_as_text() -> None:
    card = fiche_depuis_texte("sources:\n  - date: 2024-01-29\n    consulte_le: 2026-12-03\n")
    assert card["sources"][0] == {"date": "2024-01-29", "consulte_le": "2026-12-03"}


def test_written_card_reads_back_identical(tmp_path: Path) -> None:
    path = enregistrer_fiche(GOOD, tmp_path / "sous" / "fiche.yaml")
    assert lire_fiche(path) == GOOD
    assert texte_yaml(GOOD).startswith("id: bordeaux-masques-biosources\ntitre:")
    assert not list(path.parent.glob(".*.tmp"))


def test_an_existing_other_card_is_never_overwritten_without_consent(tmp_path: Path) -> None:
    path = tmp_path / "fiche.yaml"
    path.write_text("id: ma-premiere-fiche\n", encoding="utf-8")
    with pytest.raises(PiuError, match="existe déjà et contient une autre fiche"):
        enregistrer_fiche(GOOD, path)
    assert path.read_text(encoding="utf-8") == "id: ma-premiere-fiche\n"
    enregistrer_fiche(GOOD, path, remplacer=True)
    assert lire_fiche(path) == GOOD
    enregistrer_fiche(GOOD, path)  # same content: saving again is harmless


@pytest.mark.parametrize(("name", "expected"), [("fiche.txt", "se termine par .yaml"), (".", "est un dossier")])
def test_bad_file_names(tmp_path: Path, name: str, expected: str) -> None:
    with pytest.raises(PiuError, match=expected):
        enregistrer_fiche(GOOD, tmp_path / name)


FORM = {
    "id": "velo-ecole", "titre": "Une commune fictive livre ses écoles à vélo", "collectivite": "Commune fictive",
    "territoire_nom": "Commune fictive", "population": "12 500", "population_source": "cas inventé",
    "annee": "2025", "besoin": "Livrer les repas des écoles sans camion", "solution": "Un triporteur électrique",
    "contrat_description": "Marché à procédure adaptée (cas inventé)", "contrat_avis": "non public",
    "contrat_montant": "non public", "contrat_duree": "1 an", "resultats": "non public",
    "difficultes": "non public", "a_refaire": "non public", "contact_role": "responsable",
    "contact_service": "service des écoles",
}
CHOICES = {"theme": "cyclologistique", "territoire_type": "commune", "contrat_type": "marche-public"}
SOURCE = {"titre": "Cas inventé pour l'exercice", "editeur": "Cours piu", "url": "non publiée en ligne", "date": ""}


def test_form_values_make_a_compliant_card() -> None:
    card = fiche_depuis_champs(FORM, CHOICES, [SOURCE, {"titre": " "}], fictive=True, consulte_le="2026-12-03")
    assert card["territoire"]["population"] == 12500 and card["annee"] == 2025 and card["fictive"] is True
    assert card["sources"] == [{**SOURCE, "date": "non indiquée", "consulte_le": "2026-12-03"}]
    assert verifier_fiche(card).conforme, verifier_fiche(card).texte()


def test_form_with_wrong_values_keeps_them_for_the_checker() -> None:
    card = fiche_depuis_champs({**FORM, "population": "beaucoup", "annee": "l'an dernier", "besoin": " "},
                               {**CHOICES, "theme": ""}, [], fictive=False)
    found = verifier_fiche(card).problemes
    assert card["territoire"]["population"] == "beaucoup"
    assert any("(territoire.population)" in p for p in found) and any("(annee)" in p for p in found)
    assert any("(besoin) : champ obligatoire absent" in p for p in found)
    assert any("(theme) : champ obligatoire absent ; choisissez" in p for p in found)
    assert any("(sources) : il en faut au moins 1" in p for p in found)


def test_form_html_escapes_learner_text() -> None:
    card = {**GOOD, "collectivite": "<script>alert(1)</script>", "titre": "Titre <b>gras</b>"}
    page = selection_html([CarteClassee(card, None, "")])
    assert "<script>" not in page and "&lt;script&gt;" in page and "<b>gras" not in page


def _plain(html_text: str) -> str:
    return html_text.replace("\xa0", " ").replace("\u202f", " ").replace("\u2019", "'")


def test_forms_behind_the_widgets(tmp_path: Path) -> None:
    from piu.rex.formulaires import fiches_rex, rediger_fiche, verifier_ma_fiche

    deck = fiches_rex(population="85 000", type_territoire="commune")
    assert deck.update()[0].carte["id"] == "aulnay-quartiers-innovation"
    assert "Territoire similaire" in deck.result.value
    deck.population.value = "beaucoup"
    assert deck.update() == [] and "Population « beaucoup » illisible" in _plain(deck.result.value)

    form = rediger_fiche(str(tmp_path / "ma-fiche-rex.yaml"))
    for key, value in FORM.items():
        form.fields[key].value = value
    for key, value in CHOICES.items():
        form.choices[key].value = value
    for key, value in SOURCE.items():
        form.sources[0][key].value = value
    form.fictive.value = True
    path = form.save()
    assert path is not None and verifier_fiche(lire_fiche(path)).conforme
    assert "Fiche conforme" in _plain(form.result.value)
    form.fields["titre"].value = "Un autre titre pour une autre fiche"
    assert form.save() is None and "existe déjà" in _plain(form.result.value)  # the first card is kept
    assert lire_fiche(path)["titre"] == FORM["titre"]

    checker = verifier_ma_fiche("rex/fiche-a-corriger.yaml")  # found in the course's notebooks/
    assert checker is not None and "5 problèmes à corriger" in _plain(checker.result.value)
    checker.editor.value = "titre: [pas fermé"
    checker.update()
    assert "n'est pas lisible" in _plain(checker.result.value)
    assert verifier_ma_fiche(str(tmp_path / "absente.yaml")) is None


def test_numbers_typed_where_text_is_expected_stay_text() -> None:
    card = fiche_depuis_texte("annee: 2024\nsources:\n  - date: 2018\ncontrat:\n  montant: 5000\n")
    assert card == {"annee": 2024, "sources": [{"date": "2018"}], "contrat": {"montant": "5000"}}


def test_remplacer_replaces_a_card_never_another_work(tmp_path: Path) -> None:
    """« Remplacer le fichier existant » is about a card: a protocol under that name stays as it is."""
    path = tmp_path / "protocole.yaml"
    path.write_text("objectif: Réduire les livraisons en camion\nduree_mois: 12\n", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(PiuError, match="pas une fiche REX"):
        enregistrer_fiche(GOOD, path, remplacer=True)
    assert path.read_bytes() == before
