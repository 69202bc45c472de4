"""``piu grille FICHIER.csv [--phase attribution --lancement AAAA-MM-JJ] [--json]``: score, rank
and test the robustness of a grid; with a phase, check its criteria against the rules of data/."""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

from piu.core.dates import lire_date_facultative
from piu.core.errors import PiuError, ReponseIllisible
from piu.core.french_numbers import format_nombre, lire_nombre
from piu.evaluation.grille import AMPLITUDE, GRAINE, PHASES, TIRAGES, lire_grille, pourcentage

MODULE = 2


def _fraction(text: str) -> float:
    """``--amplitude`` as a fraction: ``0,2``, ``0.2`` or ``20 %``."""
    hint = "tapez une fraction entre 0 et 1 (0,2) ou un pourcentage (20 %)"
    try:
        value = lire_nombre(text)
    except ReponseIllisible:
        raise PiuError(f"--amplitude : « {text} » n'est pas un nombre lisible ; {hint}.") from None
    if "%" in text:
        value /= 100
    if not math.isfinite(value) or not 0 <= value <= 1:
        raise PiuError(f"--amplitude : « {text} » hors de l'intervalle 0 à 1 (ou 0 % à 100 %) ; "
                       f"{hint}.")
    return value


def _seed(value: int) -> int:
    if value < 0:
        raise PiuError(f"--graine : {value} est négatif ; la graine est un entier positif ou nul "
                       f"(par défaut {GRAINE}).")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "grille", help="classer des options sur une grille multicritère pondérée",
        description="Lit une grille CSV (colonnes critere, poids, puis une colonne par option), "
                    "calcule la note pondérée de chaque option (moyenne pondérée, sur l'échelle "
                    "des notes ; les poids sont normalisés), la stabilité du classement quand "
                    "les poids varient au hasard, et le changement de poids qui inverserait les "
                    "deux premières options. Les tirages multiplient chaque poids par un facteur "
                    "aléatoire : un poids nul reste nul. Avec --phase attribution, vérifie les "
                    "critères (critère environnemental obligatoire pour une consultation lancée à "
                    "compter du 21/08/2026, CCP art. L2152-7 ; ni préférence locale ni références "
                    "du candidat) ; ses tirages testent les poids avant l'avis, sur des profils "
                    "fictifs : une fois les offres reçues, les poids publiés ne changent plus "
                    "(R2152-11, R2152-12).")
    parser.add_argument("fichier", type=Path, help="grille au format CSV (séparateur , ou ;)")
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.add_argument("--phase", choices=list(PHASES),
                        help="à quoi sert la grille : opportunite (étude d'opportunité), selection "
                             "(des candidatures), attribution (choix de l'offre), execution ; "
                             "sans phase, aucune règle n'est vérifiée")
    parser.add_argument("--lancement", default=None,
                        help="date de lancement de la consultation, AAAA-MM-JJ (par défaut "
                             "aujourd'hui) : les règles en vigueur ce jour-là s'appliquent")
    parser.add_argument("--tirages", type=int, default=TIRAGES,
                        help=f"nombre de tirages de poids (par défaut {format_nombre(TIRAGES)})")
    parser.add_argument("--amplitude", type=str, default=str(AMPLITUDE),
                        help="variation maximale de chaque poids, en fraction ou en %% "
                             f"(par défaut {format_nombre(AMPLITUDE)}, "
                             f"soit ±{format_nombre(AMPLITUDE * 100)} %%)")
    parser.add_argument("--graine", type=int, default=GRAINE,
                        help="graine du tirage, entier positif ou nul, pour un résultat "
                             f"reproductible (par défaut {GRAINE})")
    parser.set_defaults(run=run)


def _pluriel(nombre: int, mot: str) -> str:
    return f"{format_nombre(nombre)} {mot}{'s' if nombre > 1 else ''}"


def run(args: argparse.Namespace) -> int:
    amplitude = _fraction(args.amplitude)
    seed = _seed(args.graine)
    launch = lire_date_facultative(args.lancement)
    if launch is not None and args.phase is None:
        raise PiuError("--lancement : indiquez aussi --phase (attribution, par exemple) pour que "
                       "la date serve à vérifier les règles.")
    grid = lire_grille(args.fichier, args.phase, launch)
    result = grid.resultat(args.tirages, amplitude, seed)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    if grid.phase is not None:
        print(f"Grille pour {PHASES[grid.phase]}, consultation lancée le {grid.jour:%d/%m/%Y} : "
              "critères conformes aux règles du cours.")
    print(f"Classement ({_pluriel(len(grid.criteres), 'critère')}, poids normalisés) :")
    for rank, row in enumerate(result["classement"], start=1):
        print(f"  {rank}. {row['option']} : {format_nombre(row['score'], 2)}")
    print(f"Stabilité ({_pluriel(args.tirages, 'tirage')}, poids ±{pourcentage(amplitude, 0)} %, "
          f"graine {seed}) : part des tirages où l'option est première")
    for option, share in result["stabilite"].items():
        print(f"  {option} : {pourcentage(share)} %")
    print(f"Classement complet inchangé dans {pourcentage(result['classement_stable'])} % "
          "des tirages.")
    for critere in result["poids_nuls"]:
        print(f"Note : « {critere} » a un poids nul ; les tirages multiplient les poids, il reste "
              "donc nul dans chacun. Donnez-lui un petit poids pour tester son effet.")
    inv = result["inversion"]
    if inv:
        print(f"Bascule : {inv['texte']}")
    elif result["egalite"]:
        print("Bascule : les deux premières options sont à égalité ; le moindre changement de "
              "poids les départage.")
    elif len(grid.options) > 1:
        print("Bascule : aucun changement d'un seul poids n'inverse les deux premières options.")
    for rappel in result["rappels"]:
        print(f"Rappel : {rappel}")
    return 0
