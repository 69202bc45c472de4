"""Hostile input for every command and every option, built from the parser itself.

The sweep walks ``piu``'s argument parser (every sub-command, every option that takes a value)
and gives each option, in turn, every value of :data:`HOSTILE` — the others kept at a baseline
that works, found by trying the course's example files. A new command or option is covered
without a new test. Each run happens in this process (``piu.core.cli.main``, a few milliseconds
each) inside a scratch working folder holding a learner's saved work, and must:

- end with status 0 or 2 (1 only with a listing on standard output: a checker's findings),
  never a traceback, never a hang (alarm);
- on status 2, say what is wrong in French on standard error;
- leave every file of the folder as it was, except the declared output of a successful run,
  which keeps its kind (a dossier is never replaced by a note); leave no temporary file;
- after a refusal, leave no new file at all.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import os
import re
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from piu.core.cli import build_parser, main
from piu.core.files import marqueur
from piu.core.learner import dossier
from piu.core.trainer.copies import json_copie, nouvelle_copie
from tests.conftest import ROOT

#: Values given to every option in turn; ``{ext}`` becomes the extension the option expects,
#: ``{entree}`` the file the baseline reads (an input is never an output).
HOSTILE = [
    "", "   ", "nan", "inf", "-inf", "1e400", "-1", "-0", "0", "1,000.50", "12,5.3", "1 000 000,5,2",
    "31/02/2026", "2026-13-01", "2026-02-30", "9999-12-31", "0001-01-01", "é\u00a0ß\u202e", "x" * 300,
    ".", "dossier-vide", "absent{ext}", "manquant/sous/fichier{ext}", "illisible{ext}", "vide{ext}",
    "binaire{ext}", "latin1{ext}", "bombe{ext}", "vide{ext}/sous{ext}",
    "mon-dossier.json", "ma-carte.json", "protocole.yaml", "fiche-rex.yaml", "copie-dupont.json",
    ".piu/progres.json", "{entree}",
]

#: Phrases of English (Python's or argparse's own) that must never reach the user.
ENGLISH = re.compile(r"Traceback|Errno|No such file|Permission denied|invalid literal|object has no|"
                     r"expected |unrecognized|required:|not supported|could not|Error:|error:|"
                     r"is not|got an unexpected|codec can't", re.IGNORECASE)
FRENCH = re.compile(r"[àâçéèêëîïôûùœ«»]|\b(le|la|les|un|une|des|du|de|est|pas|ou|et|dans|fichier|dossier|"
                    r"introuvable|choix|valeur|nombre|date|aucune?|champs?|inconnue?s?|lecture|impossible|"
                    r"illisible)\b", re.IGNORECASE)

#: Billion laughs: nine levels of nine aliases; safe_load builds it, walking it never ends.
BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True))

LATIN1 = {".csv": "critere;poids;Option A\nSécurité;2;3\n",
          ".json": '{"projet": "Café", "notes": {"prise-au-serieux": 2}}',
          ".ipynb": '{"cells": [], "metadata": {"titre": "Été"}, "nbformat": 4, "nbformat_minor": 5}'}


@dataclass(frozen=True)
class Leaf:
    """A command the user can run: its words and its parser."""

    words: tuple[str, ...]
    parser: argparse.ArgumentParser

    @property
    def name(self) -> str:
        return " ".join(self.words)

    def actions(self) -> list[argparse.Action]:
        return [a for a in self.parser._actions
                if not isinstance(a, argparse._HelpAction | argparse._SubParsersAction)]

    def valued(self) -> list[argparse.Action]:
        return [a for a in self.actions() if a.nargs != 0]

    def flags(self) -> list[argparse.Action]:
        return [a for a in self.actions() if a.nargs == 0]


def leaves(parser: argparse.ArgumentParser, words: tuple[str, ...] = ()) -> Iterator[Leaf]:
    """Every runnable command under ``parser`` (a parser with ``run`` or without actions)."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if parser._defaults.get("run") or not subs:
        yield Leaf(words, parser)
    for action in subs:
        seen: set[int] = set()
        for name, child in action.choices.items():
            if id(child) not in seen:
                seen.add(id(child))
                yield from leaves(child, (*words, name))


LEAVES = {leaf.name: leaf for leaf in leaves(build_parser())}


def _text(action: argparse.Action) -> str:
    return f"{action.dest} {action.metavar or ''} {action.help or ''}".lower()


def extension(action: argparse.Action) -> str:
    """The extension an option's help asks for (a hostile file is named with it)."""
    text = _text(action)
    for ext, words in ((".csv", ("csv",)), (".ipynb", (".ipynb",)), (".json", (".json", "json)")),
                       (".docx", (".docx",))):
        if any(w in text for w in words):
            return ext
    return ".yaml"


