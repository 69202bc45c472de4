"""The learner package: one archive with the learner book, its in-browser tools and the notebooks.

What a trainer hands to learners (a shared folder, a USB key, an intranet) must hold nothing from
which a graded evaluation's key can be read: no key file of the bank (``evaluation: true``, today
``exercises/banque/module8.yaml``), no trainer page, and no key text anywhere — not in a page, a
JSON payload, a notebook output, the course wheel that the browser downloads (``lite/``), nor a
gzip copy. The archive is checked after it is assembled, member by member and inside every
archive it carries: a key text found anywhere stops the build and nothing is written.
"""

from __future__ import annotations

import gzip
import html as html_lib
import io
import os
import re
import tempfile
import tomllib
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from piu.core.book.lite.build import DIGEST_FILE, _course_files, _is_key, browser_wheel, evaluation_subjects
from piu.core.errors import PiuError
from piu.core.files import Genre, raison, verifier_ecriture

TOP = "piu-apprenant"
README = "LISEZMOI.txt"
#: Members read as text when looking for key texts (everything else is images, fonts, WebAssembly).
TEXT_SUFFIXES = (".html", ".htm", ".js", ".mjs", ".json", ".ipynb", ".txt", ".csv", ".yaml", ".yml", ".py",
                 ".md", ".xml", ".svg", ".css", ".map", ".webmanifest", ".toml", ".cfg")
#: Shortest key text looked for: shorter ones (« Oui. ») say nothing on their own.
MIN_TEXT = 25
#: Any other file at the archive's place is kept (``--ecraser`` to replace it); an earlier
#: package, recognised by its note (:func:`_is_ours`), is replaced.
GENRE_PAQUET = Genre("un paquet de l'apprenant", (".zip",), lambda _: False)


def normalise(text: str) -> str:
    """Text as a reader sees it, whatever the page did to it: HTML entities and tags, Markdown
    marks, JSON escapes, typographic spaces and apostrophes, line breaks, case."""
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    text = text.replace("\\n", " ").replace('\\"', '"')
    text = html_lib.unescape(re.sub(r"<[^>]{0,400}>", "", text))
    text = re.sub(r"[*`]", "", text)
    text = re.sub(r"[\u00a0\u202f\u2009\u2007]", " ", text).replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("…", "...")
    return " ".join(text.split()).casefold()


def key_texts(bank: Path) -> dict[str, str]:
    """Distinctive texts of every graded key of the bank (feedback, explanations, accepted
    answers), by normalised text, with the item they come from.

    Texts that the learner sees anyway (statements, options, the practice banks' feedback) are
    left out: finding them proves nothing. So is an accepted answer that the course teaches (a
    decision cited in a chapter or a table of ``data/``, such as « CE, 29/07/1994, n° 131562 »):
    what must not leak is which item it answers and the key's feedback, which stay looked for.
    """
    from piu.core.errors import BanqueInvalide
    from piu.core.questions.bank import charger_banque, problemes_banque

    try:
        questions = charger_banque(bank)  # cached
    except BanqueInvalide:
        questions, _ = problemes_banque(bank)  # still look for every key text that can be read
    keys = {p.name for p in bank.glob("*.yaml") if _is_key(p)}
    graded = [q for q in questions.questions.values() if q.fichier in keys]
    public: set[str] = set()
    for q in questions.questions.values():
        seen = [q.enonce, q.titre, *(o.texte for o in q.options), *(e.texte for e in (*q.elements, *q.cibles))]
        if q.fichier not in keys:
            seen += [q.explication, q.retour_juste, q.retour_faux, *(o.retour for o in q.options),
                     *(e.retour for e in q.erreurs_typiques)]
        public.update(normalise(t) for t in seen if t)
    shown = " | ".join(sorted(public))
    root = bank.parents[1]
    taught = " ".join(normalise(p.read_text(encoding="utf-8", errors="replace"))
                      for p in [*sorted((root / "book").rglob("*.md")), *sorted((root / "data").glob("*.csv"))]
                      if "formateur" not in p.relative_to(root).parts)
    found: dict[str, str] = {}
    for q in graded:
        texts = [q.explication, *(o.retour for o in q.options), *(e.retour for e in q.erreurs_typiques),
                 *(r for r in q.reponses if normalise(r) not in taught)]
        if q.retour_juste != "Bonne réponse.":
            texts.append(q.retour_juste)
        for text in texts:
            norm = normalise(text or "")
            if len(norm) >= MIN_TEXT and norm not in shown:
                found.setdefault(norm, q.id)
    return found


