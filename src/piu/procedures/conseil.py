"""The procedure advisor: which routes the Code de la commande publique opens, on a given day.

A technician describes a need (buyer type, nature, estimated value, launch date, whether the
solution sought is innovative, whether it needs R&D first); :func:`conseiller` answers with the
routes open to them, each with its legal basis, the publicity it requires and why it is open.

Every amount comes from ``data/seuils.csv`` for the row in force on the launch date, so the
answer for 31/03/2026 and for 01/04/2026 differ exactly as the decrees say. Thresholds written
« inférieur à » in the code compare strictly: a need of exactly 100 000 € HT is *not* below
100 000 € HT.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from piu.core import data, dates
from piu.core.errors import DonneesInvalides, PiuError
from piu.core.french_numbers import format_montant, lire_nombre

__all__ = [
    "ACHETEURS",
    "NATURES",
    "VOIES",
    "BesoinInvalide",
    "Conseil",
    "DateHorsDonnees",
    "Obligation",
    "Seuil",
    "Voie",
    "conseiller",
    "lire_date",
    "lire_montant",
    "obligations",
    "periode_couverte",
    "seuil",
    "seuil_pour",
    "seuils_applicables",
]

ACHETEURS: dict[str, str] = {
    "collectivite": "collectivité ou autre pouvoir adjudicateur",
    "etat": "État (autorité publique centrale)",
    "entite-adjudicatrice": "entité adjudicatrice (opérateur de réseau)",
}
NATURES: dict[str, str] = {
    "travaux": "travaux",
    "fournitures": "fournitures",
    "services": "services",
}
# Route identifiers, in the order they are shown, with their French names.
VOIES: dict[str, str] = {
    "dispense": "Marché sans publicité ni mise en concurrence (faible montant)",
    "achat-innovant": "Achat innovant sans publicité ni mise en concurrence",
    "mapa": "Procédure adaptée (MAPA)",
    "appel-offres": "Appel d'offres",
    "negociation": "Procédure avec négociation",
    "dialogue-competitif": "Dialogue compétitif",
    "partenariat-innovation": "Partenariat d'innovation",
    "rd-hors-code": "Services de R&D hors du code (achats avant commercialisation, PCP)",
}
# Share of a threshold below which a need is flagged « proche du seuil ».
_NEAR = 0.9


# Which rows of data/seuils.csv concern a buyer type or a nature (columns ``acheteur``, ``nature``).
_BUYER_ROWS: dict[str, set[str]] = {
    "collectivite": {"collectivite", "etat-collectivite", "tous"},
    "etat": {"etat", "etat-collectivite", "tous"},
    "entite-adjudicatrice": {"entite-adjudicatrice", "tous"},
}
_FAMILY: dict[str, str] = {"travaux": "travaux", "fournitures": "fournitures-services",
                           "services": "fournitures-services"}
# The thresholds the advisor compares a need with: key in Conseil.seuils -> id prefix in the table.
_KINDS: dict[str, str] = {"europeen": "ue-", "dispense": "dispense-",
                          "achat_innovant": "achat-innovant", "mapa_publicite": "mapa-publicite"}


class BesoinInvalide(PiuError):
    """The need is described with a value the advisor cannot use; the message says what to type."""


class DateHorsDonnees(BesoinInvalide):
    """The launch date lies outside the period for which the thresholds are known."""


@dataclass(frozen=True)
class Seuil:
    """One threshold row of ``data/seuils.csv``, as in force on a given day."""

    id: str
    libelle: str
    montant_ht: float
    base_legale: str
    source: str
    url: str
    valid_from: date
    valid_to: date | None
    # For lot thresholds: the largest share of the total value such lots may add up to.
    part_max_pct: float | None = None

    def texte(self) -> str:
        """``216 000 € HT (CCP annexe n° 2…)`` for explanations."""
        return f"{format_montant(self.montant_ht)} ({self.base_legale})"


@dataclass(frozen=True)
class Voie:
    """A route open to the buyer, with what it requires and why it is open."""

    id: str
    nom: str
    base_legale: str
    publicite: str
    explication: str
    url: str = "https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000037701019/"
    # True for a route the buyer may choose although the value does not require it (a formal
    # procedure below the EU threshold); such routes are listed apart, in ``facultatives``.
    facultatif: bool = False


@dataclass(frozen=True)
class Obligation:
    """What the buyer must do on a route: a dated row of ``data/obligations.csv``."""

    id: str
    libelle: str
    base_legale: str
    valid_from: date
    # The routes of the answer this obligation concerns, in display order.
    voies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Conseil:
    """The advisor's answer: the need as understood, the thresholds used, the open routes."""

    acheteur: str
    nature: str
    montant_ht: float
    jour: date
    innovant: bool
    rd: bool
    seuils: dict[str, Seuil]
    voies: list[Voie]
    avertissements: list[str] = field(default_factory=list)
    facultatives: list[Voie] = field(default_factory=list)
    obligations: list[Obligation] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        """Identifiers of the open routes, in display order."""
        return [v.id for v in self.voies]

    def voie(self, voie_id: str) -> Voie | None:
        """The route ``voie_id`` if it is open, else ``None``."""
        return next((v for v in self.voies if v.id == voie_id), None)

    def en_json(self) -> dict[str, Any]:
        """A JSON-ready object.

        ``voies`` lists the routes the estimated value opens (the lightest first);
        ``voies_facultatives`` the formal procedures the buyer may still choose below the EU
        threshold (each with ``facultatif: true``), applied then in full (R2123-6).
        """
        return {
            "acheteur": self.acheteur,
            "nature": self.nature,
            "montant_ht": self.montant_ht,
            "date": self.jour.isoformat(),
            "innovant": self.innovant,
            "rd": self.rd,
            "seuils": {name: {**asdict(s), "valid_from": s.valid_from.isoformat(),
                              "valid_to": s.valid_to.isoformat() if s.valid_to else None}
                       for name, s in self.seuils.items()},
            "voies": [asdict(v) for v in self.voies],
            "voies_facultatives": [asdict(v) for v in self.facultatives],
            "avertissements": list(self.avertissements),
            "obligations": [{**asdict(o), "valid_from": o.valid_from.isoformat(),
                             "voies": list(o.voies)} for o in self.obligations],
        }

    def texte(self) -> str:
        """A readable French answer, for the command line and notebooks: routes by their names
        (a technician reads « Procédure adaptée (MAPA) », not the data's id ``mapa``; ``--json``
        keeps the ids for scripts)."""
        lines = [
            f"Besoin : {NATURES[self.nature]}, {format_montant(self.montant_ht)}, "
            f"{ACHETEURS[self.acheteur]}, consultation lancée le {self.jour:%d/%m/%Y}"
            + (", solution innovante" if self.innovant else "")
            + (", recherche et développement nécessaires" if self.rd else "") + ".",
            "",
            f"Voies ouvertes ({len(self.voies)}) :",
        ]
        for number, voie in enumerate(self.voies, start=1):
            lines += [f"{number}. {voie.nom}",
                      f"   Base légale : {voie.base_legale}",
                      f"   Publicité : {voie.publicite}",
                      f"   Pourquoi : {voie.explication}"]
        if self.facultatives:
            lines += ["", "Possible aussi, par choix de l'acheteur (facultatif) : une procédure "
                          "formalisée, appliquée alors dans son intégralité (R2123-6) :"]
            lines += [f"- {v.nom} ({v.base_legale})" for v in self.facultatives]
        if self.obligations:
            lines += ["", "Obligations qui accompagnent ces voies :"]
            lines += [f"- {o.libelle} ({o.base_legale} ; en vigueur depuis le "
                      f"{o.valid_from:%d/%m/%Y} ; pour : {', '.join(VOIES.get(v, v) for v in o.voies)})"
                      for o in self.obligations]
        if self.avertissements:
            lines += ["", "Points d'attention :"] + [f"- {a}" for a in self.avertissements]
        lines += ["", "Seuils appliqués (en vigueur à la date de lancement) :"]
        lines += [f"- {s.libelle} : {s.texte()}" for s in self.seuils.values()]
        return "\n".join(lines)


