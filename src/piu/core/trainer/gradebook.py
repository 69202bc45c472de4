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
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from piu.core.errors import PiuError, ReponseIllisible
from piu.core.files import ecrire_atomique, raison
from piu.core.french_numbers import format_nombre
from piu.core.questions.bank import Question
from piu.core.questions.citations import cle_texte
from piu.core.questions.grading import corriger
from piu.core.trainer.copies import Copie, Lecture, cellule
from piu.core.trainer.hand_marks import REFUSED, refusees_csv
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

    @property
    def provisoire(self) -> bool:
        """A mark that still misses an item the trainer grades by hand is only provisional."""
        return any(i.statut == "a-corriger" for i in self.items)

    @property
    def statut(self) -> str:
        return "provisoire" if self.provisoire else "définitive"


def _as_text(answer: Any) -> str:
    if answer is None:
        return ""
    if isinstance(answer, str):
        return answer
    try:
        return json.dumps(answer, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(answer)


def _juste(question: Question, answer: Any) -> bool:
    try:
        return corriger(question, answer).juste
    except (PiuError, TypeError, ValueError, AttributeError, KeyError):
        return False


ACCEPTEE = "Réponse acceptée par le formateur (acceptations.csv)."


def corriger_copie(copie: Copie, questions: Mapping[str, Question], bareme: Iterable[Bareme],
                   notes_grille: Mapping[tuple[str, str], float] | None = None,
                   grille: Iterable[Critere] = (),
                   acceptees: Mapping[str, set[str]] | None = None) -> Resultat:
    """Grade one copy; never raises for what a learner typed.

    ``acceptees``: answers the trainer accepts beyond the key, by item, in canonical form
    (:func:`piu.core.questions.citations.cle_texte`); one line in ``acceptations.csv`` re-grades
    the whole class.
    """
    accepted = acceptees or {}
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
        if item.id in accepted and isinstance(answer, str | int | float) \
                and cle_texte(str(answer)) in accepted[item.id] and not _juste(question, answer):
            result.items.append(ResultatItem(item.id, item.points, item.points, "juste", shown, ACCEPTEE,
                                             question.explication, question.source))
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


# ---- Outputs ----------------------------------------------------------------------------------

def nom_de_fichier(apprenant: str) -> str:
    """A safe, unique file name for a learner: ASCII letters, digits and dashes, plus a hash.

    ``../x``, ``<script>`` or ``CON`` never become a path: only ``[a-z0-9-]`` survive.
    """
    ascii_name = unicodedata.normalize("NFKD", apprenant).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40] or "apprenant"
    digest = hashlib.sha256(" ".join(apprenant.casefold().split()).encode()).hexdigest()[:8]
    return f"{slug}-{digest}"


def _fr(value: float) -> str:
    return format_nombre(value).replace("\u202f", "").replace("\u00a0", "")


def carnet_lignes(results: list[Resultat], bareme: list[Bareme],
                  liste: list[tuple[str, str, str]] = ()) -> tuple[list[str], list[list[Any]]]:
    """One row per graded copy, then one per expected learner without a graded copy.

    ``liste``: (name, statut, file) of the roster's learners with no copy graded (absent,
    illisible, autre évaluation, à corriger à la main): they appear, with no mark.
    """
    header = ["apprenant", "fichier", "remise_le", *[b.id for b in bareme], "total", "sur_20", "statut"]
    rows: list[list[Any]] = []
    for r in results:
        points = {i.id: i.points for i in r.items}
        rows.append([cellule(r.apprenant), cellule(r.fichier), r.remise_le,
                     *[points.get(b.id, 0.0) for b in bareme], r.total, r.sur_20, r.statut])
    for name, statut, fichier in liste:
        rows.append([cellule(name), cellule(fichier), "", *["" for _ in bareme], "", "", statut])
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


MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre")


def date_fr(stamp: str) -> str:
    """« 3 décembre 2026 à 10 h 15 » from an ISO stamp; the stamp itself if it is not one."""
    from datetime import datetime

    try:
        when = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return stamp or "date inconnue"
    day = "1er" if when.day == 1 else str(when.day)
    text = f"{day} {MOIS[when.month - 1]} {when.year}"
    return text + (f" à {when.hour} h {when.minute:02d}" if (when.hour, when.minute) != (0, 0) else "")


