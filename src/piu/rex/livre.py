"""The deck for the web book: what ``{tableau-filtrable} piu.rex.livre:tableau`` shows.

Imported only by the book's build (it uses :mod:`piu.core.book.sphinx.tableau`, hence Sphinx).
"""

from __future__ import annotations

from piu.core.book.sphinx.tableau import Filtre, Ligne, Proximite, Tableau
from piu.core.french_numbers import format_nombre
from piu.rex.jeu import (
    BORNES,
    CONTRATS,
    REGLE_SIMILAIRES,
    THEMES,
    TYPES_TERRITOIRE,
    charger_jeu,
    fichiers_du_jeu,
    sections_carte,
    texte_source,
)


def _territory(card: dict) -> str:
    t = card["territoire"]
    kind = TYPES_TERRITOIRE[t["type"]].split(" (")[0]
    pop = t["population"]
    return f"{kind}, {format_nombre(pop)} habitants" if isinstance(pop, int) else f"{kind}, population non publique"


def tableau() -> Tableau:
    """The deck as a filterable table, one row per card, each card readable in full."""
    deck = sorted(charger_jeu(), key=lambda c: (list(THEMES).index(c["theme"]), c["id"]))
    used = {key: {c[key] if key == "theme" else c[key]["type"] for c in deck}
            for key in ("theme", "contrat", "territoire")}
    rows = tuple(Ligne(
        id=c["id"], titre=c["titre"],
        cellules=(c["collectivite"], _territory(c), THEMES[c["theme"]], CONTRATS[c["contrat"]["type"]]),
        filtres={"theme": c["theme"], "contrat": c["contrat"]["type"], "territoire": c["territoire"]["type"]},
        proximite=c["territoire"]["population"] if isinstance(c["territoire"]["population"], int) else None,
        sections=tuple(sections_carte(c)),
        liens=tuple((texte_source(s), s["url"]) for s in c["sources"]),
    ) for c in deck)
    return Tableau(
        legende=f"Les {len(rows)} fiches REX du cours",
        colonnes=("Fiche", "Collectivité", "Territoire", "Thème", "Contrat"),
        lignes=rows,
        filtres=(Filtre("theme", "Thème", tuple((k, v) for k, v in THEMES.items() if k in used["theme"])),
                 Filtre("contrat", "Contrat", tuple((k, v) for k, v in CONTRATS.items() if k in used["contrat"])),
                 Filtre("territoire", "Type de territoire",
                        tuple((k, v.split(" (")[0]) for k, v in TYPES_TERRITOIRE.items() if k in used["territoire"]))),
        proximite=Proximite("Population de votre territoire", tuple(float(b) for b in BORNES),
                            REGLE_SIMILAIRES.split(" et, si vous")[0] + ". Les fiches proches viennent en "
                            "premier ; celles dont la population n'est pas publique, en dernier.", "par ex. 45 000"),
        dependances=tuple(fichiers_du_jeu()),
    )
