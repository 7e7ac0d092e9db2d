"""Each role reaches exactly what it should: through every id in a path and every filter."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import auth
from .support import World

AS_OF = {"as_of": "2024-01-01"}
COMPANY_PATHS = [
    "",
    "/assessment",
    "/explanations/ru-236-fz",
    "/explanations/ru-152-fz.localization",
    "/timeline",
    "/audience",
    "/scans",
    "/takedown",
    "/measures",
]


def get(client: TestClient, url: str, token: str | None = None, **params: Any) -> Any:
    return client.get(url, params={**AS_OF, **params}, headers=auth(token) if token else {})


def events_of(client: TestClient, token: str | None = None, **params: Any) -> list[dict[str, Any]]:
    r = client.get(
        "/api/events", params={"limit": 1000, **params}, headers=auth(token) if token else {}
    )
    assert r.status_code == 200, r.text
    found: list[dict[str, Any]] = r.json()["events"]
    return found


# -- public ------------------------------------------------------------------------------


def test_public_lists_only_companies_with_public_events(client: TestClient) -> None:
    ids = {c["id"] for c in get(client, "/api/companies").json()["companies"]}
    assert "google" in ids
    assert "acme" not in ids


@pytest.mark.parametrize("path", COMPANY_PATHS)
def test_public_cannot_reach_a_private_company_by_path(client: TestClient, path: str) -> None:
    r = get(client, f"/api/companies/acme{path}")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "unknown-company"
    assert "Acme" not in r.text


@pytest.mark.parametrize("path", COMPANY_PATHS)
def test_public_reaches_public_companies_by_path(client: TestClient, path: str) -> None:
    assert get(client, f"/api/companies/google{path}").status_code == 200


def test_public_sees_only_public_events_through_every_filter(client: TestClient) -> None:
    for params in (
        {},
        {"company": "google"},
        {"company": "acme"},
        {"type": "fine"},
        {"type": "company"},
        {"since": "2023-01-01"},
        {"until": "2023-12-31"},
        {"known_at": "2100-01-01"},
    ):
        found = events_of(client, **params)
        assert all(e["public"] for e in found), params
        assert not any(e["company"] == "acme" for e in found), params
        assert "PRIVATE-GOOGLE-FINE" not in str(found)
    assert events_of(client, company="google", type="fine")


def test_public_assessment_is_built_from_public_events_only(
    client: TestClient, world: World
) -> None:
    public = get(client, "/api/companies/google/assessment").json()
    regulator = get(client, "/api/companies/google/assessment", world.tokens["regulator"]).json()
    assert len(regulator["fines"]) == len(public["fines"]) + 1
    assert 7777777 not in [f["amount_rub"] for f in public["fines"]]
    board = get(client, "/api/board").json()["rows"]
    assert {r["company"] for r in board} >= {"google"}
    assert "acme" not in {r["company"] for r in board}


def test_public_resources_exclude_private_companies(client: TestClient) -> None:
    for params in ({}, {"company": "acme"}):
        found = get(client, "/api/resources", **params).json()["resources"]
        assert not any(r["company"] == "acme" for r in found)


def test_public_cannot_append(client: TestClient, world: World) -> None:
    before = get(client, "/api/ledger/verify", world.tokens["regulator"]).json()["head"]
    body = {"events": [{"date": "2024-01-01", "type": "rkn_account", "company": "google"}]}
    r = client.post("/api/events", json=body)
    assert r.status_code == 403
    assert get(client, "/api/ledger/verify", world.tokens["regulator"]).json()["head"] == before


# -- company:<id> --------------------------------------------------------------------------


def test_company_token_lists_only_its_company(client: TestClient, world: World) -> None:
    token = world.tokens["company:acme"]
    assert [c["id"] for c in get(client, "/api/companies", token).json()["companies"]] == ["acme"]
    assert [r["company"] for r in get(client, "/api/board", token).json()["rows"]] == ["acme"]
    assert {r["company"] for r in get(client, "/api/resources", token).json()["resources"]} == {
        "acme"
    }
    assert get(client, "/api/whoami", token).json() == {
        "role": "company",
        "company": "acme",
        "token_id": get(client, "/api/whoami", token).json()["token_id"],
    }


@pytest.mark.parametrize("path", COMPANY_PATHS)
@pytest.mark.parametrize("other", ["google", "twitter", "no-such-company"])
def test_company_token_is_refused_other_companies_by_path(
    client: TestClient, world: World, path: str, other: str
) -> None:
    r = get(client, f"/api/companies/{other}{path}", world.tokens["company:acme"])
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "forbidden"
    assert "Google" not in r.text


@pytest.mark.parametrize("path", COMPANY_PATHS)
def test_company_token_reaches_its_own_company(client: TestClient, world: World, path: str) -> None:
    assert (
        get(client, f"/api/companies/acme{path}", world.tokens["company:acme"]).status_code == 200
    )


def test_company_token_events_through_every_filter(client: TestClient, world: World) -> None:
    token = world.tokens["company:acme"]
    for params in (
        {},
        {"type": "fine"},
        {"type": "resource"},
        {"since": "2020-01-01"},
        {"until": "2030-01-01"},
        {"known_at": "2100-01-01"},
        {"company": "acme"},
    ):
        found = events_of(client, token, **params)
        assert found, params
        assert {e["company"] for e in found} == {"acme"}, params
    for other in ("google", "no-such-company"):
        r = client.get("/api/events", params={"company": other}, headers=auth(token))
        assert r.status_code == 403
        r = client.get("/api/resources", params={"company": other}, headers=auth(token))
        assert r.status_code == 403


def test_google_token_sees_its_private_fine(client: TestClient, world: World) -> None:
    token = world.tokens["company:google"]
    found = events_of(client, token, type="fine")
    assert "PRIVATE-GOOGLE-FINE" in str(found)
    assert {e["company"] for e in found} == {"google"}


def test_company_token_appends_only_its_own_events(client: TestClient, world: World) -> None:
    token = world.tokens["company:acme"]
    head = get(client, "/api/ledger/verify", world.tokens["regulator"]).json()["head"]
    for event in (
        {"date": "2024-01-01", "type": "rkn_account", "company": "google"},
        {"date": "2024-01-01", "type": "feedback_form", "resource": "google.com"},
        {"date": "2024-01-01", "type": "feedback_form", "resource": "no-such.resource"},
        {"date": "2024-01-01", "type": "rkn_account", "company": "acme", "public": True},
    ):
        r = client.post("/api/events", json={"events": [event]}, headers=auth(token))
        assert r.status_code == 403, (event, r.text)
    # One forbidden event spoils the batch: nothing is written.
    mixed = [
        {"date": "2024-01-01", "type": "rkn_account", "company": "acme"},
        {"date": "2024-01-01", "type": "rkn_account", "company": "google"},
    ]
    assert (
        client.post("/api/events", json={"events": mixed}, headers=auth(token)).status_code == 403
    )
    assert get(client, "/api/ledger/verify", world.tokens["regulator"]).json()["head"] == head
    own = {"events": [{"date": "2024-01-01", "type": "feedback_form", "resource": "acme.social"}]}
    r = client.post("/api/events", json=own, headers=auth(token))
    assert r.status_code == 201, r.text
    assert r.json()["added"] == 1
    again = client.post("/api/events", json=own, headers=auth(token)).json()
    assert again["added"] == 0 and again["skipped"] == 1
    assert get(client, "/api/ledger/verify").json()["ok"]


# -- regulator and tokens --------------------------------------------------------------------


def test_regulator_reads_everything_and_appends(client: TestClient, world: World) -> None:
    token = world.tokens["regulator"]
    ids = {c["id"] for c in get(client, "/api/companies", token).json()["companies"]}
    assert {"acme", "google"} <= ids
    for path in COMPANY_PATHS:
        assert get(client, f"/api/companies/acme{path}", token).status_code == 200
    found = events_of(client, token)
    assert any(not e["public"] for e in found) and any(e["public"] for e in found)
    body = {
        "events": [
            {"date": "2024-02-01", "type": "rkn_account", "company": "google", "public": True}
        ]
    }
    r = client.post("/api/events", json=body, headers=auth(token))
    assert r.status_code == 201
    assert any(e["type"] == "rkn_account" for e in events_of(client, company="google"))


@pytest.mark.parametrize(
    "header",
    [
        "Bearer nonsense",
        "Bearer lf_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "Basic dXNlcjpwYXNz",
        "Bearer ",
        "Bearer ' OR 1=1 --",
    ],
)
def test_wrong_tokens_are_refused(client: TestClient, header: str) -> None:
    for url in ("/api/companies", "/api/events", "/api/companies/google/assessment"):
        r = client.get(url, headers={"Authorization": header})
        assert r.status_code == 401
        assert r.json()["error"]["code"] == "invalid-token"


def test_revoked_and_tampered_tokens_are_refused(client: TestClient, world: World) -> None:
    assert client.get("/api/companies", headers=auth(world.tokens["revoked"])).status_code == 401
    good = world.tokens["regulator"]
    tampered = good[:-1] + ("A" if good[-1] != "A" else "B")
    assert client.get("/api/companies", headers=auth(tampered)).status_code == 401


def test_tokens_are_stored_hashed(world: World) -> None:
    from sqlalchemy import create_engine, text

    from landfall.ledger.connect import parse_url

    engine = create_engine(parse_url(world.url))
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM tokens")).all()
    engine.dispose()
    dump = str(rows)
    for token in world.tokens.values():
        assert token.split("_", 2)[2] not in dump