# ---- Reading what a person typed ---------------------------------------------------------------

def lire_montant(texte: object) -> float:
    """The estimated value typed by a person (``100 000``, ``100k€``…), strictly positive."""
    try:
        value = lire_nombre(texte, "€ HT")
    except PiuError as exc:
        raise BesoinInvalide(f"Montant illisible : {exc} Exemple : « 150 000 ».") from None
    if value <= 0:
        raise BesoinInvalide(f"Le montant doit être positif (lu : {texte}). Tapez la valeur "
                             f"estimée du besoin en euros HT, par exemple « 150 000 ».")
    return value


def lire_date(texte: object) -> date:
    """A launch date typed ``AAAA-MM-JJ`` (or already a :class:`date`)."""
    return dates.lire_date(texte, BesoinInvalide)


def _choice(value: str, allowed: dict[str, str], what: str) -> str:
    """``value`` as one of ``allowed``'s keys; the message names the field as a form or the
    command's help does, never an option (a form shows it too)."""
    key = str(value).strip().lower()
    if key not in allowed:
        raise BesoinInvalide(f"{what} « {value} » inconnu(e) : choisissez parmi "
                             f"{', '.join(allowed)}.")
    return key


# ---- Thresholds -------------------------------------------------------------------------------

def _span(frame: pd.DataFrame) -> tuple[date, date | None]:
    """First and last day covered by the rows of ``frame`` (``None``: still in force)."""
    ends = list(frame["valid_to"])
    last = None if any(d is None or pd.isna(d) for d in ends) else max(ends)
    return min(frame["valid_from"]), last


