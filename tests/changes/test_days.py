"""Conclusions that differ between two days, as data (``days.yaml``), at the law's edges."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from landfall.changes.dates import changes_between
from landfall.facts import parse_facts
from landfall.rulebooks import load_many

HERE = Path(__file__).parent
CASES = yaml.safe_load((HERE / "days.yaml").read_text(encoding="utf-8"))


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _plain(value: Any) -> Any:
    """YAML dates as the output's ISO text; numbers as floats, as the output compares them."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _number_or_same(value: Any) -> Any:
    return _plain(value)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    facts = parse_facts(yaml.safe_dump(case["facts"]), name=case["name"])
    start, end = _day(case["from"]), _day(case["to"])
    found = changes_between(load_many(["ru"]), start, end, (facts, facts)).to_dict()
    law = {c["parameter"] for c in found["law"]}
    assert set(case.get("law", [])) <= law, law
    assert not set(case.get("not_law", [])) & law
    by_company = {c["company"]: c for c in found["companies"]}
    for company, expected in case["expected"].items():
        changes = {x["key"]: x for x in by_company.get(company, {"conclusions": []})["conclusions"]}
        for key, want in expected.items():
            assert key in changes, f"{key} not among {sorted(changes)}"
            got = changes[key]
            for side in ("before", "after"):
                if want[side] is None:
                    assert got[side] is None, got[side]
                    continue
                for name, value in want[side].items():
                    assert _plain(got[side][name]) == _number_or_same(value), (side, name, got)
            reasons = {(r["kind"], r["ref"]) for r in got["reasons"]}
            for reason in want.get("reasons", []):
                assert (reason["kind"], reason["ref"]) in reasons, got["reasons"]
    for company, keys in case.get("unchanged", {}).items():
        changes = {x["key"] for x in by_company.get(company, {"conclusions": []})["conclusions"]}
        assert not set(keys) & changes, changes
    for company, keys in case.get("resting", {}).items():
        resting = {r["key"]: r["parameters"] for r in by_company[company]["unchanged_but_read"]}
        for key, parameters in keys.items():
            assert set(parameters) <= set(resting[key]), resting
    for company, types in case.get("arrived", {}).items():
        assert [e["type"] for e in by_company[company]["facts_arrived"]] == types


def test_a_change_names_its_old_and_new_value_citation_and_sources() -> None:
    found = changes_between(load_many(["ru"]), dt.date(2025, 6, 30), dt.date(2025, 7, 1))
    notice = next(c for c in found.law if c.parameter == "ru-152-fz.copies-abroad-need-notice")
    data = notice.to_dict()
    assert data["old"] is None and data["new"]["value"] is True
    assert data["new"]["status"] == "unverified"
    assert "23-FZ" in data["citation"]["text"] and data["sources"]
    assert "ru-152-fz.localization.duty" in data["rules"]
    allowed = next(c for c in found.law if c.parameter == "ru-152-fz.copies-abroad-allowed")
    assert allowed.before is not None and allowed.before.status == "verified"
    assert "the same value" in allowed.summary()
    assert found.companies == [] and not found.assessed  # no facts given: the law only


def test_a_law_entering_into_force_lists_its_rules() -> None:
    found = changes_between(load_many(["ru"]), dt.date(2021, 6, 30), dt.date(2021, 7, 1))
    entering = [c for c in found.law if c.kind == "law_in_force"]
    assert [c.enters_into_force for c in entering] == [("ru-236-fz",)]
    assert any(r.startswith("ru-236-fz.") for r in entering[0].rules)
    later = changes_between(load_many(["ru"]), dt.date(2021, 7, 1), dt.date(2021, 7, 2))
    assert not [c for c in later.law if c.kind == "law_in_force"]


def test_an_interval_ending_before_it_starts_holds_no_change() -> None:
    found = changes_between(load_many(["ru"]), dt.date(2025, 7, 1), dt.date(2025, 6, 30))
    assert found.law == []


def test_any_rulebook_its_own_jurisdiction_and_edge_day() -> None:
    """Nothing is Russia's: the test state's law enters into force on its own date."""
    import importlib
    import sys

    fixture = HERE.parent / "rulebooks" / "fixture"
    sys.path.insert(0, str(fixture))
    try:
        xx = importlib.import_module("landfall_xx").rulebook()
    finally:
        sys.path.remove(str(fixture))
    on = changes_between([xx], dt.date(2023, 12, 31), dt.date(2024, 1, 1))
    assert [(c.kind, c.jurisdiction, c.enters_into_force) for c in on.law] == [
        ("law_in_force", "XX", ("xx-1",))
    ]
    assert set(on.law[0].rules) == {"xx-1.applies.in-force", "xx-1.registration.duty"}
    assert changes_between([xx], dt.date(2024, 1, 1), dt.date(2024, 1, 2)).law == []
    assert changes_between([xx], dt.date(2023, 12, 30), dt.date(2023, 12, 31)).law == []
