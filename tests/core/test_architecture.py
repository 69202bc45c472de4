"""The framework's rooms: imports point down only, and no import circle anywhere in ``piu``.

Read from the sources (every ``import``, including those inside functions), so that a new file
is checked without a new test. The rule is the one ARCHITECTURE.md states, one line per room.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
ROOMS = ("questions", "learner", "trainer", "book", "cli")
#: What each room of ``piu.core`` may import, besides itself and the foundations.
MAY_IMPORT = {
    "foundations": set(),
    "questions": set(),
    "learner": {"questions"},
    "trainer": {"questions"},
    "book": {"questions", "learner", "trainer"},
    "cli": {"questions", "learner", "trainer", "book", "piu"},  # ``piu``: to find each module's commands
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The ``piu`` modules a file imports; ``from package import submodule`` names the submodule."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], base]).strip(".")
            submodules = {f"{base}.{alias.name}" for alias in node.names} & modules
            found.update(submodules)
            if len(submodules) < len(node.names):
                found.add(base)
    return {name for name in found if name == "piu" or name.startswith("piu.")}


def _graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in SRC.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        graph[name] = {target for target in _imports(path, set(files)) if target in files and target != name}
    return graph


def _room(module: str) -> str | None:
    """The room of a ``piu.core`` module, ``foundations`` for its root files, ``piu`` for the package
    itself, None for the course's modules."""
    parts = module.split(".")
    if module == "piu":
        return "piu"
    if parts[:2] != ["piu", "core"] or len(parts) < 3:
        return None
    return parts[2] if parts[2] in ROOMS else "foundations"


GRAPH = _graph()


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if m.startswith("piu.core.")))
def test_core_imports_point_down(module: str) -> None:
    room = _room(module)
    allowed = MAY_IMPORT[room] | {room, "foundations"}
    wrong = sorted(t for t in GRAPH[module] if _room(t) not in allowed)
    assert wrong == [], f"{module} ({room}) ne doit pas importer : {wrong}"


def test_no_import_circle_in_piu() -> None:
    """Tarjan's strongly connected components: any component of more than one module is a circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    assert circles == []


def test_no_room_holds_more_than_a_dozen_files() -> None:
    core = SRC / "piu" / "core"
    for folder in [core, *(p for p in core.rglob("*") if p.is_dir() and p.name != "__pycache__")]:
        modules = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
        assert len(modules) <= 12, f"{folder.relative_to(SRC)} : {len(modules)} fichiers"