def periode_couverte(seuil_ids: list[str] | None = None, acheteur: str | None = None,
                     nature: str | None = None) -> tuple[date, date | None]:
    """The days for which every threshold in ``seuil_ids`` is known.

    Without ``seuil_ids``: the thresholds the advisor uses for ``acheteur`` and ``nature``, or
    all of them. Computed from ``data/seuils.csv``: the latest first day, the earliest last day.
    """
    frame = data.table("seuils")
    if seuil_ids is None and acheteur and nature:
        seuil_ids = [i for p in _KINDS.values() if (i := seuil_id_pour(p, acheteur, nature))]
    elif seuil_ids is None:
        seuil_ids = sorted(i for i in set(frame["id"]) if i.startswith(tuple(_KINDS.values())))
    spans = [_span(frame[frame["id"] == i]) for i in seuil_ids]
    ends = [end for _, end in spans if end is not None]
    return max(start for start, _ in spans), min(ends) if ends else None


def _out_of_range(day: date, seuil_ids: list[str]) -> DateHorsDonnees:
    start, end = periode_couverte(seuil_ids)
    known = f"du {start:%d/%m/%Y} au {end:%d/%m/%Y}" if end else f"à partir du {start:%d/%m/%Y}"
    return DateHorsDonnees(f"Date du {day:%d/%m/%Y} hors des données du cours : seuils connus "
                           f"{known} ; choisissez une date dans cet intervalle.")


def seuil(seuil_id: str, jour: date) -> Seuil:
    """The threshold ``seuil_id`` in force on ``jour``; a date outside the data is explained."""
    frame = data.table("seuils")
    if frame[frame["id"] == seuil_id].empty:
        raise DonneesInvalides(f"Seuil « {seuil_id} » absent de la table « seuils ».")
    try:
        row = data.ligne("seuils", seuil_id, jour)
    except DonneesInvalides:
        if data.en_vigueur(frame[frame["id"] == seuil_id], jour).empty:
            raise _out_of_range(jour, [seuil_id]) from None
        raise
    return Seuil(
        id=seuil_id, libelle=str(row["libelle"]), montant_ht=float(row["montant_ht"]),
        base_legale=str(row["base_legale"]), source=str(row["source"]), url=str(row["url"]),
        valid_from=row["valid_from"],
        valid_to=None if row["valid_to"] is None or pd.isna(row["valid_to"]) else row["valid_to"],
        part_max_pct=None if pd.isna(row["part_max_pct"]) else float(row["part_max_pct"]),
    )


