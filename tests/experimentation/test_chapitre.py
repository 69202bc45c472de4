"""Module 6 content: chapter sections, every cited article and text in data/references.csv,
every figure quoted from data/, every quiz and data reference resolvable, and the module
declared in the table of contents and in data/modules.csv."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from piu.core import data
from piu.core.questions.bank import charger_banque

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = (ROOT / "book/module6/chapitre.md").read_text(encoding="utf-8")

_ARTICLE = re.compile(r"(?<![A-Za-z0-9])(LO|L|R|D)\.?\s?(\d{3,4}(?:-\d+)+)")
_NUMBER = r"(?:n°\s*)?\d{2,4}-\d{1,5}"
_TEXT = re.compile(rf"\b(décrets?|lois? organiques?|lois?|ordonnances?)\s+"
                   rf"({_NUMBER}(?:\s*(?:,|et)\s*{_NUMBER})*)", re.IGNORECASE)
_KIND = {"décret": "decret", "loi organique": "loi-organique", "loi": "loi", "ordonnance": "ordonnance"}


def _texts() -> dict[str, str]:
    texts = {"chapitre": CHAPTER,
             "banque": (ROOT / "exercises/banque/module6.yaml").read_text(encoding="utf-8")}
    for name in ("living_lab_criteres", "vehicules_experimentation", "protocole_regles"):
        texts[name] = (ROOT / f"data/{name}.csv").read_text(encoding="utf-8")
    for name in ("notebooks/module6.ipynb", "exercises/module6.ipynb"):
        cells = json.loads((ROOT / name).read_text(encoding="utf-8"))["cells"]
        texts[name] = "\n".join("".join(c["source"]) for c in cells)
    for path in sorted((ROOT / "src/piu/experimentation").glob("*.py")):
        texts[path.name] = path.read_text(encoding="utf-8")
    return texts


def test_chapter_has_the_course_sections_in_order():
    headings = re.findall(r"^## (.+)$", CHAPTER, flags=re.M)
    order = ["Objectifs", "Prérequis", "Pourquoi ce module", "À retenir", "Pour aller plus loin"]
    assert [h for h in headings if h in order] == order
    assert headings[-2:] == ["À retenir", "Pour aller plus loin"]
    for topic in ("continuité des tiers-lieux", "ENoLL", "réduisent la chaîne décisionnelle",
                  "indépendance de la structure", "Paris&Co", "Nantes City Lab",
                  "convention d'expérimentation", "LO1113-1", "2020-71", "R2111-2"):
        assert topic.lower() in CHAPTER.lower(), topic


def test_every_article_cited_is_in_the_references_table():
    referenced = set(data.table("references")["article"])
    cited = {f"{p}{n}" for text in _texts().values() for p, n in _ARTICLE.findall(text)}
    assert {"R2111-2", "LO1113-1", "L112-9", "L2122-1-1", "R2122-9-1"} <= cited
    missing = {f"{p}{n} ({where})" for where, text in _texts().items()
               for p, n in _ARTICLE.findall(text) if f"{p}{n}" not in referenced}
    assert not missing, ", ".join(sorted(missing))


def test_every_text_cited_is_in_the_references_table():
    ids = list(data.table("references")["id"])
    missing = set()
    for where, text in _texts().items():
        for kind, numbers in _TEXT.findall(text.replace("\u00a0", " ")):
            key = _KIND[re.sub(r"s\b", "", kind.lower())]
            for n in re.findall(r"\d{2,4}-\d{1,5}", numbers):
                if not any(i == f"{key}-{n}" or i.startswith(f"{key}-{n}-art-") for i in ids):
                    missing.add(f"{key}-{n} ({where})")
    assert not missing, ", ".join(sorted(missing))


def test_every_data_reference_and_quiz_resolves():
    for ref in re.findall(r"\{donnee\}`([^`]+)`", CHAPTER):
        assert data.texte_valeur(ref)
    bank = charger_banque()
    for qid in re.findall(r"\{quiz\} (\S+)", CHAPTER):
        assert bank[qid].module == 6
    for row in data.table("vehicules_experimentation").itertuples():
        if isinstance(row.seuil, str):
            assert data.valeur(row.seuil) > 0


def test_the_threshold_is_quoted_not_retyped():
    threshold = data.valeur("seuils:achat-innovant:montant_ht")
    spelled = f"{threshold:,.0f}".replace(",", " ")
    for where, text in _texts().items():
        assert spelled not in text.replace("\u202f", " ").replace("\u00a0", " "), where


def test_module_is_available_in_the_table_of_contents():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    assert files.index("book/module6/chapitre") == files.index("book/module5/chapitre") + 1
    modules = data.table("modules")
    six = modules[modules["numero"] == 6].iloc[0]
    assert six["statut"] == "disponible" and six["chapitre"] == "book/module6/chapitre"
