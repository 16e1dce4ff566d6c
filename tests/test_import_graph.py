"""No import circle inside `meetings/`: every arrow between its rooms points one way.

The graph is built from the source with `ast`, counting every import (at module level or inside a
function: a deferred import is still a dependency). Its nodes are the rooms of `meetings/`:

- each sub-package (`meetings.search`, `meetings.importer`, `meetings.management`, …) is one node,
  whatever the imports between its own modules;
- each top-level module of the core (`meetings.models`, `meetings.views`, `meetings.filters`, …) is
  a node of its own: the core's models sit below search, its views and filters above it.

Migrations are left out (Django loads them by name, never by import).
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "meetings"


def _modules() -> dict[str, Path]:
    """Dotted name -> file of every Python module under meetings/ (migrations aside)."""
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT).with_suffix("")
        if "migrations" in relative.parts:
            continue
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _imported_names(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every dotted name the module imports (relative imports resolved): for `from a.b import c`,
    `a.b.c` when c is a module, else `a.b`."""
    is_package = path.name == "__init__.py"
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                if not is_package:
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                # `from meetings import search` imports the module, not meetings/__init__.
                names.add(submodule if submodule in modules else target)
    return names


def _room(module: str, modules: dict[str, Path]) -> str:
    """The node a module belongs to: its sub-package of meetings/, or itself (core modules)."""
    parts = module.split(".")
    if len(parts) >= 2:
        top = ".".join(parts[:2])
        if (PACKAGE / parts[1] / "__init__.py").exists():
            return top
    return module


def import_graph() -> dict[str, set[str]]:
    """{room: rooms it imports} for the rooms of meetings/."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        room = _room(module, modules)
        graph.setdefault(room, set())
        for name in _imported_names(module, path, modules):
            if name not in modules:
                continue
            target = _room(name, modules)
            if target != room:
                graph[room].add(target)
    return graph


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of rooms that reach one another (an import circle)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for target in graph.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_the_graph_sees_the_known_arrows():
    # The test can fail: the arrows it must find are there (views and filters use search, search
    # reads the core's models), so an added arrow back would close a circle.
    graph = import_graph()
    assert "meetings.search" in graph["meetings.filters"]
    assert "meetings.search" in graph["meetings.views"]
    assert "meetings.models" in graph["meetings.search"]


def test_strongly_connected_finds_a_circle():
    circle = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert [group for group in strongly_connected(circle) if len(group) > 1] == [["a", "b", "c"]]


def test_no_import_circle_between_the_rooms_of_meetings():
    circles = [group for group in strongly_connected(import_graph()) if len(group) > 1]
    assert circles == [], f"import circles: {circles}"


def test_the_core_models_do_not_reach_the_search_app():
    graph = import_graph()
    assert "meetings.search" not in reachable(graph, "meetings.models")
    assert "meetings.search" not in reachable(graph, "meetings.apps")


def test_importing_the_core_models_does_not_import_search():
    """At run time: the meetings app alone (search not installed) loads without the search app."""
    script = """
import sys
import django
from django.conf import settings
from archive import settings as project

apps = [app for app in project.INSTALLED_APPS if not app.startswith(("meetings.", "bench."))]
settings.configure(
    INSTALLED_APPS=apps,
    DATABASES=project.DATABASES,
    DEFAULT_AUTO_FIELD=project.DEFAULT_AUTO_FIELD,
    USE_TZ=True,
)
django.setup()
import meetings.models
print(sorted(name for name in sys.modules if name.startswith("meetings.search")))
"""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.setdefault("DJANGO_DEBUG", "1")
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize(
    "module", ["meetings.synthetic", "meetings.search_benchmark", "meetings.search_index"]
)
def test_dev_only_and_old_search_modules_are_gone(module):
    assert module not in _modules()
