"""``piu financement``: check a financing plan, check de minimis aid, list schemes.

* ``piu financement verifier FICHIER [--json] [--date AAAA-MM-JJ] [--exception ID | --chef-de-file]``
  checks a YAML plan (format in :mod:`piu.financement.plan`). Exit status 0 when the plan
  complies, 1 when it breaks a rule, 2 when the file or an option is malformed.
* ``piu financement de-minimis FICHIER [--json]`` checks a new aid against the ceiling in force
  on its date (file format in :func:`_read_aids`).
* ``piu financement dispositifs [--beneficiaire ...] [--theme ...] [--nature ...] [--stade ...]
  [--json]`` lists the schemes of the dated snapshot.
* ``piu financement paiement --montant M --duree MOIS --lancement AAAA-MM-JJ [--pme]
  [--acheteur ...] [--demande AAAA-MM-JJ --paiement AAAA-MM-JJ] [--somme S] [--taux-bce T]
  [--json]`` computes the advance, the payment due date and late-payment interest
  (:mod:`piu.financement.paiement`). Exit status 0, or 2 for a value it cannot read.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from piu.core.cli.parser import date_argument, print_result
from piu.core.errors import PiuError
from piu.financement.de_minimis import REGIMES, Aid, check_de_minimis, lire_montant_aide
from piu.financement.dispositifs import (
    AIDES_TERRITOIRES,
    BENEFICIAIRES,
    NATURES,
    STADES,
    THEMES,
    find_schemes,
    qui_peut_aider,
    snapshot_date,
)
from piu.financement.paiement import ACHETEURS_PAIEMENT, calculer_paiement
from piu.financement.plan import PlanInvalide, check_plan, duplicate_keys, load_plan

MODULE = 4


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("financement", help="plan de financement, de minimis, dispositifs",
                            description="Outils du module 4 « Financer l'innovation ».")
    actions = parser.add_subparsers(dest="action", title="actions", metavar="ACTION",
                                    parser_class=type(parser))
    actions.required = True

    check = actions.add_parser(
        "verifier", help="vérifier un plan de financement (fichier YAML)",
        description="Vérifie l'équilibre du plan et la participation minimale du maître "
                    "d'ouvrage (CGCT L1111-10 III). Code de sortie : 0 conforme, 1 à corriger, "
                    "2 fichier ou option invalide.")
    check.add_argument("fichier", type=Path, help="plan au format YAML (cout_total, sources)")
    check.add_argument("--json", action="store_true", help="sortie JSON")
    check.add_argument("--date", type=date_argument, default=None,
                       help="date à laquelle appliquer les règles (AAAA-MM-JJ ; défaut : aujourd'hui)")
    # The help names the table rather than reading it: building the parser must not need data/.
    group = check.add_mutually_exclusive_group()
    group.add_argument("--exception", metavar="ID",
                       help="exception légale à la participation minimale (identifiant de la table "
                            "data/exceptions_participation.csv)")
    group.add_argument("--chef-de-file", action="store_true",
                       help="opération relevant d'une compétence à chef de file : 30 %% (L1111-9)")
    check.set_defaults(run=run_check)

    minimis = actions.add_parser(
        "de-minimis", help="vérifier une aide de minimis à une entreprise (fichier YAML)",
        description="Cumule les aides de minimis reçues sur la période de référence et compare au "
                    "plafond en vigueur à la date d'octroi. Code de sortie : 0 sous le plafond, "
                    "1 au-dessus, 2 fichier invalide.")
    minimis.add_argument("fichier", type=Path,
                         help="YAML : date, nouvelle_aide, regime (general|sieg), aides")
    minimis.add_argument("--json", action="store_true", help="sortie JSON")
    minimis.set_defaults(run=run_de_minimis)

    finder = actions.add_parser("dispositifs", help="lister les dispositifs de l'instantané",
                                description="Filtre l'instantané pédagogique des dispositifs. "
                                            f"Source à jour : {AIDES_TERRITOIRES}")
    finder.add_argument("--beneficiaire", choices=list(BENEFICIAIRES))
    finder.add_argument("--theme", choices=list(THEMES))
    finder.add_argument("--nature", choices=list(NATURES))
    finder.add_argument("--stade", choices=list(STADES))
    finder.add_argument("--date", type=date_argument, default=None, help="date (AAAA-MM-JJ)")
    finder.add_argument("--json", action="store_true", help="sortie JSON")
    finder.set_defaults(run=run_schemes)

    pay = actions.add_parser(
        "paiement", help="avance, délai de paiement et intérêts moratoires d'un marché",
        description="Avance due au titulaire (CCP R2191-3 et suivants), date limite de paiement "
                    "(R2192-10) et, si le paiement est en retard, intérêts moratoires (R2192-31, taux "
                    "de la BCE du semestre) et indemnité forfaitaire (D2192-35), selon les règles en "
                    "vigueur aux dates données. Marchés des collectivités seulement. Code de sortie : "
                    "0, ou 2 pour une valeur illisible.",
        epilog="Exemple : piu financement paiement --montant \"120 000\" --duree 18 --lancement "
               "2026-02-01 --pme --acheteur grande-collectivite --demande 2026-03-02 --paiement "
               "2026-04-20 --somme \"36 000\"")
    pay.add_argument("--montant", required=True, metavar="MONTANT_HT",
                     help="montant initial du marché ou de la tranche affermie, en euros HT")
    pay.add_argument("--duree", required=True, metavar="MOIS", help="délai d'exécution, en mois")
    pay.add_argument("--lancement", required=True, metavar="AAAA-MM-JJ",
                     help="date de lancement de la consultation (règles de l'avance)")
    pay.add_argument("--tva", default="20", metavar="POURCENT", help="taux de TVA (défaut : 20)")
    pay.add_argument("--pme", action="store_true", help="le titulaire est une PME")
    pay.add_argument("--acheteur", default="collectivite", type=str.lower,
                     choices=list(ACHETEURS_PAIEMENT),
                     help="collectivite, ou grande-collectivite (dépenses réelles de "
                          "fonctionnement au-delà du seuil de data/regles_contrat.csv)")
    pay.add_argument("--demande", default=None, metavar="AAAA-MM-JJ",
                     help="date de réception de la demande de paiement (facture)")
    pay.add_argument("--paiement", default=None, metavar="AAAA-MM-JJ", help="date du paiement")
    pay.add_argument("--somme", default=None, metavar="MONTANT_TTC",
                     help="somme TTC payée en retard (défaut : tout le marché TTC)")
    pay.add_argument("--taux-bce", default=None, metavar="POURCENT",
                     help="taux de la BCE à utiliser quand le semestre n'est pas vérifié dans "
                          "data/taux_bce.csv (par exemple 2,15)")
    pay.add_argument("--json", action="store_true",
                     help="sortie JSON : « avance », « paiement » (échéance, jours de retard, "
                          "intérêts, indemnité), « bases » et « avertissements »")
    pay.set_defaults(run=run_payment)


def run_payment(args: argparse.Namespace) -> int:
    result = calculer_paiement(args.montant, args.duree, args.lancement, tva_pct=args.tva,
                               pme=args.pme, acheteur=args.acheteur, demande=args.demande,
                               paiement=args.paiement, somme_ttc=args.somme,
                               taux_bce_pct=args.taux_bce)
    return print_result(result, args.json)


def run_check(args: argparse.Namespace) -> int:
    result = check_plan(load_plan(args.fichier), args.date, args.exception, args.chef_de_file)
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return 0 if result.conforme else 1
    print(f"Plan {args.fichier.name} : {result.verdict} "
          f"(règles en vigueur le {result.jour:%d/%m/%Y}).")
    print(f"Part du maître d'ouvrage dans les financements publics : "
          f"{result.part_affichee} ({result.minimum_affiche}).")
    for breach in result.manquements:
        print(f"- [{breach.regle}] {breach.message}\n  Base légale : {breach.base_legale}")
    if result.reserve:
        print(f"Réserve : {result.reserve}")
    for warning in result.avertissements:
        print(f"Attention : {warning}")
    for point in result.vigilances:
        print(f"Point de vigilance : {point.texte}\n  Base légale : {point.base_legale}")
    return 0 if result.conforme else 1


_AIDS_FILE_KEYS = {"date", "nouvelle_aide", "regime", "aides"}
_AID_KEYS = {"date", "montant", "financeur"}


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key repeated in the same block (PyYAML keeps the last)."""


