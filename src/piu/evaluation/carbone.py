"""Carbon footprint of last-mile delivery: cargo bike, diesel van, electric van.

The model is deliberately simple so that a technician can explain it to elected members:

    rounds needed = load / payload, rounded up (at least 1); load per round = load / rounds
    emissions per km = usage per km × (1 + overconsumption × load per round / 100 kg)
                       + manufacturing per km × manufacturing share
    emissions of the delivery = emissions per km × round distance × rounds needed
    emissions per parcel = emissions of the delivery / parcels

A load above the vehicle's payload is never carried in one go: the vehicle makes as many rounds
as needed, each of the full distance, each with its share of the load (so the van's
overconsumption never counts a load beyond its payload).

Usage per km is the vehicle's consumption times the emission factor of its energy (diesel,
electricity), or an all-in factor per km (the cargo bike, from ADEME Impact CO2). Every factor
comes from ``data/facteurs_emission.csv`` with its source and date, and every one can be
overridden: published factors differ by about three times between sources. Regulatory factors
are dated (``valid_from``, ``valid_to``): every function takes a ``jour`` (default today) and
uses the value in force that day.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from piu.core import data
from piu.core.errors import PiuError
from piu.core.french_numbers import format_nombre

__all__ = ["Facteur", "Vehicule", "comparer_livraison", "emissions_livraison", "facteur",
           "vehicules_par_defaut"]


@dataclass(frozen=True)
class Facteur:
    """One value of ``facteurs_emission.csv`` with what is needed to cite it."""

    id: str
    libelle: str
    valeur: float
    unite: str
    statut: str
    source: str
    date_source: str
    base_legale: str = ""
    valid_from: date | None = None

    @property
    def est_hypothese(self) -> bool:
        return self.statut == "hypothese"


def facteur(identifiant: str, jour: date | None = None) -> Facteur:
    """A factor from ``data/facteurs_emission.csv``, the value in force on ``jour`` (today)."""
    row = data.ligne("facteurs_emission", identifiant, jour or date.today())
    start = row["valid_from"]
    return Facteur(identifiant, str(row["libelle"]), float(row["valeur"]), str(row["unite"]),
                   str(row["statut"]), str(row["source"]), row["date_source"].strftime("%d/%m/%Y"),
                   str(row["base_legale"]), None if start is None or start is pd.NA else start)


@dataclass(frozen=True)
class Vehicule:
    """A delivery vehicle as the model sees it (all values per km are in kgCO2e/km)."""

    id: str
    libelle: str
    usage_km: float                 # emissions of use per km, empty vehicle
    fabrication_km: float           # manufacturing spread over the vehicle's life, per km
    surconsommation_100kg: float    # extra use per 100 kg of load, as a fraction (0.02 = 2 %)
    charge_utile_kg: float
    facteurs: tuple[str, ...] = ()  # ids of the factors used, for the sources table

    def modifier(self, **changes: float) -> Vehicule:
        """A copy with some values changed (``velo.modifier(usage_km=0.005)``)."""
        return replace(self, **changes)


def vehicules_par_defaut(jour: date | None = None) -> dict[str, Vehicule]:
    """The three vehicles with the factors of ``data/`` in force on ``jour`` (today):
    ``velo-cargo``, ``vul-diesel``, ``vul-electrique``."""
    def v(identifiant: str) -> float:
        return facteur(identifiant, jour).valeur

    overload = v("vul-surconsommation-charge") / 100
    velo = Vehicule("velo-cargo", "Vélo cargo à assistance électrique",
                    usage_km=v("velo-cargo-total") - v("velo-cargo-fabrication"),
                    fabrication_km=v("velo-cargo-fabrication"), surconsommation_100kg=0.0,
                    charge_utile_kg=v("velo-cargo-charge-utile"),
                    facteurs=("velo-cargo-total", "velo-cargo-fabrication",
                              "velo-cargo-charge-utile"))
    diesel = Vehicule("vul-diesel", "Fourgon diesel",
                      usage_km=v("vul-diesel-consommation") / 100 * v("gazole-routier"),
                      fabrication_km=v("vul-diesel-fabrication"), surconsommation_100kg=overload,
                      charge_utile_kg=v("vul-charge-utile"),
                      facteurs=("vul-diesel-consommation", "gazole-routier",
                                "vul-diesel-fabrication", "vul-surconsommation-charge",
                                "vul-charge-utile"))
    electrique = Vehicule("vul-electrique", "Fourgon électrique",
                          usage_km=v("vul-electrique-consommation") / 100 * v("electricite-france"),
                          fabrication_km=v("vul-electrique-fabrication"),
                          surconsommation_100kg=overload, charge_utile_kg=v("vul-charge-utile"),
                          facteurs=("vul-electrique-consommation", "electricite-france",
                                    "vul-electrique-fabrication", "vul-surconsommation-charge",
                                    "vul-charge-utile"))
    return {x.id: x for x in (velo, diesel, electrique)}


def _check(name: str, value: float, minimum: float = 0.0, strict: bool = False) -> None:
    if not isinstance(value, int | float) or not math.isfinite(value) or value < minimum or (
            strict and value == minimum):
        bound = "strictement positif" if strict else "positif ou nul"
        raise PiuError(f"« {name} » doit être un nombre {bound} (lu : {value!r}).")


def _check_vehicle(vehicule: Vehicule) -> None:
    for name, value, strict in (("usage_km", vehicule.usage_km, False),
                                ("fabrication_km", vehicule.fabrication_km, False),
                                ("surconsommation_100kg", vehicule.surconsommation_100kg, False),
                                ("charge_utile_kg", vehicule.charge_utile_kg, True)):
        _check(f"{vehicule.libelle} : {name}", value, strict=strict)


def emissions_livraison(vehicule: Vehicule, distance_km: float, colis: int, charge_kg: float,
                        part_fabrication: float = 1.0) -> dict[str, float | str]:
    """Emissions of one delivery of ``colis`` parcels weighing ``charge_kg`` in all (kgCO2e):
    per km, for the whole delivery (``par_tournee``) and per parcel.

    If the load exceeds the payload, the vehicle makes ``tournees_necessaires`` rounds of
    ``distance_km`` each, carrying ``charge_par_tournee_kg``: ``par_tournee`` and ``par_colis``
    count every round. ``part_fabrication`` (0 to 1) is the share of manufacturing counted:
    1 for a full life-cycle view, 0 for use only (what the 2017 transport GHG information
    counts).
    """
    _check("distance_km", distance_km, strict=True)
    _check("colis", colis, strict=True)
    _check("charge_kg", charge_kg)
    _check("part_fabrication", part_fabrication)
    _check_vehicle(vehicule)
    if part_fabrication > 1:
        raise PiuError("« part_fabrication » est une part : entre 0 et 1 (1 = toute la "
                       "fabrication comptée).")
    rounds = max(1, math.ceil(charge_kg / vehicule.charge_utile_kg))
    load = charge_kg / rounds  # never above the payload
    usage = vehicule.usage_km * (1 + vehicule.surconsommation_100kg * load / 100)
    manufacturing = vehicule.fabrication_km * part_fabrication
    per_km = usage + manufacturing
    km = distance_km * rounds
    per_delivery = per_km * km
    return {
        "vehicule": vehicule.id,
        "libelle": vehicule.libelle,
        "usage_km": usage,
        "fabrication_km": manufacturing,
        "par_km": per_km,
        "tournees_necessaires": rounds,
        "charge_par_tournee_kg": load,
        "km_parcourus": km,
        "par_tournee": per_delivery,
        "par_colis": per_delivery / colis,
        "usage_par_colis": usage * km / colis,
        "fabrication_par_colis": manufacturing * km / colis,
        "avertissement": "" if rounds == 1 else (
            f"La charge ({format_nombre(charge_kg)} kg) dépasse la charge utile du "
            f"{vehicule.libelle.lower()} ({format_nombre(vehicule.charge_utile_kg)} kg) : "
            f"{rounds} tournées de {format_nombre(distance_km)} km sont comptées, "
            f"{format_nombre(load)} kg chacune."),
    }


def comparer_livraison(distance_km: float = 30.0, colis: int = 60, charge_kg: float = 150.0,
                       part_fabrication: float = 1.0,
                       vehicules: dict[str, Vehicule] | None = None,
                       jour: date | None = None) -> list[dict[str, float | str]]:
    """The same delivery with each vehicle, plus the reduction against the diesel van (0 to 1).

    Without ``vehicules``, the default ones with the factors in force on ``jour`` (today).
    """
    fleet = vehicules or vehicules_par_defaut(jour)
    rows = [emissions_livraison(v, distance_km, colis, charge_kg, part_fabrication)
            for v in fleet.values()]
    reference = next((r for r in rows if r["vehicule"] == "vul-diesel"), None)
    for row in rows:
        row["reduction_vs_diesel"] = (
            1 - float(row["par_colis"]) / float(reference["par_colis"]) if reference else math.nan)
    return rows
