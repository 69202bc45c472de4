"""``piu scic``: exit statuses, JSON shape, French messages for bad files and options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from piu.core.cli import main

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "notebooks" / "scic" / "coop-velo-logistique.yaml"
BROKEN = ROOT / "notebooks" / "scic" / "a-corriger.yaml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_compliant_file_json(capsys):
    status, out, _ = run(capsys, "scic", "verifier", str(GOOD), "--json")
    payload = json.loads(out)
    assert status == 0
    assert payload["conforme"] is True and payload["manquements"] == []


def test_non_compliant_file_json(capsys):
    status, out, _ = run(capsys, "scic", "verifier", str(BROKEN), "--json")
    payload = json.loads(out)
    assert status == 1 and payload["conforme"] is False
    assert [m["regle"] for m in payload["manquements"]] == ["categorie-salaries", "capital-public",
                                                            "college-poids"]
    for breach in payload["manquements"]:
        assert set(breach) == {"regle", "message", "base_legale"}
        assert breach["message"] and "1947" in breach["base_legale"]


def test_text_output(capsys):
    status, out, _ = run(capsys, "scic", "verifier", str(BROKEN))
    assert status == 1 and "[capital-public]" in out and "Base légale" in out


def test_rules_for_a_past_day(capsys):
    status, out, _ = run(capsys, "scic", "verifier", str(GOOD), "--jour", "2010-06-01", "--json")
    assert status == 1
    assert {m["regle"] for m in json.loads(out)["manquements"]} == {"forme", "capital-public"}


@pytest.mark.parametrize(("content", "expected"), [
    ("nom: X\nforme: SAS\nassocies:\n  - nom: A\n    categorie: salaries\n    capital: -5\n",
     "ligne 6"),
    ("nom: X\nforme: SAS\nassocies:\n  - nom: A\n    categorie: robots\n    capital: 5\n",
     "« robots » inconnue"),
    ("nom: X\nforme: SAS\nassocies:\n  - nom: A\n    categorie: salaries\n",
     "« capital » manquant"),
    ("nom: X\nforme: SAS\nassocies:\n  - nom: A\n    categorie: salaries\n    capital: 5\n"
     "    college: Fantôme\n", "collège « Fantôme » inconnu"),
    ("nom: [X\n", "YAML illisible"),
    ("nom: X\nforme: SAS\nassocies:\n  - nom: A\n    categorie: salaries\n    capital: 5\n"
     "  - nom: A\n    categorie: beneficiaires\n    capital: 5\n",
     "ligne 7 : associé n° 2 : le nom « A » est déjà celui de l'associé n° 1, ligne 4"),
    ("nom: X\nforme: SAS\nassocies: &a [ {nom: A, categorie: salaries, capital: 1}, *a ]\n",
     "ligne 3 : les renvois YAML"),
    ("nom: X\nforme: SAS\nassocies:\n\t- nom: A\n", "tabulation"),
])
def test_malformed_file_exit_2(capsys, tmp_path, content, expected):
    path = tmp_path / "scic.yaml"
    path.write_text(content, encoding="utf-8")
    status, out, err = run(capsys, "scic", "verifier", str(path), "--json")
    assert status == 2 and out == ""
    assert expected in err and "scic.yaml" in err and "Traceback" not in err


def test_day_before_the_scic_status_exists(capsys):
    status, out, err = run(capsys, "scic", "verifier", str(GOOD), "--jour", "2000-01-01")
    assert status == 2 and out == "" and "Traceback" not in err
    assert "n'existe que depuis le 18/07/2001 (loi n° 2001-624 du 17/07/2001)" in err
    assert "forme-SA" not in err


def test_missing_file_and_bad_options(capsys, tmp_path):
    status, _, err = run(capsys, "scic", "verifier", str(tmp_path / "absent.yaml"))
    assert status == 2 and "introuvable" in err
    status, _, err = run(capsys, "scic", "verifier", str(GOOD), "--jour", "hier")
    assert status == 2 and "AAAA-MM-JJ" in err
    status, _, err = run(capsys, "scic", "verifier")
    assert status == 2 and "obligatoire" in err


def test_votes_command(capsys):
    status, out, _ = run(capsys, "scic", "voix", str(GOOD), "--json")
    payload = json.loads(out)
    assert status == 0
    assert sum(r["voix_pct"] for r in payload["associes"]) == pytest.approx(100)
    two_thirds = next(b for b in payload["blocages"] if b["majorite"] == "deux-tiers")
    assert {"type": "le collège", "nom": "Salariés", "voix_pct": 40.0} in two_thirds["seuls"]
    status, out, _ = run(capsys, "scic", "voix", str(GOOD))
    assert "13,3 % des voix" in out


def test_surplus_command(capsys):
    status, out, _ = run(capsys, "scic", "excedent", str(GOOD), "--excedent", "20 000 €",
                         "--tmo", "3,5", "--taux", "8", "--json")
    payload = json.loads(out)
    assert status == 0 and payload["plafond_interet_pct"] == pytest.approx(5.5)
    assert [p["montant"] for p in payload["postes"]] == [3000, 8500, 3987.5, 4512.5]
    status, _, err = run(capsys, "scic", "excedent", str(GOOD), "--excedent", "-1", "--tmo", "3")
    assert status == 2 and "rien à répartir" in err
    status, _, err = run(capsys, "scic", "excedent", str(GOOD), "--excedent", "1000")
    assert status == 2 and "--tmo" in err


def test_verifier_json_and_text_carry_the_deport_vigilance(capsys):
    # The example SCIC has collectivités among its associés: the déport of their elected
    # representatives is a « point de vigilance » of every report.
    code, out, _ = run(capsys, "scic", "verifier", str(GOOD), "--json")
    assert code == 0
    vigilances = {v["id"]: v for v in json.loads(out)["vigilances"]}
    assert "L1111-6" in vigilances["deport-elus"]["base_legale"]
    code, out, _ = run(capsys, "scic", "verifier", str(GOOD))
    assert "Point de vigilance" in out and "432-12" in out
