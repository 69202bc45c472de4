"""Module 8 « Évaluation finale » : la façade des notebooks.

``evaluation()`` affiche le formulaire de l'évaluation, ``remettre(...)`` remet la copie ;
côté formateur, ``corriger_dossier``, ``analyser_resultats`` et ``plan_evaluation`` (aussi en ligne de
commande : ``piu evaluation distribuer|corriger|analyser``).
"""

from __future__ import annotations

from piu.core.facade import charger_a_la_demande
from piu.examen.plan import (
    analyser_resultats,
    bareme,
    classe_fictive,
    corriger_dossier,
    distribuer,
    grille,
    plan_evaluation,
)

__all__ = ["analyser_resultats", "bareme", "classe_fictive", "corriger_dossier", "distribuer", "evaluation", "grille",
           "plan_evaluation", "remettre"]

__getattr__ = charger_a_la_demande(__name__, {"formulaires": ["evaluation", "remettre"]})
