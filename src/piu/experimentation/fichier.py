"""Save a tool's result to a file and read it back, checked field by field.

A saved result wraps one *section* of the learner's project file (module 7)::

    {"format": "piu-living-lab" | "piu-experimentation", "version": 1, "date": "AAAA-MM-JJ",
     "donnees": {...}}

It is written atomically (temporary file, flushed, then :func:`os.replace`), so an interrupted
save leaves the previous file intact. Reading checks the wrapper and every field of the
section and names the field at fault in French; a damaged file never shows a traceback.
Works in the browser (JupyterLite), where files live in the kernel's in-memory file system.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from piu.core.errors import PiuError
from piu.core.files import ecrire_atomique, genre_json, raison
from piu.core.learner import dossier

__all__ = ["FORMATS", "FichierResultatInvalide", "enregistrer_resultat", "lire_description", "lire_resultat",
           "valider_experimentation", "valider_living_lab"]

VERSION = dossier.VERSION  # one version for every result file, written by the framework


class FichierResultatInvalide(PiuError):
    """A result file cannot be read or does not hold what its format promises."""


def _fail(where: str, message: str) -> None:
    raise FichierResultatInvalide(f"{where} : {message}")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _str(section: Mapping[str, Any], key: str, where: str) -> str:
    if not isinstance(section.get(key), str) or not section[key].strip():
        _fail(where, f"le champ « {key} » doit être un texte non vide.")
    return section[key]


def _strings(section: Mapping[str, Any], key: str, where: str, minimum: int = 0) -> list[str]:
    value = section.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        _fail(where, f"le champ « {key} » doit être une liste de textes.")
    if len(value) < minimum:
        _fail(where, f"le champ « {key} » doit contenir au moins {minimum} élément.")
    return value


def valider_living_lab(section: Any, where: str = "living_lab") -> dict[str, Any]:
    """Check a ``living_lab`` section: ``nom``, ``scores`` (criterion → integer 0 to 3),
    ``points_faibles`` (texts) and ``verdict``."""
    if not isinstance(section, dict):
        _fail(where, "la section doit être un ensemble de champs (nom, scores, points_faibles, verdict).")
    _str(section, "nom", where)
    scores = section.get("scores")
    if not isinstance(scores, dict) or not scores:
        _fail(where, "le champ « scores » doit associer chaque critère à sa note.")
    for key, value in scores.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 3:
            _fail(where, f"scores, critère « {key} » : la note doit être un entier de 0 à 3 "
                         f"(lu : {value!r}).")
    _strings(section, "points_faibles", where)
    _str(section, "verdict", where)
    return section


def valider_experimentation(section: Any, where: str = "experimentation") -> dict[str, Any]:
    """Check an ``experimentation`` section (shape: :meth:`Protocole.section
    <piu.experimentation.protocole.Protocole.section>`)."""
    if not isinstance(section, dict):
        _fail(where, "la section doit être un ensemble de champs (objectif, indicateurs...).")
    _str(section, "objectif", where)
    indicators = section.get("indicateurs")
    if not isinstance(indicators, list) or not indicators:
        _fail(where, "le champ « indicateurs » doit être une liste d'au moins un indicateur.")
    for n, item in enumerate(indicators, start=1):
        here = f"{where}, indicateur n° {n}"
        if not isinstance(item, dict):
            _fail(here, "attendu « nom », « unite », « avant » et « cible ».")
        _str(item, "nom", here)
        if not isinstance(item.get("unite", ""), str):
            _fail(here, "le champ « unite » doit être un texte.")
        for key in ("avant", "cible"):
            if item.get(key) is not None and not _is_number(item[key]):
                _fail(here, f"le champ « {key} » doit être un nombre ou rester vide ; "
                            f"lu : {item[key]!r}.")
    months = section.get("duree_mois")
    if not isinstance(months, int) or isinstance(months, bool) or months <= 0:
        _fail(where, f"le champ « duree_mois » doit être un nombre entier de mois (lu : {months!r}).")
    _strings(section, "criteres_sortie", where, minimum=1)
    _strings(section, "criteres_passage_echelle", where, minimum=1)
    _str(section, "vehicule", where)
    return section


FORMATS: dict[str, Callable[[Any, str], dict[str, Any]]] = {
    "piu-living-lab": valider_living_lab,
    "piu-experimentation": valider_experimentation,
}


#: The kind of each result file (piu.core.files): only a result of the same format is replaced.
GENRES = {"piu-living-lab": genre_json("piu-living-lab", "une évaluation de living lab"),
          "piu-experimentation": genre_json("piu-experimentation", "un protocole d'expérimentation vérifié")}


def enregistrer_resultat(chemin: str | Path, format_: str, donnees: Mapping[str, Any],
                         jour: date | None = None, *, ecraser: bool = False,
                         entrees: tuple[Path, ...] = ()) -> Path:
    """Check ``donnees`` against ``format_`` and write the wrapped result atomically.

    Replaces only a result of the same format: the description read (``entrees``), a dossier
    or another tool's file is never written over.
    """
    if format_ not in FORMATS:
        raise FichierResultatInvalide(f"Format « {format_} » inconnu ; formats : {', '.join(FORMATS)}.")
    FORMATS[format_](dict(donnees), "donnees")
    path = Path(chemin)
    if path.suffix.lower() != ".json":
        raise FichierResultatInvalide(f"« {path.name} » : donnez un nom de fichier terminé par "
                                      f".json, par exemple « mon-protocole.json ».")
    wrapped = dossier.document_resultat(format_.removeprefix("piu-"), dict(donnees), jour)
    try:
        return ecrire_atomique(path, json.dumps(wrapped, ensure_ascii=False, indent=2), GENRES[format_],
                               ecraser=ecraser, entrees=entrees)
    except OSError as exc:
        raise FichierResultatInvalide(f"Impossible d'écrire dans {path.parent} "
                                      f"({raison(exc)}).") from None


def lire_resultat(chemin: str | Path, format_: str | None = None) -> dict[str, Any]:
    """Read a saved result and return its section (``donnees``), checked.

    ``format_`` (``"piu-living-lab"``, ``"piu-experimentation"``) requires that format.
    """
    path = Path(chemin)
    name = path.name
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FichierResultatInvalide(f"Fichier introuvable : {path}.") from None
    except UnicodeDecodeError:
        raise FichierResultatInvalide(f"{name} : ce n'est pas un fichier texte (UTF-8).") from None
    except json.JSONDecodeError as exc:
        raise FichierResultatInvalide(f"{name}, ligne {exc.lineno} : fichier abîmé ({exc.msg}) ; "
                                      f"enregistrez de nouveau le résultat depuis l'outil.") from None
    except OSError as exc:
        raise FichierResultatInvalide(f"{name} : lecture impossible ({raison(exc)}).") from None
    if not isinstance(raw, dict):
        _fail(name, "le fichier doit contenir les champs format, version, date et donnees.")
    found = raw.get("format")
    if found not in FORMATS:
        _fail(name, f"champ « format » : « {found} » inconnu ; formats : {', '.join(FORMATS)}.")
    if format_ and found != format_:
        _fail(name, f"ce fichier est un résultat « {found} », pas « {format_} ».")
    if raw.get("version") != VERSION:
        _fail(name, f"champ « version » : {raw.get('version')!r} ; version lue par ce cours : {VERSION}.")
    try:
        date.fromisoformat(str(raw.get("date")))
    except ValueError:
        _fail(name, f"champ « date » : « {raw.get('date')} » n'est pas une date AAAA-MM-JJ.")
    return FORMATS[found](raw.get("donnees"), f"{name}, donnees")


def lire_description(chemin: str | Path) -> dict[str, Any]:
    """Read a tool's description written in YAML (a living lab's scores, a protocol).

    A missing file, a non-UTF-8 file or a badly indented one gives a French message with the
    line, never a traceback.
    """
    path = Path(chemin)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PiuError(f"Fichier introuvable : {path}.") from None
    except IsADirectoryError:
        raise PiuError(f"{path} est un dossier : donnez le fichier de description (.yaml).") from None
    except OSError as exc:
        raise PiuError(f"{path} : lecture impossible ({raison(exc)}).") from None
    except UnicodeDecodeError:
        raise PiuError(f"{path.name} : ce n'est pas un fichier texte (UTF-8).") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", ligne {mark.line + 1}" if mark else ""
        raise PiuError(f"{path.name}{line} : description mal écrite (vérifiez l'indentation et "
                       f"les deux-points).") from None
    if not isinstance(raw, dict):
        raise PiuError(f"{path.name} : la description doit être une suite de champs « nom: valeur ».")
    return raw
