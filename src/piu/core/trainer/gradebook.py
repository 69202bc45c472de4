"""Grade a folder of copies with the self-checks' rules, and write what the trainer needs.

Nothing is executed: each answer goes through :func:`piu.core.questions.grading.corriger`, the same
function the Jupyter forms and the web quiz rules use, so a learner's self-check and the graded
evaluation never disagree. Outputs (:func:`ecrire_resultats`):

* ``carnet.csv`` and ``carnet.xlsx`` — one row per learner, one column per item, the total and
  the mark out of 20 (CSV with « ; » and decimal commas, as French spreadsheets expect);
* ``retours/<nom>.html`` — one feedback page per learner: verdict, explanation and source of
  every item;
* ``rapport.html`` — every file set aside with its reason, duplicates, remarks;
* ``grille_a_remplir.csv`` — the rubric of the open items, to fill and pass back;
* ``resultats.json`` — item scores and raw answers, read by the item analysis.

Learner text is escaped in every HTML output, neutralised in spreadsheets (a name starting
with « = » is not a formula) and never used raw as a file name.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from piu.core.errors import PiuError, ReponseIllisible
from piu.core.files import ecrire_atomique
from piu.core.french_numbers import format_nombre, lire_nombre
from piu.core.questions.bank import Question
from piu.core.questions.grading import corriger
from piu.core.trainer.copies import Copie, Lecture
from piu.core.typography import espaces_insecables

_MD = MarkdownIt("commonmark").enable("table")


@lru_cache(maxsize=4096)
def md_block(text: str) -> str:
    """Markdown with tables (the evaluation's documents are tables and quotations).

    Cached: a class's feedback pages render the same explanations once per learner.
    """
    return _MD.render(espaces_insecables(text))


@lru_cache(maxsize=4096)
def md_inline(text: str) -> str:
    return _MD.renderInline(espaces_insecables(text))


@dataclass(frozen=True)
class Bareme:
    """One item of the evaluation: its points, and whether the trainer grades it with a rubric."""

    id: str
    points: float
    ouverte: bool = False
    titre: str = ""


@dataclass(frozen=True)
class Critere:
    """One line of an open item's rubric."""

    id: str
    item: str
    critere: str
    points: float
    attendu: str


@dataclass
class ResultatItem:
    id: str
    points: float
    maximum: float
    statut: str            # juste | faux | sans-reponse | illisible | a-corriger | corrigee
    reponse: str           # the answer as handed in, as text (escaped when shown)
    retour: str = ""
    explication: str = ""
    source: str = ""


@dataclass
class Resultat:
    apprenant: str
    fichier: str
    remise_le: str
    items: list[ResultatItem]
    remarques: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(i.points for i in self.items)

    @property
    def maximum(self) -> float:
        return sum(i.maximum for i in self.items)

    @property
    def sur_20(self) -> float:
        return round(20 * self.total / self.maximum, 2) if self.maximum else 0.0


def _as_text(answer: Any) -> str:
    if answer is None:
        return ""
    if isinstance(answer, str):
        return answer
    try:
        return json.dumps(answer, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(answer)


def corriger_copie(copie: Copie, questions: Mapping[str, Question], bareme: Iterable[Bareme],
                   notes_grille: Mapping[tuple[str, str], float] | None = None,
                   grille: Iterable[Critere] = ()) -> Resultat:
    """Grade one copy; never raises for what a learner typed."""
    bareme = list(bareme)
    criteria = list(grille)
    notes = notes_grille or {}
    result = Resultat(copie.apprenant, copie.fichier, copie.remise_le, [], list(copie.remarques))
    known = {b.id for b in bareme}
    unknown = sorted(set(copie.reponses) - known)
    if unknown:
        shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
        result.remarques.append(f"{len(unknown)} réponse(s) à des questions inconnues, ignorée(s) : {shown}")
    for item in bareme:
        answer = copie.reponses.get(item.id)
        shown = _as_text(answer)[:2000]
        if item.ouverte:
            mine = [c for c in criteria if c.item == item.id]
            given = [notes[(copie.cle_apprenant, c.id)] for c in mine if (copie.cle_apprenant, c.id) in notes]
            if given:
                score = min(item.points, sum(given))
                result.items.append(ResultatItem(item.id, score, item.points, "corrigee", shown,
                                                 "Note de la grille du formateur."))
            else:
                result.items.append(ResultatItem(item.id, 0.0, item.points, "a-corriger", shown,
                                                 "À corriger par le formateur avec la grille publiée."))
            continue
        question = questions[item.id]
        if answer is None or (isinstance(answer, str | list | dict) and not answer):
            result.items.append(ResultatItem(item.id, 0.0, item.points, "sans-reponse", "",
                                             "Pas de réponse.", question.explication, question.source))
            continue
        try:
            verdict = corriger(question, answer)
        except ReponseIllisible as exc:
            result.items.append(ResultatItem(item.id, 0.0, item.points, "illisible", shown,
                                             f"Réponse illisible : {exc}", question.explication,
                                             question.source))
            continue
        except (PiuError, TypeError, ValueError, AttributeError, KeyError):
            result.items.append(ResultatItem(item.id, 0.0, item.points, "illisible", shown,
                                             "Réponse illisible.", question.explication, question.source))
            continue
        result.items.append(ResultatItem(item.id, item.points if verdict.juste else 0.0, item.points,
                                         "juste" if verdict.juste else "faux", shown, verdict.retour,
                                         question.explication, question.source))
    return result


# ---- The trainer's rubric -------------------------------------------------------------------

def lire_grille_remplie(path: Path, grille: Iterable[Critere]) -> tuple[dict[tuple[str, str], float], list[str]]:
    """Read the filled rubric CSV; return the scores by (learner, criterion) and the problems."""
    criteria = {c.id: c for c in grille}
    problems: list[str] = []
    scores: dict[tuple[str, str], float] = {}
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise PiuError(f"Grille {path} illisible ({exc.strerror}).") from None
    except UnicodeDecodeError:
        text = path.read_bytes().decode("cp1252")
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text.strip() else ";", delimiters=";,\t")
    for n, row in enumerate(csv.DictReader(io.StringIO(text), dialect=dialect), start=2):
        learner = " ".join(str(row.get("apprenant") or "").casefold().split())
        if not learner:
            continue
        for cid, crit in criteria.items():
            raw = (row.get(cid) or "").strip()
            if not raw:
                continue
            try:
                value = lire_nombre(raw)
            except PiuError:
                problems.append(f"grille, ligne {n}, « {cid} » : « {raw[:20]} » n'est pas un nombre")
                continue
            if not 0 <= value <= crit.points:
                problems.append(f"grille, ligne {n}, « {cid} » : {format_nombre(value)} hors de 0 à "
                                f"{format_nombre(crit.points)}, ramené dans l'intervalle")
                value = min(max(value, 0.0), crit.points)
            scores[(learner, cid)] = value
    return scores, problems


# ---- Outputs ----------------------------------------------------------------------------------

def nom_de_fichier(apprenant: str) -> str:
    """A safe, unique file name for a learner: ASCII letters, digits and dashes, plus a hash.

    ``../x``, ``<script>`` or ``CON`` never become a path: only ``[a-z0-9-]`` survive.
    """
    ascii_name = unicodedata.normalize("NFKD", apprenant).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40] or "apprenant"
    digest = hashlib.sha256(" ".join(apprenant.casefold().split()).encode()).hexdigest()[:8]
    return f"{slug}-{digest}"