def _strict_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    repeated = duplicate_keys(node)
    if repeated:
        raise PlanInvalide(f"champ en double, {' ; '.join(repeated)} ; gardez-en un seul")
    return loader.construct_mapping(node, deep=True)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _strict_mapping)


def _unknown(raw: dict[Any, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(str(k) for k in raw if k not in allowed)
    if unknown:
        raise PlanInvalide(f"{where} : champ(s) inconnu(s) {', '.join(f'« {k} »' for k in unknown)} ; "
                           f"champs possibles : {', '.join(sorted(allowed))}.")


def _read_aids(path: Path) -> tuple[list[Aid], float, date, str]:
    """Read ``date``, ``nouvelle_aide``, ``regime`` (optional) and ``aides`` from YAML.

    Every mistake is reported with the file and the aid's number: a typo in a key
    (« montantt ») or a repeated key must not silently change the verdict.
    """
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)  # a SafeLoader subclass
    except FileNotFoundError:
        raise PlanInvalide(f"Fichier introuvable : {path}.") from None
    except PlanInvalide as exc:
        raise PlanInvalide(f"{path.name} : {exc}.") from None
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
        raise PlanInvalide(f"{path.name} : fichier YAML illisible ({exc.__class__.__name__}) ; "
                           f"vérifiez l'indentation et les deux-points.") from None
    except ValueError as exc:  # an impossible date such as 2024-13-01
        raise PlanInvalide(f"{path.name} : valeur illisible ({exc}) ; dates au format "
                           f"AAAA-MM-JJ.") from None
    if not isinstance(raw, dict) or "date" not in raw or "nouvelle_aide" not in raw:
        raise PlanInvalide(f"{path.name} : champs attendus « date » (octroi de la nouvelle aide), "
                           f"« nouvelle_aide » (montant) et « aides » (liste des aides reçues).")
    _unknown(raw, _AIDS_FILE_KEYS, path.name)

    def as_day(value: Any, where: str) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise PlanInvalide(f"{path.name}, {where} : date « {value} » invalide "
                               f"(format AAAA-MM-JJ).") from None

    def amount(value: Any, where: str) -> float:
        try:
            return lire_montant_aide(value, f"{path.name}, {where}")
        except PiuError as exc:
            raise PlanInvalide(str(exc)) from None

    day = as_day(raw["date"], "champ « date »")
    items = raw.get("aides")
    if items is None:
        items = []
    if not isinstance(items, list):
        raise PlanInvalide(f"{path.name} : « aides » doit être une liste, une aide par ligne "
                           f"commençant par un tiret, par exemple\n"
                           f"aides:\n  - {{date: 2023-03-10, montant: 60000, financeur: Région}}")
    aids = []
    for number, item in enumerate(items, 1):
        where = f"aide n° {number}"
        if not isinstance(item, dict) or "date" not in item or "montant" not in item:
            raise PlanInvalide(f"{path.name}, {where} : « date » et « montant » attendus.")
        _unknown(item, _AID_KEYS, f"{path.name}, {where}")
        aids.append(Aid(as_day(item["date"], where), amount(item["montant"], where),
                        str(item.get("financeur") or "")))
    regime = str(raw.get("regime", "general"))
    if regime not in REGIMES:
        raise PlanInvalide(f"{path.name} : régime « {regime} » inconnu ; {', '.join(REGIMES)}.")
    return aids, amount(raw["nouvelle_aide"], "champ « nouvelle_aide »"), day, regime


def run_de_minimis(args: argparse.Namespace) -> int:
    aids, new_aid, day, regime = _read_aids(args.fichier)
    result = check_de_minimis(aids, new_aid, day, regime)
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(result.message())
    return 0 if result.conforme else 1


def run_schemes(args: argparse.Namespace) -> int:
    frame = find_schemes(args.beneficiaire, args.theme, args.nature, args.stade, args.date)
    if args.json:
        rows = [{k: (v.isoformat() if isinstance(v, date) else (None if v is None or v != v else v))
                 for k, v in r.items()} for r in frame.astype(object).to_dict("records")]
        print(json.dumps({"releve_le": snapshot_date().isoformat(), "source_a_jour": AIDES_TERRITOIRES,
                          "dispositifs": rows,
                          "qui_peut_aider": qui_peut_aider(args.beneficiaire, args.date)},
                         ensure_ascii=False, indent=2, default=str))
        return 0
    for _, r in frame.iterrows():
        flag = "" if r["statut"] == "confirme" else f" [{r['statut']}]"
        print(f"- {r['nom']} ({r['financeur']}) : {r['montant_indicatif']}{flag}\n  {r['url']}")
    print(f"{len(frame)} dispositif(s). Instantané pédagogique relevé le {snapshot_date():%d/%m/%Y} ; "
          f"source officielle et à jour : {AIDES_TERRITOIRES}")
    who = qui_peut_aider(args.beneficiaire, args.date)
    if who:
        print("Qui peut aider, sur quelle base ?")
        for line in who:
            print(f"- {line}")
    return 0


__all__ = ["register"]
