"""The deck of REX cards (``data/rex/*.yaml``): load it, filter it, put similar territories first.

The workshops asked to « mettre en relation avec les interlocuteurs ayant testé dans des
territoires similaires » (atelier PIU d'Aix-en-Provence, Cerema et thecamp, 10 décembre 2020):
:func:`selectionner` ranks the cards by closeness of the territory to the learner's.

Rule « territoires similaires » (also shown in the help and on the book's page):

1. population classes: under 2 000 inhabitants, 2 000 to under 10 000, 10 000 to under 50 000,
   50 000 to under 200 000, 200 000 to under 1 000 000, 1 000 000 and more (:data:`BORNES`);
2. a card is « similaire » when its territory is in the learner's class or the next one up or
   down, and, when the learner gives a territory type, when that type is the same or next in
   the order commune → intercommunalité → métropole → département → région;
3. similar cards first, then by distance of class, distance of type, closeness of population
   (ratio), and identifier. Cards whose population is not public come last.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from piu.core import paths
from piu.core.errors import PiuError, ReponseIllisible
from piu.core.french_numbers import format_nombre, lire_nombre
from piu.rex.fiche import NON_PUBLIC, lire_fiche, valeurs_possibles, verifier_fiche

__all__ = ["BORNES", "CONTRATS", "REGLE_SIMILAIRES", "THEMES", "TYPES_TERRITOIRE", "CarteClassee",
           "carte_en_dict", "charger_jeu", "classe_population", "lire_population", "selectionner",
           "texte_carte"]

#: Lower bounds of the population classes (inhabitants), in increasing order.
BORNES = (2_000, 10_000, 50_000, 200_000, 1_000_000)

THEMES = {
    "cyclologistique": "Cyclologistique",
    "agriculture-urbaine": "Agriculture urbaine",
    "fonciere-commerce": "Foncière et commerces en rez-de-chaussée",
    "living-lab": "Living lab et expérimentation",
    "achat-innovant": "Achat innovant",
}
CONTRATS = {
    "achat-innovant": "Marché d'achat innovant sans publicité ni mise en concurrence (R2122-9-1 CCP)",
    "appel-d-offres": "Appel d'offres",
    "marche-public": "Marché public (procédure non précisée par la source)",
    "centrale-d-achat": "Achat par une centrale d'achat",
    "prise-de-participation": "Entrée au capital d'une société (SCIC, foncière…)",
    "convention": "Convention de partenariat",
    "appel-a-projets": "Appel à projets, à manifestation d'intérêt ou à expérimentation",
    "bail": "Bail ou occupation d'un local",
    "non-public": "Non public",
}
TYPES_TERRITOIRE = {
    "commune": "Commune",
    "intercommunalite": "Intercommunalité (communauté de communes, d'agglomération, urbaine)",
    "metropole": "Métropole",
    "departement": "Département",
    "region": "Région",
    "etablissement-public": "Établissement public",
}
_ORDRE_TYPES = {"commune": 0, "intercommunalite": 1, "metropole": 2, "departement": 3, "region": 4}

REGLE_SIMILAIRES = (
    "Territoires similaires : même classe de population que la vôtre ou classe voisine (moins de "
    "2 000 habitants ; 2 000 à moins de 10 000 ; 10 000 à moins de 50 000 ; 50 000 à moins de "
    "200 000 ; 200 000 à moins de 1 000 000 ; 1 000 000 et plus) et, si vous donnez un type de "
    "territoire, même type ou type voisin (commune, intercommunalité, métropole, département, "
    "région). Ils viennent en premier, du plus proche au plus lointain ; les fiches dont la "
    "population n'est pas publique viennent en dernier.")


def _deck_dir() -> Path:
    return paths.data_dir() / "rex"


@cache
def _load(files: tuple[tuple[str, float], ...]) -> tuple[dict[str, Any], ...]:
    cards = []
    seen: dict[str, str] = {}
    for name, _mtime in files:
        path = _deck_dir() / name
        card = lire_fiche(path)
        check = verifier_fiche(card, name)
        if not check.conforme:
            raise PiuError(f"Le jeu de fiches REX contient une fiche non conforme.\n{check.texte()}")
        if card["id"] != path.stem:
            raise PiuError(f"{name} : l'identifiant « {card['id']} » doit être le nom du fichier "
                           f"sans .yaml (« {path.stem} »).")
        if card.get("fictive"):
            raise PiuError(f"{name} : une fiche inventée (fictive: true) n'a pas sa place dans le jeu.")
        if card["id"] in seen:
            raise PiuError(f"{name} : identifiant « {card['id']} » déjà pris par {seen[card['id']]}.")
        seen[card["id"]] = name
        cards.append(card)
    return tuple(cards)


def charger_jeu() -> list[dict[str, Any]]:
    """Every card of the deck, checked, in identifier order (reloaded when a file changes)."""
    folder = _deck_dir()
    if not folder.is_dir():
        raise PiuError(f"Dossier des fiches REX introuvable : {folder}.")
    files = tuple((p.name, p.stat().st_mtime) for p in sorted(folder.glob("*.yaml")))
    return [dict(c) for c in _load(files)]


def fichiers_du_jeu() -> list[Path]:
    """The deck's files and its schema (what a page showing the deck depends on)."""
    return [*sorted(_deck_dir().glob("*.yaml")), _deck_dir() / "schema.json"]


