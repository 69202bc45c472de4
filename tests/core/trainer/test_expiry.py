"""``piu donnees echeances``: a row planted to expire is found, bad options exit 2, CI only warns."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from piu.core.cli import main
from piu.core.trainer.expiry import add_months, expiring_rows, pending_checks

ROOT = Path(__file__).resolve().parents[3]

PLANTED = ('seuils-plante,Seuil planté pour le test (strictement inférieur à),tous,tous,12345,,'
           'CCP art. R0000-0,Source du test,https://example.invalid/,2026-01-01,2026-09-30,'
           '"Montant à vérifier (relevé du 01/02/2026)."\n')


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of data/ (and the pages) with one threshold planted to end on 30/09/2026."""
    copy = tmp_path / "cours"
    shutil.copytree(ROOT / "data", copy / "data")
    (copy / "book").mkdir()
    (copy / "book" / "page.md").write_text("# Page\n\nUn taux encore à confirmer,\nnoté le 15/03/2026.\n",
                                            encoding="utf-8")
    with (copy / "data" / "seuils.csv").open("a", encoding="utf-8") as handle:
        handle.write(PLANTED)
    monkeypatch.setenv("PIU_RACINE", str(copy))
    return copy


def test_add_months_clamps_to_the_end_of_the_month() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 12, 3), 13) == date(2028, 1, 3)
    assert add_months(date(2026, 6, 1), 0) == date(2026, 6, 1)


def test_the_planted_row_is_found_only_inside_the_window(course: Path) -> None:
    soon = expiring_rows(date(2026, 6, 1), 6)
    planted = [r for r in soon if r.id == "seuils-plante"]
    assert len(planted) == 1 and planted[0].table == "seuils"
    assert planted[0].valid_to == date(2026, 9, 30) and not planted[0].successeur
    assert not [r for r in expiring_rows(date(2026, 6, 1), 3) if r.id == "seuils-plante"]
    assert not [r for r in expiring_rows(date(2026, 10, 1), 12) if r.id == "seuils-plante"]


def test_a_row_with_a_successor_says_so(course: Path) -> None:
    rows = {r.id: r for r in expiring_rows(date(2026, 1, 1), 3) if r.table == "seuils"}
    # 40 000 € until 31/03/2026, then the row of the decree of 29/12/2025 from 01/04/2026.
    assert rows["dispense-fournitures-services"].successeur


def test_pending_checks_carry_their_date(course: Path) -> None:
    checks = pending_checks()
    planted = [c for c in checks if c.fichier == "data/seuils.csv" and "Montant à vérifier" in c.extrait]
    assert planted and planted[0].date == date(2026, 2, 1)
    page = [c for c in checks if c.fichier == "book/page.md"]
    assert page and page[0].ligne == 3 and page[0].date == date(2026, 3, 15)


def test_the_command_warns_but_exits_0(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["donnees", "echeances", "--date", "2026-06-01", "--mois", "6"]) == 0
    out = capsys.readouterr().out
    assert "Attention" in out and "seuils / seuils-plante : jusqu'au 30/09/2026" in out
    assert "AUCUNE LIGNE NE PREND LA SUITE" in out
    assert main(["donnees", "echeances", "--date", "2026-06-01", "--mois", "6", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {"table": "seuils", "id": "seuils-plante", "valid_to": "2026-09-30", "successeur": False,
            "libelle": "Seuil planté pour le test (strictement inférieur à)", "suite": ""} in report["echeances"]
    assert any(c["fichier"] == "book/page.md" and c["date"] == "2026-03-15" for c in report["a_verifier"])


def test_nothing_expiring_is_said_plainly(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["donnees", "echeances", "--date", "2030-01-01", "--mois", "1"]) == 0
    assert "Aucune ligne de data/ ne cesse de s'appliquer du 01/01/2030 au 01/02/2030" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "message"), [
    (["--mois", "six"], "« six » n'est pas un nombre entier de mois"),
    (["--mois", "-1"], "donnez un nombre entre 0 et 120"),
    (["--date", "01/06/2026"], "AAAA-MM-JJ"),
    (["--jours", "3"], "option ou argument inconnu : --jours"),
])
def test_bad_options_exit_2_in_french(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["donnees", "echeances", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_broken_data_file_is_a_clear_error(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with (course / "data" / "seuils.csv").open("a", encoding="utf-8") as handle:
        handle.write("x,y,tous,tous,pas-un-nombre,,b,s,u,2026-01-01,,\n")
    assert main(["donnees", "echeances"]) == 2
    assert "seuils.csv" in capsys.readouterr().err


def test_ci_runs_it_as_a_warning() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    line = next(x for x in ci.splitlines() if "donnees echeances" in x)
    assert "|| " in line  # never fails the run


def test_the_rgec_end_says_what_is_known_after_it() -> None:
    """Reg. 651/2014 ends on 31/12/2026 and no successor could be confirmed: the trainer is told so."""
    from datetime import date as day

    from piu.core.trainer.expiry import expiring_rows

    rgec = next(r for r in expiring_rows(day(2026, 12, 7), 12) if r.id == "rgec")
    assert rgec.valid_to == day(2026, 12, 31) and not rgec.successeur
    assert "n'a pas pu confirmer" in rgec.suite and "EUR-Lex" in rgec.suite
