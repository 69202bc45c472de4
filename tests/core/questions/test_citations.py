"""The one reading of legal citations, in Python and in the browser quiz (same cases, both sides)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from piu.core.questions.bank import charger_banque
from piu.core.questions.citations import cle_texte, elements, formes_acceptees
from piu.core.questions.grading import corriger, formes_justes
from piu.core.questions.web_payload import digest, payload

ROOT = Path(__file__).resolve().parents[3]
QUIZ_JS = ROOT / "src" / "piu" / "core" / "book" / "sphinx" / "static" / "piu-quiz.js"
BANK = charger_banque()

#: (question, typed answer, right?) — every standard French notation of the rule, and near misses.
CASES: list[tuple[str, str, bool]] = [
    ("m8-irr-plan-financement-regle", "L. 1111-10", True),
    ("m8-irr-plan-financement-regle", "L.1111-10", True),
    ("m8-irr-plan-financement-regle", "l1111-10", True),
    ("m8-irr-plan-financement-regle", "art. L1111-10 du CGCT", True),
    ("m8-irr-plan-financement-regle", "CGCT L1111-10", True),
    ("m8-irr-plan-financement-regle", "article L 1111-10", True),
    ("m8-irr-plan-financement-regle", "Art. L. 1111‑10 CGCT", True),
    ("m8-irr-plan-financement-regle", "article L1111-10 III du code général des collectivités territoriales", True),
    ("m8-irr-plan-financement-regle", "L1111-10 du code de la commande publique", False),
    ("m8-irr-plan-financement-regle", "L1111-9", False),
    ("m8-irr-plan-financement-regle", "L1111-10 et L1111-9", False),
    ("m8-irr-plan-financement-regle", "R1111-10", False),
    ("m4-article-participation", "art. L1111-10 du CGCT", True),
    ("m4-article-participation", "CGCT, art. L. 1111-10", True),
    ("m0-article-innovant", "art. L. 2172-3 du CCP", True),
    ("m0-article-innovant", "L2172-3 du code de la commande publique", True),
    ("m0-article-innovant", "L2172-4", False),
    ("m3-article-rd", "L. 2512-5, 2°", True),
    ("m3-article-rd", "L2512-5 3°", False),
    ("m8-irr-rc-preference-regle", "CE 29 juillet 1994", True),
    ("m8-irr-rc-preference-regle", "CE, 29/07/1994", True),
    ("m8-irr-rc-preference-regle", "C.E. 29-07-1994", True),
    ("m8-irr-rc-preference-regle", "Conseil d'État, 29 juillet 1994", True),
    ("m8-irr-rc-preference-regle", "n° 131562", True),
    ("m8-irr-rc-preference-regle", "CE, n°131562", True),
    ("m8-irr-rc-preference-regle", "décision n° 131562 du Conseil d'Etat", True),
    ("m8-irr-rc-preference-regle", "CE 29 juillet 1994 n° 131562", True),
    ("m8-irr-rc-preference-regle", "CE 29 juillet 1995", False),
    ("m8-irr-rc-preference-regle", "CE n° 131563", False),
    ("m8-irr-rc-preference-regle", "29/07/1994", False),
    ("m8-irr-rc-preference-regle", "Lianakis", False),
    ("m8-irr-grille-references-regle", "CJUE Lianakis", True),
    ("m8-irr-grille-references-regle", "CJCE Lianakis", True),
    ("m8-irr-grille-references-regle", "aff. C-532/06", True),
    ("m8-irr-grille-references-regle", "affaire C‑532/06", True),
    ("m8-irr-grille-references-regle", "arrêt Lianakis", True),
    ("m8-irr-grille-references-regle", "lianakis", True),
    ("m8-irr-grille-references-regle", "CJUE, 24 janvier 2008, Lianakis", True),
    ("m8-irr-grille-references-regle", "CJCE 24/01/2008", True),
    ("m8-irr-grille-references-regle", "C-533/06", False),
    ("m8-irr-grille-references-regle", "CJUE 25 janvier 2008", False),
    ("m8-irr-grille-references-regle", "CE 29/07/1994", False),
]


def _judge(qid: str, typed: str) -> bool:
    return corriger(BANK[qid], typed).juste


@pytest.mark.parametrize(("qid", "typed", "right"), CASES)
def test_python_grading_accepts_every_notation_and_only_those(qid: str, typed: str, right: bool) -> None:
    assert _judge(qid, typed) is right, (qid, typed, cle_texte(typed))


def test_elements_of_typical_citations() -> None:
    assert elements("art. L. 1111-10 III du CGCT")[0] == {"art:l1111-10", "al:iii", "code:cgct"}
    assert elements("CE, 29/07/1994, n° 131562")[0] == {"jur:ce", "date:1994-07-29", "num:131562"}
    assert elements("aff. C-532/06")[0] == {"aff:c-532/06"}
    assert cle_texte("Ce n'est pas une citation") == "ce n est pas une citation"  # « ce », a pronoun
    assert cle_texte("la dispense de procédure") == "la dispense de procedure"


def test_a_wrong_date_or_code_is_never_a_subset_of_a_right_variant() -> None:
    forms = formes_acceptees(("CE, 29/07/1994, n° 131562",))
    assert "date:1994-07-29" not in forms and "jur:ce" not in forms  # a date or a court alone
    assert "date:1994-07-29 jur:ce" in forms and "num:131562" in forms


def test_typical_error_feedback_survives_other_notations() -> None:
    q = BANK["m8-irr-plan-financement-regle"]
    verdict = corriger(q, "art. L. 1111-9 du CGCT")
    assert not verdict.juste and "chef de file" in verdict.retour


def test_web_quiz_hashes_the_same_canonical_forms() -> None:
    q = BANK["m8-irr-plan-financement-regle"]
    data = payload(q)
    assert digest(data["sel"], "txt:" + cle_texte("art. L1111-10 du CGCT")) in data["ok"]
    assert {digest(data["sel"], f"txt:{f}") for f in formes_justes(q)} == set(data["ok"])


def test_browser_twin_reads_every_case_like_python() -> None:
    """piu-quiz.js's cleTexte, run by Node on the same cases, gives the same canonical forms."""
    node = shutil.which("node")
    assert node, "Node.js est nécessaire au test du jumeau JavaScript (apt-get install nodejs)"
    typed = sorted({t for _, t, _ in CASES} | {v for q in BANK if q.type == "texte" for v in q.reponses})
    script = (
        "const fs = require('fs'), vm = require('vm');"
        "global.window = {}; global.document = {readyState: 'complete', querySelectorAll: () => []};"
        "global.localStorage = {getItem: () => null};"
        f"vm.runInThisContext(fs.readFileSync({json.dumps(str(QUIZ_JS))}, 'utf8'));"
        "const cases = JSON.parse(fs.readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(cases.map(window.piuQuiz.cleTexte)));")
    run = subprocess.run([node, "-e", script], input=json.dumps(typed), capture_output=True, text=True,
                         timeout=30, check=True)
    browser = dict(zip(typed, json.loads(run.stdout), strict=True))
    assert {t: cle_texte(t) for t in typed} == browser
