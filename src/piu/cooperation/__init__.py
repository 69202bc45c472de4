"""Coopérer : SCIC et autres montages (module 5).

- :mod:`~piu.cooperation.vehicules` — the vehicle comparator (SCIC, SEM, SPL, SEMOP, GIP...);
- :mod:`~piu.cooperation.scic_fichier` — read a SCIC described in YAML, with line numbers;
- :mod:`~piu.cooperation.scic_regles` — check it against the law (``piu scic verifier``);
- :mod:`~piu.cooperation.gouvernance` — vote shares and blocking minorities;
- :mod:`~piu.cooperation.excedent` — allocation of a year's surplus;
- :mod:`~piu.cooperation.exercice` — the exercise where the learner fixes a SCIC's description;
- :mod:`~piu.cooperation.graphiques` and :mod:`~piu.cooperation.formulaires` — charts and
  notebook forms.
"""

from piu.cooperation.excedent import RepartitionExcedent, repartir_excedent
from piu.cooperation.exercice import corriger_ma_scic, examiner_correction
from piu.cooperation.gouvernance import minorites_de_blocage, part_des_voix, repartition_voix
from piu.cooperation.scic_fichier import ScicInvalide, lire_scic, scic_depuis_donnees, scic_depuis_texte
from piu.cooperation.scic_modele import CATEGORIES, Associe, College, Scic
from piu.cooperation.scic_regles import (
    REGLES,
    Manquement,
    Verification,
    part_du_capital,
    verifier_scic,
)
from piu.cooperation.vehicules import BESOINS, Candidat, Situation, comparer_vehicules

__all__ = ["BESOINS", "CATEGORIES", "REGLES", "Associe", "Candidat", "College", "Manquement",
           "RepartitionExcedent", "Scic", "ScicInvalide", "Situation", "Verification",
           "comparer_vehicules", "corriger_ma_scic", "examiner_correction", "lire_scic",
           "minorites_de_blocage", "part_des_voix", "part_du_capital", "repartir_excedent",
           "repartition_voix", "scic_depuis_donnees", "scic_depuis_texte", "verifier_scic"]
