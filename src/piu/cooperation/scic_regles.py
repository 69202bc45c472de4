"""Check a SCIC against the rules of the loi n° 47-1775 du 10/09/1947 (titre II ter).

Each rule has a stable identifier (used by ``piu scic verifier --json`` and the tests), a
French message that says what is wrong *and how to fix it*, and its legal basis read from
``data/scic_regles.csv``: the figures (50 %, 10-50 %, 3 categories) are dated there, so the
check answers for a given day (before the loi ESS of 2014 the public cap was lower).
"""

from __future__ import annotations

import textwrap
from dataclasses import asdict, dataclass, field
from datetime import date
from fractions import Fraction

import pandas as pd

from piu.cooperation.gouvernance import poids_colleges
from piu.cooperation.scic_modele import CATEGORIES, Scic
from piu.core import data
from piu.core.errors import PiuError
from piu.core.french_numbers import format_montant, format_nombre, format_pourcentage
from piu.core.typography import accorder

__all__ = ["REGLES", "Manquement", "Verification", "Vigilance", "part_du_capital",
           "verifier_scic", "vigilances_collectivites"]

_WIDTH = 88
# Weights typed with two decimals (33,33 % x 3) may miss 100 % by a rounding step: accepted.
_ROUNDING = Fraction(1, 100)   # in percentage points
REGLES = ("forme", "categories-minimum", "categorie-salaries", "categorie-beneficiaires",
          "capital-public", "college-poids", "colleges-somme")


@dataclass(frozen=True)
class Manquement:
    """One rule the SCIC breaks: rule id, what is wrong and what to change, the legal basis.

    ``constat`` is what is wrong without the way to fix it: exercises show it when the fix
    (« faites souscrire 60 000 € de plus ») is the answer the learner must find.
    """

    regle: str
    message: str
    base_legale: str
    constat: str = ""


@dataclass(frozen=True)
class Vigilance:
    """A « point de vigilance »: not a breach the file shows, a rule the learner must apply."""

    id: str
    texte: str
    base_legale: str


@dataclass(frozen=True)
class Verification:
    """Outcome of :func:`verifier_scic`: compliant or not, and why."""

    scic: str
    jour: date
    manquements: tuple[Manquement, ...]
    remarques: tuple[str, ...] = field(default=())
    vigilances: tuple[Vigilance, ...] = field(default=())

    @property
    def conforme(self) -> bool:
        return not self.manquements

    def en_dict(self) -> dict[str, object]:
        """The JSON shape of ``piu scic verifier --json``."""
        return {"scic": self.scic, "jour": self.jour.isoformat(), "conforme": self.conforme,
                "manquements": [{key: value for key, value in asdict(m).items()
                                 if key != "constat"} for m in self.manquements],
                "remarques": list(self.remarques),
                "vigilances": [asdict(v) for v in self.vigilances]}

    def resume(self) -> str:
        """One line: compliant or the ids of the rules broken, without the ways to fix them.

        For exercises where the full report (« faites souscrire 60 000 € de plus... ») would
        give the answer away.
        """
        if self.conforme:
            return f"✔ {self.scic} : conforme."
        return f"✘ {self.scic} : règles enfreintes : {', '.join(m.regle for m in self.manquements)}."

    def texte(self) -> str:
        """Plain-text report, for the terminal and the notebooks."""
        if self.conforme:
            lines = [f"✔ {self.scic} : conforme aux règles vérifiées ({len(REGLES)} règles, "
                     f"au {self.jour:%d/%m/%Y})."]
        else:
            lines = [f"✘ {self.scic} : {accorder(len(self.manquements), 'manquement')} au "
                     f"{self.jour:%d/%m/%Y}."]
            for m in self.manquements:
                lines.append(_wrap(f"- [{m.regle}] {m.message}"))
                lines.append(_wrap(f"  Base légale : {m.base_legale}"))
        lines += [_wrap(f"ℹ {r}") for r in self.remarques]
        for v in self.vigilances:
            lines.append(_wrap(f"⚠ Point de vigilance : {v.texte}"))
            lines.append(_wrap(f"  Base légale : {v.base_legale}"))
        return "\n".join(lines)


def _wrap(text: str) -> str:
    """Wrap a report line for terminals and notebook outputs, continuation lines indented."""
    text = text.replace("n° ", "n°\u00a0")   # never split « n° 47-1775 »
    return textwrap.fill(text, width=_WIDTH, subsequent_indent="    ", break_on_hyphens=False)


