"""Item analysis of a graded evaluation, with Moodle's quiz statistics definitions.

Definitions (MoodleDocs, developer page « Quiz statistics calculations »,
https://docs.moodle.org/dev/Quiz_statistics_calculations), for item *i*, learner score
:math:`x_i` on a scale from 0 to its maximum, test score :math:`T`:

* facility index :math:`F_i = 100 \\cdot \\overline{x_i} / x_i^{max}` (the mean score on the
  item as a percentage of its maximum; the minimum is 0 here, no negative marking);
* discrimination index :math:`D_i = 100 \\cdot r(x_i, X_i)`, the Pearson correlation between
  the item score and the score on the *rest of the test* :math:`X_i = T - x_i`, so that an item
  does not correlate with itself.

The flag thresholds come from a table (the course keeps them in ``data/``, with the MoodleDocs
« Quiz report statistics » interpretation they follow); this module knows no threshold itself.
"""

from __future__ import annotations

import base64
import html
import io
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from piu.core.errors import PiuError
from piu.core.files import ecrire_atomique
from piu.core.french_numbers import format_nombre
from piu.core.questions.bank import Question

DEFINITION_SOURCE = ("MoodleDocs, « Quiz statistics calculations » (indice de facilité et indice "
                     "de discrimination) : https://docs.moodle.org/dev/Quiz_statistics_calculations")


@dataclass(frozen=True)
class Seuil:
    """One flag: ``indice`` (facilite | discrimination) compared with ``seuil`` (in %)."""

    id: str
    indice: str
    comparaison: str   # inferieur | inferieur-ou-egal | superieur-ou-egal
    seuil: float
    verdict: str

    def signale(self, value: float) -> bool:
        if value is None or math.isnan(value):
            return False
        return {"inferieur": value < self.seuil, "inferieur-ou-egal": value <= self.seuil,
                "superieur-ou-egal": value >= self.seuil}[self.comparaison]


def lire_resultats(folder: Path) -> dict[str, Any]:
    """The machine file written by the grading (``resultats.json``)."""
    path = folder / "resultats.json"
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PiuError(f"Pas de fichier resultats.json dans {folder} : lancez d'abord la correction "
                       f"(piu evaluation corriger COPIES --sortie {folder}).") from None
    except (ValueError, UnicodeDecodeError):
        raise PiuError(f"{path} est illisible : relancez la correction pour le réécrire.") from None
    if not isinstance(loaded, dict) or loaded.get("format") != "piu-resultats":
        raise PiuError(f"{path} n'est pas un fichier de résultats de piu.")
    return loaded


def scores(resultats: Mapping[str, Any]) -> tuple[pd.DataFrame, pd.Series]:
    """Learners × items scores, and each item's maximum.

    An item no copy has a score for yet (an open item the trainer has not graded) is left out:
    its zeros would only say that the grid is still empty.
    """
    items = [i["id"] for i in resultats["items"]
             if any(c["items"].get(i["id"], {}).get("statut") != "a-corriger" for c in resultats["copies"])]
    maxima = pd.Series({i["id"]: float(i["points"]) for i in resultats["items"] if i["id"] in items},
                       dtype=float)
    rows = {c["apprenant"]: {i: float(c["items"].get(i, {}).get("points", 0.0)) for i in items}
            for c in resultats["copies"]}
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=items, dtype=float)
    return frame, maxima


def indices(frame: pd.DataFrame, maxima: pd.Series) -> pd.DataFrame:
    """Facility and discrimination (both in %) of every item, Moodle's definitions."""
    total = frame.sum(axis=1)
    out = []
    for item in frame.columns:
        x = frame[item]
        rest = total - x
        facility = 100 * x.mean() / maxima[item] if maxima[item] else float("nan")
        if len(x) < 3 or x.std(ddof=0) == 0 or rest.std(ddof=0) == 0:
            discrimination = float("nan")
        else:
            discrimination = 100 * float(x.corr(rest))
        out.append({"item": item, "facilite": facility, "discrimination": discrimination,
                    "n": int(x.count())})
    return pd.DataFrame(out).set_index("item")


def signaler(table: pd.DataFrame, seuils: Iterable[Seuil]) -> dict[str, list[str]]:
    """Verdicts of the items that cross a threshold (items with no flag are absent)."""
    flags: dict[str, list[str]] = {}
    for item, row in table.iterrows():
        for s in seuils:
            if s.signale(float(row[s.indice])):
                flags.setdefault(str(item), []).append(s.verdict)
    return flags


def _chosen(text: str) -> list[str]:
    try:
        loaded = json.loads(text)
    except ValueError:
        loaded = text
    if isinstance(loaded, list):
        return [str(t).strip().lower() for t in loaded]
    return [t.lower() for t in re.split(r"\s*(?:[,;/+]|\bet\b|\s)\s*", str(loaded).strip()) if t]


def choix(resultats: Mapping[str, Any], questions: Mapping[str, Question]) -> dict[str, dict[str, int]]:
    """For each choice item, how many learners chose each option (unreadable answers apart)."""
    counts: dict[str, dict[str, int]] = {}
    for item in (i["id"] for i in resultats["items"]):
        q = questions.get(item)
        if q is None or q.type not in ("choix-unique", "choix-multiple"):
            continue
        tally = {o.id: 0 for o in q.options}
        tally["sans réponse ou illisible"] = 0
        for copie in resultats["copies"]:
            text = str(copie["items"].get(item, {}).get("reponse", "") or "")
            ids = {o.id.lower(): o.id for o in q.options}
            picked = [ids[t] for t in _chosen(text) if t in ids] if text else []
            if not picked:
                tally["sans réponse ou illisible"] += 1
            for oid in dict.fromkeys(picked):
                tally[oid] += 1
        counts[item] = tally
    return counts


