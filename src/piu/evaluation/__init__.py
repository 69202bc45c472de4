"""Module 2 « Évaluer une innovation et ses impacts »: what its notebooks call.

Dans un notebook::

    from piu.evaluation import grille_interactive, calculateur_carbone, calculateur_cout
    grille_interactive("grille.yaml")     # grille multicritère et sensibilité des poids
    calculateur_carbone()                 # vélo cargo contre fourgon, facteurs modifiables

The engines live beside this file and take no widget and print nothing:

* :mod:`~piu.evaluation.maturite` places a solution on the TRL scale, with the reasons;
* :mod:`~piu.evaluation.grille` scores and ranks options on a weighted multi-criteria grid,
  and tells how robust the ranking is when the weights move;
* :mod:`~piu.evaluation.carbone` compares last-mile delivery by cargo bike and by van;
* :mod:`~piu.evaluation.cout_global` computes and compares discounted lifecycle costs
  (CCP art. R2152-9 and R2152-10).

Every factor comes from ``data/`` with its source, and every function lets the learner
override it: the point of the module is to discuss assumptions, not to hide them. Forms
(:mod:`~piu.evaluation.formulaires`) and charts (:mod:`~piu.evaluation.graphiques`) load on
first use (see :mod:`piu.core.facade`).
"""

from piu.core.facade import charger_a_la_demande
from piu.evaluation.carbone import comparer_livraison, facteur
from piu.evaluation.cout_global import OptionCout, comparer_couts
from piu.evaluation.grille import lire_grille, pourcentage

_A_LA_DEMANDE = {
    "formulaires": ["calculateur_carbone", "calculateur_cout", "donnees_carbone", "donnees_cout", "donnees_grille",
                    "donnees_trl", "grille_interactive", "questionnaire_trl",
                    "tableau_criteres", "tableau_facteurs", "tableau_indicateurs", "tableau_trl"],
    "graphiques": ["Graphique", "alt_carbone", "alt_cout", "alt_grille", "alt_stabilite", "graphique_carbone",
                   "graphique_cout", "graphique_grille", "graphique_stabilite"],
}
__getattr__ = charger_a_la_demande(__name__, _A_LA_DEMANDE)

__all__ = ["OptionCout", "comparer_couts", "comparer_livraison", "facteur", "lire_grille", "pourcentage",
           *_A_LA_DEMANDE["formulaires"], *_A_LA_DEMANDE["graphiques"]]