def seuil_id_pour(prefixe: str, acheteur: str, nature: str) -> str | None:
    """The id of the threshold starting with ``prefixe`` that applies to this buyer and nature.

    Chosen by the ``acheteur`` and ``nature`` columns of ``data/seuils.csv``, not by composing
    an id: a row's columns say whom it concerns. ``None`` when no row concerns them (the MAPA
    publicity rule of R2131-12 does not concern entités adjudicatrices).
    """
    frame = data.table("seuils")
    match = frame[frame["id"].str.startswith(prefixe)
                  & frame["acheteur"].isin(_BUYER_ROWS[acheteur])
                  & frame["nature"].isin({_FAMILY[nature], "tous"})]
    ids = sorted(set(match["id"]))
    if len(ids) > 1:
        raise DonneesInvalides(f"Table « seuils » : plusieurs seuils « {prefixe}… » concernent "
                               f"{acheteur} et {nature} ({', '.join(ids)}) ; corrigez les "
                               f"colonnes acheteur et nature.")
    return ids[0] if ids else None


def seuil_pour(prefixe: str, acheteur: str, nature: str, jour: date) -> Seuil | None:
    """The threshold of :func:`seuil_id_pour` in force on ``jour`` (``None`` if none concerns them)."""
    seuil_id = seuil_id_pour(prefixe, acheteur, nature)
    return None if seuil_id is None else seuil(seuil_id, jour)


def seuils_applicables(acheteur: str, nature: str, jour: date) -> dict[str, Seuil]:
    """The thresholds that decide the routes for this buyer and nature on ``jour``.

    Keys: ``europeen``, ``dispense``, ``achat_innovant`` and, except for an entité
    adjudicatrice, ``mapa_publicite``. A date outside the data raises :class:`DateHorsDonnees`
    naming the period covered.
    """
    ids = {key: seuil_id_pour(prefix, acheteur, nature) for key, prefix in _KINDS.items()}
    for key in ("europeen", "dispense", "achat_innovant"):
        if ids[key] is None:
            raise DonneesInvalides(f"Table « seuils » : aucun seuil « {_KINDS[key]}… » ne "
                                   f"concerne {acheteur} et {nature}.")
    known = {key: i for key, i in ids.items() if i is not None}
    try:
        return {key: seuil(i, jour) for key, i in known.items()}
    except DateHorsDonnees:
        raise _out_of_range(jour, list(known.values())) from None


# ---- The advisor --------------------------------------------------------------------------------

