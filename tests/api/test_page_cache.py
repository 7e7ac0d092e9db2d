"""The dashboard's pages kept per head, role, day, language and query: the same bytes as a
page rendered afresh, each browser's own CSRF token in them, ETags and 304s, and a token
revoked elsewhere sends the browser to the login page at its next request."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from landfall.api import create_app
from landfall.api.deps import COOKIE
from landfall.settings import Settings
from landfall.tokens import TokenStore

from .conftest import auth
from .support import World

BOARD = "/?as_of=2024-01-01"
COMPANY = "/companies/google?as_of=2024-01-01"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def without_csrf(html: bytes) -> bytes:
    return CSRF.sub('name="csrf" value=""', html.decode()).encode()


def test_a_page_is_kept_and_served_with_this_browsers_token(app: FastAPI, world: World) -> None:
    with TestClient(app) as one, TestClient(app) as two:
        for browser in (one, two):  # signed in: the page has a logout form with the token
            browser.cookies.set(COOKIE, world.tokens["regulator"])
        first = one.get(BOARD)
        again = one.get(BOARD)
        other = two.get(BOARD)
        assert first.status_code == again.status_code == other.status_code == 200
        assert len(app.state.pages) == 1  # three browsers' requests, one page built
        assert first.content == again.content
        mine, theirs = CSRF.findall(first.text), CSRF.findall(other.text)
        assert mine and theirs and mine[0] != theirs[0]
        assert mine[0] == one.cookies["landfall_csrf"]
        assert without_csrf(first.content) == without_csrf(other.content)
        assert first.headers["etag"] != other.headers["etag"]  # a validator of these bytes
        assert "<csrf-slot>" not in first.text
        assert first.headers["cache-control"] == "no-store"  # a token holder's page


def test_naming_the_etag_is_a_304_and_public_pages_revalidate(app: FastAPI) -> None:
    with TestClient(app) as client:
        for path in (BOARD, COMPANY):
            first = client.get(path)
            assert first.headers["cache-control"] == "private, no-cache"
            r = client.get(path, headers={"if-none-match": first.headers["etag"]})
            assert r.status_code == 304 and r.content == b""
            assert r.headers["etag"] == first.headers["etag"]


def test_a_kept_page_is_the_page_rendered_afresh_after_an_append(
    app: FastAPI, world: World
) -> None:
    event = {
        "date": "2023-03-01",
        "type": "fine",
        "company": "google",
        "article": "13.41",
        "part": "2",
        "amount_rub": 7654321,
    }
    with TestClient(app) as warm:
        warm.cookies.set(COOKIE, world.tokens["regulator"])
        before = warm.get(COMPANY)
        r = warm.post(
            "/api/events", json={"events": [event]}, headers=auth(world.tokens["regulator"])
        )
        assert r.status_code == 201, r.text
        after = warm.get(COMPANY)
        assert without_csrf(after.content) != without_csrf(before.content)
        assert "7,654,321" in after.text or "7 654 321" in after.text
        kept = warm.get(COMPANY)
    with TestClient(create_app(Settings(db=world.url))) as fresh:
        fresh.cookies.set(COOKIE, world.tokens["regulator"])
        built = fresh.get(COMPANY)
    assert without_csrf(built.content) == without_csrf(kept.content)


def test_a_role_and_a_language_are_each_their_own_page(app: FastAPI, world: World) -> None:
    with TestClient(app) as client:
        public = client.get(BOARD + "&lang=en")
        russian = client.get(BOARD + "&lang=ru")
        client.cookies.set(COOKIE, world.tokens["regulator"])
        regulator = client.get(BOARD + "&lang=en")  # the same query as the public's
    assert len(app.state.pages) == 3
    assert "signed in as" in regulator.text and "signed in as" not in public.text
    assert '<html lang="ru">' in russian.text


def test_a_token_revoked_elsewhere_logs_the_browser_out(app: FastAPI, world: World) -> None:
    with TokenStore(world.url) as tokens:
        info, plain = tokens.create("regulator", "revoked below")
    with TestClient(app) as client:
        client.cookies.set(COOKIE, plain)
        for _ in range(2):  # authenticated, then kept
            assert "signed in as" in client.get(BOARD).text
        with TokenStore(world.url) as other:
            other.revoke(info.id)
        r = client.get(BOARD, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login?expired=true"


def test_a_page_that_fails_is_not_kept(app: FastAPI) -> None:
    with TestClient(app) as client:
        r = client.get("/companies/no-such-company")
        assert r.status_code == 404
        assert len(app.state.pages) == 0
