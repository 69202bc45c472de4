"""piu : achat public d'innovation urbaine, cours interactif pour les techniciens des collectivités.

Dans un notebook::

    from piu import question, questions_du_module, verifier
    question("m0-parcours")          # un formulaire pour répondre
    verifier("m0-seuil", 60000)      # vérifier une réponse calculée dans une cellule
    ma_progression()                 # ma progression par module
"""

from piu.progress_report import ma_progression
from piu.widgets import question, questions_du_module, verifier

__version__ = "0.1.0"
__all__ = ["ma_progression", "question", "questions_du_module", "verifier"]
