"""The ``piu`` command: every engine of the course, and the trainer's jobs, in French.

The framework's own sub-commands (questions, progression, notebooks, servir, donnees) live in this package; each
module of the course brings its own in ``piu.<module>/commandes.py``, found here by
:func:`module_commands` so that the framework never names a module. A command module exposes
``register(subparsers)``. Errors a person can cause print one French message and exit with
status 2 (bad input) — never a traceback.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import sys
from collections.abc import Sequence
from types import ModuleType

import piu
from piu.core.cli import donnees, notebooks, paquet, progress, questions, seance, servir
from piu.core.cli.parser import FrenchArgumentParser, UsageError
from piu.core.errors import PiuError
from piu.core.files import raison

FRAMEWORK_COMMANDS = [questions, progress, notebooks, servir, donnees, seance, paquet]


def module_commands() -> list[ModuleType]:
    """The ``commandes`` module of every course package that has one, in the course's order.

    Each declares ``MODULE`` (its number in ``data/modules.csv``); scanning the package rather
    than reading ``data/`` keeps ``piu --aide`` working when a data file is broken.
    """
    found = []
    for info in pkgutil.iter_modules(piu.__path__):
        if not info.ispkg or info.name == "core":
            continue
        name = f"piu.{info.name}.commandes"
        if importlib.util.find_spec(name) is not None:
            found.append(importlib.import_module(name))
    return sorted(found, key=lambda command: command.MODULE)


def build_parser() -> FrenchArgumentParser:
    """The full parser, with one sub-command per engine."""
    parser = FrenchArgumentParser(
        prog="piu",
        description="Outils du cours « Achat public d'innovation urbaine ».",
    )
    sub = parser.add_subparsers(dest="commande", title="commandes", metavar="COMMANDE",
                                parser_class=FrenchArgumentParser)
    sub.required = True
    for command in [*FRAMEWORK_COMMANDS[:2], *module_commands(), *FRAMEWORK_COMMANDS[2:]]:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``piu`` console script; returns the exit status."""
    try:
        args = build_parser().parse_args(argv)
        return int(args.run(args) or 0)
    except UsageError as exc:
        print(f"piu : {exc}", file=sys.stderr)
        return 2
    except PiuError as exc:
        print(f"piu : {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("piu : interrompu.", file=sys.stderr)
        return 130
    except SystemExit as exc:  # « --aide » prints the help and exits through argparse: a status, not a crash
        return exc.code if isinstance(exc.code, int) else 0
    except BrokenPipeError:
        # Output piped into a command that stopped reading (« piu ... | head »): not an error.
        sys.stderr.close()
        return 0
    except OSError as exc:  # a file the command could not open: the same French words everywhere
        where = f" « {exc.filename} »" if exc.filename else ""
        print(f"piu : fichier ou dossier{where} inaccessible ({raison(exc)}) ; vérifiez le chemin.", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
