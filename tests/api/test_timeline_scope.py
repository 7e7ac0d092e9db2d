"""The timeline's page is found without building the company's picture: its visibility is read
from the company's records (and, for the public role, one public event), and it must agree
with the picture every other read answers from, for every role, date and known time."""

from __future__ import annotations

import itertools

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event

from .conftest import auth
from .support import World
from .test_bounded import Statements

ROLES = ("public", "regulator", "company:acme", "company:google")
MOMENTS = [
    {"as_of": "1995-01-01"},
    {"as_of": "2021-06-01"},
    {"as_of": "2022-01-09"},
    {"as_of": "2030-01-01"},
    {"as_of": "2030-01-01", "known_at": "2000-01-01"},
]


def headers(world: World, role: str) -> dict[str, str]:
    return {} if role == "public" else auth(world.tokens[role])


def test_the_timeline_answers_for_exactly_the_companies_listed(
    client: TestClient, world: World
) -> None:
    everyone = client.get(
        "/api/companies", params={"as_of": "2030-01-01"}, headers=auth(world.tokens["regulator"])
    ).json()["companies"]
    ids = [c["id"] for c in everyone] + ["nobody"]
    assert {"acme", "google"} <= set(ids)
    answered = 0
    for role, moment in itertools.product(ROLES, MOMENTS):
        listed = client.get("/api/companies", params=moment, headers=headers(world, role))
        assert listed.status_code == 200
        shown = {c["id"] for c in listed.json()["companies"]}
        for company in ids:
            r = client.get(
                f"/api/companies/{company}/timeline",
                params={**moment, "limit": 5},
                headers=headers(world, role),
            )
            if role.startswith("company:") and company != role.split(":")[1]:
                assert r.status_code == 403, (role, moment, company)
            elif company in shown:
                assert r.status_code == 200, (role, moment, company, r.text)
                answered += 1
            else:
                assert r.status_code == 404, (role, moment, company, r.text)
                assert r.json()["error"]["code"] == "unknown-company"
    assert answered > len(ROLES)  # the agreement is not only on refusals


def test_a_public_timeline_shows_no_private_event(client: TestClient, world: World) -> None:
    url = "/api/companies/google/timeline"
    public = client.get(url, params={"as_of": "2030-01-01", "limit": 1000}).json()["events"]
    everything = client.get(
        url,
        params={"as_of": "2030-01-01", "limit": 1000},
        headers=auth(world.tokens["regulator"]),
    ).json()["events"]
    assert public and all(e["public"] for e in public)
    assert len(everything) > len(public)
    assert "PRIVATE-GOOGLE-FINE" not in str(public)
    assert client.get("/api/companies/acme/timeline").status_code == 404  # nothing public


@pytest.mark.parametrize("role", ["public", "regulator"])
def test_a_timeline_page_at_a_new_date_reads_no_whole_company(
    app: FastAPI, client: TestClient, world: World, role: str
) -> None:
    seen = Statements()
    engine = app.state.portal.store._reader
    event.listen(engine, "before_cursor_execute", seen)
    try:
        r = client.get(
            "/api/companies/google/timeline",
            params={"as_of": "2029-03-04", "limit": 3},
            headers=headers(world, role),
        )
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert r.status_code == 200 and len(r.json()["events"]) == 3
    reads = [s for s in seen.seen if "FROM events" in s]
    # every read is a page (LIMIT) or the company's own records (the type filter)
    assert reads and all("LIMIT" in s or "events.type =" in s for s in reads), reads
