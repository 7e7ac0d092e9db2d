"""The takedown picture every surface shows: one rate per item, and what no demand means."""

from __future__ import annotations

import datetime as dt

from landfall.casebook import load_casebook
from landfall.engine import assess
from landfall.facts import parse_facts
from landfall.rulebooks import takedown_deadline_of
from landfall.rulebooks.ru import rulebook
from landfall.service.board import board, incomplete_companies, listed_on
from landfall.takedown.summary import (
    column_status,
    company_takedown,
    demands_note,
    rate_text,
    takedown_fines,
)

DUTY = rulebook().manifest.takedown or ""  # the rulebook's per-demand duty

TWO_ITEMS = """
landfall: 1
companies: [{id: x, country: CY}]
resources: [{id: x.example, company: x, kind: website}]
events:
  - {date: "2024-03-01T10:00:00+03:00", type: demand, company: x, id: d1, kind: takedown,
     basis: 149-FZ 15.1, items: 2, item_ids: [/v/111, /v/112]}
  - {date: "2024-03-01T20:00:00+03:00", type: takedown_action, company: x, demand: d1,
     item: /v/111, action: removed}
  - {date: "2024-03-02T16:00:00+03:00", type: takedown_action, company: x, demand: d1,
     item: /v/112, action: removed}
  - {date: "2024-03-05T10:00:00+03:00", type: demand, company: x, id: d2, kind: takedown,
     basis: 149-FZ 15.1, items: 2}
  - {date: "2024-03-05T12:00:00+03:00", type: demand_met, company: x, demand: d2}
"""


def test_one_rate_per_item_beside_each_demands_verdict() -> None:
    book = rulebook()
    facts = parse_facts(TWO_ITEMS)
    as_of = dt.date(2024, 3, 10)
    found = assess(book, facts, as_of).companies[0]
    picture = company_takedown(
        book,
        facts,
        "x",
        as_of,
        found.obligations,
        found.fines,
        obligation=DUTY,
        deadline_for=takedown_deadline_of(book),
    )
    assert {d["demand"]: d["status"] for d in picture["demands"]} == {
        "d1": "violated",
        "d2": "met",
    }
    d1 = picture["demands"][0]
    assert d1["period"] == "violated 2024-03-02T10:00:00+03:00 → 2024-03-02T16:00:00+03:00"
    assert picture["items"] == {"on_time": 3, "late": 1, "open": 0, "overdue": 0, "refused": 0}
    assert picture["on_time_rate"] == 0.75
    assert picture["headline"] == (
        "2 takedown demands (met 1, violated 1); items: 75% on time (3 of 4 decided items; late 1)"
    )
    assert picture["column"] == "violated"


def test_without_demands_the_fines_say_what_that_means() -> None:
    done = {"id": "ru-149-fz.takedown", "status": "met"}
    assert column_status([done], takedown_fines=0, facts_complete=True, obligation=DUTY) == "met"
    assert column_status([], takedown_fines=9, facts_complete=False, obligation=DUTY) == "unknown"
    assert column_status([], takedown_fines=9, facts_complete=True, obligation=DUTY) == "no_demands"
    assert (
        column_status([], takedown_fines=0, facts_complete=False, obligation=DUTY) == "no_demands"
    )
    assert demands_note(0, 9) == "no demands recorded (9 takedown fines)"
    assert demands_note(0, 1) == "no demands recorded (1 takedown fine)"
    assert demands_note(0, 0) == "no demands recorded"
    assert demands_note(2, 9) is None
    assert rate_text(None, {"open": 2}) == "no decided items (2 open)"
    assert rate_text(None, {}) == "no decided items"


def test_takedown_fines_are_the_parts_the_sanctions_tie_to_the_duty() -> None:
    book = rulebook()
    fines = [
        {"article": "13.41", "part": "2"},
        {"article": "13.41", "part": None},  # every part of 13.41 punishes the duty
        {"article": "13.11", "part": "8"},
        {"article": "19.7", "part": None},
    ]
    assert takedown_fines(book, fines, DUTY) == 2


def test_the_board_shows_google_unknown_not_not_applicable() -> None:
    book = rulebook()
    facts, _ = load_casebook()
    as_of = dt.date(2024, 6, 1)
    names = {c.id: c.name or c.id for c in facts.companies}
    rows = board(
        assess(book, facts, as_of),
        names,
        listed_on(facts, as_of, book.clock),
        incomplete=incomplete_companies(facts),
    )
    google = next(r for r in rows if r.company == "google")
    assert google.statuses["ru-149-fz.takedown"] == "unknown"
    assert google.notes["ru-149-fz.takedown"].startswith("no demands recorded (")
    assert "not_applicable" not in {r.statuses["ru-149-fz.takedown"] for r in rows if r.fines}
