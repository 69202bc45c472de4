"""Export the question bank for Moodle: Moodle XML and GIFT.

Type mapping (stated in the trainer's guide):

Checked against Moodle's own importer (``question/format/xml/format.php`` and
``question/format/gift/format.php``): one category per module, and the final evaluation in its
own category; a numerical question's general wrong-answer feedback is an answer ``*`` at 0 %;
matching distractors (targets no element goes to) are subquestions with an empty text; the
items' weights go to ``defaultgrade``; short-answer variants are the notations Moodle can match
(it ignores case only), generated from the course's reading of citations and kept only when that
reading accepts them.

===================  ==========================================================
bank type            Moodle question type
===================  ==========================================================
``choix-unique``     multichoice, one answer (``single`` true)
``choix-multiple``   multichoice, several answers: each right option ``100/n`` %,
                     each wrong one -100 % (Moodle gives part marks; the course's
                     own check is all or nothing)
``numerique``        numerical, with its tolerance; typical errors as 0 % answers
                     with their feedback; the unit is written in the statement
``texte``            shortanswer, one 100 % answer per accepted variant (Moodle
                     ignores case only: the course also ignores accents and
                     punctuation, hence the variants); typical errors at 0 % with
                     their feedback in XML only (GIFT's short answer has none)
``association``      matching
``ordre``            matching of each element to its rank (« rang 1 »...): Moodle's
                     core has no ordering type in every version in use
===================  ==========================================================

Every option keeps its French feedback; the explanation and source become the general
feedback. Texts are rendered to HTML (Markdown, tables included) and escaped for the format:
XML by :mod:`xml.etree.ElementTree`, GIFT by backslashes before ``~ = # { } :``.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping

from piu.core.questions.bank import Question
from piu.core.questions.citations import cle_texte, elements
from piu.core.questions.grading import formes_justes

FORMATS = ("moodle-xml", "gift")


def _html(text: str, block: bool = True) -> str:
    from piu.core.trainer.gradebook import md_block, md_inline

    return (md_block(text) if block else md_inline(text)).strip()


#: The course's own number hints (« 25k€ ») that Moodle's numerical parser would misread.
_COURSE_HINT = re.compile(r"\s*\((?:par exemple|p\. ?ex\.)[^)]*k€[^)]*\)")


def _statement(q: Question) -> str:
    enonce = _COURSE_HINT.sub("", q.enonce) if q.type == "numerique" else q.enonce
    text = _html(enonce)
    if q.type == "numerique":
        unit = f" en {_html(q.unite, block=False)}" if q.unite else ""
        text += (f"<p>Répondez{unit} par le nombre seul, en chiffres, sans espace ni unité "
                 f"(par exemple 25000).</p>")
    if q.type == "ordre":
        text += "<p>Associez chaque élément à son rang.</p>"
    return text


def general_feedback(q: Question) -> str:
    return _html(q.explication) + f"<p><strong>Source :</strong> {_html(q.source, block=False)}</p>"


def _fraction(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _rank(i: int) -> str:
    return f"rang {i}"


def moodle_type(q: Question) -> str:
    return {"choix-unique": "multichoice", "choix-multiple": "multichoice", "numerique": "numerical",
            "texte": "shortanswer", "association": "matching", "ordre": "matching"}[q.type]


# ---- Moodle XML ---------------------------------------------------------------------------------

def _text_el(parent: ET.Element, tag: str, content: str, fmt: str = "html") -> ET.Element:
    el = ET.SubElement(parent, tag, {"format": fmt}) if fmt else ET.SubElement(parent, tag)
    ET.SubElement(el, "text").text = content
    return el


def _answer(parent: ET.Element, fraction: float, text: str, feedback: str, fmt: str = "html") -> ET.Element:
    el = ET.SubElement(parent, "answer", {"fraction": _fraction(fraction), "format": fmt})
    ET.SubElement(el, "text").text = text
    _text_el(el, "feedback", _html(feedback, block=False))
    return el


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


_COURTS = {"ce": ["CE", "Conseil d'État", "Conseil d'Etat"], "cj": ["CJUE", "CJCE"], "cc": ["Cons. const."],
           "cass": ["Cass."]}
_CODES = {"cgct": "CGCT", "ccp": "CCP", "cg3p": "CG3P", "penal": "Code pénal"}
_MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
         "novembre", "décembre")


def _renderings(parts: frozenset[str]) -> list[str]:
    """Common French ways to write an article or a decision, from its elements."""
    kinds: dict[str, list[str]] = {}
    for p in parts:
        kind, value = p.split(":", 1)
        kinds.setdefault(kind, []).append(value)
    out: list[str] = []
    for art in kinds.get("art", []):
        m = re.fullmatch(r"(lo|l|r|d)?(.+)", art)
        assert m
        prefix, number = (m[1] or "").upper(), m[2]
        numbers = [f"{prefix}{number}", f"{prefix}. {number}", f"{prefix}.{number}", f"{prefix} {number}"] \
            if prefix else [number]
        codes = [_CODES.get(c, c.upper()) for c in kinds.get("code", [])]
        for n in numbers:
            out += [n, f"article {n}", f"art. {n}"]
            for code in codes:
                out += [f"{n} du {code}", f"article {n} du {code}", f"art. {n} du {code}", f"{code} {n}",
                        f"{code} art. {n}", f"{code}, art. {n}"]
    dates = []
    for d in kinds.get("date", []):
        y, mo, da = d.split("-")
        dates += [f"{da}/{mo}/{y}", f"{int(da) if da != '01' else '1er'} {_MOIS[int(mo) - 1]} {y}"]
    courts = [c for j in kinds.get("jur", []) for c in _COURTS.get(j, [j.upper()])]
    for num in kinds.get("num", []):
        out += [f"n° {num}", f"n°{num}", num] + [f"{c} n° {num}" for c in courts]
    for court in courts:
        out += [f"{court} {d}" for d in dates] + [f"{court}, {d}" for d in dates]
        out += [f"{court} {n.title()}" for n in kinds.get("nom", [])]
    for aff in kinds.get("aff", []):
        number = aff.upper()
        out += [number, f"aff. {number}", f"affaire {number}"]
    for nom in kinds.get("nom", []):
        out += [nom.title(), f"arrêt {nom.title()}"]
    return out


def variantes_moodle(q: Question) -> list[str]:
    """Accepted answers as Moodle compares them (case ignored, nothing else): the bank's
    variants, their unaccented spelling, and the usual notations of the rule they cite — each
    kept only if the course's own grading accepts it, so that Moodle never accepts more."""
    right = formes_justes(q)
    candidates = list(q.reponses)
    for variant in q.reponses:
        found, cites = elements(variant)
        if cites:
            candidates += _renderings(found)
    candidates += [_strip_accents(c) for c in candidates]
    seen: dict[str, str] = {}
    for text in candidates:
        text = " ".join(text.split())
        if text and text.casefold() not in seen and cle_texte(text) in right:
            seen[text.casefold()] = text
    return list(seen.values())


