"""``piu contrat`` and ``piu procedure``: which contract, then which procedure, on a date."""

from __future__ import annotations

import argparse
from datetime import date

from piu.core.cli.parser import print_result
from piu.procedures.candidats import plafond_chiffre_affaires
from piu.procedures.concession import ELEMENTS_CONCESSION, estimer_concession
from piu.procedures.conseil import ACHETEURS, NATURES, conseiller, lire_date
from piu.procedures.contrat import INITIATIVES, REMUNERATIONS, qualifier

MODULE = 3


def register(sub: argparse._SubParsersAction) -> None:
    _register_contrat(sub)
    _register_candidats(sub)
    _register_concession(sub)
    parser = sub.add_parser(
        "procedure", help="quelles procédures pour un besoin, à une date donnée",
        description="Conseiller de procédure : les voies ouvertes par le Code de la commande "
                    "publique pour un besoin, selon les seuils en vigueur à la date de lancement "
                    "de la consultation.",
        epilog="Exemple : piu procedure --acheteur collectivite --nature services "
               "--montant \"150 000\" --date 2026-04-01 --innovant")
    parser.add_argument("--acheteur", required=True, type=str.lower, choices=list(ACHETEURS),
                        help="type d'acheteur : " + ", ".join(ACHETEURS))
    parser.add_argument("--nature", required=True, type=str.lower, choices=list(NATURES),
                        help="nature du marché : " + ", ".join(NATURES))
    parser.add_argument("--montant", required=True, metavar="MONTANT_HT",
                        help="valeur estimée du besoin en euros HT (100 000, 100k€, 1,5 M€…)")
    parser.add_argument("--date", default=None, metavar="AAAA-MM-JJ",
                        help="date de lancement de la consultation (par défaut : aujourd'hui)")
    parser.add_argument("--innovant", action="store_true",
                        help="la solution recherchée est innovante (L2172-3 al. 2)")
    parser.add_argument("--rd", action="store_true",
                        help="le besoin exige de la recherche et développement avant tout achat")
    parser.add_argument("--json", action="store_true",
                        help="sortie JSON : « voies » liste les voies que la valeur estimée "
                             "ouvre ; « voies_facultatives » les procédures formalisées que "
                             "l'acheteur peut choisir sous le seuil européen (facultatif: true)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    jour = lire_date(args.date) if args.date is not None else None
    result = conseiller(args.acheteur, args.nature, args.montant, jour,
                        innovant=args.innovant, rd=args.rd)
    return print_result(result, args.json)


def _register_contrat(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "contrat", help="quel contrat (marché, concession, occupation du domaine, subvention) ?",
        description="Conseiller « Quel contrat ? » : avant de chercher une procédure, qualifier "
                    "le contrat selon qui définit le projet, qui paie l'opérateur, qui porte le "
                    "risque d'exploitation et si le projet occupe le domaine public.",
        epilog="Exemple : piu contrat --initiative porteur --remuneration aucune "
               "--domaine-public --date 2026-09-01. Pour un marché, cherchez ensuite la "
               "procédure avec piu procedure.")
    parser.add_argument("--initiative", required=True, type=str.lower, choices=list(INITIATIVES),
                        help="qui définit le projet : collectivite (un besoin de la "
                             "collectivité) ou porteur (un projet privé)")
    parser.add_argument("--remuneration", required=True, type=str.lower,
                        choices=list(REMUNERATIONS),
                        help="prix (la collectivité paie), usagers (les usagers paient "
                             "l'opérateur) ou aucune (personne n'est payé)")
    parser.add_argument("--risque-exploitation", action="store_true",
                        help="l'opérateur porte réellement le risque d'exploitation")
    parser.add_argument("--domaine-public", action="store_true",
                        help="le projet occupe le domaine public")
    parser.add_argument("--date", default=None, metavar="AAAA-MM-JJ",
                        help="date de la décision ou du lancement (par défaut : aujourd'hui)")
    parser.add_argument("--json", action="store_true",
                        help="sortie JSON : « qualification » (id, libelle, base_legale, "
                             "explication) et « vigilance » (liste de points, id et texte)")
    parser.set_defaults(run=run_contrat)


def run_contrat(args: argparse.Namespace) -> int:
    jour = lire_date(args.date) if args.date is not None else None
    result = qualifier(args.initiative, args.remuneration, args.risque_exploitation,
                       args.domaine_public, jour)
    return print_result(result, args.json)


def _register_candidats(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "candidats", help="chiffre d'affaires minimal exigible des candidats, à une date",
        description="Plafond du chiffre d'affaires annuel minimal qu'un acheteur peut exiger des "
                    "candidats (CCP R2142-7), selon la règle en vigueur à la date de lancement de la "
                    "consultation. Code de sortie : 0, ou 2 pour une valeur illisible.",
        epilog="Exemple : piu candidats --montant \"180 000\" --date 2026-03-01 --exige \"400 000\"")
    parser.add_argument("--montant", required=True, metavar="MONTANT_HT",
                        help="montant estimé du marché ou du lot, en euros HT")
    parser.add_argument("--date", default=None, metavar="AAAA-MM-JJ",
                        help="date de lancement de la consultation (par défaut : aujourd'hui)")
    parser.add_argument("--exige", default=None, metavar="MONTANT_HT",
                        help="chiffre d'affaires que l'acheteur compte exiger, à comparer au plafond")
    parser.add_argument("--json", action="store_true",
                        help="sortie JSON : coefficient, plafond_ht, base_legale, exigence_conforme")
    parser.set_defaults(run=run_candidats)


def run_candidats(args: argparse.Namespace) -> int:
    jour = args.date if args.date is not None else date.today()
    result = plafond_chiffre_affaires(args.montant, jour, args.exige)
    return print_result(result, args.json)


def _register_concession(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "concession", help="valeur estimée d'une concession et procédure, à une date",
        description="Valeur estimée d'une concession : chiffre d'affaires total hors taxes du "
                    "concessionnaire sur toute la durée (CCP R3121-1, éléments de R3121-2), comparé au "
                    "seuil européen des concessions en vigueur à la date de lancement. Code de "
                    "sortie : 0, ou 2 pour une valeur illisible.",
        epilog="Exemple : piu concession --date 2026-05-01 --recettes-usagers \"4 200 000\" "
               "--paiements-publics \"1 300 000\" --json")
    parser.add_argument("--date", default=None, metavar="AAAA-MM-JJ",
                        help="date de lancement (envoi de l'avis de concession ; défaut : aujourd'hui)")
    for key, label in ELEMENTS_CONCESSION.items():
        parser.add_argument("--" + key.replace("_", "-"), dest=key, default=None, metavar="MONTANT_HT",
                            help=label.replace("%", "%%"))
    parser.add_argument("--json", action="store_true",
                        help="sortie JSON : total_ht, seuil_europeen_ht, procedure_simplifiee, detail")
    parser.set_defaults(run=run_concession)


def run_concession(args: argparse.Namespace) -> int:
    jour = args.date if args.date is not None else date.today()
    result = estimer_concession(jour, **{k: getattr(args, k) for k in ELEMENTS_CONCESSION})
    return print_result(result, args.json)
