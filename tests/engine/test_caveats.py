"""Caveats where they change the result: a conflicting value with known other readings keeps
its caveat on a conclusion only when a reading changes it (issue 13), saying what it gives."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from rich.console import Console

from landfall.engine import StatusTracer, assess
from landfall.facts import parse_facts
from landfall.render import assessment_markdown, assessment_tables
from landfall.rulebooks.ru import rulebook

IN_FORCE = "ru-236-fz.in-force"
FROM_LISTING = "ru-236-fz.duties-from-listing"
HOURS_15_1 = "ru-149-fz.takedown-hours-15-1"

LANDING = {
    "landfall": 1,
    "companies": [{"id": "acme", "country": "CY"}],
    "resources": [
        {"id": "acme.example", "company": "acme", "kind": "website", "russian_language": True}
    ],
    "events": [
        {
            "date": "2021-06-01",
            "type": "audience",
            "resource": "acme.example",
            "daily_users_ru": 900000,
        },
    ],
}

# the same site crossing the threshold only in August 2021, after either day of entry into force
LATER = {**LANDING, "events": [{**LANDING["events"][0], "date": "2021-08-01"}]}

TAKEDOWN = {
    "landfall": 1,
    "companies": [{"id": "x", "country": "CY"}],
    "resources": [{"id": "x.example", "company": "x", "kind": "website"}],
    "events": [
        {
            "date": "2022-03-01T10:00:00+03:00",
            "type": "demand",
            "company": "x",
            "id": "d1",
            "kind": "takedown",
            "basis": "149-FZ 15.1",
        },
        {"date": "2022-03-01T16:00:00+03:00", "type": "demand_met", "company": "x", "demand": "d1"},
    ],
}


def _assessed(facts: dict[str, Any], as_of: str, tracer: Any = None) -> dict[str, Any]:
    document = parse_facts(json.dumps(facts), name="case")
    result = assess(rulebook(), document, dt.date.fromisoformat(as_of), tracer=tracer)
    company: dict[str, Any] = result.to_dict()["companies"][0]
    return company


def _caveat(entry: dict[str, Any], pid: str) -> dict[str, Any] | None:
    return next((u for u in entry.get("unverified_parameters", []) if u["id"] == pid), None)


def _law(company: dict[str, Any], law: str) -> dict[str, Any]:
    return next(e for e in company["laws"] if e["law"] == law)


def _obligation(company: dict[str, Any], oid: str) -> dict[str, Any]:
    return next(e for e in company["obligations"] if e["id"] == oid)


def test_on_1_july_2021_the_in_force_conflict_stays_with_what_2_july_would_give() -> None:
    company = _assessed(LANDING, "2021-07-01")
    law = _law(company, "ru-236-fz")
    assert law["applies"] is True
    caveat = _caveat(law, IN_FORCE)
    assert caveat is not None and caveat["status"] == "conflicting"
    (other,) = caveat["other_readings"]
    assert other["value"] is True and other["from"] == "2021-07-02"
    assert other["gives"] == {"applies": False}
    assert other["sources"]  # the other reading's sources travel with it
    duty = _obligation(company, "ru-236-fz.feedback-form")
    on_duty = _caveat(duty, IN_FORCE)
    assert on_duty is not None
    assert on_duty["other_readings"][0]["gives"]["status"] != duty["status"]


def test_in_2022_the_in_force_conflict_stays_only_on_a_duty_owed_from_entry_into_force() -> None:
    early = _assessed(LANDING, "2022-09-01")  # over the threshold since June 2021
    form = _obligation(early, "ru-236-fz.feedback-form")
    assert form["due"] == "2021-07-01"
    caveat = _caveat(form, IN_FORCE)
    assert caveat is not None and caveat["other_readings"][0]["gives"] == {"due": "2021-07-02"}
    assert _caveat(_law(early, "ru-236-fz"), IN_FORCE) is None  # it applies either way


def test_in_2022_the_in_force_conflict_is_gone_from_every_conclusion() -> None:
    company = _assessed(LATER, "2022-09-01")
    entries = [*company["laws"], *company["obligations"]]
    assert all(_caveat(e, IN_FORCE) is None for e in entries)
    # an unverified value has nothing to compare, so its caveat stays as before
    counter = _obligation(company, "ru-236-fz.audience-counter")
    assert any(u["status"] == "unverified" for u in counter.get("unverified_parameters", []))


def test_the_listing_reading_stays_only_where_it_moves_the_due_date() -> None:
    listed = {
        **LANDING,
        "events": [
            *LANDING["events"],
            {"date": "2021-12-10", "type": "list_inclusion", "company": "acme"},
        ],
    }
    company = _assessed(listed, "2022-09-01")
    form = _obligation(company, "ru-236-fz.feedback-form")
    caveat = _caveat(form, FROM_LISTING)
    assert caveat is not None
    assert caveat["other_readings"][0]["gives"] == {"due": "2021-12-10"}
    assert form["due"] != "2021-12-10"


def test_a_15_1_takedown_answered_after_6_hours_keeps_the_immediately_reading() -> None:
    company = _assessed(TAKEDOWN, "2022-03-10")
    demand = _obligation(company, "ru-149-fz.takedown")
    assert demand["status"] == "met"
    caveat = _caveat(demand, HOURS_15_1)
    assert caveat is not None
    (other,) = caveat["other_readings"]
    assert other["value"] == 0
    assert other["gives"]["status"] == "violated"


def test_the_light_tracer_keeps_the_same_caveats() -> None:
    for facts, as_of in (
        (LANDING, "2021-07-01"),
        (LANDING, "2022-09-01"),
        (TAKEDOWN, "2022-03-10"),
    ):
        assert _assessed(facts, as_of, StatusTracer()) == _assessed(facts, as_of)


def test_table_and_markdown_mark_only_the_caveats_left() -> None:
    for facts, as_of, shown in ((LANDING, "2021-07-01", True), (LATER, "2022-09-01", False)):
        document = parse_facts(json.dumps(facts), name="case")
        data = assess(rulebook(), document, dt.date.fromisoformat(as_of)).to_dict()
        console = Console(record=True, width=200)
        assessment_tables(console, data)
        for text in (assessment_markdown(data), console.export_text()):
            assert (f"{IN_FORCE} (" in text) is shown, (as_of, text[:2000])


def test_the_notes_name_the_other_reading_that_changes_a_result() -> None:
    document = parse_facts(json.dumps(LANDING), name="case")
    data = assess(rulebook(), document, dt.date(2021, 7, 1)).to_dict()
    markdown = assessment_markdown(data)
    note = next(line for line in markdown.splitlines() if f"{IN_FORCE} (" in line)
    assert note.endswith("(other reading: yes, from 2021-07-02)"), note
    # a reading that changes nothing is no note: as of 2022-09-01 the in-force caveat is gone
    later = parse_facts(json.dumps(LATER), name="case")
    gone = assessment_markdown(assess(rulebook(), later, dt.date(2022, 9, 1)).to_dict())
    assert f"{IN_FORCE} (" not in gone and "other reading: yes, from 2021-07-02" not in gone
