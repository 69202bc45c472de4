"""Module 3 « Choisir l'outil juridique »: the procedure advisor and its helpers.

Dans un notebook::

    from piu.procedures import conseiller, estimer_valeur, evaluer_innovation
    conseiller("collectivite", "services", "150 000", "2026-04-01", innovant=True).ids

The forms (``piu.procedures.forms``) and the decision figure (``piu.procedures.schema``) are
imported on demand, so the command line does not load ipywidgets or matplotlib.
"""

from piu.procedures.advisor import (
    ACHETEURS,
    NATURES,
    VOIES,
    BesoinInvalide,
    Conseil,
    Seuil,
    Voie,
    conseiller,
    seuil,
)
from piu.procedures.innovation import INDICES, NoteInnovation, evaluer_innovation
from piu.procedures.valeur import Estimation, Lot, estimer_valeur

__all__ = [
    "ACHETEURS",
    "INDICES",
    "NATURES",
    "VOIES",
    "BesoinInvalide",
    "Conseil",
    "Estimation",
    "Lot",
    "NoteInnovation",
    "Seuil",
    "Voie",
    "conseiller",
    "estimer_valeur",
    "evaluer_innovation",
    "seuil",
]