def attendu(question: Question) -> str:
    """The expected answer in words, as the feedback page names it (Markdown)."""
    match question.type:
        case "choix-unique" | "choix-multiple":
            return " ; ".join(f"{o.id}) {o.texte}" for o in question.options if o.correct)
        case "numerique":
            unit = f" {question.unite}" if question.unite else ""
            return f"{format_nombre(question.reponse or 0.0)}{unit}"
        case "texte":
            return question.reponses[0] if question.reponses else ""
        case "ordre":
            return " → ".join(e.texte for e in question.elements)
        case _:
            targets = {t.id: t.texte for t in question.cibles}
            return " ; ".join(f"{e.texte} → {targets.get(e.avec or '', '')}" for e in question.elements)


def _enonce(question: Question, reponse: str) -> str:
    """The statement and, for a choice, every option with the learner's ticks."""
    parts = [f'<div class="enonce">{md_block(question.enonce)}</div>']
    if question.type in ("choix-unique", "choix-multiple"):
        picked = set(options_choisies(reponse, question))
        rows = "".join(
            f"<li>{'☑' if o.id in picked else '☐'} {html.escape(o.id)}) {md_inline(o.texte)}"
            f"{' <strong>(attendue)</strong>' if o.correct else ''}</li>" for o in question.options)
        parts.append(f"<ul class=\"options\">{rows}</ul>")
    return "".join(parts)


def options_choisies(reponse: str, question: Question) -> list[str]:
    """The option ids a handed-in answer (as text: « a, c », ``["a", "c"]``, an option's text) picks."""
    try:
        loaded = json.loads(reponse)
    except ValueError:
        loaded = reponse
    ids = {o.id.lower(): o.id for o in question.options}
    if isinstance(loaded, list):
        tokens = [str(t).strip().lower() for t in loaded]
    else:
        text = str(loaded or "").strip()
        by_text = {" ".join(o.texte.casefold().split()): o.id for o in question.options}
        if " ".join(text.casefold().split()) in by_text:
            return [by_text[" ".join(text.casefold().split())]]
        tokens = [t.lower() for t in re.split(r"\s*(?:[,;/+]|\bet\b|\s)\s*", text) if t]
    return list(dict.fromkeys(ids[t] for t in tokens if t in ids))


def retour_html(result: Resultat, questions: Mapping[str, Question], titre: str) -> str:
    """The learner's feedback page: each item's statement and options, the answer given, the
    expected answer, the verdict, the rule (explanation and source)."""
    note = f"{_fr(result.sur_20)} / 20"
    if result.provisoire:
        note += " (provisoire : la réponse argumentée n'est pas encore corrigée)"
    parts = [f"<h1>{html.escape(titre)}</h1>",
             f"<p>Copie de <strong>{html.escape(result.apprenant)}</strong>, remise le "
             f"{html.escape(date_fr(result.remise_le))}.</p>",
             f"<p><strong>Note : {html.escape(note)}</strong> "
             f"({html.escape(_fr(result.total))} points sur {html.escape(_fr(result.maximum))}).</p>"]
    for n, item in enumerate(result.items, start=1):
        q = questions.get(item.id)
        head = q.titre if q and q.titre else item.id
        parts.append(
            f'<section><h2>{n}. {html.escape(espaces_insecables(head))}</h2>'
            + (_enonce(q, item.reponse) if q else "")
            + f'<p class="{item.statut}"><strong>{_LABELS[item.statut]}</strong> — '
            f'{html.escape(_fr(item.points))} / {html.escape(_fr(item.maximum))}</p>'
            f"<p>Votre réponse : <code>{html.escape(item.reponse) or '—'}</code></p>")
        if q is not None:
            parts.append(f"<p>Réponse attendue : {md_inline(attendu(q))}</p>")
        said = md_inline(item.retour) if item.statut in ("juste", "faux") else html.escape(item.retour)
        parts.append(f"<p>{said}</p>")
        if item.explication:
            parts.append(f"<p><strong>La règle :</strong></p>{md_block(item.explication)}")
        if item.source:
            parts.append(f"<p><strong>Source :</strong> {md_inline(item.source)}</p>")
        parts.append("</section>")
    return page(f"{titre} — {result.apprenant}", "".join(parts))


