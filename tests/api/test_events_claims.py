"""A company's assertion is stored as its claim: no self-verification, its author and record
time beside every event it posts, and a backdated claim invisible before it arrived."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from landfall.api.deps import COOKIE

from .conftest import auth
from .support import World

AS_OF = {"as_of": "2024-06-01"}

# A feedback form dated long before it was posted: acme was listed on 2022-03-01.
BACKDATED = {
    "date": "2022-01-15",
    "type": "feedback_form",
    "resource": "acme.social",
    "source": "RKN order 2",
}


def head(client: TestClient) -> str:
    app: Any = client.app
    found: str = app.state.portal.store.head()
    return found


def events_of(client: TestClient, token: str, **params: Any) -> list[dict[str, Any]]:
    r = client.get("/api/events", params={"limit": 1000, **params}, headers=auth(token))
    assert r.status_code == 200, r.text
    found: list[dict[str, Any]] = r.json()["events"]
    return found


@pytest.mark.parametrize("status", ["verified", "partially_verified"])
def test_a_company_cannot_verify_its_own_evidence(
    client: TestClient, world: World, status: str
) -> None:
    start = head(client)
    batch = [
        {"date": "2024-01-02", "type": "rkn_account", "company": "acme"},
        {**BACKDATED, "status": status},
    ]
    r = client.post(
        "/api/events", json={"events": batch}, headers=auth(world.tokens["company:acme"])
    )
    assert r.status_code == 403, r.text
    problem = r.json()["diagnostics"][0]
    assert problem["code"] == "forbidden-event-field"
    assert problem["where"]["field"] == "events[1].status"
    assert repr(status) in problem["message"]
    assert head(client) == start  # the whole batch refused, its first event too


@pytest.mark.parametrize("status", ["unverified", "conflicting"])
def test_a_company_may_say_its_evidence_is_unchecked(
    client: TestClient, world: World, status: str
) -> None:
    acme = world.tokens["company:acme"]
    r = client.post(
        "/api/events", json={"events": [{**BACKDATED, "status": status}]}, headers=auth(acme)
    )
    assert r.status_code == 201, r.text
    (stored,) = [
        e for e in events_of(client, acme, type="feedback_form") if e["payload"].get("status")
    ]
    assert stored["payload"]["status"] == status


def test_the_regulator_may_verify_evidence(client: TestClient, world: World) -> None:
    r = client.post(
        "/api/events",
        json={"events": [{**BACKDATED, "status": "verified"}]},
        headers=auth(world.tokens["regulator"]),
    )
    assert r.status_code == 201, r.text


def test_a_claimed_source_is_shown_with_its_author_and_record_time(
    client: TestClient, world: World
) -> None:
    acme, regulator = world.tokens["company:acme"], world.tokens["regulator"]
    before = {e["id"] for e in events_of(client, regulator)}
    r = client.post("/api/events", json={"events": [BACKDATED]}, headers=auth(acme))
    assert r.status_code == 201, r.text
    (posted,) = [e for e in events_of(client, regulator) if e["id"] not in before]
    # stored as the company wrote it, beside who wrote it and when
    assert (posted["source"], posted["valid_from"]) == ("RKN order 2", "2022-01-15")
    assert posted["author"]["role"] == "company:acme" and posted["author"]["token"]
    assert posted["recorded_at"] > "2026"  # recorded now, years after its valid time
    assert posted["recorded_at"] > max(
        e["recorded_at"] for e in events_of(client, regulator) if e["id"] in before
    )
    # the company's own view shows the same
    (own,) = [e for e in events_of(client, acme) if e["id"] == posted["id"]]
    assert (own["author"], own["recorded_at"]) == (posted["author"], posted["recorded_at"])


def feedback_status(client: TestClient, token: str, **params: Any) -> str:
    r = client.get(
        "/api/companies/acme/assessment", params={**AS_OF, **params}, headers=auth(token)
    )
    assert r.status_code == 200, r.text
    (found,) = [o for o in r.json()["obligations"] if o["id"].endswith("feedback-form")]
    status: str = found["status"]
    return status


def test_a_backdated_claim_does_not_change_what_was_known_before_it_arrived(
    client: TestClient, world: World
) -> None:
    acme, regulator = world.tokens["company:acme"], world.tokens["regulator"]
    known = max(e["recorded_at"] for e in events_of(client, regulator))
    before = feedback_status(client, regulator)
    r = client.post("/api/events", json={"events": [BACKDATED]}, headers=auth(acme))
    assert r.status_code == 201, r.text
    posted = max(e["recorded_at"] for e in events_of(client, regulator))
    assert posted > known

    # today's picture takes the claim (valid since 2022-01-15) ...
    assert feedback_status(client, regulator) != before
    # ... the picture known up to the instant before it arrived does not
    assert feedback_status(client, regulator, known_at=known) == before
    # and from the instant it was recorded it does
    assert feedback_status(client, regulator, known_at=posted) == feedback_status(client, regulator)


def test_the_dashboard_timeline_shows_when_and_by_whom(client: TestClient, world: World) -> None:
    acme = world.tokens["company:acme"]
    r = client.post("/api/events", json={"events": [BACKDATED]}, headers=auth(acme))
    assert r.status_code == 201, r.text
    (posted,) = [e for e in events_of(client, acme) if e["source"] == "RKN order 2"]
    client.cookies.set(COOKIE, acme)
    page = client.get("/companies/acme", params=AS_OF)
    assert page.status_code == 200, page.text
    row = next(line for line in page.text.splitlines() if "<td>2022-01-15</td>" in line)
    assert posted["recorded_at"][:19].replace("T", " ") in row
    assert "company:acme" in row
