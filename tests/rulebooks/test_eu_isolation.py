"""The Union's rulebook beside Russia's: neither's answers change with the other's presence,
and nothing of Russia's clock, currency, laws or measures appears in the Union's answers."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from landfall.engine import assess
from landfall.facts import load_facts, parse_facts
from landfall.facts.model import FactsDocument
from landfall.rulebooks import load, load_many, primary, takedown_deadline_of

ROOT = Path(__file__).parents[2]
DATES = [dt.date(2023, 10, 26), dt.date(2024, 2, 16), dt.date(2024, 2, 17), dt.date(2025, 6, 1)]


def _documents() -> list[FactsDocument]:
    cases = yaml.safe_load((ROOT / "tests/cases/eu/no-bleed.yaml").read_text(encoding="utf-8"))
    side_by_side = json.dumps(cases[0]["facts"], default=lambda v: v.isoformat())
    return [
        load_facts(ROOT / "tests/engine/golden/eu-facts.yaml"),
        parse_facts(side_by_side, name="no-bleed"),
        load_facts(ROOT / "examples/midsize-platform.yaml"),
    ]


def _part(company: dict[str, Any], jurisdiction: str) -> dict[str, Any]:
    """One jurisdiction's answers for a company: its laws, obligations and their exposure."""
    obligations = [o for o in company["obligations"] if o["jurisdiction"] == jurisdiction]
    ids = {o["id"] for o in obligations}
    return {
        "laws": [law for law in company["laws"] if law["jurisdiction"] == jurisdiction],
        "obligations": obligations,
        "exposure": [e for e in company["exposure"] if e["obligation"] in ids],
    }


@pytest.mark.parametrize("as_of", DATES, ids=str)
def test_each_jurisdiction_answers_as_if_alone(as_of: dt.date) -> None:
    for doc in _documents():
        alone = {
            book: {
                c["company"]: c
                for c in assess(load_many([book]), doc, as_of).to_dict()["companies"]
            }
            for book in ("ru", "eu")
        }
        for order in (["ru", "eu"], ["eu", "ru"]):
            together = assess(load_many(order), doc, as_of).to_dict()["companies"]
            for company in together:
                name = company["company"]
                assert _part(company, "RU") == _part(alone["ru"][name], "RU"), (name, order)
                assert _part(company, "EU") == _part(alone["eu"][name], "EU"), (name, order)
                assert company["fines"] == alone["ru"][name]["fines"], (name, order)


def test_no_russian_clock_currency_law_or_measure_in_the_unions_answers() -> None:
    russian_measures = set(load("ru").manifest.measure_ids)
    for doc in _documents():
        for as_of in DATES:
            result = assess(load_many(["ru", "eu"]), doc, as_of).to_dict(with_trace=True)
            for company in result["companies"]:
                eu = _part(company, "EU")
                text = json.dumps(eu)
                for foreign in ("RUB", "+03:00", "ru-236-fz", "ru-152-fz", "ru-149-fz", "koap"):
                    assert foreign not in text, (company["company"], foreign)
                assert all(e["currency"] == "EUR" for e in eu["exposure"])
                for key, trace in company["trace"].items():
                    if key.startswith("eu-dsa"):
                        assert "+03:00" not in json.dumps(trace), key
    assert not russian_measures & set(load("eu").manifest.measure_ids)


def test_the_union_reads_no_russian_fact_as_its_own() -> None:
    doc = parse_facts(
        json.dumps(
            {
                "landfall": 1,
                "companies": [{"id": "x", "country": "US"}],
                "resources": [{"id": "x.social", "company": "x", "kind": "social_network"}],
                "events": [
                    {
                        "date": "2024-01-01",
                        "type": "audience",
                        "resource": "x.social",
                        "daily_users_ru": 9000000,
                    },
                    {
                        "date": "2024-01-02",
                        "type": "local_presence",
                        "company": "x",
                        "form": "legal_representative",
                    },
                    {
                        "date": "2024-01-03",
                        "type": "demand",
                        "company": "x",
                        "id": "d1",
                        "kind": "takedown",
                        "basis": "149-FZ 15.3",
                    },
                    {
                        "date": "2024-01-04",
                        "type": "list_inclusion",
                        "company": "x",
                        "list": "landing",
                    },
                ],
            }
        ),
        name="russian-only",
    )
    company = assess(load_many(["eu"]), doc, dt.date(2024, 6, 1)).to_dict()["companies"][0]
    assert [law["applies"] for law in company["laws"]] == [False]
    assert {o["status"] for o in company["obligations"]} == {"not_applicable"}
    assert company["exposure"] == []


def test_the_primary_rulebook_stays_russias() -> None:
    assert primary().id == "ru"
    assert load("eu").clock.offset == dt.timedelta(0)


@pytest.mark.parametrize("basis", ["DSA 9", "DSA 16", "149-FZ 15.3", None])
def test_the_tracker_gets_no_deadline_for_any_basis(basis: str | None) -> None:
    deadline = takedown_deadline_of(load("eu"))
    received = dt.datetime(2024, 3, 1, 10, tzinfo=dt.UTC)
    assert deadline(basis, received) is None
    # before the articles applied there is no parameter value at all: still no deadline
    assert deadline(basis, dt.datetime(2023, 3, 1, tzinfo=dt.UTC)) is None
