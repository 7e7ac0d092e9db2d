"""The ledger's as-of filter reads the legal day as a facts document does.

A datetime is valid by the end of a legal day when its instant is before the day's end on
the rulebook's clock, whatever offset it was written in; a bare date falls on that date at any
clock offset, negative ones included. The stored rows (and their hashes) are unchanged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from landfall.facts import parse_facts
from landfall.ledger import SqlLedger, document_events
from landfall.ledger.bitemporal import picture
from landfall.periods import LegalClock

MSK = LegalClock(dt.timedelta(hours=3), "MSK")


def _document(dates: list[str]) -> str:
    events = "\n".join(
        f'  - {{date: "{d}", type: demand_met, company: x, demand: d{i}}}'
        for i, d in enumerate(dates)
    )
    return (
        "landfall: 1\ncompanies: [{id: x, country: CY}]\nevents:\n"
        + "\n".join(
            f"  - {{date: 2021-06-30, type: demand, company: x, id: d{i}, kind: takedown}}"
            for i in range(len(dates))
        )
        + "\n"
        + events
        + "\n"
    )


def _met(doc: Any) -> list[str]:
    return sorted(e.demand for e in doc.events if e.type == "demand_met")


# (valid time, legal day on MSK): each a moment near midnight Moscow in another offset.
EDGES = [
    ("2021-07-02T01:00:00+05:00", "2021-07-01"),  # 23:00 MSK on 1 July
    ("2021-07-01T17:30:00-04:00", "2021-07-02"),  # 00:30 MSK on 2 July
    ("2021-07-01T16:59:59-04:00", "2021-07-01"),  # 23:59:59 MSK on 1 July
    ("2021-07-02T10:59:59+14:00", "2021-07-01"),  # 23:59:59 MSK on 1 July
    ("2021-07-02T11:00:00+14:00", "2021-07-02"),  # 00:00 MSK on 2 July
    ("2021-07-01T21:00:00Z", "2021-07-02"),  # midnight MSK exactly: the next day
    ("2021-07-01T23:59:59.999999+03:00", "2021-07-01"),
    ("2021-07-01", "2021-07-01"),  # a bare date is its own day
    ("2021-07-02", "2021-07-02"),
]


@pytest.mark.parametrize(("when", "day"), EDGES)
def test_file_and_ledger_agree_a_day_either_side(store: SqlLedger, when: str, day: str) -> None:
    text = _document([when])
    doc = parse_facts(text)
    store.append(document_events(doc))
    legal = dt.date.fromisoformat(day)
    for as_of in (legal - dt.timedelta(days=1), legal, legal + dt.timedelta(days=1)):
        from_file = [e for e in doc.events if e.type == "demand_met" and MSK.day(e.date) <= as_of]
        from_ledger = _met(store.facts(as_of, clock=MSK))
        assert from_ledger == sorted(e.demand for e in from_file), (when, as_of)
        assert from_ledger == (["d0"] if as_of >= legal else [])
    assert store.verify().ok


@pytest.mark.parametrize("offset", [-12, -4, 0, 5, 14])
def test_a_bare_date_is_its_own_legal_day_on_any_clock(store: SqlLedger, offset: int) -> None:
    clock = LegalClock(dt.timedelta(hours=offset), "X")
    store.append(document_events(parse_facts(_document(["2021-07-01"]))))
    assert _met(store.facts(dt.date(2021, 6, 30), clock=clock)) == []
    assert _met(store.facts(dt.date(2021, 7, 1), clock=clock)) == ["d0"]
    assert [
        r.valid_day for r in store.events(type="demand_met", since=dt.date(2021, 7, 1), clock=clock)
    ] == ["2021-07-01"]
    assert store.events(type="demand_met", since=dt.date(2021, 7, 2), clock=clock) == []


def test_the_datetimes_legal_day_follows_the_clock(store: SqlLedger) -> None:
    # 23:00 MSK on 1 July is 2 July on a +05:00 clock, still 1 July at -04:00 (16:00).
    store.append(document_events(parse_facts(_document(["2021-07-01T23:00:00+03:00"]))))
    plus5 = LegalClock(dt.timedelta(hours=5), "P5")
    minus4 = LegalClock(dt.timedelta(hours=-4), "M4")
    assert _met(store.facts(dt.date(2021, 7, 1), clock=plus5)) == []
    assert _met(store.facts(dt.date(2021, 7, 2), clock=plus5)) == ["d0"]
    assert _met(store.facts(dt.date(2021, 7, 1), clock=minus4)) == ["d0"]
    rows = store.events(type="demand_met", valid_until=dt.date(2021, 7, 1), clock=plus5)
    assert rows == []
    rows = store.events(type="demand_met", since=dt.date(2021, 7, 2), clock=plus5)
    assert len(rows) == 1


def test_the_public_picture_reads_the_same_legal_day(store: SqlLedger) -> None:
    store.append(document_events(parse_facts(_document(["2021-07-02T01:00:00+05:00"]))))
    rows = store.events()
    assert _met(picture(rows, dt.date(2021, 7, 1), MSK)) == ["d0"]
    assert _met(picture(rows, dt.date(2021, 6, 30), MSK)) == []


def test_every_valid_time_by_the_last_day(store: SqlLedger) -> None:
    store.append(document_events(parse_facts(_document(["2021-07-02T01:00:00+05:00"]))))
    assert _met(store.facts(dt.date.max, clock=MSK)) == ["d0"]
