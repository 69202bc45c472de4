"""The final evaluation in the web book: one page, and a hand-in message that says what to do.

After « Remettre ma copie », the learner must know that the file is on their PC, that it must
be sent to the trainer (and how), and how many items are left unanswered (issue 26). The answers
are kept in the browser as they are typed (a reload loses nothing, two tabs agree, a stale tab
never erases newer answers), can be erased after a confirmation, and a copy with unanswered
items is downloaded only after the learner confirms in an in-page dialog (issue 22).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.book.test_navigateur import url
from tests.book.test_vocabulaire import learner_pages

pytestmark = pytest.mark.navigateur


def test_une_seule_page_pour_l_evaluation_finale(livre: Path) -> None:
    def title(page: Path) -> str:
        h1 = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").h1
        return h1.get_text() if h1 else ""

    titled = [page.relative_to(livre).as_posix() for page in learner_pages(livre) if "Évaluation finale" in title(page)]
    assert titled == ["book/module8/chapitre.html"], titled
    text = (livre / "book/module8/chapitre.html").read_text(encoding="utf-8")
    assert "Vos réponses comptent dans votre progression" not in text
    assert "répondez dans la page du module 8" not in text


def test_remettre_ma_copie_dit_quoi_faire_du_fichier(livre: Path, page: object) -> None:
    page.goto(url(livre, "book/module8/chapitre.html"))  # type: ignore[attr-defined]
    form = page.locator("form.piu-evaluation")  # type: ignore[attr-defined]
    items = form.locator(".piu-eval-item").count()
    assert items > 5
    form.locator("input[name=piu-apprenant]").fill("Marie Dupont")
    form.locator(".piu-eval-item[data-type=choix-unique] input").first.check()
    form.get_by_role("button", name="Remettre ma copie").click()
    with page.expect_download() as download:  # type: ignore[attr-defined]
        page.get_by_role("button", name="Télécharger quand même").click()  # type: ignore[attr-defined]
    assert download.value.suggested_filename == "copie-marie-dupont.json"
    message = form.locator(".piu-retour").inner_text()
    assert "enregistrée sur ce poste" in message and "copie-marie-dupont.json" in message
    assert "Envoyez ce fichier à votre formateur" in message and "courriel" in message
    assert f"{items - 1} questions sont restées sans réponse" in message


HOSTILE = '<img src=x onerror="window.piuPirate=1">'


def _open(context: object, livre: Path) -> object:
    tab = context.new_page()  # type: ignore[attr-defined]
    tab.errors = []
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    tab.goto(url(livre, "book/module8/chapitre.html"))
    return tab


def _first(tab: object, kind: str) -> object:
    return tab.locator(f"form.piu-evaluation .piu-eval-item[data-type={kind}]").first  # type: ignore[attr-defined]


def test_les_reponses_reviennent_apres_un_rechargement(livre: Path, page: object) -> None:
    page.goto(url(livre, "book/module8/chapitre.html"))  # type: ignore[attr-defined]
    form = page.locator("form.piu-evaluation")  # type: ignore[attr-defined]
    form.locator("input[name=piu-apprenant]").fill(HOSTILE)
    _first(page, "choix-unique").locator("input").nth(2).check()
    _first(page, "choix-multiple").locator("input").nth(0).check()
    _first(page, "texte").locator("input").fill("L. 1111-10 " + HOSTILE)
    _first(page, "ouverte").locator("textarea").fill("Ligne 1\n" + HOSTILE + "\n« fin »")
    _first(page, "association").locator("select").first.select_option(index=1)
    assert "gardées dans ce navigateur" in form.locator(".piu-sauvegarde").inner_text()
    page.reload()  # type: ignore[attr-defined]
    form = page.locator("form.piu-evaluation")  # type: ignore[attr-defined]
    assert form.locator("input[name=piu-apprenant]").input_value() == HOSTILE
    assert _first(page, "choix-unique").locator("input").nth(2).is_checked()
    assert not _first(page, "choix-unique").locator("input").nth(0).is_checked()
    assert _first(page, "choix-multiple").locator("input").nth(0).is_checked()
    assert _first(page, "texte").locator("input").input_value() == "L. 1111-10 " + HOSTILE
    assert _first(page, "ouverte").locator("textarea").input_value() == "Ligne 1\n" + HOSTILE + "\n« fin »"
    assert _first(page, "association").locator("select").first.evaluate("s => s.selectedIndex") == 1
    assert "sont revenues" in form.locator(".piu-sauvegarde").inner_text()
    # The learner's text is a value, never HTML: nothing ran, no image was made of it.
    assert page.evaluate("() => window.piuPirate") is None  # type: ignore[attr-defined]
    assert page.locator("form.piu-evaluation img").count() == 0  # type: ignore[attr-defined]
    assert not page.errors  # type: ignore[attr-defined]


def test_deux_onglets_restent_d_accord_et_un_onglet_en_retard_n_efface_rien(livre: Path, browser: object) -> None:
    context = browser.new_context(locale="fr-FR")  # type: ignore[attr-defined]
    try:
        first, second = _open(context, livre), _open(context, livre)
        _first(first, "texte").locator("input").fill("L. 1111-10")
        second.wait_for_function(
            "() => document.querySelector('.piu-eval-item[data-type=texte] input').value === 'L. 1111-10'")
        _first(second, "choix-unique").locator("input").nth(1).check()
        first.wait_for_function(
            "() => document.querySelectorAll('.piu-eval-item[data-type=choix-unique]')[0]"
            ".querySelectorAll('input')[1].checked")
        # The second tab changes the text; the first one still shows an older text (a tab frozen
        # in the background, which missed the change: its field is set without any event)...
        _first(second, "texte").locator("input").fill("art. L. 1111-6 du CGCT")
        first.wait_for_function(
            "() => document.querySelector('.piu-eval-item[data-type=texte] input').value === 'art. L. 1111-6 du CGCT'")
        first.evaluate("() => { document.querySelector('.piu-eval-item[data-type=texte] input')"
                       ".value = 'L. 1111-10'; }")
        # ...then the learner answers another item there: the newer text is not erased.
        _first(first, "numerique").locator("input").fill("25 000")
        first.reload()
        assert _first(first, "texte").locator("input").input_value() == "art. L. 1111-6 du CGCT"
        assert _first(first, "numerique").locator("input").input_value() == "25 000"
        second.wait_for_function(
            "() => document.querySelector('.piu-eval-item[data-type=numerique] input').value === '25 000'")
        assert _first(second, "texte").locator("input").input_value() == "art. L. 1111-6 du CGCT"
        assert not first.errors and not second.errors
    finally:
        context.close()


def test_une_copie_incomplete_n_est_telechargee_qu_apres_confirmation(livre: Path, page: object) -> None:
    downloads: list[object] = []
    page.on("download", lambda d: downloads.append(d))  # type: ignore[attr-defined]
    page.goto(url(livre, "book/module8/chapitre.html"))  # type: ignore[attr-defined]
    form = page.locator("form.piu-evaluation")  # type: ignore[attr-defined]
    items = form.locator(".piu-eval-item").count()
    form.locator("input[name=piu-apprenant]").fill("Marie Dupont")
    form.locator(".piu-eval-item").first.locator("input").first.check()
    form.get_by_role("button", name="Remettre ma copie").click()
    dialog = page.locator("dialog.piu-dialogue")  # type: ignore[attr-defined]
    assert dialog.is_visible()
    text = dialog.inner_text()
    assert f"{items - 1} questions sont sans réponse" in text
    assert dialog.locator("li").count() == items - 1
    second_label = form.locator(".piu-eval-item").nth(1).locator(".piu-etiquette").inner_text()
    assert dialog.locator("li").first.inner_text() == second_label
    page.get_by_role("button", name="Revenir aux questions").click()  # type: ignore[attr-defined]
    assert dialog.count() == 0 and not downloads
    focused = page.evaluate("() => document.activeElement.closest('.piu-eval-item').dataset.id")  # type: ignore[attr-defined]
    assert focused == form.locator(".piu-eval-item").nth(1).get_attribute("data-id")
    assert form.locator(".piu-retour").inner_text() == ""
    form.get_by_role("button", name="Remettre ma copie").click()
    with page.expect_download() as download:  # type: ignore[attr-defined]
        page.get_by_role("button", name="Télécharger quand même").click()  # type: ignore[attr-defined]
    copy = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    first_id = form.locator(".piu-eval-item").first.get_attribute("data-id")
    assert copy["apprenant"] == "Marie Dupont" and list(copy["reponses"]) == [first_id]
    assert len(downloads) == 1


def test_effacer_mes_reponses_demande_confirmation(livre: Path, browser: object) -> None:
    context = browser.new_context(locale="fr-FR")  # type: ignore[attr-defined]
    try:
        tab, other = _open(context, livre), _open(context, livre)
        tab.locator("input[name=piu-apprenant]").fill("Marie Dupont")
        _first(tab, "texte").locator("input").fill("CJUE Lianakis")
        other.wait_for_function(
            "() => document.querySelector('.piu-eval-item[data-type=texte] input').value === 'CJUE Lianakis'")
        tab.get_by_role("button", name="Effacer mes réponses").click()
        tab.get_by_role("button", name="Annuler").click()
        assert _first(tab, "texte").locator("input").input_value() == "CJUE Lianakis"
        tab.get_by_role("button", name="Effacer mes réponses").click()
        tab.locator("dialog.piu-dialogue").get_by_role("button", name="Effacer mes réponses").click()
        assert _first(tab, "texte").locator("input").input_value() == ""
        assert tab.locator("input[name=piu-apprenant]").input_value() == ""
        assert "effacées" in tab.locator(".piu-sauvegarde").inner_text()
        other.wait_for_function("() => document.querySelector('.piu-eval-item[data-type=texte] input').value === ''")
        tab.reload()
        assert _first(tab, "texte").locator("input").input_value() == ""
        assert tab.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('piu-evaluation'))") == []
    finally:
        context.close()


def test_le_formulaire_distribue_d_une_seance_garde_ses_reponses_a_part(tmp_path: Path, page: object) -> None:
    """The standalone form of a session's subset (``piu evaluation distribuer --objectifs``), opened
    from the disk as a remote learner would: answers kept across a reload, under the subset's own
    key, never mixed with the whole evaluation's answers."""
    from piu.examen.plan import distribuer

    distribuer(tmp_path / "seance", objectifs=["m8-o1"])
    page.goto((tmp_path / "seance" / "evaluation.html").as_uri())  # type: ignore[attr-defined]
    form = page.locator("form.piu-evaluation")  # type: ignore[attr-defined]
    assert 0 < form.locator(".piu-eval-item").count() < 10
    form.locator("input[name=piu-apprenant]").fill("Léa Girard")
    form.locator(".piu-eval-item").first.locator("input").first.check()
    page.reload()  # type: ignore[attr-defined]
    assert form.locator("input[name=piu-apprenant]").input_value() == "Léa Girard"
    assert form.locator(".piu-eval-item").first.locator("input").first.is_checked()
    keys = page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('piu-evaluation'))")  # type: ignore[attr-defined]
    assert len(keys) == 1 and keys[0].startswith("piu-evaluation-v1:module-8/m8-o1:")
    assert not page.errors  # type: ignore[attr-defined]
