"""``piu grille FICHIER.csv [--json]``: score, rank and test the robustness of a grid."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from piu.evaluation.grille import AMPLITUDE, GRAINE, TIRAGES, lire_grille
from piu.french_numbers import format_nombre


def _fraction(text: str) -> float:
    from piu.errors import PiuError
    from piu.french_numbers import lire_nombre

    value = lire_nombre(text)
    if "%" in text:
        value /= 100
    if not 0 <= value <= 1:
        raise PiuError(f"--amplitude : « {text} » hors de l'intervalle 0 à 1 (ou 0 % à 100 %).")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "grille", help="classer des options sur une grille multicritère pondérée",
        description="Lit une grille CSV (colonnes critere, poids, puis une colonne par option), "
                    "calcule la note pondérée de chaque option (moyenne pondérée, sur l'échelle "
                    "des notes ; les poids sont normalisés), la stabilité du classement quand "
                    "les poids varient au hasard, et le changement de poids qui inverserait les "
                    "deux premières options.")
    parser.add_argument("fichier", type=Path, help="grille au format CSV (séparateur , ou ;)")
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.add_argument("--tirages", type=int, default=TIRAGES,
                        help=f"nombre de tirages de poids (par défaut {TIRAGES})")
    parser.add_argument("--amplitude", type=str, default=str(AMPLITUDE),
                        help="variation maximale de chaque poids, en fraction ou en %% "
                             f"(par défaut {AMPLITUDE}, soit ±{int(AMPLITUDE * 100)} %%)")
    parser.add_argument("--graine", type=int, default=GRAINE,
                        help=f"graine du tirage, pour un résultat reproductible (par défaut {GRAINE})")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    grid = lire_grille(args.fichier)
    result = grid.resultat(args.tirages, _fraction(args.amplitude), args.graine)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(f"Classement ({len(grid.criteres)} critères, poids normalisés) :")
    for rank, row in enumerate(result["classement"], start=1):
        print(f"  {rank}. {row['option']} : {format_nombre(row['score'], 2)}")
    amplitude = result["sensibilite"]["amplitude"]
    print(f"Stabilité ({args.tirages} tirages, poids ±{format_nombre(100 * amplitude, 0)} %, "
          f"graine {args.graine}) : part des tirages où l'option est première")
    for option, share in result["stabilite"].items():
        print(f"  {option} : {format_nombre(100 * share, 1)} %")
    inv = result["inversion"]
    if inv:
        print(f"Bascule : {inv['texte']}")
    elif result["egalite"]:
        print("Bascule : les deux premières options sont à égalité ; le moindre changement de "
              "poids les départage.")
    elif len(grid.options) > 1:
        print("Bascule : aucun changement d'un seul poids n'inverse les deux premières options.")
    return 0
