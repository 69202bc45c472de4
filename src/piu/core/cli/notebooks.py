"""``piu notebooks epingler FICHIER...``: refresh the outputs that nbval checks (maintainers)."""

from __future__ import annotations

import argparse
from pathlib import Path

from piu.core.errors import PiuError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("notebooks", help="entretien des notebooks (mainteneurs)",
                            description="Entretien des notebooks du cours.")
    actions = parser.add_subparsers(dest="action", title="actions", metavar="ACTION",
                                    parser_class=type(parser))
    actions.required = True
    pin = actions.add_parser("epingler", help="exécuter et garder les sorties vérifiées par nbval",
                             description="Exécute chaque notebook, garde les sorties des cellules "
                                         "« # NBVAL_CHECK_OUTPUT » et efface les autres.")
    pin.add_argument("fichiers", nargs="+", type=Path, help="notebooks (.ipynb)")
    pin.set_defaults(run=run_pin)


def run_pin(args: argparse.Namespace) -> int:
    import nbformat
    from nbclient.exceptions import CellExecutionError

    from piu.core.book.notebook_outputs import pin_outputs

    for path in args.fichiers:  # every file checked before the first is executed and rewritten
        if path.suffix != ".ipynb" or not path.is_file():
            raise PiuError(f"{path} n'est pas un notebook (.ipynb) existant.")
        try:
            nbformat.validate(nbformat.read(path, as_version=4))
        except (ValueError, UnicodeDecodeError, nbformat.ValidationError, KeyError, AttributeError) as exc:
            reason = "pas du texte UTF-8" if isinstance(exc, UnicodeDecodeError) else "JSON ou structure invalide"
            raise PiuError(f"{path} n'est pas un notebook lisible ({reason}) ; rien n'a été exécuté ni "
                           f"modifié.") from None
    for path in args.fichiers:
        try:
            count = pin_outputs(path.resolve())
        except CellExecutionError as exc:
            raise PiuError(f"{path} : une cellule a échoué ; corrigez-la puis relancez.\n{exc}") from None
        print(f"{path} : {count} sortie(s) épinglée(s).")
    return 0
