"""Paying the contractor: the advance, the payment delay and late-payment interest, on dates.

A start-up that wins a contract of a collectivité runs out of cash when it must work months
before its first invoice is paid. The Code answers in three rules, all read in
``data/regles_contrat.csv`` for the date that governs them:

* **the advance** (CCP R2191-3 and following): due when the initial amount exceeds the
  threshold (HT) and the delivery period exceeds the minimum number of months; at least the
  minimal rate of the initial amount TTC, or, beyond twelve months, of twelve times the amount
  TTC divided by the duration in months (R2191-7); a higher minimal rate for an SME when the
  buyer is a large collectivité (operating spending above the amount of the table). The rules
  are those in force on the **launch date** of the consultation;
* **the payment delay** (R2192-10): counted from the receipt of the payment request;
* **late-payment interest** (L2192-13, R2192-31): from the day after the delay expires to the
  payment date included, at the ECB main refinancing rate in force on the first day of the
  semester in which interest starts to run (``data/taux_bce.csv``), plus the points of the
  table, on the amount TTC paid late, over 365 days; plus the flat recovery fee (D2192-35).

:func:`calculer_paiement` takes what a technician knows and returns a :class:`Paiement`; it
raises :class:`PaiementInvalide` (a French message) for anything it cannot read. When the ECB
rate of a semester is not in the table (not verified), it says so and asks for the rate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from piu.core import data
from piu.core.dates import lire_date
from piu.core.errors import DonneesInvalides, PiuError
from piu.core.french_numbers import format_montant, format_nombre, lire_nombre
from piu.core.typography import accorder

__all__ = ["ACHETEURS_PAIEMENT", "Paiement", "PaiementInvalide", "calculer_paiement", "debut_semestre",
           "taux_bce"]

ACHETEURS_PAIEMENT: dict[str, str] = {
    "collectivite": "collectivité ou établissement public local",
    "grande-collectivite": "collectivité ou établissement public local dont les dépenses réelles "
                           "de fonctionnement dépassent le montant de la règle",
}
_BCE_PAGE = "https://www.ecb.europa.eu/stats/policy_and_exchange_rates/key_ecb_interest_rates/html/index.fr.html"


class PaiementInvalide(PiuError):
    """A value of the calculation cannot be used; the message says what to type."""


@dataclass(frozen=True)
class Paiement:
    """The advance, the payment due date and the interest owed, with the rules used."""

    montant_ht: float
    montant_ttc: float
    duree_mois: float
    lancement: date
    pme: bool
    acheteur: str
    avance_due: bool
    avance_motif: str
    avance_base_ttc: float
    avance_taux_pct: float
    avance_montant: float
    demande: date | None = None
    echeance: date | None = None
    paiement: date | None = None
    somme_ttc: float | None = None
    jours_retard: int = 0
    taux_bce_pct: float | None = None
    taux_bce_source: str = ""
    taux_interets_pct: float | None = None
    interets: float = 0.0
    indemnite: float = 0.0
    bases: list[str] = field(default_factory=list)
    avertissements: list[str] = field(default_factory=list)

    @property
    def total_du_pour_retard(self) -> float:
        """Interest plus the flat fee: what the buyer owes for paying late."""
        return round(self.interets + self.indemnite, 2)

    def texte(self) -> str:
        """A French summary, fit to paste in a note."""
        lines = [f"Marché de {format_montant(self.montant_ht, ht=True)} "
                 f"({format_montant(self.montant_ttc, ht=False)} TTC), {format_nombre(self.duree_mois)} mois, "
                 f"consultation lancée le {self.lancement:%d/%m/%Y}."]
        if self.avance_due:
            base = format_montant(self.avance_base_ttc, ht=False)
            lines.append(f"Avance due : au moins {format_montant(self.avance_montant, ht=False)} TTC "
                         f"({format_nombre(self.avance_taux_pct)} % de {base}), car {self.avance_motif}")
        else:
            lines.append(f"Avance non obligatoire : {self.avance_motif}")
        if self.echeance is not None and self.demande is not None:
            lines.append(f"Demande de paiement reçue le {self.demande:%d/%m/%Y} : à payer au plus "
                         f"tard le {self.echeance:%d/%m/%Y}.")
        if self.paiement is not None:
            if self.jours_retard <= 0:
                lines.append(f"Paiement le {self.paiement:%d/%m/%Y} : dans le délai, rien de plus n'est dû.")
            else:
                lines.append(
                    f"Paiement le {self.paiement:%d/%m/%Y} : {accorder(self.jours_retard, 'jour')} de retard. "
                    f"Intérêts moratoires au taux de {format_nombre(self.taux_interets_pct or 0)} % "
                    f"(taux de la BCE {format_nombre(self.taux_bce_pct or 0)} %, {self.taux_bce_source}) : "
                    f"{format_montant(self.interets, ht=False)} ; indemnité forfaitaire : "
                    f"{format_montant(self.indemnite, ht=False)} ; total dû pour le retard : "
                    f"{format_montant(self.total_du_pour_retard, ht=False)}.")
        lines += [f"Base : {b}" for b in self.bases]
        lines += [f"Attention : {a}" for a in self.avertissements]
        return "\n".join(lines)

    def en_json(self) -> dict[str, Any]:
        """Plain values for ``--json``: dates as AAAA-MM-JJ, amounts in euros."""
        def day(value: date | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "marche": {"montant_ht": self.montant_ht, "montant_ttc": self.montant_ttc,
                       "duree_mois": self.duree_mois, "lancement": day(self.lancement),
                       "pme": self.pme, "acheteur": self.acheteur},
            "avance": {"due": self.avance_due, "motif": self.avance_motif,
                       "base_ttc": self.avance_base_ttc, "taux_minimal_pct": self.avance_taux_pct,
                       "montant_minimal_ttc": self.avance_montant},
            "paiement": {"demande_recue": day(self.demande), "echeance": day(self.echeance),
                         "paye_le": day(self.paiement), "somme_ttc": self.somme_ttc,
                         "jours_de_retard": self.jours_retard, "taux_bce_pct": self.taux_bce_pct,
                         "taux_bce_source": self.taux_bce_source or None,
                         "taux_interets_pct": self.taux_interets_pct, "interets": self.interets,
                         "indemnite_forfaitaire": self.indemnite,
                         "total_du_pour_retard": self.total_du_pour_retard},
            "bases": self.bases,
            "avertissements": self.avertissements,
        }


def _rule(row_id: str, jour: date) -> Any:
    try:
        return data.ligne("regles_contrat", row_id, jour)
    except DonneesInvalides:
        raise PaiementInvalide(f"La règle « {row_id} » n'est pas connue du cours au {jour:%d/%m/%Y} "
                               f"(le code de la commande publique s'applique depuis le 01/04/2019) : "
                               f"choisissez une date plus récente.") from None


def _amount(value: object, what: str, allow_zero: bool = False) -> float:
    try:
        number = lire_nombre(value, "€")
    except PiuError as exc:
        raise PaiementInvalide(f"{what} : {exc}") from None
    if number < 0 or (number == 0 and not allow_zero):
        raise PaiementInvalide(f"{what} : tapez un montant positif (lu : {value}).")
    return number


def _number(value: object, what: str, example: str) -> float:
    try:
        number = lire_nombre(value)
    except PiuError as exc:
        raise PaiementInvalide(f"{what} : {exc}") from None
    if number <= 0:
        raise PaiementInvalide(f"{what} : tapez un nombre positif, par exemple {example} (lu : {value}).")
    return number


def _day(value: object, what: str) -> date:
    try:
        return lire_date(value, PaiementInvalide)
    except PaiementInvalide as exc:
        raise PaiementInvalide(f"{what} : {exc}") from None


def debut_semestre(jour: date) -> date:
    """1 January or 1 July of ``jour``'s half-year."""
    return date(jour.year, 1 if jour.month <= 6 else 7, 1)


