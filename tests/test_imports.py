"""The module graph: no cycles, not even through imports inside functions; each module imports
on its own in a fresh interpreter; only `render` imports rich and only `cli` imports typer."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import venru

SRC = Path(venru.__file__).parent
MODULES = sorted(p.stem for p in SRC.glob("*.py") if p.stem not in ("__init__", "__main__"))


def imports_of(module: str) -> tuple[set[str], set[str]]:
    """(venru modules, other top-level packages) that `module` imports anywhere in its text."""
    ours: set[str] = set()
    others: set[str] = set()
    for node in ast.walk(ast.parse((SRC / f"{module}.py").read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "venru":
                ours |= {alias.name for alias in node.names if alias.name in MODULES}
            elif node.module.startswith("venru."):
                ours.add(node.module.split(".")[1])
            else:
                others.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("venru."):
                    ours.add(alias.name.split(".")[1])
                else:
                    others.add(alias.name.split(".")[0])
    return ours - {module}, others


GRAPH = {module: imports_of(module)[0] for module in MODULES}


def test_the_graph_is_read() -> None:
    assert {"model", "settings"} <= GRAPH["load"] | GRAPH["cli"]
    assert "validate" in GRAPH["load"]


def test_no_import_cycle() -> None:
    """A lower module never imports a higher one, not even inside a function."""
    done: set[str] = set()
    order: list[str] = []

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, "import cycle: " + " -> ".join((*path, module))
        if module in done:
            return
        for imported in sorted(GRAPH[module]):
            visit(imported, (*path, module))
        done.add(module)
        order.append(module)

    for module in MODULES:
        visit(module, ())
    assert order.index("model") < order.index("load") < order.index("cli")


@pytest.mark.parametrize(("package", "allowed"), [("typer", {"cli"}), ("rich", {"render"}), ("click", set())])
def test_only_cli_imports_typer_and_only_render_imports_rich(package: str, allowed: set[str]) -> None:
    assert {module for module in MODULES if package in imports_of(module)[1]} == allowed


def test_each_module_imports_first_in_a_fresh_interpreter() -> None:
    for module in MODULES:  # one interpreter per module, so that each is imported first
        done = subprocess.run(
            [sys.executable, "-c", f"import venru.{module}"], capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, (module, done.stderr)
