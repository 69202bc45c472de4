"""piu : achat public d'innovation urbaine, cours interactif pour les techniciens des collectivités.

Two layers (see ``ARCHITECTURE.md``): :mod:`piu.core` is the course framework (questions,
answer checking, progress, data, French numbers and dates, the book extension, the command
line) and knows no module; ``piu.procedures``, ``piu.evaluation``, ``piu.financement``,
``piu.cooperation`` and ``piu.experimentation`` are the modules of the course, each in its own words.

Dans un notebook::

    from piu import question, questions_du_module, verifier
    question("m0-parcours")          # un formulaire pour répondre
    verifier("m0-seuil", 60000)      # vérifier une réponse calculée dans une cellule
    ma_progression()                 # ma progression par module
"""

from piu.core.data import texte_valeur
from piu.core.errors import PiuError
from piu.core.french_numbers import format_montant, format_nombre
from piu.core.learner.progress_report import ma_progression
from piu.core.learner.widgets import question, questions_du_module, verifier

__version__ = "0.1.0"
__all__ = ["PiuError", "format_montant", "format_nombre", "ma_progression", "question", "questions_du_module",
           "texte_valeur", "verifier"]