def is_output(action: argparse.Action) -> bool:
    """Whether the option names a file or folder the command writes (its declared output)."""
    return action.dest in {"sortie", "enregistrer", "cible"} or "écrire" in _text(action)


def is_path(action: argparse.Action) -> bool:
    return action.type is Path or action.dest in {"fichier", "fichiers", "dossier", "copies", "resultats"}


# ---- the scratch working folder ----------------------------------------------------------------

def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


def _examples() -> dict[str, Path]:
    """Example inputs of the course, by the name they get in the working folder."""
    found = {}
    for folder in ("notebooks/grilles", "notebooks/experimentation", "notebooks/scic", "notebooks/freins",
                   "notebooks/rex", "notebooks/cyclologistique", "exercises/plans"):
        for path in sorted((ROOT / folder).iterdir()):
            if path.suffix in (".yaml", ".csv", ".json"):
                found[f"exemples/{path.parent.name}-{path.name}"] = path
    found["exemples/dossier-cyclologistique.json"] = ROOT / "exercises" / "dossier-cyclologistique.json"
    return found


def build_folder(work: Path) -> list[str]:
    """Fill ``work`` with the learner's saved work, the examples and the hostile files; return
    the candidate values for a baseline's path arguments, most likely first."""
    sample = dossier.lire(ROOT / "exercises" / "dossier-cyclologistique.json")
    _write(work / "mon-dossier.json", dossier.vers_texte(sample))
    _write(work / "ma-carte.json", (ROOT / "notebooks/freins/participant-1.json").read_bytes())
    _write(work / "protocole.yaml", (ROOT / "notebooks/experimentation/protocole-cyclologistique.yaml").read_bytes())
    card = sorted((ROOT / "data" / "rex").glob("*.yaml"))[0]
    _write(work / "fiche-rex.yaml", card.read_bytes())
    _write(work / "copie-dupont.json", json_copie(nouvelle_copie("module-8", "Jeanne Dupont", {})))
    _write(work / "copies" / "copie-martin.json", json_copie(nouvelle_copie("module-8", "Paul Martin", {})))
    _write(work / ".piu" / "progres.json", '{"version": 1, "reponses": {"m1-q": {"module": 1, "juste": true, '
                                            '"tentatives": 1, "derniere": "2026-01-02T10:00:00"}}}')
    _write(work / "livre" / "index.html", "<!DOCTYPE html><title>livre</title>")
    (work / "dossier-vide").mkdir()
    for name, source in _examples().items():
        _write(work / name, source.read_bytes())
    new_card = card.read_text(encoding="utf-8").replace(f"id: {card.stem}", "id: essai-balayage", 1)
    _write(work / "fiche-nouvelle.yaml", new_card)  # a real card under a new id: « rex ajouter » accepts it
    with contextlib.redirect_stdout(io.StringIO()):  # a correction's results, for « evaluation analyser »
        assert main(["evaluation", "corriger", str(work / "copies"), "--sortie", str(work / "resultats")]) == 0
    for ext in (".yaml", ".csv", ".json", ".ipynb", ".docx"):
        _write(work / f"vide{ext}", b"")
        _write(work / f"binaire{ext}", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
        latin1 = LATIN1.get(ext, "nom: Café Élodie\nscores:\n  indépendance: 2\n")
        _write(work / f"latin1{ext}", latin1.encode("cp1252"))
        _write(work / f"bombe{ext}", BOMB)
        _write(work / f"illisible{ext}", "nom: secret\n")
        (work / f"illisible{ext}").chmod(0)
    return ["copies", "resultats", "livre", *_examples(), "fiche-nouvelle.yaml", "fiche-rex.yaml",
            "ma-carte.json", "protocole.yaml", "resultats-neufs"]


def snapshot(*folders: Path) -> dict[str, tuple[str, str | None]]:
    """Every file under ``folders``: its digest and its ``format`` marker (contents kept in
    :data:`CONTENTS`, to put a legitimately rewritten output back for the next run)."""
    state = {}
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and not path.is_symlink():
                try:
                    raw = path.read_bytes()
                except OSError:
                    raw = b"(illisible)"
                digest = hashlib.sha1(raw).hexdigest()
                CONTENTS.setdefault(digest, raw)
                state[str(path)] = (digest, marqueur(raw))
    return state


# ---- running one command -----------------------------------------------------------------------

CONTENTS: dict[str, bytes] = {}


class TooLong(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise TooLong


@dataclass
class Run:
    argv: list[str]
    status: int | None
    out: str
    err: str
    crash: str = ""


def run(argv: list[str], limit: int = 10) -> Run:
    out, err = io.StringIO(), io.StringIO()
    previous = signal.signal(signal.SIGPROF, _alarm)
    signal.setitimer(signal.ITIMER_PROF, limit)  # processor time: a busy machine is not a hang
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(argv)
        crash = ""
    except TooLong:
        status, crash = None, f"plus de {limit} s (boucle ou explosion ?)"
    except BaseException as exc:  # what the sweep is for
        import traceback

        frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/piu/" in f.filename]
        where = f" ({Path(frames[-1].filename).name}:{frames[-1].lineno} {frames[-1].name})" if frames else ""
        status, crash = None, f"{type(exc).__name__}: {str(exc)[:160]}{where}"
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
    return Run(argv, status, out.getvalue(), err.getvalue(), crash)


def argv_for(leaf: Leaf, values: dict[argparse.Action, list[str]]) -> list[str]:
    """The command line: the leaf's words, options, then positionals, in the parser's order."""
    options, positionals = [], []
    for action in leaf.actions():
        if action not in values:
            continue
        if action.option_strings:
            option = action.option_strings[0]
            if action.nargs == 0:
                options.append(option)
            elif values[action][0].startswith("-"):  # « --date -1 » would read -1 as an option
                options.append(f"{option}={values[action][0]}")
            else:
                options += [option, values[action][0]]
        else:
            positionals += values[action]
    return [*leaf.words, *options, "--", *positionals] if positionals else [*leaf.words, *options]


def problems(result: Run, before: dict[str, tuple[str, str | None]], after: dict[str, tuple[str, str | None]],
             outputs: set[str]) -> list[str]:
    """What is wrong with one run (empty: nothing)."""
    found = []
    if result.crash:
        return [f"exception : {result.crash}"]
    text = result.out + result.err
    if "Traceback" in text:
        found.append("traceback affiché")
    if result.status not in (0, 1, 2):
        found.append(f"statut {result.status}")
    if result.status == 1 and not result.out.strip():
        found.append("statut 1 sans liste des problèmes")
    if result.status == 2:
        message = result.err.strip()
        if not message.startswith("piu : "):
            found.append(f"statut 2 sans message « piu : » ({message[:200]!r})")
        elif ENGLISH.search(message.split("\nutilisation :")[0]) or not FRENCH.search(message):
            found.append(f"message pas en français : {message[:300]!r}")
    for path, (digest, mark) in before.items():
        now = after.get(path)
        if now is None:
            found.append(f"fichier disparu : {path}")
        elif now[0] != digest:
            declared = path in outputs or any(path.startswith(o + os.sep) for o in outputs)
            if result.status != 0 or not declared:
                found.append(f"fichier modifié : {path}")
            elif now[1] != mark:
                found.append(f"fichier remplacé par un autre genre ({mark} → {now[1]}) : {path}")
    for path in set(after) - set(before):
        if Path(path).name.endswith(".tmp"):
            found.append(f"fichier temporaire laissé : {path}")
        elif result.status != 0:
            found.append(f"fichier créé malgré le statut {result.status} : {path}")
    return found


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the course's data and bank: « piu rex ajouter » and its kind write there."""
    root = tmp_path_factory.mktemp("cours")
    for folder in ("data", "exercises/banque"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / "exercises" / "module8.ipynb").write_bytes((ROOT / "exercises" / "module8.ipynb").read_bytes())
    return root


@pytest.fixture
def work(tmp_path: Path, course: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The scratch working folder, with its own home, dossier and progress file."""
    folder = tmp_path / "travail"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("PIU_RACINE", str(course))
    monkeypatch.setenv("PIU_DOSSIER", str(folder / "mon-dossier.json"))
    monkeypatch.setenv("PIU_PROGRES", str(folder / ".piu" / "progres.json"))
    monkeypatch.setattr("http.server.ThreadingHTTPServer.serve_forever",
                        lambda self, *a, **k: (_ for _ in ()).throw(KeyboardInterrupt))
    monkeypatch.setattr("webbrowser.open", lambda *a, **k: True)
    monkeypatch.setattr("threading.Timer.start", lambda self: None)
    yield folder
    for path in folder.rglob("illisible*"):
        path.chmod(0o644)


def baseline(leaf: Leaf, candidates: list[str]) -> tuple[dict[argparse.Action, list[str]], float]:
    """Values of the required arguments for which the command works, and its run time.

    Path arguments try the candidates (an example whose kind the help names first); other
    required arguments take their first choice, or « 1000 ». Falls back on the first try.
    """
    required = [a for a in leaf.valued() if a.required or (not a.option_strings and a.nargs not in ("?", "*"))]
    fixed = {a: [str(a.choices[0] if not isinstance(a.choices, dict) else next(iter(a.choices)))]
             for a in required if a.choices}
    fixed.update({a: ["1000"] for a in required if not a.choices and not is_path(a)})
    paths = [a for a in required if a not in fixed]
    first: dict[argparse.Action, list[str]] | None = None

    def ranked(action: argparse.Action) -> list[str]:
        ext = extension(action)
        if is_output(action):
            return ["resultats-neufs", *candidates]
        if "dossier" in _text(action) and "fichier" not in _text(action):  # a folder: folders first
            return sorted(candidates, key=lambda c: "." in Path(c).name)
        return sorted(candidates, key=lambda c: (not c.endswith(ext), not Path(c).name.startswith(
            tuple(w for w in re.findall(r"[a-z]+", _text(action)) if len(w) > 4)), c))

    def combos(i: int, chosen: dict[argparse.Action, list[str]]) -> Iterator[dict[argparse.Action, list[str]]]:
        if i == len(paths):
            yield dict(chosen)
            return
        for value in ranked(paths[i])[:12]:
            chosen[paths[i]] = [value]
            yield from combos(i + 1, chosen)

    for tries, values in enumerate(combos(0, dict(fixed)), start=1):
        first = first or values
        start = time.perf_counter()
        result = run(argv_for(leaf, values))
        if result.status in (0, 1) and not result.crash:
            return values, time.perf_counter() - start
        if tries >= 30:
            break
    return first or fixed, 0.0


def restore(before: dict[str, tuple[str, str | None]], after: dict[str, tuple[str, str | None]]) -> None:
    """Put the working folder back as it was: new files removed, changed ones rewritten."""
    for path in sorted(set(after) - set(before), reverse=True):
        Path(path).unlink()
        with contextlib.suppress(OSError):
            Path(path).parent.rmdir()
    for path, (digest, _) in before.items():
        if after.get(path, (None,))[0] != digest:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            Path(path).write_bytes(CONTENTS[digest])


def values_for(action: argparse.Action, base: dict[argparse.Action, list[str]]) -> list[str]:
    entree = next((v[0] for a, v in base.items() if is_path(a) and not is_output(a)), "protocole.yaml")
    ext = extension(action)
    return list(dict.fromkeys(v.replace("{ext}", ext).replace("{entree}", entree) for v in HOSTILE))


@pytest.mark.parametrize("name", sorted(LEAVES))
def test_every_option_resists_hostile_values(name: str, work: Path, course: Path) -> None:
    leaf = LEAVES[name]
    candidates = build_folder(work)
    initial = snapshot(work, course / "data")
    base, seconds = baseline(leaf, candidates)
    restore(initial, snapshot(work, course / "data"))
    defects: list[str] = []
    runs = [(action, value) for action in leaf.valued() for value in values_for(action, base)]
    runs += [(flag, None) for flag in leaf.flags()] if seconds < 1.5 else []
    start, cpu = time.perf_counter(), time.process_time()
    for action, value in runs:
        values = dict(base)
        if value is None:
            values[action] = []
        else:
            values[action] = [value]
        outputs = {str((work / v).resolve()) for a, vs in values.items() if is_output(a) for v in vs}
        outputs |= {str(work / v) for a, vs in values.items() if is_output(a) for v in vs}
        before = snapshot(work, course / "data")
        result = run(argv_for(leaf, values))
        after = snapshot(work, course / "data")
        defects += [f"piu {' '.join(result.argv)} : {p}" for p in problems(result, before, after, outputs)]
        if after != before:  # the next run starts from the same folder
            restore(before, after)
    print(f"{name} : {len(runs)} exécutions, {time.process_time() - cpu:.1f} s de processeur "
          f"({time.perf_counter() - start:.1f} s) ; base : piu {' '.join(argv_for(leaf, base))}", file=sys.__stderr__)
    assert not defects, f"{len(defects)} défaut(s) :\n" + "\n".join(defects[:80])


def test_the_sweep_covers_every_command() -> None:
    """Each command is found, and each has at least one option or argument to attack."""
    assert {"dossier exporter", "questions exporter", "freins carte", "evaluation corriger"} <= set(LEAVES)
    assert sum(len(leaf.valued()) for leaf in LEAVES.values()) >= 60
    assert len(HOSTILE) >= 30 and all(isinstance(v, str) for v in HOSTILE)
