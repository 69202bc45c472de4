"""The web quiz block: answers hashed or encoded, never in clear in the page."""

from __future__ import annotations

import html
import json
import re

import pytest

from piu.core.questions.bank import Question, charger_banque
from piu.core.questions.web_payload import digest, encode, payload, render_html, salt
from piu.core.text import normaliser

QUESTIONS = list(charger_banque())


def secrets(q: Question) -> list[str]:
    """Strings that would give the answer away if they appeared in the page."""
    found = [q.explication[:60], q.retour_juste]
    if q.type == "numerique":
        found += [f'"{q.reponse}"', f"{int(q.reponse or 0)}"]
    if q.type == "texte":
        found += list(q.reponses)
    if q.type in ("choix-unique", "choix-multiple"):
        found += [o.retour[:50] for o in q.options]
        found += ['"correct"']
    if q.type == "association":
        found += [f"{e.id}={e.avec}" for e in q.elements]
    return found


@pytest.mark.parametrize("q", QUESTIONS, ids=[q.id for q in QUESTIONS])
def test_answers_are_not_in_clear(q: Question) -> None:
    page = html.unescape(render_html(q))
    for secret in secrets(q):
        if q.type == "numerique" and secret.strip('"').isdigit() and len(secret.strip('"')) < 4:
            continue
        assert secret not in page, f"{q.id} : « {secret} » lisible dans la page"


@pytest.mark.parametrize("q", QUESTIONS, ids=[q.id for q in QUESTIONS])
def test_payload_lets_the_browser_recognise_the_right_answer(q: Question) -> None:
    data = payload(q)
    sel = salt(q)
    assert data["sel"] == sel
    if q.type in ("choix-unique", "choix-multiple"):
        assert sorted(data["ok"]) == sorted(digest(sel, f"opt:{o}") for o in q.bonnes_options)
    elif q.type == "texte":
        assert digest(sel, f"txt:{normaliser(q.reponses[0])}") in data["ok"]
    elif q.type == "numerique":
        assert data["num"] and str(q.reponse) not in data["num"]


def test_block_is_embedded_as_valid_json() -> None:
    q = charger_banque()["m0-achat-innovant"]
    raw = re.search(r'data-piu="([^"]+)"', render_html(q))
    assert raw is not None
    assert json.loads(html.unescape(raw.group(1)))["id"] == "m0-achat-innovant"


def test_encoding_round_trips_utf8() -> None:
    import base64

    sel = "abc123"
    text = "Réponse « juste » : 100 000 €"
    raw = base64.b64decode(encode(sel, text))
    key = sel.encode()
    assert bytes(b ^ key[i % len(key)] for i, b in enumerate(raw)).decode() == text
