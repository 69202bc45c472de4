"""The barriers of the PIU workshop, read from ``data/freins.csv``, with their levers.

A barrier (« frein ») is named in the words of the workshop report (ateliers « Place de
l'Innovation Urbaine », Cerema et thecamp, 10/12/2020); its levers are module numbers of
``data/modules.csv`` and rules of ``data/references.csv``, so that the action list the learner
gets always points to something the course teaches or a text they can read.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from piu.core import data

#: The workshop's four groups, in its order, with the label a learner reads.
GROUPES: dict[str, str] = {
    "acheteurs": "Côté acheteurs",
    "porteurs": "Côté porteurs",
    "relations": "Relations entre acheteurs et porteurs",
    "territoires": "Territoires",
}

#: Short form of the codes, for the rule quoted beside an action.
_ABREGES = {
    "Code de la commande publique": "CCP",
    "Code général des collectivités territoriales": "CGCT",
    "Code général de la propriété des personnes publiques": "CG3P",
}


@dataclass(frozen=True)
class Frein:
    """One barrier of the catalogue and what answers it."""

    id: str
    groupe: str
    libelle: str
    source: str
    cout: str
    action: str
    modules: tuple[int, ...]
    regles: tuple[str, ...]


def _split(text: object) -> list[str]:
    if text is None or pd.isna(text):  # an empty cell: no lever of that kind
        return []
    return [part.strip() for part in str(text).split(";") if part.strip()]


def catalogue() -> list[Frein]:
    """Every barrier of ``data/freins.csv``, in the file's order (the workshop's order)."""
    frame = data.table("freins")
    return [Frein(row.id, row.groupe, row.libelle, row.source, row.cout, row.action,
                  tuple(int(m) for m in _split(row.leviers_modules)), tuple(_split(row.leviers_regles)))
            for row in frame.itertuples(index=False)]


def par_id() -> dict[str, Frein]:
    """The catalogue by identifier."""
    return {f.id: f for f in catalogue()}


def texte_regle(reference_id: str) -> str:
    """How a rule of ``references.csv`` is quoted beside an action: « CCP art. R2111-1 »."""
    row = data.ligne("references", reference_id)
    code, article = str(row["code"]), str(row["article"])
    if article == "texte":
        return code
    short = _ABREGES.get(code)
    if short:
        return f"{short} art. {article}"
    return f"{code}, {article if article.startswith('art') else 'art. ' + article}"


def titre_module(numero: int) -> str:
    """« module 3 « Choisir l'outil juridique » », from ``data/modules.csv``."""
    frame = data.table("modules")  # keyed by « numero », not « id »: no data.ligne here
    match = frame[frame["numero"] == numero]
    titre = str(match.iloc[0]["titre"]) if not match.empty else ""
    return f"module {numero} « {titre} »" if titre else f"module {numero}"
