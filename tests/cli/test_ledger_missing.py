"""Commands that read a ledger never create or seed one; `ledger init` and `demo` do."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from landfall.cli import app
from landfall.ledger import open_ledger

runner = CliRunner()

READERS = [
    ["assess", "--company", "google"],
    ["assess", "--db", "sqlite:///landfall.db"],
    ["where", "--db", "sqlite:///landfall.db"],
    ["fines"],
    ["measures", "--company", "google"],
    ["events", "--type", "fine"],
    ["takedown", "status"],
    ["takedown", "status", "--company", "google", "--format", "json"],
    ["ledger", "checkpoint", "--key", "k.pem", "--out", "c.json"],
    ["explain", "-", "ru-236-fz"],
    ["where"],
    ["changes", "--db", "sqlite:///landfall.db", "--from", "2021-12-31", "--to", "2022-01-01"],
    ["calendar", "--db", "sqlite:///landfall.db", "--from", "2026-12-01"],
    ["report", "google", "--out", "g.md", "--format", "md"],
    ["serve", "--port", "1"],
    ["token", "list"],
    ["token", "revoke", "tok"],
    ["ledger", "log"],
    ["ledger", "verify"],
    ["ledger", "export"],
]


@pytest.mark.parametrize("args", READERS, ids=" ".join)
def test_a_missing_ledger_is_an_error_and_nothing_is_created(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LANDFALL_DB", raising=False)
    result = runner.invoke(app, args)
    assert result.exit_code == 5, result.output
    assert "[ledger-missing] there is no ledger at sqlite:///landfall.db" in result.stderr
    assert "`landfall ledger init`" in result.stderr and "`landfall demo`" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_ledger_named_by_db_must_exist_too(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'typo.db'}"
    result = runner.invoke(app, ["assess", "--db", url, "--as-of", "2022-01-01"])
    assert result.exit_code == 5
    assert f"there is no ledger at {url}" in result.stderr
    assert not (tmp_path / "typo.db").exists()


def test_ledger_init_creates_an_empty_ledger_the_readers_then_read(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'l.db'}"
    made = runner.invoke(app, ["ledger", "init", "--db", url])
    assert made.exit_code == 0, made.output
    assert "0 events" in made.stdout
    logged = runner.invoke(app, ["ledger", "log", "--db", url])
    assert logged.exit_code == 0, logged.output
    again = runner.invoke(app, ["ledger", "init", "--db", url])  # kept, not replaced
    assert again.exit_code == 0 and "0 events" in again.stdout


def test_a_report_on_an_empty_ledger_does_not_import_the_casebook(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'l.db'}"
    assert runner.invoke(app, ["ledger", "init", "--db", url]).exit_code == 0
    args = ["report", "google", "--db", url, "--format", "md", "--out", str(tmp_path / "g.md")]
    result = runner.invoke(app, args)
    assert result.exit_code == 4, result.output  # google is unknown to an empty ledger
    with open_ledger(url) as store:
        assert store.position()[1] == 0


def test_ledger_init_with_the_casebook_imports_it_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'l.db'}"
    first = runner.invoke(app, ["ledger", "init", "--db", url, "--casebook"])
    assert first.exit_code == 0, first.output
    with open_ledger(url) as store:
        count = store.position()[1]
    assert count > 0 and f"{count} events, {count} case-book events imported" in first.stdout
    second = runner.invoke(app, ["ledger", "init", "--db", url, "--casebook"])
    assert f"{count} events, 0 case-book events imported" in second.stdout
