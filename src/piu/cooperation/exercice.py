"""Module 5 exercise: fix a non-compliant SCIC by editing its YAML description in a cell.

The learner edits the description of the fictitious « Ferme urbaine des Pentes »
(``notebooks/scic/a-corriger.yaml``). :func:`corriger_ma_scic` reads the edit with the same
parser as ``piu scic verifier``, checks it with the same rules, and adds the exercise's
instructions: the public contributions and the staff count stay as they are (otherwise
« effectif_salarie: 0 » or a smaller public contribution would « fix » the SCIC by changing
the case, not the statutes). The number of problems left is then checked as the answer to
the bank question ``m5-corriger-yaml`` (zero), so the attempt is recorded like any other.

Feedback shows what is wrong (:attr:`Manquement.constat`), not the amount that fixes it:
that amount is the answer to the previous question.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date

from piu.cooperation.scic_fichier import lire_scic, scic_depuis_texte
from piu.cooperation.scic_modele import Scic
from piu.cooperation.scic_regles import verifier_scic
from piu.core import paths
from piu.core.errors import PiuError
from piu.core.french_numbers import format_montant
from piu.core.typography import accorder

__all__ = ["QUESTION", "Correction", "corriger_ma_scic", "examiner_correction"]

QUESTION = "m5-corriger-yaml"
_WIDTH = 88


@dataclass(frozen=True)
class Correction:
    """What is still wrong with the learner's edit: rule breaches, then broken instructions."""

    problemes: tuple[str, ...]

    @property
    def restants(self) -> int:
        return len(self.problemes)


def _case() -> Scic:
    return lire_scic(paths.course_root() / "notebooks" / "scic" / "a-corriger.yaml")


def _instructions(origin: Scic, edited: Scic) -> list[str]:
    """The instructions of the exercise that the edit does not follow."""
    broken = []
    public = {a.nom: a.capital for a in origin.associes if a.categorie == "collectivites"}
    kept = {a.nom: a.capital for a in edited.associes if a.categorie == "collectivites"}
    for name, capital in public.items():
        if name not in kept:
            broken.append(f"« {name} » a disparu des associés publics : gardez-le, avec son apport "
                          f"de {format_montant(capital, ht=False)}.")
        elif kept[name] != capital:
            broken.append(f"l'apport de « {name} » est passé de {format_montant(capital, ht=False)} à "
                          f"{format_montant(kept[name], ht=False)} : la consigne est de ne pas toucher "
                          f"aux apports publics.")
    for name in kept.keys() - public.keys():
        broken.append(f"« {name} » est une nouvelle collectivité associée : la consigne est de ne "
                      f"pas toucher aux apports publics.")
    if edited.effectif_salarie != origin.effectif_salarie:
        broken.append(f"« effectif_salarie » doit rester {origin.effectif_salarie} : la ferme emploie "
                      f"bien {origin.effectif_salarie} salariés ; c'est la liste des associés qu'il "
                      f"faut corriger.")
    return broken


def examiner_correction(texte: str, jour: date | None = None) -> Correction:
    """Check the learner's edit: every rule breach and every instruction not followed.

    A description that cannot be read raises :class:`~piu.cooperation.ScicInvalide`.
    """
    edited = scic_depuis_texte(texte, "votre description")
    breaches = [f"[{m.regle}] {m.constat or m.message}"
                for m in verifier_scic(edited, jour).manquements]
    rules = [f"[consigne] {text}" for text in _instructions(_case(), edited)]
    return Correction(tuple(breaches + rules))


def corriger_ma_scic(texte: str) -> None:
    """Print what is still wrong with the edited description, then record the attempt."""
    from piu.core.learner.widgets import verifier  # widgets import the bank and ipywidgets: only when used

    try:
        result = examiner_correction(texte)
    except PiuError as exc:
        print(f"⚠ {exc}\nCorrigez la description, puis exécutez de nouveau la cellule.")
        return
    if result.problemes:
        print(f"Il reste {accorder(result.restants, 'problème')} :")
        for problem in result.problemes:
            print(textwrap.fill(f"- {problem}", width=_WIDTH, subsequent_indent="  ",
                                break_on_hyphens=False))
    else:
        print("Le simulateur ne trouve plus aucun manquement et les consignes sont respectées.")
    verifier(QUESTION, result.restants)