def _png(figure: Any) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode()


def figures(marks: pd.Series, table: pd.DataFrame, flags: Mapping[str, list[str]]) -> list[tuple[str, str, str]]:
    """(title, alt text, PNG in base64) for the marks distribution and facility vs discrimination."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.2))
    ax.hist(marks, bins=range(0, 22, 2), color="#3465a4", edgecolor="white")
    ax.set_xlabel("Note sur 20")
    ax.set_ylabel("Nombre d'apprenants")
    ax.set_title("Répartition des notes")
    first = _png(fig)
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(6, 4))
    ok = table.index.difference(list(flags))
    ax.scatter(table.loc[ok, "facilite"], table.loc[ok, "discrimination"], color="#3465a4", label="sans signal")
    bad = table.index.intersection(list(flags))
    ax.scatter(table.loc[bad, "facilite"], table.loc[bad, "discrimination"], color="#a61b1b",
               marker="s", label="signalée")
    for item in bad:
        ax.annotate(item, (table.loc[item, "facilite"], table.loc[item, "discrimination"]), fontsize=7)
    ax.set_xlabel("Indice de facilité (%)")
    ax.set_ylabel("Indice de discrimination (%)")
    ax.set_xlim(0, 100)
    ax.axhline(0, color="#999", linewidth=0.8)
    ax.legend(loc="lower left", fontsize=8)
    ax.set_title("Facilité et discrimination des questions")
    second = _png(fig)
    plt.close(fig)
    median = format_nombre(float(marks.median())) if len(marks) else "—"
    return [("Répartition des notes", f"Histogramme des notes sur 20 de {len(marks)} apprenants ; "
             f"note médiane {median}.", first),
            ("Facilité et discrimination", f"Nuage des {len(table)} questions ; "
             f"{len(bad)} question(s) signalée(s) en carrés rouges : {', '.join(bad) or 'aucune'}.", second)]


def _pct(value: float) -> str:
    return "non calculable" if value is None or math.isnan(value) else f"{format_nombre(round(value, 1))} %"


def rapport(resultats: Mapping[str, Any], questions: Mapping[str, Question], seuils: list[Seuil],
            seuils_source: str = "") -> tuple[pd.DataFrame, dict[str, list[str]], str]:
    """The analysis table, the flags, and the HTML report with its plots."""
    frame, maxima = scores(resultats)
    if frame.empty:
        raise PiuError("Aucune copie corrigée dans ces résultats : rien à analyser.")
    table = indices(frame, maxima)
    flags = signaler(table, seuils)
    counts = choix(resultats, questions)
    marks = pd.Series([float(c["sur_20"]) for c in resultats["copies"]])
    plots = figures(marks, table, flags)
    rows = "".join(
        f"<tr><td>{html.escape(str(item))}</td><td>{_pct(row.facilite)}</td>"
        f"<td>{_pct(row.discrimination)}</td>"
        f"<td>{html.escape(' ; '.join(flags.get(str(item), [])) or '—')}</td></tr>"
        for item, row in table.iterrows())
    options = "".join(
        f"<h3>{html.escape(item)}</h3><p>" + " · ".join(
            f"{html.escape(k)} : {v}" for k, v in tally.items()) + "</p>" for item, tally in counts.items())
    flagged = "".join(f"<li><strong>{html.escape(i)}</strong> : {html.escape(' ; '.join(v))}</li>"
                      for i, v in flags.items())
    images = "".join(f'<figure><img src="data:image/png;base64,{png}" alt="{html.escape(alt)}">'
                     f"<figcaption>{html.escape(title)}</figcaption></figure>" for title, alt, png in plots)
    body = (f"<h1>{html.escape(str(resultats.get('titre', 'Évaluation')))} — analyse des questions</h1>"
            f"<p>{len(frame)} copies, {len(table)} questions. Définitions : "
            f"{html.escape(DEFINITION_SOURCE)}. Seuils : {html.escape(seuils_source)}</p>"
            f"<h2>Questions signalées</h2>" + (f"<ul>{flagged}</ul>" if flagged else "<p>Aucune.</p>")
            + images
            + "<h2>Toutes les questions</h2><table><thead><tr><th>question</th><th>facilité</th>"
              f"<th>discrimination</th><th>signal</th></tr></thead><tbody>{rows}</tbody></table>"
            + f"<h2>Choix des options</h2>{options}")
    from piu.core.trainer.gradebook import page

    return table, flags, page("Analyse des questions", body)


def ecrire_analyse(folder: Path, table: pd.DataFrame, flags: Mapping[str, list[str]], report: str) -> list[Path]:
    out = table.copy()
    out["signal"] = [" ; ".join(flags.get(str(i), [])) for i in out.index]
    csv_text = "\ufeff" + out.round(1).to_csv(sep=";", decimal=",")
    return [ecrire_atomique(folder / "analyse.csv", csv_text),
            ecrire_atomique(folder / "analyse.html", report)]
