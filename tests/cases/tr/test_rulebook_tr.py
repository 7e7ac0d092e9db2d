"""The Turkish rulebook beside Russia's: no answer of one reaches the other, the tracker's
deadline rule, and every Turkish case reading parameters only through the context."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from landfall.engine import assess
from landfall.engine.assess import assess_company
from landfall.engine.context import Ctx
from landfall.engine.view import company_views
from landfall.facts import parse_facts
from landfall.rulebooks import load, load_many, takedown_deadline_of
from landfall.rules.model import Parameter

HERE = Path(__file__).parent
TRT = dt.timezone(dt.timedelta(hours=3))

FACTS = {
    "landfall": 1,
    "companies": [{"id": "chirp", "country": "US"}],
    "resources": [
        {"id": "chirp.social", "company": "chirp", "kind": "social_network", "russian_language": True}
    ],
    "events": [
        {"date": "2021-07-01", "type": "audience", "resource": "chirp.social", "daily_users_ru": 900000},
        {"date": "2021-07-01", "type": "list_inclusion", "company": "chirp"},
        {"date": "2020-09-01", "type": "audience", "resource": "chirp.social", "country": "TR",
         "metric": "daily_access", "value": 3000000},
        {"date": "2021-07-05", "type": "demand", "company": "chirp", "id": "icta-1", "kind": "landing",
         "country": "TR"},
        {"date": "2021-08-05", "type": "fine", "company": "chirp", "id": "tr-1", "law": "tr-5651",
         "article": "additional 4", "part": "representative", "amount": 10000000, "currency": "TRY"},
        {"date": "2021-09-10", "type": "fine", "company": "chirp", "id": "tr-2", "law": "tr-5651",
         "article": "additional 4", "part": "representative", "amount": 30000000, "currency": "TRY"},
        {"date": "2021-10-20", "type": "measure_applied", "company": "chirp", "country": "TR",
         "measure": "advertising-ban"},
        {"date": "2021-08-20", "type": "measure_applied", "company": "chirp", "measure": "informing-users"},
        {"date": "2021-09-01", "type": "demand", "company": "chirp", "id": "rkn-1", "kind": "takedown",
         "basis": "149-FZ 15.3"},
        {"date": "2021-09-01", "type": "demand", "company": "chirp", "id": "app-1", "kind": "complaint",
         "country": "TR", "basis": "5651 9"},
    ],
}  # fmt: skip
AS_OF = dt.date(2021, 12, 1)
LISTS = ("laws", "obligations", "fines", "exposure")


def _company(rulebooks: list[str]) -> dict[str, Any]:
    facts = parse_facts(json.dumps(FACTS), name="both")
    result: dict[str, Any] = assess(load_many(rulebooks), facts, AS_OF).to_dict()
    return result["companies"][0]


def test_each_rulebook_answers_together_as_it_answers_alone() -> None:
    ru, tr, both = _company(["ru"]), _company(["tr"]), _company(["ru", "tr"])
    for key in LISTS:
        assert both[key] == ru[key] + tr[key], key
    assert both["measures"]["applied"] == ru["measures"]["applied"] + tr["measures"]["applied"]
    assert (
        both["measures"]["available"] == ru["measures"]["available"] + tr["measures"]["available"]
    )


def test_no_russian_law_currency_clock_or_measure_in_a_turkish_answer() -> None:
    tr = _company(["tr"])
    assert {law["jurisdiction"] for law in tr["laws"]} == {"TR"}
    assert {o["jurisdiction"] for o in tr["obligations"]} == {"TR"}
    assert {e["currency"] for e in tr["exposure"]} == {"TRY"}
    assert all(e.get("min_rub") is None for e in tr["exposure"])
    assert all(f["amount_rub"] is None and f["currency"] == "TRY" for f in tr["fines"])
    # the Russian demand and measure are not Turkey's; the Turkish ones are
    assert {o.get("demand") for o in tr["obligations"]} == {None, "app-1"}
    assert tr["measures"]["applied"] == ["advertising-ban"]
    assert tr["measures"]["next"] == "bandwidth-50"
    measures = set(load("tr").manifest.measure_ids)
    assert set(tr["measures"]["applied"]) | set(tr["measures"]["available"]) <= measures
    text = json.dumps(tr)
    for foreign in ("RUB", "MSK", "KoAP", "236-FZ", "149-FZ", "152-FZ", "rkn-1", "informing-users"):
        assert foreign not in text, foreign
    assert load("tr").clock.name == "TRT"


def test_the_tracker_reads_the_hours_by_basis_and_day_of_receipt() -> None:
    deadline = takedown_deadline_of(load("tr"))
    received = dt.datetime(2021, 3, 1, 10, tzinfo=TRT)
    assert deadline("5651 9/A", received) == dt.timedelta(hours=48)
    assert deadline("5651 9", received) == dt.timedelta(hours=48)
    assert deadline("5651 8", received) is None
    assert deadline(None, received) is None
    # 23:30 UTC on 30 September 2020 is 1 October in Turkey: the first day of the hours
    assert deadline("5651 9", dt.datetime(2020, 9, 30, 23, 30, tzinfo=dt.UTC)) == dt.timedelta(
        hours=48
    )
    assert deadline("5651 9", dt.datetime(2020, 9, 30, 20, 59, tzinfo=dt.UTC)) is None


def test_turkey_follows_russia_and_never_becomes_the_primary_rulebook() -> None:
    from landfall.rulebooks import available, primary

    order = list(available())
    assert order.index("ru") < order.index("tr")
    assert primary().id == "ru"


class Hidden(Mapping[str, Parameter]):
    """The rulebook's parameters as rules see them through ``ctx.rulebook``: not at all."""

    def __getitem__(self, name: str) -> Parameter:
        raise AssertionError(f"a rule read parameter {name} around the context")

    def __iter__(self) -> Iterator[str]:
        raise AssertionError("a rule listed the parameters around the context")

    def __len__(self) -> int:
        raise AssertionError("a rule counted the parameters around the context")


def _turkish_cases() -> list[Any]:
    found = []
    for path in sorted(HERE.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            as_of = case["as_of"]
            as_of = as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(as_of)
            text = json.dumps(case["facts"], default=lambda v: v.isoformat())
            found.append(pytest.param(text, as_of, id=f"{path.stem}:{case['name']}"))
    return found


@pytest.mark.parametrize(("text", "as_of"), _turkish_cases())
def test_every_turkish_case_reads_parameters_only_through_the_context(
    text: str, as_of: dt.date
) -> None:
    book = load("tr")
    hidden = dataclasses.replace(book, parameters=Hidden())
    for view in company_views(parse_facts(text, name="case"), as_of, book.clock):
        ctx = Ctx(book, view)
        ctx.rulebook = hidden  # the context keeps its own handle on the parameters
        assess_company(ctx)