def _xml_question(q: Question, poids: float = 1.0) -> ET.Element:
    el = ET.Element("question", {"type": moodle_type(q)})
    name = ET.SubElement(el, "name")
    ET.SubElement(name, "text").text = f"{q.id} — {q.titre}" if q.titre else q.id
    _text_el(el, "questiontext", _statement(q))
    _text_el(el, "generalfeedback", general_feedback(q))
    ET.SubElement(el, "defaultgrade").text = _fraction(poids)
    ET.SubElement(el, "penalty").text = "0"
    ET.SubElement(el, "hidden").text = "0"
    ET.SubElement(el, "idnumber").text = q.id
    if q.type in ("choix-unique", "choix-multiple"):
        single = q.type == "choix-unique"
        ET.SubElement(el, "single").text = "true" if single else "false"
        ET.SubElement(el, "shuffleanswers").text = "true"
        ET.SubElement(el, "answernumbering").text = "abc"
        _text_el(el, "correctfeedback", _html(q.retour_juste, block=False))
        _text_el(el, "partiallycorrectfeedback", "<p>Réponse incomplète.</p>")
        _text_el(el, "incorrectfeedback", _html(q.retour_faux, block=False))
        n = len(q.bonnes_options)
        for o in q.options:
            fraction = (100.0 / n if o.correct else (0.0 if single else -100.0))
            _answer(el, fraction, _html(o.texte, block=False), o.retour)
    elif q.type == "numerique":
        _answer(el, 100, repr(float(q.reponse or 0.0)), q.retour_juste, fmt="moodle_auto_format")
        el.findall("answer")[-1].append(_tol(q.tolerance))
        for err in q.erreurs_typiques:
            _answer(el, 0, repr(float(err.valeur or 0.0)), err.retour, fmt="moodle_auto_format")
            el.findall("answer")[-1].append(_tol(err.tolerance))
        _answer(el, 0, "*", q.retour_faux, fmt="moodle_auto_format")  # any other number
        el.findall("answer")[-1].append(_tol(0))
    elif q.type == "texte":
        ET.SubElement(el, "usecase").text = "0"
        for variant in variantes_moodle(q):
            _answer(el, 100, variant, q.retour_juste, fmt="moodle_auto_format")
        for err in q.erreurs_typiques:
            _answer(el, 0, err.reponse or "", err.retour, fmt="moodle_auto_format")
        _answer(el, 0, "*", q.retour_faux, fmt="moodle_auto_format")
    else:
        ET.SubElement(el, "shuffleanswers").text = "true"
        _text_el(el, "correctfeedback", _html(q.retour_juste, block=False))
        _text_el(el, "incorrectfeedback", _html(q.retour_faux, block=False))
        for left, right in [*_pairs(q), *(("", d) for d in _distractors(q))]:
            sub = ET.SubElement(el, "subquestion", {"format": "html"})
            ET.SubElement(sub, "text").text = _html(left, block=False) if left else ""
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = right
    return el