def conseiller(acheteur: str, nature: str, montant: object, jour: object = None,
               innovant: bool = False, rd: bool = False) -> Conseil:
    """The routes open for a need, on the day the consultation is launched.

    ``montant`` is the estimated value of the whole need in euros HT (see
    :mod:`piu.procedures.valeur`); it may be typed as text (``"100 000"``, ``"100k€"``).
    ``jour`` defaults to today. Raises :class:`BesoinInvalide` with a French message for an
    unknown buyer or nature, an unreadable or negative amount, or an impossible date.
    """
    acheteur = _choice(acheteur, ACHETEURS, "Type d'acheteur")
    nature = _choice(nature, NATURES, "Nature")
    value = lire_montant(montant)
    day = date.today() if jour is None else lire_date(jour)
    thresholds = seuils_applicables(acheteur, nature, day)
    eu, dispense, innov = (thresholds[k] for k in ("europeen", "dispense", "achat_innovant"))
    pub = thresholds.get("mapa_publicite")
    amount = format_montant(value)
    routes: list[Voie] = []
    notes: list[str] = []
    below_eu = value < eu.montant_ht

    if value < dispense.montant_ht:
        routes.append(Voie(
            "dispense", VOIES["dispense"], dispense.base_legale,
            "Aucune publicité ni mise en concurrence préalables obligatoires.",
            f"{amount} est strictement inférieur au seuil de dispense de {dispense.texte()} en "
            f"vigueur le {day:%d/%m/%Y}. L'acheteur choisit une offre pertinente, fait une bonne "
            f"utilisation des deniers publics et ne contracte pas systématiquement avec le même "
            f"opérateur lorsque plusieurs offres peuvent répondre au besoin.",
            dispense.url))

    if innovant and value < innov.montant_ht:
        extra = (" Ici, la dispense générale est déjà ouverte : l'achat innovant n'ajoute rien "
                 "sur le montant." if value < dispense.montant_ht else
                 f" C'est ce qui permet, entre {format_montant(dispense.montant_ht)} et "
                 f"{format_montant(innov.montant_ht)}, de se passer de publicité pour une "
                 f"solution réellement innovante.")
        routes.append(Voie(
            "achat-innovant", VOIES["achat-innovant"], innov.base_legale,
            "Aucune publicité ni mise en concurrence préalables obligatoires.",
            f"{amount} est strictement inférieur à {innov.texte()} et la solution est innovante "
            f"au sens de L2172-3 al. 2 (à justifier dans le dossier : nouvelle ou sensiblement "
            f"améliorée).{extra}",
            innov.url))

    if below_eu:
        routes.append(Voie(
            "mapa", VOIES["mapa"], "CCP art. R2123-1 1° et R2123-4",
            _mapa_publicity(acheteur, value, pub, eu),
            f"{amount} est strictement inférieur au seuil européen de {eu.texte()} : l'acheteur "
            f"fixe librement les modalités de la procédure, adaptées au besoin, dans le respect "
            f"des principes de la commande publique (liberté d'accès, égalité de traitement, "
            f"transparence). Il peut aussi choisir une procédure formalisée."
            + (" Une négociation peut être prévue dans les documents de la consultation, ce qui "
               "convient bien à une solution innovante." if innovant else "")))
    else:
        formal_pub = ("Avis au Journal officiel de l'Union européenne (JOUE) et au BOAMP ; "
                      "documents de la consultation gratuits en ligne.")
        routes.append(Voie(
            "appel-offres", VOIES["appel-offres"], "CCP art. R2124-1 et R2124-2", formal_pub,
            f"{amount} atteint ou dépasse le seuil européen de {eu.texte()} en vigueur le "
            f"{day:%d/%m/%Y} : une procédure formalisée est obligatoire. L'appel d'offres est "
            f"toujours ouvert ; l'offre est choisie sans négociation."))
        if acheteur == "entite-adjudicatrice":
            why_nego = ("une entité adjudicatrice peut recourir à la négociation sans justifier "
                        "d'un cas particulier (R2124-4 ; rédaction non relue le 03/12/2026 : lisez-la "
                        "sur Légifrance)")
            why_dialogue = ("l'entité adjudicatrice peut y recourir librement (R2124-5 ; "
                            "conditions propres non relues le 03/12/2026 : lisez-les sur Légifrance)")
            base_nego, base_dialogue = "CCP art. R2124-4", "CCP art. R2124-5"
        elif innovant:
            why_nego = ("le besoin porte sur une solution innovante, cas prévu au 2° de R2124-3 "
                        "(cas lus strictement par le juge : CE, 07/10/2020, n° 440575)")
            why_dialogue = "il est ouvert dans les mêmes cas que la négociation, dont la solution innovante"
            base_nego, base_dialogue = "CCP art. R2124-3 2°", "CCP art. R2124-5 et R2124-3 2°"
        else:
            why_nego = why_dialogue = ""
            notes.append("Négociation et dialogue compétitif ne sont ouverts qu'aux cas de R2124-3 "
                         "(adaptation de solutions disponibles, solution innovante, conception, "
                         "circonstances particulières, spécifications impossibles à définir, "
                         "offres irrégulières ou inacceptables) : l'outil ne retient que le cas de "
                         "l'innovation (solution innovante).")
        if why_nego:
            routes.append(Voie(
                "negociation", VOIES["negociation"], base_nego, formal_pub,
                f"À partir du seuil européen, {why_nego}. L'acheteur négocie les offres "
                f"initiales et ultérieures avec les candidats admis."))
            routes.append(Voie(
                "dialogue-competitif", VOIES["dialogue-competitif"], base_dialogue, formal_pub,
                f"À partir du seuil européen, {why_dialogue}. L'acheteur dialogue avec les "
                f"candidats pour définir la ou les solutions, puis ceux-ci remettent une offre."))

    optional = _formal_by_choice(acheteur, innovant) if below_eu else []

    if rd:
        routes.append(Voie(
            "partenariat-innovation", VOIES["partenariat-innovation"],
            "CCP art. L2172-3 al. 1 ; R2172-20 et suivants",
            ("Avis au JOUE et au BOAMP (procédure formalisée, avec négociation)." if not below_eu
             else "Publicité selon la valeur estimée : sous le seuil européen, règles de la "
                  "procédure adaptée (R2172-20 et suivants, non relus sur ce point le 03/12/2026 : "
                  "lisez-les sur Légifrance)."),
            "Le besoin exige de la recherche et du développement avant tout achat : le partenariat "
            "d'innovation couvre des phases de R&D puis d'acquisition avec le ou les mêmes "
            "partenaires (R2172-23), sans nouvelle mise en concurrence. La valeur des acquisitions "
            "ne doit pas être disproportionnée par rapport à l'investissement de R&D ; à la fin de "
            "chaque phase, l'acheteur poursuit, arrête ou réduit le nombre de partenaires "
            "(R2172-31).",
            "https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000037701019/"))
        routes.append(Voie(
            "rd-hors-code", VOIES["rd-hors-code"], "CCP art. L2512-5 2°",
            "Hors du code : pas de publicité imposée par le CCP ; la méthode des achats avant "
            "commercialisation (PCP) recommande une mise en concurrence ouverte, transparente, "
            "par phases (COM(2007) 799).",
            "Les services de R&D sont exclus du code lorsque l'acheteur n'acquiert pas la "
            "propriété exclusive des résultats ou ne finance pas entièrement la prestation. "
            "Attention : l'achat des solutions qui en résultent n'est pas couvert et demandera "
            "sa propre procédure ; l'avantage de l'entreprise qui a participé au sourcing ou aux "
            "essais doit être neutralisé (R2111-2), et la R&D payée au prix du marché, sans quoi "
            "l'achat peut être une aide d'État.",
            "https://eur-lex.europa.eu/legal-content/FR/TXT/?uri=CELEX:52007DC0799"))
    elif innovant and not below_eu:
        notes.append("Si la solution n'existe pas encore et demande de la R&D, indiquez-le "
                     "(R&D nécessaire avant tout achat) : le partenariat d'innovation et la R&D "
                     "hors code s'ouvrent.")
    if rd and not innovant:
        notes.append("Un besoin qui exige de la R&D vise en général une solution innovante : "
                     "indiquez-le si c'est le cas (solution innovante), pour voir les voies qui "
                     "en dépendent.")

    notes += _near_thresholds(value, day, nature, dispense, innov, eu, innovant)
    route_ids = [v.id for v in routes] + [v.id for v in optional if v.id not in
                                          {r.id for r in routes}]
    return Conseil(acheteur=acheteur, nature=nature, montant_ht=value, jour=day,
                   innovant=innovant, rd=rd, seuils=thresholds, voies=routes,
                   avertissements=notes, facultatives=optional,
                   obligations=obligations(route_ids, acheteur, nature, value, day))