# ---- What the trainer checks: refused answers, the report ---------------------------------------

def reponses_refusees(results: Iterable[Resultat],
                      questions: Mapping[str, Question]) -> dict[str, dict[str, list[str]]]:
    """Every typed answer marked wrong or unreadable, by item then by answer (with who gave it).

    Choice, ordering and matching items are left out: nothing is typed there, the key decides.
    """
    typed = {qid for qid, q in questions.items() if q.type in ("texte", "numerique")}
    out: dict[str, dict[str, list[str]]] = {}
    for r in results:
        for item in r.items:
            if item.id in typed and item.statut in ("faux", "illisible") and item.reponse.strip():
                out.setdefault(item.id, {}).setdefault(" ".join(item.reponse.split()), []).append(r.apprenant)
    return {k: out[k] for k in questions if k in out}


@dataclass
class Bilan:
    """Everything the report tells beyond the marks (filled by the caller, all optional)."""

    problemes: list[str] = field(default_factory=list)       # grids, acceptations
    grilles_lues: list[str] = field(default_factory=list)
    nouvelle_grille: str = ""
    acceptations_lues: list[str] = field(default_factory=list)
    refusees: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    rapprochements: list[tuple[str, str]] = field(default_factory=list)
    doublons: list[tuple[str, list[Resultat], str]] = field(default_factory=list)
    liste: list[tuple[str, str, str]] = field(default_factory=list)  # (name, statut, file)
    sous_ensemble: str = ""


