"""French typography in the interface strings, not only in the pages (issue 26).

The buttons and messages a learner reads come from the book's scripts
(``src/piu/core/book/sphinx/static/*.js``, the evaluation form's ``piu-evaluation.js``) and from
the modules' forms (``src/piu/<module>/formulaires.py``). Their French strings — string literals
with words in them, docstrings and comments left aside — use the typographic apostrophe, a
no-break space before « : » and a narrow one before « ; ? ! », no-break spaces inside
« guillemets », no « (s) » plural, and no capital after « : » (French rule: after a colon a
lowercase letter, unless a proper noun, an acronym, a quotation or a title follows).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[3] / "src" / "piu"
SCRIPTS = [*sorted((SRC / "core" / "book" / "sphinx" / "static").glob("*.js")),
           SRC / "core" / "trainer" / "static" / "piu-evaluation.js"]
FORMS = sorted(SRC.glob("*/formulaires.py"))

_LETTER = r"A-Za-zÀ-ÖØ-öø-ÿœŒ"
#: Proper nouns that may follow « : » (a capital is right there). Acronyms (``CCP``, ``TRL``),
#: article numbers (``L2172-3``), one-letter names (options ``A`` and ``B``) and quotations
#: (« … ») never match the rule.
NOMS_PROPRES = ("Chromium", "Bpifrance", "Cerema", "État", "Métropole", "Marseille", "Lyon", "Rivebelle",
                "Public", "Producteurs")
#: « : » after a word and a space (a French colon, not ``nom: valeur`` in a YAML example), then a
#: word with a capital and lowercase letters only, or « À », that is not a module's title
#: (« Module 2 : Évaluer une innovation ») nor a proper noun.
MAJUSCULE_APRES_DEUX_POINTS = re.compile(
    rf"(?<=\S)(?<!Module \d)[ \u00a0\u202f]:[ \u00a0\u202f]+(?!(?:{'|'.join(NOMS_PROPRES)})\b)"
    r"(?:À|[A-ZÀ-ÖØ-ÞŒ][a-zà-öø-ÿœ’'-]+)(?![\wÀ-ÿ])")
RULES: dict[str, re.Pattern[str]] = {
    "apostrophe droite (’)": re.compile(rf"[{_LETTER}]'[{_LETTER}]"),
    "espace ordinaire avant « : »": re.compile(r"(?<=\S) :(?=\s|$)"),
    "espace ordinaire avant « ; ? ! »": re.compile(r"(?<=\S) [;?!](?=\s|$)"),
    "espace ordinaire dans les guillemets": re.compile(r"« | »"),
    "pluriel « (s) »": re.compile(rf"[{_LETTER}]\(s\)"),
    "majuscule après « : »": MAJUSCULE_APRES_DEUX_POINTS,
}
_JS_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'')


def is_french(text: str) -> bool:
    """A sentence or a label a reader sees, not a selector, a key or a tag."""
    return (" " in text and bool(re.search(r"[a-zà-ÿ]{3,}", text))) or bool(re.search(r"[«»’]", text))


def js_strings(path: Path) -> list[tuple[int, str]]:
    source = path.read_text(encoding="utf-8")
    found = []
    for line_number, line in enumerate(source.splitlines(), start=1):
        code = line.split("//", 1)[0] if not line.lstrip().startswith("//") else ""
        for match in _JS_STRING.finditer(code):
            raw = match.group(1) if match.group(1) is not None else match.group(2)
            try:
                text = json.loads('"' + raw.replace("\\'", "'").replace('"', '\\"') + '"')
            except ValueError:
                text = raw
            found.append((line_number, text))
    return found


def py_strings(path: Path) -> list[tuple[int, str]]:
    """String literals of a Python file, without its docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def faults(strings: list[tuple[int, str]]) -> list[str]:
    report = []
    for line, text in strings:
        if not is_french(text):
            continue
        for name, pattern in RULES.items():
            if pattern.search(text):
                report.append(f"ligne {line} — {name} : {text[:90]!r}")
    return report


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_scripts_du_livre(script: Path) -> None:
    report = faults(js_strings(script))
    assert not report, f"{script.name} :\n" + "\n".join(report)


@pytest.mark.parametrize("form", FORMS, ids=lambda p: p.parent.name)
def test_messages_des_formulaires(form: Path) -> None:
    report = faults(py_strings(form))
    assert not report, f"{form.relative_to(SRC)} :\n" + "\n".join(report)


def test_le_test_voit_les_fautes() -> None:
    bad = [(1, "Le formulaire n'a pas de résultat : corrigez-le ; « Quel contrat ? »"),
           (2, "Il reste 3 problème(s) à corriger"), (3, "Conclusion\u00a0: Plusieurs indices")]
    names = " ".join(faults(bad))
    for rule in RULES:
        assert rule in names
    assert not faults([(1, "Le formulaire n’a pas de résultat\u00a0: corrigez-le\u202f; "
                           "«\u00a0Quel contrat\u202f?\u00a0»")])
    assert not faults([(1, "piu-retour piu-juste"), (2, "input[type=text]")])
    # After « : », a proper noun, an acronym, an article, a quotation, a title or YAML stay as they are.
    for right in ["Pas de PDF\u00a0: Chromium est introuvable", "Base légale\u00a0: CCP art. L2172-3",
                  "Non\u00a0: L1111-10 du CGCT", "Qualité\u00a0: A = 5, B = 3",
                  "Titre\u00a0: «\u00a0Quel contrat\u202f?\u00a0»",
                  "Module 2\u00a0: Évaluer une innovation", "nom: Coop Vélo", "Conclusion\u00a0: plusieurs indices"]:
        assert not MAJUSCULE_APRES_DEUX_POINTS.search(right), right
    assert MAJUSCULE_APRES_DEUX_POINTS.search("Réponse\u00a0: À partir de 2026")
