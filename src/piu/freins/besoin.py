"""Write a need as a use and a result, not as a solution (« partir des usages »).

The workshop asked to « partir des usages plutôt que rechercher systématiquement la
nouveauté »; the code asks the buyer to determine the need precisely before the consultation
(CCP L2111-1) and lets it state specifications as performances or functional requirements
(R2111-8). :func:`rediger_besoin` returns the ``besoin`` section of the learner's project file
(module 7), with exactly this shape::

    {"usage": str, "usagers": str, "resultat_attendu": str, "mesure": str, "contraintes": str}

and advice (:func:`conseils_besoin`) when the text names a solution instead of a use, or the
result has no figure to measure it by. The advice is a hint, not a grade: a learner may keep
their wording.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from piu.core.errors import PiuError
from piu.core.text import normaliser

CHAMPS: dict[str, str] = {
    "usage": "l'usage : ce que des personnes doivent pouvoir faire",
    "usagers": "les usagers : qui, où",
    "resultat_attendu": "le résultat attendu",
    "mesure": "la mesure : l'indicateur, sa valeur de départ et sa cible",
    "contraintes": "les contraintes (facultatif)",
}
OBLIGATOIRES = ("usage", "usagers", "resultat_attendu", "mesure")
LONGUEUR_MAX = 1000

# Words that describe a solution or a purchase rather than a use (compared without accents).
_SOLUTION = [
    "acheter", "acquerir", "acquisition", "installer", "installation", "deployer",
    "mettre en place", "application", "appli", "plateforme", "logiciel", "capteur", "borne",
    "drone", "robot", "navette autonome", "start up", "startup", "innovant", "innovante",
    "nouvelle technologie", "intelligence artificielle", "velo cargo", "velos cargos",
    "vehicule electrique", "vehicules electriques",
]
_WORDS = re.compile(r"\b(" + "|".join(re.escape(w) for w in _SOLUTION) + r")s?\b")


class BesoinInvalide(PiuError):
    """A required field is empty or too long; the message names it."""


@dataclass(frozen=True)
class BesoinRedige:
    """The ``besoin`` section and the advice on its wording."""

    section: dict[str, str]
    conseils: tuple[str, ...]


def _clean(value: object) -> str:
    return " ".join(str(value or "").split())


def conseils_besoin(section: Mapping[str, str]) -> list[str]:
    """Hints on a need's wording: solution words in the use or result, a result with no figure."""
    advice = []
    for key in ("usage", "resultat_attendu"):
        found = sorted({m.group(1) for m in _WORDS.finditer(normaliser(section.get(key, "")))})
        if found:
            advice.append(f"« {CHAMPS[key].split(' :')[0]} » nomme une solution ou un achat "
                          f"({', '.join(found)}) : décrivez ce que les usagers doivent pouvoir "
                          f"faire, et laissez les entreprises proposer le moyen.")
    if not re.search(r"\d", section.get("mesure", "")):
        advice.append("La mesure n'a pas de chiffre : donnez un indicateur, sa valeur de départ "
                      "et sa cible (par exemple « de 40 à 10 livraisons en camionnette par jour »).")
    return advice


def rediger_besoin(usage: str, usagers: str, resultat_attendu: str, mesure: str,
                   contraintes: str = "") -> BesoinRedige:
    """The need as a ``besoin`` section, with advice; raises :class:`BesoinInvalide` when a
    required field is empty (it names every empty field at once)."""
    section = {"usage": _clean(usage), "usagers": _clean(usagers),
               "resultat_attendu": _clean(resultat_attendu), "mesure": _clean(mesure),
               "contraintes": _clean(contraintes)}
    empty = [CHAMPS[k] for k in OBLIGATOIRES if not section[k]]
    if empty:
        raise BesoinInvalide("À compléter : " + " ; ".join(empty) + ".")
    long = [k for k, v in section.items() if len(v) > LONGUEUR_MAX]
    if long:
        raise BesoinInvalide(f"Champ « {long[0]} » trop long ({len(section[long[0]])} caractères ; "
                             f"{LONGUEUR_MAX} au plus) : le besoin tient en quelques phrases.")
    return BesoinRedige(section, tuple(conseils_besoin(section)))


def besoin_depuis_donnees(donnees: Any) -> dict[str, str]:
    """Check a saved ``besoin`` section (file of format ``piu-besoin``)."""
    if not isinstance(donnees, Mapping):
        raise BesoinInvalide("« donnees » : attendu un objet avec les champs du besoin.")
    for key in CHAMPS:
        if key in donnees and not isinstance(donnees[key], str):
            raise BesoinInvalide(f"champ « {key} » : du texte est attendu.")
    return rediger_besoin(**{k: donnees.get(k, "") for k in CHAMPS}).section
