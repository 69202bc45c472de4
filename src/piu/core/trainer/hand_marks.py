"""What the trainer decides by hand, kept across every rerun: rubric marks and accepted answers.

Two files belong to the trainer, and the tool never writes over them:

* the **rubric grids** (``grille_a_remplir.csv`` and its complements ``grille_a_remplir-2.csv``…):
  the first run writes the blank grid; a later run (a late copy arrives) never rewrites a grid,
  it writes a *complement* listing only the learners and items found in no grid yet. Every grid
  of the results folder is read back at each run, with those passed by ``--grille``;
* the **accepted answers** (``acceptations.csv``: ``item;reponse``): a typed answer the key did
  not foresee and the trainer judges right. The grader lists every typed answer it marked wrong
  (``reponses_refusees.csv``, rewritten each run: it is the tool's, not the trainer's); the
  trainer copies the right ones into ``acceptations.csv`` and reruns, and the class is re-graded.

A row that matches no copy (a typo in a name, a name the tool prefixed with « ' », a name with
« " ») is reported with its file and line, never dropped without a word.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from piu.core.errors import PiuError
from piu.core.files import raison
from piu.core.french_numbers import format_nombre, lire_nombre
from piu.core.trainer.copies import cellule, cle_nom, nom_lu

GRID = "grille_a_remplir.csv"
ACCEPTED = "acceptations.csv"
REFUSED = "reponses_refusees.csv"


@dataclass
class Notes:
    """Marks read from every grid: by (learner identity, criterion), with what went wrong."""

    scores: dict[tuple[str, str], float] = field(default_factory=dict)
    listees: set[tuple[str, str]] = field(default_factory=set)   # (learner, item) in some grid
    problemes: list[str] = field(default_factory=list)
    fichiers: list[Path] = field(default_factory=list)


def _read_text(path: Path, what: str) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PiuError(f"{what} {path} illisible ({raison(exc)}) : vérifiez le chemin.") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _rows(text: str) -> list[tuple[int, dict[str, str]]]:
    """Rows of a CSV saved by a French spreadsheet (« ; », « , » or tab), numbered as it shows them."""
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = max(";,\t", key=first.count) if first else ";"
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    return [(n, {str(k or "").strip(): str(v or "") for k, v in row.items()})
            for n, row in enumerate(reader, start=2)]


def grilles(sortie: Path, explicites: Iterable[Path] = ()) -> list[Path]:
    """The grids to read: those named on the command line, then every grid of the results folder."""
    found: list[Path] = []
    for path in explicites:
        if not path.is_file():
            raise PiuError(f"La grille {path} n'existe pas : remplissez le fichier {GRID} écrit par "
                           f"une première correction, dans le dossier des résultats.")
        found.append(path)
    if sortie.is_dir():
        found += sorted(sortie.glob("grille_a_remplir*.csv"))
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def lire_grilles(paths: Iterable[Path], criteres: Iterable[object], apprenants: Iterable[str]) -> Notes:
    """Read every grid; report bad values, rows matching no copy, and marks given twice."""
    crit = {c.id: c for c in criteres}  # type: ignore[attr-defined]
    known = {cle_nom(a): a for a in apprenants}
    notes = Notes()
    origin: dict[tuple[str, str], str] = {}
    for path in paths:
        notes.fichiers.append(path)
        for n, row in _rows(_read_text(path, "Grille")):
            name = nom_lu(row.get("apprenant", ""))
            if not name:
                continue
            key = cle_nom(name)
            marks = {cid: row.get(cid, "").strip() for cid in crit if row.get(cid, "").strip()}
            if key not in known:
                if marks:
                    notes.problemes.append(f"{path.name}, ligne {n} : « {name} » ne correspond à aucune "
                                           f"copie ; corrigez le nom comme dans le carnet, ses notes "
                                           f"ne sont pas comptées")
                continue
            item = row.get("item", "").strip()
            if item:
                notes.listees.add((key, item))
            for cid, raw in marks.items():
                where = f"{path.name}, ligne {n}, « {cid} »"
                try:
                    value = lire_nombre(raw)
                except PiuError:
                    notes.problemes.append(f"{where} : « {raw[:20]} » n'est pas un nombre")
                    continue
                top = crit[cid].points  # type: ignore[attr-defined]
                if not 0 <= value <= top:
                    notes.problemes.append(f"{where} : {format_nombre(value)} hors de 0 à "
                                           f"{format_nombre(top)}, ramené dans l'intervalle")
                    value = min(max(value, 0.0), top)
                previous = notes.scores.get((key, cid))
                if previous is not None and previous != value:
                    notes.problemes.append(f"{where} : {known[key]} a déjà {format_nombre(previous)} "
                                           f"dans {origin[(key, cid)]} ; la première note est gardée")
                    continue
                notes.scores[(key, cid)] = value
                origin[(key, cid)] = f"{path.name}, ligne {n}"
    return notes


def grille_csv(lignes: Iterable[tuple[str, str, str]], criteres: list[object]) -> str:
    """A blank grid: one row per (learner, open item), one column per criterion, then the answer."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["apprenant", "item", *[c.id for c in criteres], "reponse"])  # type: ignore[attr-defined]
    for name, item, answer in lignes:
        writer.writerow([cellule(name), item, *["" for _ in criteres], cellule(answer)])
    return "\ufeff" + buffer.getvalue()


