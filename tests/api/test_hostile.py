"""Bad and hostile input: a clear 4xx diagnostic, nothing written, nothing leaked."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import auth
from .support import World


def head(client: TestClient) -> str:
    """The ledger's head, read from the server's own store (no role's view shows it but the
    regulator's, and this must see every append)."""
    app: Any = client.app
    found: str = app.state.portal.store.head()
    return found


def assert_diagnostic(r: object, status: int, code: str | None = None) -> None:
    response = r  # httpx.Response
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert set(body["error"]) == {"code", "message", "where", "hint"}
    if code is not None:
        assert body["error"]["code"] == code
    assert "Traceback" not in response.text  # type: ignore[attr-defined]
    assert "sqlalchemy" not in response.text.lower()  # type: ignore[attr-defined]


def test_oversized_body_is_refused_before_reading(client: TestClient, world: World) -> None:
    before = head(client)
    big = {
        "events": [
            {"date": "2024-01-01", "type": "rkn_account", "company": "acme", "note": "x" * 100_000}
        ]
    }
    r = client.post("/api/events", json=big, headers=auth(world.tokens["regulator"]))
    assert_diagnostic(r, 413, "body-too-large")
    # A lying Content-Length is refused too.
    r = client.post(
        "/api/events",
        content=b"{}",
        headers={**auth(world.tokens["regulator"]), "Content-Length": "999999999"},
    )
    assert r.status_code in (400, 413)
    assert head(client) == before


def test_chunked_oversized_body_is_refused(client: TestClient, world: World) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(100):
            yield b"x" * 1024

    r = client.post("/api/events", content=chunks(), headers=auth(world.tokens["regulator"]))
    assert_diagnostic(r, 413, "body-too-large")


@pytest.mark.parametrize(
    "body",
    [b"{", b"not json", b'{"events": [', b"\xff\xfe", b'{"events": [{"date": "2024-01-01"}]'],
)
def test_malformed_json(client: TestClient, world: World, body: bytes) -> None:
    before = head(client)
    r = client.post(
        "/api/events",
        content=body,
        headers={**auth(world.tokens["regulator"]), "Content-Type": "application/json"},
    )
    assert_diagnostic(r, 400, "malformed-json")
    assert head(client) == before


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"events": []}, "invalid-request"),
        ({"events": "rkn_account"}, "invalid-request"),
        ({"wrong": 1}, "invalid-request"),
        ({"events": [{"type": "rkn_account", "company": "acme"}]}, "invalid-event"),
        (
            {"events": [{"date": "2024-13-45", "type": "rkn_account", "company": "acme"}]},
            "invalid-event",
        ),
        (
            {"events": [{"date": "2024-01-01", "type": "no_such_type", "company": "acme"}]},
            "invalid-event",
        ),
        (
            {
                "events": [
                    {
                        "date": "2024-01-01",
                        "type": "fine",
                        "company": "acme",
                        "article": "13.41",
                        "amount_rub": -5,
                    }
                ]
            },
            "invalid-event",
        ),
    ],
)
def test_invalid_events_write_nothing(
    client: TestClient, world: World, body: dict[str, object], code: str
) -> None:
    before = head(client)
    r = client.post("/api/events", json=body, headers=auth(world.tokens["regulator"]))
    assert_diagnostic(r, 422, code)
    assert head(client) == before


def test_too_many_events(world: World, template_db: object, tmp_path: object) -> None:
    from landfall.api import create_app
    from landfall.settings import Settings

    app = create_app(Settings(db=world.url, max_events_per_request=2))
    with TestClient(app) as client:
        event = {"date": "2024-01-01", "type": "rkn_account", "company": "acme"}
        r = client.post(
            "/api/events", json={"events": [event] * 3}, headers=auth(world.tokens["regulator"])
        )
        assert_diagnostic(r, 422, "too-many-events")


@pytest.mark.parametrize(
    "url",
    [
        "/api/companies/..%2F..%2Fetc%2Fpasswd",
        "/api/companies/google%2F..%2Facme/assessment",
        "/api/companies/%2e%2e/assessment",
        "/api/companies/google'%20OR%20'1'='1/assessment",
        "/api/companies/google;DROP%20TABLE%20events/assessment",
        "/api/companies/google/explanations/..%2F..%2Fsecret",
        "/api/companies/google/explanations/x'%20OR%201=1",
        "/api/rulebook/parameters/..%2F..%2Fetc%2Fpasswd",
        "/api/companies/" + "a" * 5000,
    ],
)
def test_hostile_ids_in_paths(client: TestClient, world: World, url: str) -> None:
    for token in (None, world.tokens["regulator"]):
        r = client.get(url, headers=auth(token) if token else {})
        assert 400 <= r.status_code < 500, (url, r.status_code)
        assert_diagnostic(r, r.status_code)
        assert "root:" not in r.text


@pytest.mark.parametrize(
    "params",
    [
        {"company": "google' OR '1'='1"},
        {"company": 'acme" OR 1=1 --'},
        {"company": "%"},
        {"type": "fine' OR '1'='1"},
        {"type": "fine;DELETE FROM events"},
        {"type": "%"},
        {"since": "2020-01-01' OR 1=1"},
        {"until": "1; DROP TABLE events"},
        {"known_at": "yesterday'--"},
        {"limit": "-1"},
        {"limit": "100000"},
        {"offset": "1e9"},
    ],
)
def test_sql_metacharacters_in_filters(
    client: TestClient, world: World, params: dict[str, str]
) -> None:
    before = head(client)
    for token in (None, world.tokens["company:acme"], world.tokens["regulator"]):
        r = client.get("/api/events", params=params, headers=auth(token) if token else {})
        assert_diagnostic(r, 422)
    assert head(client) == before
    assert client.get("/api/ledger/verify").json()["ok"]


def test_unknown_route_and_method_are_diagnostics(client: TestClient) -> None:
    assert_diagnostic(client.get("/api/nothing"), 404, "not-found")
    assert_diagnostic(client.delete("/api/events"), 405, "method-not-allowed")


def test_errors_do_not_echo_tokens(client: TestClient, world: World) -> None:
    r = client.get("/api/companies", headers=auth(world.tokens["regulator"] + "x"))
    assert_diagnostic(r, 401, "invalid-token")
    assert world.tokens["regulator"] not in r.text
    assert world.tokens["regulator"].split("_", 2)[2][:12] not in json.dumps(r.json())
