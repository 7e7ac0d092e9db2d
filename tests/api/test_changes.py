"""``/api/changes`` and ``/api/calendar`` over the case-book ledger, scoped by role."""

from __future__ import annotations

import datetime as dt

import icalendar
from fastapi.testclient import TestClient

from .conftest import auth
from .support import World


def test_the_law_changes_on_1_july_2025_for_anyone(client: TestClient) -> None:
    r = client.get("/api/changes", params={"from": "2025-06-30", "to": "2025-07-01"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["from"] == "2025-06-30" and body["to"] == "2025-07-01"
    notice = next(c for c in body["law"] if c["parameter"] == "ru-152-fz.copies-abroad-need-notice")
    assert notice["old"] is None and notice["new"]["value"] is True and notice["sources"]
    assert "23-FZ" in notice["citation"]["text"]


def test_a_private_fact_arriving_is_seen_by_the_regulator_only(
    client: TestClient, world: World
) -> None:
    params = {"from": "2023-01-31", "to": "2023-02-01", "company": "google"}
    regulator = client.get("/api/changes", params=params, headers=auth(world.tokens["regulator"]))
    assert regulator.status_code == 200, regulator.text
    google = regulator.json()["companies"]
    assert [c["company"] for c in google] == ["google"]
    arrived = google[0]["facts_arrived"]
    assert any(e.get("note") == "PRIVATE-GOOGLE-FINE" for e in arrived)
    fines = [x for x in google[0]["conclusions"] if x["kind"] == "fine"]
    assert fines and fines[0]["before"] is None and fines[0]["after"]["verdict"]
    public = client.get("/api/changes", params=params)
    assert public.status_code == 200
    assert "PRIVATE-GOOGLE-FINE" not in public.text


def test_a_company_token_sees_no_other_company(client: TestClient, world: World) -> None:
    r = client.get(
        "/api/changes",
        params={"from": "2023-01-31", "to": "2023-02-01", "company": "google"},
        headers=auth(world.tokens["company:acme"]),
    )
    assert r.status_code == 403


def test_known_at_before_anything_was_recorded(client: TestClient, world: World) -> None:
    r = client.get(
        "/api/changes",
        params={"from": "2021-12-31", "to": "2022-01-01", "known_at": "2016-01-01"},
        headers=auth(world.tokens["regulator"]),
    )
    assert r.status_code == 200, r.text
    assert r.json()["companies"] == [] and r.json()["known_at"].startswith("2016-01-01")
    now = client.get(
        "/api/changes",
        params={"from": "2021-12-31", "to": "2022-01-01"},
        headers=auth(world.tokens["regulator"]),
    )
    assert now.json()["companies"]  # the local-presence duties falling due on 2022-01-01


def test_an_interval_ending_before_it_starts_is_refused(client: TestClient) -> None:
    r = client.get("/api/changes", params={"from": "2025-07-01", "to": "2025-06-30"})
    assert r.status_code in (400, 422)
    assert r.json()["diagnostics"][0]["where"]["field"] == "to"


def test_the_calendar_as_json_and_as_ics(client: TestClient, world: World) -> None:
    params = {"from": "2021-12-02", "days": 31}
    headers = auth(world.tokens["regulator"])
    r = client.get("/api/calendar", params=params, headers=headers)
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    due = [i for i in items if i["kind"] == "due" and i["day"] == "2022-01-01"]
    assert due and all(i["company"] for i in due)
    ics = client.get("/api/calendar.ics", params=params, headers=headers)
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    events = list(icalendar.Calendar.from_ical(ics.content).walk("VEVENT"))
    assert [str(e["UID"]) for e in events] == [i["uid"] for i in items]
    assert [e.decoded("DTSTART") for e in events if str(e["UID"]) == due[0]["uid"]] == [
        dt.date(2022, 1, 1)
    ]


def test_the_calendar_bounds_its_days(client: TestClient) -> None:
    for days in (0, 367):
        r = client.get("/api/calendar", params={"from": "2022-01-01", "days": days})
        assert r.status_code == 422, days


def test_the_calendar_known_at_before_anything_was_recorded(
    client: TestClient, world: World
) -> None:
    params = {"from": "2021-12-02", "days": 31, "known_at": "2016-01-01"}
    r = client.get("/api/calendar", params=params, headers=auth(world.tokens["regulator"]))
    assert r.status_code == 200, r.text
    assert [i for i in r.json()["items"] if i["company"]] == []  # no company known yet