def obligations(voies: list[str], acheteur: str, nature: str, montant_ht: float,
                jour: date) -> list[Obligation]:
    """The obligations of ``data/obligations.csv`` in force on ``jour`` for these routes.

    A row applies when one of its routes is among ``voies`` and, if it names a threshold, when
    ``montant_ht`` is strictly below it (``inferieur``) or at or above it
    (``egal-ou-superieur``), the threshold being the row of ``data/seuils.csv`` that concerns
    this buyer and nature on that day; ``{montant}`` in the text becomes that threshold. A
    threshold that concerns nobody here (the MAPA publicity of R2131-12 for an entité
    adjudicatrice) means the row does not apply.
    """
    frame = data.en_vigueur(data.table("obligations"), jour)
    found: list[Obligation] = []
    for row in frame.itertuples(index=False):
        concerned = tuple(v for v in voies if v in str(row.voies).split())
        if not concerned:
            continue
        text = str(row.libelle)
        if isinstance(row.seuil, str) and row.seuil:
            limit = seuil_pour(row.seuil, acheteur, nature, jour)
            if limit is None:
                continue
            below = montant_ht < limit.montant_ht
            if below != (row.comparaison == "inferieur"):
                continue
            text = text.replace("{montant}", format_montant(limit.montant_ht))
        found.append(Obligation(str(row.id), text, str(row.base_legale),
                                row.valid_from, concerned))
    return found


