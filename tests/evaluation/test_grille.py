"""Module 2: the multi-criteria grid against hand-computed examples, its sensitivity, and
the bad inputs of ``piu grille``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from piu.core.cli import main
from piu.evaluation.grille import Grille, GrilleInvalide, lire_grille

ROOT = Path(__file__).resolve().parents[2]
EXEMPLE = ROOT / "notebooks" / "grilles" / "livraison-centre-ville.csv"


def ecrire(tmp_path: Path, texte: str, nom: str = "grille.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / nom
    path.write_text(texte, encoding=encoding)
    return path


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["grille", *args])
    out, err = capsys.readouterr()
    return status, out, err


# -- hand-computed examples -------------------------------------------------------------------
def test_moyenne_ponderee_calculee_a_la_main(tmp_path: Path) -> None:
    # Weights 2 and 1 normalise to 2/3 and 1/3.
    # A: (4×2 + 1×1)/3 = 3 ; B: (2×2 + 5×1)/3 = 3 ; C: (5×2 + 2×1)/3 = 4.
    grid = lire_grille(ecrire(tmp_path, "critere,poids,A,B,C\nusage,2,4,2,5\ncout,1,1,5,2\n"))
    assert grid.classement() == [{"option": "C", "score": pytest.approx(4)},
                                 {"option": "A", "score": pytest.approx(3)},
                                 {"option": "B", "score": pytest.approx(3)}]
    assert grid.rangs() == {"A": 2, "B": 2, "C": 1}


def test_poids_normalises_quelle_que_soit_leur_somme(tmp_path: Path) -> None:
    en_pourcent = lire_grille(ecrire(tmp_path, "critere,poids,A,B\nx,60,4,2\ny,40,1,5\n", "a.csv"))
    en_fraction = lire_grille(ecrire(tmp_path, "critere,poids,A,B\nx,0.6,4,2\ny,0.4,1,5\n", "b.csv"))
    brut = lire_grille(ecrire(tmp_path, "critere,poids,A,B\nx,3,4,2\ny,2,1,5\n", "c.csv"))
    for grid in (en_pourcent, en_fraction, brut):
        assert grid.poids_normalises == pytest.approx({"x": 0.6, "y": 0.4})
        # A: 0.6×4 + 0.4×1 = 2.8 ; B: 0.6×2 + 0.4×5 = 3.2
        assert grid.scores() == pytest.approx({"A": 2.8, "B": 3.2})


def test_exemple_du_cours() -> None:
    grid = lire_grille(EXEMPLE)
    ranking = grid.classement()
    # Fourgons électriques: (25×5 + 20×4 + 20×3 + 15×3 + 10×4 + 10×4)/100 = 3.90
    # Vélos cargo:          (25×3 + 20×5 + 20×4 + 15×4 + 10×3 + 10×3)/100 = 3.75
    # Fourgons diesel:      (25×5 + 20×1 + 20×3 + 15×2 + 10×5 + 10×5)/100 = 3.35
    assert [r["option"] for r in ranking] == ["Fourgons électriques", "Vélos cargo",
                                               "Fourgons diesel"]
    assert [r["score"] for r in ranking] == pytest.approx([3.90, 3.75, 3.35])


def test_inversion_calculee_a_la_main() -> None:
    grid = lire_grille(EXEMPLE)
    inv = grid.inversion()
    # Lead of the electric vans: Σ w·d = 50 − 20 − 20 − 15 + 10 + 10 = 15 points.
    # « Réponse au besoin » (d = 2): the tie is at 25 − 15/2 = 17.5, share 17.5/92.5.
    assert inv is not None
    assert inv.critere == "Réponse au besoin"
    assert inv.sens == "diminuer"
    assert inv.poids_bascule == pytest.approx(17.5)
    assert inv.part_bascule == pytest.approx(17.5 / 92.5)
    # Check the claim: just beyond the tie the order is reversed, just before it is not.
    poids = list(grid.poids)
    poids[0] = 17.4
    assert max(grid.scores(poids), key=grid.scores(poids).get) == "Vélos cargo"
    poids[0] = 17.6
    assert max(grid.scores(poids), key=grid.scores(poids).get) == "Fourgons électriques"


def test_toutes_les_inversions_sont_des_egalites() -> None:
    grid = lire_grille(EXEMPLE)
    first, second = (r["option"] for r in grid.classement()[:2])
    for inv in grid.inversions():
        poids = list(grid.poids)
        poids[grid.criteres.index(inv.critere)] = inv.poids_bascule
        scores = grid.scores(poids)
        assert scores[first] == pytest.approx(scores[second])


def test_pas_d_inversion_si_les_deux_premieres_sont_notees_pareil(tmp_path: Path) -> None:
    grid = lire_grille(ecrire(tmp_path, "critere,poids,A,B\nx,1,3,3\ny,1,3,3\n"))
    assert grid.inversion() is None


# -- sensitivity ------------------------------------------------------------------------------
def test_stabilite_reproductible_avec_une_graine() -> None:
    grid = lire_grille(EXEMPLE)
    assert grid.stabilite(500, 0.3, graine=7) == grid.stabilite(500, 0.3, graine=7)
    assert grid.stabilite(500, 0.5, graine=1) != grid.stabilite(500, 0.5, graine=2)


def test_stabilite_est_une_part_qui_somme_a_un() -> None:
    shares = lire_grille(EXEMPLE).stabilite(400, 0.5)
    assert all(0 <= v <= 1 for v in shares.values())
    assert sum(shares.values()) == pytest.approx(1)


def test_amplitude_nulle_donne_le_premier_a_coup_sur() -> None:
    grid = lire_grille(EXEMPLE)
    assert grid.stabilite(50, 0.0) == {"Vélos cargo": 0.0, "Fourgons électriques": 1.0,
                                       "Fourgons diesel": 0.0}


def test_option_dominee_n_est_jamais_premiere(tmp_path: Path) -> None:
    grid = lire_grille(ecrire(tmp_path, "critere,poids,A,B\nx,1,5,1\ny,3,4,2\nz,2,3,3\n"))
    assert grid.stabilite(300, 1.0) == {"A": 1.0, "B": 0.0}


# -- property: a uniform increase of one option's scores never lowers its rank ----------------
grids = st.integers(min_value=1, max_value=6).flatmap(lambda n_crit: st.integers(2, 5).flatmap(
    lambda n_opt: st.tuples(
        st.lists(st.floats(0, 100, allow_nan=False), min_size=n_crit, max_size=n_crit).filter(
            lambda w: sum(w) > 0),
        st.lists(st.lists(st.floats(0, 10, allow_nan=False), min_size=n_opt, max_size=n_opt),
                 min_size=n_crit, max_size=n_crit),
        st.integers(0, n_opt - 1),
        st.floats(0.001, 10, allow_nan=False))))


@settings(max_examples=300, deadline=None)
@given(grids)
def test_hausse_uniforme_ne_fait_jamais_reculer(case: tuple) -> None:
    weights, notes, target, bonus = case
    options = tuple(f"O{i}" for i in range(len(notes[0])))
    criteria = tuple(f"C{i}" for i in range(len(weights)))
    before = Grille(criteria, tuple(weights), options, tuple(map(tuple, notes)))
    raised = [[v + bonus if j == target else v for j, v in enumerate(row)] for row in notes]
    after = Grille(criteria, tuple(weights), options, tuple(map(tuple, raised)))
    assert after.rangs()[options[target]] <= before.rangs()[options[target]]
    position = [r["option"] for r in before.classement()].index(options[target])
    position_after = [r["option"] for r in after.classement()].index(options[target])
    assert position_after <= position


# -- reading files ----------------------------------------------------------------------------
def test_point_virgule_et_virgule_decimale(tmp_path: Path) -> None:
    grid = lire_grille(ecrire(tmp_path, "Critère;Poids;A;B\nx;1,5;2,5;3\ny;0,5;4;1\n"))
    assert grid.scores() == pytest.approx({"A": (1.5 * 2.5 + 0.5 * 4) / 2, "B": (4.5 + 0.5) / 2})


def test_fichier_excel_windows(tmp_path: Path) -> None:
    path = ecrire(tmp_path, "critere;poids;Réemploi;Neuf\nDurée;1;4;5\n", encoding="cp1252")
    assert lire_grille(path).options == ("Réemploi", "Neuf")


@pytest.mark.parametrize(("contenu", "attendu"), [
    ("critere,poids,A,B\nx,1,,3\n", "note manquante"),
    ("critere,poids,A,B\nx,1,2\n", "note manquante"),
    ("critere,poids,A,B\nx,-2,2,3\n", "négatif"),
    ("critere,poids,A,B\nx,,2,3\n", "poids manquant"),
    ("critere,poids,A,B\nx,1,deux,3\n", "colonne « A »"),
    ("crit,poids,A,B\nx,1,2,3\n", "colonne 1 « crit » inconnue"),
    ("critere,ponderation,A,B\nx,1,2,3\n", "colonne 2 « ponderation » inconnue"),
    ("critere,poids,A,,B\nx,1,2,3,4\n", "n'a pas de nom"),
    ("critere,poids,A,poids\nx,1,2,3\n", "inconnue"),
    ("critere,poids,A,B\nx,1,2,3,4\n", "colonne sans en-tête est inconnue"),
    ("critere,poids,A,A\nx,1,2,3\n", "deux fois"),
    ("critere,poids,A,B\nx,1,2,3\nx,1,2,3\n", "deux fois"),
    ("critere,poids,A,B\nx,0,2,3\n", "somme des poids est nulle"),
    ("critere,poids\nx,1\n", "aucune option"),
    ("critere,poids,A,B\n", "aucun critère"),
    ("", "vide"),
])
def test_mauvaises_grilles(tmp_path: Path, contenu: str, attendu: str) -> None:
    with pytest.raises(GrilleInvalide, match=attendu):
        lire_grille(ecrire(tmp_path, contenu))


# -- command line -----------------------------------------------------------------------------
def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, str(EXEMPLE), "--json")
    assert status == 0
    result = json.loads(out)
    assert [r["option"] for r in result["classement"]] == ["Fourgons électriques", "Vélos cargo",
                                                            "Fourgons diesel"]
    assert result["classement"][0]["score"] == pytest.approx(3.9)
    assert set(result["stabilite"]) == {"Vélos cargo", "Fourgons électriques", "Fourgons diesel"}
    assert sum(result["stabilite"].values()) == pytest.approx(1)
    assert result["inversion"]["critere"] == "Réponse au besoin"


def test_cli_json_reproductible(capsys: pytest.CaptureFixture[str]) -> None:
    first = run_cli(capsys, str(EXEMPLE), "--json", "--amplitude", "50 %", "--graine", "3")[1]
    second = run_cli(capsys, str(EXEMPLE), "--json", "--amplitude", "0,5", "--graine", "3")[1]
    assert first == second
    assert json.loads(first)["sensibilite"] == {"tirages": 1000, "amplitude": 0.5, "graine": 3}


def test_cli_texte(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, str(EXEMPLE))
    assert status == 0
    assert "1. Fourgons électriques : 3,90" in out
    assert "Bascule :" in out


@pytest.mark.parametrize(("contenu", "attendu"), [
    ("critere,poids,A,B\nx,1,,3\n", "note manquante"),
    ("critere,poids,A,B\nx,-1,2,3\n", "négatif"),
    ("critere,poids,A,B,\nx,1,2,3,4\n", "n'a pas de nom"),
    ("criteres,poids,A,B\nx,1,2,3\n", "inconnue"),
])
def test_cli_mauvaise_grille_statut_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      contenu: str, attendu: str) -> None:
    status, out, err = run_cli(capsys, str(ecrire(tmp_path, contenu)), "--json")
    assert status == 2
    assert out == ""
    assert attendu in err
    assert "Traceback" not in err


@pytest.mark.parametrize("args", [
    ["/nulle/part.csv"],
    [str(EXEMPLE), "--amplitude", "2"],
    [str(EXEMPLE), "--amplitude", "beaucoup"],
    [str(EXEMPLE), "--tirages", "0"],
    [str(EXEMPLE), "--tirages", "dix"],
    [str(EXEMPLE), "--inconnue"],
])
def test_cli_mauvais_arguments_statut_2(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    status, _, err = run_cli(capsys, *args)
    assert status == 2
    assert err.startswith("piu : ")


def test_egalite_des_deux_premieres(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = ecrire(tmp_path, "critere,poids,A,B\nx,1,5,1\ny,1,1,5\n")
    grid = lire_grille(path)
    assert grid.inversion() is None
    assert grid.resultat()["egalite"] is True
    status, out, _ = run_cli(capsys, str(path))
    assert status == 0 and "à égalité" in out


def test_trop_de_tirages_refuse(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run_cli(capsys, str(EXEMPLE), "--tirages", "1000000000")
    assert status == 2 and "tirages" in err


# -- ties: one tolerance everywhere, fair shares ------------------------------------------------
@pytest.mark.parametrize(("poids", "a", "b"), [
    # 0,3×1 + 0,3×1 + 0,4×4 = 2,2 = 0,3×1 + 0,3×5 + 0,4×1, but not in floating point
    ((0.3, 0.3, 0.4), (1, 1, 4), (1, 5, 1)),
    # 0,6×1 + 0,4×4 = 2,2 = 0,6×3 + 0,4×1
    ((0.6, 0.4), (1, 4), (3, 1)),
])
def test_egalite_exacte_brouillee_par_les_flottants(poids: tuple, a: tuple, b: tuple) -> None:
    criteria = tuple(f"c{i}" for i in range(len(poids)))
    grid = Grille(criteria, poids, ("A", "B"), tuple(zip(a, b, strict=True)))
    result = grid.resultat(tirages=10)
    assert result["egalite"] is True
    assert result["inversion"] is None
    assert grid.rangs() == {"A": 1, "B": 1}
    assert [r["option"] for r in grid.classement()] == ["A", "B"]  # file order


def test_options_identiques_se_partagent_la_premiere_place(tmp_path: Path) -> None:
    grid = lire_grille(ecrire(tmp_path, "critere,poids,A,B,C\nx,0.6,4,4,1\ny,0.4,2,2,5\n"))
    shares = grid.stabilite(500, 0.3)
    # A and B are identical: in every draw they tie, each gets half of the draws C does not win
    assert shares["A"] == pytest.approx(shares["B"])
    assert sum(shares.values()) == pytest.approx(1)
    assert lire_grille(ecrire(tmp_path, "critere,poids,A,B\nx,1,3,3\n", "b.csv")).stabilite(
        20, 0.5) == {"A": 0.5, "B": 0.5}


def test_egalite_parfaite_a_amplitude_nulle_partagee(tmp_path: Path) -> None:
    grid = Grille(("c0", "c1", "c2"), (0.3, 0.3, 0.4), ("A", "B"), ((1, 1), (1, 5), (4, 1)))
    assert grid.stabilite(10, 0.0) == {"A": 0.5, "B": 0.5}


# -- full ranking stability and zero weights ----------------------------------------------------
def test_classement_complet_stable(tmp_path: Path) -> None:
    dominated = lire_grille(ecrire(tmp_path, "critere,poids,A,B,C\nx,1,5,3,1\ny,1,5,3,1\n"))
    assert dominated.classement_stable(200, 1.0) == 1.0
    grid = lire_grille(EXEMPLE)
    full = grid.classement_stable(1000, 0.5)
    # the full ranking is unchanged less often than the winner stays first
    assert 0 < full <= grid.stabilite(1000, 0.5)["Fourgons électriques"]
    # hand check on the draws themselves
    draws = grid.tirages_poids(1000, 0.5)
    kept = sum([r for r in sorted(grid.scores(d), key=grid.scores(d).get, reverse=True)]
               == ["Fourgons électriques", "Vélos cargo", "Fourgons diesel"] for d in draws)
    assert full == pytest.approx(kept / 1000)


def test_poids_nul_ne_bouge_jamais(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = ecrire(tmp_path, "critere,poids,A,B\nx,1,5,1\ny,0,1,5\n")
    grid = lire_grille(path)
    assert (grid.tirages_poids(100, 1.0)[:, 1] == 0).all()
    assert grid.poids_nuls() == ["y"]
    status, out, _ = run_cli(capsys, str(path))
    assert status == 0 and "« y » a un poids nul" in out


def test_cli_json_classement_stable(capsys: pytest.CaptureFixture[str]) -> None:
    result = json.loads(run_cli(capsys, str(EXEMPLE), "--json")[1])
    assert {"classement", "stabilite", "classement_stable"} <= set(result)
    assert 0 <= result["classement_stable"] <= 1


# -- files from Excel ----------------------------------------------------------------------------
@pytest.mark.parametrize("contenu", [";;;\n;;;\n", ",,,\n", " ; ; \n\n"])
def test_fichier_de_separateurs_seuls(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      contenu: str) -> None:
    path = ecrire(tmp_path, contenu)
    with pytest.raises(GrilleInvalide, match="le fichier est vide"):
        lire_grille(path)
    status, out, err = run_cli(capsys, str(path))
    assert status == 2 and out == "" and "le fichier est vide" in err and "Traceback" not in err


def test_colonnes_vides_d_excel_ignorees(tmp_path: Path) -> None:
    grid = lire_grille(ecrire(tmp_path, "critere;poids;A;B;;\nx;1;2;3;;\ny;1;4;1;;\n;;;;;\n"))
    assert grid.options == ("A", "B")
    assert grid.scores() == pytest.approx({"A": 3, "B": 2})
    # a column with a value somewhere is not empty: still refused
    with pytest.raises(GrilleInvalide, match="n'a pas de nom"):
        lire_grille(ecrire(tmp_path, "critere;poids;A;B;;\nx;1;2;3;;7\n", "b.csv"))


# -- command line: seed, amplitude, French wording --------------------------------------------
@pytest.mark.parametrize(("args", "option"), [
    (["--graine", "-1"], "--graine"),
    (["--amplitude", "nan"], "--amplitude"),
    (["--amplitude", "inf"], "--amplitude"),
    (["--amplitude", "-0,1"], "--amplitude"),
])
def test_cli_graine_et_amplitude_invalides(capsys: pytest.CaptureFixture[str], args: list[str],
                                           option: str) -> None:
    status, out, err = run_cli(capsys, str(EXEMPLE), *args)
    assert status == 2 and out == ""
    assert err.startswith(f"piu : {option} : ") and "Traceback" not in err


def test_graine_negative_refusee_par_le_moteur() -> None:
    with pytest.raises(GrilleInvalide, match="graine"):
        lire_grille(EXEMPLE).stabilite(10, 0.2, graine=-1)


def test_cli_francais(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                      monkeypatch: pytest.MonkeyPatch) -> None:
    out = run_cli(capsys, str(ecrire(tmp_path, "critere,poids,A,B\nx,1,5,1\n")))[1]
    assert "(1 critère, poids normalisés)" in out
    assert "1\u202f000 tirages" in out
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["grille", "--aide"]) == 0  # the help is a status, not an exception, in-process too
    aide = capsys.readouterr().out
    assert "par défaut 0,2," in aide and "0.2" not in aide
    assert "par défaut 1\u202f000)" in aide


def test_nom_d_option_en_double(tmp_path: Path) -> None:
    with pytest.raises(GrilleInvalide, match="Le nom d'option « A »"):
        lire_grille(ecrire(tmp_path, "critere,poids,A,A\nx,1,2,3\n"))