def _texts(name: str, data: bytes, depth: int = 0) -> Iterator[tuple[str, str]]:
    """Every text in a member: itself, its gzip content, the text members of an archive inside."""
    lower = name.lower()
    if lower.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return
        lower, name = lower[:-3], name[:-3]
    if lower.endswith((".zip", ".whl")) and depth < 3:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as inner:
                for info in inner.infolist():
                    if not info.is_dir():
                        yield from _texts(f"{name}!{info.filename}", inner.read(info), depth + 1)
        except zipfile.BadZipFile:
            return
        return
    if lower.endswith(TEXT_SUFFIXES):
        yield name, data.decode("utf-8", "replace")


def leaks(members: Iterable[tuple[str, bytes]], needles: dict[str, str]) -> list[str]:
    """« file: item » for every key text found in ``members`` (names and bytes)."""
    found = []
    for name, data in members:
        if name.endswith((".yaml", ".yml")) and b"evaluation: true" in data:
            found.append(f"{name} : un corrigé de la banque")
        for where, text in _texts(name, data):
            hay = normalise(text)
            found += [f"{where} : un texte du corrigé de {qid}" for needle, qid in needles.items() if needle in hay]
    return found


def _jupyter_requirements(root: Path) -> list[str]:
    """What a learner installs next to the wheel to use the notebooks in their own Jupyter."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = [re.split(r"[<>=!~ \[]", d, maxsplit=1)[0] for d in project["dependencies"]]
    return ["jupyterlab", *(n for n in names if n not in ("jupyter-book", "nbformat", "ipykernel"))]


def readme(wheel: str, requirements: list[str]) -> str:
    """The note at the top of the archive: the three ways in, in plain French."""
    return f"""Cours piu — Achat public d'innovation urbaine : paquet de l'apprenant
======================================================================

Ce dossier contient le livre du cours, ses outils dans le navigateur et les exercices.
Il ne contient aucun corrigé de l'évaluation finale.

1. Lire le cours sur ce poste
   Ouvrez livre/index.html dans votre navigateur (double-clic). Chapitres, questions et
   progression fonctionnent ; les outils, eux, demandent une adresse http:// (voir 2 ou 3).

2. Sur l'intranet de votre collectivité (outils compris, rien à installer sur les postes)
   Le service informatique copie le dossier livre/ sur un serveur web de l'intranet : des
   fichiers statiques, aucun code serveur (type MIME application/wasm pour les fichiers .wasm).

3. Avec Python sur votre poste
   Installez le cours une fois (dans ce dossier) :
       python -m pip install {wheel} {" ".join(requirements)}
   - Le livre et ses outils : lancez
       python -m piu servir --dossier livre
     le navigateur s'ouvre sur le cours ; laissez la fenêtre ouverte. Le premier outil ouvert
     télécharge environ 19 Mo, les suivants presque rien. (Sans rien installer,
     « python -m http.server --directory livre 8000 » puis http://127.0.0.1:8000/index.html
     marche aussi, mais sans compression : environ 50 Mo au premier outil.)
   - Les exercices dans Jupyter : lancez « jupyter lab » dans ce dossier et ouvrez notebooks/
     (les outils) ou exercises/ (les exercices ; exercises/module8.ipynb est l'évaluation
     finale, à remettre à votre formateur).