def cellule(value: Any) -> Any:
    """A spreadsheet cell that cannot run: text starting with = + - @ is prefixed with « ' »."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _fr(value: float) -> str:
    return format_nombre(value).replace("\u202f", "").replace("\u00a0", "")


def carnet_lignes(results: list[Resultat], bareme: list[Bareme]) -> tuple[list[str], list[list[Any]]]:
    header = ["apprenant", "fichier", "remise_le", *[b.id for b in bareme], "total", "sur_20"]
    rows = []
    for r in results:
        points = {i.id: i.points for i in r.items}
        rows.append([cellule(r.apprenant), cellule(r.fichier), r.remise_le,
                     *[points.get(b.id, 0.0) for b in bareme], r.total, r.sur_20])
    return header, rows


def _csv_text(header: list[str], rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_fr(v) if isinstance(v, float) else v for v in row])
    return "\ufeff" + buffer.getvalue()


def _xlsx(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Carnet de notes"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "B2"
    tmp = path.with_name(f".{path.name}.tmp")
    book.save(tmp)
    tmp.replace(path)


_STYLE = ("body{font-family:system-ui,sans-serif;max-width:52em;margin:2em auto;padding:0 1em;"
          "line-height:1.5}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em}"
          ".juste{color:#17692f}.faux,.illisible,.sans-reponse{color:#a61b1b}.a-corriger{color:#8a4b00}"
          "section{border-top:1px solid #ccc;margin-top:1em}")

_LABELS = {"juste": "✔ Juste", "faux": "✘ Faux", "sans-reponse": "✘ Sans réponse",
           "illisible": "✘ Réponse illisible", "a-corriger": "… À corriger par le formateur",
           "corrigee": "✔ Corrigée par le formateur"}


def page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>"
            f"<body>{body}</body></html>")


def retour_html(result: Resultat, questions: Mapping[str, Question], titre: str) -> str:
    """The learner's feedback page: every item with its verdict, explanation and source."""
    parts = [f"<h1>{html.escape(titre)}</h1>",
             f"<p>Copie de <strong>{html.escape(result.apprenant)}</strong>, remise le "
             f"{html.escape(result.remise_le or 'date inconnue')}.</p>",
             f"<p><strong>Note : {html.escape(_fr(result.sur_20))} / 20</strong> "
             f"({html.escape(_fr(result.total))} points sur {html.escape(_fr(result.maximum))}).</p>"]
    for n, item in enumerate(result.items, start=1):
        q = questions.get(item.id)
        head = q.titre if q and q.titre else item.id
        parts.append(
            f'<section><h2>{n}. {html.escape(espaces_insecables(head))}</h2>'
            f'<p class="{item.statut}"><strong>{_LABELS[item.statut]}</strong> — '
            f'{html.escape(_fr(item.points))} / {html.escape(_fr(item.maximum))}</p>'
            f"<p>Votre réponse : <code>{html.escape(item.reponse) or '—'}</code></p>"
            f"<p>{md_inline(item.retour) if item.statut in ('juste', 'faux') else html.escape(item.retour)}</p>")
        if item.explication:
            parts.append(md_block(item.explication))
        if item.source:
            parts.append(f"<p><strong>Source :</strong> {md_inline(item.source)}</p>")
        parts.append("</section>")
    return page(f"{titre} — {result.apprenant}", "".join(parts))


