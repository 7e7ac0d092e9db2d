"""The one parser of date and time text (periods.parse_when, periods.parse_day)."""

from __future__ import annotations

import datetime as dt

import pytest

from landfall.periods import DateTextError, NaiveTimeError, parse_day, parse_when

MSK = dt.timezone(dt.timedelta(hours=3))


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("2021-07-01", dt.date(2021, 7, 1)),
        (" 2024-02-29 ", dt.date(2024, 2, 29)),
        ("2021-07-01T23:59:59+03:00", dt.datetime(2021, 7, 1, 23, 59, 59, tzinfo=MSK)),
        ("2021-07-01T20:00:00Z", dt.datetime(2021, 7, 1, 20, tzinfo=dt.UTC)),
    ],
)
def test_parse_when_reads_dates_and_aware_datetimes(text: str, want: object) -> None:
    assert parse_when(text) == want


@pytest.mark.parametrize("text", ["2021-13-01", "2023-02-29", "yesterday", "2021-07-01T25:00"])
def test_parse_when_refuses_what_is_not_a_date(text: str) -> None:
    with pytest.raises(DateTextError, match="is not a date: use YYYY-MM-DD"):
        parse_when(text)


def test_a_naive_datetime_is_refused_unless_a_zone_is_named() -> None:
    with pytest.raises(NaiveTimeError, match="needs an offset"):
        parse_when("2021-07-01T10:00:00")
    assert parse_when("2021-07-01T10:00:00", naive=MSK) == dt.datetime(2021, 7, 1, 10, tzinfo=MSK)
    naive = dt.datetime(2021, 7, 1, 10)
    with pytest.raises(NaiveTimeError):
        parse_when(naive)


def test_parse_day_takes_only_a_calendar_day() -> None:
    assert parse_day("2024-02-29") == dt.date(2024, 2, 29)
    for text in ("2023-02-29", "2021-7-1", "2021-07-01T00:00:00+03:00", "20210701"):
        with pytest.raises(DateTextError, match="is not a date in the form YYYY-MM-DD"):
            parse_day(text)


def test_no_other_module_parses_date_text() -> None:
    """fromisoformat/strptime on user text live in periods. Left where they are: the ledger's
    stored instants and the report's own JSON (formats we write), the tracker's vectorised
    instants and offsets, access-log timestamps and dates scraped from notices (each returns
    None or a per-row problem, not a diagnostic)."""
    from pathlib import Path

    src = Path(__file__).parents[2] / "src" / "landfall"
    allowed = {"periods.py", "ledger/events.py", "report/charts.py", "takedown/parse.py",
               "takedown/model.py", "audience/logs.py"}  # fmt: skip
    found = [
        str(p.relative_to(src))
        for p in src.rglob("*.py")
        if str(p.relative_to(src)) not in allowed
        and ("fromisoformat(" in (text := p.read_text(encoding="utf-8")) or "strptime(" in text)
    ]
    assert found == []
