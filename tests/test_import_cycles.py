"""No import cycle among the modules of helpers/ (issue 19): each module's imports, at any level
(lazy imports inside functions count too), form a graph without cycles."""
from __future__ import annotations

import ast
from pathlib import Path

from helpers import paths

PACKAGE = paths.PROJECT_ROOT / "helpers"


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path) -> dict[str, set[str]]:
    """{module: the package's modules it imports}; `from P import x` counts as P.x when x is a module."""
    modules = {module_name(root, p): p for p in sorted(root.rglob("*.py"))}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(anchor + ([node.module] if node.module else []))
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for successor in sorted(graph[node]):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_helpers_has_no_import_cycle():
    graph = import_graph(PACKAGE)
    assert len(graph) > 40 and graph["helpers.corpus.api"] >= {"helpers.corpus.cache", "helpers.corpus.engine"}
    assert cycles(graph) == []


def test_a_cycle_is_found(tmp_path):
    # The mistake this test exists for: two modules that import each other (one lazily), as
    # cli.py and corpus/cli.py once did, and a longer cycle through a package's __init__.
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "cli.py").write_text("from .sub import cli as sub_cli\n")
    (package / "sub" / "__init__.py").write_text("from .work import run\n")
    (package / "sub" / "cli.py").write_text("def main():\n    from .. import cli\n")
    (package / "sub" / "work.py").write_text("import pkg.tools\n")
    (package / "tools.py").write_text("from pkg import sub\n")
    assert cycles(import_graph(package)) == [["pkg.cli", "pkg.sub.cli"], ["pkg.sub", "pkg.sub.work", "pkg.tools"]]
