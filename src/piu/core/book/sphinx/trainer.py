"""Directives of the trainer's pages: answer keys, session plans, vigilance points, handouts.

They render generated HTML from the bank and ``data/`` (never retyped text) and exist only on
pages listed in ``book/formateur/sommaire.yml``, which the learner build never reads. Errors
(malformed plan, unknown module, missing data) are Sphinx errors with the page and line, which
fail the ``-W`` build.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from piu.core import data
from piu.core.errors import DonneesInvalides, PiuError
from piu.core.questions.bank import charger_banque
from piu.core.trainer.answer_keys import all_keys_html, answer_key_html
from piu.core.trainer.handouts import (
    footer_markdown,
    handout_date,
    missing_note,
    missing_rows,
    rows_on,
    table_markdown,
    vigilance_markdown,
)
from piu.core.trainer.session_plans import charger_plans, plan_header_markdown, plan_markdown, plans_dir

logger = logging.getLogger(__name__)


def _module_titles() -> dict[int, str]:
    return {int(m.numero): str(m.titre) for m in data.table("modules").itertuples()}


class AnswerKeyDirective(SphinxDirective):
    """``{corrige} N`` (one module) or ``{corrige} tous`` (every module of the bank)."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        which = self.arguments[0].strip()
        try:
            bank = charger_banque()
            if which == "tous":
                block = all_keys_html(bank, _module_titles())
            elif which.isdigit() and bank.du_module(int(which)):
                block = answer_key_html(bank, int(which))
            else:
                modules = ", ".join(str(m) for m in sorted({q.module for q in bank}))
                raise self.error(f"{{corrige}} : « {which} » n'est ni « tous » ni un module de la "
                                 f"banque ({modules}).")
        except PiuError as exc:
            raise self.error(str(exc)) from None
        return [nodes.raw("", block, format="html")]


class _MarkdownDirective(SphinxDirective):
    """A directive whose output is generated MyST Markdown, parsed in place (links are checked)."""

    def _parse(self, text: str) -> list[nodes.Node]:
        container = nodes.container()
        self.state.nested_parse(StringList(text.splitlines(), source=self.get_source_info()[0]),
                                self.content_offset, container)
        return container.children

    def _exists(self, page: str) -> bool:
        return page.strip("/") in self.env.found_docs


class SessionPlanDirective(_MarkdownDirective):
    """``{plan-seance} ID``: a plan of ``book/formateur/plans/``, face to face then at a distance.

    Option ``:version: presentiel`` or ``distanciel`` shows one timetable only; ``:partie: entete``
    shows the audience, objectives, material and evaluation (and the build day); ``:jour: 2``
    one day of a plan of several, printed from a new sheet.
    """

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"version": str.strip, "partie": str.strip,
                                             "jour": directives.positive_int}
    has_content = False

    def run(self) -> list[nodes.Node]:
        try:
            plans = charger_plans()
        except PiuError as exc:
            raise self.error(str(exc)) from None
        plan = plans.get(self.arguments[0])
        if plan is None:
            raise self.error(f"{{plan-seance}} : plan « {self.arguments[0]} » introuvable ; plans : "
                             f"{', '.join(sorted(plans))}.")
        self.env.note_dependency(str(plans_dir() / plan.fichier))
        if self.options.get("partie") == "entete":
            return self._boxed(plan_header_markdown(plan, date.today()))
        version = self.options.get("version", "presentiel")
        if version not in ("presentiel", "distanciel"):
            raise self.error(f"{{plan-seance}} : version « {version} » inconnue (presentiel ou distanciel).")
        try:
            enonces = {q.id: q.enonce for q in charger_banque()}
        except PiuError as exc:
            raise self.error(str(exc)) from None
        day = self.options.get("jour")
        try:
            text = plan_markdown(plan, version, self._exists, enonces, jour=day)
        except PiuError as exc:
            raise self.error(str(exc)) from None
        # A later day starts a new sheet (its face-to-face table comes first on the page).
        classes = [f"piu-plan-jour-{day}"] if day else []
        if day and day > 1 and version == "presentiel":
            classes.append("piu-plan-nouvelle-feuille")
        return self._boxed(text, classes)

    def _boxed(self, text: str, classes: list[str] | None = None) -> list[nodes.Node]:
        """The plan inside a ``piu-plan`` block: the print style fits it on A4, rows never split."""
        box = nodes.container(classes=["piu-plan", *(classes or [])])
        box += self._parse(text)
        return [box]


