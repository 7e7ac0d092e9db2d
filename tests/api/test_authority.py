"""Who may assert what: a company its own evidence, the regulator its acts; each event's author.

The probe's reproduction: a listed company under an advertising ban posted, in one request,
its removal from the list, the ban lifted and its duties met. Now the request is refused
naming the type, and nothing is written.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from landfall.service.authority import WHO_ASSERTS

from .conftest import auth
from .support import World

AS_OF = {"as_of": "2024-06-01"}

BAN = {
    "date": "2023-01-10",
    "type": "measure_applied",
    "company": "acme",
    "measure": "advertising-ban",
}

# The probe's single POST, with company:acme in the place of company:victim.
SELF_CERTIFIED = [
    {
        "date": "2023-01-01",
        "type": "list_inclusion",
        "company": "acme",
        "removed": True,
        "source": "RKN order 2",
        "status": "verified",
    },
    {
        "date": "2023-01-02",
        "type": "measure_lifted",
        "company": "acme",
        "measure": "advertising-ban",
    },
    {"date": "2023-01-03", "type": "feedback_form", "resource": "acme.social"},
]

# One event of each type a company must not assert, about itself.
REGULATOR_ACTS: dict[str, dict[str, Any]] = {
    "list_inclusion": {"removed": True},
    "measure_applied": {"measure": "advertising-ban"},
    "measure_lifted": {"measure": "advertising-ban"},
    "fine": {"article": "13.41", "part": "2", "amount_rub": 1},
    "case_opened": {"article": "13.41", "part": "2"},
    "demand": {"id": "d-self", "kind": "takedown"},
    "enforcement_action": {"action": "block"},
}


def board_row(client: TestClient, token: str, company: str) -> dict[str, Any]:
    r = client.get("/api/board", params=AS_OF, headers=auth(token))
    assert r.status_code == 200, r.text
    rows = {row["company"]: row for row in r.json()["rows"]}
    return rows[company]


def head(client: TestClient) -> str:
    """The ledger's head, read from the server's own store (no role's view shows it but the
    regulator's, and this must see every append)."""
    app: Any = client.app
    found: str = app.state.portal.store.head()
    return found


def test_the_table_splits_every_event_type() -> None:
    from typing import get_args

    from landfall.facts.model import Event

    union = get_args(Event)[0]
    types = {get_args(m.model_fields["type"].annotation)[0] for m in get_args(union)}
    assert set(WHO_ASSERTS) == types
    assert {t for t, who in WHO_ASSERTS.items() if who == "regulator"} == set(REGULATOR_ACTS)


def test_a_company_cannot_take_itself_off_the_list(client: TestClient, world: World) -> None:
    regulator, acme = world.tokens["regulator"], world.tokens["company:acme"]
    r = client.post("/api/events", json={"events": [BAN]}, headers=auth(regulator))
    assert r.status_code == 201, r.text
    before = board_row(client, regulator, "acme")
    assert before["listed"] is True
    measures = client.get("/api/companies/acme/measures", params=AS_OF, headers=auth(regulator))
    assert any(m["applied"] for m in measures.json()["ladder"])
    start = head(client)

    r = client.post("/api/events", json={"events": SELF_CERTIFIED}, headers=auth(acme))

    assert r.status_code == 403, r.text
    problem = r.json()["diagnostics"][0]
    assert problem["code"] == "forbidden-event-type"
    assert "'list_inclusion'" in problem["message"]
    assert problem["where"]["field"] == "events[0].type"
    assert head(client) == start  # nothing written, not even the allowed third event
    after = board_row(client, regulator, "acme")
    assert after == before
    assert (
        client.get("/api/companies/acme/measures", params=AS_OF, headers=auth(regulator)).json()
        == measures.json()
    )


@pytest.mark.parametrize("event_type", sorted(REGULATOR_ACTS))
def test_a_company_is_refused_each_regulator_act(
    client: TestClient, world: World, event_type: str
) -> None:
    event = {
        "date": "2024-01-01",
        "type": event_type,
        "company": "acme",
        **REGULATOR_ACTS[event_type],
    }
    start = head(client)
    r = client.post(
        "/api/events", json={"events": [event]}, headers=auth(world.tokens["company:acme"])
    )
    assert r.status_code == 403, r.text
    assert f"{event_type!r}" in r.json()["diagnostics"][0]["message"]
    assert head(client) == start
    # the regulator may assert the same event
    r = client.post(
        "/api/events", json={"events": [event]}, headers=auth(world.tokens["regulator"])
    )
    assert r.status_code == 201, r.text


def test_a_company_still_asserts_its_evidence_and_demand_met(
    client: TestClient, world: World
) -> None:
    acme = world.tokens["company:acme"]
    own = [
        {"date": "2024-01-01", "type": "feedback_form", "resource": "acme.social"},
        {"date": "2024-01-02", "type": "rkn_account", "company": "acme"},
        {"date": "2024-01-03", "type": "demand_met", "company": "acme", "demand": "d1"},
        {
            "date": "2024-01-04",
            "type": "appointment",
            "company": "acme",
            "country": "RU",
            "role": "representative",
        },
    ]
    r = client.post("/api/events", json={"events": own}, headers=auth(acme))
    assert r.status_code == 201, r.text
    assert r.json()["added"] == len(own)


def test_every_event_shows_its_author(client: TestClient, world: World) -> None:
    # a token reads lf_<id>_<secret>
    ids = {role: world.tokens[role].split("_")[1] for role in ("regulator", "company:acme")}
    for role in ("regulator", "company:acme"):
        body = {
            "events": [
                {
                    "date": "2024-03-01",
                    "type": "rkn_account",
                    "company": "acme",
                    "note": f"by {role}",
                }
            ]
        }
        r = client.post("/api/events", json=body, headers=auth(world.tokens[role]))
        assert r.status_code == 201, r.text
    r = client.get(
        "/api/events",
        params={"company": "acme", "type": "rkn_account"},
        headers=auth(world.tokens["regulator"]),
    )
    authors = {e["payload"]["note"]: e["author"] for e in r.json()["events"]}
    assert authors["by regulator"] == {"role": "regulator", "token": ids["regulator"]}
    assert authors["by company:acme"] == {"role": "company:acme", "token": ids["company:acme"]}
    # the seeded case book names where it came from
    public = client.get("/api/events", params={"limit": 1}).json()["events"][0]
    assert public["author"] == {"via": "landfall casebook"}


def test_the_dashboard_shows_who_asserted_each_event(client: TestClient, world: World) -> None:
    acme = world.tokens["company:acme"]
    body = {"events": [{"date": "2024-03-01", "type": "rkn_account", "company": "acme"}]}
    assert client.post("/api/events", json=body, headers=auth(acme)).status_code == 201
    client.cookies.set("landfall_token", world.tokens["regulator"])
    page = client.get("/companies/acme", params=AS_OF)
    assert page.status_code == 200, page.text
    assert "asserted by" in page.text
    assert f"company:acme #{acme.split('_')[1]}" in page.text


def test_docs_list_the_split_as_the_table_has_it() -> None:
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text(encoding="utf-8")
    rows = {
        who: set(re.findall(r"`([a-z_]+)`", types))
        for who, types in re.findall(
            r"^\| (a company[^|]*|the regulator only) \| (.*) \|$", doc, re.M
        )
    }
    assert rows["the regulator only"] == {t for t, w in WHO_ASSERTS.items() if w == "regulator"}
    company = next(v for k, v in rows.items() if k.startswith("a company"))
    assert company == {t for t, w in WHO_ASSERTS.items() if w == "company"}


def test_the_public_sees_the_role_or_the_command_of_an_author() -> None:
    from landfall.service.visibility import public_author

    assert public_author({"role": "regulator", "token": "1a2b"}) == {"role": "regulator"}
    imported = {"user": "ana", "file": "notes.yaml", "via": "landfall ledger import"}
    assert public_author(imported) == {"via": "landfall ledger import"}
    assert public_author({"user": "ana", "via": "/home/ana/stores.yaml"}) == {}
    assert public_author(None) is None


def test_a_type_that_is_not_text_is_a_diagnostic(client: TestClient, world: World) -> None:
    event = {"date": "2024-01-01", "type": ["fine"], "company": "acme"}
    r = client.post(
        "/api/events", json={"events": [event]}, headers=auth(world.tokens["company:acme"])
    )
    assert r.status_code == 422, r.text  # an input diagnostic, not a 500
    assert r.json()["error"]["code"] == "invalid-event"
