"""Load the course's reference data: CSV files described by ``data/datapackage.json``.

Every threshold, amount and rule lives once, in a CSV table whose columns are typed by a
Frictionless Table Schema. Rules carry ``valid_from`` / ``valid_to`` dates; :func:`en_vigueur`
keeps the rows that apply on a given day, so every tool answers for a date.
A malformed file raises :class:`~piu.core.errors.DonneesInvalides` naming the file, line and column.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from piu.core import paths
from piu.core.errors import DonneesInvalides
from piu.core.french_numbers import format_montant, format_nombre

__all__ = ["datapackage", "en_vigueur", "formater_valeur", "ligne", "remplacer_references", "table",
           "texte_valeur", "valeur"]


def _package_path() -> Path:
    return paths.data_dir() / "datapackage.json"


def datapackage() -> dict[str, Any]:
    """The parsed ``datapackage.json``."""
    path = _package_path()
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DonneesInvalides(f"Description des données introuvable : {path}.") from None
    except json.JSONDecodeError as exc:
        raise DonneesInvalides(f"{path.name}, ligne {exc.lineno} : JSON invalide ({exc.msg}).") from None


def _resource(name: str) -> dict[str, Any]:
    resources = {r["name"]: r for r in datapackage().get("resources", [])}
    if name not in resources:
        raise DonneesInvalides(f"Table « {name} » absente de datapackage.json ; tables connues : "
                               f"{', '.join(sorted(resources))}.")
    return resources[name]


def _convert(series: pd.Series, field: dict[str, Any], file: str) -> pd.Series:
    kind = field.get("type", "string")
    name = field["name"]
    blank = series.isna()

    def fail(bad: pd.Series, expected: str) -> None:
        row = int(bad.idxmax()) + 2  # header is line 1
        raise DonneesInvalides(f"{file}, ligne {row}, colonne « {name} » : "
                               f"« {series[bad.idxmax()]} » n'est pas {expected}.")

    if kind in ("number", "integer"):
        values = pd.to_numeric(series, errors="coerce")
        bad = values.isna() & ~blank
        if bad.any():
            fail(bad, "un nombre (point décimal, sans espace)")
        if kind == "integer":
            if (values.dropna() % 1 != 0).any():
                fail((values % 1 != 0) & ~blank, "un entier")
            return values.astype("Int64")
        return values.astype("Float64")
    if kind == "date":
        values = pd.to_datetime(series, format="%Y-%m-%d", errors="coerce")
        bad = values.isna() & ~blank
        if bad.any():
            fail(bad, "une date AAAA-MM-JJ")
        return values.dt.date.astype("object").where(~blank, None)
    if kind == "boolean":
        mapping = {"true": True, "false": False}
        values = series.str.strip().str.lower().map(mapping)
        bad = values.isna() & ~blank
        if bad.any():
            fail(bad, "true ou false")
        return values.astype("boolean")
    return series.astype("string")


@cache
def _load(name: str, mtime: float) -> pd.DataFrame:
    resource = _resource(name)
    path = paths.data_dir() / resource["path"]
    fields = resource["schema"]["fields"]
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""],
                          encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DonneesInvalides(f"{path.name} : fichier CSV illisible ({exc}).") from None
    expected = [f["name"] for f in fields]
    if list(raw.columns) != expected:
        raise DonneesInvalides(f"{path.name} : colonnes {list(raw.columns)} ; attendues, dans cet "
                               f"ordre : {expected} (voir datapackage.json).")
    frame = pd.DataFrame({f["name"]: _convert(raw[f["name"]], f, path.name) for f in fields})
    for f in fields:
        if f.get("constraints", {}).get("required") and frame[f["name"]].isna().any():
            row = int(frame[f["name"]].isna().to_numpy().argmax()) + 2
            raise DonneesInvalides(f"{path.name}, ligne {row} : la colonne « {f['name']} » est "
                                   f"obligatoire.")
    return frame


def table(name: str) -> pd.DataFrame:
    """A typed copy of one table (reloaded when its file changes)."""
    path = paths.data_dir() / _resource(name)["path"]
    if not path.exists():
        raise DonneesInvalides(f"Fichier de données introuvable : {path}.")
    return _load(name, path.stat().st_mtime).copy()


def en_vigueur(frame: pd.DataFrame, jour: date) -> pd.DataFrame:
    """Rows in force on ``jour``: ``valid_from <= jour`` and (``valid_to`` empty or ``>= jour``)."""
    starts = frame["valid_from"].map(lambda d: d is None or pd.isna(d) or d <= jour)
    ends = frame["valid_to"].map(lambda d: d is None or pd.isna(d) or jour <= d)
    return frame[starts & ends]


def _key(name: str) -> str:
    """The column that names a row: ``id``, or the table's one-column ``primaryKey``
    (``objectif`` in ``examen_plan``, ``numero`` in ``modules``)."""
    schema = _resource(name).get("schema", {})
    key = schema.get("primaryKey")
    if isinstance(key, str):
        return key
    if isinstance(key, list) and len(key) == 1 and not any(f["name"] == "id" for f in schema.get("fields", [])):
        return key[0]
    return "id"


def ligne(name: str, row_id: str, jour: date | None = None) -> pd.Series:
    """The row ``id == row_id`` of table ``name`` (or its primary key), the one in force on ``jour`` if dated.

    Without ``jour``, an id with several dated rows (a rule that changed) resolves to the row in
    force today: a chapter read next year quotes next year's rule, not a pinned one.
    """
    frame = table(name)
    rows = frame[frame[_key(name)].astype(str) == str(row_id)]
    if jour is None and len(rows) > 1 and "valid_from" in frame.columns:
        jour = date.today()
    if jour is not None and "valid_from" in frame.columns:
        rows = en_vigueur(rows, jour)
    if rows.empty:
        when = f" en vigueur le {jour:%d/%m/%Y}" if jour else ""
        raise DonneesInvalides(f"Aucune ligne « {row_id} »{when} dans la table « {name} ».")
    if len(rows) > 1:
        raise DonneesInvalides(f"Plusieurs lignes « {row_id} » valables en même temps dans la "
                               f"table « {name} » : corrigez leurs dates.")
    return rows.iloc[0]


def valeur(reference: str) -> Any:
    """Resolve ``"table:id:colonne"`` or ``"table:id:colonne@AAAA-MM-JJ"`` to a Python value.

    This is how chapters (role ``{donnee}``) and the question bank (``{donnee: ...}``) quote a
    figure without retyping it.
    """
    spec, _, when = reference.partition("@")
    parts = spec.split(":")
    if len(parts) != 3:
        raise DonneesInvalides(f"Référence « {reference} » : syntaxe attendue table:id:colonne, "
                               f"suivie au besoin de @AAAA-MM-JJ.")
    table_name, row_id, column = parts
    try:
        jour = date.fromisoformat(when) if when else None
    except ValueError:
        raise DonneesInvalides(f"Référence « {reference} » : date « {when} » invalide "
                               f"(format AAAA-MM-JJ).") from None
    row = ligne(table_name, row_id, jour)
    if column not in row.index:
        raise DonneesInvalides(f"Référence « {reference} » : colonne « {column} » absente de la "
                               f"table « {table_name} ».")
    value = row[column]
    if value is pd.NA or value is None:
        return None
    return value.item() if hasattr(value, "item") else value


def formater_valeur(value: Any, column: str) -> str:
    """French rendering of a value, chosen by its column's name (``montant*``, ``*_pct``)."""
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        if column.endswith("_pct"):
            return format_nombre(float(value)) + "\u00a0%"
        if column.startswith("montant"):
            return format_montant(float(value), ht=column.endswith("_ht"))
        if 0 < abs(value) < 1:  # emission factors: keep three significant digits
            places = 2 - math.floor(math.log10(abs(value)))
            return format_nombre(float(value), places).rstrip("0").rstrip(",")
        return format_nombre(float(value))
    return str(value)


def texte_valeur(reference: str) -> str:
    """:func:`valeur`, formatted for a French reader (``216 000 € HT``, ``20 %``, ``01/04/2026``)."""
    value = valeur(reference)
    if value is None:
        raise DonneesInvalides(f"Référence « {reference} » : valeur vide dans la table.")
    return formater_valeur(value, reference.partition("@")[0].rsplit(":", 1)[-1])


_REFERENCE = re.compile(r"\{donnee\}`([^`]+)`")


def remplacer_references(texte: str) -> str:
    """Replace every ``{donnee}`table:id:colonne@date``` in ``texte`` by its formatted value.

    The same syntax as in chapters, so that question texts quote figures instead of retyping them.
    """
    return _REFERENCE.sub(lambda m: texte_valeur(m.group(1)), texte)
