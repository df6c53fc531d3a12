"""The package's layers import one way (docs/architecture.md): core ← data ← products ←
sphinx_ext, with book and cli beside the Sphinx layer, never importing it; Sphinx and
docutils only in sphinx_ext; no import cycle between modules; no module too long to read."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "edition"
# What each layer may import of the package (itself included).
MAY_IMPORT = {
    "core": {"core"},
    "data": {"core", "data"},
    "products": {"core", "data", "products"},
    "sphinx_ext": {"core", "data", "products", "sphinx_ext"},
    "book": {"core", "data", "products", "book"},
    "cli": {"core", "data", "products", "book", "cli"},
}
SPHINX_WORLD = ("sphinx", "docutils", "sphinxcontrib", "myst_parser", "sphinx_design")
# A module longer than this holds more than one capability: split it (issue 21).
MAX_MODULE_LINES = 300


def _modules() -> dict[str, Path]:
    """Dotted module name (``data.notes``) → file, for every module of a layer."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[0] in MAY_IMPORT:
            name = ".".join(p for p in parts if p != "__init__")
            found[name] = path
    return found


def _imports(name: str, path: Path) -> list[tuple[int, str]]:
    """(line, imported name) of every import, relative ones resolved within the package
    (as ``edition.data.notes``); imports inside functions included."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(["edition", *base, *([node.module] if node.module else [])])
                # ``from . import x``: x may be a module of the package.
                found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module or ""))
    return found


def _module_of(imported: str, modules: dict[str, Path]) -> str | None:
    """The package module an imported name belongs to (longest match), if any."""
    parts = imported.removeprefix("edition.").split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in modules:
            return ".".join(parts[:end])
    return None


def test_layers_import_one_way() -> None:
    modules = _modules()
    assert len(modules) > 30
    wrong = []
    for name, path in modules.items():
        layer = name.split(".")[0]
        for line, imported in _imports(name, path):
            if imported.startswith("edition."):
                target = imported.split(".")[1]
                if target in MAY_IMPORT and target not in MAY_IMPORT[layer]:
                    wrong.append(f"{path.name}:{line}: {layer} imports {imported}")
            elif layer != "sphinx_ext" and imported.split(".")[0] in SPHINX_WORLD:
                wrong.append(f"{path.name}:{line}: {layer} imports {imported}")
    assert wrong == []


def test_no_import_cycle() -> None:
    modules = _modules()
    graph = {
        name: {
            target
            for _line, imported in _imports(name, path)
            if imported.startswith("edition.")
            and (target := _module_of(imported, modules)) not in (None, name)
            # a package's __init__ is imported by its modules' loading: not an edge back
            and not name.startswith(f"{target}.")
        }
        for name, path in modules.items()
    }
    visiting: list[str] = []
    done: set[str] = set()
    cycles: list[list[str]] = []

    def visit(name: str) -> None:
        if name in done:
            return
        if name in visiting:
            cycles.append([*visiting[visiting.index(name) :], name])
            return
        visiting.append(name)
        for target in sorted(graph[name]):
            visit(target)
        visiting.pop()
        done.add(name)

    for name in sorted(graph):
        visit(name)
    assert cycles == []


def test_no_module_is_longer_than_max_module_lines() -> None:
    """Every line counts (docstrings, comments and blank lines too), as ``wc -l`` counts."""
    lengths = {
        path.relative_to(PACKAGE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted(PACKAGE.rglob("*.py"))
    }
    assert len(lengths) > 30
    assert {name: n for name, n in lengths.items() if n > MAX_MODULE_LINES} == {}


@pytest.mark.parametrize("module", ["edition.cli", "edition.data.project", "edition.book"])
def test_the_command_and_the_data_layer_load_no_sphinx(module: str) -> None:
    """``edition check`` starts fast and runs where Sphinx is broken or absent."""
    code = (
        f"import json, sys; import {module}; "
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(done.stdout))
    assert loaded.isdisjoint(SPHINX_WORLD), loaded & set(SPHINX_WORLD)
