"""``piu freins``: the workshop's barriers, one project's map, and the group map.

- ``piu freins liste [--groupe G] [--json]``: the barriers, their identifiers and levers;
- ``piu freins carte FICHIER [--sortie F] [--json]``: a project's map, from a file saved by
  the notebook's form (format ``piu-freins``) or from a short YAML file of ratings;
- ``piu freins fusionner FICHIERS... [--sortie F] [--json]``: the trainer's group map.

Exit status: 0 when a map is shown; 2 when the input cannot be read. For ``fusionner``, a
malformed file is named with its reason and skipped, the others are merged (status 0); the
status is 2 only when no file at all could be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from piu.core.cli.parser import _FrenchHelpFormatter
from piu.core.errors import PiuError
from piu.core.files import raison
from piu.freins.carte import carte_des_freins, section_depuis_donnees, texte_carte
from piu.freins.catalogue import GROUPES, catalogue, texte_regle
from piu.freins.fichier import enregistrer_resultat, lire_texte_resultat
from piu.freins.fusion import OUTIL, OUTIL_GROUPE, fusionner_fichiers, texte_carte_groupe

MODULE = 1


class _ExampleFormatter(argparse.RawDescriptionHelpFormatter, _FrenchHelpFormatter):
    """French help that keeps the example file's lines as written."""

