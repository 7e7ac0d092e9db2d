"""The layers, enforced: faces import the service and never each other; the domain does no I/O.

The faces are the HTTP API with its dashboard (``landfall.api``), the reports
(``landfall.report``) and the command line (``landfall.cli``, its Rich renderer and the
collectors' ``cli`` modules it mounts). Two crossings are part of the design: ``landfall serve``
starts the API, and ``landfall report`` and ``landfall demo`` write reports.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import landfall

SRC = Path(landfall.__file__).parent

CLI_MODULES = {"landfall.render"} | {
    f"landfall.{part}.cli" for part in ("ledger", "scanner", "audience", "takedown")
}

# (importing module, the function the import sits in, imported face): crossings by design
ALLOWED = {
    ("landfall.cli", "serve", "api"),
    ("landfall.cli", "report", "report"),
    ("landfall.cli.demo", None, "report"),
}

# Crossings that other work in progress removes: ``periods.parse_when`` replaces the ledger
# CLI's date parser.
PENDING = {
    ("landfall.api.dashboard.pages", "landfall.ledger.cli"),
    ("landfall.service.evidence", "landfall.ledger.cli"),
}

DOMAIN = (
    "landfall.periods",
    "landfall.errors",
    "landfall.facts",
    "landfall.rules",
    "landfall.engine",
)
IO = (
    "sqlalchemy",
    "fastapi",
    "starlette",
    "uvicorn",
    "httpx",
    "typer",
    "rich",
    "jinja2",
    "requests",
    "landfall.ledger",
    "landfall.service",
    "landfall.api",
    "landfall.cli",
    "landfall.report",
    "landfall.scanner",
    "landfall.audience",
    "landfall.takedown",
)


def face(module: str) -> str | None:
    if module in CLI_MODULES or module == "landfall.cli" or module.startswith("landfall.cli."):
        return "cli"
    for name in ("api", "report", "service"):
        if module == f"landfall.{name}" or module.startswith(f"landfall.{name}."):
            return name
    return None


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the imported module (or module.name for ``from x import name``)
    function: str | None  # the outermost function the import sits in, if any
    line: int


def module_name(path: Path) -> str:
    parts = ("landfall", *path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_in(code: str, module: str) -> list[Import]:
    found: list[Import] = []

    def visit(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            inner = function
            if function is None and isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = child.name
            if isinstance(child, ast.Import):
                found.extend(Import(module, a.name, inner, child.lineno) for a in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                # ``from landfall import cli`` names a module too
                found.append(Import(module, child.module, inner, child.lineno))
                found.extend(
                    Import(module, f"{child.module}.{a.name}", inner, child.lineno)
                    for a in child.names
                )
            visit(child, inner)

    visit(ast.parse(code), None)
    return found


def all_imports() -> list[Import]:
    return [
        i
        for path in sorted(SRC.rglob("*.py"))
        for i in imports_in(path.read_text(encoding="utf-8"), module_name(path))
    ]


def crossings(imports: list[Import]) -> list[str]:
    """Imports from one face into another, or from the service into a face."""
    bad = []
    for i in imports:
        mine, theirs = face(i.module), face(i.target)
        if theirs is None or theirs == mine or mine is None or theirs == "service":
            continue
        if (i.module, i.function, theirs) in ALLOWED:
            continue
        if any(i.module == m and i.target.startswith(t) for m, t in PENDING):
            continue
        bad.append(f"{i.module}:{i.line} ({mine}) imports {i.target} ({theirs})")
    return sorted(set(bad))


def test_faces_import_the_service_never_each_other() -> None:
    assert crossings(all_imports()) == []


def test_the_cli_imports_the_api_only_to_serve_it() -> None:
    found = [i for i in all_imports() if face(i.module) == "cli" and face(i.target) == "api"]
    assert found, "the serve command starts the API"
    assert {(i.module, i.function) for i in found} == {("landfall.cli", "serve")}


def test_the_faces_go_through_the_service() -> None:
    users = {face(i.module) for i in all_imports() if face(i.target) == "service"}
    assert {"api", "report", "cli"} <= users


def test_the_domain_imports_no_io() -> None:
    bad = [
        f"{i.module}:{i.line} imports {i.target}"
        for i in all_imports()
        if i.module.startswith(DOMAIN) and i.target.startswith(IO)
    ]
    assert bad == []


def test_the_check_sees_a_crossing() -> None:
    # a dashboard page importing the report face and the CLI renderer is caught
    code = "from landfall.report.html import render\ndef page():\n    import landfall.render\n"
    assert crossings(imports_in(code, "landfall.api.dashboard.example")) == [
        "landfall.api.dashboard.example:1 (api) imports landfall.report.html (report)",
        "landfall.api.dashboard.example:1 (api) imports landfall.report.html.render (report)",
        "landfall.api.dashboard.example:3 (api) imports landfall.render (cli)",
    ]
    # the service may not reach up into a face either
    assert crossings(imports_in("from landfall.api import deps", "landfall.service.board"))
    # and the serve exception holds only inside serve
    serve = "def serve():\n    from landfall.api import create_app\n"
    assert not crossings(imports_in(serve, "landfall.cli"))
    assert crossings(imports_in("from landfall.api import create_app", "landfall.cli"))