def lire_population(texte: object) -> int:
    """A population as a person types it (« 45 000 », « 45000 », « 1,4 M »)."""
    try:
        value = lire_nombre(texte)
    except ReponseIllisible:
        raise ReponseIllisible(f"Population « {texte} » illisible : tapez un nombre d'habitants, "
                               f"par exemple 45 000.") from None
    if value < 1 or not float(value).is_integer():
        raise ReponseIllisible(f"Population « {texte} » : un nombre entier d'habitants, au moins 1, "
                               f"est attendu (par exemple 45 000).")
    return int(value)


def classe_population(population: int) -> int:
    """Index of the population class (0: under 2 000 … 5: 1 000 000 and more)."""
    return sum(population >= b for b in BORNES)


def libelle_classe(index: int) -> str:
    bounds = [0, *BORNES]
    if index == len(BORNES):
        return f"{format_nombre(BORNES[-1])} habitants et plus"
    if index == 0:
        return f"moins de {format_nombre(BORNES[0])} habitants"
    return f"de {format_nombre(bounds[index])} à moins de {format_nombre(bounds[index + 1])} habitants"


@dataclass(frozen=True)
class CarteClassee:
    """One card of a selection, with whether its territory is similar and why."""

    carte: dict[str, Any]
    similaire: bool | None  # None: no territory given, nothing to compare
    raison: str


def _population(card: dict[str, Any]) -> int | None:
    value = card["territoire"]["population"]
    return value if isinstance(value, int) else None


def _choice(value: str | None, allowed: dict[str, str], option: str) -> str | None:
    if value is None or value == "":
        return None
    if value not in allowed:
        raise PiuError(f"{option} « {value} » inconnu ; choix possibles : {', '.join(allowed)}.")
    return value


def selectionner(jeu: list[dict[str, Any]], theme: str | None = None, contrat: str | None = None,
                 population: object = None, type_territoire: str | None = None) -> list[CarteClassee]:
    """Filter the deck by theme and contract; rank similar territories first (module docstring)."""
    theme = _choice(theme, THEMES, "Thème")
    contrat = _choice(contrat, CONTRATS, "Contrat")
    kind = _choice(type_territoire, TYPES_TERRITOIRE, "Type de territoire")
    people = None if population is None or population == "" else lire_population(population)
    kept = [c for c in jeu if (theme is None or c["theme"] == theme)
            and (contrat is None or c["contrat"]["type"] == contrat)]
    if people is None and kind is None:
        return [CarteClassee(c, None, "") for c in sorted(kept, key=lambda c: (c["theme"], c["id"]))]
    mine = classe_population(people) if people is not None else None

    def rank(card: dict[str, Any]) -> tuple[Any, ...]:
        pop = _population(card)
        class_gap = abs(classe_population(pop) - mine) if (pop is not None and mine is not None) else 9
        card_kind = _ORDRE_TYPES.get(card["territoire"]["type"])
        kind_gap = (abs(card_kind - _ORDRE_TYPES[kind]) if card_kind is not None else 9) \
            if kind in _ORDRE_TYPES else (0 if kind is None or card["territoire"]["type"] == kind else 9)
        ratio = abs(math.log10(pop / people)) if (pop is not None and people is not None) else math.inf
        similar = (mine is None or class_gap <= 1) and kind_gap <= 1
        return (not similar, class_gap, kind_gap, ratio, card["id"]), similar

    out = []
    for card in sorted(kept, key=lambda c: rank(c)[0]):
        similar = rank(card)[1]
        pop = _population(card)
        where = (f"{TYPES_TERRITOIRE[card['territoire']['type']].split(' (')[0].lower()}, "
                 + (libelle_classe(classe_population(pop)) if pop is not None else "population non publique"))
        out.append(CarteClassee(card, similar, where))
    return out


