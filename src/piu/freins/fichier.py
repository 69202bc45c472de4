"""Saved results of the module's tools: one small JSON file per result, never half-written.

A file wraps one section of the learner's project file (module 7)::

    {"format": "piu-freins", "version": 1, "date": "AAAA-MM-JJ", "donnees": {...}}

``format`` names the tool (``piu-freins``, ``piu-freins-groupe``, ``piu-besoin``), so that a
trainer who merges the group's files is told which one is not a barrier map. Writing goes
through a temporary file moved over the target (:func:`os.replace`): a kernel killed mid-write
leaves the old file or the new one. Reading checks every field and raises
:class:`ResultatIllisible` with the file's name and the field, never a traceback.

The wrapper knows no tool: the section's own check is passed in (``valider``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from piu.core.dates import lire_date
from piu.core.errors import PiuError
from piu.core.files import ecrire_atomique, genre_json, raison
from piu.core.learner import dossier

VERSION = dossier.VERSION  # one version for every result file, written by the framework


class ResultatIllisible(PiuError):
    """A saved result cannot be read; the message names the file and what is wrong."""


def envelopper(outil: str, donnees: dict[str, Any], jour: date | None = None) -> dict[str, Any]:
    """The file's content for a section of tool ``outil`` (``"freins"`` → ``"piu-freins"``)."""
    return dossier.document_resultat(outil, donnees, jour)


def texte_resultat(outil: str, donnees: dict[str, Any], jour: date | None = None) -> str:
    """The file's text, as it is saved (and offered for download in the browser)."""
    return json.dumps(envelopper(outil, donnees, jour), ensure_ascii=False, indent=1) + "\n"


#: Names of the files each tool writes, for messages (the kind of file, piu.core.files).
NOMS = {"freins": "une carte des freins", "freins-groupe": "une carte des freins du groupe",
        "besoin": "une fiche besoin"}


def enregistrer_resultat(chemin: str | Path, outil: str, donnees: dict[str, Any],
                         jour: date | None = None, *, ecraser: bool = False,
                         entrees: tuple[Path, ...] = ()) -> Path:
    """Write the result atomically; return the path written.

    Replaces only a result of the same tool (``piu-<outil>``): a dossier, another tool's
    result or a file read by the command (``entrees``) is never written over.
    """
    path = Path(chemin)
    if path.suffix.lower() != ".json":
        raise ResultatIllisible(f"« {path.name} » : donnez au fichier l'extension .json "
                                f"(par exemple mes-freins.json).")
    text = texte_resultat(outil, donnees, jour)
    genre = genre_json(f"piu-{outil}", NOMS.get(outil, f"un résultat « piu-{outil} »"))
    try:
        ecrire_atomique(path, text, genre, ecraser=ecraser, entrees=entrees)
    except OSError as exc:
        raise ResultatIllisible(f"Impossible d'écrire {path} ({raison(exc)}) ; choisissez un autre "
                                f"dossier ou un autre nom.") from None
    return path


def lire_texte_resultat(texte: str | bytes, nom: str, outil: str,
                        valider: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    """Read a saved result from its text; return the checked section (``donnees``).

    ``nom`` is how the file is named in messages (its name, or the uploaded file's name).
    """
    if isinstance(texte, bytes | bytearray | memoryview):
        try:
            texte = bytes(texte).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ResultatIllisible(f"{nom} : ce n'est pas un fichier texte (UTF-8) ; choisissez "
                                    f"le fichier .json enregistré par l'outil.") from None
    try:
        content = json.loads(texte)
    except json.JSONDecodeError as exc:
        raise ResultatIllisible(f"{nom} : fichier illisible (ligne {exc.lineno}, colonne {exc.colno}) ; "
                                f"a-t-il été modifié à la main ? Enregistrez-le de nouveau depuis l'outil.") from None
    if not isinstance(content, dict):
        raise ResultatIllisible(f"{nom} : attendu un objet avec « format », « version », « date » "
                                f"et « donnees ».")
    expected = f"piu-{outil}"
    if content.get("format") != expected:
        found = content.get("format")
        what = f"format « {found} »" if found else "champ « format » absent"
        raise ResultatIllisible(f"{nom} : {what} ; attendu « {expected} » (un fichier enregistré "
                                f"par l'outil).")
    if content.get("version") != VERSION:
        raise ResultatIllisible(f"{nom} : version « {content.get('version')} » inconnue ; "
                                f"cette version du cours lit la version {VERSION}.")
    try:
        lire_date(content.get("date"))
    except PiuError:
        raise ResultatIllisible(f"{nom} : champ « date » « {content.get('date')} » illisible "
                                f"(format AAAA-MM-JJ).") from None
    if "donnees" not in content:
        raise ResultatIllisible(f"{nom} : champ « donnees » absent.")
    try:
        return valider(content["donnees"])
    except PiuError as exc:
        raise ResultatIllisible(f"{nom} : {exc}") from None


def lire_resultat(chemin: str | Path, outil: str,
                  valider: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    """:func:`lire_texte_resultat` on a file."""
    path = Path(chemin)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ResultatIllisible(f"{path} : fichier introuvable.") from None
    except OSError as exc:
        raise ResultatIllisible(f"{path} : fichier illisible ({raison(exc)}).") from None
    return lire_texte_resultat(raw, path.name, outil, valider)
