"""docs/api.md names every endpoint, every setting and every CLI command this issue adds."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from landfall.settings import Settings

DOC = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text(encoding="utf-8")


def test_every_endpoint_is_documented(app: FastAPI) -> None:
    for path, methods in app.openapi()["paths"].items():
        for method in methods:
            assert f"`{method.upper()} {path}" in DOC, f"{method.upper()} {path}"


def test_every_setting_is_documented() -> None:
    for name in Settings.model_fields:
        assert f"| `{name}` |" in DOC, name


def test_commands_are_documented() -> None:
    for command in (
        "landfall serve",
        "landfall token create",
        "landfall token list",
        "landfall token revoke",
        "landfall report",
    ):
        assert command in DOC, command
