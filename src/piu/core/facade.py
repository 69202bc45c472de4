"""Learner facades that load forms and charts only when a notebook asks for them.

A module package's ``__init__.py`` is what a notebook imports (``from piu.financement import
*``). Its forms need ipywidgets and its charts matplotlib; the command line and the engines
need neither, and in the browser (Pyodide) matplotlib may be absent. :func:`charger_a_la_demande`
gives the package a module ``__getattr__`` (PEP 562) that imports those names on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any


def charger_a_la_demande(package: str, sous_modules: dict[str, Iterable[str]]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package`` serving each name from its sub-module.

    ``sous_modules`` maps a sub-module (``"formulaires"``) to the names it provides.
    """
    origine = {nom: module for module, noms in sous_modules.items() for nom in noms}

    def __getattr__(nom: str) -> Any:
        if nom not in origine:
            raise AttributeError(f"module {package!r} has no attribute {nom!r}")
        return getattr(importlib.import_module(f"{package}.{origine[nom]}"), nom)

    return __getattr__
