"""Module 4 in the learner's words: the helpers a notebook calls, all in French.

::

    from piu.financement import *
    chercheur_de_dispositifs()                    # formulaire de recherche
    plan = lire_plan('''
    cout_total: 1000000
    sources: ...''')                              # un plan tapé dans la cellule
    examiner_plan(plan)                           # verdict en texte
    essayer_plan(plan)                            # verdict et part seulement (exercices)
    verificateur_de_plan(plan)                    # formulaire
    graphique_plan(plan)                          # diagramme par source
    verifier_de_minimis([("2023-05-10", 150000)], 100000, "2024-03-01")

None of these raises for a person's mistake: they print a French message instead.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from piu.errors import PiuError
from piu.financing.chart import ChartImage, plan_alt_text, plan_chart
from piu.financing.de_minimis import Aid, check_de_minimis
from piu.financing.forms import PlanCheckerForm, SchemeFinderForm
from piu.financing.plan import FinancingPlan, PlanCheck, check_plan, load_plan, parse_plan
from piu.financing.schemes import find_schemes
from piu.french_numbers import format_nombre

__all__ = ["chercher_dispositifs", "chercheur_de_dispositifs", "en_pourcentage", "essayer_plan",
           "examiner_plan", "graphique_plan", "lire_plan", "verificateur_de_plan",
           "verifier_de_minimis"]


def _day(jour: date | str | None) -> date | None:
    if jour is None or isinstance(jour, date):
        return jour
    try:
        return date.fromisoformat(str(jour))
    except ValueError:
        raise PiuError(f"Date « {jour} » illisible : écrivez-la AAAA-MM-JJ, par exemple 2026-04-01.") \
            from None


def en_pourcentage(part: float, decimales: int = 1) -> str:
    """A share between 0 and 1 written as a French percentage: ``0.2308`` → ``23,1 %``."""
    return f"{format_nombre(part * 100, decimales)}\u00a0%"


def lire_plan(plan: str | Path | FinancingPlan) -> FinancingPlan | None:
    """A plan from YAML text, a file path, or an existing plan; prints the error if malformed."""
    if isinstance(plan, FinancingPlan):
        return plan
    try:
        if isinstance(plan, Path) or (isinstance(plan, str) and "\n" not in plan
                                       and plan.strip().endswith((".yaml", ".yml"))):
            return load_plan(plan)
        return parse_plan(str(plan), "plan tapé dans la cellule")
    except PiuError as exc:
        print(f"⚠ {exc}")
        return None


def examiner_plan(plan: Any, jour: date | str | None = None, exception: str | None = None,
                  chef_de_file: bool = False) -> PlanCheck | None:
    """Check a plan and print the verdict in French; returns the result for further use."""
    plan = lire_plan(plan)
    if plan is None:
        return None
    try:
        result = check_plan(plan, _day(jour), exception, chef_de_file)
    except PiuError as exc:
        print(f"⚠ {exc}")
        return None
    print(f"Plan {result.verdict}.")
    print(f"Part du maître d'ouvrage dans les financements publics : {result.part_affichee} "
          f"({result.minimum_affiche})")
    if result.reserve:
        print(f"Réserve : {result.reserve}")
    for breach in result.manquements:
        print(f"- [{breach.regle}] {breach.message} ({breach.base_legale})")
    for warning in result.avertissements:
        print(f"⚠ {warning}")
    return result


def essayer_plan(plan: Any, jour: date | str | None = None) -> PlanCheck | None:
    """Print only the verdict and the owner's share: a hint for an exercise.

    :func:`examiner_plan` says how much is missing, which is the answer of the question
    « quel montant minimal ? » ; this one lets the learner try amounts without giving it away.
    """
    plan = lire_plan(plan)
    if plan is None:
        return None
    try:
        result = check_plan(plan, _day(jour))
    except PiuError as exc:
        print(f"⚠ {exc}")
        return None
    print(f"Plan {result.verdict} ; part du maître d'ouvrage dans les financements publics : "
          f"{result.part_affichee}.")
    return result


def graphique_plan(plan: Any) -> ChartImage | None:
    """The bar chart of a plan by source (shown as an image, its alt text as plain text)."""
    plan = lire_plan(plan)
    return None if plan is None else ChartImage(plan_chart(plan), plan_alt_text(plan))


def chercher_dispositifs(beneficiaire: str | None = None, theme: str | None = None,
                         nature: str | None = None, stade: str | None = None,
                         jour: date | str | None = None) -> list[str]:
    """Names of the schemes matching the criteria (for a cell or a check)."""
    try:
        frame = find_schemes(beneficiaire, theme, nature, stade, _day(jour))
    except PiuError as exc:
        print(f"⚠ {exc}")
        return []
    return list(frame["nom"])


def chercheur_de_dispositifs(jour: date | str | None = None) -> SchemeFinderForm | None:
    """The finder form."""
    try:
        return SchemeFinderForm(_day(jour))
    except PiuError as exc:
        print(f"⚠ {exc}")
        return None


def verificateur_de_plan(plan: Any, jour: date | str | None = None) -> PlanCheckerForm | None:
    """The plan-checker form, filled with ``plan``."""
    plan = lire_plan(plan)
    if plan is None:
        return None
    try:
        return PlanCheckerForm(plan, _day(jour))
    except PiuError as exc:
        print(f"⚠ {exc}")
        return None


def verifier_de_minimis(aides_recues: list[tuple[str, Any]] | list[tuple[str, Any, str]],
                        nouvelle_aide: Any, jour: date | str, regime: str = "general") -> bool | None:
    """Check a new aid against the de minimis ceiling in force on ``jour``; prints the verdict.

    ``aides_recues`` lists the aids already granted: ``("AAAA-MM-JJ", montant)`` or
    ``("AAAA-MM-JJ", montant, "financeur")``.
    """
    try:
        aids = []
        for item in aides_recues:
            if not isinstance(item, tuple | list) or len(item) not in (2, 3):
                raise PiuError(f"Aide « {item} » : écrivez (\"AAAA-MM-JJ\", montant) ou "
                               f"(\"AAAA-MM-JJ\", montant, \"financeur\").")
            aids.append(Aid(_day(item[0]), item[1], item[2] if len(item) == 3 else ""))
        result = check_de_minimis(aids, nouvelle_aide, _day(jour), regime)
    except PiuError as exc:
        print(f"⚠ {exc}")
        return None
    print(("✔ " if result.conforme else "✘ ") + result.message())
    return result.conforme
