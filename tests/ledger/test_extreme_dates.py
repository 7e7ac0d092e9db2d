"""Dates outside 1990-2100 through the CLI and the collectors: exit 2 with a diagnostic.

The probe: a demand dated 9999-12-31 went into the ledger through ``takedown import``, then
``assess --as-of 9999-12-31`` and ``takedown status --as-of 9999-...`` crashed with an
OverflowError. A ledger instant past the end of ``datetime`` is clamped, not raised.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from landfall.cli import app
from landfall.ledger.events import format_instant, known_at_bound

runner = CliRunner()
HEADER = "demand_id,company,received_at,basis,item\n"


def test_a_demand_past_the_range_is_not_imported(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    csv = tmp_path / "demands.csv"
    csv.write_text(HEADER + "rkn-9,acme,9999-12-31T10:00:00+03:00,149-FZ 15.3,post:1\n")
    result = runner.invoke(app, ["takedown", "import", str(csv), "--db", db])
    assert result.exit_code == 2, result.output
    assert "date-out-of-range" in result.output
    assert "Traceback" not in result.output
    csv.write_text(HEADER + "rkn-9,acme,2100-12-31T10:00:00+03:00,149-FZ 15.3,post:1\n")
    assert runner.invoke(app, ["takedown", "import", str(csv), "--db", db]).exit_code == 0


@pytest.mark.parametrize("day", ["9999-12-31", "2101-01-01", "1989-12-31", "0001-01-01"])
@pytest.mark.parametrize("command", [["assess"], ["takedown", "status"]])
def test_as_of_past_the_range_is_exit_2(tmp_path: Path, command: list[str], day: str) -> None:
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    result = runner.invoke(app, [*command, "--db", db, "--as-of", day])
    assert result.exit_code == 2, result.output
    assert "date-out-of-range" in result.output
    assert "Traceback" not in result.output


def test_as_of_at_the_ends_of_the_range_is_read(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert runner.invoke(app, ["ledger", "init", "--db", db]).exit_code == 0  # a read needs one
    for day in ("1990-01-01", "2100-12-31"):
        result = runner.invoke(app, ["takedown", "status", "--db", db, "--as-of", day])
        assert result.exit_code == 0, result.output


def test_known_at_past_either_end_of_datetime_is_that_end() -> None:
    late = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.timezone(-dt.timedelta(hours=12)))
    early = dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=14)))
    assert known_at_bound(late) == format_instant(dt.datetime.max.replace(tzinfo=dt.UTC))
    assert known_at_bound(early) == format_instant(dt.datetime.min.replace(tzinfo=dt.UTC))
    # the same wall time at UTC is an ordinary instant
    ordinary = late.replace(tzinfo=dt.timezone(-dt.timedelta(hours=0)))
    assert known_at_bound(ordinary) == format_instant(ordinary)
