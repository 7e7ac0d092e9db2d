"""docs/api.md names every endpoint and setting; the README or a doc names every CLI command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from fastapi import FastAPI

from landfall.cli import app as cli_app
from landfall.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_endpoint_is_documented(app: FastAPI) -> None:
    for path, methods in app.openapi()["paths"].items():
        for method in methods:
            assert f"`{method.upper()} {path}" in DOC, f"{method.upper()} {path}"


def test_every_setting_is_documented() -> None:
    for name in Settings.model_fields:
        assert f"| `{name}` |" in DOC, name


def _commands(command: Any, prefix: str) -> list[str]:
    """Every command path of the CLI, sub-commands included (hidden ones left out)."""
    if getattr(command, "hidden", False):
        return []
    if hasattr(command, "commands"):  # a group (Typer carries its own click)
        found = [prefix] if command.invoke_without_command else []
        for name, sub in sorted(command.commands.items()):
            found += _commands(sub, f"{prefix} {name}")
        return found
    return [prefix]


def test_every_command_is_documented() -> None:
    """Walks the Typer app, so a new command fails here until a doc names it."""
    docs = README + "".join(
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md"))
    )
    commands = _commands(typer.main.get_command(cli_app), "landfall")
    assert len(commands) > 10  # the walk reached the sub-apps (ledger, token, takedown)
    missing = [c for c in commands if c not in docs]
    assert missing == []
