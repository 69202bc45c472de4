"""Module 3 « Choisir l'outil juridique »: what its notebooks call.

Dans un notebook::

    from piu.procedures import conseiller, conseiller_procedure, estimer_valeur
    conseiller("collectivite", "services", "150 000", "2026-04-01", innovant=True).ids
    conseiller_procedure()            # le même conseil, en formulaire
    qualifier("porteur", "aucune", domaine_public=True, jour="2026-09-01").qualification.id
    quel_contrat()                    # « Quel contrat ? », en formulaire

The engines live beside this file and take no widget and print nothing:
:mod:`~piu.procedures.contrat` (« quel contrat ? » : marché, concession, occupation, subvention),
:mod:`~piu.procedures.conseil` (the routes the Code opens for a need, on a date),
:mod:`~piu.procedures.valeur` (estimated value and lots) and :mod:`~piu.procedures.innovation`
(« est-ce innovant ? »), :mod:`~piu.procedures.candidats` (the turnover a buyer may require)
and :mod:`~piu.procedures.concession` (the estimated value of a concession).
Forms (:mod:`~piu.procedures.formulaires`) and the decision figure
(:mod:`~piu.procedures.graphiques`) load on first use, so the command line loads neither
ipywidgets nor matplotlib (see :mod:`piu.core.facade`).
"""

from piu.core.facade import charger_a_la_demande
from piu.procedures.candidats import plafond_chiffre_affaires
from piu.procedures.concession import estimer_concession
from piu.procedures.conseil import conseiller
from piu.procedures.contrat import qualifier
from piu.procedures.innovation import evaluer_innovation
from piu.procedures.valeur import estimer_valeur

_A_LA_DEMANDE = {
    "formulaires": ["calculateur_valeur", "chiffre_affaires_exigible", "conseiller_procedure",
                    "donnees_contrat", "donnees_innovation", "donnees_procedure", "est_ce_innovant",
                    "quel_contrat", "valeur_concession"],
    "graphiques": ["schema_decision"],
}
__getattr__ = charger_a_la_demande(__name__, _A_LA_DEMANDE)

__all__ = ["conseiller", "estimer_concession", "estimer_valeur", "evaluer_innovation", "plafond_chiffre_affaires",
           "qualifier",
           *_A_LA_DEMANDE["formulaires"], *_A_LA_DEMANDE["graphiques"]]
