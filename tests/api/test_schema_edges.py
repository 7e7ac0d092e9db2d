"""The schema's edges found by Schemathesis: dates are ISO dates (a number is not a day), and
HEAD answers every GET route as GET does, without the body."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from .conftest import auth
from .support import World


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/events?until=0", "until"),
        ("/api/events?since=1000000000", "since"),
        ("/api/events?known_at=1700000000", "known_at"),
        ("/api/board?as_of=20240101", "as_of"),
        ("/api/changes?from=0&to=2024-01-01", "from"),
    ],
)
def test_a_number_is_not_a_date(client: TestClient, path: str, field: str) -> None:
    r = client.get(path)
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["code"] == "invalid-request"
    assert error["where"]["field"] == f"query.{field}"
    assert "ISO date" in error["message"]


def test_an_iso_date_outside_the_range_names_the_parameter(client: TestClient) -> None:
    r = client.get("/api/events?until=1970-01-01")
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "date-out-of-range"
    assert r.json()["error"]["where"]["field"] == "until"


def test_iso_dates_and_moments_are_read(client: TestClient, world: World) -> None:
    headers = auth(world.tokens["regulator"])
    for query in ("until=2024-01-01", "known_at=2024-01-01T12:00:00", "since=2016-01-01"):
        assert client.get(f"/api/events?{query}", headers=headers).status_code == 200, query


@pytest.mark.parametrize(
    "path", ["/api/board?as_of=2024-01-01", "/api/companies", "/", "/static/style.css"]
)
def test_head_is_get_without_the_body(client: TestClient, path: str) -> None:
    got = client.get(path)
    head = client.head(path)
    assert got.status_code == head.status_code == 200
    assert head.content == b""
    for name in ("content-type", "content-length", "etag", "content-security-policy"):
        assert head.headers.get(name) == got.headers.get(name), name


def test_head_where_there_is_no_get_is_405(client: TestClient) -> None:
    r = client.head("/login", follow_redirects=False)
    assert r.status_code == 200  # the login page has a GET
    assert client.request("HEAD", "/logout").status_code == 405


def test_an_event_naming_an_unknown_resource_is_a_declared_409(
    client: TestClient, world: World
) -> None:
    event = {"date": "2024-01-01", "type": "feedback_form", "resource": "../../etc/passwd"}
    before = client.get("/api/ledger/verify", headers=auth(world.tokens["regulator"])).json()
    r = client.post(
        "/api/events", json={"events": [event]}, headers=auth(world.tokens["regulator"])
    )
    assert r.status_code == 409, r.text
    assert r.json()["error"]["code"] == "unknown-resource"
    assert r.json()["error"]["where"]["field"] == "events[0].resource"
    after = client.get("/api/ledger/verify", headers=auth(world.tokens["regulator"])).json()
    assert after["head"] == before["head"]  # nothing written
    declared = client.get("/openapi.json").json()["paths"]["/api/events"]["post"]["responses"]
    assert "409" in declared


def test_the_schema_gives_each_posted_events_date_its_years(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    components = spec["components"]["schemas"]
    choices = components["EventsCreate"]["properties"]["events"]["items"]["oneOf"]
    assert len(choices) >= 10
    for choice in choices:
        date = components[choice["$ref"].rsplit("/", 1)[-1]]["properties"]["date"]
        assert date["pattern"] == "^(199[0-9]|20[0-9]{2}|2100)-", choice
