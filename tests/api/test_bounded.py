"""Bounded work per request: verify answers from its cache, pages are cut in SQL.

The statements are counted with a real SQLAlchemy ``before_cursor_execute`` listener on the
ledger's read engine, so the tests see what the database is asked, not what the code says.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event

from .conftest import auth
from .support import World


class Statements:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        self.seen.append(" ".join(statement.split()))

    def full_reads(self) -> list[str]:
        """Statements reading the events table without a LIMIT: whole-ledger work."""
        return [s for s in self.seen if "FROM events" in s and "LIMIT" not in s]


@pytest.fixture
def statements(app: FastAPI, client: TestClient) -> Iterator[Statements]:
    engine = app.state.portal.store._reader
    seen = Statements()
    event.listen(engine, "before_cursor_execute", seen)
    yield seen
    event.remove(engine, "before_cursor_execute", seen)


def test_verify_answers_from_cache_until_the_head_moves(
    client: TestClient, statements: Statements, world: World
) -> None:
    first = client.get("/api/ledger/verify")
    assert first.status_code == 200 and first.json()["ok"] is True
    assert len(statements.full_reads()) == 1  # the one walk
    statements.seen.clear()

    second = client.get("/api/ledger/verify")
    assert second.json() == first.json()
    assert statements.full_reads() == []  # the store is not re-read
    assert len([s for s in statements.seen if "FROM events" in s]) == 1  # the head, LIMIT 1

    added = client.post(
        "/api/events",
        json={"events": [{"date": "2024-01-02", "type": "list_inclusion", "company": "acme"}]},
        headers=auth(world.tokens["regulator"]),
    )
    assert added.status_code == 201, added.text
    statements.seen.clear()
    third = client.get("/api/ledger/verify", headers=auth(world.tokens["regulator"]))
    assert third.json()["ok"] is True
    assert third.json()["head"] == added.json()["head"]
    # a new head walks only what was appended: the last verified row, then the rows after it
    reads = [s for s in statements.seen if "FROM events" in s and "LIMIT" not in s]
    assert reads and all("WHERE events.id" in s for s in reads)
    count = third.json()["count"]
    statements.seen.clear()
    assert client.get("/api/ledger/verify", headers=auth(world.tokens["regulator"])).json() == (
        third.json()
    )
    assert statements.full_reads() == [] and count > 1


def test_public_verify_shows_no_count_head_or_event(
    client: TestClient, world: World, app: FastAPI
) -> None:
    public = client.get("/api/ledger/verify").json()
    company = client.get("/api/ledger/verify", headers=auth(world.tokens["company:acme"])).json()
    regulator = client.get("/api/ledger/verify", headers=auth(world.tokens["regulator"])).json()
    for seen in (public, company):
        assert seen["ok"] is True and seen["count"] is None and seen["head"] is None
    assert regulator["count"] > 0 and regulator["head"] == app.state.portal.store.head()


def test_public_events_page_is_cut_in_sql(client: TestClient, statements: Statements) -> None:
    everything = client.get("/api/events", params={"limit": 1000}).json()["events"]
    assert everything and all(e["public"] for e in everything)
    statements.seen.clear()

    page = client.get("/api/events", params={"limit": 2, "offset": 3})
    assert page.status_code == 200
    assert [e["id"] for e in page.json()["events"]] == [e["id"] for e in everything[3:5]]
    reads = [s for s in statements.seen if "FROM events" in s and "ORDER BY events.id" in s]
    assert reads and all("LIMIT" in s and "OFFSET" in s and "public" in s for s in reads)
    assert statements.full_reads() == []


def test_timeline_pages(client: TestClient, world: World) -> None:
    token = auth(world.tokens["regulator"])
    url = "/api/companies/google/timeline"
    whole = client.get(url, params={"limit": 1000, "as_of": "2030-01-01"}, headers=token).json()
    assert len(whole["events"]) > 4
    page = client.get(
        url, params={"limit": 2, "offset": 2, "as_of": "2030-01-01"}, headers=token
    ).json()
    assert (page["limit"], page["offset"]) == (2, 2)
    assert [e["id"] for e in page["events"]] == [e["id"] for e in whole["events"][2:4]]
    too_many = client.get(url, params={"limit": 1001}, headers=token)
    assert too_many.status_code == 422
