"""Read numbers the way a French user types them.

Learners type ``100 000``, ``100 000,50 €``, ``100k€``, ``1,5 M€``, ``1e5`` or ``20 %``.
:func:`lire_nombre` accepts all of these and turns anything else into a
:class:`~piu.core.errors.ReponseIllisible` with a French message, never another exception.
The JavaScript twin in ``book/sphinx/static/piu-quiz.js`` follows the same rules; the browser
test checks that both agree on a table of inputs.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Context, Decimal

from piu.core.errors import ReponseIllisible

_EXACT = Context(prec=400)

__all__ = ["format_montant", "format_nombre", "lire_nombre"]

# Spaces people (and word processors) put between thousands.
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_MULTIPLIERS = {
    "": 1.0,
    "k": 1e3,
    "m": 1e6,
    "md": 1e9,
    "mds": 1e9,
    "mrd": 1e9,
    "milliers": 1e3,
    "millier": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "milliard": 1e9,
    "milliards": 1e9,
}
# Units tolerated after the number; they carry no meaning for the value.
_UNIT_WORDS = ("€", "eur", "euro", "euros", "ht", "%", "pourcent", "pour cent")
_NUMBER = re.compile(r"^([+-]?)(\d[\d.,]*|[.,]\d+)(e[+-]?\d+)?(.*)$")
_EXAMPLES = "par exemple 100 000, 100 000,50 €, 100k€ ou 1,5 M€"
MAX_LENGTH = 80


def _strip_units(rest: str, unit: str | None) -> str:
    """Remove known unit words (and the question's own unit) from the end of ``rest``."""
    words = list(_UNIT_WORDS)
    if unit:
        words.append(_SPACES.sub("", unit.lower()))
    changed = True
    while changed and rest:
        changed = False
        for word in sorted(words, key=len, reverse=True):
            word = _SPACES.sub("", word)
            if word and rest.endswith(word):
                rest = rest[: -len(word)]
                changed = True
    return rest


class AmbiguousSeparator(ValueError):
    """A comma followed by exactly three digits, as in « 100,000 »."""


def _digits_to_float(body: str) -> float:
    """Interpret separators: the comma is decimal, dots group thousands unless clearly decimal."""
    if body.count(",") > 1:
        raise ValueError
    if "," in body:
        whole, _, frac = body.partition(",")
        if re.fullmatch(r"[1-9]\d{0,2}", whole) and len(frac) == 3 and "." not in body:
            # « 100,000 »: English thousands or French decimals? Refuse rather than guess 100.
            raise AmbiguousSeparator
        if "." in frac:
            raise ValueError
        whole = whole.replace(".", "") if re.fullmatch(r"\d{1,3}(\.\d{3})*", whole) else whole
        if "." in whole:
            raise ValueError
        return float(f"{whole or '0'}.{frac or '0'}")
    if body.count(".") > 1:
        if not re.fullmatch(r"\d{1,3}(\.\d{3})+", body):
            raise ValueError
        return float(body.replace(".", ""))
    if re.fullmatch(r"[1-9]\d{0,2}\.\d{3}", body):
        # « 216.000 » : a French thousands separator, not a decimal point.
        return float(body.replace(".", ""))
    return float(body)


def lire_nombre(texte: object, unite: str | None = None) -> float:
    """Return the number typed in ``texte``, or raise :class:`ReponseIllisible`.

    ``unite`` is the unit the question expects (``"€ HT"``, ``"kgCO2e"``...): it may follow the
    number and is ignored. Multipliers ``k``, ``M``, ``Md`` (thousand, million, billion) are
    understood, so ``100k€`` is 100 000 and ``1,5 M€`` is 1 500 000.
    """
    if isinstance(texte, bool):
        raise ReponseIllisible("Réponse attendue : un nombre, pas vrai ou faux.")
    if isinstance(texte, int | float):
        if not math.isfinite(texte):
            raise ReponseIllisible(f"Réponse attendue : un nombre fini, {_EXAMPLES}.")
        return float(texte)
    if not isinstance(texte, str):
        raise ReponseIllisible(f"Réponse attendue : un nombre, {_EXAMPLES}.")
    raw = texte.strip()
    if not raw:
        raise ReponseIllisible(f"La réponse est vide : tapez un nombre, {_EXAMPLES}.")
    if len(raw) > MAX_LENGTH:
        raise ReponseIllisible(f"Réponse trop longue : tapez seulement le nombre, {_EXAMPLES}.")
    compact = _SPACES.sub("", raw.lower()).replace("\u2212", "-")
    if "ttc" in compact:
        raise ReponseIllisible(
            "Vous avez indiqué un montant TTC : la question attend un montant hors taxes (HT)."
        )
    match = _NUMBER.match(compact)
    if not match:
        raise ReponseIllisible(f"« {raw} » n'est pas un nombre lisible : tapez {_EXAMPLES}.")
    sign, body, exponent, rest = match.groups()
    rest = _strip_units(rest, unite)
    if rest not in _MULTIPLIERS:
        raise ReponseIllisible(
            f"Je ne comprends pas « {raw} » : après le nombre, seuls €, HT, %, k (milliers), "
            f"M (millions) ou Md (milliards) sont compris ; tapez {_EXAMPLES}."
        )
    try:
        value = _digits_to_float(body)
    except AmbiguousSeparator:
        whole, _, frac = body.partition(",")
        decimal = f"{whole},{frac.rstrip('0')}" if frac.rstrip("0") else whole
        raise ReponseIllisible(
            f"« {raw} » est ambigu : pour {whole} {frac}, tapez « {whole} {frac} » (espace entre les "
            f"milliers) ; pour un nombre décimal, tapez « {decimal} »."
        ) from None
    except ValueError:
        raise ReponseIllisible(
            f"« {raw} » : les séparateurs ne sont pas clairs. Utilisez la virgule pour les "
            f"décimales et l'espace pour les milliers, {_EXAMPLES}."
        ) from None
    if exponent:
        exp = int(exponent[1:])
        if abs(exp) > 30:
            raise ReponseIllisible(f"« {raw} » : ce nombre est hors de portée.")
        value *= 10.0**exp
    value *= _MULTIPLIERS[rest]
    return -value if sign == "-" else value


def format_nombre(valeur: float, decimales: int | None = None) -> str:
    """Format ``valeur`` the French way: narrow no-break space for thousands, comma for decimals.

    Without ``decimales``, shows at most two decimals and drops trailing zeros (``0,1``).
    Rounds half up, as a person does (14,25 → 14,3 with one decimal), never to even nor by
    the binary value of the float (``f"{14.25:.1f}"`` gives 14.2): the value is first rounded
    to 9 decimals, which removes the float's noise, then rounded half up.
    """
    places = 2 if decimales is None else decimales
    number = float(valeur)
    if math.isfinite(number):
        exact = Decimal(repr(round(number, 9)))
        # A float has at most 309 integer digits: enough precision for any of them.
        rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=_EXACT)
        text = f"{rounded:,.{places}f}"
    else:
        text = f"{number:,.{places}f}"
    if decimales is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\u202f").replace(".", ",")


def format_montant(valeur: float, ht: bool = True) -> str:
    """Format an amount in euros: ``216 000 € HT`` with the no-break spaces French requires."""
    suffix = "\u00a0€" + ("\u00a0HT" if ht else "")
    return format_nombre(valeur, 0 if float(valeur).is_integer() else 2) + suffix


def format_pourcentage(pourcent: float, decimales: int | None = None) -> str:
    """Format a percentage: ``14.25`` → ``14,25 %``, with the no-break space before ``%``.

    ``pourcent`` is already in percent (57.5, not 0.575); ``decimales`` as for
    :func:`format_nombre` (rounded, never truncated).
    """
    return format_nombre(float(pourcent), decimales) + "\u00a0%"
