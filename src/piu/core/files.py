"""Writing a file so that nothing a learner saved is ever lost: one rule for every command and form.

Progress, project file, barrier maps, REX cards, evaluation copies, notes, exports: all go through
:func:`ecrire_atomique`, which does two things.

**It never writes over a file it should not.** Each writer says what *kind* of file it writes
(a :class:`Genre`: a name, the extensions it may bear, how to recognise one already on disk, by
its format marker — ``{"format": "piu-dossier"}`` — or its signature). Then, before anything is
written (:func:`verifier_ecriture`):

- the extension must be one of the kind's (``--format docx`` never writes ``mon-dossier.json``);
- a file read by the same command is never its output (paths compared once resolved);
- an existing file is replaced only when it is of the same kind; a learner's saved work of
  another kind (anything bearing a ``piu-…`` format marker, a progress file) is never replaced,
  whatever the options; any other file only with an explicit ``ecraser`` (``--ecraser``).

A refusal raises :class:`FichierProtege` (a :class:`~piu.core.errors.PiuError`: exit status 2,
a French message naming the file and what to do) and touches nothing.

**It is atomic and leaves a readable file.** A temporary file beside the target, written,
flushed and synced, then renamed over it (``os.replace`` is atomic on one file system): a crash,
a full disk or Ctrl-C leaves the old file or the new one, never half of one, and no temporary
file behind. The new file gets mode 0644 (``mkstemp`` creates 0600, which would hide the note
from a colleague or a web server), or keeps the mode of the file it replaces. An error of the
system (unwritable folder, full disk) becomes :class:`EcritureImpossible`, in French.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from piu.core.errors import PiuError

__all__ = ["EcritureImpossible", "FichierProtege", "Genre", "copie_gzip", "decrire", "ecrire_atomique", "genre_docx",
           "genre_html", "genre_json", "genre_texte", "marqueur", "raison", "verifier_ecriture"]

#: A file bigger than this is not opened to recognise it (it is not one of ours).
_LIMITE_LECTURE = 32 * 1024 * 1024

#: Names of the ``piu-…`` format markers, for messages: filled by :func:`genre_json`.
_NOMS: dict[str, str] = {"piu-dossier": "un dossier de projet", "piu-progres": "une progression"}

_ERREURS = {
    errno.EACCES: "permission refusée", errno.EPERM: "opération non permise",
    errno.ENOSPC: "disque plein", errno.EROFS: "support en lecture seule",
    errno.ENOENT: "dossier introuvable", errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EISDIR: "c'est un dossier", errno.ENAMETOOLONG: "nom trop long",
    errno.EDQUOT: "quota disque dépassé", errno.EEXIST: "le fichier existe déjà",
    errno.ELOOP: "trop de liens symboliques", errno.EBUSY: "fichier occupé",
    errno.EADDRINUSE: "adresse déjà utilisée", errno.EADDRNOTAVAIL: "adresse indisponible sur ce poste",
    errno.EINVAL: "valeur invalide",
}


def raison(exc: OSError) -> str:
    """Why the system refused, in French (``strerror`` is English on most systems)."""
    if exc.errno in _ERREURS:
        return _ERREURS[exc.errno]
    return f"erreur système n° {exc.errno}" if exc.errno else "erreur du système"


class FichierProtege(PiuError):
    """A write refused to keep a file safe; the message names the file and says what to do."""


class EcritureImpossible(PiuError, OSError):
    """The system refused the write (unwritable folder, full disk); the message is French.

    Also an :class:`OSError` (``errno``, ``strerror`` in French, ``filename``), so that a caller
    that adds its own advice with ``except OSError`` keeps working.
    """

    def __str__(self) -> str:
        return f"Impossible d'écrire {self.filename} ({self.strerror})."


@dataclass(frozen=True)
class Genre:
    """A kind of file a command writes.

    ``reconnaitre`` tells whether an existing file's bytes are of this kind — only such a file
    may be replaced without ``--ecraser``. ``extensions`` (lower case, with the dot) are the
    names the kind may bear; the first is the one suggested.
    """

    nom: str  # with its article: « une note d'opportunité Word »
    extensions: tuple[str, ...]
    reconnaitre: Callable[[bytes], bool]

    def exemple(self, stem: str = "resultat") -> str:
        """A file name this kind may bear, for messages."""
        return f"{stem}{self.extensions[0]}"


def marqueur(contenu: bytes) -> str | None:
    """The ``format`` marker of a JSON object (``"piu-dossier"``…), else ``None``.

    A progress file of the first versions has no marker but a ``reponses`` object: it is
    ``"piu-progres"`` too, so that it is recognised as the learner's work.
    """
    head = contenu.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"{"):
        return None
    try:
        data = json.loads(contenu.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    found = data.get("format")
    if isinstance(found, str) and found:
        return found
    if isinstance(data.get("reponses"), dict) and "version" in data:
        return "piu-progres"
    return None


def _travail_de_l_apprenant(contenu: bytes) -> str | None:
    """The marker when the bytes are a learner's saved work (``piu-…``), else ``None``."""
    found = marqueur(contenu)
    return found if found and found.startswith("piu-") else None


