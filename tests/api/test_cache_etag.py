"""The board and an assessment answered from serialized bytes: ETags, 304s, and never stale.

The ETag is a digest of the answer, so an append that changes nothing a role sees leaves
that role's ETag as it was (no activity meter through ``If-None-Match``), and one that
changes the answer changes it at once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from landfall.api import create_app
from landfall.settings import Settings

from .conftest import auth
from .support import World

ASSESSMENT = "/api/companies/google/assessment"
BOARD = "/api/board"
AS_OF = {"as_of": "2024-01-01"}
# A fine only the regulator and google's own token see: it is in their assessment of google.
PRIVATE_FINE = {
    "date": "2023-03-01",
    "type": "fine",
    "company": "google",
    "article": "13.41",
    "part": "2",
    "amount_rub": 1234567,
}


def get(
    client: TestClient, url: str, token: str | None = None, etag: str | None = None, **params: Any
) -> Any:
    headers = auth(token) if token else {}
    if etag is not None:
        headers["If-None-Match"] = etag
    return client.get(url, params={**AS_OF, **params}, headers=headers)


def append(client: TestClient, world: World, event: dict[str, Any]) -> None:
    r = client.post(
        "/api/events", json={"events": [event]}, headers=auth(world.tokens["regulator"])
    )
    assert r.status_code == 201 and r.json()["added"] == 1, r.text


@pytest.mark.parametrize("url", [BOARD, ASSESSMENT])
def test_an_answer_carries_its_etag_and_naming_it_is_a_304(client: TestClient, url: str) -> None:
    first = get(client, url)
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"') and len(etag) > 2
    vary = {v.strip() for v in first.headers["vary"].split(",")}
    assert {"Authorization", "Cookie", "Accept-Language"} <= vary
    assert first.headers["content-type"] == "application/json"
    again = get(client, url)
    assert (again.content, again.headers["etag"]) == (first.content, etag)

    for sent in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        r = get(client, url, etag=sent)
        assert r.status_code == 304, sent
        assert r.content == b""
        assert r.headers["etag"] == etag
        assert r.headers["x-frame-options"] == "DENY"  # the security headers as on a 200
    for sent in ('"other"', etag[:-2] + '"', "W/", ""):
        assert get(client, url, etag=sent).status_code == 200, sent


def test_public_answers_may_be_kept_and_token_holders_answers_are_not(
    client: TestClient, world: World
) -> None:
    assert get(client, ASSESSMENT).headers["cache-control"] == "no-cache"
    regulator = get(client, ASSESSMENT, world.tokens["regulator"])
    assert regulator.headers["cache-control"] == "no-store"
    assert get(client, BOARD, world.tokens["company:acme"]).headers["cache-control"] == "no-store"


def test_the_etag_is_of_the_representation_the_role_sees(client: TestClient, world: World) -> None:
    public = get(client, ASSESSMENT)
    regulator = get(client, ASSESSMENT, world.tokens["regulator"])
    google = get(client, ASSESSMENT, world.tokens["company:google"])
    # the regulator and google's own token see the private fine; the public does not
    assert b"7777777" in regulator.content and b"7777777" not in public.content
    assert google.content == regulator.content
    assert google.headers["etag"] == regulator.headers["etag"] != public.headers["etag"]
    assert (
        get(client, ASSESSMENT, world.tokens["regulator"], public.headers["etag"]).status_code
        == 200
    )
    assert get(client, ASSESSMENT, etag=regulator.headers["etag"]).status_code == 200
    # the board of a company's token holds only that company
    board = get(client, BOARD, world.tokens["company:acme"])
    assert [row["company"] for row in board.json()["rows"]] == ["acme"]
    assert board.headers["etag"] != get(client, BOARD, world.tokens["regulator"]).headers["etag"]


@pytest.mark.parametrize(
    ("url", "params"),
    [
        (ASSESSMENT, {"as_of": "2024-01-02"}),
        (ASSESSMENT, {"known_at": "2099-12-31"}),  # everything recorded, and said so
        (BOARD, {"as_of": "2024-01-02"}),
        (BOARD, {"law": "ru-236-fz"}),
    ],
)
def test_every_parameter_of_the_query_is_its_own_answer(
    client: TestClient, url: str, params: dict[str, str]
) -> None:
    base = get(client, url)
    other = get(client, url, **params)
    assert other.status_code == 200
    assert other.headers["etag"] != base.headers["etag"]
    assert get(client, url, etag=base.headers["etag"], **params).status_code == 200


def test_an_append_changes_the_answers_it_changes_and_no_other(
    client: TestClient, world: World
) -> None:
    regulator = world.tokens["regulator"]
    known = dt.datetime.now(dt.UTC).isoformat()  # every event so far, not the one below
    before = {
        "public": get(client, ASSESSMENT),
        "regulator": get(client, ASSESSMENT, regulator),
        "known then": get(client, ASSESSMENT, regulator, known_at=known),
        "public board": get(client, BOARD),
    }
    append(client, world, PRIVATE_FINE)

    after = get(client, ASSESSMENT, regulator, before["regulator"].headers["etag"])
    assert after.status_code == 200  # not stale: the new head is a new answer
    assert 1234567 in [f["amount_rub"] for f in after.json()["fines"]]
    assert after.headers["etag"] != before["regulator"].headers["etag"]
    # the public sees nothing new, and its validators do not tell that something was appended
    for name, url, token, params in (
        ("public", ASSESSMENT, None, {}),
        ("public board", BOARD, None, {}),
        ("known then", ASSESSMENT, regulator, {"known_at": known}),
    ):
        r = get(client, url, token, before[name].headers["etag"], **params)
        assert r.status_code == 304, name
    assert get(client, ASSESSMENT).content == before["public"].content


def test_validators_come_after_the_token_and_the_role(client: TestClient, world: World) -> None:
    public = get(client, ASSESSMENT)
    etag = public.headers["etag"]
    assert get(client, ASSESSMENT, world.tokens["revoked"], etag).status_code == 401
    assert get(client, ASSESSMENT, world.tokens["company:acme"], "*").status_code == 403
    assert get(client, "/api/companies/nobody/assessment", etag="*").status_code == 404
    assert get(client, "/api/companies/acme/assessment", etag="*").status_code == 404  # private
    assert get(client, BOARD, etag="*", law="no-such-law").status_code == 404
    assert get(client, ASSESSMENT, etag="*", as_of="2101-01-01").status_code == 422


def test_a_cached_answer_is_the_answer_built_afresh(app: FastAPI, world: World) -> None:
    with TestClient(app) as warm:
        for _ in range(2):
            cached = {
                (url, role): get(warm, url, world.tokens.get(role))
                for url in (BOARD, ASSESSMENT)
                for role in ("public", "regulator")
            }
    fresh_app = create_app(Settings(db=world.url))
    with TestClient(fresh_app) as fresh:
        for (url, role), r in cached.items():
            built = get(fresh, url, world.tokens.get(role))
            assert (built.content, built.headers["etag"]) == (r.content, r.headers["etag"])


def test_the_answers_kept_are_at_most_cache_size(world: World) -> None:
    app = create_app(Settings(db=world.url, cache_size=3))
    with TestClient(app) as client:
        day = dt.date(2024, 1, 1)
        for i in range(6):
            assert get(
                client, ASSESSMENT, as_of=(day + dt.timedelta(days=i)).isoformat()
            ).is_success
        assert len(app.state.answers) == 3


def test_each_language_has_its_own_cached_answer(client: TestClient) -> None:
    english = get(client, ASSESSMENT)
    russian = get(client, ASSESSMENT, lang="ru")
    again = get(client, ASSESSMENT, lang="en")  # the switch is kept in a cookie: switch back
    assert english.status_code == russian.status_code == again.status_code == 200
    assert english.headers["etag"] != russian.headers["etag"]
    assert again.content == english.content  # the Russian answer did not replace the English
    because = [b for o in russian.json()["obligations"] for b in o["because"]]
    assert any(any("\u0400" <= ch <= "\u04ff" for ch in line) for line in because)
