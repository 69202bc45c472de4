"""Financing plans: read one from YAML, and check it against the rules that bind it.

A plan lists the project's cost and its sources of funds, each typed ``maitre-ouvrage``
(the project owner's own funds and its loans), ``public`` (every other public funder) or
``prive`` (mécénat, private partners)::

    cout_total: 1000000          # € HT
    sources:
      - nom: Commune (autofinancement)
        type: maitre-ouvrage
        montant: 150000

Two rules are checked, each read from ``data/regles_financement.csv`` for the date asked:

* ``plan-equilibre``: the sources add up to the cost (to the cent). Its basis is the plan
  itself; décret 2018-514 art. 10 (from 2018-10-01: public aid may not exceed the cost of a
  project the State subsidises) is cited only when the public aid alone exceeds the cost;
* ``participation-minimale``: CGCT L1111-10 III, the owner provides at least 20 % of the
  total *public* financing (its own share included). Private funds are outside the base:
  computing the share on the total cost is the classic mistake this tool exists to catch.
  Legal exceptions (``data/exceptions_participation.csv``) and the 30 % of L1111-9 for a
  competence with a chef de file can be applied on request. A waiver the prefect grants
  (and whose rate he sets) makes the plan « conforme sous réserve » (:attr:`PlanCheck.reserve`):
  the course cannot see the decision.

Who may pay what, on which basis. A plan may say who carries the project (``porteur``:
``collectivite`` by default, ``entreprise``, ``scic`` or ``association``) and, for each public
source, who the funder is (``financeur``: ``etat``, ``region``, ``departement``, ``commune``,
``epci``, ``ue``, ``autre``). When the project owner is a business (an ``entreprise`` or a
``scic``), the check adds « points de vigilance » (:attr:`PlanCheck.vigilances`), read from
the dated rows of ``regles_financement``: a commune, an EPCI or a département funding it gives
aid to a business, which is the Région's competence (CGCT L1511-2), save business real estate
(L1511-3), a convention with the Région, an activity within the funder's own competences, the
compensation of a properly entrusted SIEG, or, for a SCIC, a subsidy « en vue de participer à
son développement » (loi 47-1775 art. 19 decies); every aid to a business falls under the EU
state-aid rules. The 20 % rule of L1111-10 binds a collectivité or a groupement that owns the
project: for a business owner it is not applied (and the check says so).

Amounts may be typed the French way (``150 000``, ``1,2 M€``): they go through
:func:`piu.core.french_numbers.lire_nombre`. A malformed plan raises :class:`PlanInvalide`
naming the file, the line and the field.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from piu.core import data
from piu.core.errors import PiuError, ReponseIllisible
from piu.core.files import raison
from piu.core.french_numbers import format_montant, format_nombre, format_pourcentage, lire_nombre

__all__ = [
    "FINANCEURS",
    "PORTEURS",
    "SOURCE_TYPES",
    "Breach",
    "FinancingPlan",
    "FundingSource",
    "PlanCheck",
    "PlanInvalide",
    "Vigilance",
    "check_plan",
    "load_plan",
    "parse_plan",
]

SOURCE_TYPES = {
    "maitre-ouvrage": "Maître d'ouvrage (fonds propres et emprunts)",
    "public": "Autres financeurs publics",
    "prive": "Financeurs privés",
}
PORTEURS = {
    "collectivite": "Collectivité territoriale ou groupement",
    "entreprise": "Entreprise (start-up, PME, SEM...)",
    "scic": "Société coopérative d'intérêt collectif (SCIC)",
    "association": "Association",
}
FINANCEURS = {
    "etat": "État",
    "region": "Région",
    "departement": "Département",
    "commune": "Commune",
    "epci": "Intercommunalité (EPCI)",
    "ue": "Union européenne",
    "autre": "Autre financeur public",
}
#: Funders whose aid to a business's economic activity needs a basis other than L1511-2.
_LOCAL_FUNDERS = ("commune", "epci", "departement")
_BUSINESSES = ("entreprise", "scic")
_PLAN_KEYS = {"cout_total", "sources", "nom", "porteur"}
_SOURCE_KEYS = {"nom", "type", "montant", "financeur"}
# Half a cent: amounts are in euros, and a plan balanced to the cent is balanced.
_CENT = 0.005


class PlanInvalide(PiuError):
    """The plan file cannot be read as a financing plan; the message says where and why."""


@dataclass(frozen=True)
class FundingSource:
    """One line of the plan: who pays, which kind of funder, how much (€ HT)."""

    nom: str
    type: str
    montant: float
    financeur: str | None = None


@dataclass(frozen=True)
class FinancingPlan:
    """A project's total cost and the sources meant to cover it."""

    cout_total: float
    sources: tuple[FundingSource, ...]
    nom: str = ""
    porteur: str = "collectivite"

    def total(self, kind: str | None = None) -> float:
        """Sum of the sources, or of the sources of one kind."""
        return float(sum(s.montant for s in self.sources if kind is None or s.type == kind))

    @property
    def financements_publics(self) -> float:
        """The base of the 20 % rule: the owner's funds plus every other public funder."""
        return self.total("maitre-ouvrage") + self.total("public")


