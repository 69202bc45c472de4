"""The ``piu`` command: every engine of the course, and the trainer's jobs, in French.

Each sub-command lives in its own module of this package and exposes ``register(subparsers)``;
add a new one to :data:`COMMANDS`. Errors a person can cause print one French message and exit
with status 2 (bad input) — never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from piu.cli import financement_cmd, grille_cmd, notebooks_cmd, procedure_cmd, progress_cmd, questions_cmd, scic_cmd
from piu.cli.parser import FrenchArgumentParser, UsageError
from piu.errors import PiuError

COMMANDS = [questions_cmd, progress_cmd, grille_cmd, procedure_cmd, financement_cmd, scic_cmd, notebooks_cmd]


def build_parser() -> FrenchArgumentParser:
    """The full parser, with one sub-command per engine."""
    parser = FrenchArgumentParser(
        prog="piu",
        description="Outils du cours « Achat public d'innovation urbaine ».",
    )
    sub = parser.add_subparsers(dest="commande", title="commandes", metavar="COMMANDE",
                                parser_class=FrenchArgumentParser)
    sub.required = True
    for command in COMMANDS:
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
    except BrokenPipeError:
        # Output piped into a command that stopped reading (« piu ... | head »): not an error.
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
