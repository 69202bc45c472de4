"""Module 4 « Financer l'innovation »: what its notebooks call, all in French.

Dans un notebook::

    from piu.financement import *
    chercheur_de_dispositifs()                    # formulaire de recherche
    plan = lire_plan('''
    cout_total: 1000000
    sources: ...''')                              # un plan tapé dans la cellule
    examiner_plan(plan)                           # verdict en texte
    essayer_plan(plan)                            # verdict et part seulement (exercices)
    verificateur_de_plan(plan)                    # formulaire
    graphique_plan(plan)                          # diagramme par source
    verifier_de_minimis([("2023-05-10", 150000)], 100000, "2024-03-01")
    calculateur_paiement()                        # avance, délai de paiement, intérêts moratoires
    calculer_avance_et_retard("120 000", 18, "2026-02-01", demande="2026-03-02", paiement="2026-04-20")

None of these raises for a person's mistake: they print a French message instead. The engines
live beside this file and take no widget and print nothing: :mod:`~piu.financement.plan`
(the financing-plan check, CGCT L1111-10), :mod:`~piu.financement.paiement` (advance, payment
delay, late-payment interest), :mod:`~piu.financement.de_minimis` and
:mod:`~piu.financement.dispositifs` (the schemes snapshot). The learner helpers and forms
(:mod:`~piu.financement.formulaires`) load on first use (see :mod:`piu.core.facade`).
"""

from piu.core.facade import charger_a_la_demande

_A_LA_DEMANDE = {
    "formulaires": ["calculateur_paiement", "calculer_avance_et_retard", "chercher_dispositifs",
                    "chercheur_de_dispositifs", "donnees_financement", "en_pourcentage",
                    "essai_de_plan", "essayer_plan", "examiner_plan", "graphique_plan", "lire_plan",
                    "verificateur_de_plan",
                    "verifier_de_minimis"],
}
__getattr__ = charger_a_la_demande(__name__, _A_LA_DEMANDE)

__all__ = [*_A_LA_DEMANDE["formulaires"]]