@dataclass(frozen=True)
class Breach:
    """One rule the plan does not meet, with its legal basis."""

    regle: str
    message: str
    base_legale: str

    def as_dict(self) -> dict[str, str]:
        return {"regle": self.regle, "message": self.message, "base_legale": self.base_legale}


@dataclass(frozen=True)
class Vigilance:
    """A point the learner must check, with its legal basis: not a breach the tool can see."""

    id: str
    texte: str
    base_legale: str

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "texte": self.texte, "base_legale": self.base_legale}


@dataclass(frozen=True)
class PlanCheck:
    """The verdict on a plan, for one date and one set of legal exceptions."""

    plan: FinancingPlan
    jour: date
    #: The owner's share of the public financing; ``None`` when there is no public financing
    #: at all (the 20 % rule then has no base, and a share of 0 would read as a breach).
    part_maitre_ouvrage: float | None
    minimum_requis: float | None
    base_minimum: str
    manquements: tuple[Breach, ...]
    avertissements: tuple[str, ...] = field(default=())
    exception: str | None = None
    #: Set when the verdict depends on a prefect's decision the course cannot see: the plan
    #: is then « conforme sous réserve » of that decision.
    reserve: str | None = None
    #: Who may pay what, on which basis: points to check with the legal department.
    vigilances: tuple[Vigilance, ...] = ()

    @property
    def conforme(self) -> bool:
        return not self.manquements

    @property
    def verdict(self) -> str:
        """« conforme », « conforme sous réserve » or « à corriger », for every display."""
        if not self.conforme:
            return "à corriger"
        return "conforme sous réserve" if self.reserve else "conforme"

    @property
    def part_affichee(self) -> str:
        """The share as shown to the learner.

        When the participation rule fails, a share that rounding would lift to the minimum
        is rounded *down*: 19,99999 % must not read « 20,0 % » next to « minimum 20 % ».
        """
        if self.part_maitre_ouvrage is None:
            return "sans objet (aucun financement public)"
        failing = any(b.regle == "participation-minimale" for b in self.manquements)
        return _pct(self.part_maitre_ouvrage, self.minimum_requis if failing else None)

    @property
    def minimum_affiche(self) -> str:
        """The minimum in force, or who sets it when the law does not."""
        if self.minimum_requis is not None:
            return f"minimum {format_nombre(self.minimum_requis)} %"
        if self.reserve:
            return "minimum fixé par le préfet de département"
        if self.plan.porteur != "collectivite":
            return "sans objet : le porteur n'est pas une collectivité"
        return "aucun minimum légal"

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``piu financement verifier --json``."""
        plan = self.plan
        return {
            "conforme": self.conforme,
            # Not rounded: a rounded 0.2 next to « minimum 0.2 » and « conforme: false »
            # would contradict itself just below the bound.
            "part_maitre_ouvrage": self.part_maitre_ouvrage,
            "manquements": [b.as_dict() for b in self.manquements],
            "reserve": self.reserve,
            "minimum_requis": None if self.minimum_requis is None else self.minimum_requis / 100,
            "exception": self.exception,
            "date": self.jour.isoformat(),
            "totaux": {
                "cout_total": plan.cout_total,
                "sources": plan.total(),
                "maitre_ouvrage": plan.total("maitre-ouvrage"),
                "public": plan.total("public"),
                "prive": plan.total("prive"),
                "financements_publics": plan.financements_publics,
            },
            "avertissements": list(self.avertissements),
            "porteur": plan.porteur,
            "vigilances": [v.as_dict() for v in self.vigilances],
        }


# --------------------------------------------------------------------------- reading

class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line of each mapping, for error messages."""


