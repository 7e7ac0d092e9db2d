"""The answers' ledger head: read from memory while the database is unchanged, re-read at the
first request after any commit, whoever made it (this app, another connection, another
process)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.ledger.support import fresh_postgres

from landfall.api.ledger_watch import LedgerWatch
from landfall.facts.model import FactsDocument
from landfall.ledger import document_events, open_ledger
from landfall.service.portal import seed_casebook
from landfall.tokens import Principal, TokenStore

from .conftest import auth
from .support import World

BOARD = "/api/board?as_of=2024-01-01"
ASSESSMENT = "/api/companies/google/assessment?as_of=2024-01-01"


def fine(amount: int) -> dict[str, Any]:
    return {
        "landfall": 1,
        "events": [
            {
                "date": "2023-03-01",
                "type": "fine",
                "company": "google",
                "article": "13.41",
                "part": "2",
                "amount_rub": amount,
                "public": True,
            }
        ],
    }


def amounts(client: TestClient, token: str | None = None) -> list[int]:
    r = client.get(ASSESSMENT, headers=auth(token) if token else {})
    assert r.status_code == 200, r.text
    return [f["amount_rub"] for f in r.json()["fines"]]


def test_an_unchanged_ledger_is_not_asked_for_its_head(app: FastAPI, world: World) -> None:
    head: LedgerWatch = app.state.watch
    reads = 0
    read = head.store.head

    def counted() -> str:
        nonlocal reads
        reads += 1
        return read()

    head.store.head = counted  # type: ignore[method-assign]
    with TestClient(app) as client:
        first = client.get(BOARD)
        after_first = reads
        for _ in range(20):
            assert client.get(BOARD).content == first.content
        assert reads == after_first  # twenty answers, no statement on the chain
        client.post(
            "/api/events",
            json={"events": [fine(111)["events"][0]]},
            headers=auth(world.tokens["regulator"]),
        ).raise_for_status()
        assert 111 in amounts(client)
        assert reads > after_first


def test_a_commit_by_another_connection_is_seen_at_the_next_request(
    app: FastAPI, world: World
) -> None:
    with TestClient(app) as client:
        before = amounts(client)
        with open_ledger(world.url) as other:  # the CLI's store: its own connections
            other.append(document_events(FactsDocument.model_validate(fine(222))))
        assert sorted(amounts(client)) == sorted([*before, 222])


def test_a_commit_by_another_process_is_seen_at_the_next_request(
    app: FastAPI, world: World
) -> None:
    script = (
        "import json, sys\n"
        "from landfall.facts.model import FactsDocument\n"
        "from landfall.ledger import document_events, open_ledger\n"
        "with open_ledger(sys.argv[1]) as s:\n"
        "    s.append(document_events(FactsDocument.model_validate(json.loads(sys.argv[2]))))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    with TestClient(app) as client:
        before = amounts(client)
        for amount in (333, 444):
            subprocess.run(
                [sys.executable, "-c", script, world.url, json.dumps(fine(amount))],
                check=True,
                env=env,
            )
            before.append(amount)
            assert sorted(amounts(client)) == sorted(before)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database holding the case book (skipped where none runs)."""
    with fresh_postgres("landfall_api") as name:
        url = f"postgresql://postgres@127.0.0.1:5432/{name}"
        with open_ledger(url) as store:
            seed_casebook(store)
        yield url


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_the_head_is_the_stores_after_every_append(
    backend: str, request: pytest.FixtureRequest
) -> None:
    url = (
        request.getfixturevalue("world").url
        if backend == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    with open_ledger(url) as store, open_ledger(url) as writer:
        head = LedgerWatch(store, store.url)

        async def heads() -> list[tuple[str, str]]:
            seen = []
            for amount in range(5):
                seen.append((await head.head(), store.head()))
                writer.append(document_events(FactsDocument.model_validate(fine(amount + 1))))
                seen.append((await head.head(), store.head()))
            return seen

        try:
            pairs = asyncio.run(heads())
        finally:
            head.close()
    assert all(kept == actual for kept, actual in pairs)
    assert len({actual for _, actual in pairs}) == 6  # the head moved each time


def test_a_token_revoked_elsewhere_is_refused_at_the_next_request(
    app: FastAPI, world: World
) -> None:
    with TokenStore(world.url) as tokens:
        info, plain = tokens.create("regulator", "revoked below")
    with TestClient(app) as client:
        for _ in range(3):  # authenticated, then kept
            assert client.get(BOARD, headers=auth(plain)).status_code == 200
        with TokenStore(world.url) as other:  # the CLI's `token revoke`: its own connection
            other.revoke(info.id)
        r = client.get(BOARD, headers=auth(plain))
        assert r.status_code == 401 and r.json()["error"]["code"] == "invalid-token"
        assert client.get(BOARD, headers=auth(world.tokens["regulator"])).status_code == 200


def test_a_kept_token_is_not_asked_for_again_and_a_wrong_one_always_is(
    app: FastAPI, world: World
) -> None:
    asked: list[str] = []
    tokens: TokenStore = app.state.tokens
    authenticate = tokens.authenticate

    def counted(token: str) -> Principal | None:
        asked.append(token)
        return authenticate(token)

    tokens.authenticate = counted  # type: ignore[method-assign]
    regulator, acme = world.tokens["regulator"], world.tokens["company:acme"]
    with TestClient(app) as client:
        for _ in range(5):
            assert client.get(BOARD, headers=auth(regulator)).status_code == 200
            assert client.get(BOARD, headers=auth(acme)).status_code == 200
            assert client.get(BOARD, headers=auth(regulator + "x")).status_code == 401
        # each kept token was asked once; the wrong one on every request
        assert asked.count(regulator) == asked.count(acme) == 1
        assert asked.count(regulator + "x") == 5
        # a company's token kept is still its own company's: another company is 403
        assert client.get(ASSESSMENT, headers=auth(acme)).status_code == 403
