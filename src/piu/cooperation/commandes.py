"""``piu scic``: check a SCIC described in YAML, show its votes and allocate a surplus.

``piu scic verifier FICHIER [--json]`` exits 0 when the SCIC is compliant, 1 when it breaks a
rule (the breaches are the answer, not an error), 2 when the file cannot be read.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from piu.cooperation.excedent import repartir_excedent
from piu.cooperation.gouvernance import MAJORITES, minorites_de_blocage, repartition_voix
from piu.cooperation.scic_fichier import lire_scic
from piu.cooperation.scic_regles import verifier_scic
from piu.core.cli.parser import date_argument
from piu.core.errors import PiuError
from piu.core.french_numbers import format_nombre

MODULE = 5


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("scic", help="vérifier une SCIC décrite en YAML, ses voix, son excédent",
                            description="Simulateur de SCIC (module 5).")
    actions = parser.add_subparsers(dest="action", title="actions", metavar="ACTION",
                                    parser_class=type(parser))
    actions.required = True
    check = actions.add_parser(
        "verifier", help="contrôler la SCIC au regard de la loi de 1947 (titre II ter)",
        description="Contrôle les catégories d'associés, le plafond du capital public, les "
                    "collèges de vote et la forme. Statut de sortie : 0 conforme, 1 manquements, "
                    "2 fichier illisible.")
    check.add_argument("fichier", type=Path, help="fichier YAML décrivant la SCIC")
    check.add_argument("--jour", type=date_argument, default=None,
                       help="date d'application des règles, AAAA-MM-JJ (par défaut : aujourd'hui)")
    check.add_argument("--json", action="store_true", help="sortie JSON")
    check.set_defaults(run=run_check)
    votes = actions.add_parser("voix", help="part des voix de chaque associé et minorités de blocage")
    votes.add_argument("fichier", type=Path, help="fichier YAML décrivant la SCIC")
    votes.add_argument("--majorite", choices=sorted(MAJORITES), default=None,
                       help="une seule majorité (par défaut : les deux)")
    votes.add_argument("--json", action="store_true", help="sortie JSON")
    votes.set_defaults(run=run_votes)
    surplus = actions.add_parser("excedent", help="répartir l'excédent d'un exercice")
    surplus.add_argument("fichier", type=Path, help="fichier YAML décrivant la SCIC (pour le capital)")
    surplus.add_argument("--excedent", required=True, help="excédent de l'exercice, en euros")
    surplus.add_argument("--tmo", required=True,
                         help="TMO moyen des trois dernières années, en %% (publié chaque semestre)")
    surplus.add_argument("--taux", default=None,
                         help="taux d'intérêt voulu pour les parts, en %% (par défaut : le plafond)")
    surplus.add_argument("--json", action="store_true", help="sortie JSON")
    surplus.set_defaults(run=run_surplus)


def run_check(args: argparse.Namespace) -> int:
    result = verifier_scic(lire_scic(args.fichier), args.jour)
    if args.json:
        print(json.dumps(result.en_dict(), ensure_ascii=False, indent=2))
    else:
        print(result.texte())
    return 0 if result.conforme else 1


def run_votes(args: argparse.Namespace) -> int:
    scic = lire_scic(args.fichier)
    table = repartition_voix(scic)
    majorities = [args.majorite] if args.majorite else list(MAJORITES)
    blocks = [minorites_de_blocage(scic, m) for m in majorities]
    if args.json:
        print(json.dumps({
            "associes": table.to_dict(orient="records"),
            "blocages": [{"majorite": b.majorite, "seuls": [
                {"type": k, "nom": n, "voix_pct": s} for k, n, s in b.seuls],
                "coalitions": [{"membres": list(c), "voix_pct": s} for c, s in b.coalitions]}
                for b in blocks]}, ensure_ascii=False, indent=2))
        return 0
    print(f"Voix à l'assemblée générale de {scic.nom} :")
    for row in table.itertuples():
        college = f", collège « {row.college} »" if row.college else ""
        print(f"- {row.associe} ({row.categorie}{college}) : {format_nombre(row.voix_pct, 1)} % "
              f"des voix, {format_nombre(row.capital_pct, 1)} % du capital")
    for block in blocks:
        print(block.texte())
    return 0


def run_surplus(args: argparse.Namespace) -> int:
    scic = lire_scic(args.fichier)
    try:
        result = repartir_excedent(args.excedent, scic.capital_total, args.tmo, args.taux)
    except PiuError as exc:
        raise PiuError(f"{exc}") from None
    if args.json:
        print(json.dumps({"excedent": result.excedent,
                          "postes": [{"poste": p, "montant": round(m, 2)} for p, m in result.postes()],
                          "taux_interet_pct": result.taux_interet_pct,
                          "plafond_interet_pct": result.plafond_interet_pct,
                          "remarques": list(result.remarques)}, ensure_ascii=False, indent=2))
    else:
        print(result.texte())
    return 0
