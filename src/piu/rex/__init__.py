"""REX cards (retours d'expérience): real experiences of French collectivités, who to contact.

A resource shared by the course's modules and shown in module 1's pages: « montrer les personnes
derrière les REX » and « mettre en relation avec les interlocuteurs ayant testé dans des
territoires similaires » (atelier PIU d'Aix-en-Provence, Cerema et thecamp, 10 décembre 2020).

Dans un notebook::

    from piu.rex import fiches_rex, rediger_fiche, verifier_ma_fiche
    fiches_rex(population="45 000")      # le jeu, territoires similaires en premier
    rediger_fiche()                      # écrire sa propre fiche et l'enregistrer
    verifier_ma_fiche("ma-fiche-rex.yaml")

The engines take no widget and print nothing: :mod:`~piu.rex.fiche` (one card: read, check
against ``data/rex/schema.json``, write) and :mod:`~piu.rex.jeu` (the deck: load, filter, rank
similar territories). Forms (:mod:`~piu.rex.formulaires`) load on first use.
"""

from piu.core.facade import charger_a_la_demande
from piu.rex.fiche import enregistrer_fiche, fiche_depuis_texte, lire_fiche, verifier_fiche
from piu.rex.jeu import charger_jeu, selectionner, texte_carte

_A_LA_DEMANDE = {"formulaires": ["fiches_rex", "rediger_fiche", "verifier_ma_fiche"]}
__getattr__ = charger_a_la_demande(__name__, _A_LA_DEMANDE)

__all__ = ["charger_jeu", "enregistrer_fiche", "fiche_depuis_texte", "lire_fiche", "selectionner",
           "texte_carte", "verifier_fiche", *_A_LA_DEMANDE["formulaires"]]
