"""Module 5 « Coopérer : SCIC et autres montages »: what its notebooks call.

Dans un notebook::

    from piu.cooperation import comparateur, simulateur_scic, lire_scic, verifier_scic
    comparateur()                          # quel véhicule pour quel projet ?
    simulateur_scic("ma_scic.yaml")        # la SCIC décrite, contrôlée, ses voix, son excédent

The engines live beside this file and take no widget and print nothing:

- :mod:`~piu.cooperation.vehicules` — the vehicle comparator (SCIC, SEM, SPL, SEMOP, GIP...);
- :mod:`~piu.cooperation.scic_fichier` — read a SCIC described in YAML, with line numbers;
- :mod:`~piu.cooperation.scic_regles` — check it against the law (``piu scic verifier``);
- :mod:`~piu.cooperation.gouvernance` — vote shares and blocking minorities;
- :mod:`~piu.cooperation.excedent` — allocation of a year's surplus;
- :mod:`~piu.cooperation.exercice` — the exercise where the learner fixes a SCIC's description.

Forms (:mod:`~piu.cooperation.formulaires`) and charts (:mod:`~piu.cooperation.graphiques`)
load on first use (see :mod:`piu.core.facade`).
"""

from piu.cooperation.excedent import repartir_excedent
from piu.cooperation.exercice import corriger_ma_scic
from piu.cooperation.gouvernance import minorites_de_blocage
from piu.cooperation.scic_fichier import lire_scic, scic_depuis_texte
from piu.cooperation.scic_regles import part_du_capital, verifier_scic
from piu.core.facade import charger_a_la_demande

_A_LA_DEMANDE = {
    "formulaires": ["comparateur", "donnees_gouvernance", "scic_a_corriger", "simulateur_scic"],
    "graphiques": ["graphique_excedent", "graphique_voix"],
}
__getattr__ = charger_a_la_demande(__name__, _A_LA_DEMANDE)

__all__ = ["corriger_ma_scic", "lire_scic", "minorites_de_blocage", "part_du_capital", "repartir_excedent",
           "scic_depuis_texte", "verifier_scic", *_A_LA_DEMANDE["formulaires"], *_A_LA_DEMANDE["graphiques"]]