def prochaine_grille(sortie: Path) -> Path:
    """``grille_a_remplir.csv`` if free, else the first free ``grille_a_remplir-N.csv``."""
    if not (sortie / GRID).exists():
        return sortie / GRID
    n = 2
    while (sortie / f"grille_a_remplir-{n}.csv").exists():
        n += 1
    return sortie / f"grille_a_remplir-{n}.csv"


def lignes_a_ajouter(copies: Iterable[tuple[str, Mapping[str, str]]], items: Iterable[str],
                     notes: Notes) -> list[tuple[str, str, str]]:
    """(learner, item, answer) of the open items that no grid lists yet: the complement to write."""
    rows = []
    for name, answers in copies:
        for item in items:
            if (cle_nom(name), item) not in notes.listees:
                rows.append((name, item, answers.get(item, "")))
    return rows


# ---- Accepted answers -------------------------------------------------------------------------

def lire_acceptations(paths: Iterable[Path], items: Iterable[str]) -> tuple[dict[str, set[str]], list[str]]:
    """``item;reponse`` rows (other columns ignored): the answers the trainer accepts, by item.

    Answers are compared by their canonical form (see ``grading.forme_canonique``), so that
    accepting « art. L 2131-11 » also accepts « L2131-11 du CGCT ».
    """
    from piu.core.questions.citations import cle_texte

    known = set(items)
    accepted: dict[str, set[str]] = {}
    problems: list[str] = []
    for path in paths:
        for n, row in _rows(_read_text(path, "Fichier des réponses acceptées")):
            item, answer = row.get("item", "").strip(), row.get("reponse", "").strip()
            if not item and not answer:
                continue
            if row.get("accepter", "oui").strip().casefold() in ("non", "n", "0"):
                continue
            if item not in known:
                problems.append(f"{path.name}, ligne {n} : question « {item[:40]} » inconnue ; "
                                f"recopiez l'identifiant de la colonne « item »")
                continue
            if not cle_texte(nom_lu(answer)):
                problems.append(f"{path.name}, ligne {n} : réponse vide pour « {item} »")
                continue
            accepted.setdefault(item, set()).add(cle_texte(nom_lu(answer)))
    return accepted, problems


def refusees_csv(refusees: Mapping[str, Mapping[str, list[str]]]) -> str:
    """The typed answers marked wrong, by item then by how many gave them (the tool's own file)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["item", "reponse", "nombre", "apprenants"])
    for item, answers in refusees.items():
        for answer, names in sorted(answers.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            writer.writerow([item, cellule(answer), len(names), cellule(", ".join(names))])
    return "\ufeff" + buffer.getvalue()