def _formal_by_choice(acheteur: str, innovant: bool) -> list[Voie]:
    """Formal procedures a buyer may choose below the EU threshold (then applied in full)."""
    chosen = ("Sous le seuil européen, l'acheteur peut choisir une procédure formalisée plutôt "
              "que la procédure adaptée ; il l'applique alors dans son intégralité (R2123-6).")
    publicity = ("Celle de la procédure choisie, appliquée en entier ; supports de publicité "
                 "sous le seuil européen non relus le 03/12/2026 : lisez les articles R2131-12 et "
                 "suivants sur Légifrance.")
    optional = [Voie("appel-offres", VOIES["appel-offres"], "CCP art. R2123-6 et R2124-2",
                     publicity, f"{chosen} L'appel d'offres est toujours possible ; l'offre est "
                     f"choisie sans négociation.", facultatif=True)]
    if acheteur == "entite-adjudicatrice":
        why, base = "l'entité adjudicatrice peut y recourir sans justifier d'un cas particulier", "R2124-4"
    elif innovant:
        why, base = "la solution recherchée est innovante (R2124-3 2°)", "R2124-3 2°"
    else:
        return optional
    optional += [
        Voie("negociation", VOIES["negociation"], f"CCP art. R2123-6 et {base}", publicity,
             f"{chosen} La procédure avec négociation est possible car {why}.", facultatif=True),
        Voie("dialogue-competitif", VOIES["dialogue-competitif"],
             "CCP art. R2123-6 et R2124-5", publicity,
             f"{chosen} Le dialogue compétitif est ouvert dans les mêmes cas que la négociation "
             f"({base}).", facultatif=True),
    ]
    return optional


def _mapa_publicity(acheteur: str, value: float, pub: Seuil | None, eu: Seuil) -> str:
    if pub is None:
        return ("Publicité adaptée au montant et à l'objet. Les règles détaillées de R2131-12 "
                "visent l'État et les collectivités : pour une entité adjudicatrice, vérifiez "
                "sur Légifrance les articles qui la concernent.")
    if value < pub.montant_ht:
        return (f"Publicité librement adaptée au montant et à l'objet (sous "
                f"{format_montant(pub.montant_ht)}, {pub.base_legale}).")
    return (f"Avis au BOAMP ou dans un journal d'annonces légales, et dans la presse spécialisée "
            f"si nécessaire (de {format_montant(pub.montant_ht)} au seuil européen de "
            f"{format_montant(eu.montant_ht)}, {pub.base_legale}).")


def _near_thresholds(value: float, day: date, nature: str, dispense: Seuil, innov: Seuil,
                     eu: Seuil, innovant: bool) -> list[str]:
    """Warnings when the need sits just below a threshold, or when a threshold is about to change."""
    notes = []
    watched = [dispense, eu] + ([innov] if innovant else [])
    for s in watched:
        if _NEAR * s.montant_ht <= value < s.montant_ht:
            notes.append(f"Le montant est à moins de 10 % sous le seuil « {s.libelle} » "
                         f"({format_montant(s.montant_ht)}) : vérifiez que la valeur estimée "
                         f"compte bien les options, reconductions et tous les lots, sans "
                         f"découpage artificiel (R2121-1 et suivants).")
    if (s_next := _next_change(dispense.id, day)) and s_next.montant_ht != dispense.montant_ht:
        notes.append(f"Le seuil de dispense change le {s_next.valid_from:%d/%m/%Y} "
                     f"({format_montant(s_next.montant_ht)}) : c'est la date de lancement de la "
                     f"consultation (envoi de l'avis ou début de la consultation) qui compte.")
    if (s_next := _next_change(eu.id, day)) and s_next.montant_ht != eu.montant_ht:
        notes.append(f"Le seuil européen change le {s_next.valid_from:%d/%m/%Y} "
                     f"({format_montant(s_next.montant_ht)}).")
    return notes


def _next_change(seuil_id: str, day: date, horizon_days: int = 183) -> Seuil | None:
    """The next row of ``seuil_id`` starting within ``horizon_days`` after ``day``, if any."""
    frame = data.table("seuils")
    rows = frame[frame["id"] == seuil_id]
    later = [d for d in rows["valid_from"] if d > day and (d - day).days <= horizon_days]
    if not later:
        return None
    try:
        return seuil(seuil_id, min(later))
    except DonneesInvalides:
        return None
