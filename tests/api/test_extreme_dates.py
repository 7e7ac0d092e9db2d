"""Dates at and past the ends of the calendar: a 422 naming the parameter, never a 500.

The probe's inputs: ``known_at=9999-12-31T23:59:59-12:00`` (its UTC instant is after the
last ``datetime``), ``as_of=9999-12-31`` on the board and the dashboard, ``as_of=0`` (read
as a timestamp, 1970-01-01), and events dated outside 1990-2100 posted by a company.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from landfall.api.deps import IN_RANGE
from landfall.facts.integrity import EARLIEST, LATEST

from .conftest import auth
from .support import World
from .test_hostile import assert_diagnostic, head

READS = ["/api/companies", "/api/board", "/api/companies/acme", "/api/companies/acme/assessment"]


@pytest.mark.parametrize("path", READS)
@pytest.mark.parametrize(
    "query",
    [
        "known_at=9999-12-31T23:59:59-12:00",
        "known_at=0001-01-01T00:00:00%2B14:00",
        "as_of=9999-12-31",
        "as_of=0",
        "known_at=0.5",
        "as_of=1989-12-31",
        "as_of=2101-01-01",
    ],
)
def test_a_moment_past_the_range_is_a_422(
    client: TestClient, world: World, path: str, query: str
) -> None:
    sep = "&" if "?" in path else "?"
    for headers in ({}, auth(world.tokens["regulator"])):
        r = client.get(f"{path}{sep}{query}", headers=headers)
        assert_diagnostic(r, 422)
        assert r.status_code == 422


@pytest.mark.parametrize("day", ["1990-01-01", "2100-12-31"])
def test_the_ends_of_the_range_are_read(client: TestClient, world: World, day: str) -> None:
    r = client.get(f"/api/companies?as_of={day}&known_at={day}")
    assert r.status_code == 200, r.text


def test_the_dashboard_answers_a_far_date_with_its_error_page(
    client: TestClient, world: World
) -> None:
    for query in ("as_of=9999-12-31", "as_of=2101-01-01"):
        r = client.get(f"/?{query}", headers=auth(world.tokens["regulator"]))
        assert r.status_code == 422, r.text
        assert "date-out-of-range" in r.text
    assert client.get("/?as_of=2100-12-31").status_code == 200


@pytest.mark.parametrize(
    "event",
    [
        {"date": "9999-12-31", "type": "rkn_account", "company": "acme"},
        {"date": "0001-01-01T00:00:00+14:00", "type": "rkn_account", "company": "acme"},
        {"date": "1989-12-31", "type": "rkn_account", "company": "acme"},
        {"date": "2101-01-01", "type": "rkn_account", "company": "acme"},
        # a series starting in range that runs one day past 2100-12-31
        {
            "date": "2100-12-30",
            "type": "audience_series",
            "resource": "acme.social",
            "country": "RU",
            "metric": "daily_users",
            "value": [1, 2, 3],
        },
    ],
)
def test_an_event_outside_the_range_is_refused(
    client: TestClient, world: World, event: dict[str, object]
) -> None:
    before = head(client)
    r = client.post(
        "/api/events", json={"events": [event]}, headers=auth(world.tokens["company:acme"])
    )
    assert_diagnostic(r, 422, "date-out-of-range")
    assert r.json()["error"]["where"]["field"] == "events[0].date"
    assert head(client) == before


def test_a_series_ending_on_the_last_day_is_accepted(client: TestClient, world: World) -> None:
    event = {
        "date": "2100-12-30",
        "type": "audience_series",
        "resource": "acme.social",
        "country": "RU",
        "metric": "daily_users",
        "value": [1, 2],
    }
    r = client.post(
        "/api/events", json={"events": [event]}, headers=auth(world.tokens["company:acme"])
    )
    assert r.status_code == 201, r.text
    assert r.json()["added"] == 1


def test_the_published_pattern_is_the_range() -> None:
    pattern = re.compile(IN_RANGE["pattern"])
    years = [y for y in range(1, 10_000) if pattern.match(f"{y:04d}-01-01")]
    assert (years[0], years[-1], len(years)) == (
        EARLIEST.year,
        LATEST.year,
        LATEST.year - EARLIEST.year + 1,
    )


def test_a_lone_surrogate_in_a_posted_note_is_a_diagnostic(
    client: TestClient, world: World
) -> None:
    before = head(client)
    body = (
        '{"events": [{"date": "2024-01-01", "type": "rkn_account", "company": "acme", '
        '"note": "\\ud800"}]}'
    )
    r = client.post(
        "/api/events",
        content=body.encode(),
        headers={**auth(world.tokens["company:acme"]), "Content-Type": "application/json"},
    )
    assert 400 <= r.status_code < 500, r.text
    assert "Traceback" not in r.text
    assert head(client) == before