class _DuplicateKeys(Exception):
    """A mapping repeats a key; PyYAML would silently keep the last value."""


def duplicate_keys(node: yaml.MappingNode) -> list[str]:
    """« « cout_total » aux lignes 1 et 2 » for each key a YAML mapping repeats."""
    lines: dict[str, list[int]] = {}
    for key_node, _value in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            lines.setdefault(str(key_node.value), []).append(key_node.start_mark.line + 1)
    return [f"« {key} » aux lignes {', '.join(map(str, found[:-1]))} et {found[-1]}"
            for key, found in lines.items() if len(found) > 1]


def _mapping_with_line(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[str, Any]:
    repeated = duplicate_keys(node)
    if repeated:
        raise _DuplicateKeys(" ; ".join(repeated))
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__ligne__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def _amount(value: Any, where: str, field_name: str) -> float:
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        raise PlanInvalide(f"{where} : le champ « {field_name} » doit être un montant en euros "
                           f"(par exemple 150000 ou « 150 000 »).")
    try:
        amount = float(value) if isinstance(value, int | float) else lire_nombre(str(value), "€")
    except ReponseIllisible as exc:
        raise PlanInvalide(f"{where} : champ « {field_name} » illisible. {exc}") from None
    if amount != amount or amount in (float("inf"), float("-inf")):
        raise PlanInvalide(f"{where} : le champ « {field_name} » doit être un montant fini.")
    if amount < 0:
        raise PlanInvalide(f"{where} : le champ « {field_name} » est négatif "
                           f"({format_nombre(amount)}) ; un montant de financement est positif.")
    return amount


def _unknown_keys(raw: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(str(k) for k in raw if k != "__ligne__" and k not in allowed)
    if unknown:
        raise PlanInvalide(f"{where} : champ(s) inconnu(s) {', '.join(f'« {k} »' for k in unknown)} ; "
                           f"champs possibles : {', '.join(sorted(allowed))}.")


def parse_plan(text: str, fichier: str = "plan") -> FinancingPlan:
    """Read a plan from YAML text; ``fichier`` names it in error messages."""
    try:
        raw = yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", ligne {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "syntaxe incorrecte"
        raise PlanInvalide(f"{fichier}{where} : YAML illisible ({problem}). Vérifiez l'indentation "
                           f"et les deux-points.") from None
    except _DuplicateKeys as exc:
        raise PlanInvalide(f"{fichier} : champ en double, {exc} ; gardez-en un seul (YAML ne "
                           f"garderait que le dernier, sans prévenir).") from None
    except ValueError as exc:  # e.g. an impossible date such as 2024-13-01
        raise PlanInvalide(f"{fichier} : valeur illisible ({exc}).") from None
    if not isinstance(raw, dict):
        raise PlanInvalide(f"{fichier} : un plan de financement commence par « cout_total: » puis "
                           f"« sources: » (voir l'exemple du module 4).")
    _unknown_keys(raw, _PLAN_KEYS, fichier)
    if "cout_total" not in raw:
        raise PlanInvalide(f"{fichier} : champ « cout_total » manquant (coût total du projet, € HT).")
    cost = _amount(raw["cout_total"], f"{fichier}, ligne {raw['__ligne__']}", "cout_total")
    if cost <= 0:
        raise PlanInvalide(f"{fichier} : « cout_total » doit être strictement positif.")
    items = raw.get("sources")
    if not isinstance(items, list) or not items:
        raise PlanInvalide(f"{fichier} : champ « sources » manquant ou vide ; donnez une liste de "
                           f"sources, chacune avec « nom », « type » et « montant ».")
    sources = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise PlanInvalide(f"{fichier}, source n° {number} : chaque source est un bloc avec "
                               f"« nom », « type » et « montant ».")
        where = f"{fichier}, ligne {item['__ligne__']} (source n° {number})"
        _unknown_keys(item, _SOURCE_KEYS, where)
        for key in ("nom", "type", "montant"):
            if key not in item:
                raise PlanInvalide(f"{where} : champ « {key} » manquant.")
        name = item["nom"]
        if not isinstance(name, str) or not name.strip():
            raise PlanInvalide(f"{where} : « nom » doit être un texte non vide.")
        kind = str(item["type"]).strip()
        if kind not in SOURCE_TYPES:
            raise PlanInvalide(f"{where} : type « {kind} » inconnu ; types possibles : "
                               f"{', '.join(SOURCE_TYPES)}.")
        funder = item.get("financeur")
        if funder is not None:
            funder = str(funder).strip()
            if funder not in FINANCEURS:
                raise PlanInvalide(f"{where} : financeur « {funder} » inconnu ; financeurs "
                                   f"possibles : {', '.join(FINANCEURS)}.")
        sources.append(FundingSource(name.strip(), kind, _amount(item["montant"], where, "montant"),
                                     funder))
    title = raw.get("nom")
    owner = str(raw.get("porteur") or "collectivite").strip()
    if owner not in PORTEURS:
        raise PlanInvalide(f"{fichier} : porteur « {owner} » inconnu ; porteurs possibles : "
                           f"{', '.join(PORTEURS)}.")
    return FinancingPlan(cost, tuple(sources), str(title).strip() if title else "", owner)


def load_plan(path: str | Path) -> FinancingPlan:
    """Read a plan from a YAML file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlanInvalide(f"Fichier introuvable : {path}.") from None
    except IsADirectoryError:
        raise PlanInvalide(f"{path} est un dossier ; donnez le chemin d'un fichier YAML.") from None
    except UnicodeDecodeError:
        raise PlanInvalide(f"{path.name} : fichier illisible (encodage UTF-8 attendu).") from None
    except OSError as exc:
        raise PlanInvalide(f"{path} : lecture impossible ({raison(exc)}).") from None
    return parse_plan(text, path.name)


# --------------------------------------------------------------------------- checking

def _pct(share: float, sous: float | None = None) -> str:
    """A share as « 23,1 % », rounded (14,29 % reads 14,3 %, as the learner computes it).

    ``sous`` is a minimum the share fails to reach: a rounding that would reach it is shown
    rounded down instead, so that 19,99999 % never reads « 20,0 % » next to « minimum 20 % ».
    """
    percent = share * 100
    if sous is not None and round(percent, 1) >= sous:
        percent = math.floor(round(percent * 10, 6)) / 10
    return format_pourcentage(percent, 1)


def _cents_up(amount: float) -> float:
    """Round up to the cent (``round`` first: 150000.0000001 must stay 150 000,00)."""
    return math.ceil(round(amount * 100, 6)) / 100


def _exception(exception_id: str, jour: date) -> pd.Series:
    table = data.table("exceptions_participation")
    rows = table[table["id"] == exception_id]
    if rows.empty:
        raise PiuError(f"Exception « {exception_id} » inconnue ; exceptions possibles : "
                       f"{', '.join(table['id'])}.")
    row = rows.iloc[0]
    start = row["valid_from"]
    if (start is not None and not pd.isna(start) and jour < start) or (
            row["valid_to"] is not None and not pd.isna(row["valid_to"]) and jour > row["valid_to"]):
        raise PiuError(f"L'exception « {exception_id} » n'est pas en vigueur le {jour:%d/%m/%Y}.")
    return row


_BALANCE_BASIS = "Plan de financement prévisionnel (ressources = dépenses)"


def _balance_basis(jour: date) -> str:
    """Legal basis of a funding gap or surplus: the plan itself must balance."""
    try:
        return str(data.ligne("regles_financement", "plan-equilibre", jour)["base_legale"])
    except PiuError:
        return _BALANCE_BASIS


def _state_grant_cap(jour: date) -> pd.Series | None:
    """Décret 2018-514 art. 10 (from 2018-10-01): public aid may not exceed the cost."""
    try:
        return data.ligne("regles_financement", "aides-publiques-plafond", jour)
    except PiuError:
        return None


def _rule(rule_id: str, jour: date) -> pd.Series | None:
    try:
        return data.ligne("regles_financement", rule_id, jour)
    except PiuError:
        return None


def _aid_vigilances(plan: FinancingPlan, jour: date) -> list[Vigilance]:
    """Who may pay what to a business owner, on which basis (dated rows of the data)."""
    if plan.porteur not in _BUSINESSES:
        return []
    found: list[Vigilance] = []
    region = _rule("aides-entreprises-region", jour)
    estate = _rule("immobilier-entreprise", jour)
    scic = _rule("subvention-scic", jour) if plan.porteur == "scic" else None
    local = [s for s in plan.sources if s.type == "public" and s.financeur in _LOCAL_FUNDERS]
    if local and region is not None:
        names = ", ".join(f"{s.nom} ({FINANCEURS[str(s.financeur)].lower()})" for s in local)
        bases = [str(region["base_legale"])]
        text = (f"{names} : une aide d'une commune, d'une intercommunalité ou d'un département à "
                f"l'activité économique d'une entreprise relève de la Région, seule compétente "
                f"pour les aides aux entreprises. Ce financement n'est possible que sur une base "
                f"précise, à écrire dans la délibération : ")
        options = []
        if estate is not None:
            options.append("une aide à l'immobilier d'entreprise (commune ou intercommunalité)")
            bases.append(str(estate["base_legale"]))
        options += ["une participation aux aides de la Région, par convention avec elle",
                    "la compensation d'un service d'intérêt économique général (SIEG) "
                    "régulièrement confié"]
        special = _rule("aides-bases-speciales", jour)
        if special is not None:
            options.append("une base spéciale (service nécessaire à la population en milieu "
                           "rural quand l'initiative privée fait défaut, installation de "
                           "professionnels de santé, garantie d'emprunt)")
            bases.append(str(special["base_legale"]))
        if scic is not None:
            options.append("une subvention « en vue de participer au développement » de la SCIC, "
                           "dans ces mêmes limites")
            bases.append(str(scic["base_legale"]))
        text += " ; ".join(options) + "."
        if _rule("action-non-economique", jour) is not None:
            text += (" Hors de ces bases, le financeur ne paie qu'une action non économique "
                     "d'intérêt général qui relève de ses compétences (un département : une "
                     "action sociale), jamais l'activité commerciale de l'entreprise.")
        found.append(Vigilance("aide-entreprise-competence", text, " ; ".join(bases)))
    aid = [s for s in plan.sources if s.type == "public"]
    if aid:
        rgec = _rule("rgec", jour)
        text = ("Toute aide publique à une entreprise (SCIC comprise) respecte les règles "
                "européennes des aides d'État : de minimis (vérifiez le cumul avec l'outil de "
                "minimis), exemption par catégorie (RGEC) ou compensation de SIEG.")
        if rgec is None:
            text += (" Le RGEC du cours (règlement (UE) n° 651/2014) n'est plus applicable à "
                     "cette date : lisez sur EUR-Lex le règlement qui le remplace.")
        found.append(Vigilance("aides-etat", text,
                               "TFUE art. 107 et 108" + (f" ; {rgec['base_legale']}" if rgec is not None else "")))
    return found


def check_plan(plan: FinancingPlan, jour: date | None = None, exception: str | None = None,
               chef_de_file: bool = False) -> PlanCheck:
    """Check ``plan`` against the rules in force on ``jour`` (default: today).

    ``exception`` is the id of a row of ``exceptions_participation`` (outre-mer, Corse,
    rénovation urbaine...); ``chef_de_file`` applies the 30 % of L1111-9 instead of 20 %.
    """
    jour = jour or date.today()
    if exception and chef_de_file:
        raise PiuError("Choisissez soit une exception à la participation minimale, soit la règle "
                       "du chef de file (L1111-9), pas les deux.")
    breaches: list[Breach] = []
    warnings: list[str] = []
    reserve: str | None = None

    sources_total = plan.total()
    gap = sources_total - plan.cout_total
    if abs(gap) > _CENT:
        if gap < 0:
            message = (f"Plan non équilibré : les sources totalisent {format_montant(sources_total)}, "
                       f"pour un coût de {format_montant(plan.cout_total)} ; il manque "
                       f"{format_montant(-gap)} de financement.")
            basis = _balance_basis(jour)
        else:
            message = (f"Plan non équilibré : les sources totalisent {format_montant(sources_total)}, "
                       f"soit {format_montant(gap)} de plus que le coût "
                       f"({format_montant(plan.cout_total)}) ; un projet ne peut pas être financé "
                       f"au-delà de son coût.")
            basis = _balance_basis(jour)
            cap = _state_grant_cap(jour)
            aid = plan.total("public")
            if cap is not None and aid > plan.cout_total + _CENT:
                message += (f" Les aides publiques ({format_montant(aid)}) dépassent à elles seules "
                            f"le coût : si le plan comprend une subvention d'investissement de "
                            f"l'État, c'est interdit.")
                basis = f"{basis} ; {cap['base_legale']}"
        breaches.append(Breach("plan-equilibre", message, basis))

    owner = plan.total("maitre-ouvrage")
    public_base = plan.financements_publics
    share: float | None = owner / public_base if public_base > 0 else None
    vigilances = _aid_vigilances(plan, jour)
    if plan.porteur != "collectivite":
        if exception or chef_de_file:
            raise PiuError("Les exceptions et la règle du chef de file portent sur la participation "
                           "d'une collectivité maître d'ouvrage ; le porteur de ce plan n'en est "
                           "pas une.")
        warnings.append(f"Porteur du projet : {PORTEURS[plan.porteur]}. La participation minimale "
                        f"du maître d'ouvrage (CGCT L1111-10) ne s'impose qu'à une collectivité ou "
                        f"à un groupement maître d'ouvrage : elle n'est pas vérifiée ici.")
        return PlanCheck(plan=plan, jour=jour, part_maitre_ouvrage=share, minimum_requis=None,
                         base_minimum="", manquements=tuple(breaches),
                         avertissements=tuple(warnings), vigilances=tuple(vigilances))

    if chef_de_file:
        rule = data.ligne("regles_financement", "participation-minimale-chef-de-file", jour)
        minimum, basis = float(rule["taux_pct"]), str(rule["base_legale"])
    else:
        rule = data.ligne("regles_financement", "participation-minimale", jour)
        minimum, basis = float(rule["taux_pct"]), str(rule["base_legale"])
    minimum_required: float | None = minimum
    if exception:
        row = _exception(exception, jour)
        basis = str(row["base_legale"])
        rate = row["taux_minimum_pct"]
        minimum_required = None if rate is None or pd.isna(rate) else float(rate)
        if row["decision"] == "prefet":
            warnings.append(f"Exception « {row['libelle']} » : elle suppose une décision du préfet "
                            f"de département, à joindre au dossier.")
            if minimum_required is None:
                reserve = ("La participation minimale est celle que fixe la décision du préfet de "
                           "département : vérifiez que le plan l'atteint ; sans cette décision, "
                           "la règle générale s'applique.")
                warnings.append("Le taux est fixé par le préfet : le cours ne peut pas le vérifier ; "
                                "plan conforme sous réserve de sa décision.")
            else:
                reserve = ("Le taux réduit ne vaut qu'avec la décision du préfet de département ; "
                           "sans elle, la règle générale s'applique.")
        elif minimum_required is None:
            warnings.append(f"Exception « {row['libelle']} » : pas de participation minimale "
                            f"fixée par la loi.")
        if str(row["statut"]) == "a-verifier":
            warnings.append(f"Le champ de l'exception « {exception} » est à vérifier sur Légifrance "
                            f"avant de s'en prévaloir.")

    if share is None:
        warnings.append("Aucun financement public : la part du maître d'ouvrage est sans objet "
                        "et la participation minimale n'a pas de base de calcul (elle porte sur "
                        "les seuls financements publics).")
    elif minimum_required is not None and owner < minimum_required / 100 * public_base - _CENT:
        others = plan.total("public")
        rate = minimum_required / 100
        # The smallest owner's amount, to the cent, that the check accepts with the same aid:
        # x >= rate * (x + others) - half a cent.
        needed = _cents_up((rate * others - _CENT) / (1 - rate)) if rate < 1 else math.inf
        shortfall = _cents_up(needed - owner)
        private = plan.total("prive")
        message = (f"Le maître d'ouvrage apporte {format_montant(owner)}, soit "
                   f"{_pct(share, minimum_required)} des financements publics "
                   f"({format_montant(public_base)}, sa part comprise) ; le minimum est "
                   f"{format_nombre(minimum_required)} %. Avec les mêmes aides publiques, sa "
                   f"participation doit atteindre au moins {format_montant(needed)} : il manque "
                   f"{format_montant(shortfall, ht=False)}.")
        if private > 0:
            message += (f" Les fonds privés ({format_montant(private)}) n'entrent pas dans cette "
                        f"base de calcul.")
        breaches.append(Breach("participation-minimale", message, basis))

    return PlanCheck(plan=plan, jour=jour, part_maitre_ouvrage=share,
                     minimum_requis=minimum_required, base_minimum=basis,
                     manquements=tuple(breaches), avertissements=tuple(warnings),
                     exception=exception, reserve=reserve, vigilances=tuple(vigilances))
