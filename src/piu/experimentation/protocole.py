"""Build an experiment protocol and check it before the test starts.

An experiment teaches something only if it was framed beforehand: an objective, indicators
measured *before* the test with a target, a duration, the criteria for stopping and for
scaling up, and a legal vehicle. The bounds (duration in months, minimum numbers of
indicators and criteria) live in ``data/protocole_regles.csv`` with their justification; the
vehicles in ``data/vehicules_experimentation.csv`` with their legal basis and dates.

The result is the ``experimentation`` section of the learner's project file, which module 7
reuses (see :meth:`Protocole.section`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from piu.core import data
from piu.core.errors import PiuError, ReponseIllisible
from piu.core.french_numbers import format_nombre, lire_nombre

__all__ = ["Indicateur", "Protocole", "ProtocoleInvalide", "Vehicule", "construire_protocole",
           "regle", "vehicules_experimentation"]


class ProtocoleInvalide(PiuError):
    """The protocol is incomplete or unreadable; the message lists every field to fix."""


@dataclass(frozen=True)
class Indicateur:
    """What is measured: its name, unit, value before the test and target (``None``: unknown)."""

    nom: str
    unite: str
    avant: float | None
    cible: float | None

    @property
    def complet(self) -> bool:
        return self.avant is not None and self.cible is not None


@dataclass(frozen=True)
class Vehicule:
    """A legal vehicle for an experiment, as in ``vehicules_experimentation.csv``."""

    id: str
    libelle: str
    usage: str
    base_legale: str
    vigilance: str
    module: int | None
    seuil: str | None


def regle(identifiant: str) -> int:
    """A bound of ``protocole_regles.csv`` (``duree-min``, ``duree-max``...)."""
    return int(data.ligne("protocole_regles", identifiant)["valeur"])


def vehicules_experimentation(jour: date | None = None) -> list[Vehicule]:
    """The vehicles in force on ``jour`` (default today)."""
    rows = data.en_vigueur(data.table("vehicules_experimentation"), jour or date.today())
    return [Vehicule(str(r.id), str(r.libelle), str(r.usage), str(r.base_legale), str(r.vigilance),
                     None if pd.isna(r.module) else int(r.module),
                     None if pd.isna(r.seuil) else str(r.seuil)) for r in rows.itertuples()]


@dataclass(frozen=True)
class Protocole:
    """A checked protocol."""

    objectif: str
    indicateurs: tuple[Indicateur, ...]
    duree_mois: int
    criteres_sortie: tuple[str, ...]
    criteres_passage_echelle: tuple[str, ...]
    vehicule: Vehicule

    def section(self) -> dict[str, Any]:
        """The ``experimentation`` section of the learner's project file (module 7)::

            {"objectif": str,
             "indicateurs": [{"nom": str, "unite": str, "avant": float | None,
                              "cible": float | None}],
             "duree_mois": int, "criteres_sortie": [str], "criteres_passage_echelle": [str],
             "vehicule": str}

        ``vehicule`` is the id of a row of ``vehicules_experimentation.csv``.
        """
        return {"objectif": self.objectif,
                "indicateurs": [{"nom": i.nom, "unite": i.unite, "avant": i.avant, "cible": i.cible}
                                for i in self.indicateurs],
                "duree_mois": self.duree_mois,
                "criteres_sortie": list(self.criteres_sortie),
                "criteres_passage_echelle": list(self.criteres_passage_echelle),
                "vehicule": self.vehicule.id}

    def rappels(self) -> list[str]:
        """What to keep in mind with this vehicle, and the trap of the contract that follows."""
        out = [f"{self.vehicule.libelle} — {self.vehicule.base_legale}. {self.vehicule.vigilance}"]
        if self.vehicule.seuil:
            out.append(f"Montant du test strictement inférieur à "
                       f"{data.texte_valeur(self.vehicule.seuil)} (seuil en vigueur aujourd'hui).")
        if self.vehicule.id == "partenariat-innovation":
            out.append("Si les objectifs sont atteints, les phases d'acquisition prévues au contrat "
                       "suivent sans nouvelle mise en concurrence (CCP R2172-23) ; seule une "
                       "acquisition que le contrat n'a pas prévue demanderait une nouvelle "
                       "procédure.")
        elif self.vehicule.id != "marche-public":
            out.append("Si le test réussit, la suite (un marché, ou un nouveau titre d'occupation) "
                       "passe par une mise en concurrence où l'entreprise qui a expérimenté ne doit "
                       "pas être avantagée (pour un marché, CCP R2111-2 : partagez avec tous les "
                       "candidats les résultats et les informations utiles, laissez des délais "
                       "suffisants).")
        return out

    def texte(self) -> str:
        def value(v: float | None, unit: str) -> str:
            return "non mesuré" if v is None else f"{format_nombre(v)} {unit}".strip()

        lines = [f"Objectif : {self.objectif}", "Indicateurs :"]
        lines += [f"- {i.nom} : avant {value(i.avant, i.unite)}, cible {value(i.cible, i.unite)}"
                  for i in self.indicateurs]
        lines.append(f"Durée : {self.duree_mois} mois")
        lines.append("Critères de sortie (on arrête si) :")
        lines += [f"- {c}" for c in self.criteres_sortie]
        lines.append("Critères de passage à l'échelle (on étend si) :")
        lines += [f"- {c}" for c in self.criteres_passage_echelle]
        lines.append(f"Véhicule : {self.vehicule.libelle}")
        lines += [f"⚠ {r}" for r in self.rappels()]
        return "\n".join(lines)


def donnees_experimentation(protocole: Protocole) -> dict[str, Any]:
    """The ``experimentation`` section of the project file: :meth:`Protocole.section`, named
    like the other modules' ``donnees_*`` so that notebooks and the « Ajouter au dossier »
    button call the same thing."""
    return protocole.section()


def _text(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def _lines(value: Any) -> list[str]:
    """A list of criteria from a list or from text typed one per line in a form."""
    if value is None:
        return []
    if isinstance(value, str):
        items = value.splitlines()
    elif isinstance(value, list | tuple):
        items = list(value)
    else:  # a number or a yes/no typed where a criterion was expected
        items = [value]
    return [t for t in (_text(i).lstrip("-•* ").strip() for i in items) if t]


def _number(value: Any, unit: str, where: str, problems: list[str]) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return lire_nombre(value, unit or None)
    except ReponseIllisible:
        problems.append(f"{where} : « {value} » n'est pas un nombre lisible ; tapez par exemple "
                        f"1 200 ou 12,5 (laissez vide si la valeur n'est pas connue).")
        return None


def _indicators(raw: Iterable[Any], problems: list[str]) -> list[Indicateur]:
    out = []
    for n, item in enumerate(raw, start=1):
        where = f"Indicateur n° {n}"
        if isinstance(item, Indicateur):
            out.append(item)
            continue
        if not isinstance(item, Mapping):
            problems.append(f"{where} : attendu un nom, une unité, une valeur avant et une cible.")
            continue
        name, unit = _text(item.get("nom")), _text(item.get("unite"))
        before = _number(item.get("avant"), unit, f"{where}, valeur avant", problems)
        target = _number(item.get("cible"), unit, f"{where}, cible", problems)
        if not name:
            if unit or before is not None or target is not None:
                problems.append(f"{where} : donnez-lui un nom (ce qui est mesuré).")
            continue  # an empty row of the form
        out.append(Indicateur(name, unit, before, target))
    return out


def _duration(value: Any, problems: list[str]) -> int:
    low, high = regle("duree-min"), regle("duree-max")
    why = f"entre {low} et {high} mois (voir les justifications du chapitre)"
    try:
        months = lire_nombre(value, "mois")
    except ReponseIllisible:
        shown = "" if value is None else str(value).strip()
        problems.append(f"Durée : « {shown} » n'est pas un nombre de mois ; indiquez une durée {why}."
                        if shown else f"Durée : indiquez une durée {why}.")
        return 0
    if months != int(months):
        problems.append(f"Durée : {format_nombre(months)} mois ; indiquez un nombre entier de mois.")
    elif not low <= months <= high:
        problems.append(f"Durée : {format_nombre(months)} mois est hors des bornes ; indiquez une "
                        f"durée {why}.")
    return int(months)


def _vehicle(value: Any, jour: date | None, problems: list[str]) -> Vehicule | None:
    choices = vehicules_experimentation(jour)
    key = _text(value)
    for v in choices:
        if key in (v.id, v.libelle):
            return v
    listing = " ; ".join(f"{v.id} ({v.libelle})" for v in choices)
    problems.append(f"Véhicule : « {key} » inconnu ; choisissez parmi : {listing}." if key
                    else f"Véhicule : choisissez le cadre juridique du test parmi : {listing}.")
    return None


def construire_protocole(objectif: Any, indicateurs: Sequence[Any], duree_mois: Any,
                         criteres_sortie: Any, criteres_passage_echelle: Any, vehicule: Any,
                         jour: date | None = None) -> Protocole:
    """Check every field and return the protocol, or raise :class:`ProtocoleInvalide`
    listing *all* the problems, each naming its field.

    Numbers are read as a French user types them (``1 200``, ``12,5``); criteria may be a list
    or text with one criterion per line; ``vehicule`` is an id or a label of
    ``vehicules_experimentation.csv`` in force on ``jour``.
    """
    problems: list[str] = []
    goal = _text(objectif)
    if not goal:
        problems.append("Objectif : écrivez ce que l'expérimentation doit montrer, pour quels "
                        "usagers.")
    if indicateurs is not None and not isinstance(indicateurs, list | tuple):
        problems.append("Indicateurs : donnez une liste d'indicateurs (nom, unité, valeur avant, "
                        "cible).")
        indicateurs = []
    indicators = _indicators(indicateurs or [], problems)
    needed = regle("indicateurs-min")
    if sum(i.complet for i in indicators) < needed:
        problems.append(f"Indicateurs : il faut au moins {needed} indicateur mesuré avant le test, "
                        f"avec une valeur « avant » et une cible (sinon on ne saura pas dire si le "
                        f"test a réussi).")
    months = _duration(duree_mois, problems)
    exits, scale = _lines(criteres_sortie), _lines(criteres_passage_echelle)
    if len(exits) < regle("criteres-sortie-min"):
        problems.append(f"Critères de sortie : écrivez au moins {regle('criteres-sortie-min')} "
                        f"condition à laquelle on arrête le test (une par ligne).")
    if len(scale) < regle("criteres-echelle-min"):
        problems.append(f"Critères de passage à l'échelle : écrivez au moins "
                        f"{regle('criteres-echelle-min')} condition à laquelle on étend la solution "
                        f"(une par ligne).")
    vehicle = _vehicle(vehicule, jour, problems)
    if problems or vehicle is None:
        raise ProtocoleInvalide("Protocole incomplet :\n" + "\n".join(f"- {p}" for p in problems))
    return Protocole(goal, tuple(indicators), months, tuple(exits), tuple(scale), vehicle)
