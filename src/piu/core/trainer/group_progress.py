"""Where the group stands: the learners' exported progress files merged into one table.

Before the next sequence a trainer wants to know which modules the group has worked and where
it struggles. Each learner hands in one file (web book or Jupyter, :mod:`piu.core.progress_export`);
:func:`fusionner` reads a folder of them — a damaged file is named and set aside, never fatal,
as in the barrier-map merge — and the writers give the table as CSV, XLSX and an HTML page with
a chart, for a trainer who opens neither Python nor a terminal.

Per learner and module: questions of the module, answered, right at the first try; per
learner: the sections of the project file (dossier) filled in.
"""

from __future__ import annotations

import csv
import html
import io
from dataclasses import dataclass
from pathlib import Path

from piu.core import data
from piu.core.errors import PiuError
from piu.core.files import ecrire_atomique
from piu.core.progress_export import Export, ExportInvalide, lire_export
from piu.core.questions.bank import charger_banque
from piu.core.typography import espaces_insecables

__all__ = ["Groupe", "Ligne", "ecrire_csv", "ecrire_html", "ecrire_xlsx", "fusionner"]


@dataclass(frozen=True)
class Ligne:
    """One learner on one module."""

    apprenant: str
    module: int
    titre: str
    questions: int
    repondues: int
    premier_coup: int


@dataclass(frozen=True)
class Groupe:
    """The merged table, the learners' dossier sections, and the files set aside (with why)."""

    lignes: tuple[Ligne, ...]
    sections: dict[str, tuple[str, ...]]
    ecartes: tuple[tuple[str, str], ...]

    @property
    def apprenants(self) -> list[str]:
        return list(self.sections)

    def modules(self) -> list[tuple[int, str, int]]:
        seen: dict[int, tuple[int, str, int]] = {}
        for row in self.lignes:
            seen.setdefault(row.module, (row.module, row.titre, row.questions))
        return [seen[m] for m in sorted(seen)]


def fusionner(dossier: Path) -> Groupe:
    """Merge every ``*.json`` export of ``dossier`` (one per learner; the latest wins for a name)."""
    if not dossier.is_dir():
        raise PiuError(f"Dossier {dossier} introuvable : indiquez le dossier où les participants ont "
                       f"déposé leur fichier de progression.")
    exports: dict[str, Export] = {}
    set_aside: list[tuple[str, str]] = []
    for path in sorted(dossier.glob("*.json")):
        try:
            export = lire_export(path)
        except ExportInvalide as exc:
            set_aside.append((path.name, str(exc)))
            continue
        earlier = exports.get(export.apprenant)
        if earlier is None or export.exporte_le >= earlier.exporte_le:
            exports[export.apprenant] = export
    if not exports:
        raise PiuError(f"Aucun fichier de progression lisible dans {dossier}"
                       + (f" ({len(set_aside)} écarté(s))." if set_aside else " (aucun fichier .json)."))
    bank = charger_banque()
    titles = {int(m.numero): str(m.titre) for m in data.table("modules").itertuples()}
    practice = {}
    for m in sorted(titles):
        ids = {q.id for q in bank.du_module(m) if not q.evaluation}
        if ids:
            practice[m] = ids
    rows = []
    for name in sorted(exports, key=str.casefold):
        answers = exports[name].reponses
        for m, ids in practice.items():
            mine = [answers[q] for q in ids if q in answers]
            rows.append(Ligne(name, m, titles[m], len(ids), len(mine), sum(r.juste_du_premier_coup for r in mine)))
    sections = {name: exports[name].sections for name in sorted(exports, key=str.casefold)}
    return Groupe(tuple(rows), sections, tuple(set_aside))


HEADERS = ("Apprenant", "Module", "Titre du module", "Questions", "Répondues", "Justes du premier coup")


def ecrire_csv(groupe: Groupe, path: Path) -> Path:
    """One row per learner and module, « ; » as separator (a French spreadsheet opens it as is)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow([*HEADERS, "Sections du dossier"])
    for r in groupe.lignes:
        writer.writerow([r.apprenant, r.module, r.titre, r.questions, r.repondues, r.premier_coup,
                         len(groupe.sections[r.apprenant])])
    return ecrire_atomique(path, "\ufeff" + out.getvalue())  # BOM: accents right in a spreadsheet


def ecrire_xlsx(groupe: Groupe, path: Path) -> Path:
    """Two sheets: by learner and module; by learner (dossier sections)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Par module"
    sheet.append(list(HEADERS))
    for r in groupe.lignes:
        sheet.append([r.apprenant, r.module, r.titre, r.questions, r.repondues, r.premier_coup])
    other = book.create_sheet("Dossier de projet")
    other.append(["Apprenant", "Sections remplies", "Sections"])
    for name, sections in groupe.sections.items():
        other.append([name, len(sections), ", ".join(sections)])
    for ws in (sheet, other):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for column in ws.columns:
            ws.column_dimensions[column[0].column_letter].width = min(
                60, max(len(str(c.value or "")) for c in column) + 2)
    buffer = io.BytesIO()
    book.save(buffer)
    return ecrire_atomique(path, buffer.getvalue())


