"""``piu rex``: list and filter the REX cards; check a card; add a good card to the deck.

``piu rex [--theme T] [--contrat C] [--population N] [--type T] [--json]`` lists the deck, similar
territories first when a population or a type is given. ``piu rex verifier FICHIER`` exits 0 when
the card is compliant, 1 when it has problems (the problems are the answer), 2 when the file
cannot be read. ``piu rex ajouter FICHIER`` (trainer) copies a compliant card into ``data/rex/``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from piu.core import paths
from piu.core.errors import PiuError
from piu.core.typography import espaces_insecables
from piu.rex.fiche import enregistrer_fiche, lire_fiche, verifier_fiche
from piu.rex.jeu import (
    CONTRATS,
    REGLE_SIMILAIRES,
    THEMES,
    TYPES_TERRITOIRE,
    carte_en_dict,
    charger_jeu,
    selectionner,
)

MODULE = 1


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "rex", help="fiches de retour d'expérience (REX) : lister, filtrer, vérifier une fiche",
        description="Fiches REX : des expériences réelles de collectivités, avec le contrat utilisé "
                    "et qui contacter. Sans action, liste les fiches. " + espaces_insecables(REGLE_SIMILAIRES))
    parser.add_argument("--theme", choices=list(THEMES), default=None, help="garder un thème")
    parser.add_argument("--contrat", choices=list(CONTRATS), default=None,
                        help="garder un type de contrat")
    parser.add_argument("--population", default=None,
                        help="population de votre territoire, par ex. \"45 000\" : territoires "
                             "similaires en premier")
    parser.add_argument("--type", dest="type_territoire", choices=list(TYPES_TERRITOIRE), default=None,
                        help="type de votre territoire : territoires similaires en premier")
    parser.add_argument("--json", action="store_true", help="sortie JSON (liste « cartes »)")
    parser.set_defaults(run=run_list)
    actions = parser.add_subparsers(dest="action", title="actions", metavar="ACTION",
                                    parser_class=type(parser))
    check = actions.add_parser("verifier", help="contrôler une fiche et nommer chaque problème",
                               description="Contrôle une fiche REX au regard du modèle. Statut de "
                                           "sortie : 0 conforme, 1 problèmes, 2 fichier illisible.")
    check.add_argument("fichier", type=Path, help="fichier de la fiche (.yaml)")
    check.add_argument("--json", action="store_true", help="sortie JSON")
    check.set_defaults(run=run_check)
    add = actions.add_parser("ajouter", help="(formateur) ajouter une fiche conforme au jeu",
                             description="Vérifie la fiche puis l'enregistre dans data/rex/ sous "
                                         "son identifiant. Une fiche inventée est refusée.")
    add.add_argument("fichier", type=Path, help="fichier de la fiche (.yaml)")
    add.add_argument("--remplacer", action="store_true",
                     help="remplacer la fiche du jeu qui a le même identifiant")
    add.set_defaults(run=run_add)


def run_list(args: argparse.Namespace) -> int:
    selection = selectionner(charger_jeu(), args.theme, args.contrat, args.population, args.type_territoire)
    if args.json:
        print(json.dumps({"cartes": [carte_en_dict(c) for c in selection],
                          "regle_similaires": REGLE_SIMILAIRES}, ensure_ascii=False, indent=2))
        return 0
    if not selection:
        print("Aucune fiche ne répond à ces critères : retirez un filtre (--theme, --contrat).")
        return 0
    print(f"{len(selection)} fiche(s) REX :")
    for item in selection:
        c = item.carte
        mark = {True: "[territoire similaire] ", False: "", None: ""}[item.similaire]
        where = f" — {item.raison}" if item.raison else ""
        year = f", {c['annee']}" if isinstance(c["annee"], int) else ""
        print(f"- {mark}{c['id']} : {c['titre']} ({c['collectivite']}{year}){where}")
        print(f"    contrat : {CONTRATS[c['contrat']['type']]}")
    if any(i.similaire is not None for i in selection):
        print(REGLE_SIMILAIRES)
    return 0


def run_check(args: argparse.Namespace) -> int:
    result = verifier_fiche(lire_fiche(args.fichier), args.fichier.name)
    if args.json:
        print(json.dumps(result.en_dict(), ensure_ascii=False, indent=2))
    else:
        print(result.texte())
    return 0 if result.conforme else 1


def run_add(args: argparse.Namespace) -> int:
    card = lire_fiche(args.fichier)
    result = verifier_fiche(card, args.fichier.name)
    if not result.conforme:
        print(result.texte())
        print("La fiche n'est pas ajoutée au jeu : corrigez-la d'abord.")
        return 1
    if card.get("fictive"):
        raise PiuError(f"{args.fichier.name} : fiche inventée (fictive: true) ; le jeu ne contient que "
                       f"des expériences réelles et sourcées.")
    target = paths.data_dir() / "rex" / f"{card['id']}.yaml"
    if target.exists() and not args.remplacer:
        raise PiuError(f"Une fiche « {card['id']} » existe déjà dans le jeu ({target}) ; changez "
                       f"l'identifiant ou ajoutez --remplacer.")
    enregistrer_fiche(card, target, remplacer=True, entrees=(args.fichier,))
    charger_jeu()  # the deck must still load (ids unique, file name = id)
    print(f"Fiche « {card['id']} » ajoutée au jeu : {target}.")
    return 0
