"""Reading a date the way the course teaches it: ``AAAA-MM-JJ``, and nothing looser.

Every tool answers for a date, so every tool reads one: the command line, the forms and the
engines all go through :func:`lire_date`, and a learner meets one rule and one message.
"""

from __future__ import annotations

import re
from datetime import date

from piu.core.errors import PiuError

_FORME = re.compile(r"\d{4}-\d{2}-\d{2}")


def lire_date(texte: object, erreur: type[PiuError] = PiuError) -> date:
    """A date typed ``AAAA-MM-JJ`` (or already a :class:`date`); raises ``erreur`` otherwise.

    :meth:`date.fromisoformat` alone would also read ``20260401`` or ``2026-W14``, which the
    course never shows; ``erreur`` lets an engine raise its own kind of :class:`PiuError`.
    """
    if isinstance(texte, date):
        return texte
    typed = str(texte).strip()
    if _FORME.fullmatch(typed):
        try:
            return date.fromisoformat(typed)
        except ValueError:
            pass
    raise erreur(f"Date « {texte} » illisible : tapez une date réelle au format AAAA-MM-JJ, "
                 f"par exemple 2026-04-01.")


def lire_date_facultative(texte: object, erreur: type[PiuError] = PiuError) -> date | None:
    """:func:`lire_date`, where ``None`` (no date given) means « today » to the caller."""
    return None if texte is None else lire_date(texte, erreur)
