"""The learner package built from the real learner book holds no graded key (issue 22).

The archive is opened member by member — gzip copies unpacked, every wheel and zip inside opened
(the course wheel that the browser downloads from ``lite/`` among them), every JSON payload
read — and searched for the module-8 key's feedback and explanations, taken from the bank file
itself with a reading of its own (not the command's), after undoing what a page does to a text.
"""

from __future__ import annotations

import gzip
import html
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from piu.core.book.learner_package import learner_package
from tests.conftest import ROOT

pytestmark = pytest.mark.navigateur

KEY = ROOT / "exercises" / "banque" / "module8.yaml"
PRACTICE = [p for p in sorted(KEY.parent.glob("module*.yaml")) if p != KEY]


def _plain(text: str) -> str:
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text).replace("\\n", " ")
    text = html.unescape(re.sub(r"<[^>]*>", "", text)).replace("*", "").replace("`", "")
    text = re.sub(r"[\u00a0\u202f\u2009]", " ", text).replace("\u2019", "'")
    return " ".join(text.split()).casefold()


def _key_answers() -> dict[str, str]:
    """Feedback of every option and typical error, explanations, a non-default « wrong » feedback:
    the texts that say what the expected answer is, by item. Those the practice banks share with
    the key (public anyway) are left out."""
    public = " | ".join(_plain(p.read_text(encoding="utf-8")) for p in PRACTICE)
    found = {}
    for q in yaml.safe_load(KEY.read_text(encoding="utf-8"))["questions"]:
        texts = [q.get("explication", ""), q.get("retour_faux", ""),
                 *(o.get("retour", "") for o in q.get("options", [])),
                 *(e.get("retour", "") for e in q.get("erreurs_typiques", []))]
        for text in texts:
            plain = _plain(str(text))
            if len(plain) >= 30 and plain not in public:
                found[plain] = q["id"]
    return found


def _members(name: str, data: bytes) -> Iterator[tuple[str, bytes]]:
    if name.endswith(".gz"):
        name, data = name[:-3], gzip.decompress(data)
    if name.endswith((".whl", ".zip")):
        with zipfile.ZipFile(io.BytesIO(data)) as inner:
            for member in inner.namelist():
                yield from _members(f"{name}!{member}", inner.read(member))
    else:
        yield name, data


@pytest.fixture(scope="module")
def paquet(livre: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return learner_package(ROOT, livre, tmp_path_factory.mktemp("paquet") / "piu-apprenant.zip")


def test_the_learner_package_holds_no_key_answer_of_module_8(paquet: Path) -> None:
    answers = _key_answers()
    assert len(answers) > 60
    # The search finds them where they are: in the key itself.
    key_text = _plain(KEY.read_text(encoding="utf-8"))
    assert all(text in key_text for text in answers)
    found, names, wheels, payloads = [], [], [], 0
    with zipfile.ZipFile(paquet) as archive:
        for top in archive.namelist():
            for name, data in _members(top, archive.read(top)):
                names.append(name)
                if ".whl!" in name:
                    wheels.append(name)
                if not name.endswith((".html", ".js", ".json", ".ipynb", ".txt", ".csv", ".yaml", ".yml",
                                      ".py", ".md", ".xml", ".svg")):
                    continue
                payloads += name.endswith(".json")
                hay = _plain(data.decode("utf-8", "replace"))
                found += [f"{name}: {qid}" for text, qid in answers.items() if text in hay]
    assert not found, found[:10]
    assert not [n for n in names if n.endswith("module8.yaml") or "/formateur/" in n]
    # What was searched: the course wheel of the browser and the one for Jupyter, the JSON payloads.
    assert any("livre/lite/" in w and "piu/_cours/exercises/banque/module8.sujet.json" in w for w in wheels)
    # The wheel for Jupyter holds Python sources (the browser's may hold 3.12 bytecode only).
    assert any(w.startswith("piu-apprenant/piu-") and w.endswith("!piu/examen/formulaires.py") for w in wheels)
    assert payloads > 20
    assert "piu-apprenant/livre/book/module8/chapitre.html" in names
    assert "piu-apprenant/exercises/module8.ipynb" in names and "piu-apprenant/LISEZMOI.txt" in names
