"""The trainer's hand marks and accepted answers survive every rerun (issue 22, blockers)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from piu.core.cli import main
from piu.core.trainer.copies import json_copie, nouvelle_copie
from piu.examen import plan

OPEN = "m8-ouverte-montage"


def _write(folder: Path, copies: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n, copie in enumerate(copies):
        (folder / f"copie-{n:03d}.json").write_text(json_copie(copie), encoding="utf-8")
    return folder


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))


def _fill(path: Path, marks: dict[str, str]) -> None:
    """Fill the grid as a trainer does in a spreadsheet: « achat;aide;deport;redaction » per name."""
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    out = [rows[0]]
    for row in rows[1:]:
        values = marks.get(row[0])
        out.append([row[0], row[1], *(values.split(";") if values else row[2:-1]), row[-1]])
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(out)
    path.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8")


def _open_points(done: dict) -> dict[str, float]:
    return {r.apprenant: next(i.points for i in r.items if i.id == OPEN) for r in done["resultats"]}


def test_hand_marks_survive_two_reruns_and_a_late_copy(tmp_path: Path) -> None:
    copies, out = tmp_path / "copies", tmp_path / "resultats"
    names = ["Camille Martin", "=Piège Formule", 'Zoé "la Rapide" Durand']
    _write(copies, [nouvelle_copie("module-8", n, {OPEN: "Ma note."}) for n in names])
    first = plan.corriger_dossier(copies, out)
    grid = out / "grille_a_remplir.csv"
    assert first["nouvelle_grille"] == grid and first["provisoires"] == 3
    names_in_grid = [r["apprenant"] for r in _rows(grid)]
    assert "'=Piège Formule" in names_in_grid and 'Zoé "la Rapide" Durand' in names_in_grid
    _fill(grid, {"Camille Martin": "1;1;0,5;0,5", "'=Piège Formule": "1;0;0;0",
                 'Zoé "la Rapide" Durand': "0;0;1;1"})
    filled = grid.read_bytes()
    second = plan.corriger_dossier(copies, out)  # no --grille: the grid of the folder is read back
    assert _open_points(second) == {"Camille Martin": 3.0, "=Piège Formule": 1.0, 'Zoé "la Rapide" Durand': 2.0}
    assert grid.read_bytes() == filled and second["nouvelle_grille"] is None and second["provisoires"] == 0
    # A late copy arrives: only it goes to a new grid; the filled one is never rewritten.
    (copies / "tard.json").write_text(json_copie(nouvelle_copie("module-8", "Léa Tardive", {OPEN: "x"})),
                                      encoding="utf-8")
    third = plan.corriger_dossier(copies, out)
    assert grid.read_bytes() == filled
    assert third["nouvelle_grille"] == out / "grille_a_remplir-2.csv"
    assert [r["apprenant"] for r in _rows(out / "grille_a_remplir-2.csv")] == ["Léa Tardive"]
    assert _open_points(third)["Camille Martin"] == 3.0 and third["provisoires"] == 1
    carnet = _rows(out / "carnet.csv")
    assert {r["apprenant"]: r["statut"] for r in carnet}["Léa Tardive"] == "provisoire"
    fourth = plan.corriger_dossier(copies, out)  # nothing new: no third grid
    assert fourth["nouvelle_grille"] is None and not (out / "grille_a_remplir-3.csv").exists()


def test_a_grid_row_matching_no_copy_is_reported_by_name_and_line(tmp_path: Path) -> None:
    copies, out = tmp_path / "copies", tmp_path / "resultats"
    _write(copies, [nouvelle_copie("module-8", "Camille Martin", {OPEN: "x"})])
    plan.corriger_dossier(copies, out)
    (tmp_path / "mienne.csv").write_text(
        "apprenant;item;achat;aide;deport;redaction\n"
        "martin CAMILLE;m8-ouverte-montage;1;1;1;1\n"        # same person: order and case
        "Camile Martin;m8-ouverte-montage;1;;;\n"            # a typo
        '"Jean ""Jo"" Dupont";m8-ouverte-montage;0,5;;;\n', encoding="utf-8")
    done = plan.corriger_dossier(copies, out, [tmp_path / "mienne.csv"])
    assert _open_points(done)["Camille Martin"] == 4.0
    problems = " | ".join(done["problemes_grille"])
    assert "mienne.csv, ligne 3 : « Camile Martin » ne correspond à aucune copie" in problems
    assert 'mienne.csv, ligne 4 : « Jean "Jo" Dupont »' in problems
    report = (out / "rapport.html").read_text(encoding="utf-8")
    assert "Camile Martin" in report and "Aucun problème" not in report


def test_refused_answers_are_listed_and_one_acceptation_regrades_the_class(tmp_path: Path) -> None:
    copies, out = tmp_path / "copies", tmp_path / "resultats"
    item = "m8-irr-deliberation-scic-regle"
    typed = {"Ana": "art. 2131-11 CGCT", "Bob": "art. 2131-11 CGCT", "Chloé": "n'importe quoi"}
    _write(copies, [nouvelle_copie("module-8", n, {item: a}) for n, a in typed.items()])
    plan.corriger_dossier(copies, out)
    refused = _rows(out / "reponses_refusees.csv")
    ours = [r for r in refused if r["item"] == item]
    assert ours[0]["reponse"] == "art. 2131-11 CGCT" and ours[0]["nombre"] == "2"
    assert ours[0]["apprenants"] == "Ana, Bob"
    # The trainer judges it right (a bare number of the right article) and accepts it once.
    (out / "acceptations.csv").write_text(f"item;reponse\n{item};Article 2131-11 du CGCT\n", encoding="utf-8")
    done = plan.corriger_dossier(copies, out)
    points = {r.apprenant: next(i for i in r.items if i.id == item) for r in done["resultats"]}
    assert points["Ana"].statut == points["Bob"].statut == "juste"
    assert "acceptée par le formateur" in points["Ana"].retour
    assert points["Chloé"].statut == "faux"
    assert [r["apprenants"] for r in _rows(out / "reponses_refusees.csv") if r["item"] == item] == ["Chloé"]


def test_unknown_item_in_acceptations_is_reported(tmp_path: Path, capsys) -> None:
    copies, out = tmp_path / "copies", tmp_path / "resultats"
    _write(copies, [nouvelle_copie("module-8", "Ana", {})])
    out.mkdir()
    (out / "acceptations.csv").write_text("item;reponse\nm8-nexiste;x\n", encoding="utf-8")
    assert main(["evaluation", "corriger", str(copies), "--sortie", str(out)]) == 0
    said = capsys.readouterr().out
    assert "acceptations.csv, ligne 2 : question « m8-nexiste » inconnue" in said


def test_results_folder_can_never_be_the_copies_folder(tmp_path: Path, capsys) -> None:
    copies = _write(tmp_path / "copies", [nouvelle_copie("module-8", "Ana", {})])
    for out in (copies, copies / "resultats", tmp_path):
        assert main(["evaluation", "corriger", str(copies), "--sortie", str(out)]) == 2
        assert "ne peut pas être le dossier des copies" in capsys.readouterr().err
    assert sorted(p.name for p in copies.iterdir()) == ["copie-000.json"]
