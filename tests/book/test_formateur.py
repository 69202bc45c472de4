"""Learner and trainer builds: the learner's book holds no trainer page, the trainer's holds both."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("sommaire_formateur", ROOT / "scripts" / "sommaire_formateur.py")
sommaire = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sommaire)  # type: ignore[union-attr]


def files(toc: dict) -> list[str]:
    found = []

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                found.append(entry["file"])
            walk(entry.get("sections", []) + entry.get("chapters", []))

    for part in toc["parts"]:
        walk(part["chapters"])
    return found


def test_the_learner_table_has_no_trainer_page() -> None:
    learner = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    assert not [f for f in files(learner) if f.startswith("book/formateur")]


def test_the_trainer_table_is_the_learner_table_plus_the_trainer_pages() -> None:
    learner = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    trainer = sommaire.trainer_toc()
    assert trainer["parts"][: len(learner["parts"])] == learner["parts"]
    extra = files(trainer)[len(files(learner)):]
    assert extra and all(f.startswith("book/formateur/") for f in extra)
    assert all((ROOT / f"{f}.md").exists() or (ROOT / f"{f}.ipynb").exists() for f in extra)


def test_the_script_refuses_a_malformed_trainer_part(tmp_path: Path) -> None:
    (tmp_path / "book" / "formateur").mkdir(parents=True)
    (tmp_path / "_toc.yml").write_text((ROOT / "_toc.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "book" / "formateur" / "sommaire.yml").write_text("file: book/formateur/guide\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="une liste de parties"):
        sommaire.trainer_toc(tmp_path)


@pytest.mark.navigateur
def test_learner_build_holds_no_trainer_page(livre: Path) -> None:
    assert not (livre / "book" / "formateur").exists()
    pages = "\n".join(p.read_text(encoding="utf-8") for p in livre.rglob("*.html"))
    assert "Guide du formateur" not in pages
    assert "Guide du formateur" not in (livre / "searchindex.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def formateur(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The trainer's book, built once for this file's tests (warnings as errors), handouts dated 01/06/2025."""
    out = tmp_path_factory.mktemp("formateur")
    toc = out / "_toc-formateur.yml"
    assert sommaire.main([str(toc)]) == 0
    env = {**os.environ, "PIU_PROGRES": str(out / "progres.json"), "PIU_DATE_FICHES": "2025-06-01"}
    jb = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run([str(jb), "build", str(ROOT), "--builder", "html", "--toc", str(toc),
                             "--path-output", str(out), "-W", "-n", "--keep-going"],
                            capture_output=True, text=True, env=env, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / "_build" / "html"


@pytest.mark.navigateur
def test_trainer_build_holds_every_page(formateur: Path, livre: Path) -> None:
    html = formateur
    assert (html / "book" / "formateur" / "guide.html").exists()
    learner_pages = {p.relative_to(livre) for p in livre.rglob("*.html")
                     if "_static" not in p.parts and p.relative_to(livre).parts[0] != "lite"}
    assert learner_pages <= {p.relative_to(html) for p in html.rglob("*.html")}
    # The trainer's kit: keys for every bank question, handouts for the date set at build time.
    from piu.core.questions.bank import charger_banque
    kit = html / "book" / "formateur"
    keys = (kit / "corriges.html").read_text(encoding="utf-8")
    assert all(f'data-question="{q.id}"' in keys for q in charger_banque())
    handouts = (kit / "fiches.html").read_text(encoding="utf-8")
    assert "Règles en vigueur le <strong>01/06/2025</strong>" in handouts
    assert "221\u202f000\u00a0€\u00a0HT" in handouts and "216\u202f000\u00a0€\u00a0HT" not in handouts
    vigilances = (kit / "vigilances.html").read_text(encoding="utf-8")
    assert 'href="../module2/chapitre.html#m2-grille-attribution"' in vigilances


def _pages(pdf: bytes) -> int:
    """Pages of a PDF printed by Chromium (each page is one ``/Type /Page`` object)."""
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_the_tools_site_is_linked_into_the_trainers_book(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("outils_formateur", ROOT / "scripts" / "outils_formateur.py")
    tools = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tools)  # type: ignore[union-attr]
    site = tmp_path / "html" / "lite"
    (site / "notebooks").mkdir(parents=True)
    (site / "notebooks" / "index.html").write_text("outil", encoding="utf-8")
    (site / ".piu-empreinte").write_text("a", encoding="utf-8")
    dest = tmp_path / "formateur" / "lite"
    dest.parent.mkdir()
    assert tools.link_site(site, dest) and (dest / "notebooks" / "index.html").read_text(encoding="utf-8") == "outil"
    assert not tools.link_site(site, dest)  # same build: nothing to do
    with pytest.raises(SystemExit, match="Site des outils introuvable"):
        tools.main([str(tmp_path / "absent"), str(dest)])


@pytest.mark.navigateur
def test_session_dry_run(formateur: Path, browser: object, tmp_path: Path) -> None:
    """A half-day session, end to end: the plan and a handout printed to PDF, ten progress files
    merged, the attestations and the sign-in sheet printed. Screenshots go to _build/preuves/."""
    import json
    from datetime import date

    from piu.core import data
    from piu.core.files import ecrire_atomique
    from piu.core.progress_export import document
    from piu.core.questions.bank import charger_banque
    from piu.core.trainer import group_progress, session_papers
    from piu.core.trainer.session_plans import charger_plans, nombre_de_jours

    evidence = ROOT / "_build" / "preuves"
    evidence.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="fr-FR", viewport={"width": 760, "height": 1075})  # type: ignore[attr-defined]
    tab = context.new_page()
    kit = formateur / "book" / "formateur"

    # The plan, printed: two A4 pages, the timetable and each question linked to its key.
    tab.goto((kit / "plan-demi-journee.html").as_uri())
    assert tab.locator("a[href='corriges.html#corrige-m3-quel-contrat']").count() >= 1
    assert _pages(tab.pdf(format="A4", prefer_css_page_size=True)) == 2
    tab.emulate_media(media="print")
    assert tab.locator("#jb-print-docs-body h1").is_visible()  # the printed plan keeps its title
    tab.screenshot(path=str(evidence / "plan-demi-journee-imprime.png"), full_page=True)

    # Every plan, printed: the build day shown, two A4 pages at most (one sheet recto verso); the
    # two-day plan one sheet per day, the second day starting a new sheet.
    built = date.today().strftime("%d/%m/%Y")
    for plan_id, plan in sorted(charger_plans().items()):
        tab.goto((kit / f"plan-{plan_id}.html").as_uri())
        stamp = tab.locator(".piu-plan-date")
        assert stamp.is_visible() and f"construit le {built}" in stamp.inner_text(), plan_id
        steps = re.sub(r"[\u00a0\u202f]", " ", tab.locator(".piu-plan table").first.inner_text())
        assert all(f"{m} min : " in steps for m, _ in next(s for s in plan.sequences if s.etapes).etapes), plan_id
        printed = tab.pdf(format="A4", prefer_css_page_size=True)
        (evidence / f"plan-{plan_id}.pdf").write_bytes(printed)
        total = _pages(printed)
        days = nombre_de_jours(plan)
        if days == 1:
            assert total <= 2, f"{plan_id} : {total} pages"
            continue
        assert tab.locator(".piu-plan-nouvelle-feuille").count() == days - 1
        sheets = []
        for day in range(1, days + 1):  # each day alone: what its own sheet holds
            tab.goto((kit / f"plan-{plan_id}.html").as_uri())
            others = ("" if day == 1 else ".piu-plan:not([class*='piu-plan-jour-']), #jb-print-docs-body h1, ")
            tab.add_style_tag(content=f"{others}section:has(> .piu-plan[class*='piu-plan-jour-']"
                                      f":not(.piu-plan-jour-{day})) {{ display: none !important; }} "
                                      f"section {{ break-before: auto !important; }}")
            sheets.append(_pages(tab.pdf(format="A4", prefer_css_page_size=True)))
        assert all(n <= 2 for n in sheets) and total == sum(sheets), f"{plan_id} : {sheets}, {total} pages"

    # The handouts, printed for the day chosen at build time: dated and footed on every sheet.
    # Printed as a trainer prints them: with the print style sheet (Playwright prints with the
    # screen's once ``emulate_media(media="screen")`` was called).
    tab.emulate_media(media="print")
    tab.goto((kit / "fiches.html").as_uri())
    feet = tab.locator(".piu-fiche-pied").all_inner_texts()
    assert len(feet) == 4 and all("01/06/2025" in f and "source" in f for f in feet)
    assert _pages(tab.pdf(format="A4", prefer_css_page_size=True)) == 5  # the thresholds on two pages
    tab.emulate_media(media="print")
    fiche = tab.locator("section:has(> .piu-fiche)").nth(2)
    fiche.screenshot(path=str(evidence / "fiche-quelle-procedure-imprimee.png"))
    # Readable once printed: no text of a handout under 11 pt (14.67 px); the vigilance points
    # print under their own title.
    smallest = tab.evaluate("() => Math.min(...[...document.querySelectorAll('.piu-fiche *')]"
                            ".filter(e => e.offsetParent !== null && e.textContent.trim())"
                            ".map(e => parseFloat(getComputedStyle(e).fontSize)))")
    assert smallest >= 14.6, f"{smallest} px"
    tab.goto((kit / "vigilances.html").as_uri())
    title = tab.locator(".piu-fiche-titre")
    assert title.is_visible() and "vigilance" in title.inner_text().lower()

    # Ten learners' files merged into the group's table; the tenth exported from the web book.
    depot = tmp_path / "depot"
    depot.mkdir()
    ids = [q.id for q in charger_banque().du_module(3) if not q.evaluation]
    tab.emulate_media(media="screen")
    tab.goto((formateur / "book" / "progression.html").as_uri())
    tab.evaluate("ids => localStorage.setItem('piu-progres-v1', JSON.stringify(Object.fromEntries("
                 "ids.map(id => [id, {m: 3, t: 1, j: true}]))))", ids)
    tab.fill(".piu-export-nom", "Participant 10")
    with tab.expect_download() as download:
        tab.click(".piu-export-bouton")
    assert download.value.suggested_filename == "progression-participant-10.json"
    download.value.save_as(depot / "web.json")
    for n in range(1, 10):
        answers = {q: {"module": 3, "juste": True, "tentatives": 1} for q in ids[: n * len(ids) // 10]}
        (depot / f"p{n}.json").write_text(json.dumps(document(f"Participant {n:02d}", answers, [], "navigateur")),
                                          encoding="utf-8")
    group = group_progress.fusionner(depot)
    assert len(group.apprenants) == 10 and not group.ecartes
    group_progress.ecrire_xlsx(group, tmp_path / "groupe.xlsx")

    # The papers: one attestation per learner (one page each), one sign-in sheet per half-day.
    # The training body's letterhead (cas fictif): its NDA, its logo embedded, who signs, where and when.
    (tmp_path / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" '
        'fill="#17692f"/><text x="10" y="26" fill="#fff" font-size="16">Formation</text></svg>', encoding="utf-8")
    (tmp_path / "seance.yml").write_text(
        "plan: demi-journee\norganisme: Centre de formation des agents territoriaux de l'exemple (cas fictif)\n"
        "lieu: Marseille\nformateur: Dominique Durand\ndates: [2025-06-12]\nnda: 93 13 12345 13\n"
        "nda_region: Provence-Alpes-Côte d'Azur\nlogo: logo.svg\nsignataire: Camille Martin\n"
        "qualite_signataire: directrice\n", encoding="utf-8")
    seance = session_papers.charger_seance(tmp_path / "seance.yml")
    people = [session_papers.Participant(f"{n:02d}", "Participant") for n in range(1, 11)]
    pages = [session_papers.attestation_html(seance, p, session_papers.modules_termines(group, p), seance.dates[0])
             for p in people]
    assert "module 3" in pages[-1] and "module 3" not in pages[0]  # participant 10 did all of module 3
    every = ecrire_atomique(tmp_path / "attestations.html", session_papers.attestations_html(seance, pages))
    sheet = ecrire_atomique(tmp_path / "emargement.html", session_papers.emargement_html(seance, people))
    tab.emulate_media(media="print")  # as the trainer prints them (browser or Chromium's PDF)
    tab.goto(every.as_uri())
    assert _pages(tab.pdf(format="A4", prefer_css_page_size=True)) == 10
    assert "le 12/06/2025" in tab.locator(".attestation").first.inner_text()
    last = tab.locator(".attestation").last
    assert "93 13 12345 13" in last.inner_text() and "Camille Martin, directrice" in last.inner_text()
    assert last.locator("img.logo").evaluate("img => img.complete && img.naturalWidth > 0")  # embedded, drawn
    tab.locator(".attestation").last.screenshot(path=str(evidence / "attestation-participant-10.png"))
    # The longest attestation still fits one page: two days, every module, a result, long names.
    (tmp_path / "deux-jours.yml").write_text((tmp_path / "seance.yml").read_text(encoding="utf-8").replace(
        "plan: demi-journee", "plan: deux-jours").replace("[2025-06-12]", "[2025-06-12, 2025-06-13]"),
        encoding="utf-8")
    two_days = session_papers.charger_seance(tmp_path / "deux-jours.yml")
    modules = [f"module {int(m.numero)} « {m.titre} »" for m in data.table("modules").itertuples()]
    longest = session_papers.Participant("Bernard-Lefebvre", "Marie-Françoise",
                                         "Communauté d'agglomération du Pays de l'exemple", "16,5/20")
    worst = ecrire_atomique(tmp_path / "la-plus-longue.html", session_papers.attestations_html(
        two_days, [session_papers.attestation_html(two_days, longest, modules, date(2025, 6, 13))]))
    tab.goto(worst.as_uri())
    assert _pages(tab.pdf(format="A4", prefer_css_page_size=True)) == 1
    tab.goto(sheet.as_uri())
    assert _pages(tab.pdf(format="A4", prefer_css_page_size=True)) == 1
    assert "12/06/2025, matin" in tab.inner_text("body")
    context.close()
