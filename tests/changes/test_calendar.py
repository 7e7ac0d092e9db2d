"""The compliance calendar: its window's edges, each kind of item, and the .ics export parsed
back by a calendar library event by event."""

from __future__ import annotations

import datetime as dt
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest

from landfall.changes.calendar import Calendar, calendar, company_items
from landfall.changes.ics import to_ics
from landfall.changes.law import changes_on_days
from landfall.engine.assess import CompanyAssessment
from landfall.facts import load_facts, parse_facts
from landfall.rulebooks import load
from landfall.rules.model import Rulebook

HERE = Path(__file__).parent
FIXTURE = HERE.parent / "rulebooks" / "fixture"
GLOBAL = HERE / "global-platform.yaml"
START = dt.date(2023, 12, 15)


@pytest.fixture
def xx() -> Iterator[Rulebook]:
    """The test state's rulebook package (tests/rulebooks/fixture), imported from its folder."""
    sys.path.insert(0, str(FIXTURE))
    try:
        yield importlib.import_module("landfall_xx").rulebook()
    finally:
        sys.path.remove(str(FIXTURE))


@pytest.fixture
def global_calendar(xx: Rulebook) -> Calendar:
    return calendar([load("ru"), xx], load_facts(GLOBAL), START, 90)


def _kinds(found: Calendar) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in found.items:
        out.setdefault(item.kind, []).append(item.subject)
    return out


def test_the_global_platform_across_jurisdictions(global_calendar: Calendar) -> None:
    kinds = _kinds(global_calendar)
    assert kinds["deadline"] == ["ru-149-fz.takedown:d-77"]
    deadline = next(i for i in global_calendar.items if i.kind == "deadline")
    # 24 hours after receipt (149-FZ 15.3), an instant, not a day
    assert deadline.at == dt.datetime(2023, 12, 16, 10, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    assert deadline.company == "globo" and deadline.jurisdiction == "RU"
    # the unpaid fine: art. 20.25 proceedings possible until the limitation ends
    limitation = [i for i in global_calendar.items if i.kind == "limitation_ends"]
    assert [i.subject for i in limitation] == ["fine:f-9 -> 20.25 part 1"]
    assert limitation[0].day == dt.date(2024, 3, 1)
    # the law of both states taking effect in the window, from their parameters
    law = changes_on_days(global_calendar.rulebooks, START, global_calendar.last)
    assert kinds["law_change"] == [c.parameter for c in law]
    assert {i.jurisdiction for i in global_calendar.items if i.kind == "law_change"} >= {"XX"}
    assert [i.day for i in global_calendar.items] == sorted(i.day for i in global_calendar.items)


def test_the_window_holds_its_first_and_last_day_only() -> None:
    facts = parse_facts(GLOBAL.read_text(encoding="utf-8"), name="global")
    ru = [load("ru")]
    limitation_day = dt.date(2024, 3, 1)
    days = (limitation_day - START).days + 1  # the limitation's day is the last of the window
    assert "limitation_ends" in _kinds(calendar(ru, facts, START, days))
    assert "limitation_ends" not in _kinds(calendar(ru, facts, START, days - 1))
    # the deadline falls on the window's second legal day; from the day after it, it is past
    assert "deadline" in _kinds(calendar(ru, facts, START, 2))
    assert "deadline" not in _kinds(calendar(ru, facts, START + dt.timedelta(days=2), 30))


def test_a_duty_due_in_the_window() -> None:
    facts = parse_facts(GLOBAL.read_text(encoding="utf-8"), name="global")
    found = calendar([load("ru")], facts, dt.date(2021, 12, 2), 31)  # last day 2022-01-01
    due = [i for i in found.items if i.kind == "due"]
    assert [(i.subject, i.day, i.status) for i in due] == [
        ("ru-236-fz.local-presence", dt.date(2022, 1, 1), "pending")
    ]
    assert not [
        i for i in calendar([load("ru")], facts, dt.date(2021, 12, 2), 30).items if i.kind == "due"
    ]


def test_ladder_steps_and_sums_falling_due_are_read_from_the_contract() -> None:
    """A rulebook with a fixed ladder states when its next step and its sums fall due."""
    book = load("ru")
    company = CompanyAssessment(
        "acme",
        measures={
            "applied": ["m1"],
            "available": ["m2"],
            "next": "m2",
            "next_from": "2024-02-10",
            "because": ["30 days after m1"],
        },
        exposure=[
            {
                "obligation": "duty",
                "article": "7",
                "part": None,
                "min": 100.0,
                "max": 100.0,
                "currency": "XXX",
                "from": "2024-02-11",
                "citation": "Law 7",
                "because": ["due"],
            },
            {
                "obligation": "duty",
                "article": "8",
                "part": None,
                "min": 1.0,
                "max": 2.0,
                "currency": "XXX",
                "from": "2024-03-11",
                "citation": "Law 8",
                "because": [],
            },
        ],
    )
    items = company_items(book, company, dt.date(2024, 2, 1), dt.date(2024, 3, 10))
    assert [(i.kind, i.day.isoformat(), i.subject) for i in items] == [
        ("ladder_step", "2024-02-10", "m2"),
        ("sum_due", "2024-02-11", "duty -> 7"),
    ]
    assert "100 XXX" in items[1].title


def test_a_calendar_needs_a_day() -> None:
    with pytest.raises(ValueError):
        calendar([load("ru")], None, START, 0)


def test_the_ics_parses_back_event_by_event(global_calendar: Calendar) -> None:
    stamp = dt.datetime(2023, 12, 15, 8, tzinfo=dt.UTC)
    parsed = icalendar.Calendar.from_ical(to_ics(global_calendar, stamp))
    events = list(parsed.walk("VEVENT"))
    assert len(events) == len(global_calendar.items) >= 3
    for event, item in zip(events, global_calendar.items, strict=True):
        assert str(event["UID"]) == item.uid
        assert str(event["SUMMARY"]) == item.title
        description = str(event["DESCRIPTION"])
        assert all(line in description for line in item.description)
        assert f"jurisdiction {item.jurisdiction}" in description
        start = event.decoded("DTSTART")
        if item.at is not None:
            assert start == item.at and start.tzinfo is not None
        else:
            assert start == item.day and not isinstance(start, dt.datetime)
            assert event.decoded("DTEND") == item.day + dt.timedelta(days=1)
        assert event.decoded("DTSTAMP") == stamp
        assert item.kind in str(event["CATEGORIES"].to_ical())
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_uids_are_stable_between_runs(xx: Rulebook) -> None:
    first = calendar([load("ru"), xx], load_facts(GLOBAL), START, 90)
    again = calendar([load("ru"), xx], load_facts(GLOBAL), START, 120)  # a longer window
    assert {i.uid for i in first.items} <= {i.uid for i in again.items}
    parsed = [
        icalendar.Calendar.from_ical(to_ics(first, dt.datetime(2024, 1, day, tzinfo=dt.UTC)))
        for day in (1, 2)
    ]
    assert [str(e["UID"]) for e in parsed[0].walk("VEVENT")] == [
        str(e["UID"]) for e in parsed[1].walk("VEVENT")
    ]
