"""Legal cases as data, the openfisca way.

Each ``tests/cases/*.yaml`` file is a list of cases::

    - name: threshold-500001-subject
      as_of: 2021-09-01
      facts: {landfall: 1, companies: [...], resources: [...], events: [...]}
      expected:
        <company id>:
          laws: {ru-236-fz: true}
          obligations:
            ru-236-fz.local-presence: violated            # the status alone, or
            ru-236-fz.feedback-form: {status: unknown, missing_facts_contains: [feedback_form]}
            ru-149-fz.takedown:<demand id>: {status: met}
          fines: [{lawful: true, range_rub: [800000, 4000000]}]
          exposure: [{article: "13.49", part: "2"}]
          measures: {available: [], applied: []}
          enforcement_actions: [{action: block, basis: 149-FZ 15.5}]   # outside 236-FZ

A case may name the rulebooks it is assessed under (``rulebooks: [tr]``, or several: the
answers of one must not bleed into another's); without the key it is Russia's (``[ru]``).
Cases of one jurisdiction live in ``tests/cases/<rulebook id>/*.yaml`` or beside these.

``expected`` is a partial match: only the keys it names are compared. Lists of dicts
(fines, exposure) are compared element by element and must have the same length; numbers
are compared to 1e-9 relative. Extra keys understood in a law/obligation/fine entry:
``because_contains`` (each text must occur in some ``because`` line), ``missing_facts_contains``
(each text must occur in some missing fact) and ``unverified`` (parameter ids that must be
among ``unverified_parameters``), ``not_unverified`` (ids that must not be) and ``absent``
(keys the entry must not have, e.g. ``violated_until`` while a duty is still violated).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from landfall.engine import assess
from landfall.facts import parse_facts
from landfall.rulebooks import load_many

HERE = Path(__file__).parent
SPECIAL = ("because_contains", "missing_facts_contains", "unverified", "not_unverified", "absent")


def _cases() -> list[Any]:
    params = []
    for path in sorted(HERE.glob("**/*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            marks = []
            if case.get("xfail"):
                marks.append(pytest.mark.xfail(strict=True, reason=case["xfail"]))
            params.append(
                pytest.param(
                    case, id=f"{path.relative_to(HERE).with_suffix('')}:{case['name']}", marks=marks
                )
            )
    return params


CASES = _cases()


def test_case_names_are_unique() -> None:
    names = [p.id for p in CASES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("case", CASES)
def test_case(case: dict[str, Any]) -> None:
    text = json.dumps(case["facts"], default=lambda v: v.isoformat())
    facts = parse_facts(text, name=case["name"])
    as_of = case["as_of"]
    as_of = as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(as_of)
    books = load_many(case.get("rulebooks", ["ru"]))
    result = assess(books, facts, as_of).to_dict()
    companies = {c["company"]: c for c in result["companies"]}
    problems: list[str] = []
    for company, expected in case["expected"].items():
        assert company in companies, f"no company {company} in the assessment"
        actual = _company_view(companies[company])
        problems += _match(expected, actual, company)
    assert not problems, "\n".join(problems)


def _company_view(company: dict[str, Any]) -> dict[str, Any]:
    """The assessment re-keyed for matching: laws and obligations by id."""
    obligations: dict[str, Any] = {}
    for o in company["obligations"]:
        key = o["id"] if "demand" not in o else f"{o['id']}:{o['demand']}"
        obligations[key] = o
    return {
        "laws": {law["law"]: law for law in company["laws"]},
        "obligations": obligations,
        "fines": company["fines"],
        "exposure": company["exposure"],
        "measures": company["measures"],
        "enforcement_actions": company.get("enforcement_actions", []),
    }


def _match(expected: Any, actual: Any, where: str) -> list[str]:
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: expected a mapping, got {actual!r}"]
        problems: list[str] = []
        for key, value in expected.items():
            if key in SPECIAL:
                problems += _special(key, value, actual, where)
            elif key not in actual:
                problems.append(f"{where}.{key}: missing (have {sorted(actual)})")
            else:
                problems += _match(value, actual[key], f"{where}.{key}")
        return problems
    if isinstance(actual, dict):
        # shorthand: `law: true` for applies, `obligation: violated` for status
        key = "applies" if "applies" in actual else "status" if "status" in actual else "lawful"
        return _match(expected, actual.get(key), f"{where}.{key}")
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{where}: expected {expected!r}, got {actual!r}"]
        return [
            p
            for i, (e, a) in enumerate(zip(expected, actual, strict=True))
            for p in _match(e, a, f"{where}[{i}]")
        ]
    if isinstance(expected, bool) or expected is None or isinstance(actual, bool):
        return [] if expected is actual else [f"{where}: expected {expected!r}, got {actual!r}"]
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        ok = math.isclose(expected, actual, rel_tol=1e-9)
        return [] if ok else [f"{where}: expected {expected!r}, got {actual!r}"]
    if isinstance(expected, dt.date):
        expected = expected.isoformat()
    return [] if expected == actual else [f"{where}: expected {expected!r}, got {actual!r}"]


def _special(key: str, wanted: Any, actual: dict[str, Any], where: str) -> list[str]:
    wanted = [wanted] if isinstance(wanted, str) else wanted
    if key == "absent":
        return [f"{where}.{w}: expected absent, got {actual[w]!r}" for w in wanted if w in actual]
    have = {p["id"] for p in actual.get("unverified_parameters", [])}
    if key == "not_unverified":
        return [f"{where}: {w} is among unverified {sorted(have)}" for w in wanted if w in have]
    if key == "unverified":
        return [
            f"{where}: {w} not among unverified {sorted(have)}" for w in wanted if w not in have
        ]
    field = "because" if key == "because_contains" else "missing_facts"
    lines = actual.get(field, [])
    return [
        f"{where}.{field}: no line contains {w!r} in {lines!r}"
        for w in wanted
        if not any(w in line for line in lines)
    ]
