"""``piu experimentation``: evaluate a living lab and check an experiment protocol.

``piu experimentation grille FICHIER.yaml [--json] [--enregistrer RESULTAT.json]`` scores a
living lab described in YAML (``nom`` and ``scores``); ``piu experimentation protocole
FICHIER.yaml [...]`` checks a protocol (``objectif``, ``indicateurs``, ``duree_mois``,
``criteres_sortie``, ``criteres_passage_echelle``, ``vehicule``). Exit status 0 when the
result is produced, 2 when the file cannot be read or the protocol is incomplete (the
message lists what to fix).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from piu.core.errors import PiuError
from piu.experimentation.fichier import enregistrer_resultat, lire_description
from piu.experimentation.grille import evaluer_living_lab
from piu.experimentation.modification import NATURES_MARCHE, examiner_modification
from piu.experimentation.protocole import construire_protocole

MODULE = 6


def register(sub: argparse._SubParsersAction) -> None:
    _register_modification(sub)
    parser = sub.add_parser("experimentation", help="évaluer un living lab, vérifier un protocole "
                                                    "d'expérimentation", description=
                            "Grille d'évaluation d'un living lab et constructeur de protocole "
                            "d'expérimentation (module 6).")
    actions = parser.add_subparsers(dest="action", title="actions", metavar="ACTION",
                                    parser_class=type(parser))
    actions.required = True
    for name, helptext, run in (
            ("grille", "noter un living lab décrit en YAML et nommer ses points faibles", run_grid),
            ("protocole", "vérifier un protocole d'expérimentation décrit en YAML", run_protocol)):
        action = actions.add_parser(name, help=helptext, description=helptext[0].upper()
                                    + helptext[1:] + ". Statut de sortie : 0 résultat produit, "
                                    "2 fichier illisible ou protocole incomplet.")
        action.add_argument("fichier", type=Path, help="fichier YAML de description")
        action.add_argument("--json", action="store_true", help="sortie JSON")
        action.add_argument("--enregistrer", type=Path, default=None, metavar="RESULTAT.json",
                            help="enregistrer aussi le résultat dans ce fichier (pour le dossier)")
        action.add_argument("--ecraser", action="store_true",
                            help="remplacer un fichier .json existant qui n'est pas un résultat de cet "
                                 "outil (jamais un travail enregistré)")
        action.set_defaults(run=run)


def _output(args: argparse.Namespace, fmt: str, section: dict[str, Any], text: str) -> int:
    if args.enregistrer:
        enregistrer_resultat(args.enregistrer, fmt, section, ecraser=args.ecraser, entrees=(args.fichier,))
    print(json.dumps(section, ensure_ascii=False, indent=2) if args.json else text)
    if args.enregistrer and not args.json:
        print(f"Résultat enregistré dans {args.enregistrer}.")
    return 0


def run_grid(args: argparse.Namespace) -> int:
    raw = lire_description(args.fichier)
    scores = raw.get("scores")
    if not isinstance(scores, dict):
        raise PiuError(f"{args.fichier.name} : champ « scores » manquant ; une ligne par critère, "
                       f"par exemple « independance: 2 ».")
    result = evaluer_living_lab(raw.get("nom", ""), scores)
    return _output(args, "piu-living-lab", result.section(), result.texte())


def run_protocol(args: argparse.Namespace) -> int:
    raw = lire_description(args.fichier)
    known = {"objectif", "indicateurs", "duree_mois", "criteres_sortie", "criteres_passage_echelle",
             "vehicule"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise PiuError(f"{args.fichier.name} : champ « {unknown[0]} » inconnu ; champs possibles : "
                       f"{', '.join(sorted(known))}.")
    indicators = raw.get("indicateurs") or []
    if not isinstance(indicators, list):
        raise PiuError(f"{args.fichier.name} : « indicateurs » doit être une liste (un tiret par "
                       f"indicateur).")
    result = construire_protocole(raw.get("objectif"), indicators, raw.get("duree_mois"),
                                  raw.get("criteres_sortie"), raw.get("criteres_passage_echelle"),
                                  raw.get("vehicule"))
    return _output(args, "piu-experimentation", result.section(), result.texte())


def _register_modification(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "modification", help="passer à l'échelle : le marché peut-il absorber cette extension ?",
        description="Modification de faible montant (CCP R2194-8 et R2194-9) : la modification, "
                    "cumulée avec les précédentes sur le même fondement, doit rester sous le "
                    "seuil européen en vigueur à sa date et sous 10 % (fournitures, services) "
                    "ou 15 % (travaux) du montant initial. Statut de sortie : 0 réponse donnée, "
                    "2 saisie illisible.",
        epilog="Exemple : piu modification --nature services --initial \"120 000\" "
               "--modification \"10 000\" --date 2026-09-01")
    parser.add_argument("--nature", required=True, type=str.lower, choices=list(NATURES_MARCHE),
                        help="nature du marché : " + ", ".join(NATURES_MARCHE))
    parser.add_argument("--initial", required=True, metavar="MONTANT_HT",
                        help="montant initial du marché en euros HT")
    parser.add_argument("--modification", required=True, metavar="MONTANT_HT",
                        help="montant de la modification envisagée en euros HT")
    parser.add_argument("--anterieures", default="0", metavar="MONTANT_HT",
                        help="total des modifications de faible montant déjà faites (R2194-9)")
    parser.add_argument("--acheteur", default="collectivite", type=str.lower,
                        choices=["collectivite", "etat", "entite-adjudicatrice"],
                        help="type d'acheteur (par défaut : collectivite)")
    parser.add_argument("--date", default=None, metavar="AAAA-MM-JJ",
                        help="date de la modification (par défaut : aujourd'hui)")
    parser.add_argument("--json", action="store_true",
                        help="sortie JSON : « faible_montant » (vrai ou faux), « raisons », "
                             "« autres_voies », seuil européen et plafond appliqués")
    parser.set_defaults(run=run_modification)


def run_modification(args: argparse.Namespace) -> int:
    result = examiner_modification(args.nature, args.initial, args.modification, args.date,
                                   acheteur=args.acheteur,
                                   modifications_anterieures=args.anterieures)
    print(json.dumps(result.en_json(), ensure_ascii=False, indent=2) if args.json
          else result.texte())
    return 0
