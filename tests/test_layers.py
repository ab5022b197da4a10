"""Imports only point down the flow, and no two modules import each other (DESIGN.md).

The graph is read from the source with ``ast``, imports inside functions included; only
``if TYPE_CHECKING:`` blocks are left out, since they never run.  An edge goes from a module
to what it names: ``from ..model import Ledger`` depends on the ``model`` package,
``from . import meeting`` on the ``meeting`` module.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "dangjian_core"

#: Layers from the bottom up; a module may import its own layer and the ones below.
LAYERS = [
    {"_filetypes", "_format", "_gc", "_version", "errors", "periods", "_plugins"},
    {"model"},
    {"io", "rules"},
    {"upcoming"},
    {"scoring"},
    {"report", "redact", "plot"},
    {"scale", "dask"},
    {"testing", "cli", "__main__"},
]

#: Upward imports allowed, each deferred into a method of a model object, and why: the object
#: offers its views as conveniences (``assessment.explain()``, ``findings.to_pandas()``, the
#: notebook cards), the way pandas offers ``DataFrame.plot``.  The import runs only when the
#: method is called — both modules are loaded by then — so it makes no import-time cycle,
#: which is why the cycle test leaves exactly these edges out.  Nothing else may point up.
ALLOWED_UPWARD = {
    ("scoring._assessment", "report.explain"),
    ("scoring._assessment", "report.html"),
    ("scoring._assessment", "report.markdown"),
    ("scoring._assessment", "report._html_repr"),
    ("scoring._assessment", "report.frames"),
    ("scoring._assessment", "report.plot"),
    ("rules._finding", "report._html_repr"),
    ("rules._finding", "report.frames"),
    ("rules._rule", "report._html_repr"),
    ("model.ledger", "report._html_repr"),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for sub in child.orelse:
                    visit(sub)
                continue
            if isinstance(child, ast.Import | ast.ImportFrom):
                found.append(child)
            visit(child)

    visit(tree)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        here = name.split(".") if name else []
        package = here if is_package else here[:-1]
        edges: set[str] = set()
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name.removeprefix("dangjian_core.") for a in node.names
                           if a.name.startswith("dangjian_core.")]
            elif node.level == 0:
                mod = node.module or ""
                if not mod.startswith("dangjian_core"):
                    continue
                base = mod.removeprefix("dangjian_core").lstrip(".")
                targets = [base]
            else:
                anchor = package[: len(package) - (node.level - 1)]
                base = ".".join([*anchor, *(node.module.split(".") if node.module else [])])
                targets = []
                for alias in node.names:
                    sub = f"{base}.{alias.name}" if base else alias.name
                    targets.append(sub if sub in modules else base)
            edges.update(t for t in targets if t in modules and t != name)
        graph[name] = edges
    return graph


def _layer(module: str) -> int:
    top = module.split(".")[0] if module else ""
    for rank, members in enumerate(LAYERS):
        if top in members:
            return rank
    return len(LAYERS)  # the package root re-exports everything


def test_no_import_cycles():
    graph = _graph()
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node] - {dst for src, dst in ALLOWED_UPWARD if src == node}):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == []


def test_imports_point_down_the_flow():
    upward = sorted(
        (src, dst)
        for src, targets in _graph().items()
        for dst in targets
        if src and dst and _layer(dst) > _layer(src) and (src, dst) not in ALLOWED_UPWARD
    )
    assert upward == []


def test_the_graph_sees_imports_inside_functions():
    # a guard on the reader itself: the deferred view import must be found
    assert "report.explain" in _graph()["scoring._assessment"]
