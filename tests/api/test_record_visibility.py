"""Company and resource records carry their own ``public`` flag (issue 11, F5): a private record
reaches the regulator and that company's token only, a public one everyone the role allows."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from landfall.facts.model import FactsDocument
from landfall.ledger import document_events, open_ledger
from landfall.tokens import TokenStore

from .conftest import auth
from .support import World

AS_OF = {"as_of": "2024-06-01"}

RECORDS = {
    "landfall": 1,
    "companies": [
        # private by its own flag: the document publishes nothing about it anyway
        {"id": "hushco", "name": "Hush Co", "country": "US", "public": False, "note": "HUSH-NOTE"},
        # public by its own flag, with no public event at all
        {"id": "openco", "name": "Open Co", "country": "US", "public": True},
        # private by its own flag although the document publishes an event about it
        {"id": "mixco", "name": "Mix Co", "country": "US", "public": False, "note": "MIX-NOTE"},
    ],
    "resources": [
        {"id": "hush.example", "company": "hushco", "kind": "website", "public": False},
        {"id": "open.example", "company": "openco", "kind": "website", "public": True},
        {"id": "mix.example", "company": "mixco", "kind": "website", "public": False},
    ],
    "events": [
        {"date": "2023-05-01", "type": "rkn_account", "company": "mixco", "public": True},
    ],
}


@pytest.fixture
def tokens(world: World) -> dict[str, dict[str, str]]:
    with open_ledger(world.url) as store:
        store.append(document_events(FactsDocument.model_validate(RECORDS)))
    with TokenStore(world.url) as store:
        hush = store.create("company:hushco")[1]
    return {
        "public": {},
        "regulator": auth(world.tokens["regulator"]),
        "company:hushco": auth(hush),
        "company:acme": auth(world.tokens["company:acme"]),
    }


def get(client: TestClient, url: str, headers: dict[str, str], **params: Any) -> Any:
    r = client.get(url, params={**AS_OF, **params}, headers=headers)
    return r.status_code, r.json()


def listed(client: TestClient, headers: dict[str, str]) -> set[str]:
    status, body = get(client, "/api/companies", headers)
    assert status == 200, body
    return {c["id"] for c in body["companies"]}


def on_board(client: TestClient, headers: dict[str, str]) -> set[str]:
    status, body = get(client, "/api/board", headers)
    assert status == 200, body
    return {row["company"] for row in body["rows"]}


def resources(client: TestClient, headers: dict[str, str], company: str | None) -> set[str]:
    params = {} if company is None else {"company": company}
    status, body = get(client, "/api/resources", headers, **params)
    assert status == 200, body
    return {r["id"] for r in body["resources"]}


# role -> companies among the three it sees on the company, resource and board routes
SEES = {
    "public": {"openco"},
    "regulator": {"hushco", "openco", "mixco"},
    "company:hushco": {"hushco"},
    "company:acme": set(),
}
RESOURCE_OF = {"hushco": "hush.example", "openco": "open.example", "mixco": "mix.example"}


@pytest.mark.parametrize("role", sorted(SEES))
def test_each_role_sees_the_records_their_flags_allow(
    client: TestClient, tokens: dict[str, dict[str, str]], role: str
) -> None:
    headers, expected = tokens[role], SEES[role]
    ours = set(RESOURCE_OF)
    assert listed(client, headers) & ours == expected
    assert on_board(client, headers) & ours == expected
    seen_resources = resources(client, headers, None)
    assert {c for c, r in RESOURCE_OF.items() if r in seen_resources} == expected
    for company, resource in RESOURCE_OF.items():
        status, body = get(client, f"/api/companies/{company}", headers)
        if company in expected:
            assert status == 200, body
            assert [r["id"] for r in body["resources"]] == [resource]
            assert resources(client, headers, company) == {resource}
        elif role == "company:acme" or (role == "company:hushco" and company != "hushco"):
            assert status == 403, body  # another company: refused whether it exists or not
        else:
            assert status == 404, body  # not visible to this role: as if it did not exist
            assert resources(client, headers, company) == set()


def test_private_notes_reach_no_public_page(
    client: TestClient, tokens: dict[str, dict[str, str]]
) -> None:
    for url in ("/api/companies", "/api/resources", "/api/board", "/api/events", "/"):
        r = client.get(url, params=AS_OF)
        assert r.status_code == 200, (url, r.text)
        assert "HUSH-NOTE" not in r.text and "MIX-NOTE" not in r.text, url
        assert "hush.example" not in r.text and "mix.example" not in r.text, url
    # the public event about mixco stays public, its private record does not come with it
    events = client.get("/api/events", params={"company": "mixco"}).json()["events"]
    assert [e["type"] for e in events] == ["rkn_account"]
    # the company's own token and the regulator read the note
    for role in ("company:hushco", "regulator"):
        assert "HUSH-NOTE" in client.get("/api/companies", headers=tokens[role]).text
