"""« Le marché peut-il absorber cette extension ? » — modifying a contract after a test, on a date.

After a successful test, a technician wants to extend the contract (more bikes, more streets,
more months). The Code de la commande publique lets a contract be modified without a new
procedure only in the cases of L2194-1, detailed in R2194-1 to R2194-9 (``data/modifications.csv``).
The one case with a calculation is the *modification de faible montant* (R2194-8): the amount of
the modification must be **strictly** below both the EU threshold in force (``data/seuils.csv``,
for the buyer and the nature of the contract) and 10 % (supplies, services) or 15 % (works) of
the initial amount; successive modifications on that ground are **added up** (R2194-9).

:func:`examiner_modification` answers that test, and says which other cases might still apply
(a clause written in the contract, additional services where a change of supplier is impossible,
each at most 50 % of the initial amount for a pouvoir adjudicateur) — none of which a calculation
alone can grant. A modification never changes the « nature globale » of the contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from piu.core import data
from piu.core.errors import PiuError
from piu.core.french_numbers import format_montant, format_nombre, lire_nombre
from piu.procedures.conseil import ACHETEURS, BesoinInvalide, Seuil, lire_date, seuil_pour

__all__ = ["NATURES_MARCHE", "ExamenModification", "cas_de_modification", "examiner_modification"]

NATURES_MARCHE: dict[str, str] = {
    "fournitures": "fournitures",
    "services": "services",
    "travaux": "travaux",
}
_FAMILLE = {"fournitures": "fournitures-services", "services": "fournitures-services",
            "travaux": "travaux"}


@dataclass(frozen=True)
class ExamenModification:
    """The answer for one modification: can R2194-8 absorb it, and why (or why not)."""

    jour: date
    acheteur: str
    nature: str
    montant_initial: float
    montant_modification: float
    modifications_anterieures: float
    cumul: float
    plafond_pct: float
    plafond_pourcentage: float
    seuil_europeen: Seuil
    sous_pourcentage: bool
    sous_seuil_europeen: bool
    base_legale: str
    limite_supplementaires: float | None
    raisons: list[str] = field(default_factory=list)
    autres_voies: list[str] = field(default_factory=list)

    @property
    def faible_montant(self) -> bool:
        """True when R2194-8 absorbs the modification (both strict conditions hold)."""
        return self.sous_pourcentage and self.sous_seuil_europeen

    @property
    def part_pct(self) -> float:
        """Cumulated modifications as a percentage of the initial amount."""
        return 100 * self.cumul / self.montant_initial

    def texte(self) -> str:
        verdict = ("Oui : la modification de faible montant (R2194-8) l'absorbe."
                   if self.faible_montant else
                   "Non : ce n'est pas une modification de faible montant (R2194-8).")
        lignes = [verdict, *[f"- {r}" for r in self.raisons]]
        if self.autres_voies:
            lignes.append("Autres voies à examiner :")
            lignes += [f"- {v}" for v in self.autres_voies]
        return "\n".join(lignes)

    def en_json(self) -> dict[str, Any]:
        return {
            "date": self.jour.isoformat(),
            "acheteur": self.acheteur,
            "nature": self.nature,
            "montant_initial_ht": self.montant_initial,
            "montant_modification_ht": self.montant_modification,
            "modifications_anterieures_ht": self.modifications_anterieures,
            "cumul_ht": self.cumul,
            "part_pct": round(self.part_pct, 2),
            "plafond_pct": self.plafond_pct,
            "seuil_europeen": {"id": self.seuil_europeen.id,
                               "montant_ht": self.seuil_europeen.montant_ht,
                               "base_legale": self.seuil_europeen.base_legale},
            "sous_pourcentage": self.sous_pourcentage,
            "sous_seuil_europeen": self.sous_seuil_europeen,
            "faible_montant": self.faible_montant,
            "base_legale": self.base_legale,
            "limite_supplementaires_ht": self.limite_supplementaires,
            "raisons": self.raisons,
            "autres_voies": self.autres_voies,
        }


def cas_de_modification(jour: object = None) -> list[dict[str, Any]]:
    """The cases of ``data/modifications.csv`` in force on ``jour`` (for the page and the form)."""
    day = _jour(jour)
    frame = data.en_vigueur(data.table("modifications"), day)
    return [{k: (None if v is None or (isinstance(v, float) and v != v) else v)
             for k, v in row.items()} for row in frame.to_dict("records")]


def _jour(jour: object) -> date:
    if jour is None or jour == "":
        return date.today()
    return lire_date(jour)


def _montant(texte: object, quoi: str, zero_permis: bool = False) -> float:
    """The amount typed for ``quoi``; the message names the field, never an option of the command
    (the form shows it too)."""
    if isinstance(texte, bool):
        raise BesoinInvalide(f"{quoi} : tapez un montant en euros HT.")
    if isinstance(texte, int | float):
        value = float(texte)
    else:
        try:
            value = lire_nombre(texte, "€ HT")
        except PiuError:
            raise BesoinInvalide(f"{quoi} illisible (« {texte} ») : tapez un montant en euros "
                                 f"HT, par exemple « 20 000 ».") from None
    if value != value or value < 0 or (value == 0 and not zero_permis):
        raise BesoinInvalide(f"{quoi} : tapez un montant {'positif ou nul' if zero_permis else 'positif'} "
                             f"en euros HT (lu : {texte}).")
    return value


def _regle(nature_famille: str, day: date) -> Any:
    frame = data.en_vigueur(data.table("modifications"), day)
    rows = frame[frame["id"] == f"faible-montant-{nature_famille}"]
    if rows.empty:
        raise BesoinInvalide(f"Aucune règle de modification de faible montant n'est connue le "
                             f"{day:%d/%m/%Y} (le code de la commande publique s'applique "
                             f"depuis le 01/04/2019).")
    return rows.iloc[0]


def _limite_50(day: date) -> float | None:
    frame = data.en_vigueur(data.table("modifications"), day)
    rows = frame[frame["id"] == "prestations-supplementaires"]
    if rows.empty or rows.iloc[0]["limite_pct"] is None:
        return None
    return float(rows.iloc[0]["limite_pct"])


def examiner_modification(nature: str, montant_initial: object, montant_modification: object,
                          jour: object = None, acheteur: str = "collectivite",
                          modifications_anterieures: object = 0) -> ExamenModification:
    """Can the modification be absorbed as a *modification de faible montant* on ``jour``?

    ``montant_initial``: the initial amount of the contract, HT (updated by its price-revision
    clause where it has one, R2194-4). ``modifications_anterieures``: the total of the earlier
    modifications already made *on the same ground* (R2194-8), added up by R2194-9.
    """
    nature = str(nature).strip().lower()
    if nature not in NATURES_MARCHE:
        raise BesoinInvalide(f"Nature « {nature} » inconnue : choisissez parmi "
                             f"{', '.join(NATURES_MARCHE)}.")
    acheteur = str(acheteur).strip().lower()
    if acheteur not in ACHETEURS:
        raise BesoinInvalide(f"Acheteur « {acheteur} » inconnu : choisissez parmi "
                             f"{', '.join(ACHETEURS)}.")
    day = _jour(jour)
    initial = _montant(montant_initial, "Montant initial du marché")
    modif = _montant(montant_modification, "Montant de la modification")
    before = _montant(modifications_anterieures, "Modifications antérieures", zero_permis=True)
    famille = _FAMILLE[nature]
    regle = _regle(famille, day)
    seuil = seuil_pour("ue-", acheteur, nature, day)
    if seuil is None:
        raise BesoinInvalide(f"Aucun seuil européen connu le {day:%d/%m/%Y} pour ce marché.")
    pct = float(regle["limite_pct"])
    cumul = before + modif
    plafond = initial * pct / 100
    sous_pct = cumul < plafond
    sous_ue = cumul < seuil.montant_ht
    raisons = []
    what, reste, atteint = (("Les modifications cumulées", "restent", "atteignent ou dépassent")
                            if before else ("La modification", "reste", "atteint ou dépasse"))
    amount = format_montant(cumul, ht=True)
    part = format_nombre(100 * cumul / initial, 1)
    if sous_pct:
        raisons.append(f"{what} ({amount}, soit {part} % du marché initial) {reste} sous "
                       f"{format_nombre(pct)} % du montant initial ({format_montant(plafond, ht=True)}).")
    else:
        raisons.append(f"{what} ({amount}, soit {part} % du marché initial) {atteint} "
                       f"{format_nombre(pct)} % du montant initial ({format_montant(plafond, ht=True)}) : "
                       f"la limite est stricte.")
    if sous_ue:
        raisons.append(f"{amount} reste sous le seuil européen en vigueur le {day:%d/%m/%Y} : "
                       f"{seuil.texte()}.")
    else:
        raisons.append(f"{amount} atteint ou dépasse le seuil européen en vigueur le "
                       f"{day:%d/%m/%Y} : {seuil.texte()}.")
    if before:
        raisons.append("Les modifications successives de faible montant s'additionnent (R2194-9) : "
                       "découper une extension en petits avenants ne la rend pas possible.")
    raisons.append("Dans tous les cas, la modification ne peut changer la nature globale du "
                   "marché (L2194-1) : étendre un test d'un quartier à toute la ville change "
                   "l'objet du contrat.")
    limite = _limite_50(day)
    autres = ["Une clause de réexamen ou une option écrite dans le marché initial (R2194-1), "
              "claire, précise et sans équivoque : la voie prévue pour passer à l'échelle."]
    if limite is not None:
        autres.append(
            f"Des prestations supplémentaires devenues nécessaires, si changer de titulaire est "
            f"impossible pour des raisons économiques ou techniques (R2194-2) : au plus "
            f"{format_nombre(limite)} % du montant initial par modification pour un pouvoir "
            f"adjudicateur, soit {format_montant(initial * limite / 100, ht=True)} (R2194-3).")
    autres.append("Sinon, une nouvelle procédure de mise en concurrence, ouverte à tous, "
                  "avec les résultats du test communiqués à tous les candidats (R2111-2).")
    return ExamenModification(
        jour=day, acheteur=acheteur, nature=nature, montant_initial=initial,
        montant_modification=modif, modifications_anterieures=before, cumul=cumul,
        plafond_pct=pct, plafond_pourcentage=plafond, seuil_europeen=seuil,
        sous_pourcentage=sous_pct, sous_seuil_europeen=sous_ue,
        base_legale=str(regle["base_legale"]),
        limite_supplementaires=None if limite is None else initial * limite / 100,
        raisons=raisons, autres_voies=[] if sous_pct and sous_ue else autres)