def _row(rules: pd.DataFrame, rule_id: str, jour: date) -> pd.Series:
    rows = data.en_vigueur(rules[rules["id"] == rule_id], jour)
    if rows.empty:
        raise data.DonneesInvalides(f"scic_regles.csv : aucune règle « {rule_id} » en vigueur le "
                                    f"{jour:%d/%m/%Y}.")
    return rows.iloc[0]


def _check_status_exists(rules: pd.DataFrame, jour: date) -> None:
    """Refuse a day before the SCIC status was created: there is no rule to check then."""
    created = rules[rules["id"] == "statut-scic"].iloc[0]
    if jour < created["valid_from"]:
        raise PiuError(f"Le statut de SCIC n'existe que depuis le {created['valid_from']:%d/%m/%Y} "
                       f"({created['source'].split(' portant')[0].replace('Loi', 'loi')}) : "
                       f"aucune règle à vérifier le {jour:%d/%m/%Y}. Choisissez une date à partir "
                       f"du {created['valid_from']:%d/%m/%Y}.")


def part_du_capital(scic: Scic, categorie: str) -> str:
    """« Part du capital détenue par <catégorie> : 87,5 % », for a notebook print."""
    if categorie not in CATEGORIES:
        raise PiuError(f"Catégorie « {categorie} » inconnue ; catégories possibles : "
                       f"{', '.join(CATEGORIES)}.")
    share = Fraction(str(scic.capital_de(categorie))) / Fraction(str(scic.capital_total)) * 100
    return f"Part du capital détenue par la catégorie « {categorie} » : {format_pourcentage(round(share, 2))}"


def _financing_rule(rule_id: str, jour: date) -> pd.Series | None:
    try:
        return data.ligne("regles_financement", rule_id, jour)
    except PiuError:
        return None


def vigilances_collectivites(jour: date, qui: str = "la SCIC") -> tuple[Vigilance, ...]:
    """The points to check whenever a collectivité sits in the body (dated data rows)."""
    found = []
    deport = _financing_rule("deport-elus", jour)
    if deport is not None:
        found.append(Vigilance(
            "deport-elus",
            f"l'élu qui représente la collectivité dans {qui} ne prend part ni au débat ni au "
            f"vote des décisions de la collectivité qui lui accordent une subvention ou une autre "
            f"aide, ou lui attribuent un contrat (marché, concession) ; il sort de la salle et le "
            f"procès-verbal le mentionne. Une délibération votée avec un conseiller intéressé à "
            f"l'affaire est illégale (CGCT L2131-11) ; L1111-6 n'écrit la liste des décisions que "
            f"pour les élus désignés en application de la loi. Le déport reste la pratique sûre, "
            f"y compris au regard de la prise illégale d'intérêts (Code pénal 432-12, réécrit par "
            f"la loi n° 2025-1249 du 22/12/2025).",
            str(deport["base_legale"])))
    return tuple(found)


def _subsidy_vigilance(jour: date) -> Vigilance | None:
    row = _financing_rule("subvention-scic", jour)
    region = _financing_rule("aides-entreprises-region", jour)
    if row is None:
        return None
    basis = str(row["base_legale"]) + (f" ; {region['base_legale']}" if region is not None else "")
    return Vigilance(
        "subvention-competences",
        "une collectivité associée peut aussi subventionner la SCIC « en vue de participer à son "
        "développement », mais dans les limites de ses compétences : l'aide à l'activité "
        "économique d'une entreprise relève de la Région ; une commune ou une intercommunalité "
        "finance l'immobilier d'entreprise, un SIEG qu'elle a confié, participe aux aides de la "
        "Région par convention ou s'appuie sur une base spéciale (L2251-3, L1511-8, L2252-1) ; "
        "hors de ces bases, une collectivité ne finance qu'une action non économique d'intérêt "
        "général de sa compétence, jamais l'activité commerciale de la SCIC ; toujours dans les "
        "règles européennes des aides d'État (de minimis, exemption par catégorie, SIEG).",
        basis)


