"""The evaluation's web form, for the distributed bundle (a page that needs no network)."""

from __future__ import annotations

from typing import Any

from piu.core.trainer.evaluation_form import standalone_page


def formulaire_autonome(subject: dict[str, Any]) -> str:
    """``evaluation.html`` of the bundle: the form and its script, no key, no feedback."""
    return standalone_page(subject)
