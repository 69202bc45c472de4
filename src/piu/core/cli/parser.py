"""An :mod:`argparse` parser that speaks French, and never exits from inside the library.

argparse writes its own messages in English and calls ``sys.exit``; this subclass translates
the messages a user actually meets and raises :class:`UsageError`, which ``piu.core.cli.main``
turns into exit status 2 with the usage line.
"""

from __future__ import annotations

import argparse
import json
import re
from datetime import date
from typing import Any, NoReturn

from piu.core.dates import lire_date
from piu.core.errors import PiuError

_TRANSLATIONS = [
    (re.compile(r"unrecognized arguments: (.*)"), r"option ou argument inconnu : \1"),
    (re.compile(r"the following arguments are required: (.*)"), r"argument obligatoire manquant : \1"),
    (re.compile(r"argument (\S+): invalid choice: (['\"]?)(.*?)\2 \(choose from (.*)\)", re.DOTALL),
     r"\1 : choix « \3 » inconnu ; choix possibles : \4"),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"),
     r"les options \2 et \1 ne vont pas ensemble ; gardez-en une seule"),
    (re.compile(r"argument (\S+): expected one argument"),
     r"\1 : une valeur est attendue après cette option"),
    (re.compile(r"argument (\S+): invalid (\w+) value: '(.*)'"), r"\1 : valeur « \3 » invalide"),
    (re.compile(r"argument (\S+): (.*)"), r"\1 : \2"),
]


class UsageError(Exception):
    """A command-line mistake; the message is French and includes how to get help."""


class _FrenchHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "utilisation : " if prefix is None else prefix)


class FrenchArgumentParser(argparse.ArgumentParser):
    """ArgumentParser with French help headings and messages; raises instead of exiting."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", _FrenchHelpFormatter)
        kwargs.setdefault("add_help", False)
        kwargs.setdefault("allow_abbrev", False)  # « --dat » must not silently mean « --date »
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument("-h", "--aide", "--help", action="help",
                          help="afficher cette aide et quitter")

    def error(self, message: str) -> NoReturn:
        stray = re.match(r"unrecognized arguments: (.*)", message)
        if stray and all(part.replace(",", "").replace(".", "").isdigit() for part in stray.group(1).split()):
            # « --montant 100 000 » without quotes: the shell splits the amount at the space.
            raise UsageError(f"« {stray.group(1)} » est de trop : un montant qui contient des espaces se tape "
                             f"entre guillemets, par exemple --montant \"100 000\".\n"
                             f"{self.format_usage().strip()}\nAide : {self.prog} --aide")
        for pattern, replacement in _TRANSLATIONS:
            if pattern.search(message):
                message = pattern.sub(replacement, message)
                break
        raise UsageError(f"{message}\n{self.format_usage().strip()}\n"
                         f"Aide : {self.prog} --aide")


def date_argument(text: str) -> date:
    """argparse ``type=`` for every date option: ``AAAA-MM-JJ`` only, the form the course teaches."""
    try:
        return lire_date(text)
    except PiuError as exc:
        raise argparse.ArgumentTypeError(str(exc).rstrip(".")) from None


def print_result(result: Any, as_json: bool) -> int:
    """Print an engine's answer the way every command does: its ``en_json()`` with ``--json``,
    else its French ``texte()``. Returns the exit status 0."""
    print(json.dumps(result.en_json(), ensure_ascii=False, indent=2) if as_json else result.texte())
    return 0