def verifier_scic(scic: Scic, jour: date | None = None) -> Verification:
    """Check every rule and return all the breaches (an empty list means compliant)."""
    jour = jour or date.today()
    rules = data.table("scic_regles")
    found: list[Manquement] = []
    notes: list[str] = []
    _check_status_exists(rules, jour)

    def breach(rule: str, row: pd.Series, message: str, correction: str = "") -> None:
        found.append(Manquement(rule, f"{message} {correction}".strip(),
                                f"{row['base_legale']} ({row['source']})", constat=message))

    # forme
    forms = data.en_vigueur(rules[rules["id"].str.startswith("forme-")], jour)
    allowed = [str(i).removeprefix("forme-") for i in forms["id"]]
    if scic.forme.upper() not in allowed:
        row = _row(rules, "forme-SA", jour)
        breach("forme", row, f"La forme « {scic.forme} » n'est pas admise pour une SCIC. Formes "
                             f"possibles au {jour:%d/%m/%Y} : {', '.join(allowed)}.")

    # categories-minimum
    row = _row(rules, "categories-minimum", jour)
    minimum = int(row["nombre"])
    present = scic.categories
    if len(present) < minimum:
        names = ", ".join(CATEGORIES[c] for c in present)
        breach("categories-minimum", row,
               f"{accorder(len(present), 'catégorie')} d'associés ({names}) ; il en faut au moins {minimum}. "
               f"Ajoutez par exemple des bénéficiaires, des bénévoles ou une personne publique.")

    # categorie-salaries (producers stand in only when the SCIC employs nobody)
    if "salaries" not in present:
        staff = scic.effectif_salarie
        row = _row(rules, "categorie-salaries", jour)
        if staff:
            breach("categorie-salaries", row,
                   f"La SCIC emploie {accorder(staff, 'salarié')} mais aucun n'est associé : la catégorie des "
                   f"salariés est obligatoire dès qu'il y a des salariés (les producteurs ne la "
                   f"remplacent qu'en l'absence de salariés). Faites entrer au moins un salarié.")
        elif "producteurs" in present:
            if staff is None:
                notes.append("Aucun associé salarié : les producteurs en tiennent lieu, à condition "
                             "que la SCIC n'emploie aucun salarié (précisez « effectif_salarie: 0 »).")
        else:
            breach("categorie-salaries", row,
                   "Aucun associé salarié (ni, à défaut de salariés, de producteurs de biens ou de "
                   "services) : cette catégorie est obligatoire.")

    # categorie-beneficiaires
    if "beneficiaires" not in present:
        breach("categorie-beneficiaires", _row(rules, "categorie-beneficiaires", jour),
               "Aucun bénéficiaire habituel (usager, client, habitant...) parmi les associés : "
               "cette catégorie est obligatoire.")

    # capital-public
    row = _row(rules, "capital-public-max", jour)
    cap = Fraction(str(row["taux_pct"])) / 100
    total = Fraction(str(scic.capital_total))
    public = Fraction(str(scic.capital_de("collectivites")))
    if total > 0 and public > cap * total:
        others_needed = public / cap - total
        breach("capital-public", row,
               f"Les collectivités, leurs groupements et établissements publics territoriaux "
               f"détiennent {format_montant(float(public), ht=False)} sur "
               f"{format_montant(float(total), ht=False)}, soit {format_pourcentage(public / total * 100)} du "
               f"capital ; le plafond est {format_pourcentage(cap * 100)}.",
               f"Réduisez leur part à "
               f"{format_montant(float(cap * (total - public) / (1 - cap)), ht=False)} au plus, ou "
               f"faites souscrire {format_montant(float(others_needed), ht=False)} de plus par les "
               f"autres associés.")

    # college-poids and colleges-somme
    if scic.colleges:
        low = _row(rules, "college-poids-min", jour)
        high = _row(rules, "college-poids-max", jour)
        lo, hi = Fraction(str(low["taux_pct"])), Fraction(str(high["taux_pct"]))
        explicit = all(c.poids is not None for c in scic.colleges)
        weights = poids_colleges(scic, normaliser=False)
        for name, weight in weights.items():
            if not lo <= weight <= hi:
                origin = "" if explicit else (" (sans pondération dans les statuts, chaque collège "
                                              "a le même poids)")
                breach("college-poids", low,
                       f"Le collège « {name} » pèse {format_pourcentage(weight)} des voix{origin} ; chaque "
                       f"collège doit peser entre {format_pourcentage(lo)} et {format_pourcentage(hi)}.")
        total_weight = sum(weights.values(), Fraction(0))
        if explicit and abs(total_weight - 100) > _ROUNDING:
            breach("colleges-somme", _row(rules, "colleges-somme", jour),
                   f"Les poids des collèges totalisent {format_pourcentage(total_weight)} ; ils doivent faire "
                   f"100 % des voix (à {format_nombre(float(_ROUNDING), 2)} point près). Si les "
                   f"statuts ne pondèrent pas les collèges, retirez tous les poids : chaque "
                   f"collège a alors le même poids.")
    points: list[Vigilance] = []
    if any(a.categorie == "collectivites" for a in scic.associes):
        points += vigilances_collectivites(jour)
        subsidy = _subsidy_vigilance(jour)
        if subsidy is not None:
            points.append(subsidy)
    return Verification(scic.nom, jour, tuple(found), tuple(notes), tuple(points))
