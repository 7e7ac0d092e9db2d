"""The access log's user field is the client's: it cannot move a hit to another day or stop
the run (the time field is the one right before the request, not the first "[")."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from landfall.audience import measure_audience
from landfall.periods import LegalClock

CLOCK = LegalClock(timedelta(hours=3), "MSK")


def line(user: str, stamp: str = "01/Mar/2024:10:00:00 +0000", agent: str = "UA/1") -> str:
    return f'77.88.55.1 - {user} [{stamp}] "GET / HTTP/1.1" 200 10 "-" "{agent}"'


def test_a_forged_time_in_the_user_field_is_not_the_time(tmp_path: Path) -> None:
    log = tmp_path / "a.log"
    log.write_text(
        "\n".join(
            [
                line("[15/Jan/2031:00:00:00 +0000]", agent="a"),
                line("[01/Jan/0001:00:00:00 +1400]", agent="b"),
                line('[15/Jan/2031:00:00:00 +0000] \\"x', agent="c"),  # Apache's \" escape
                line("alice", agent="d"),
                line("-", stamp="01/Jan/0001:00:00:00 +1400", agent="e"),
                line("-", stamp="31/Dec/9999:23:59:00 -1200", agent="f"),
            ]
        )
        + "\n"
    )
    report = measure_audience([log], resource="r", clock=CLOCK)
    assert [(d.date, d.daily_users_ru) for d in report.days] == [(date(2024, 3, 1), 4)]
    assert report.malformed == 2  # the two lines whose own time has no instant


def test_json_lines_with_times_out_of_range_or_deep_nesting_are_malformed(tmp_path: Path) -> None:
    log = tmp_path / "a.jsonl"
    log.write_text(
        "\n".join(
            [
                '{"ip": "77.88.55.1", "time": "2024-03-01T10:00:00+00:00", "user_agent": "a"}',
                '{"ip": "77.88.55.1", "time": "9999-12-31T23:00:00-12:00", "user_agent": "b"}',
                '{"ip": "77.88.55.1", "time": "0001-01-01T00:00:00+14:00", "user_agent": "c"}',
                '{"ip": "77.88.55.1", "x": ' + "[" * 5000 + "]" * 5000 + "}",
                '{"ip": "77.88.55.1", "time": ' + "9" * 5000 + "}",
            ]
        )
        + "\n"
    )
    report = measure_audience([log], resource="r", clock=CLOCK)
    assert [(d.date, d.daily_users_ru) for d in report.days] == [(date(2024, 3, 1), 1)]
    assert report.malformed == 4
