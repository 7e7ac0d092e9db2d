"""What the OpenAPI schema promises is what the server does: the events body is described
event by event (``{"events": [{}]}`` is schema-invalid and refused), and a method a path does
not answer is a 405 whose ``Allow`` names the ones it does (TRACE included)."""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest
from fastapi.testclient import TestClient

from .conftest import auth
from .support import World

OWN_EVENT = {"date": "2024-01-01", "type": "feedback_form", "resource": "acme.social"}


def body_errors(client: TestClient, body: Any) -> list[str]:
    """The schema's complaints about a POST /api/events body (none: the schema accepts it)."""
    spec = client.get("/openapi.json").json()
    operation = spec["paths"]["/api/events"]["post"]
    schema = {
        **operation["requestBody"]["content"]["application/json"]["schema"],
        "components": spec["components"],
    }
    validator = jsonschema_rs.Draft202012Validator(schema)
    return [e.message for e in validator.iter_errors(body)]


@pytest.mark.parametrize(
    "body",
    [
        {"events": [{}]},
        {"events": [{"type": "feedback_form"}]},  # its date and resource are missing
        {"events": [{**OWN_EVENT, "type": "no_such_type"}]},
        {"events": [{**OWN_EVENT, "colour": "red"}]},
        {"events": [{"date": "2024-01-01", "type": "audience", "resource": "acme.social"}]},
        {"events": ["feedback_form"]},
        {"events": []},
    ],
)
def test_a_body_the_server_refuses_is_invalid_by_the_schema(
    client: TestClient, world: World, body: Any
) -> None:
    assert body_errors(client, body)
    r = client.post("/api/events", json=body, headers=auth(world.tokens["regulator"]))
    assert r.status_code in (400, 422), r.text
    assert r.json()["error"]["code"]


@pytest.mark.parametrize(
    "event",
    [
        OWN_EVENT,
        {"date": "2024-01-01", "type": "audience", "resource": "acme.social", "daily_users_ru": 5},
        {
            "date": "2024-01-01",
            "type": "audience",
            "resource": "acme.social",
            "country": "RU",
            "metric": "daily_users",
            "value": 5,
        },
    ],
)
def test_an_event_the_server_appends_is_valid_by_the_schema(
    client: TestClient, world: World, event: dict[str, Any]
) -> None:
    assert body_errors(client, {"events": [event]}) == []
    r = client.post(
        "/api/events", json={"events": [event]}, headers=auth(world.tokens["regulator"])
    )
    assert r.status_code == 201, r.text


def test_a_non_object_event_is_refused_naming_it(client: TestClient, world: World) -> None:
    r = client.post(
        "/api/events", json={"events": [OWN_EVENT, 5]}, headers=auth(world.tokens["regulator"])
    )
    assert r.status_code == 422
    assert r.json()["error"]["where"]["field"] == "body.events.1"


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("TRACE", "/api/events", "GET, HEAD, POST"),
        ("DELETE", "/api/events", "GET, HEAD, POST"),
        ("OPTIONS", "/api/events", "GET, HEAD, POST"),
        ("TRACE", "/api/companies", "GET, HEAD"),
        ("PUT", "/api/companies/acme/assessment", "GET, HEAD"),
        ("PATCH", "/api/companies/acme/timeline", "GET, HEAD"),
        ("TRACE", "/openapi.json", "GET, HEAD"),
        ("POST", "/", "GET, HEAD"),
        ("TRACE", "/static/app.js", "GET, HEAD"),
    ],
)
def test_a_method_not_answered_is_405_with_allow(
    client: TestClient, method: str, path: str, allowed: str
) -> None:
    r = client.request(method, path)
    assert r.status_code == 405, r.text
    assert r.headers["allow"] == allowed
    assert r.json()["error"]["code"] == "method-not-allowed"
    for listed in allowed.split(", "):
        assert client.request(listed, path).status_code != 405, listed


def test_an_unknown_path_is_404_without_allow(client: TestClient) -> None:
    r = client.request("TRACE", "/api/nowhere")
    assert r.status_code == 404
    assert "allow" not in r.headers


@pytest.mark.parametrize("company", ["", "Not A Slug", "acme\n"])
def test_an_event_naming_no_company_id_is_refused_not_a_500(
    client: TestClient, world: World, company: str
) -> None:
    # found by a bounded schemathesis run: `company: ""` was a KeyError in the importer
    event = {"date": "2024-01-01", "type": "rkn_account", "company": company}
    assert body_errors(client, {"events": [event]})
    r = client.post(
        "/api/events", json={"events": [event]}, headers=auth(world.tokens["regulator"])
    )
    assert r.status_code == 422, r.text
    field = r.json()["error"]["where"]["field"]
    assert field.startswith("events[0].") and field.endswith(".company"), field