def carte_en_dict(classee: CarteClassee) -> dict[str, Any]:
    """The JSON object of one card in ``piu rex --json``."""
    c = classee.carte
    return {
        "id": c["id"], "titre": c["titre"], "collectivite": c["collectivite"],
        "territoire": c["territoire"]["nom"], "type_territoire": c["territoire"]["type"],
        "population": _population(c), "theme": c["theme"], "contrat": c["contrat"]["type"],
        "contrat_libelle": CONTRATS[c["contrat"]["type"]], "annee": c["annee"],
        "similaire": classee.similaire,
        "sources": [{k: s[k] for k in ("titre", "editeur", "url", "date", "consulte_le")}
                    for s in c["sources"]],
    }


def _population_text(card: dict[str, Any]) -> str:
    pop = _population(card)
    if pop is None:
        return NON_PUBLIC
    return f"{format_nombre(pop)} habitants ({card['territoire']['population_source']})"


def sections_carte(c: dict[str, Any]) -> list[tuple[str, str]]:
    """The card's fields as (label, text) pairs, in reading order (terminal, form and book)."""
    contact = c["contact"]
    who = f"{contact['role']}, {contact['service']}"
    if contact.get("nom"):
        who = f"{contact['nom']}, {who} (s'exprime dans « {contact['nom_source']} »)"
    partners = ", ".join(c.get("partenaires_publics") or [])
    return [
        ("Collectivité", c["collectivite"] + (f" ; avec : {partners}" if partners else "")),
        ("Territoire", f"{c['territoire']['nom']} ({TYPES_TERRITOIRE[c['territoire']['type']].split(' (')[0].lower()}) "
                       f"— population : {_population_text(c)}"),
        ("Année", str(c["annee"])),
        ("Thème", THEMES[c["theme"]]),
        ("Besoin (l'usage)", c["besoin"]),
        ("Solution", c["solution"]),
        ("Contrat et procédure", f"{CONTRATS[c['contrat']['type']]}. {c['contrat']['description']}"),
        ("Avis de publicité", c["contrat"]["avis"]),
        ("Montant", c["contrat"]["montant"]),
        ("Durée", c["contrat"]["duree"]),
        ("Résultats", c["resultats"]),
        ("Difficultés", c["difficultes"]),
        ("Ce que l'équipe ferait autrement", c["a_refaire"]),
        ("Qui contacter", who),
    ]


def _date_fr(text: str) -> str:
    """``2024-01-29`` → ``29/01/2024``, ``2022-06`` → ``06/2022``; other text unchanged."""
    parts = text.split("-")
    return "/".join(reversed(parts)) if all(p.isdigit() for p in parts) else text


def texte_source(s: dict[str, Any]) -> str:
    when = _date_fr(s["date"]) if s["date"] != "non indiquée" else "date non indiquée"
    return f"{s['titre']}, {s['editeur']}, {when}, consultée le {_date_fr(s['consulte_le'])} — {s['url']}"


def texte_carte(c: dict[str, Any]) -> str:
    """The whole card as plain text."""
    lines = [c["titre"], "=" * min(len(c["titre"]), 80)]
    lines += [f"{label} : {text}" for label, text in sections_carte(c)]
    lines.append("Sources :")
    lines += [f"- {texte_source(s)}" for s in c["sources"]]
    return "\n".join(lines)


def _check_labels() -> None:
    """The labels above must cover exactly the schema's choices (a test calls this)."""
    for path, labels in (("theme", THEMES), ("contrat.type", CONTRATS), ("territoire.type", TYPES_TERRITOIRE)):
        if list(labels) != valeurs_possibles(path):
            raise PiuError(f"Libellés de « {path} » différents des choix du schéma : "
                           f"{list(labels)} ≠ {valeurs_possibles(path)}.")
