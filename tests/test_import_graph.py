"""riskreg's modules import one another without a cycle.

The graph is read from the source with `ast`, so it sees every import: those at the top
of a module, those inside functions (riskreg defers heavy imports there), and those
under `if TYPE_CHECKING:`. Importing `a.b.c` runs the packages `a.b` and `a` first,
so an import also leads to each package above the imported module, unless that package
holds the importing module too (it is already being imported when its module runs).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"


def module_names(src: Path) -> dict[str, Path]:
    """Every module and package under src/riskreg by its dotted name."""
    names = {}
    for path in sorted((src / "riskreg").rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _ancestors(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:end]) for end in range(1, len(parts))]


def _known(name: str, modules: dict[str, Path]) -> str | None:
    """The module `name` names, or the nearest package above it (for `from p import f`)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The riskreg modules that running `name` may import, wherever the import statement is."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            targets = [f"{source}.{alias.name}" for alias in node.names] or [source]
        for target in targets:
            module = _known(target, modules)
            if module is None:
                continue
            found.add(module)
            found.update(a for a in _ancestors(module) if a not in [*_ancestors(name), name])
    found.discard(name)
    found.discard("riskreg")  # the top package holds only the version
    return found


def import_graph(src: Path) -> dict[str, set[str]]:
    modules = module_names(src)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as a path that ends where it starts, or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            cycle = visit(start)
            if cycle:
                return cycle
    return None


def test_riskreg_imports_have_no_cycle() -> None:
    graph = import_graph(SRC)
    assert "riskreg.cli" in graph and "riskreg.commands" in graph["riskreg.cli"]
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # an import inside a function still counts
        ({"a.py": "def f():\n    from pkg import b\n", "b.py": "import pkg.a\n"}, True),
        # so does one under TYPE_CHECKING, and a relative one
        ({"a.py": "if TYPE_CHECKING:\n    from .b import X\n", "b.py": "from . import a\n"}, True),
        # a package's __init__ importing its own modules is no cycle
        ({"__init__.py": "from pkg.a import f\n", "a.py": "import pkg.b\n", "b.py": ""}, False),
        # importing a module runs its package first, whose __init__ imports back
        ({"__init__.py": "from pkg.sub.x import f\n", "sub/__init__.py": "import pkg\n"}, True),
        ({"a.py": "import pkg.b\n", "b.py": "import os\nfrom riskreg import __version__\n"}, False),
    ],
)  # fmt: skip
def test_the_check_finds_cycles(tmp_path: Path, source: dict[str, str], expected: bool) -> None:
    """The check can fail: cycles written on purpose are found, and plain chains are not."""
    root = tmp_path / "src"
    (root / "riskreg").mkdir(parents=True)
    (root / "riskreg" / "__init__.py").write_text("", encoding="utf-8")
    for name, text in {"__init__.py": "", **source}.items():
        path = root / "riskreg" / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("pkg", "riskreg.pkg"), encoding="utf-8")
    assert (find_cycle(import_graph(root)) is not None) is expected, import_graph(root)