def _distractors(q: Question) -> list[str]:
    """Targets of a matching question that no element goes to (Moodle: empty subquestion)."""
    if q.type != "association":
        return []
    used = {e.avec for e in q.elements}
    return [t.texte for t in q.cibles if t.id not in used]


def categorie(q: Question, racine: str) -> str:
    """One category per module; the final evaluation in its own, never mixed with practice."""
    own = "evaluation-finale" if q.evaluation else f"module-{q.module}"
    return racine if racine.rstrip("/").endswith(own) else f"{racine}/{own}"


def _tol(value: float) -> ET.Element:
    el = ET.Element("tolerance")
    el.text = repr(float(value))
    return el


def _pairs(q: Question) -> list[tuple[str, str]]:
    """(left text, right text) of a matching question; ordering becomes element → rank."""
    if q.type == "ordre":
        return [(e.texte, _rank(i)) for i, e in enumerate(q.elements, start=1)]
    targets = {t.id: t.texte for t in q.cibles}
    return [(e.texte, targets[e.avec or ""]) for e in q.elements]


def moodle_xml(questions: Iterable[Question], category: str = "piu",
               poids: Mapping[str, float] | None = None) -> str:
    """A Moodle XML quiz file (UTF-8), one ``<question>`` per bank question, in bank order, each
    module in its category; ``poids``: each item's weight (``defaultgrade``), 1 otherwise."""
    quiz = ET.Element("quiz")
    current = None
    for q in questions:
        cat_path = categorie(q, category)
        if cat_path != current:
            cat = ET.SubElement(quiz, "question", {"type": "category"})
            ET.SubElement(ET.SubElement(cat, "category"), "text").text = f"$course$/top/{cat_path}"
            current = cat_path
        quiz.append(_xml_question(q, (poids or {}).get(q.id, 1.0)))
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


# ---- GIFT ---------------------------------------------------------------------------------------

def gift_escape(text: str) -> str:
    """Escape GIFT's special characters; newlines become ``\\n`` (a question is one block)."""
    for char in "\\~=#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


def _fb(text: str) -> str:
    return f"#{gift_escape(_html(text, block=False))}" if text else ""


def _number(value: float) -> str:
    return format(float(value), "g") if abs(value) < 1e15 else repr(float(value))


def _gift_question(q: Question) -> str:
    title = gift_escape(f"{q.id} — {q.titre}" if q.titre else q.id)
    head = f"::{title}::[html]{gift_escape(_statement(q))}"
    general = f"####{gift_escape(general_feedback(q))}"
    if q.type in ("choix-unique", "choix-multiple"):
        n = len(q.bonnes_options)
        lines = []
        for o in q.options:
            text = gift_escape(_html(o.texte, block=False))
            if q.type == "choix-unique":
                sign = "=" if o.correct else "~"
            else:
                sign = f"~%{_fraction(100.0 / n if o.correct else -100.0)}%"
            lines.append(f"\t{sign}{text}{_fb(o.retour)}")
        body = "\n".join(lines)
    elif q.type == "numerique":
        answers = [f"\t={_number(q.reponse or 0.0)}:{_number(q.tolerance)}{_fb(q.retour_juste)}"]
        answers += [f"\t=%0%{_number(e.valeur or 0.0)}:{_number(e.tolerance)}{_fb(e.retour)}"
                    for e in q.erreurs_typiques]
        answers.append(f"\t~{_fb(q.retour_faux) or '#'}")  # Moodle: an answer « * » at 0 %
        body = "#\n" + "\n".join(answers)
    elif q.type == "texte":
        # GIFT's short answer has right answers only (a « ~ » would make it a multiple choice):
        # the typical errors' feedback is kept in Moodle XML, not here.
        body = "\n".join(f"\t={gift_escape(v)}{_fb(q.retour_juste)}" for v in variantes_moodle(q))
    else:
        pairs = [(gift_escape(_html(left, block=False)), gift_escape(right)) for left, right in _pairs(q)]
        pairs += [("", gift_escape(d)) for d in _distractors(q)]
        body = "\n".join(f"\t={left} -> {right}" for left, right in pairs)
    return f"// {q.id} ({q.type} → {moodle_type(q)})\n{head}{{\n{body}\n{general}\n}}\n"


def gift(questions: Iterable[Question], category: str = "piu") -> str:
    """A GIFT file: one question per block, separated by a blank line; a ``$CATEGORY`` line
    before each module (GIFT has no per-question weight: use Moodle XML for the evaluation)."""
    blocks, current = [], None
    for q in questions:
        cat_path = categorie(q, category)
        if cat_path != current:
            blocks.append(f"$CATEGORY: $course$/top/{cat_path}\n")
            current = cat_path
        blocks.append(_gift_question(q))
    return "\n".join(blocks)
