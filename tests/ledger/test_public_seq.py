"""The public sequence: public rows are numbered 1, 2, ... whatever private rows lie between,
and the public role sees those numbers only, never an internal id, a chain field or a count
that moves when the regulator appends in private (issue 11, F19). On every backend."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, inspect

from landfall.api import create_app
from landfall.ledger import NewEvent, SqlLedger, open_ledger
from landfall.ledger.connect import _alembic_config, parse_url
from landfall.settings import Settings
from landfall.tokens import TokenStore

from .support import run_sql

COMPANY = NewEvent("company", "acme", "acme", {"id": "acme", "country": "CY"}, public=True)


def event(day: int, public: bool, type: str = "rkn_account") -> NewEvent:
    return NewEvent(
        type, "acme", "acme", {"date": f"2024-01-{day:02d}"}, f"2024-01-{day:02d}", public=public
    )


def test_public_rows_are_numbered_densely_in_chain_order(store: SqlLedger) -> None:
    store.append([COMPANY, event(1, True), event(2, False)])
    store.append([event(3, False), event(4, True)])
    rows = store.events()
    assert [(r.id, r.public_seq) for r in rows] == [(1, 1), (2, 2), (3, None), (4, None), (5, 3)]
    result = store.verify()
    assert result.ok and (result.count, result.public_count) == (5, 3), result.message


def test_a_rewritten_public_number_is_caught(store: SqlLedger, ledger_url: str) -> None:
    store.append([COMPANY, event(1, True), event(2, False), event(3, True)])
    run_sql(ledger_url, "UPDATE events SET public_seq = 4 WHERE id = 4")  # a gap in the numbers
    result = store.verify()
    assert (result.problem, result.broken_id) == ("renumbered", 4)
    run_sql(ledger_url, "UPDATE events SET public_seq = NULL WHERE id = 4")
    run_sql(ledger_url, "UPDATE events SET public_seq = 3 WHERE id = 3")  # a private row numbered
    assert (store.verify().problem, store.verify().broken_id) == ("renumbered", 3)


def test_a_ledger_at_0003_is_numbered_by_the_upgrade_and_verifies(ledger_url: str) -> None:
    with open_ledger(ledger_url) as store:
        store.append([COMPANY, event(1, True), event(2, False), event(3, False), event(4, True)])
        before = [(r.id, r.hash, r.public_seq) for r in store.events()]
    engine = create_engine(parse_url(ledger_url))
    with engine.begin() as conn:  # back to the schema of 0003: the rows as 0003 wrote them
        config = _alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "0003")
    with engine.connect() as conn:
        assert "public_seq" not in {c["name"] for c in inspect(conn).get_columns("events")}
    engine.dispose()
    with open_ledger(ledger_url) as store:  # migrates to 0004
        assert [(r.id, r.hash, r.public_seq) for r in store.events()] == before
        result = store.verify()
        assert result.ok and result.public_count == 3, result.message  # the record too
        store.append([event(5, True)])
        assert store.events()[-1].public_seq == 4
        assert store.verify().ok


@pytest.fixture
def served(ledger_url: str) -> Iterator[tuple[TestClient, dict[str, str]]]:
    with open_ledger(ledger_url) as store:
        store.append([COMPANY])  # not empty: the server seeds no case book
    with TokenStore(ledger_url) as tokens:
        regulator = tokens.create("regulator")[1]
    app = create_app(Settings(db=ledger_url))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, {"Authorization": f"Bearer {regulator}"}


def post(client: TestClient, regulator: dict[str, str], *events: dict[str, Any]) -> None:
    r = client.post("/api/events", json={"events": list(events)}, headers=regulator)
    assert r.status_code == 201, r.text


def fact(day: int, public: bool) -> dict[str, Any]:
    return {
        "date": f"2024-02-{day:02d}",
        "type": "rkn_account",
        "company": "acme",
        "public": public,
    }


def test_private_appends_leave_no_trace_in_the_public_view(
    served: tuple[TestClient, dict[str, str]],
) -> None:
    client, regulator = served
    post(client, regulator, fact(1, True))
    verify_before = client.get("/api/ledger/verify").json()
    events_before = client.get("/api/events").json()["events"]

    post(client, regulator, fact(2, False))
    post(client, regulator, fact(3, False), fact(4, False))

    # the public verify body and event list are what they were before the private appends
    assert client.get("/api/ledger/verify").json() == verify_before
    assert verify_before == {
        "ok": True,
        "problem": None,
        "message": "the chain verifies",
        "count": None,
        "head": None,
        "broken_id": None,
        "public_count": 2,
    }
    assert client.get("/api/events").json()["events"] == events_before

    post(client, regulator, fact(5, True))
    shown = client.get("/api/events").json()["events"]
    assert [(e["id"], e["seq"]) for e in shown] == [(1, 1), (2, 2), (3, 3)]  # no gap
    assert all(e["prev_hash"] is None and e["hash"] is None for e in shown)
    assert client.get("/api/ledger/verify").json()["public_count"] == 3
    # the regulator sees the internal ids, with the gap, and the public numbers beside them
    everything = client.get("/api/events", headers=regulator).json()["events"]
    assert [(e["id"], e["seq"]) for e in everything] == [
        (1, 1),
        (2, 2),
        (3, None),
        (4, None),
        (5, None),
        (6, 3),
    ]
    full = client.get("/api/ledger/verify", headers=regulator).json()
    assert (full["count"], full["public_count"]) == (6, 3)


def test_a_public_correction_refers_to_the_public_number(
    served: tuple[TestClient, dict[str, str]], ledger_url: str
) -> None:
    client, regulator = served
    post(client, regulator, fact(1, False), fact(2, True))
    with open_ledger(ledger_url) as store:
        target = store.events(type="rkn_account", public_only=True)[0]
        assert (target.id, target.public_seq) == (3, 2)
        store.append(
            [
                NewEvent(
                    "rkn_account",
                    "acme",
                    "acme",
                    {"date": "2024-02-03"},
                    "2024-02-03",
                    public=True,
                    kind="correct",
                    refers_to=target.id,
                )
            ]
        )
    shown = client.get("/api/events").json()["events"]
    correction = next(e for e in shown if e["kind"] == "correct")
    assert (correction["id"], correction["refers_to"]) == (3, 2)
    internal = client.get("/api/events", headers=regulator).json()["events"]
    assert next(e for e in internal if e["kind"] == "correct")["refers_to"] == 3
