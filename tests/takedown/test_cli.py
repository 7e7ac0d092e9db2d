"""The takedown commands through Typer's runner, over a real in-memory event list."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner

from landfall.periods import LegalClock
from landfall.takedown.cli import make_takedown_app

from .test_import import action_file, demand_file

CLOCK = LegalClock(timedelta(hours=3), "MSK")


class Ledger:
    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.urls: list[str | None] = []
        self.files: list[Path] = []

    def read(self, db: str | None) -> list[Mapping[str, Any]]:
        self.urls.append(db)
        return list(self.events)

    def append(self, db: str | None, events: list[dict[str, Any]], files: Sequence[Path]) -> int:
        self.files = list(files)
        self.events += events
        return len(events)


def rule(basis: str, received: datetime) -> timedelta | None:
    return timedelta(hours=24) if basis == "149-FZ 15.3" else None


def app_for(ledger: Ledger) -> typer.Typer:
    root = typer.Typer()
    root.add_typer(
        make_takedown_app(ledger.read, ledger.append, rule, clock=lambda: CLOCK), name="takedown"
    )
    return root


def test_import_twice_then_status(tmp_path: Path) -> None:
    ledger = Ledger()
    runner = CliRunner()
    app = app_for(ledger)
    for path in (demand_file(tmp_path), action_file(tmp_path)):
        result = runner.invoke(app, ["takedown", "import", str(path), "--db", "sqlite:///l.db"])
        assert result.exit_code == 0, result.output
    recorded = len(ledger.events)
    again = runner.invoke(app, ["takedown", "import", str(tmp_path / "demands.csv")])
    assert again.exit_code == 0
    assert "0 new event(s)" in again.stdout
    assert len(ledger.events) == recorded
    assert ledger.urls[0] == "sqlite:///l.db"

    status = runner.invoke(
        app,
        [
            "takedown",
            "status",
            "--as-of",
            "2021-03-05T00:00:00+03:00",
            "--company",
            "acme",
            "--format",
            "json",
        ],
    )
    assert status.exit_code == 0, status.output
    doc = json.loads(status.stdout)
    assert (doc["items"], doc["on_time"], doc["late"], doc["refused"]) == (4, 2, 1, 1)
    table = runner.invoke(app, ["takedown", "status", "--as-of", "2021-03-05"])
    assert table.exit_code == 0
    assert "on-time rate" in table.stdout


def test_unknown_demand_exits_with_the_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app_for(Ledger()), ["takedown", "import", str(action_file(tmp_path))]
    )
    assert result.exit_code == 2
    assert "actions.csv:2: demand_id: [takedown-unknown-demand]" in result.stderr


def test_a_bad_as_of_is_bad_input_and_a_date_is_the_close_of_that_legal_day(
    tmp_path: Path,
) -> None:
    runner = CliRunner()
    bad = runner.invoke(app_for(Ledger()), ["takedown", "status", "--as-of", "01.06.2022"])
    assert bad.exit_code == 2
    assert "takedown-bad-as-of" in bad.stderr
    ledger = Ledger()
    app = app_for(ledger)
    for path in (demand_file(tmp_path), action_file(tmp_path)):
        assert runner.invoke(app, ["takedown", "import", str(path)]).exit_code == 0
    by_date = runner.invoke(
        app, ["takedown", "status", "--as-of", "2021-03-04", "--format", "json"]
    )
    by_close = runner.invoke(
        app,
        ["takedown", "status", "--as-of", "2021-03-04T23:59:59.999999+03:00", "--format", "json"],
    )
    assert by_date.exit_code == 0, by_date.output
    assert json.loads(by_date.stdout) == json.loads(by_close.stdout)


def test_time_left_is_in_days_past_two_days() -> None:
    from landfall.takedown.cli import _time_left

    assert _time_left(None) == "no deadline"
    assert _time_left(5.25) == "+5.2 h"
    assert _time_left(-47.9) == "-47.9 h"
    assert _time_left(-41641.6) == "-1,735.1 d"
