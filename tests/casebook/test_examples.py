"""The example documents validate and carry what examples/README.md promises."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from landfall.facts import load_facts
from landfall.facts.model import day_of

EXAMPLES = Path(__file__).parents[2] / "examples"


def test_june_2021_example() -> None:
    doc = load_facts(EXAMPLES / "june-2021.yaml")
    assert {c.id for c in doc.companies} == {"google", "meta", "telegram", "twitter"}
    fines = {(e.company, e.amount_rub) for e in doc.events if e.type == "fine"}
    assert {("meta", 17_000_000), ("telegram", 10_000_000), ("google", 3_000_000)} <= fines
    demands = [e for e in doc.events if e.type == "demand" and e.kind == "localization"]
    assert {e.company for e in demands if e.deadline == dt.date(2021, 7, 1)} == {"meta", "twitter"}
    opened = [e for e in doc.events if e.type == "case_opened" and e.company == "google"]
    assert [(e.day, e.article, e.part) for e in opened] == [(dt.date(2021, 6, 30), "13.11", "8")]
    audiences = [e for e in doc.events if e.type == "audience"]
    assert audiences
    for e in audiences:
        assert e.public is False
        assert e.note and "ILLUSTRATIVE ESTIMATE" in e.note
    for e in doc.events:
        if e.type != "audience":
            assert e.note and e.note.startswith("RU-") and e.public is True


def test_midsize_platform_example() -> None:
    doc = load_facts(EXAMPLES / "midsize-platform.yaml")
    assert [(c.id, c.country) for c in doc.companies] == [("kestrel", "CY")]
    by_type = {e.type: e for e in doc.events}
    series = by_type["audience_series"]
    assert series.type == "audience_series"
    values = series.daily_users_ru
    assert values[0] < 500_000 < values[-1]
    crossing = next(i for i, v in enumerate(values) if v > 500_000)
    assert series.day + dt.timedelta(days=crossing) == dt.date(2021, 10, 1)
    demand, met = by_type["demand"], by_type["demand_met"]
    assert isinstance(demand.date, dt.datetime) and demand.date.utcoffset() is not None
    assert met.type == "demand_met" and demand.type == "demand" and met.demand == demand.id
    assert met.date > demand.date + dt.timedelta(hours=24)
    stores = {(e.country, e.role) for e in doc.events if e.type == "data_store"}
    assert stores == {("DE", "primary"), ("RU", "replica")}
    office = by_type["local_presence"]
    assert day_of(office.date) > dt.date(2022, 1, 1)
    assert "rkn_account" in by_type and "feedback_form" in by_type
