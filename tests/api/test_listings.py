"""``GET /api/fines`` and ``/api/measures`` and the dashboard's pages: the roles' pictures, the
assessment's verdicts, the filters at their edges."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import auth
from .support import World

AS_OF = {"as_of": "2026-11-29"}


def get(client: TestClient, path: str, token: str | None = None, **params: Any) -> Any:
    headers = auth(token) if token else {}
    r = client.get(path, params={**AS_OF, **params}, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def notes(found: dict[str, Any]) -> list[str]:
    return [r["note"] or "" for r in found["rows"]]


def test_the_public_sees_public_fines_only(world: World, client: TestClient) -> None:
    public = get(client, "/api/fines", company="google")
    assert public["rows"] and "PRIVATE-GOOGLE-FINE" not in notes(public)
    for role in ("regulator", "company:google"):
        seen = get(client, "/api/fines", world.tokens[role], company="google")
        assert "PRIVATE-GOOGLE-FINE" in notes(seen)
        assert seen["total"]["count"] == public["total"]["count"] + 1


def test_a_company_token_lists_its_own_company_only(world: World, client: TestClient) -> None:
    token = world.tokens["company:acme"]
    own = get(client, "/api/fines", token)
    assert {r["company"] for r in own["rows"]} == {"acme"}
    r = client.get("/api/fines", params={"company": "google"}, headers=auth(token))
    assert r.status_code == 403


def test_the_verdicts_are_the_assessments(world: World, client: TestClient) -> None:
    token = world.tokens["regulator"]
    listed = get(client, "/api/fines", token, company="google")["rows"]
    assessed = get(client, "/api/companies/google/assessment", token)["fines"]
    assert sorted((r["date"], r["amount"], r["verdict"]) for r in listed) == sorted(
        (f["date"], f["amount"], f["verdict"]) for f in assessed
    )
    assert all(r["sources"] for r in listed if r["note"] != "PRIVATE-GOOGLE-FINE")


@pytest.mark.parametrize(
    ("date_from", "date_to", "found"),
    [("2022-04-07", "2022-04-07", True), ("2022-04-08", None, False), (None, "2022-04-06", False)],
)
def test_measures_by_the_day_applied(
    client: TestClient, date_from: str | None, date_to: str | None, found: bool
) -> None:
    params = {"company": "google", "from": date_from, "to": date_to}
    rows = get(client, "/api/measures", **{k: v for k, v in params.items() if v})["rows"]
    ladder = {r["measure"] for r in rows if r["kind"] == "measure"}
    assert ("informing-users" in ladder) is found
    assert all(r["jurisdiction"] == "RU" for r in rows)


def test_filters_and_bad_input(client: TestClient) -> None:
    article = get(client, "/api/fines", article="13.41")["rows"]
    assert article and {r["article"] for r in article} == {"13.41"}
    assert get(client, "/api/fines", jurisdiction="ru")["total"]["count"] == len(
        get(client, "/api/fines")["rows"]
    )
    assert get(client, "/api/fines", jurisdiction="KZ")["rows"] == []
    assert client.get("/api/fines", params={"from": "2022-13-01"}).status_code == 422
    assert client.get("/api/measures", params={"to": "1900-01-01"}).status_code == 422


def test_the_dashboard_pages_show_sources_and_the_total(client: TestClient) -> None:
    fines = client.get("/fines", params={**AS_OF, "company": "google"})
    assert fines.status_code == 200
    listed = get(client, "/api/fines", company="google")
    assert listed["total"]["text"] in fines.text
    first = listed["rows"][0]["sources"][0]
    assert f'<a href="{first}" rel="noreferrer">' in fines.text
    assert "PRIVATE-GOOGLE-FINE" not in fines.text
    measures = client.get("/measures", params=AS_OF)
    assert measures.status_code == 200 and "informing users" in measures.text  # by its name
    assert client.get("/fines", params={"from": "nope"}).status_code == 422


def test_a_company_the_role_cannot_see_is_not_found(world: World, client: TestClient) -> None:
    # acme's facts are all private: the public gets the answer a company that does not exist
    # gets, and the regulator sees its fine
    for company in ("acme", "no-such-company"):
        assert client.get("/api/fines", params={"company": company}).status_code == 404
    seen = get(client, "/api/fines", world.tokens["regulator"], company="acme")
    assert seen["total"]["count"] == 1
