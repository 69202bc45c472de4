"""The learner's project file (« dossier »): what each tool produced, on the learner's own project.

One JSON document, versioned, that any tool's form can add a section to::

    {"format": "piu-dossier", "version": 1,
     "projet": {"nom": "...", "collectivite": "...", ...},
     "sections": {"<nom>": {"outil": "<outil>", "date": "AAAA-MM-JJ", "donnees": {...}}}}

This module knows no section: it checks the envelope (format, version, each section's
``outil``/``date``/``donnees``) and leaves the shape of ``donnees`` to the module that renders
the dossier, which registers a checker with :func:`enregistrer_verificateur` so that loading a
hand-edited file names the faulty field whatever the module.

Saving is atomic, as :mod:`piu.core.learner.progress` (temporary file, flush, :func:`os.replace`), so a
kernel killed mid-write leaves the old dossier whole. Reading never alters the file: a dossier
that does not validate raises :class:`DossierInvalide` naming the field, and the file stays as it
was, for the learner to fix or to reopen an earlier copy. Default path: ``PIU_DOSSIER`` or
``~/.piu/dossier.json``.

One file, whatever the tabs: a change is a merge of one section (:func:`ajouter_section`) or of
the project's fields (:func:`nommer_projet`) into the file *as it is now*, never a write of a
copy read earlier, because another tab or notebook may have added a section since. On the
desktop the file is re-read just before the atomic write. In the browser the file is the page's
``localStorage`` (key :data:`STORE`): Python runs in a Web Worker, which has none, so it sends
only the change to the page (``piu-lite.js`` merges it into the stored file within one turn of
the page's event loop and sends the merged file back to every tab's Python, which keeps it as
its own copy); the learner is told « ajoutée » only when the page has confirmed
(``quand_enregistre``). :func:`lien_telechargement` gives a download link, since the kernel's
files vanish with the tab.
A tool's result saved on its own has the same envelope with ``"format": "piu-<outil>"``
(:func:`document_resultat`, :func:`lire_resultat`).
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from piu.core.errors import PiuError
from piu.core.files import ecrire_atomique, genre_json, raison
from piu.core.learner import storage

FORMAT = "piu-dossier"
VERSION = 1
#: The page's ``localStorage`` key for the dossier (written by ``piu-lite.js``).
STORE = "piu-dossier-v1"

#: What :func:`enregistrer` writes: replaces only a dossier, never another file (piu.core.files).
GENRE = genre_json(FORMAT, "un dossier de projet")

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

__all__ = ["CHAMPS_PROJET", "FORMAT", "GENRE", "VERSION", "DossierInvalide", "ajouter_section", "chemin_par_defaut",
           "document_resultat", "ecrire_atomique", "enregistrer", "enregistrer_verificateur", "fusionner",
           "lien_telechargement", "lire", "lire_resultat", "lire_texte", "nom_du_projet", "nommer_projet", "nouveau",
           "valider",
           "vers_texte"]

#: The project's fields the learner fills in the dossier's form (the note's title and heading).
CHAMPS_PROJET = {"nom": "Nom du projet", "collectivite": "Collectivité", "porteur": "Porteur",
                 "redacteur": "Rédigée par"}
#: A project field longer than this is refused (a title, not a text).
LONGUEUR_CHAMP_MAX = 200

#: What a caller is told once the change is really stored: the file as stored, or ``None`` and why.
QuandEnregistre = Callable[[dict[str, Any] | None, str], None]


class DossierInvalide(PiuError):
    """The dossier (or a tool's result file) cannot be used; the message names the field."""


#: Checkers of a section's ``donnees``, by section name: ``check(donnees, chemin) -> None``,
#: raising :class:`DossierInvalide`. Registered by the module that knows the sections.
_CHECKERS: dict[str, Callable[[Any, str], None]] = {}


def enregistrer_verificateur(section: str, verificateur: Callable[[Any, str], None]) -> None:
    """Register the checker of a section's ``donnees`` (called on every load and every add)."""
    _CHECKERS[section] = verificateur


def chemin_par_defaut() -> Path:
    """The learner's dossier: ``PIU_DOSSIER`` or ``~/.piu/dossier.json`` (beside the progress file)."""
    if env := os.environ.get("PIU_DOSSIER"):
        return Path(env)
    return Path.home() / ".piu" / "dossier.json"


def nouveau(projet: dict[str, str] | None = None) -> dict[str, Any]:
    """An empty dossier for ``projet`` (its name, collectivité, … as plain text)."""
    return {"format": FORMAT, "version": VERSION, "projet": dict(projet or {}), "sections": {}}


def _date(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise DossierInvalide(f"Champ « {where} » : « {value} » n'est pas une date AAAA-MM-JJ.")
    try:
        date.fromisoformat(value)
    except ValueError:
        raise DossierInvalide(f"Champ « {where} » : « {value} » n'est pas une date réelle.") from None
    return value


def _section(name: Any, entry: Any, where: str) -> None:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise DossierInvalide(f"Champ « {where} » : nom de section « {name} » invalide (lettres minuscules, "
                              f"chiffres et « _ »).")
    if not isinstance(entry, dict):
        raise DossierInvalide(f"Champ « {where} » : une section doit contenir « outil », « date » et « donnees ».")
    for key in ("outil", "date", "donnees"):
        if key not in entry:
            raise DossierInvalide(f"Champ « {where}.{key} » manquant.")
    if not isinstance(entry["outil"], str) or not entry["outil"].strip():
        raise DossierInvalide(f"Champ « {where}.outil » : le nom de l'outil doit être un texte non vide.")
    _date(entry["date"], f"{where}.date")
    if not isinstance(entry["donnees"], dict):
        raise DossierInvalide(f"Champ « {where}.donnees » : un ensemble de champs est attendu, pas "
                              f"« {type(entry['donnees']).__name__} ».")
    if checker := _CHECKERS.get(name):
        checker(entry["donnees"], f"{where}.donnees")


def valider(data: Any) -> dict[str, Any]:
    """``data`` if it is a well-formed dossier of this version; raise :class:`DossierInvalide` otherwise."""
    if not isinstance(data, dict):
        raise DossierInvalide("Ce fichier n'est pas un dossier de projet piu : un objet JSON est attendu.")
    if data.get("format") != FORMAT:
        raise DossierInvalide(f"Champ « format » : « {data.get('format')} » au lieu de « {FORMAT} » ; "
                              f"ce fichier n'est pas un dossier de projet piu.")
    if data.get("version") != VERSION:
        found = data.get("version")
        newer = isinstance(found, int) and not isinstance(found, bool) and found > VERSION
        how = ("il a été écrit par une version plus récente du cours : mettez le cours à jour" if newer else
               "ouvrez-le avec la version du cours qui l'a écrit, ou demandez au formateur de le convertir")
        raise DossierInvalide(f"Champ « version » : version « {found} » ; ce cours lit la version {VERSION} : "
                              f"{how}. Le fichier n'est pas modifié.")
    projet = data.get("projet", {})
    if not isinstance(projet, dict):
        raise DossierInvalide("Champ « projet » : un ensemble de champs texte est attendu.")
    for key, value in projet.items():
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise DossierInvalide(f"Champ « projet.{key} » : un texte est attendu.")
    sections = data.get("sections", {})
    if not isinstance(sections, dict):
        raise DossierInvalide("Champ « sections » : un ensemble de sections nommées est attendu.")
    for name, entry in sections.items():
        _section(name, entry, f"sections.{name}")
    unknown = sorted(set(data) - {"format", "version", "projet", "sections"})
    if unknown:
        raise DossierInvalide(f"Champ « {unknown[0]} » inconnu dans le dossier ; champs permis : format, "
                              f"version, projet, sections.")
    return {"format": FORMAT, "version": VERSION, "projet": projet, "sections": sections}


def lire_texte(texte: str | bytes, origine: str = "dossier") -> dict[str, Any]:
    """Parse and validate a dossier given as text (an uploaded file, say)."""
    if isinstance(texte, bytes):
        try:
            texte = texte.decode("utf-8")
        except UnicodeDecodeError:
            raise DossierInvalide(f"{origine} : fichier illisible (ce n'est pas du texte UTF-8).") from None
    if not texte.strip():
        raise DossierInvalide(f"{origine} : fichier vide.")
    try:
        data = json.loads(texte)
    except json.JSONDecodeError as exc:
        raise DossierInvalide(f"{origine}, ligne {exc.lineno} : fichier tronqué ou modifié à la main "
                              f"({exc.msg}) ; rouvrez une copie téléchargée plus tôt.") from None
    try:
        return valider(data)
    except DossierInvalide as exc:
        raise DossierInvalide(f"{origine} : {exc}") from None


def lire(fichier: str | Path | None = None) -> dict[str, Any]:
    """The dossier saved at ``fichier`` (default: :func:`chemin_par_defaut`); a new one if absent.

    Never touches the file: a bad one raises :class:`DossierInvalide` and stays as it is.
    """
    path = Path(fichier) if fichier else chemin_par_defaut()
    if not path.exists():
        return nouveau()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DossierInvalide(f"Dossier {path} illisible ({raison(exc)}).") from None
    return lire_texte(raw, f"Dossier {path.name}")


def nom_du_projet(fichier: str | Path | None = None) -> str:
    """The name the learner gave the project (« » if none, or if the file cannot be read).

    A tool's form takes it as its default, so that a section is about the learner's project,
    not the course's example.
    """
    try:
        return str(lire(fichier).get("projet", {}).get("nom", ""))
    except DossierInvalide:
        return ""


def _write_atomic(path: Path, text: str) -> None:
    ecrire_atomique(path, text.encode("utf-8"), GENRE, option=None)


def vers_texte(dossier: dict[str, Any]) -> str:
    """The dossier as the JSON text saved and downloaded (validated first)."""
    return json.dumps(valider(dossier), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def enregistrer(dossier: dict[str, Any], fichier: str | Path | None = None,
                quand_enregistre: QuandEnregistre | None = None) -> Path:
    """Validate and save the whole dossier atomically (a copy the learner reopens); in the browser,
    the page stores it in place of its file and ``quand_enregistre`` is told, as in :func:`ajouter_section`.

    Only a dossier is replaced: a file of another kind at ``fichier`` (a barrier map, a note)
    raises :class:`~piu.core.files.FichierProtege` and stays as it is.
    """
    path = Path(fichier) if fichier else chemin_par_defaut()
    text = vers_texte(dossier)
    try:
        _write_atomic(path, text)
    except OSError as exc:
        raise DossierInvalide(f"Impossible d'écrire le dossier dans {path} ({raison(exc)}) ; choisissez un "
                              f"autre fichier avec la variable PIU_DOSSIER.") from None
    if fichier is None and storage.in_browser():  # a whole file the learner chose (« Rouvrir »)
        storage.send_dossier_change({"remplacer": json.loads(text)}, _confirm(quand_enregistre), _appliquer)
    elif quand_enregistre is not None:
        quand_enregistre(json.loads(text), "")
    return path


def _entry(section: str, outil: str, donnees: dict[str, Any], jour: date | str | None) -> dict[str, Any]:
    when = jour.isoformat() if isinstance(jour, date) else (jour or date.today().isoformat())
    entry = {"outil": outil, "date": when, "donnees": json.loads(json.dumps(donnees, ensure_ascii=False))}
    _section(section, entry, f"sections.{section}")
    return entry


def _projet(champs: dict[str, Any]) -> dict[str, str]:
    """The project's fields as stored: known names, plain text, trimmed (an empty one is removed)."""
    clean: dict[str, str] = {}
    for key, value in champs.items():
        if key not in CHAMPS_PROJET:
            raise DossierInvalide(f"Champ « projet.{key} » inconnu ; champs permis : {', '.join(CHAMPS_PROJET)}.")
        if not isinstance(value, str):
            raise DossierInvalide(f"Champ « {CHAMPS_PROJET[key]} » : un texte est attendu.")
        text = " ".join(value.split())
        if len(text) > LONGUEUR_CHAMP_MAX:
            raise DossierInvalide(f"Champ « {CHAMPS_PROJET[key]} » trop long ({len(text)} caractères ; "
                                  f"{LONGUEUR_CHAMP_MAX} au plus) : gardez un titre court.")
        clean[key] = text
    return clean


def fusionner(courant: dict[str, Any], section: str | None = None, entree: dict[str, Any] | None = None,
              projet: dict[str, str] | None = None) -> dict[str, Any]:
    """``courant`` with one section put (replacing that section only) and/or project fields set.

    The one rule of every change, mirrored by the page's script (``piu-lite.js``): the other
    sections and fields of the current file are kept as they are; an empty project field is
    removed. ``courant`` is not modified.
    """
    merged = json.loads(json.dumps(valider(courant), ensure_ascii=False))
    if section is not None:
        if entree is None:
            raise DossierInvalide(f"Section « {section} » sans contenu.")
        _section(section, entree, f"sections.{section}")
        merged["sections"][section] = entree
    for key, value in (projet or {}).items():
        if value:
            merged["projet"][key] = value
        else:
            merged["projet"].pop(key, None)
    return valider(merged)


def _appliquer(courant: Any, change: dict[str, Any]) -> dict[str, Any]:
    """A change as the page applies it (``piu-lite.js``): a whole file replaces, else a merge."""
    if "remplacer" in change:
        return valider(change["remplacer"])
    return fusionner(nouveau() if courant is None else courant, **change)


def _changer(fichier: str | Path | None, quand_enregistre: QuandEnregistre | None,
             changement: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Apply one change to the file as it is now (see the module's docstring), and save.

    The file is read before ``changement()`` builds the change, so that a file that cannot be
    read is named first, whatever the change.
    """
    if fichier is None and storage.in_browser():
        # The kernel's copy first (it may be behind another tab's), then the page, the reference.
        try:
            current = lire()
        except DossierInvalide:
            current = nouveau()
        change = changement()
        local = fusionner(current, **change)
        _write_atomic(chemin_par_defaut(), vers_texte(local))
        storage.send_dossier_change(change, _confirm(quand_enregistre), _appliquer)
        return local
    current = lire(fichier)  # re-read just now: another tab or tool may have added a section
    merged = fusionner(current, **changement())
    enregistrer(merged, fichier, quand_enregistre)
    return merged


def _confirm(quand_enregistre: QuandEnregistre | None) -> Callable[[dict[str, Any] | None, str], None]:
    """The page's answer to a change: the merged file becomes the kernel's copy, then the caller is told."""
    def done(document: dict[str, Any] | None, erreur: str) -> None:
        stored = None
        if document is not None:
            try:
                stored = valider(document)
                _write_atomic(chemin_par_defaut(), vers_texte(stored))
            except (DossierInvalide, OSError) as exc:
                stored, erreur = None, str(exc)
        if quand_enregistre is not None:
            quand_enregistre(stored, erreur)
    return done


def ajouter_section(section: str, outil: str, donnees: dict[str, Any], jour: date | str | None = None,
                    fichier: str | Path | None = None,
                    quand_enregistre: QuandEnregistre | None = None) -> dict[str, Any]:
    """Put ``donnees`` as section ``section`` of the dossier as it is now (that section only), and save.

    A dossier that cannot be read is not overwritten: :class:`DossierInvalide` is raised and
    the learner's file stays as it is. ``quand_enregistre(document, erreur)`` is called once the
    section is stored: at once on the desktop, on the page's answer in the browser (``document``
    is ``None`` and ``erreur`` says why when the page could not store it).
    """
    return _changer(fichier, quand_enregistre,
                    lambda: {"section": section, "entree": _entry(section, outil, donnees, jour)})


def nommer_projet(champs: dict[str, Any], fichier: str | Path | None = None,
                  quand_enregistre: QuandEnregistre | None = None) -> dict[str, Any]:
    """Set the project's fields (:data:`CHAMPS_PROJET`: its name, collectivité…) in the dossier as it is now.

    The sections are kept as they are; an empty field is removed (the note then says « Projet
    sans nom »). Same confirmation as :func:`ajouter_section`.
    """
    return _changer(fichier, quand_enregistre, lambda: {"projet": _projet(champs)})


def document_resultat(outil: str, donnees: dict[str, Any], jour: date | None = None) -> dict[str, Any]:
    """One tool's result saved on its own: ``{"format": "piu-<outil>", "version": 1, "date", "donnees"}``."""
    return {"format": f"piu-{outil}", "version": VERSION, "date": (jour or date.today()).isoformat(),
            "donnees": donnees}


def lire_resultat(texte: str | bytes, outil: str, origine: str = "fichier") -> dict[str, Any]:
    """The ``donnees`` of a result file written by :func:`document_resultat` for ``outil``."""
    if isinstance(texte, bytes):
        texte = texte.decode("utf-8", errors="replace")
    try:
        data = json.loads(texte)
    except json.JSONDecodeError as exc:
        raise DossierInvalide(f"{origine}, ligne {exc.lineno} : fichier tronqué ou modifié ({exc.msg}).") from None
    if not isinstance(data, dict) or data.get("format") != f"piu-{outil}":
        found = data.get("format") if isinstance(data, dict) else None
        raise DossierInvalide(f"{origine} : champ « format » « {found} » au lieu de « piu-{outil} ».")
    if data.get("version") != VERSION:
        raise DossierInvalide(f"{origine} : champ « version » « {data.get('version')} » inconnu (attendu : {VERSION}).")
    _date(data.get("date"), "date")
    if not isinstance(data.get("donnees"), dict):
        raise DossierInvalide(f"{origine} : champ « donnees » manquant ou mal formé.")
    return data["donnees"]


def lien_telechargement(contenu: str | bytes, nom: str, type_mime: str = "application/json",
                        libelle: str | None = None) -> str:
    """An HTML download link carrying the file in a data URL (works in JupyterLite, no server)."""
    raw = contenu.encode("utf-8") if isinstance(contenu, str) else contenu
    url = f"data:{type_mime};base64,{base64.b64encode(raw).decode('ascii')}"
    text = libelle or f"Télécharger {nom}"
    return (f'<a download="{html.escape(nom)}" href="{url}" class="piu-telecharger">'
            f"⬇ {html.escape(text)}</a>")
