"""Financing an innovative project (module 4): schemes, plan checker, de minimis.

Learner-facing helpers, in French, for the notebooks::

    from piu.financement import chercheur_de_dispositifs, verificateur_de_plan
    chercheur_de_dispositifs()          # a form to filter the schemes snapshot
    verificateur_de_plan("plan.yaml")   # a form to edit and check a financing plan

The engines live in :mod:`piu.financing.plan`, :mod:`piu.financing.de_minimis`,
:mod:`piu.financing.schemes` and :mod:`piu.financing.chart`.
"""

from __future__ import annotations

from piu.financing.chart import plan_alt_text, plan_chart
from piu.financing.de_minimis import Aid, DeMinimisCheck, check_de_minimis
from piu.financing.plan import (
                                FinancingPlan,
                                FundingSource,
                                PlanCheck,
                                PlanInvalide,
                                check_plan,
                                load_plan,
                                parse_plan,
)
from piu.financing.schemes import AIDES_TERRITOIRES, find_schemes

__all__ = ["AIDES_TERRITOIRES", "Aid", "DeMinimisCheck", "FinancingPlan", "FundingSource",
           "PlanCheck", "PlanInvalide", "check_de_minimis", "check_plan", "find_schemes",
           "load_plan", "parse_plan", "plan_alt_text", "plan_chart"]
