"""The audience meter by country and metric: whose addresses count, users or accesses.

The log is written by hand so every figure is known: addresses delegated to Turkey (88.255/16,
85.96/16), Russia (94.25/16), Germany (2a01:4f8::/32), Belgium (81.169/16), India (49.36/16)
and the United States (8.8/16), each line's day on the counting clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from landfall.audience import measure_audience
from landfall.audience.cli import make_audience_command
from landfall.errors import InputError
from landfall.periods import LegalClock

TRT = LegalClock(timedelta(hours=3), "TRT")
IST = LegalClock(timedelta(hours=5, minutes=30), "IST")


def line(ip: str, when: str, agent: str = "Mozilla/5.0") -> str:
    return f'{ip} - - [{when}] "GET / HTTP/1.1" 200 512 "-" "{agent}"'


LINES = [
    # 1 March (Turkey's day): two Turkish users, one of them three times; a Russian; an American
    line("88.255.1.1", "01/Mar/2024:10:00:00 +0300"),
    line("88.255.1.1", "01/Mar/2024:11:00:00 +0300"),
    line("88.255.1.1", "01/Mar/2024:12:00:00 +0300"),
    line("85.96.7.7", "01/Mar/2024:12:30:00 +0300", "Firefox"),
    line("94.25.1.1", "01/Mar/2024:12:00:00 +0300"),
    line("8.8.8.8", "01/Mar/2024:12:00:00 +0300"),
    # 23:30 UTC on 1 March is 02:30 on 2 March in Turkey: the next legal day there
    line("88.255.2.2", "01/Mar/2024:23:30:00 +0000"),
    # a German and a Belgian user (the Union's members), an Indian one
    line("2a01:4f8::1", "01/Mar/2024:09:00:00 +0100"),
    line("81.169.1.1", "01/Mar/2024:09:00:00 +0100"),
    line("81.169.1.1", "01/Mar/2024:09:05:00 +0100"),
    line("49.36.1.1", "01/Mar/2024:09:00:00 +0530"),
]


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "access.log"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    return path


def figures(report: Any) -> dict[date, int]:
    return {d.date: d.value for d in report.days}


def test_distinct_users_of_one_country_on_its_legal_day(log: Path) -> None:
    report = measure_audience([log], resource="r", clock=TRT, country="TR")
    assert figures(report) == {date(2024, 3, 1): 2, date(2024, 3, 2): 1}
    assert report.lines_ru == 5  # the lines from Turkey
    events = report.to_events()
    assert events[0]["country"] == "TR" and events[0]["metric"] == "daily_users"
    assert events[0]["value"] == 2 and "daily_users_ru" not in events[0]
    assert report.to_dict()["days"][0]["value"] == 2


def test_daily_access_counts_every_line_from_the_country(log: Path) -> None:
    report = measure_audience([log], resource="r", clock=TRT, country="TR", metric="daily_access")
    assert figures(report) == {date(2024, 3, 1): 4, date(2024, 3, 2): 1}
    assert all(d.method == "exact" for d in report.days)
    assert {e["metric"] for e in report.to_events()} == {"daily_access"}


def test_daily_access_is_the_same_with_several_workers(log: Path) -> None:
    serial = measure_audience([log], resource="r", clock=TRT, country="TR", metric="daily_access")
    parallel = measure_audience(
        [log], resource="r", clock=TRT, country="TR", metric="daily_access", workers=2
    )
    assert figures(parallel) == figures(serial)


def test_a_union_counts_its_members(log: Path) -> None:
    report = measure_audience([log], resource="r", clock=TRT, country="EU")
    assert figures(report) == {date(2024, 3, 1): 2}  # the German and the Belgian user
    india = measure_audience([log], resource="r", clock=IST, country="IN")
    assert figures(india) == {date(2024, 3, 1): 1}


def test_the_default_stays_russias_daily_users(log: Path) -> None:
    report = measure_audience([log], resource="r", clock=TRT)
    assert figures(report) == {date(2024, 3, 1): 1}
    event = report.to_events()[0]
    assert event["daily_users_ru"] == 1 and "country" not in event and "metric" not in event
    assert report.to_dict()["days"][0]["daily_users_ru"] == 1


@pytest.mark.parametrize(
    ("options", "code"),
    [({"country": "tr"}, "audience-bad-country"), ({"metric": "weekly"}, "audience-bad-metric")],
)
def test_a_bad_country_or_metric_is_a_diagnostic(
    log: Path, options: dict[str, Any], code: str
) -> None:
    with pytest.raises(InputError) as caught:
        measure_audience([log], resource="r", clock=TRT, **options)
    assert caught.value.code == code


def test_the_command_counts_the_country_on_its_rulebooks_clock(log: Path) -> None:
    asked: list[str] = []
    written: list[list[dict[str, Any]]] = []

    def clock_of(country: str) -> LegalClock:
        asked.append(country)
        return {"TR": TRT, "XX": IST}[country]

    def sink(db: str | None, events: list[dict[str, Any]], logs: Sequence[Path]) -> int:
        written.append(events)
        return len(events)

    app = typer.Typer()
    app.command("audience")(
        make_audience_command(sink, clock=clock_of, default_country=lambda: "XX")
    )
    app.command("noop")(lambda: None)
    runner = CliRunner()
    result = runner.invoke(
        app, ["audience", str(log), "--resource", "r", "--country", "TR", "--metric",
              "daily_access"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert asked == ["TR"]
    assert "accesses in TR" in result.output and "daily accesses in TR" in result.output
    assert [e["value"] for e in written[0]] == [4, 1]
    # without --country: the default country's clock
    result = runner.invoke(app, ["audience", str(log), "--resource", "r"])
    assert result.exit_code == 0, result.output
    assert asked[-1] == "XX"
    bad = runner.invoke(app, ["audience", str(log), "--resource", "r", "--metric", "weekly"])
    assert bad.exit_code == 2
