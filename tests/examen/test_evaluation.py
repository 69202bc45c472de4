"""Module 8: the final evaluation, its hand-in, grading, secrecy and item analysis.

Everything runs in-process on generated copies; nothing is executed from the copies.
"""

from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from piu.core import data
from piu.core.cli import main
from piu.core.french_numbers import format_nombre
from piu.core.questions.grading import bonne_reponse, corriger
from piu.core.questions.web_payload import digest, payload, salt
from piu.core.trainer.copies import COPY_MIME, json_copie, lire_copie, lire_dossier, nouvelle_copie
from piu.core.trainer.gradebook import nom_de_fichier
from piu.core.trainer.item_analysis import indices
from piu.examen import plan

ROOT = Path(__file__).resolve().parents[2]
KEY = plan.corrige()
BAREME = plan.bareme()
POINTS = {b.id: b.points for b in BAREME}
MAX = sum(POINTS.values())


def write(folder: Path, copies: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n, copie in enumerate(copies):
        (folder / f"copie-{n:03d}.json").write_text(json_copie(copie), encoding="utf-8")
    return folder


# ---- The evaluation follows its blueprint ------------------------------------------------------

def test_at_least_30_items_follow_the_blueprint() -> None:
    items = data.table("examen_items")
    assert len(KEY) >= 30 and len(items) == len(KEY) + 1
    by_objective = items.groupby("objectif")["points"].sum().to_dict()
    blueprint = {o.objectif: o.points for o in plan.plan_evaluation()}
    assert by_objective == pytest.approx(blueprint)
    assert sorted(o.module for o in plan.plan_evaluation()) == [1, 2, 3, 4, 5, 6, 7]
    natures = set(items["nature"])
    assert {"datee", "cas", "irregularite", "ouverte"} <= natures
    assert all(q.evaluation for q in KEY.values())
    rubric = plan.grille()
    assert sum(c.points for c in rubric) == POINTS["m8-ouverte-montage"]


def test_four_irregularity_documents_name_fault_and_rule() -> None:
    for doc, rule in [("m8-irr-rc-preference", "131562"), ("m8-irr-grille-references", "Lianakis"),
                      ("m8-irr-plan-financement", "L1111-10"), ("m8-irr-deliberation-scic", "L2131-11")]:
        assert "fictif" in KEY[doc].enonce
        assert corriger(KEY[f"{doc}-regle"], rule).juste
        assert not corriger(KEY[f"{doc}-regle"], "n'importe quoi").juste


def test_dated_items_change_with_the_launch_date() -> None:
    mai, mars = KEY["m8-date-dispense-mai"], KEY["m8-date-dispense-mars"]
    assert mai.reponse == data.valeur("seuils:dispense-fournitures-services:montant_ht@2026-05-15")
    assert mars.reponse == data.valeur("seuils:dispense-fournitures-services:montant_ht@2026-03-10")
    assert mai.reponse != mars.reponse
    verdict = corriger(mai, format_nombre(mars.reponse) + " €")
    assert not verdict.juste and "31/03/2026" in verdict.retour


# ---- Grading a class ----------------------------------------------------------------------------

def expected_total(k: int, n: int, piege: str | None = None) -> float:
    ability = (k + 0.5) / n
    items = list(KEY)
    total = 0.0
    for j, qid in enumerate(items):
        difficulty = 0.15 + 0.7 * j / (len(items) - 1)
        if (ability < 0.5) if qid == piege else (ability > difficulty):
            total += POINTS[qid]
    return total


def test_class_of_30_known_answers_gives_known_marks(tmp_path: Path) -> None:
    copies = plan.classe_fictive(30)
    done = plan.corriger_dossier(write(tmp_path / "copies", copies), tmp_path / "out")
    assert done["copies"] == 30 and done["rejets"] == [] and done["doublons"] == []
    by_name = {r.apprenant: r for r in done["resultats"]}
    for k in range(30):
        r = by_name[f"Apprenant fictif {k + 1:02d}"]
        assert r.total == pytest.approx(expected_total(k, 30))
        assert r.sur_20 == pytest.approx(round(20 * expected_total(k, 30) / MAX, 2))
    sheet = load_workbook(tmp_path / "out" / "carnet.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-3:] == ("total", "sur_20", "statut") and len(rows) == 31
    assert {row[-1] for row in rows[1:]} == {"provisoire"}  # the argued answer is not graded yet
    marks = {row[0]: row[-2] for row in rows[1:]}
    assert marks["Apprenant fictif 30"] == pytest.approx(by_name["Apprenant fictif 30"].sur_20)
    text = (tmp_path / "out" / "carnet.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("apprenant;fichier;remise_le;m8-")
    feedback = list((tmp_path / "out" / "retours").glob("*.html"))
    assert len(feedback) == 30
    page = feedback[0].read_text(encoding="utf-8")
    assert "Source :" in page and "/ 20" in page


def test_rubric_scores_are_merged_and_bad_values_reported(tmp_path: Path) -> None:
    copies = write(tmp_path / "copies", plan.classe_fictive(3))
    plan.corriger_dossier(copies, tmp_path / "out")
    filled = (tmp_path / "out" / "grille_a_remplir.csv").read_text(encoding="utf-8-sig").splitlines()
    assert filled[0].split(";")[:6] == ["apprenant", "item", "achat", "aide", "deport", "redaction"]
    lines = [filled[0]]
    for line, values in zip(filled[1:], ["0,5;1;1;1", "abc;1;;", "5;0;0;0"], strict=True):
        cells = line.split(";")
        lines.append(";".join([*cells[:2], values, cells[-1]]))
    (tmp_path / "grille.csv").write_text("\n".join(lines), encoding="utf-8")
    done = plan.corriger_dossier(copies, tmp_path / "out", tmp_path / "grille.csv")
    open_scores = {r.apprenant: next(i for i in r.items if i.id == "m8-ouverte-montage")
                   for r in done["resultats"]}
    assert open_scores["Apprenant fictif 01"].points == 3.5
    assert open_scores["Apprenant fictif 02"].points == 1.0
    assert open_scores["Apprenant fictif 03"].points == 1.0  # 5 capped at the criterion's 1 point
    problems = " ".join(done["problemes_grille"])
    assert "« abc » n'est pas un nombre" in problems and "ramené" in problems


# ---- Damaged hand-ins ---------------------------------------------------------------------------

def _notebook(copies: list[dict[str, Any]], extra_cells: list[Any] = ()) -> dict[str, Any]:
    cells: list[Any] = [{"cell_type": "markdown", "source": "x", "metadata": {}}]
    for copie in copies:
        cells.append({"cell_type": "code", "source": "remettre(formulaire)", "metadata": {},
                      "outputs": [{"output_type": "execute_result", "data": {COPY_MIME: copie}}]})
    return {"nbformat": 4, "cells": [*cells, *extra_cells], "metadata": {}}


def corrupted_files(folder: Path) -> dict[str, str]:
    """100 damaged files, each kind nbgrader's users report; value: what must happen."""
    folder.mkdir()
    base = plan.classe_fictive(10)
    kinds: dict[str, str] = {}

    def put(name: str, content: bytes | str, expect: str) -> None:
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        kinds[name] = expect

    for i in range(10):
        copie = dict(base[i])
        text = json_copie(copie)
        put(f"coupe-{i}.json", text[: len(text) // 2], "rejet:JSON illisible")
        put(f"vide-{i}.json", b"" if i % 2 else b"   \n", "rejet:vide")
        put(f"latin1-{i}.json", json_copie({**copie, "apprenant": f"Hélène Çedille {i}"}).encode("cp1252"),
            "copie:Windows-1252")
        dup = dict(copie, apprenant=f"Dupliquée {i}")
        later = dict(dup, remise_le="2026-12-31T23:00:00")
        put(f"cellules-dupliquees-{i}.ipynb", json.dumps(_notebook([dup, later, dup])), "copie:remises")
        put(f"cellules-effacees-{i}.ipynb", json.dumps(_notebook([])), "rejet:notebook sans copie")
        broken = _notebook([dict(copie, apprenant=f"Désordre {i}")],
                           [{"cell_type": "code", "metadata": "oops", "outputs": "pas une liste"}, 42, None])
        broken["cells"].reverse()
        put(f"metadonnees-cassees-{i}.ipynb", json.dumps(broken), "copie:")
        put(f"inconnues-{i}.json", json_copie(dict(copie, apprenant=f"Inconnu {i}",
                                                   reponses={**copie["reponses"], "m9-nexiste": "a"})),
            "copie:")
        put(f"chemin-{i}.json", json_copie(dict(copie, apprenant=f"../../etc/x{i}")), "copie:")
        put(f"deux-fois-{i}.json", json_copie(dict(copie, apprenant=f"Deux Fois {i // 2}",
                                                   remise_le=f"2026-12-0{1 + i % 2}T10:00:00")),
            "doublon")
        kind = i % 5
        if kind == 0:
            with (folder / f"enorme-{i}.json").open("wb") as handle:  # 50 Mo, sparse: cheap
                handle.truncate(50 * 1024 * 1024)
            kinds[f"enorme-{i}.json"] = "rejet:trop gros"
        elif kind == 1:
            put(f"liste-{i}.json", "[1, 2, 3]", "rejet:pas une copie")
        elif kind == 2:
            put(f"sans-reponses-{i}.json", json.dumps({"format": "piu-copie", "apprenant": "X"}),
                "rejet:pas de réponses")
        elif kind == 3:
            put(f"sans-nom-{i}.json", json.dumps({"format": "piu-copie", "reponses": {}}), "rejet:nom")
        else:
            put(f"binaire-{i}.json", bytes(range(256)) * 4, "rejet:")
    return kinds


def test_100_damaged_files_no_crash_and_a_reason_each(tmp_path: Path) -> None:
    kinds = corrupted_files(tmp_path / "copies")
    assert len(kinds) == 100
    reading = lire_dossier(tmp_path / "copies")
    rejected = dict(reading.rejets)
    kept = {c.fichier: c for c in reading.copies}
    doubled = {f for _, files, _ in reading.doublons for f in files}
    for name, expect in kinds.items():
        status, _, reason = expect.partition(":")
        if status == "rejet":
            assert name in rejected, name
            assert rejected[name] and reason.lower() in rejected[name].lower(), (name, rejected[name])
        elif status == "doublon":
            assert name in doubled, name
        else:
            assert name in kept, (name, rejected.get(name))
            assert reason in " ".join(kept[name].remarques), (name, kept[name].remarques)
    assert len(reading.doublons) == 5
    for _, files, chosen in reading.doublons:
        assert chosen == max(files, key=lambda f: kept[f].remise_le if f in kept else "")
    # The whole batch still grades and writes every output.
    done = plan.corriger_dossier(tmp_path / "copies", tmp_path / "out")
    assert done["copies"] == len(reading.copies)
    unknown = [r for r in done["resultats"] if r.fichier.startswith("inconnues-")]
    assert len(unknown) == 10 and all("m9-nexiste" in " ".join(r.remarques) for r in unknown)
    report = (tmp_path / "out" / "rapport.html").read_text(encoding="utf-8")
    for name in rejected:
        assert html.escape(name) in report
    names = [p.name for p in (tmp_path / "out" / "retours").iterdir()]
    assert all(re.fullmatch(r"[a-z0-9-]+\.html", n) for n in names)
    assert not (tmp_path / "etc").exists() and not (tmp_path.parent / "etc").exists()


def test_wrong_encoding_is_reread_with_accents(tmp_path: Path) -> None:
    copie = nouvelle_copie("module-8", "Hélène Çedille", {"m8-date-dispense-mai": "60 000"})
    path = tmp_path / "c.json"
    path.write_bytes(json_copie(copie).encode("cp1252"))
    assert lire_copie(path).apprenant == "Hélène Çedille"


def test_script_in_a_name_never_reaches_an_output_unescaped(tmp_path: Path) -> None:
    evil = '<script>alert("piu")</script>'
    answers = {"m8-date-dispense-mai": '<img src=x onerror=alert(1)>', "m8-ouverte-montage": evil}
    copies = [nouvelle_copie("module-8", evil, answers),
              nouvelle_copie("module-8", "=HYPERLINK(\"http://x\")", answers)]
    plan.corriger_dossier(write(tmp_path / "copies", copies), tmp_path / "out")
    for path in (tmp_path / "out").rglob("*"):
        if path.suffix in (".html", ".json", ".csv"):
            text = path.read_text(encoding="utf-8-sig")
            if path.suffix == ".html":
                assert "<script>alert" not in text and "<img src=x" not in text, path.name
                assert "&lt;script&gt;" in text or path.name == "rapport.html"
    csv_text = (tmp_path / "out" / "carnet.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in csv_text
    sheet = load_workbook(tmp_path / "out" / "carnet.xlsx").active
    assert all(not str(c.value).startswith("=") for row in sheet.iter_rows() for c in row)
    assert re.fullmatch(r"script-alert-piu-script-[0-9a-f]{8}", nom_de_fichier(evil))
    assert nom_de_fichier("../../x").startswith("x-")


# ---- Nothing of the key reaches learners --------------------------------------------------------

def secrets(sources: bool = True) -> list[tuple[str, str]]:
    """(question, string) pairs that would give an answer away if found in a learner's file.

    ``sources=False`` leaves out the items' sources: the chapter cites the workshop report too.
    """
    out = []
    for q in KEY.values():
        strings = [q.explication, q.retour_juste, q.retour_faux, *([q.source] if sources else []),
                   *(o.retour for o in q.options), *(e.retour for e in q.erreurs_typiques), *q.reponses]
        if q.type == "numerique":
            strings.append(format_nombre(q.reponse) + (f" {q.unite}" if q.unite else ""))
        p = payload(q)
        strings += [p["sel"], *p.get("ok", []), *p.get("fb", {})]
        if q.type in ("choix-unique", "choix-multiple"):
            strings += [digest(salt(q), f"opt:{o}") for o in q.bonnes_options]
        out += [(q.id, s) for s in strings if s and s != "Bonne réponse."]
    return out


def _plain(text: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def assert_no_secret(text: str, where: str, sources: bool = True) -> None:
    flat = _plain(text)
    for qid, secret in secrets(sources):
        probe = _plain(secret)[:60].strip()
        if len(probe) < 4:
            continue
        assert probe not in flat, f"{where} contient la réponse ou le retour de {qid} : {probe!r}"
    assert '"correct"' not in text and "retour_juste" not in text


def test_distributed_bundle_holds_no_answer_hash_or_feedback(tmp_path: Path) -> None:
    files = plan.distribuer(tmp_path / "paquet")
    names = {f.name for f in files}
    assert {"sujet.json", "evaluation.ipynb", "evaluation.html", "LISEZMOI.txt"} <= names
    for path in files:
        assert_no_secret(path.read_text(encoding="utf-8"), path.name)
    subject = json.loads((tmp_path / "paquet" / "sujet.json").read_text(encoding="utf-8"))
    assert len(subject["questions"]) == len(KEY)
    assert subject["ouvertes"][0]["grille"]  # the rubric is published with the open item
    assert main(["evaluation", "distribuer", "--sortie", str(tmp_path / "paquet")]) == 2  # not empty


def test_learner_chapter_and_notebook_give_no_answer_away() -> None:
    assert_no_secret((ROOT / "book" / "module8" / "chapitre.md").read_text(encoding="utf-8"), "chapitre",
                     sources=False)
    assert_no_secret((ROOT / "exercises" / "module8.ipynb").read_text(encoding="utf-8"), "notebook")


def test_learner_web_page_form_holds_no_key() -> None:
    from piu.core.book.sphinx.directives import evaluation_html
    from piu.core.errors import PiuError

    assert_no_secret(evaluation_html("piu.examen.plan:sujet_evaluation"), "page du module 8")
    with pytest.raises(PiuError, match="corrigé"):
        evaluation_html("tests.examen.test_evaluation:sujet_avec_corrige")


def test_quiz_directive_refuses_an_evaluation_item() -> None:
    from piu.core.book.sphinx.directives import quiz_html
    from piu.core.errors import PiuError

    with pytest.raises(PiuError, match="corrigé d'une évaluation notée"):
        quiz_html("m8-date-dispense-mai")
    assert "piu-quiz" in quiz_html("m5-deport")


def sujet_avec_corrige() -> dict[str, Any]:
    return {"questions": [{"id": "x", "options": [{"id": "a", "correct": True}]}]}


def test_browser_wheel_leaves_the_key_out_and_carries_the_subject() -> None:
    from piu.core.book.lite import build

    entries = dict(build.wheel_course_entries(ROOT))
    assert "exercises/banque/module8.yaml" not in entries
    assert "exercises/banque/module5.yaml" in entries
    subject = entries["exercises/banque/module8.sujet.json"].decode()
    assert len(json.loads(subject)["questions"]) == len(KEY)
    for name, content in entries.items():
        if name.endswith((".json", ".yaml", ".csv")) and "module8" in name:
            assert_no_secret(content.decode(), name)


# ---- Forms --------------------------------------------------------------------------------------

def test_jupyter_form_answers_are_graded_like_the_self_checks(tmp_path: Path) -> None:
    from piu.examen.formulaires import FormulaireEvaluation, remettre

    form = FormulaireEvaluation(plan.sujet_evaluation())
    for qid, (kind, widget) in form.fields.items():
        right = bonne_reponse(KEY[qid]) if qid in KEY else "Ma note au maire."
        if kind in ("choix-unique", "ouverte"):
            widget.value = right
        elif kind in ("numerique", "texte"):
            widget.value = format_nombre(right) if kind == "numerique" else right
        elif kind == "choix-multiple":
            for oid, box in widget.items():
                box.value = oid in right
        elif kind == "ordre":
            for rank, eid in enumerate(right, start=1):
                widget[eid].value = str(rank)
        else:
            for eid, target in right.items():
                widget[eid].value = target
    assert remettre(form, "", tmp_path) is None  # no name: nothing written
    assert list(tmp_path.iterdir()) == []
    handed = remettre(form, "Camille Martin", tmp_path)
    assert handed is not None and handed.path.exists()
    bundle = handed._repr_mimebundle_()
    link = re.search(r'download="(copie-camille-martin-[0-9a-f]{8}\.json)" href="data:application/json;base64,([^"]+)"',
                     bundle["text/html"])
    assert link and json.loads(base64.b64decode(link.group(2)))["apprenant"] == "Camille Martin"
    notebook = tmp_path / "evaluation.ipynb"
    notebook.write_text(json.dumps(_notebook([bundle[COPY_MIME]])), encoding="utf-8")
    for path in (handed.path, notebook):
        copie = lire_copie(path)
        assert copie.apprenant == "Camille Martin"
        from piu.core.trainer.gradebook import corriger_copie

        result = corriger_copie(copie, KEY, BAREME)
        assert result.total == MAX - POINTS["m8-ouverte-montage"]


# ---- Item analysis ------------------------------------------------------------------------------

def test_indices_follow_moodle_definitions() -> None:
    import pandas as pd

    frame = pd.DataFrame({"a": [1.0, 0.0, 1.0, 1.0], "b": [2.0, 0.0, 2.0, 0.0], "c": [0.0, 1.0, 1.0, 1.0]})
    table = indices(frame, pd.Series({"a": 1.0, "b": 2.0, "c": 1.0}))
    assert table.loc["b", "facilite"] == pytest.approx(50.0)
    rest = frame.sum(axis=1) - frame["a"]
    assert table.loc["a", "discrimination"] == pytest.approx(100 * frame["a"].corr(rest))


def test_analysis_flags_exactly_the_planted_bad_item(tmp_path: Path) -> None:
    piege = "m8-date-cas-juin"
    plan.corriger_dossier(write(tmp_path / "copies", plan.classe_fictive(30, piege=piege)), tmp_path / "out")
    done = plan.analyser_resultats(tmp_path / "out")
    assert set(done["signalees"]) == {piege}
    assert done["table"].loc[piege, "discrimination"] < 0
    report = (tmp_path / "out" / "analyse.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in report and "Quiz statistics calculations" in report
    assert report.count("<img") == 2 and 'alt="' in report
    counts = re.search(r"<h3>m8-partir-usages</h3><p>(.*?)</p>", report)
    assert counts and "b : " in counts.group(1)


def test_analysis_of_a_clean_class_flags_nothing(tmp_path: Path) -> None:
    plan.corriger_dossier(write(tmp_path / "copies", plan.classe_fictive(30)), tmp_path / "out")
    assert plan.analyser_resultats(tmp_path / "out")["signalees"] == {}


# ---- Command line -------------------------------------------------------------------------------

def test_commands_report_bad_input_with_status_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluation", "corriger", str(tmp_path / "absent"), "--sortie", str(tmp_path / "o")]) == 2
    assert "n'existe pas" in capsys.readouterr().err
    assert main(["evaluation", "analyser", str(tmp_path)]) == 2
    assert "resultats.json" in capsys.readouterr().err
    write(tmp_path / "copies", plan.classe_fictive(2))
    assert main(["evaluation", "corriger", str(tmp_path / "copies"), "--sortie", str(tmp_path / "o"),
                 "--grille", str(tmp_path / "absente.csv")]) == 2
    assert main(["evaluation", "corriger", str(tmp_path / "copies"), "--sortie", str(tmp_path / "o")]) == 0
    assert "2 copie(s) corrigée(s)" in capsys.readouterr().out