def _chart_svg(groupe: Groupe) -> str:
    """Horizontal bars per module: share of questions answered and right at the first try."""
    modules = groupe.modules()
    n = len(groupe.apprenants)
    width, label_w, bar_w, row_h = 720, 300, 380, 34
    height = 40 + row_h * len(modules)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" aria-labelledby="piu-graphique-titre">',
             '<title id="piu-graphique-titre">Part des questions répondues et justes du premier coup, '
             'par module, pour tout le groupe</title>',
             f'<rect x="{label_w}" y="6" width="12" height="12" fill="#9ec5e8"/>'
             f'<text x="{label_w + 16}" y="17" font-size="12">répondues</text>'
             f'<rect x="{label_w + 110}" y="6" width="12" height="12" fill="#17692f"/>'
             f'<text x="{label_w + 126}" y="17" font-size="12">justes du premier coup</text>']
    for i, (m, title, count) in enumerate(modules):
        rows = [r for r in groupe.lignes if r.module == m]
        total = max(1, count * n)
        answered = sum(r.repondues for r in rows) / total
        first = sum(r.premier_coup for r in rows) / total
        y = 30 + i * row_h
        label = html.escape(f"{m}. {title}" if len(title) < 38 else f"{m}. {title[:36]}…")
        parts.append(f'<text x="0" y="{y + 18}" font-size="12">{label}</text>'
                     f'<rect x="{label_w}" y="{y + 4}" width="{bar_w * answered:.1f}" height="12" fill="#9ec5e8"/>'
                     f'<rect x="{label_w}" y="{y + 17}" width="{bar_w * first:.1f}" height="12" fill="#17692f"/>'
                     f'<text x="{label_w + bar_w + 6}" y="{y + 20}" font-size="12">'
                     f'{round(answered * 100)} % / {round(first * 100)} %</text>')
    parts.append("</svg>")
    return "".join(parts)


def ecrire_html(groupe: Groupe, path: Path, titre: str = "Progression du groupe") -> Path:
    """A page to project or print: the chart, then one row per learner (answered / first try per module)."""
    modules = groupe.modules()
    head = "".join(f"<th>Module {m}</th>" for m, _, _ in modules)
    body = []
    for name in groupe.apprenants:
        cells = []
        for m, _, count in modules:
            row = next(r for r in groupe.lignes if r.apprenant == name and r.module == m)
            cells.append(f"<td>{row.repondues} / {count}<br><small>{row.premier_coup} du premier coup</small></td>")
        body.append(f"<tr><th scope=\"row\">{html.escape(name)}</th>{''.join(cells)}"
                    f"<td>{len(groupe.sections[name])}</td></tr>")
    set_aside = "".join(f"<li>{html.escape(f)} : {html.escape(why)}</li>" for f, why in groupe.ecartes)
    page = f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{html.escape(titre)}</title>
<style>body{{font-family:sans-serif;font-size:11pt;margin:1.5em}} table{{border-collapse:collapse}}
th,td{{border:1px solid #9aa5b1;padding:3px 6px;text-align:left;vertical-align:top}} small{{color:#444}}
@page{{size:A4 landscape;margin:12mm}} tr{{break-inside:avoid}}</style></head><body>
<h1>{html.escape(espaces_insecables(titre))}</h1>
<p>{len(groupe.apprenants)} participant(s). Pour chaque module : questions répondues sur le nombre
de questions d'entraînement, et combien étaient justes du premier coup.</p>
{_chart_svg(groupe)}
<table><caption>Par participant</caption><thead><tr><th>Participant</th>{head}<th>Sections du dossier</th></tr></thead>
<tbody>{''.join(body)}</tbody></table>
{f"<h2>Fichiers écartés</h2><ul>{set_aside}</ul>" if set_aside else ""}
</body></html>
"""
    return ecrire_atomique(path, page)
