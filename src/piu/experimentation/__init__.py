"""Module 6 « Urban Living Labs et expérimentation »: what its notebooks call.

Dans un notebook::

    from piu.experimentation import grille_living_lab, constructeur_protocole
    grille_living_lab()            # noter un living lab, lire ses points faibles et leurs leviers
    constructeur_protocole()       # écrire et vérifier le protocole d'une expérimentation
    passer_a_l_echelle()           # le marché peut-il absorber cette extension (R2194-8) ?

The engines live beside this file and take no widget and print nothing:

- :mod:`~piu.experimentation.grille` — the living-lab grid (criteria and verdicts in ``data/``);
- :mod:`~piu.experimentation.protocole` — the experiment-protocol builder and its checks;
- :mod:`~piu.experimentation.modification` — can a contract absorb an extension (R2194-8, dated);
- :mod:`~piu.experimentation.fichier` — save a result (a section of the project file of
  module 7) atomically and read it back, checked.

Forms (:mod:`~piu.experimentation.formulaires`) load on first use (see :mod:`piu.core.facade`).
"""

from piu.core.facade import charger_a_la_demande
from piu.experimentation.fichier import enregistrer_resultat, lire_description, lire_resultat
from piu.experimentation.grille import criteres, donnees_living_lab, evaluer_living_lab
from piu.experimentation.modification import examiner_modification
from piu.experimentation.protocole import construire_protocole, donnees_experimentation, vehicules_experimentation

_A_LA_DEMANDE = {"formulaires": ["constructeur_protocole", "grille_living_lab", "passer_a_l_echelle"]}
__getattr__ = charger_a_la_demande(__name__, _A_LA_DEMANDE)

__all__ = ["construire_protocole", "criteres", "donnees_experimentation", "donnees_living_lab",
           "enregistrer_resultat", "evaluer_living_lab", "examiner_modification",
           "lire_description", "lire_resultat", "vehicules_experimentation", *_A_LA_DEMANDE["formulaires"]]