_SAISIE = """\
Fichier d'entrée : soit un fichier enregistré par la carte des freins du notebook (.json),
soit un petit fichier YAML de notes, par exemple :

  projet: Livraisons à vélo du centre-ville
  notes:
    prise-au-serieux: 3        # 1 gêne, 2 freine, 3 bloque
    pistes-cyclables: 2
  propres:
    - libelle: Bail précaire de trois ans
      groupe: territoires
      note: 2

Les identifiants des freins : piu freins liste.
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("freins", help="carte des freins d'un projet et carte du groupe",
                            description="Les freins à l'innovation urbaine relevés par l'atelier "
                                        "PIU (module 1), leurs leviers, la carte d'un projet et "
                                        "celle d'un groupe.")
    actions = parser.add_subparsers(dest="action", title="actions", metavar="ACTION",
                                    parser_class=type(parser))
    actions.required = True
    listing = actions.add_parser("liste", help="les freins, leurs identifiants et leurs leviers",
                                 description="Les freins de l'atelier, groupe par groupe.")
    listing.add_argument("--groupe", choices=list(GROUPES), default=None, help="un seul groupe")
    listing.add_argument("--json", action="store_true", help="sortie JSON")
    listing.set_defaults(run=run_list)
    card = actions.add_parser(
        "carte", help="la carte des freins d'un projet et ses actions, dans l'ordre",
        description="Lit les notes d'un projet et donne la liste d'actions ordonnée.\n"
                    "Statut de sortie : 0 carte affichée, 2 fichier illisible.",
        epilog=_SAISIE, formatter_class=_ExampleFormatter)
    card.add_argument("fichier", type=Path, help="fichier .json enregistré ou fichier YAML de notes")
    card.add_argument("--sortie", type=Path, default=None,
                      help="enregistrer la carte dans ce fichier .json (à ajouter au dossier du projet)")
    card.add_argument("--json", action="store_true", help="sortie JSON")
    card.add_argument("--ecraser", action="store_true",
                      help="remplacer un fichier .json existant qui n'est pas une carte des freins "
                           "(jamais un travail enregistré)")
    card.set_defaults(run=run_card)
    merge = actions.add_parser(
        "fusionner", help="fusionner les cartes des participants en une carte du groupe",
        description="Fusionne les cartes enregistrées par les participants : combien ont cité "
                    "chaque frein, leur note moyenne, les leviers à discuter dans l'ordre. Un "
                    "fichier illisible est nommé avec sa raison et écarté, les autres sont "
                    "fusionnés (statut 0) ; statut 2 seulement si aucun fichier n'a pu être lu.")
    merge.add_argument("fichiers", nargs="+", type=Path, help="cartes des participants (.json)")
    merge.add_argument("--sortie", type=Path, default=None,
                       help="enregistrer la carte du groupe dans ce fichier .json")
    merge.add_argument("--json", action="store_true", help="sortie JSON")
    merge.add_argument("--ecraser", action="store_true",
                       help="remplacer un fichier .json existant qui n'est pas une carte du groupe "
                            "(jamais un travail enregistré)")
    merge.set_defaults(run=run_merge)


def run_list(args: argparse.Namespace) -> int:
    freins = [f for f in catalogue() if args.groupe in (None, f.groupe)]
    if args.json:
        print(json.dumps([{"id": f.id, "groupe": f.groupe, "libelle": f.libelle, "cout": f.cout,
                           "action": f.action, "modules": list(f.modules),
                           "regles": [texte_regle(r) for r in f.regles], "source": f.source}
                          for f in freins], ensure_ascii=False, indent=2))
        return 0
    for groupe, label in GROUPES.items():
        rows = [f for f in freins if f.groupe == groupe]
        if rows:
            print(f"{label} :")
            for f in rows:
                print(f"- {f.id} : {f.libelle}")
    return 0


def _read_input(path: Path) -> dict[str, Any]:
    """A saved map (JSON with « format ») or a YAML file of ratings."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PiuError(f"{path} : fichier introuvable.") from None
    except OSError as exc:
        raise PiuError(f"{path} : fichier illisible ({raison(exc)}).") from None
    try:
        content = yaml.safe_load(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise PiuError(f"{path.name} : ce n'est pas un fichier texte (UTF-8).") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", ligne {mark.line + 1}" if mark else ""
        raise PiuError(f"{path.name}{where} : fichier illisible ({getattr(exc, 'problem', exc)}).") from None
    if isinstance(content, dict) and "format" in content:
        return lire_texte_resultat(raw, path.name, OUTIL, section_depuis_donnees)
    if not isinstance(content, dict):
        raise PiuError(f"{path.name} : attendu « projet », « notes » et, au besoin, « propres ».\n{_SAISIE}")
    unknown = sorted(set(content) - {"projet", "notes", "propres"})
    if unknown:
        raise PiuError(f"{path.name} : champ(s) inconnu(s) : {', '.join(unknown)} ; champs possibles : "
                       f"projet, notes, propres.")
    notes, propres = content.get("notes") or {}, content.get("propres") or []
    if not isinstance(notes, dict):
        raise PiuError(f"{path.name} : « notes » doit lister « identifiant: note », une par ligne.")
    if not isinstance(propres, list):
        raise PiuError(f"{path.name} : « propres » doit être une liste (un tiret par frein).")
    try:
        return carte_des_freins(str(content.get("projet") or ""), notes, propres)
    except PiuError as exc:
        raise PiuError(f"{path.name} : {exc}") from None


def run_card(args: argparse.Namespace) -> int:
    section = _read_input(args.fichier)
    if args.sortie:
        enregistrer_resultat(args.sortie, OUTIL, section, ecraser=args.ecraser, entrees=(args.fichier,))
    if args.json:
        print(json.dumps(section, ensure_ascii=False, indent=2))
    else:
        print(texte_carte(section))
        if args.sortie:
            print(f"Carte enregistrée dans {args.sortie}.")
    return 0


def run_merge(args: argparse.Namespace) -> int:
    carte = fusionner_fichiers(args.fichiers)
    for ignored in carte["ignores"]:
        print(f"piu : fichier écarté : {ignored['raison']}", file=sys.stderr)
    if args.sortie:
        enregistrer_resultat(args.sortie, OUTIL_GROUPE, carte, ecraser=args.ecraser,
                             entrees=tuple(args.fichiers))
    if args.json:
        print(json.dumps(carte, ensure_ascii=False, indent=2))
    else:
        print(texte_carte_groupe(carte))
        if args.sortie:
            print(f"Carte du groupe enregistrée dans {args.sortie}.")
    return 0
