"""The module 7 case: cargo-bike logistics for an invented métropole, on published figures.

The case's figures are a table of ``data/`` (``cas_cyclologistique.csv``: each figure with its
source, « fictif » when invented); its texts are ``notebooks/cyclologistique/cas.yaml``: the
project, the need (in the shape of the ``besoin`` section), and what the learner would type into
the module 1 and module 6 tools (barrier ratings, protocol, living-lab scores). The notebook
and ``scripts/dossier_exemple.py`` pass those to the tools, which check them: this package
imports no other module's package, so it only checks that they are there.
"""

from __future__ import annotations

from typing import Any

import yaml

from piu.core import data, paths
from piu.core.errors import PiuError
from piu.core.learner.dossier import DossierInvalide
from piu.fil_rouge.sections import PAR_NOM, verifier

#: Folder of the case's files (grid, SCIC, financing plan, texts), beside the notebooks.
DOSSIER_CAS = "notebooks/cyclologistique"
_TEXT_SECTIONS = ("besoin",)
#: What the module 1 and module 6 tools receive (checked by those tools, not here).
_TOOL_INPUTS = ("freins", "experimentation", "living_lab")


def chemin_cas(nom: str) -> Any:
    """Path of one of the case's files (``cas.yaml``, ``grille-opportunite.csv``…)."""
    return paths.course_root() / DOSSIER_CAS / nom


def chiffre(identifiant: str) -> float:
    """One figure of the case, from ``data/cas_cyclologistique.csv``."""
    table = data.table("cas_cyclologistique")
    row = table[table["id"] == identifiant]
    if row.empty:
        raise PiuError(f"Chiffre « {identifiant} » absent de cas_cyclologistique.csv ; chiffres : "
                       f"{', '.join(table['id'])}.")
    return float(row.iloc[0]["valeur"])


def textes_du_cas() -> dict[str, Any]:
    """The case's project, its need (checked against its shape) and the tools' inputs."""
    path = chemin_cas("cas.yaml")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PiuError(f"Fichier du cas {path.name} illisible ({exc}).") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("projet"), dict):
        raise PiuError(f"{path.name} : champ « projet » manquant.")
    for name in _TEXT_SECTIONS:
        try:
            verifier(raw.get(name), PAR_NOM[name].forme, name)
        except DossierInvalide as exc:
            raise PiuError(f"{path.name} : {exc}") from None
    for name in _TOOL_INPUTS:
        if not isinstance(raw.get(name), dict):
            raise PiuError(f"{path.name} : champ « {name} » manquant (ce que reçoit l'outil du module).")
    return raw


def livraisons_hebdomadaires() -> float:
    """Deliveries and pick-ups per week in the hypercentre: jobs × movements per job (LET surveys)."""
    return chiffre("emplois-hypercentre") * chiffre("mouvements-par-emploi")


def tournees_visees_par_semaine() -> float:
    """Weekly van rounds the métropole aims to move to bikes: share aimed × deliveries ÷ parcels per round."""
    return livraisons_hebdomadaires() * chiffre("part-velo-visee") / 100 / chiffre("colis-par-tournee")
