"""GET /api/where: the where rows per role, equal to the assessment each role may read."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from .conftest import auth
from .support import World

AS_OF = "2024-01-01"


def get(client: TestClient, token: str | None = None, **params: Any) -> Any:
    headers = auth(token) if token else {}
    return client.get("/api/where", params={"as_of": AS_OF, **params}, headers=headers)


def test_a_company_token_sees_its_own_rows_only(client: TestClient, world: World) -> None:
    r = get(client, world.tokens["company:acme"])
    assert r.status_code == 200, r.text
    answer = r.json()
    assert [c["company"] for c in answer["companies"]] == ["acme"]
    assert answer["as_of"] == AS_OF and answer["known_at"] is None
    rows = answer["companies"][0]["jurisdictions"]
    assert [row["jurisdiction"] for row in rows] == [b["jurisdiction"] for b in answer["rulebooks"]]
    forbidden = get(client, world.tokens["company:acme"], company="google")
    assert forbidden.status_code == 403


def test_the_rows_are_the_assessments(client: TestClient, world: World) -> None:
    token = world.tokens["regulator"]
    row = get(client, token, company="acme").json()["companies"][0]["jurisdictions"][0]
    assessment = client.get(
        "/api/companies/acme/assessment", params={"as_of": AS_OF}, headers=auth(token)
    ).json()
    mine = [o for o in assessment["obligations"] if o["jurisdiction"] == row["jurisdiction"]]
    overdue = sorted(o["id"] for o in mine if o["status"] == "violated")
    assert sorted(d["id"] for d in row["overdue"]) == overdue
    assert row["exposure"]["entries"] == [
        e for e in assessment["exposure"] if e["jurisdiction"] == row["jurisdiction"]
    ]
    assert [ladder["next"] for ladder in row["ladders"]] == [
        ladder["next"]
        for ladder in assessment["ladders"]
        if ladder["jurisdiction"] == row["jurisdiction"]
    ]


def test_the_public_role_sees_public_companies_and_no_private_fact(client: TestClient) -> None:
    r = get(client)
    assert r.status_code == 200
    ids = {c["company"] for c in r.json()["companies"]}
    assert "google" in ids and "acme" not in ids
    assert "7777777" not in r.text  # the private fine of a public company
    assert get(client, company="acme").status_code == 404


def test_bad_parameters_are_diagnostics(client: TestClient) -> None:
    assert get(client, company="Not An Id").status_code == 422
    r = get(client, as_of="2200-01-01")
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "date-out-of-range"
