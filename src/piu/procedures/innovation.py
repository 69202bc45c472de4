"""« Est-ce innovant ? » — a short checklist that produces a reasoned note for the file.

The code defines innovative works, supplies or services (L2172-3 al. 2) as new or significantly
improved, the innovation possibly lying in a production or construction process, a marketing
method or an organisational method. The DAJ guide « L'achat public de solutions innovantes »
(2024 edition, which replaced the 2019 « Guide pratique de l'achat public innovant ») comes with
a separate « faisceau d'indices » sheet: a bundle of indicators, none decisive alone. The
questions below follow that approach in our own words (the sheet itself could not be read again
on 03/12/2026: compare with it, :data:`GUIDE_URL`). A technology readiness level (TRL) is not a
legal test: the code only asks whether the purchase is new or significantly improved. The note
is an aid to reasoning, not a legal opinion: the buyer shows the purchase itself is innovative.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from piu.core.errors import PiuError

__all__ = ["GUIDE", "GUIDE_URL", "INDICES", "Indice", "NoteInnovation", "evaluer_innovation"]

GUIDE = ("guide de la DAJ « L'achat public de solutions innovantes » (édition 2024) et sa fiche "
         "« faisceau d'indices »")
GUIDE_URL = "https://www.economie.gouv.fr/daj/achat-public-innovation"


@dataclass(frozen=True)
class Indice:
    """One indicator: a yes/no question, the axis it belongs to, and what a « oui » shows."""

    id: str
    axe: str
    question: str
    si_oui: str


INDICES: tuple[Indice, ...] = (
    Indice("nouveaute-marche", "La solution",
           "La solution est-elle arrivée sur le marché récemment, ou n'y est-elle pas encore ?",
           "la solution est nouvelle sur le marché"),
    Indice("amelioration-sensible", "La solution",
           "Apporte-t-elle une amélioration sensible (performance, coût global, usage, impact "
           "environnemental) par rapport aux solutions en usage ?",
           "elle améliore sensiblement les solutions existantes"),
    Indice("procede-organisation", "La solution",
           "L'innovation porte-t-elle sur un procédé de production ou de construction, une "
           "méthode de commercialisation ou une méthode d'organisation ?",
           "l'innovation porte sur un procédé ou une méthode, comme le prévoit L2172-3"),
    Indice("risque-technique", "La solution",
           "Son usage comporte-t-il un risque technique ou d'usage que l'on ne sait pas encore "
           "bien mesurer ?",
           "elle comporte un risque technique propre aux solutions peu éprouvées"),
    Indice("rd-entreprise", "L'entreprise",
           "Le fournisseur a-t-il mené une R&D sur cette solution (brevet, aide ou label "
           "d'innovation, partenariat de recherche) ?",
           "le fournisseur a investi en R&D sur cette solution"),
    Indice("nouveau-pour-acheteur", "Le besoin de l'acheteur",
           "La solution change-t-elle la façon dont le service est rendu aux usagers ou "
           "organisé par vos équipes ?",
           "elle transforme la façon de rendre le service"),
    Indice("sourcing-fait", "Le besoin de l'acheteur",
           "Un sourcing (R2111-1) a-t-il montré que les solutions courantes ne répondent pas "
           "au besoin ?",
           "le sourcing montre que les solutions courantes ne suffisent pas"),
)
# Indicators that go to the heart of the legal definition: at least one must hold.
_CORE = ("nouveaute-marche", "amelioration-sensible", "procede-organisation")


@dataclass(frozen=True)
class NoteInnovation:
    """The outcome of the checklist: a verdict in words and the note for the file."""

    oui: tuple[str, ...]
    conclusion: str
    note: str
    solide: bool


def _oui_non(indice: str, value: object) -> bool:
    """A checklist answer: ``True``/``False``, or the words « oui »/« non » in any case or accent.

    Anything else (``"peut-être"``, ``1``, ``"non "`` typed as a truthy string…) is refused:
    counting every non-empty text as « oui » would turn « non » into a yes.
    """
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, str):
        word = "".join(c for c in unicodedata.normalize("NFD", value.strip().lower())
                       if unicodedata.category(c) != "Mn")
        if word in ("oui", "non"):
            return word == "oui"
    raise PiuError(f"Indice « {indice} » : réponse « {value} » illisible ; répondez True ou "
                   f"False, ou « oui » ou « non ».")


def evaluer_innovation(reponses: Mapping[str, object], objet: str = "",
                       jour: date | None = None) -> NoteInnovation:
    """Turn yes/no answers to :data:`INDICES` into a reasoned note citing L2172-3.

    Each answer is ``True``/``False`` or the word « oui »/« non »; unanswered indicators (absent
    or ``None``) count as « non ». An unknown indicator id or an unreadable answer raises a French
    error.
    """
    known = {i.id for i in INDICES}
    unknown = sorted(set(reponses) - known)
    if unknown:
        raise PiuError(f"Indice « {unknown[0]} » inconnu ; indices possibles : {', '.join(sorted(known))}.")
    answers = {key: _oui_non(key, value) for key, value in reponses.items()}
    yes = tuple(i.id for i in INDICES if answers.get(i.id))
    core = [i for i in yes if i in _CORE]
    solid = bool(core) and len(yes) >= 3
    if solid:
        conclusion = ("Plusieurs indices concordants, dont au moins un qui touche à la définition "
                      "légale : le caractère innovant paraît défendable.")
    elif core:
        conclusion = ("Un indice touche à la définition légale mais il est peu étayé : "
                      "documentez-le (sourcing, comparaison chiffrée) avant de vous en prévaloir.")
    else:
        conclusion = ("Aucun indice ne montre que la solution est nouvelle ou sensiblement "
                      "améliorée : ne vous fondez pas sur le caractère innovant.")
    day = jour or date.today()
    by_id = {i.id: i for i in INDICES}
    reasons = "\n".join(f"- {by_id[i].si_oui} ;" for i in yes) or "- aucun indice relevé ;"
    note = (
        f"Note sur le caractère innovant de l'achat (établie le {day:%d/%m/%Y}).\n"
        f"Objet : {objet.strip() or 'à préciser'}\n"
        "Au sens du deuxième alinéa de l'article L2172-3 du Code de la commande publique, sont "
        "innovants les travaux, fournitures ou services nouveaux ou sensiblement améliorés ; "
        "l'innovation peut porter sur un procédé de production ou de construction, une méthode "
        "de commercialisation ou une méthode organisationnelle.\n"
        f"Indices relevés ({len(yes)} sur {len(INDICES)}, d'après la démarche du faisceau "
        f"d'indices du {GUIDE}, formulée dans nos mots : comparez avec la fiche) :\n{reasons}\n"
        f"Conclusion : {conclusion}\n"
        "Pièces à joindre : résultats du sourcing, comparaison avec les solutions en usage, "
        "éléments fournis par l'entreprise. Depuis la loi n° 2025-391 du 30/04/2025, le statut de "
        "l'entreprise ne suffit pas : c'est l'achat lui-même qui doit être innovant. Le niveau de "
        "maturité technologique (TRL) décrit la solution mais n'est pas un critère juridique : "
        "seul compte le caractère nouveau ou sensiblement amélioré (L2172-3)."
    )
    return NoteInnovation(oui=yes, conclusion=conclusion, note=note, solide=solid)
