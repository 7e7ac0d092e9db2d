"""Where must we land: the per-jurisdiction rows, from real assessments under two rulebooks.

The Russian rulebook and the test rulebook of the invented state XX (tests/rulebooks/fixture:
its own clock, currency XXX and one registration duty in force from 2024-01-01) are assessed
together, so a row that took another jurisdiction's answer would show here.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import pytest

from landfall.engine import assess
from landfall.facts import load_facts
from landfall.facts.model import FactsDocument
from landfall.rulebooks import available, load, load_many
from landfall.rules.model import Rulebook
from landfall.service.where import (
    csv_rows,
    duty_label,
    exposure_label,
    exposure_totals,
    next_step_label,
    where,
)

ROOT = Path(__file__).parents[2]
MIDSIZE = ROOT / "examples" / "midsize-platform.yaml"
GLOBAL = ROOT / "examples" / "global-platform.yaml"
FIXTURE = ROOT / "tests" / "rulebooks" / "fixture"


@pytest.fixture(scope="module")
def xx() -> Rulebook:
    sys.path.insert(0, str(FIXTURE))
    try:
        import landfall_xx

        return landfall_xx.rulebook()
    finally:
        sys.path.remove(str(FIXTURE))


@pytest.fixture(scope="module")
def ru() -> Rulebook:
    return load("ru")


def rows_of(answer: dict[str, Any], company: str) -> dict[str, dict[str, Any]]:
    found = next(c for c in answer["companies"] if c["company"] == company)
    return {row["jurisdiction"]: row for row in found["jurisdictions"]}


def answer_for(books: list[Rulebook], facts: FactsDocument, day: str) -> dict[str, Any]:
    as_of = dt.date.fromisoformat(day)
    names = {c.id: c.name or c.id for c in facts.companies}
    return where(assess(books, facts, as_of), names)


def midsize_with_xx() -> FactsDocument:
    return load_facts(MIDSIZE)


def test_one_row_per_jurisdiction_in_the_rulebooks_order(ru: Rulebook, xx: Rulebook) -> None:
    answer = answer_for([ru, xx], midsize_with_xx(), "2024-01-01")
    company = answer["companies"][0]
    assert company["name"] == "Kestrel Media Ltd"
    assert [r["jurisdiction"] for r in company["jurisdictions"]] == ["RU", "XX"]
    assert [(b["id"], b["currency"]) for b in answer["rulebooks"]] == [
        ("ru", "RUB"),
        ("xx", "XXX"),
    ]
    # the same facts, the rulebooks in the other order: the rows follow
    swapped = answer_for([xx, ru], midsize_with_xx(), "2024-01-01")
    assert [r["jurisdiction"] for r in swapped["companies"][0]["jurisdictions"]] == ["XX", "RU"]


def test_no_answer_bleeds_into_another_jurisdiction(ru: Rulebook, xx: Rulebook) -> None:
    rows = rows_of(answer_for([ru, xx], midsize_with_xx(), "2024-01-01"), "kestrel")
    russian, examplestan = rows["RU"], rows["XX"]
    assert examplestan["rulebooks"] == ["xx"] and examplestan["currency"] == "XXX"
    assert [law["law"] for law in examplestan["laws"]] == ["xx-1"]
    duties = [d["id"] for key in ("due", "overdue", "met", "unknown") for d in examplestan[key]]
    assert duties == ["xx-1.registration"]
    # XX has no ladder and no fines: nothing of Russia's measures or rubles in its row
    assert examplestan["ladders"] == [] and examplestan["next_step_label"] == "none"
    assert examplestan["exposure"] == {"totals": [], "entries": []}
    assert all(not d["id"].startswith("xx-") for key in ("due", "overdue") for d in russian[key])
    assert {t["currency"] for t in russian["exposure"]["totals"]} == {"RUB"}
    assert [ladder["rulebook"] for ladder in russian["ladders"]] == ["ru"]


def test_every_assessed_obligation_is_in_exactly_one_row(ru: Rulebook, xx: Rulebook) -> None:
    facts = midsize_with_xx()
    assessed = assess([ru, xx], facts, dt.date(2024, 1, 1)).companies[0].to_dict()
    rows = rows_of(answer_for([ru, xx], facts, "2024-01-01"), "kestrel")
    placed = [
        (row["jurisdiction"], d["id"], d.get("demand"))
        for row in rows.values()
        for key in ("due", "overdue", "met", "unknown")
        for d in row[key]
    ]
    expected = [
        (o["jurisdiction"], o["id"], o.get("demand"))
        for o in assessed["obligations"]
        if o["status"] != "not_applicable"
    ]
    assert sorted(placed, key=str) == sorted(expected, key=str)
    not_applicable = sum(o["status"] == "not_applicable" for o in assessed["obligations"])
    assert sum(row["not_applicable"] for row in rows.values()) == not_applicable


def test_the_law_applies_from_its_in_force_day_not_the_day_before(
    ru: Rulebook, xx: Rulebook
) -> None:
    before = rows_of(answer_for([ru, xx], midsize_with_xx(), "2023-12-31"), "kestrel")["XX"]
    on = rows_of(answer_for([ru, xx], midsize_with_xx(), "2024-01-01"), "kestrel")["XX"]
    assert before["applies"] is False and before["applies_label"] == "does not apply"
    assert before["because"] == ["Law 1: Law No. 1 is not in force"]
    assert on["applies"] is True and on["because"] == ["Law 1: Law No. 1 is in force"]
    # in force and nothing registered: overdue, with its citation
    assert [d["id"] for d in on["overdue"]] == ["xx-1.registration"]
    assert "Law No. 1 of Examplestan" in on["overdue"][0]["citation"]
    assert on["laws"][0]["citation"] == "Law No. 1 of Examplestan"


def test_a_duty_is_due_the_day_before_its_date_and_overdue_on_it(ru: Rulebook) -> None:
    facts = load_facts(MIDSIZE)
    before = rows_of(answer_for([ru], facts, "2021-12-31"), "kestrel")["RU"]
    on = rows_of(answer_for([ru], facts, "2022-01-01"), "kestrel")["RU"]
    local = "ru-236-fz.local-presence"
    due = {d["id"]: d for d in before["due"]}
    assert due[local]["due"] == "2022-01-01"
    assert duty_label(due[local]) == "local presence due 2022-01-01"
    overdue = {d["id"]: d for d in on["overdue"]}
    assert local not in {d["id"] for d in on["due"]}
    assert overdue[local]["violated_from"] == "2022-01-01"
    assert duty_label(overdue[local]) == "local presence overdue since 2022-01-01"


def test_the_ladder_and_exposure_are_the_assessments(ru: Rulebook) -> None:
    facts = load_facts(MIDSIZE)
    day = dt.date(2022, 2, 6)
    assessed = assess([ru], facts, day).companies[0].to_dict()
    row = rows_of(answer_for([ru], facts, day.isoformat()), "kestrel")["RU"]
    ladder = assessed["ladders"][0]
    assert row["ladders"][0]["next"] == ladder["next"] == assessed["measures"]["next"]
    assert row["ladders"][0]["because"] == ladder["because"]
    # the next measure by the rulebook's name for it
    assert row["next_step_label"] == f"{ru.manifest.label(ladder['next'])} (no date fixed)"
    assert row["exposure"]["entries"] == assessed["exposure"]
    low = sum(e["min"] for e in assessed["exposure"])
    high = sum(e["max"] for e in assessed["exposure"])
    assert row["exposure"]["totals"] == [
        {"currency": "RUB", "min": low, "max": high, "count": len(assessed["exposure"])}
    ]


def test_exposure_totals_per_currency_and_an_unknown_maximum() -> None:
    entries = [
        {"currency": "TRY", "min": 10_000_000, "max": 10_000_000},
        {"currency": "EUR", "min": None, "max": None},
        {"currency": "TRY", "min": 30_000_000, "max": 30_000_000},
    ]
    totals = exposure_totals(entries)
    assert totals == [
        {"currency": "TRY", "min": 40_000_000, "max": 40_000_000, "count": 2},
        {"currency": "EUR", "min": 0, "max": None, "count": 1},
    ]
    assert exposure_label(totals) == "TRY 40,000,000 to 40,000,000; EUR 0 to unknown"
    assert exposure_label([]) == "none"


def test_the_next_step_says_its_date_when_the_ladder_fixes_one() -> None:
    ladders = [
        {"next": "fine-2", "next_label": "second fine", "next_from": "2026-01-02"},
        {"next": None, "next_label": None, "next_from": None},
        {"next": "block", "next_label": "block", "next_from": None},
    ]
    assert next_step_label(ladders) == "second fine from 2026-01-02; block (no date fixed)"
    assert next_step_label([]) == "none"


def test_the_global_platform_loads_and_every_row_cites_its_law(ru: Rulebook, xx: Rulebook) -> None:
    facts = load_facts(GLOBAL)
    answer = answer_for([ru, xx], facts, "2026-03-01")
    rows = rows_of(answer, "meridian")
    assert set(rows) == {"RU", "XX"}
    for row in rows.values():
        assert row["laws"] and all(law["citation"] for law in row["laws"])
        assert all(d["citation"] for key in ("due", "overdue", "met") for d in row[key])
    # Russia's takedown duty is owed for the Russian demand only, not those of other states
    russian = rows["RU"]
    demands = {
        d.get("demand") for key in ("due", "overdue", "met", "unknown") for d in russian[key]
    }
    assert demands - {None} == {"ru-td-2026-001"}
    flat = csv_rows(answer)
    assert [(r["company"], r["jurisdiction"]) for r in flat] == [
        ("meridian", "RU"),
        ("meridian", "XX"),
    ]
    assert flat[0]["exposure"].startswith("RUB ")


@pytest.mark.parametrize("book_id", list(available()))
def test_every_installed_rulebook_answers_only_in_its_own_row(book_id: str) -> None:
    """The global platform through every installed rulebook at once: each rulebook's laws,
    duties, ladder and money appear in its jurisdiction's row and nowhere else (Russia's
    clock, currency or measures in another state's answer is a failure)."""
    books = load_many()
    book = load(book_id)
    answer = answer_for(list(books), load_facts(GLOBAL), "2026-03-01")
    rows = rows_of(answer, "meridian")
    own = rows[book.manifest.jurisdiction]
    laws = set(book.manifest.laws)
    assert {law["law"] for law in own["laws"]} <= laws and own["laws"]
    for key in ("due", "overdue", "met", "unknown"):
        assert all(d["id"].split(".")[0] in laws for d in own[key]), own[key]
    assert all(ladder["rulebook"] == book.id for ladder in own["ladders"])
    assert all(e["currency"] == book.manifest.currency for e in own["exposure"]["entries"])
    for jurisdiction, row in rows.items():
        if jurisdiction == book.manifest.jurisdiction:
            continue
        assert not {law["law"] for law in row["laws"]} & laws
        assert all(ladder["rulebook"] != book.id for ladder in row["ladders"])
        for key in ("due", "overdue", "met", "unknown"):
            assert all(d["id"].split(".")[0] not in laws for d in row[key])


def test_a_sanction_without_money_is_named_not_summed() -> None:
    from landfall.service.where import exposure_consequences, exposure_label, exposure_totals

    entries = [
        {"currency": "INR", "min": None, "max": None, "consequence": "loss of safe harbour"},
        {"currency": "INR", "min": None, "max": None, "consequence": "loss of safe harbour"},
        {"currency": "TRY", "min": 10, "max": 10},
    ]
    totals = exposure_totals(entries)
    assert [t["currency"] for t in totals] == ["TRY"]
    label = exposure_label(totals, exposure_consequences(entries))
    assert label == "TRY 10 to 10; loss of safe harbour (2 duties)"
    # an amount the facts cannot decide is still an unknown sum, not a consequence
    assert exposure_label(exposure_totals([{"currency": "EUR", "min": None, "max": None}])) == (
        "EUR 0 to unknown"
    )
