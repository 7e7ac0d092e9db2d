"""A request past its time budget is a 503 ``request-timeout`` diagnostic, not a hang."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.types import Receive, Scope, Send

from landfall.api import create_app
from landfall.api.budget import TimeBudget
from landfall.settings import Settings

from .conftest import auth
from .support import World

ASSESSMENT = "/api/companies/acme/assessment"


@pytest.fixture
def hurried(world: World) -> Iterator[TestClient]:
    # no assessment of a fresh ledger is built in a millisecond
    app = create_app(Settings(db=world.url, request_budget=0.001))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_a_request_over_its_budget_is_a_503_diagnostic(hurried: TestClient, world: World) -> None:
    started = time.monotonic()
    r = hurried.get(
        ASSESSMENT, params={"as_of": "2024-01-01"}, headers=auth(world.tokens["regulator"])
    )
    assert r.status_code == 503, r.text
    body = r.json()
    assert body["error"]["code"] == "request-timeout"
    assert "0.001 s" in body["error"]["message"] and body["error"]["hint"]
    assert r.headers["retry-after"]
    assert r.headers["x-content-type-options"] == "nosniff"  # inside the security headers
    assert time.monotonic() - started < 5


def test_the_same_request_within_its_budget_answers(client: TestClient, world: World) -> None:
    r = client.get(
        ASSESSMENT, params={"as_of": "2024-01-01"}, headers=auth(world.tokens["regulator"])
    )
    assert r.status_code == 200, r.text


def test_the_budget_is_a_setting() -> None:
    assert Settings().request_budget == 10.0
    assert Settings(request_budget=2.5).request_budget == 2.5
    with pytest.raises(ValueError, match="request_budget"):
        Settings(request_budget=0)


async def slow_start(scope: Scope, receive: Receive, send: Send) -> None:
    await asyncio.sleep(0.3)
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"late"})


async def early_start(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await asyncio.sleep(0.3)
    await send({"type": "http.response.body", "body": b"begun, then finished"})


def test_a_late_answer_is_dropped_after_the_diagnostic() -> None:
    c = TestClient(TimeBudget(slow_start, seconds=0.05))  # no lifespan: a bare ASGI app
    r = c.get("/anything")
    assert r.status_code == 503 and r.json()["error"]["code"] == "request-timeout"
    time.sleep(0.4)  # the late answer arrives and goes nowhere
    assert c.get("/anything").status_code == 503


def test_an_answer_begun_within_the_budget_is_let_finish() -> None:
    r = TestClient(TimeBudget(early_start, seconds=0.05)).get("/anything")
    assert (r.status_code, r.content) == (200, b"begun, then finished")


def test_an_error_inside_the_budget_is_still_the_apps_answer(app: FastAPI) -> None:
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/api/companies/NOT-A-SLUG/assessment")
    assert r.status_code == 422


def test_the_assessment_cache_is_bounded_whatever_the_dates(world: World) -> None:
    app = create_app(Settings(db=world.url, cache_size=4))
    portal = app.state.portal
    token = auth(world.tokens["regulator"])
    with TestClient(app, raise_server_exceptions=False) as c:
        answers = []
        for day in range(1, 13):
            r = c.get(ASSESSMENT, params={"as_of": f"2024-01-{day:02d}"}, headers=token)
            assert r.status_code == 200, r.text
            answers.append(r.json())
            assert len(portal._cache) <= 4
        assert len(portal._cache) == 4
        kept = dict(portal._cache)
        # the most recent date is answered from the cache, and the same as before
        assert (
            c.get(ASSESSMENT, params={"as_of": "2024-01-12"}, headers=token).json() == (answers[-1])
        )
        assert dict(portal._cache) == kept
        # an evicted date is built again, evicting the least recently used in its turn
        assert (
            c.get(ASSESSMENT, params={"as_of": "2024-01-01"}, headers=token).json() == (answers[0])
        )
        assert len(portal._cache) == 4 and dict(portal._cache) != kept
