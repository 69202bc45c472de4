"""Choice questions in the tools of the page and in JupyterLite: the option under the pointer is
the one recorded (issue: a long right answer's circle was drawn over the next option, so a click
chose the wrong one). Every choice question of every exercise page, at 375 and 1366 px, light and
dark, over the plain-HTTP intranet.

Apart from ``test_outil_page.py`` so that ``--dist loadfile`` puts these long tests (one Python
start per page) on the other worker.
"""

from __future__ import annotations

import pytest

from tests.book import test_outil_page as _page
from tests.book.test_outil_page import EXERCISE_PAGES, FORBIDDEN, START_TIMEOUT, _open_in_page

#: The served book and the browser profile of the tool-page tests, as fixtures of this file too.
intranet = _page.intranet
context = _page.context

pytestmark = pytest.mark.navigateur


#: Every option of every radio group and box list in the live forms: the centre of its label is
#: the label itself (nothing drawn over it), a click there (on what is under the pointer) records
#: that option, and its text is whole (not cut, not over the next option).
_CHOICES = """(scope) => {
  const bad = []; let clicked = 0;
  const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const hitAndClick = (label, input, expect) => {
    label.scrollIntoView({block: 'center'});
    const r = label.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    if (!hit) {  // outside the window: said with where it is
      const where = `${Math.round(r.left)}, ${Math.round(r.top)}`;
      bad.push(`« ${label.innerText.trim().slice(0, 70)} » hors de la fenêtre (${where})`);
      return;
    }
    const text = label.innerText.trim().slice(0, 70);
    if (!hit || !label.contains(hit)) {
      const other = hit && hit.closest('label');
      const under = other ? '« ' + other.innerText.trim().slice(0, 50) + ' »' : hit && hit.className;
      bad.push(`« ${text} » : sous le pointeur, ${under}`);
      return;
    }
    if (label.scrollWidth > label.clientWidth + 1) { bad.push(`« ${text} » : texte coupé`); }
    hit.click(); clicked++;
    if (input.checked !== expect) { bad.push(`« ${text} » : le clic n'a pas choisi cette option`); }
  };
  document.querySelectorAll(scope + ' .widget-radio-box').forEach((box) => {
    const labels = Array.from(box.querySelectorAll(':scope > label')).filter(visible);
    for (let i = 1; i < labels.length; i++) {
      if (labels[i - 1].getBoundingClientRect().bottom > labels[i].getBoundingClientRect().top + 1) {
        bad.push(`« ${labels[i - 1].innerText.trim().slice(0, 70)} » recouvre l'option suivante`);
      }
    }
    labels.forEach((label) => hitAndClick(label, label.querySelector('input'), true));
  });
  document.querySelectorAll(scope + ' .widget-checkbox .widget-label-basic').forEach((label) => {
    if (!visible(label)) { return; }
    const input = label.querySelector('input');
    const before = input.checked;
    hitAndClick(label, input, !before);
    if (input.checked !== before) { input.click(); }
  });
  return {clicked, bad};
}"""


@pytest.mark.parametrize("name", EXERCISE_PAGES)
def test_exercise_page_choices_record_the_option_under_the_pointer(context: object, intranet: str,
                                                                   name: str) -> None:
    """The exercise pages open their questions in the page too (JupyterLite is « voir le code »);
    every option of every choice question takes the click on its label, at 1366 and 375 px, light
    and dark."""
    total = 0
    # One page, opened at 375 px then widened to 1366 px: Python starts once. (The other way
    # round, a page narrowed in place keeps the theme's wide layout, sidebars over the text.)
    page = context.new_page()  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 375, "height": 800})
    _open_in_page(page, intranet, name, folder="exercises")
    for width in (375, 1366):
        page.set_viewport_size({"width": width, "height": 800})
        page.wait_for_timeout(300)  # the layout of the new width
        href = page.locator(".piu-outil-code").get_attribute("href")
        assert href.endswith(f"path=exercises/{name}.ipynb&piu-executer=1")
        assert page.locator(".piu-sortie .widget-button", has_text="Vérifier").count() >= 3
        found = FORBIDDEN.findall(page.locator(".bd-article").inner_text())
        assert not found, f"dans {name} : {found}"
        for theme in ("light", "dark"):
            page.evaluate(f"document.documentElement.dataset.theme = '{theme}'")
            result = page.evaluate(_CHOICES, ".piu-sortie")
            assert result["bad"] == [], f"{name}, {width} px, {theme} : {result['bad'][:8]}"
            total += result["clicked"]
        if width == 1366:  # a verdict reads on the dark page too (light text on the dark background)
            page.locator(".piu-sortie .widget-button", has_text="Vérifier").first.click()
            verdict = page.locator(".piu-sortie .widget-html p[style]").first
            verdict.wait_for(timeout=30_000)
            lightness = verdict.evaluate("e => getComputedStyle(e).color.match(/\\d+/g).slice(0, 3)"
                                         ".reduce((a, b) => a + Number(b), 0)")
            assert lightness > 380, f"{name} : verdict illisible en mode sombre ({lightness})"
        if width == 375:
            width_used = page.evaluate("Math.max(...Array.from(document.querySelectorAll('.piu-sortie'))"
                                       ".map(e => e.getBoundingClientRect().right))")
            assert width_used <= 375, f"{name} : les formulaires dépassent l'écran ({width_used} px)"
            # A real pointer, on the first radio group: the option under it is the one recorded.
            group = page.locator(".piu-sortie .widget-radio-box").first
            if group.count():
                for label in group.locator(":scope > label").all():
                    label.scroll_into_view_if_needed()
                    box = label.bounding_box()
                    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                    assert label.locator("input").is_checked(), f"{name} : « {label.inner_text()} » non choisie"
    page.close()
    assert total > 0


def test_jupyterlite_choices_record_the_option_under_the_pointer(context: object, intranet: str) -> None:
    """« Voir le code »: the same questions in JupyterLite take the click on their label too
    (``piu-choix.css``, added to the JupyterLite site), on a phone and on a desktop."""
    page = context.new_page()  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{intranet}/lite/notebooks/index.html?path=exercises/module3.ipynb&piu-executer=1")
    page.wait_for_selector(".jp-OutputArea-output .widget-radio-box label", timeout=START_TIMEOUT)
    for width in (375, 1366):  # one JupyterLab, widened: it lays itself out again
        page.set_viewport_size({"width": width, "height": 800})
        page.wait_for_timeout(2000)
        result = page.evaluate(_CHOICES, ".jp-OutputArea-output")
        assert result["clicked"] > 0 and result["bad"] == [], f"JupyterLite, {width} px : {result['bad'][:8]}"
    page.close()
