"""Every API route publishes a response model; a company without a country is listed."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from landfall.facts.model import FactsDocument
from landfall.ledger import document_events, open_ledger

from .conftest import auth
from .support import World

NO_COUNTRY = {
    "landfall": 1,
    "companies": [{"id": "nowhere", "name": "Nowhere Ltd"}],
    "resources": [{"id": "nowhere.app", "company": "nowhere", "kind": "social_network"}],
    "events": [
        {"date": "2022-01-10", "type": "audience", "resource": "nowhere.app", "daily_users_ru": 1}
    ],
}


def test_every_json_route_has_a_response_model(app: FastAPI) -> None:
    missing = [
        f"{sorted(r.methods)} {r.path}"
        for r in app.routes
        if isinstance(r, APIRoute)
        and r.path.startswith("/api/")
        and r.response_model is None
        and r.status_code != 204
    ]
    assert missing == []


def test_a_company_without_country_is_listed_with_null(world: World, client: TestClient) -> None:
    with open_ledger(world.url) as store:
        store.append(document_events(FactsDocument.model_validate(NO_COUNTRY)))
    r = client.get("/api/companies", headers=auth(world.tokens["regulator"]))
    assert r.status_code == 200, r.text
    found = {c["id"]: c for c in r.json()["companies"]}
    assert found["nowhere"]["country"] is None
    detail = client.get("/api/companies/nowhere", headers=auth(world.tokens["regulator"]))
    assert detail.status_code == 200, detail.text
    assert detail.json()["country"] is None


def test_the_routes_that_gained_a_model_keep_their_fields(world: World, client: TestClient) -> None:
    token = auth(world.tokens["regulator"])
    for path, keys in (
        ("/api/companies/acme/audience?as_of=2022-06-01", {"company", "threshold", "series"}),
        ("/api/companies/acme/scans", {"company", "scans", "data_stores"}),
        ("/api/companies/acme/takedown", {"demands", "counts", "on_time_rate", "headline"}),
        ("/api/companies/acme/measures", {"ladder", "position", "because"}),
        ("/api/rulebook", {"rulebook", "laws", "parameters", "rules"}),
        ("/api/rulebook/laws", {"as_of", "laws"}),
        ("/api/rulebook/parameters/ru-236-fz.audience-threshold", {"value", "history"}),
    ):
        r = client.get(path, headers=token)
        assert r.status_code == 200, (path, r.text)
        assert keys <= set(r.json()), path
    threshold = client.get("/api/companies/acme/audience?as_of=2022-06-01", headers=token).json()
    assert threshold["threshold"]["parameter"] == "ru-236-fz.audience-threshold"