L'évaluation finale se fait aussi dans le livre (module 8) : vos réponses restent dans le
navigateur de ce poste jusqu'à la remise ; le fichier de votre copie va à votre formateur.
"""


def check_book(html: Path) -> None:
    """The learner book must be built, with its tools, and must not be the trainer's."""
    if not (html / "index.html").is_file() or not (html / "lite" / "index.html").is_file():
        raise PiuError(f"Le livre construit est introuvable dans {html} : lancez d'abord « make livre ».")
    if (html / "book" / "formateur").exists():
        raise PiuError(f"{html} est le livre du formateur (corrigés) : le paquet de l'apprenant se fait avec "
                       f"le livre de l'apprenant (_build/html).")


def members(root: Path, html: Path) -> Iterator[tuple[str, Path | bytes]]:
    """What goes in the archive, by name under ``piu-apprenant/``: the built learner book (with
    ``lite/``), the notebooks and the exercises with their files but no key, the course wheel."""
    check_book(html)
    for path in sorted(html.rglob("*")):
        if path.is_file() and path.name != DIGEST_FILE:
            yield f"{TOP}/livre/{path.relative_to(html).as_posix()}", path
    for folder in ("notebooks", "exercises"):
        for path in sorted((root / folder).glob("*.ipynb")):
            yield f"{TOP}/{folder}/{path.name}", path
    for rel, path in _course_files(root):
        if rel.startswith(("notebooks/", "exercises/")):
            yield f"{TOP}/{rel}", path
    for rel, data in evaluation_subjects(root):
        yield f"{TOP}/{rel}", data
    # The wheel of ``lite/`` may hold only bytecode of the browser's Python 3.12: the one for
    # Jupyter is built again here from the sources (the same contents: no key, the subject).
    with tempfile.TemporaryDirectory() as scratch:
        wheel = browser_wheel(root, Path(scratch))
        yield f"{TOP}/{wheel.name}", wheel.read_bytes()
    yield f"{TOP}/{README}", readme(wheel.name, _jupyter_requirements(root)).encode("utf-8")


def _is_ours(dest: Path) -> bool:
    try:
        with zipfile.ZipFile(dest) as old:
            return f"{TOP}/{README}" in old.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def learner_package(root: Path, html: Path, dest: Path, ecraser: bool = False) -> Path:
    """Write the archive at ``dest`` (0644, atomically), after checking that no key is in it."""
    check_book(html)  # first: a missing book or a protected file is said before anything slow
    if not (dest.exists() and _is_ours(dest)):
        verifier_ecriture(dest, GENRE_PAQUET, ecraser=ecraser, entrees=[html])
    chosen = list(members(root, html))
    needles = key_texts(root / "exercises" / "banque")
    if not needles:
        raise PiuError("Aucun texte du corrigé n'a été lu dans la banque : la vérification du paquet ne "
                       "prouverait rien. Lancez « piu questions verifier ».")
    keys = [name for name, _ in chosen if name.endswith((".yaml", ".yml")) and _is_key_name(root, name)]

    def contents() -> Iterator[tuple[str, bytes]]:
        for name, source in chosen:
            yield name, source if isinstance(source, bytes) else source.read_bytes()

    found = keys + leaks(contents(), needles)
    if found:
        shown = "\n  ".join(found[:20]) + ("\n  …" if len(found) > 20 else "")
        raise PiuError(f"Paquet non écrit : le corrigé de l'évaluation s'y lit ({len(found)} endroits)\n  {shown}\n"
                       f"Reconstruisez le livre de l'apprenant (make nettoyer, make livre) ou retirez ces textes.")
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, source in chosen:
                if isinstance(source, bytes):
                    archive.writestr(name, source)
                else:
                    archive.write(source, name)
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise PiuError(f"Impossible d'écrire {dest} ({raison(exc)}).") from None
    return dest


def _is_key_name(root: Path, name: str) -> bool:
    local = root / name.removeprefix(f"{TOP}/")
    return local.is_file() and _is_key(local)

