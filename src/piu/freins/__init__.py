"""Module 1 « L'innovation urbaine et ses freins »: what its notebooks call.

Dans un notebook::

    from piu.freins import carte_des_freins_formulaire, besoin_formulaire, fusion_formulaire
    carte_des_freins_formulaire()     # cocher et noter les freins de son projet
    besoin_formulaire()               # écrire le besoin comme un usage et un résultat
    fusion_formulaire()               # le formateur fusionne les cartes du groupe

The engines live beside this file and take no widget and print nothing:

- :mod:`~piu.freins.catalogue` — the workshop's barriers and their levers (``data/freins.csv``);
- :mod:`~piu.freins.carte` — one project's map and its ordered action list (section ``freins``);
- :mod:`~piu.freins.fusion` — the group map merged from the participants' files;
- :mod:`~piu.freins.besoin` — the need written as a use (section ``besoin``);
- :mod:`~piu.freins.fichier` — saved results, written atomically and read back with checks.

Forms (:mod:`~piu.freins.formulaires`) and charts (:mod:`~piu.freins.graphiques`) load on
first use (see :mod:`piu.core.facade`).
"""

from piu.core.facade import charger_a_la_demande
from piu.freins.besoin import rediger_besoin
from piu.freins.carte import carte_des_freins, donnees_freins, texte_carte
from piu.freins.catalogue import catalogue
from piu.freins.fusion import fusionner_fichiers, lire_carte, texte_carte_groupe

_A_LA_DEMANDE = {
    "formulaires": ["besoin_formulaire", "carte_des_freins_formulaire", "fusion_formulaire"],
    "graphiques": ["graphique_carte", "graphique_groupe"],
}
__getattr__ = charger_a_la_demande(__name__, _A_LA_DEMANDE)

__all__ = ["carte_des_freins", "catalogue", "donnees_freins", "fusionner_fichiers", "lire_carte", "rediger_besoin",
           "texte_carte", "texte_carte_groupe", *_A_LA_DEMANDE["formulaires"],
           *_A_LA_DEMANDE["graphiques"]]
