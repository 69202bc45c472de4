"""A graded evaluation as an HTML form, with no key in it, for the web book and a standalone page.

The form is built from a *subject* (:func:`piu.core.trainer.copies.sujet`): statements and options only.
Nothing in the page can check an answer — there is nothing to check against — and no feedback
is shown before hand-in. ``piu-evaluation.js`` keeps the answers in the browser as they are typed
(keyed by evaluation and :func:`subject_version`), gathers them into a copy (the same JSON as the
Jupyter form writes) and offers it as a download, after asking when items are unanswered.
"""

from __future__ import annotations

import hashlib
import html
import json
from pathlib import Path
from typing import Any

from piu.core.questions.web_payload import TYPE_LABELS
from piu.core.typography import espaces_insecables

SCRIPT = Path(__file__).parent / "static" / "piu-evaluation.js"


def _md(text: str, inline: bool = False) -> str:
    from piu.core.trainer.gradebook import md_block, md_inline

    return md_inline(text) if inline else md_block(text)


def _controls(item: dict[str, Any]) -> str:
    qid = html.escape(item["id"])
    kind = item["type"]
    if kind in ("choix-unique", "choix-multiple"):
        input_type = "radio" if kind == "choix-unique" else "checkbox"
        hint = "Une seule réponse." if kind == "choix-unique" else "Cochez toutes les bonnes réponses."
        options = "".join(f'<label class="piu-option"><input type="{input_type}" name="{qid}" '
                          f'value="{html.escape(o["id"])}"> <span>{_md(o["texte"], True)}</span></label>'
                          for o in item["options"])
        return f"<fieldset><legend>{hint}</legend>{options}</fieldset>"
    if kind in ("numerique", "texte"):
        unit = f' <span class="piu-unite">{html.escape(item.get("unite", ""))}</span>' if item.get("unite") else ""
        mode = ' inputmode="decimal"' if kind == "numerique" else ""
        return (f'<label class="piu-saisie">Votre réponse <input type="text" name="{qid}" '
                f'autocomplete="off"{mode}>{unit}</label>')
    if kind == "ordre":
        n = len(item["elements"])
        ranks = "".join(f'<option value="{i}">{i}</option>' for i in range(1, n + 1))
        rows = "".join(f'<li><label><select data-element="{html.escape(e["id"])}" aria-label="Rang">'
                       f'<option value="">rang…</option>{ranks}</select> {_md(e["texte"], True)}</label></li>'
                       for e in item["elements"])
        return f"<p>Donnez à chaque élément son rang, de 1 à {n}.</p><ul>{rows}</ul>"
    targets = "".join(f'<option value="{html.escape(t["id"])}">{html.escape(espaces_insecables(t["texte"]))}</option>'
                      for t in item["cibles"])
    rows = "".join(f'<li><label>{_md(e["texte"], True)} → <select data-element="{html.escape(e["id"])}">'
                   f'<option value="">choisir…</option>{targets}</select></label></li>' for e in item["elements"])
    return f'<ul class="piu-association">{rows}</ul>'


def subject_version(subject: dict[str, Any]) -> str:
    """A short fingerprint of the subject: answers kept in the browser are tied to it, so that a
    changed subject (another subset, an edited item) never gets the answers of another one."""
    text = json.dumps(subject, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def render_subject(subject: dict[str, Any]) -> str:
    """The whole evaluation as one form: every item, the open items with their rubric, hand-in."""
    blocks = []
    for n, item in enumerate(subject["questions"], start=1):
        title = f" — {html.escape(espaces_insecables(item['titre']))}" if item.get("titre") else ""
        blocks.append(
            f'<div class="piu-quiz piu-eval-item" data-id="{html.escape(item["id"])}" '
            f'data-type="{html.escape(item["type"])}"><div class="piu-entete"><span class="piu-etiquette">'
            f"Question {n} · {TYPE_LABELS[item['type']]}{title}</span></div>"
            f'<div class="piu-enonce">{_md(item["enonce"])}</div>{_controls(item)}</div>')
    for item in subject.get("ouvertes", []):
        rubric = "".join(f"<li><strong>{html.escape(c['critere'])}</strong> "
                         f"({html.escape(str(c['points']).replace('.', ','))} pt) : "
                         f"{html.escape(espaces_insecables(c['attendu']))}</li>" for c in item["grille"])
        blocks.append(
            f'<div class="piu-quiz piu-eval-item" data-id="{html.escape(item["id"])}" data-type="ouverte">'
            f'<div class="piu-entete"><span class="piu-etiquette">Réponse argumentée, corrigée par le '
            f'formateur</span></div><div class="piu-enonce">{_md(item["enonce"])}</div>'
            f'<details open><summary>Grille de correction</summary><ul>{rubric}</ul></details>'
            f'<label class="piu-saisie">Votre réponse<br><textarea name="{html.escape(item["id"])}" '
            f'rows="12" cols="70"></textarea></label></div>')
    meta = html.escape(json.dumps({"evaluation": subject["evaluation"], "version": subject_version(subject)}),
                       quote=True)
    return (f'<form class="piu-evaluation" data-piu-evaluation="{meta}">'
            '<p class="piu-aide">Évaluation notée\u00a0: aucun retour avant la remise. Vos réponses sont '
            'gardées dans ce navigateur, sur ce poste, au fil de la saisie\u00a0: si la page se ferme ou se '
            'recharge, elles reviennent. À la fin, cliquez sur «\u00a0Remettre ma copie\u00a0»\u00a0: un '
            'fichier est enregistré sur votre poste, que vous envoyez à votre formateur. Sur un poste '
            'partagé, effacez ensuite vos réponses (bouton «\u00a0Effacer mes réponses\u00a0», en bas).</p>'
            '<p class="piu-sauvegarde" role="status" aria-live="polite"></p>'
            '<label class="piu-saisie">Nom et prénom <input type="text" name="piu-apprenant" '
            'autocomplete="name" required></label>'
            + "".join(blocks)
            + '<div class="piu-eval-boutons"><button type="submit" class="piu-verifier">Remettre ma copie</button> '
              '<button type="button" class="piu-eval-effacer">Effacer mes réponses</button></div>'
              '<p class="piu-retour" role="status" aria-live="polite"></p>'
              '<noscript><p>Pour remettre votre copie depuis cette page, le navigateur doit autoriser '
              'JavaScript\u00a0: demandez-le à votre service informatique, ou à votre formateur une '
              'autre façon de répondre.</p></noscript></form>')


def standalone_page(subject: dict[str, Any]) -> str:
    """A self-contained HTML page (no network) with the form and its script inline."""
    script = SCRIPT.read_text(encoding="utf-8")
    return ('<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
            f"<title>{html.escape(subject['titre'])}</title>"
            "<style>body{font-family:system-ui,sans-serif;max-width:52em;margin:2em auto;padding:0 1em;"
            "line-height:1.5}.piu-quiz{border:1px solid #9aa5b1;padding:.6em;margin:1em 0}"
            ".piu-option{display:block}table{border-collapse:collapse}td,th{border:1px solid #999;"
            "padding:.2em .5em}.piu-sauvegarde{color:#333;font-size:.9em}.piu-eval-effacer{color:#b3261e}"
            ".piu-dialogue{max-width:36em;border:2px solid #1d4e89;border-radius:6px}"
            ".piu-dialogue::backdrop{background:rgba(0,0,0,.45)}</style></head>"
            f"<body><h1>{html.escape(subject['titre'])}</h1>{render_subject(subject)}"
            f"<script>{script}</script></body></html>")
