"""Shared fixtures of the service tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from landfall.cli import app


@pytest.fixture
def ledger_of(tmp_path: Path) -> Callable[[str], str]:
    """A maker of a fresh SQLite ledger holding a facts document (YAML text), imported the way
    ``landfall ledger import`` does."""

    def make(facts_text: str) -> str:
        facts = tmp_path / "facts.yaml"
        facts.write_text(facts_text, encoding="utf-8")
        url = f"sqlite:///{tmp_path / 'ledger.db'}"
        result = CliRunner().invoke(app, ["ledger", "import", str(facts), "--db", url])
        assert result.exit_code == 0, result.output
        return url

    return make
