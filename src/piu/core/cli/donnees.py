"""``piu donnees echeances``: the rules of ``data/`` about to expire, and the facts still « à vérifier ».

Meant for a maintainer before a session and for CI, where it runs as a warning: it exits 0 even
when something expires (the listing is the warning), 2 only on a bad option. See the trainer's
page « Mettre à jour les données ».
"""

from __future__ import annotations

import argparse
import json
from datetime import date

from piu.core.cli.parser import date_argument
from piu.core.errors import PiuError
from piu.core.trainer.expiry import add_months, expiring_rows, pending_checks


def _months(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas un nombre entier de mois "
                                         f"(exemple : --mois 6)") from None
    if not 0 <= value <= 120:
        raise argparse.ArgumentTypeError(f"{value} mois : donnez un nombre entre 0 et 120")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("donnees", help="tenir à jour les données datées (seuils, règles)",
                            description="Données datées du cours (dossier data/).")
    actions = parser.add_subparsers(dest="action", title="actions", metavar="ACTION",
                                    parser_class=type(parser))
    actions.required = True
    due = actions.add_parser(
        "echeances", help="règles qui cessent de s'appliquer bientôt, faits « à vérifier »",
        description="Liste les lignes de data/ dont la validité (valid_to) se termine dans les "
                    "prochains mois, en disant si une ligne prend la suite, puis chaque mention "
                    "« à vérifier » des données et des pages avec sa date. Code de sortie 0 même "
                    "si quelque chose expire : c'est un avertissement.")
    due.add_argument("--mois", type=_months, default=12, metavar="N",
                     help="fenêtre en mois à partir de la date (par défaut : 12)")
    due.add_argument("--date", type=date_argument, default=None, metavar="AAAA-MM-JJ",
                     help="début de la fenêtre (par défaut : aujourd'hui)")
    due.add_argument("--json", action="store_true", help="sortie JSON")
    due.set_defaults(run=run_due)


def run_due(args: argparse.Namespace) -> int:
    day = args.date or date.today()
    try:
        end = add_months(day, args.mois)
    except ValueError:  # 9999-12-31 plus a few months: past the last date Python knows
        raise PiuError(f"--date {day.isoformat()} : la fenêtre de {args.mois} mois dépasse l'an 9999 ; "
                       f"donnez une date réaliste (AAAA-MM-JJ).") from None
    rows = expiring_rows(day, args.mois)
    checks = pending_checks()
    if args.json:
        print(json.dumps({"du": day.isoformat(), "au": end.isoformat(),
                          "echeances": [r.as_dict() for r in rows],
                          "a_verifier": [c.as_dict() for c in checks]},
                         ensure_ascii=False, indent=2))
        return 0
    window = f"du {day:%d/%m/%Y} au {end:%d/%m/%Y}"
    if rows:
        orphans = sum(not r.successeur for r in rows)
        print(f"Attention : {len(rows)} ligne(s) de data/ cessent de s'appliquer {window}"
              + (f", dont {orphans} sans ligne qui prenne la suite :" if orphans else " :"))
        for r in rows:
            then = "une ligne prend la suite" if r.successeur else "AUCUNE LIGNE NE PREND LA SUITE"
            print(f"- {r.table} / {r.id} : jusqu'au {r.valid_to:%d/%m/%Y} ; {then}"
                  + (f" ({r.libelle})" if r.libelle else ""))
            if r.suite:
                print(f"  ensuite, à vérifier : {r.suite}")
    else:
        print(f"Aucune ligne de data/ ne cesse de s'appliquer {window}.")
    undated = sum(c.date is None for c in checks)
    print(f"\n{len(checks)} mention(s) « à vérifier » ou « à confirmer »"
          + (f" ({undated} sans date)" if undated else "") + " :")
    for c in sorted(checks, key=lambda c: (c.date or date.min, c.fichier, c.ligne)):
        when = f"date citée : {c.date:%d/%m/%Y}" if c.date else "sans date"
        print(f"- {c.fichier}, ligne {c.ligne} ({when}) : {c.extrait}")
    return 0