class VigilanceDirective(_MarkdownDirective):
    """``{vigilances}``: the traps of ``data/vigilances.csv``, each linked to its section."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        try:
            text = vigilance_markdown(_module_titles())
        except PiuError as exc:
            raise self.error(str(exc)) from None
        return self._parse(text)


def _columns(text: str) -> dict[str, str]:
    """``colonne=Titre, colonne=Titre`` → ordered mapping (the heading defaults to the column)."""
    pairs = [part.strip().partition("=") for part in text.split(",") if part.strip()]
    return {name.strip(): (title.strip() or name.strip()) for name, _, title in pairs}


class DatedTableDirective(_MarkdownDirective):
    """``{table-en-vigueur} TABLE``: the rows of a dated table in force on the handouts' day.

    ``:colonnes: libelle=Seuil, montant_ht=Montant`` chooses and names the columns. The day is
    ``PIU_DATE_FICHES`` or the ``piu_date_fiches`` setting of ``_config.yml`` (build day if
    neither), written above the table so a printed sheet says which day it is valid for.
    """

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"colonnes": str}
    has_content = False

    def run(self) -> list[nodes.Node]:
        try:
            day = handout_date(self.config.piu_date_fiches)
            columns = _columns(self.options.get("colonnes", "id,libelle"))
            rows = rows_on(self.arguments[0], day, list(columns))
        except PiuError as exc:
            raise self.error(str(exc)) from None
        intro = (f"*Règles en vigueur le **{day:%d/%m/%Y}** (date choisie à la construction du livre), "
                 f"lues dans la table du cours.*\n\n")
        missing = [f"{self.arguments[0]}:{i}" for i in missing_rows(self.arguments[0], day)]
        if missing:
            logger.info(f"Fiches du {day:%d/%m/%Y} : lignes absentes des tables : {', '.join(missing)}")
        note = "\n" + missing_note(missing, day) + "\n" if missing else ""
        return self._parse(intro + table_markdown(rows, columns) + note)


class HandoutFooterDirective(_MarkdownDirective):
    """``{pied-fiche}``: the foot of a printed handout (course, day of the rules, source).

    ``:source:`` names where the rules come from; the day is the handouts' day, as for
    ``{table-en-vigueur}``, and the build day is printed beside it.
    """

    option_spec: ClassVar[dict[str, Any]] = {"source": str}
    has_content = False

    def run(self) -> list[nodes.Node]:
        try:
            day = handout_date(self.config.piu_date_fiches)
        except PiuError as exc:
            raise self.error(str(exc)) from None
        source = " ".join(self.options.get("source", "tables du cours (dossier data/)").split())
        course = f"Cours « {self.config.html_title or self.config.project} »"
        box = nodes.container(classes=["piu-fiche-pied"])
        box += self._parse(footer_markdown(day, date.today(), course, source))
        return [box]


def handout_data_role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
                      options: dict[str, Any] | None = None, content: list[str] | None = None
                      ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """``{donnee-fiche}`table:id:colonne```: like ``{donnee}``, for the handouts' day.

    A handout printed for a session quotes every figure for the same day as its threshold
    table (``PIU_DATE_FICHES`` or ``piu_date_fiches``), not for the build day.
    """
    config = inliner.document.settings.env.config
    try:
        if "@" in text:
            raise DonneesInvalides("{donnee-fiche} prend la date des fiches : retirez « @… ».")
        day = handout_date(config.piu_date_fiches)
        try:
            shown = data.texte_valeur(f"{text}@{day.isoformat()}")
        except DonneesInvalides:
            if data.valeur(text) is None:  # empty today as well: a real error in the page
                raise
            # A day beyond the course's data: say which figure is missing, do not fail the book.
            logger.info(f"Fiches du {day:%d/%m/%Y} : {text} absent des tables à cette date")
            return [nodes.strong("", f"[à compléter : {text} au {day:%d/%m/%Y}, absent des tables du cours]")], []
    except PiuError as exc:
        msg = inliner.reporter.error(f"{{donnee-fiche}}`{text}` : {exc}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    return [nodes.Text(shown)], []


def setup(app) -> None:  # type: ignore[no-untyped-def]
    app.add_role("donnee-fiche", handout_data_role)
    app.add_config_value("piu_date_fiches", "", "env", [str])
    app.add_directive("corrige", AnswerKeyDirective)
    app.add_directive("plan-seance", SessionPlanDirective)
    app.add_directive("vigilances", VigilanceDirective)
    app.add_directive("table-en-vigueur", DatedTableDirective)
    app.add_directive("pied-fiche", HandoutFooterDirective)
    app.add_css_file("piu-formateur.css")
