"""No oracle, no leak: the public role cannot confirm a private payload from the chain, and
private company and resource records stay out of public listings.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select

from landfall.facts.model import FactsDocument
from landfall.ledger import document_events, open_ledger
from landfall.ledger.events import canonical_json, event_key, row_hash
from landfall.ledger.schema import events

from .conftest import auth
from .support import World

SECRET_AUDIENCE = 612345


def _regulator_row(client: TestClient, world: World, event_id: int) -> dict[str, Any]:
    r = client.get(
        "/api/events",
        params={"company": "acme", "limit": 1000},
        headers=auth(world.tokens["regulator"]),
    )
    found: dict[str, Any] = next(e for e in r.json()["events"] if e["id"] == event_id)
    return found


def _candidate_hash(row: dict[str, Any], prev: str, salt: str | None) -> str:
    """The probe's guess: a private row rebuilt from its content (as the regulator sees it),
    the head polled before it, and the record time of the public event appended with it."""
    payload = canonical_json(row["payload"])
    values = (
        event_key(row["type"], row["subject"], row["kind"], None, payload),
        row["type"],
        row["company"],
        row["subject"],
        row["valid_from"],
        row["valid_from"],  # a bare date: its day
        f"{row['valid_from']}T00:00:00.000000Z",
        row["recorded_at"],
        payload,
        row["source"],
        False,
        None,
        row["kind"],
        prev,
    )
    return row_hash(values, author=canonical_json(row["author"]), salt=salt)


def test_public_chain_fields_do_not_confirm_a_private_figure(
    client: TestClient, world: World
) -> None:
    assert client.get("/api/ledger/verify").json()["head"] is None  # the public sees no head
    # Grant the guesser more than the public has: the head before the append, exactly.
    regulator = auth(world.tokens["regulator"])
    before = client.get("/api/ledger/verify", headers=regulator).json()["head"]
    batch = [
        {
            "date": "2024-05-01",
            "type": "audience",
            "resource": "acme.social",
            "daily_users_ru": SECRET_AUDIENCE,
        },
        {"date": "2024-05-01", "type": "rkn_account", "company": "acme", "public": True},
    ]
    r = client.post("/api/events", json={"events": batch}, headers=auth(world.tokens["regulator"]))
    assert r.status_code == 201, r.text
    public = client.get("/api/events", params={"company": "acme", "limit": 1000}).json()["events"]
    shown = next(e for e in public if e["type"] == "rkn_account")
    assert shown["author"] == {"role": "regulator"}  # no token id for the public
    # The public sees no chain field at all: not the link, not the row's own hash.
    assert (shown["prev_hash"], shown["hash"]) == (None, None)
    # A role that sees chain fields (a company sees its own rows' links) still learns nothing:
    # the same event, as the regulator reads it, links to the private row before it.
    everything = client.get(
        "/api/events", params={"company": "acme", "limit": 1000}, headers=regulator
    ).json()["events"]
    neighbour = next(e for e in everything if e["seq"] == shown["seq"])
    private = _regulator_row(client, world, neighbour["id"] - 1)
    assert private["payload"]["daily_users_ru"] == SECRET_AUDIENCE
    assert private["recorded_at"] == neighbour["recorded_at"]
    # Even the exact figure, with every other field right, does not reproduce the link the
    # public sees: the row's salt is missing from the guess, and no view shows it.
    assert "salt" not in private and "salt" not in neighbour
    assert _candidate_hash(private, before, None) != neighbour["prev_hash"]
    # The guess is built right: with the salt (read from the database) it is the link.
    engine = create_engine(world.url)
    with engine.connect() as conn:
        salt = conn.execute(select(events.c.salt).where(events.c.id == private["id"])).scalar()
    engine.dispose()
    assert isinstance(salt, str)
    assert _candidate_hash(private, before, salt) == neighbour["prev_hash"]


PRIVATE_GOOGLE = {
    "landfall": 1,
    "companies": [
        {
            "id": "google",
            "name": "Google LLC",
            "country": "US",
            "note": "GOOGLE-PRIVATE-NOTE: regulator internal, under investigation",
        }
    ],
    "resources": [{"id": "google-private.example", "company": "google", "kind": "website"}],
    "events": [],
}


def test_private_company_and_resource_records_stay_private(
    client: TestClient, world: World
) -> None:
    with open_ledger(world.url) as store:
        store.append(document_events(FactsDocument.model_validate(PRIVATE_GOOGLE)))
    urls = [
        "/api/companies",
        "/api/companies/google",
        "/api/resources?company=google",
        "/api/resources",
        "/api/companies/google/assessment?as_of=2024-01-01",
        "/api/board?as_of=2024-01-01",
        "/companies/google?as_of=2024-01-01",
    ]
    for url in urls:
        r = client.get(url)
        assert r.status_code == 200, (url, r.text)
        assert "GOOGLE-PRIVATE-NOTE" not in r.text, url
        assert "google-private.example" not in r.text, url
    # google stays public, with the records its public case book published
    assert "google.com" in client.get("/api/resources", params={"company": "google"}).text
    # the regulator sees both
    regulator = auth(world.tokens["regulator"])
    assert "GOOGLE-PRIVATE-NOTE" in client.get("/api/companies", headers=regulator).text
    found = client.get("/api/resources", params={"company": "google"}, headers=regulator)
    assert "google-private.example" in found.text


def test_records_from_before_record_visibility_follow_their_company() -> None:
    from landfall.ledger import StoredEvent
    from landfall.service.visibility import public_record as _public_record

    def record(public: bool, salt: str | None, company: str = "google") -> StoredEvent:
        return StoredEvent(
            1, "k", "company", company, company, None, None, None, "t", "{}", None, public,
            None, "assert", "p", "h", None, salt,
        )  # fmt: skip

    shown = {"google"}
    assert _public_record(record(True, None), shown)
    assert _public_record(record(False, None), shown)  # written before 0003: as it was
    assert not _public_record(record(False, None, "acme"), shown)
    assert not _public_record(record(False, "00" * 32), shown)  # private since 0003
    # a record marked public is public, with or without a public event of its company
    assert _public_record(record(True, None, "acme"), shown)
