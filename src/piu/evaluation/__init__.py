"""Module 2 « Évaluer une innovation et ses impacts »: the engines behind its tools.

* :mod:`~piu.evaluation.maturite` places a solution on the TRL scale, with the reasons;
* :mod:`~piu.evaluation.grille` scores and ranks options on a weighted multi-criteria grid,
  and tells how robust the ranking is when the weights move;
* :mod:`~piu.evaluation.carbone` compares last-mile delivery by cargo bike and by van;
* :mod:`~piu.evaluation.cout_global` computes and compares discounted lifecycle costs
  (CCP art. R2152-9 and R2152-10).

Every factor comes from ``data/`` with its source, and every function lets the learner
override it: the point of the module is to discuss assumptions, not to hide them.
"""

from piu.evaluation.carbone import comparer_livraison, emissions_livraison, vehicules_par_defaut
from piu.evaluation.cout_global import OptionCout, comparer_couts, cout_cycle_de_vie
from piu.evaluation.grille import Grille, lire_grille
from piu.evaluation.maturite import placer_trl

__all__ = [
    "Grille",
    "OptionCout",
    "comparer_couts",
    "comparer_livraison",
    "cout_cycle_de_vie",
    "emissions_livraison",
    "lire_grille",
    "placer_trl",
    "vehicules_par_defaut",
]