def rapport_html(lecture: Lecture, results: list[Resultat], problems: list[str], titre: str) -> str:
    """The batch report: what was graded, every file set aside with its reason, duplicates."""
    rows = "".join(f"<tr><td>{html.escape(f)}</td><td>{html.escape(r)}</td></tr>" for f, r in lecture.rejets)
    dups = "".join(
        f"<li>{html.escape(name)} : {', '.join(html.escape(f) for f in files)} — retenue : "
        f"{html.escape(kept)}</li>" for name, files, kept in lecture.doublons)
    remarks = "".join(f"<li>{html.escape(r.fichier)} : {html.escape(m)}</li>"
                      for r in results for m in r.remarques)
    body = (f"<h1>{html.escape(titre)} — rapport de correction</h1>"
            f"<p>{len(results)} copie(s) corrigée(s), {len(lecture.rejets)} fichier(s) écarté(s), "
            f"{len(lecture.doublons)} apprenant(s) avec plusieurs copies.</p>"
            "<h2>Fichiers écartés</h2>"
            + (f"<table><thead><tr><th>fichier</th><th>raison</th></tr></thead><tbody>{rows}</tbody></table>"
               if rows else "<p>Aucun.</p>")
            + "<h2>Plusieurs copies d'un même apprenant (la plus récente compte)</h2>"
            + (f"<ul>{dups}</ul>" if dups else "<p>Aucune.</p>")
            + "<h2>Remarques</h2>" + (f"<ul>{remarks}</ul>" if remarks else "<p>Aucune.</p>")
            + "<h2>Grille du formateur</h2>"
            + ("<ul>" + "".join(f"<li>{html.escape(p)}</li>" for p in problems) + "</ul>"
               if problems else "<p>Aucun problème.</p>"))
    return page(f"{titre} — rapport", body)


def grille_a_remplir(results: list[Resultat], grille: list[Critere]) -> str:
    """The rubric CSV for the trainer: one row per learner and open item, one column per criterion."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    items = sorted({c.item for c in grille})
    writer.writerow(["apprenant", "item", *[c.id for c in grille], "reponse"])
    for r in results:
        answers = {i.id: i.reponse for i in r.items}
        for item in items:
            writer.writerow([cellule(r.apprenant), item, *["" for _ in grille],
                             cellule(answers.get(item, ""))])
    return "\ufeff" + buffer.getvalue()


def ecrire_resultats(out: Path, lecture: Lecture, results: list[Resultat], bareme: list[Bareme],
                     questions: Mapping[str, Question], grille: list[Critere], titre: str,
                     problems: list[str] = ()) -> dict[str, Path]:
    """Write every output into ``out``; each file is replaced atomically."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / "retours").mkdir(exist_ok=True)
    except OSError as exc:
        raise PiuError(f"Impossible de créer le dossier de résultats {out} ({exc.strerror}).") from None
    header, rows = carnet_lignes(results, bareme)
    written = {"carnet.csv": ecrire_atomique(out / "carnet.csv", _csv_text(header, rows))}
    _xlsx(out / "carnet.xlsx", header, rows)
    written["carnet.xlsx"] = out / "carnet.xlsx"
    for r in results:
        path = out / "retours" / f"{nom_de_fichier(r.apprenant)}.html"
        ecrire_atomique(path, retour_html(r, questions, titre))
    written["rapport.html"] = ecrire_atomique(out / "rapport.html",
                                              rapport_html(lecture, results, list(problems), titre))
    if grille:
        written["grille_a_remplir.csv"] = ecrire_atomique(out / "grille_a_remplir.csv",
                                                          grille_a_remplir(results, grille))
    machine = {"format": "piu-resultats", "version": 1, "titre": titre,
               "items": [asdict(b) for b in bareme],
               "copies": [{"apprenant": r.apprenant, "fichier": r.fichier, "total": r.total,
                           "sur_20": r.sur_20,
                           "items": {i.id: {"points": i.points, "statut": i.statut, "reponse": i.reponse}
                                     for i in r.items}} for r in results],
               "rejets": lecture.rejets}
    written["resultats.json"] = ecrire_atomique(out / "resultats.json",
                                                json.dumps(machine, ensure_ascii=False, indent=1))
    return written