def taux_bce(jour: date) -> float | None:
    """The ECB rate in force on the first day of ``jour``'s semester, or None if not verified."""
    try:
        row = data.ligne("taux_bce", "taux-refi-bce", debut_semestre(jour))
    except DonneesInvalides:
        return None
    return float(row["taux_pct"])


def calculer_paiement(montant_ht: object, duree_mois: object, lancement: object,
                      tva_pct: object = 20, pme: bool = False, acheteur: str = "collectivite",
                      demande: object = None, paiement: object = None, somme_ttc: object = None,
                      taux_bce_pct: object = None) -> Paiement:
    """Advance, due date and late-payment interest for a contract of a collectivité.

    ``montant_ht`` is the initial amount of the contract (or of the firm tranche), ``duree_mois``
    its delivery period in months, ``lancement`` the launch date of the consultation (it fixes
    the advance rules). ``demande`` is the day the payment request was received, ``paiement``
    the day it was paid, ``somme_ttc`` the amount TTC of that request (default: the whole
    contract TTC). ``taux_bce_pct`` replaces the table's ECB rate (needed when the semester is
    not in ``data/taux_bce.csv``).
    """
    if acheteur not in ACHETEURS_PAIEMENT:
        raise PaiementInvalide(f"Acheteur « {acheteur} » inconnu : choisissez "
                               f"{' ou '.join(ACHETEURS_PAIEMENT)}. L'outil ne traite pas les "
                               f"marchés de l'État (taux propres aux PME).")
    ht = _amount(montant_ht, "Montant initial du marché (HT)")
    months = _number(duree_mois, "Durée d'exécution (en mois)", "18")
    try:
        vat = lire_nombre(tva_pct, "%")
    except PiuError as exc:
        raise PaiementInvalide(f"Taux de TVA : {exc}") from None
    if not 0 <= vat <= 100:
        raise PaiementInvalide(f"Taux de TVA : tapez un pourcentage entre 0 et 100, par exemple 20 "
                               f"(lu : {tva_pct}).")
    launch = _day(lancement, "Date de lancement de la consultation")
    ttc = round(ht * (1 + vat / 100), 2)
    bases: list[str] = []
    warnings: list[str] = []

    # The advance, by the rules in force on the launch date.
    threshold = _rule("avance-seuil", launch)
    minimal = _rule("avance-taux-minimal", launch)
    seuil_ht, seuil_mois = float(threshold["montant_ht"]), float(threshold["nombre"])
    rate = float(minimal["taux_pct"])
    base_ttc = ttc if months <= float(minimal["nombre"]) else round(ttc * 12 / months, 2)
    if ht > seuil_ht and months > seuil_mois:
        due = True
        motif = (f"le montant initial dépasse {format_montant(seuil_ht, ht=True)} et le délai "
                 f"d'exécution dépasse {format_nombre(seuil_mois)} mois ({threshold['base_legale']}).")
    else:
        due = False
        missing = []
        if ht <= seuil_ht:
            missing.append(f"le montant initial n'est pas supérieur à {format_montant(seuil_ht, ht=True)}")
        if months <= seuil_mois:
            missing.append(f"le délai d'exécution n'est pas supérieur à {format_nombre(seuil_mois)} mois")
        motif = (" et ".join(missing) + f" ({threshold['base_legale']}). L'acheteur peut toujours "
                 f"prévoir une avance dans les documents de la consultation.")
    bases.append(f"{minimal['base_legale']} : avance d'au moins {format_nombre(rate)} % "
                 + ("du montant initial TTC." if months <= float(minimal["nombre"]) else
                    f"de 12 fois le montant initial TTC divisé par la durée en mois "
                    f"({format_montant(ttc, ht=False)} × 12 / {format_nombre(months)})."))
    if pme and acheteur == "grande-collectivite":
        try:
            sme = data.ligne("regles_contrat", "avance-pme-grande-collectivite", launch)
        except DonneesInvalides:
            warnings.append(f"Le taux majoré des PME n'était pas encore en vigueur le "
                            f"{launch:%d/%m/%Y} : taux général appliqué.")
        else:
            rate = max(rate, float(sme["taux_pct"]))
            bases.append(f"{sme['base_legale']} : {format_nombre(float(sme['taux_pct']))} % pour une "
                         f"PME quand les dépenses réelles de fonctionnement de l'acheteur dépassent "
                         f"{format_montant(float(sme['montant']), ht=False)}.")
            if sme["statut"] != "confirme":
                warnings.append(str(sme["note"]))
    elif pme:
        bases.append("PME et collectivité dont les dépenses réelles de fonctionnement ne dépassent "
                     "pas le seuil : taux général (les taux majorés des PME dans les marchés de l'État ne "
                     "s'appliquent pas aux collectivités).")
    advance = round(base_ttc * rate / 100, 2) if due else 0.0

    result: dict[str, Any] = dict(
        montant_ht=ht, montant_ttc=ttc, duree_mois=months, lancement=launch, pme=pme,
        acheteur=acheteur, avance_due=due, avance_motif=motif, avance_base_ttc=base_ttc,
        avance_taux_pct=rate, avance_montant=advance)

    if paiement is not None and demande is None:
        raise PaiementInvalide("Date de paiement sans date de réception de la demande de paiement : "
                               "tapez aussi la date à laquelle la facture a été reçue.")
    if demande is not None:
        received = _day(demande, "Date de réception de la demande de paiement")
        if received < launch:
            raise PaiementInvalide(f"La demande de paiement ({received:%d/%m/%Y}) ne peut pas précéder "
                                   f"le lancement de la consultation ({launch:%d/%m/%Y}).")
        delay = _rule("delai-paiement", received)
        due_date = received + timedelta(days=int(delay["nombre"]))
        bases.append(f"{delay['base_legale']} : paiement dans les {int(delay['nombre'])} jours "
                     f"suivant la réception de la demande de paiement.")
        result.update(demande=received, echeance=due_date)
        if paiement is not None:
            paid = _day(paiement, "Date de paiement")
            if paid < received:
                raise PaiementInvalide(f"La date de paiement ({paid:%d/%m/%Y}) précède la réception "
                                       f"de la demande ({received:%d/%m/%Y}).")
            amount = ttc if somme_ttc is None else _amount(somme_ttc, "Somme payée en retard (TTC)")
            late = (paid - due_date).days
            result.update(paiement=paid, somme_ttc=amount, jours_retard=max(late, 0))
            if late > 0:
                start = due_date + timedelta(days=1)
                points = _rule("interets-moratoires-majoration", start)
                fee = _rule("indemnite-forfaitaire", start)
                if taux_bce_pct is not None:
                    try:
                        ecb = lire_nombre(taux_bce_pct, "%")
                    except PiuError as exc:
                        raise PaiementInvalide(f"Taux de la BCE : {exc}") from None
                    source = "taux tapé"
                else:
                    found = taux_bce(start)
                    if found is None:
                        raise PaiementInvalide(
                            f"Le taux de la BCE en vigueur le {debut_semestre(start):%d/%m/%Y} "
                            f"(premier jour du semestre où les intérêts commencent à courir, le "
                            f"{start:%d/%m/%Y}) n'est pas vérifié dans les données du cours : lisez-le "
                            f"sur {_BCE_PAGE} et tapez-le (par exemple 2,15).")
                    ecb = found
                    source = f"en vigueur le {debut_semestre(start):%d/%m/%Y}, data/taux_bce.csv"
                total_rate = ecb + float(points["nombre"])
                interest = round(amount * total_rate / 100 * late / 365, 2)
                result.update(taux_bce_pct=ecb, taux_bce_source=source, taux_interets_pct=total_rate,
                              interets=interest, indemnite=float(fee["montant"]))
                bases.append(f"{points['base_legale']} : intérêts du {start:%d/%m/%Y} au "
                             f"{paid:%d/%m/%Y} inclus, au taux de la BCE majoré de "
                             f"{format_nombre(float(points['nombre']))} points, sur la somme TTC, "
                             f"sur 365 jours.")
                bases.append(f"{fee['base_legale']} : indemnité forfaitaire de "
                             f"{format_montant(float(fee['montant']), ht=False)} pour frais de recouvrement.")
    elif somme_ttc is not None or taux_bce_pct is not None:
        warnings.append("Somme ou taux de la BCE ignorés : tapez aussi les dates de réception de la "
                        "demande et de paiement.")
    return Paiement(**result, bases=bases, avertissements=warnings)