def decrire(contenu: bytes) -> str:
    """What an existing file is, in French, for messages (« un dossier de projet (format piu-dossier) »)."""
    if found := marqueur(contenu):
        name = _NOMS.get(found)
        return f"{name} (format {found})" if name else f"un fichier au format « {found} »"
    if not contenu.strip():
        return "un fichier vide"
    if contenu.startswith(b"PK\x03\x04"):
        return "une archive (Word, Excel ou zip)"
    try:
        contenu[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return "un fichier binaire"
    return "un fichier texte"


def genre_json(marqueur_: str, nom: str, extensions: tuple[str, ...] = (".json",)) -> Genre:
    """The kind of a JSON file carrying ``{"format": marqueur_}``; recognised by that marker."""
    _NOMS.setdefault(marqueur_, nom)
    return Genre(nom, extensions, lambda contenu: marqueur(contenu) == marqueur_)


def genre_docx(nom: str) -> Genre:
    """A Word document: ``.docx``, recognised by its zip signature and ``word/document.xml``."""
    def recognise(contenu: bytes) -> bool:
        if not contenu.startswith(b"PK\x03\x04"):
            return False
        import io

        try:
            with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
                return "word/document.xml" in archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
    return Genre(nom, (".docx",), recognise)


def _text(contenu: bytes) -> str | None:
    try:
        return contenu.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def genre_html(nom: str) -> Genre:
    """An HTML page: ``.html``/``.htm``, recognised by its first tag (``<!doctype html>``, ``<html>``)."""
    def recognise(contenu: bytes) -> bool:
        text = _text(contenu[:4096])
        return text is not None and text.lstrip().lower().startswith(("<!doctype html", "<html"))
    return Genre(nom, (".html", ".htm"), recognise)


def genre_texte(nom: str, extensions: tuple[str, ...], debut: str | tuple[str, ...] = "") -> Genre:
    """A text file (UTF-8) with one of ``extensions``, recognised by how it starts (``debut``).

    Without ``debut``, any UTF-8 text that is not a learner's saved work is of the kind: use it
    only for extensions no learner's work bears (``.csv`` written by the trainer's tools).
    """
    def recognise(contenu: bytes) -> bool:
        text = _text(contenu)
        if text is None or _travail_de_l_apprenant(contenu):
            return False
        return text.lstrip().startswith(debut) if debut else True
    return Genre(nom, extensions, recognise)


def _deduit(path: Path, data: bytes) -> Genre:
    """The kind of ``data`` when its writer named none: its marker, else its extension."""
    if found := marqueur(data):
        return genre_json(found, _NOMS.get(found, f"un fichier « {found} »"), (path.suffix.lower(),))
    extension = path.suffix.lower()

    def recognise(contenu: bytes) -> bool:
        return _travail_de_l_apprenant(contenu) is None
    return Genre(f"un fichier {extension or 'sans extension'}", (extension,), recognise)


def _resolu(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _lire_existant(path: Path) -> bytes | None:
    try:
        if path.stat().st_size > _LIMITE_LECTURE:
            return None
        return path.read_bytes()
    except OSError:
        return None


def verifier_ecriture(path: Path, genre: Genre, *, ecraser: bool = False, entrees: Iterable[Path] = (),
                      option: str | None = "--ecraser") -> None:
    """Raise :class:`FichierProtege` unless writing a ``genre`` file at ``path`` loses nothing.

    ``entrees`` are the files the same command reads; ``option`` is how the user says
    « replace it anyway », named in the message (``None``: the writer offers no such choice).
    """
    name = path.name or str(path)
    if path.suffix.lower() not in genre.extensions:
        wanted = " ou ".join(genre.extensions)
        raise FichierProtege(f"« {name} » : {genre.nom} s'écrit dans un fichier {wanted}, pas "
                             f"{path.suffix or 'sans extension'} ; donnez un nom comme "
                             f"« {genre.exemple(path.stem or 'resultat')} ».")
    target = _resolu(path)
    for entree in entrees:
        if _resolu(Path(entree)) == target:
            raise FichierProtege(f"« {name} » est le fichier lu par la commande : il ne peut pas être aussi "
                                 f"le fichier écrit. Donnez un autre nom au résultat, par exemple "
                                 f"« {genre.exemple(path.stem + '-resultat')} ».")
    if path.is_dir():
        raise FichierProtege(f"« {name} » est un dossier : donnez un nom de fichier, par exemple "
                             f"« {path / genre.exemple()} ».")
    if not path.exists() and not path.is_symlink():
        return
    existing = _lire_existant(path)
    if existing is not None and genre.reconnaitre(existing):
        return
    what = decrire(existing) if existing is not None else "un fichier illisible ou très gros"
    if existing is not None and (work := _travail_de_l_apprenant(existing)):
        raise FichierProtege(f"« {path} » existe déjà et contient {what} : c'est un travail enregistré, il "
                             f"n'est jamais remplacé par {genre.nom}. Choisissez un autre nom, par "
                             f"exemple « {genre.exemple(path.stem + '-' + work.removeprefix('piu-'))} ».")
    if not ecraser:
        how = f", ou ajoutez {option} pour le remplacer" if option else ""
        raise FichierProtege(f"« {path} » existe déjà et contient {what}, pas {genre.nom} : il n'est pas "
                             f"remplacé. Choisissez un autre nom{how}.")


def _mode(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o644


def _sync_dossier(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except (OSError, AttributeError):
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _impossible(exc: OSError, path: Path) -> EcritureImpossible:
    return EcritureImpossible(exc.errno or 0, raison(exc), str(path))


def ecrire_atomique(path: Path, content: str | bytes, genre: Genre | None = None, *, ecraser: bool = False,
                    entrees: Iterable[Path] = (), option: str | None = "--ecraser") -> Path:
    """Write ``content`` (text as UTF-8, or bytes) to ``path`` atomically, if that loses nothing.

    ``genre`` is the kind written (default: deduced from a JSON ``format`` marker, else the
    extension, which refuses only to replace a learner's saved work of another kind); see
    :func:`verifier_ecriture` for ``ecraser``, ``entrees`` and ``option``. Returns ``path``.
    Raises :class:`FichierProtege` (nothing written) or :class:`EcritureImpossible`.
    """
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    verifier_ecriture(path, genre or _deduit(path, data), ecraser=ecraser, entrees=entrees, option=option)
    mode = _mode(path) if path.exists() else 0o644
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except FileExistsError:  # a file stands where a folder of the path should be
        raise EcritureImpossible(errno.ENOTDIR, _ERREURS[errno.ENOTDIR], str(path)) from None
    except OSError as exc:
        raise _impossible(exc, path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), mode)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _impossible(exc, path) from None
    except BaseException:  # Ctrl-C included: the old file stays, no temporary file is left
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_dossier(path.parent)
    return path


def copie_gzip(path: Path) -> Path | None:
    """The gzip copy of ``path`` if it exists and is not older than ``path``, else ``None``.

    Here, not in :mod:`piu.core.book.compression` which writes the copies, because ``piu servir``
    serves them from the learner's wheel, which leaves the book's build code out."""
    copy = path.with_name(path.name + ".gz")
    try:
        if copy.stat().st_mtime >= path.stat().st_mtime:
            return copy
    except OSError:
        return None
    return None