def _table(head: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return "<p>Aucun.</p>"
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def rapport_html(lecture: Lecture, results: list[Resultat], bilan: Bilan, titre: str) -> str:
    """The batch report: every file with its fate, duplicates, names to check, refused answers."""
    provisional = sum(r.provisoire for r in results)
    dups = [[name, c.fichier, date_fr(c.remise_le),
             str(sum(1 for i in c.items if i.statut != "sans-reponse" and i.reponse)),
             f"{_fr(c.sur_20)} / 20", "compte" if c.fichier == kept else "ne compte pas"]
            for name, copies, kept in bilan.doublons for c in copies]
    refused = [[item, answer, str(len(names)), ", ".join(names)]
               for item, answers in bilan.refusees.items()
               for answer, names in sorted(answers.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
    remarks = [[r.fichier, m] for r in results for m in r.remarques]
    body = (f"<h1>{html.escape(titre)} — rapport de correction</h1>"
            f"<p>{len(results)} copie(s) corrigée(s), {len(lecture.rejets)} fichier(s) écarté(s), "
            f"{len(bilan.doublons)} apprenant(s) avec plusieurs copies ; {provisional} note(s) "
            f"provisoire(s) (réponse argumentée pas encore notée).</p>"
            + (f"<p>Évaluation sur un sous-ensemble : {html.escape(bilan.sous_ensemble)}.</p>"
               if bilan.sous_ensemble else "")
            + "<h2>Fichiers écartés</h2>"
            + _table(["fichier", "raison", "statut"],
                     [[f, r, lecture.statut_rejet(f)] for f, r in lecture.rejets])
            + "<h2>Plusieurs copies d'un même apprenant</h2>"
              "<p>La copie qui compte est la plus récente, sauf si elle a beaucoup moins de réponses "
              "qu'une autre (un nouveau téléchargement presque vide ne remplace pas une copie complète).</p>"
            + _table(["apprenant", "fichier", "remise", "réponses", "note", "compte ?"], dups)
            + "<h2>Noms à vérifier (peut-être la même personne, non fusionnés)</h2>"
            + _table(["nom", "nom proche"], [[a, b] for a, b in bilan.rapprochements])
            + ("<h2>Liste de la classe</h2>"
               + _table(["apprenant", "statut", "fichier"], [list(t) for t in bilan.liste])
               if bilan.liste else "")
            + "<h2>Réponses tapées refusées (à relire)</h2>"
              "<p>Une réponse juste que le corrigé n'a pas prévue : recopiez sa ligne (colonnes "
              "« item » et « reponse ») de <code>reponses_refusees.csv</code> dans "
              "<code>acceptations.csv</code>, dans ce dossier, puis relancez la correction : toute la "
              "classe est recorrigée.</p>"
            + _table(["question", "réponse", "nombre", "apprenants"], refused)
            + "<h2>Remarques</h2>" + _table(["fichier", "remarque"], remarks)
            + "<h2>Grille du formateur et réponses acceptées</h2>"
            + "<ul>" + "".join(f"<li>Grille lue : {html.escape(g)}</li>" for g in bilan.grilles_lues)
            + "".join(f"<li>Réponses acceptées lues : {html.escape(g)}</li>" for g in bilan.acceptations_lues)
            + (f"<li>Nouvelle grille à remplir : {html.escape(bilan.nouvelle_grille)} (les apprenants et "
               f"questions qu'aucune grille ne liste encore ; les grilles déjà remplies ne sont jamais "
               f"réécrites)</li>" if bilan.nouvelle_grille else "")
            + "</ul>"
            + ("<ul>" + "".join(f"<li>{html.escape(p)}</li>" for p in bilan.problemes) + "</ul>"
               if bilan.problemes else "<p>Aucun problème dans les grilles ni les réponses acceptées.</p>"))
    return page(f"{titre} — rapport", body)


# ---- Writing: every file readable by others, nothing stale, nothing of the trainer's lost --------

#: Outputs of an earlier run that would be stale after a new grading (rewritten by ``analyser``).
STALE = ("analyse.html", "analyse.csv")


def ecrire_resultats(out: Path, lecture: Lecture, results: list[Resultat], bareme: list[Bareme],
                     questions: Mapping[str, Question], titre: str, bilan: Bilan | None = None,
                     liste: Iterable[tuple[str, str, str]] = ()) -> dict[str, Path]:
    """Write every output into ``out``; each file is replaced atomically and left 0644.

    Feedback pages of learners no longer graded and the analysis of an earlier run are
    removed, so that nothing stale is ever handed out. The trainer's files (grids,
    ``acceptations.csv``) are never touched here.
    """
    bilan = bilan or Bilan()
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / "retours").mkdir(exist_ok=True)
        for path in (out / "retours", out):
            os.chmod(path, 0o755)
        header, rows = carnet_lignes(results, bareme, list(liste))
        written = {"carnet.csv": ecrire_atomique(out / "carnet.csv", _csv_text(header, rows))}
        _xlsx(out / "carnet.xlsx", header, rows)
        os.chmod(out / "carnet.xlsx", 0o644)
        written["carnet.xlsx"] = out / "carnet.xlsx"
        pages = set()
        for r in results:
            path = out / "retours" / f"{nom_de_fichier(r.apprenant)}.html"
            ecrire_atomique(path, retour_html(r, questions, titre))
            pages.add(path.name)
        for old in (out / "retours").glob("*.html"):
            if old.name not in pages and re.fullmatch(r"[a-z0-9-]+\.html", old.name):
                old.unlink()
        for name in STALE:
            (out / name).unlink(missing_ok=True)
        written["rapport.html"] = ecrire_atomique(out / "rapport.html", rapport_html(lecture, results, bilan, titre))
        written[REFUSED] = ecrire_atomique(out / REFUSED, refusees_csv(bilan.refusees))
        machine = {"format": "piu-resultats", "version": 1, "titre": titre,
                   "items": [asdict(b) for b in bareme],
                   "copies": [{"apprenant": r.apprenant, "fichier": r.fichier, "total": r.total,
                               "sur_20": r.sur_20, "statut": r.statut,
                               "items": {i.id: {"points": i.points, "statut": i.statut, "reponse": i.reponse}
                                         for i in r.items}} for r in results],
                   "rejets": lecture.rejets}
        written["resultats.json"] = ecrire_atomique(out / "resultats.json",
                                            json.dumps(machine, ensure_ascii=False, indent=1))
    except OSError as exc:
        raise PiuError(f"Impossible d'écrire les résultats dans {out} ({raison(exc)}) : vérifiez "
                       f"les droits du dossier et la place libre ; les fichiers déjà écrits sont "
                       f"complets.") from None
    return written
