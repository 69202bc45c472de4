"""Module 7 « Cas fil rouge » and the learner's project file: what its notebooks call.

Dans un notebook::

    from piu.fil_rouge import *
    textes_du_cas()["besoin"]            # le besoin du cas, écrit comme un usage
    dossier_de_projet()                  # mon dossier : ce qui est rempli, ce qui manque, exporter
    etat_dossier(dossier)                # section par section
    note_html(dossier); note_docx(dossier)

The engines live beside this file and take no widget and print nothing:
:mod:`~piu.fil_rouge.sections` (the shape of every section, who fills it, what is missing),
:mod:`~piu.fil_rouge.note` (the note d'opportunité, in Word and in HTML),
:mod:`~piu.fil_rouge.cas` (the case's figures and texts). The module imports no other module
of the course: its notebook hands each tool's result to the dossier. The form
(:mod:`~piu.fil_rouge.formulaires`) loads on first use (see :mod:`piu.core.facade`).
"""

from piu.core.facade import charger_a_la_demande
from piu.core.learner.dossier import ajouter_section, lire, nouveau
from piu.fil_rouge.cas import chemin_cas, chiffre, livraisons_hebdomadaires, textes_du_cas, tournees_visees_par_semaine
from piu.fil_rouge.note import exporter, note_docx, note_html
from piu.fil_rouge.sections import SECTIONS, etat_dossier, texte_etat

_A_LA_DEMANDE = {
    "formulaires": ["dossier_de_projet"],
}
__getattr__ = charger_a_la_demande(__name__, _A_LA_DEMANDE)

__all__ = ["SECTIONS", "ajouter_section", "chemin_cas", "chiffre", "etat_dossier", "exporter",
           "livraisons_hebdomadaires", "lire", "note_docx", "note_html", "nouveau", "textes_du_cas", "texte_etat",
           "tournees_visees_par_semaine",
           *_A_LA_DEMANDE["formulaires"]]
