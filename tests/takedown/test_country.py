"""Each demand in its own country's hours: the deadline rule and legal clock of the rulebook of
``demand.country`` (the primary rulebook's when it names none), and a clear diagnostic for a
country no installed rulebook covers.

The rulebooks are real: Russia's (24 hours for a 149-FZ 15.3 demand) and the test rulebook of
the invented state XX (tests/rulebooks/fixture: clock +05:00, no takedown rule, so its demands
have no deadline).
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from landfall.errors import InputError
from landfall.periods import LegalClock
from landfall.rulebooks import load
from landfall.rules.model import Rulebook
from landfall.service.evidence import rulebook_for_country, takedown_rules
from landfall.takedown import import_takedown
from landfall.takedown.status import CountryRule, status_from_events

FIXTURE = Path(__file__).parents[1] / "rulebooks" / "fixture"
AS_OF = datetime.fromisoformat("2024-03-03T12:00:00+03:00")


@pytest.fixture(scope="module")
def books() -> tuple[Rulebook, Rulebook]:
    sys.path.insert(0, str(FIXTURE))
    try:
        import landfall_xx

        return load("ru"), landfall_xx.rulebook()
    finally:
        sys.path.remove(str(FIXTURE))


def demand(demand_id: str, country: str | None, **more: Any) -> dict[str, Any]:
    event = {
        "date": "2024-03-01T10:00:00+03:00",
        "type": "demand",
        "company": "acme",
        "id": demand_id,
        "kind": "takedown",
        "basis": "149-FZ 15.3",
        "items": 1,
        **more,
    }
    if country is not None:
        event["country"] = country
    return event


def met(demand_id: str, when: str) -> dict[str, Any]:
    return {"date": when, "type": "demand_met", "company": "acme", "demand": demand_id}


def status(events: list[dict[str, Any]], rule_of: Any, books: tuple[Rulebook, ...]) -> Any:
    ru = books[0]
    return status_from_events(
        events,
        as_of=AS_OF,
        deadline_for=lambda basis, received: None,
        clock=ru.clock,
        rule_of=rule_of,
    )


def test_the_rulebook_of_the_demands_country_sets_its_deadline(
    books: tuple[Rulebook, Rulebook],
) -> None:
    # the same basis, both met 30 hours after receipt: late in Russia's 24 hours; in XX, whose
    # rulebook sets no deadline, it cannot be late
    events = [
        demand("ru-1", "RU"),
        met("ru-1", "2024-03-02T16:00:00+03:00"),
        demand("xx-1", "XX"),
        met("xx-1", "2024-03-02T16:00:00+03:00"),
    ]
    found = status(events, takedown_rules(books), books)
    assert (found.items, found.on_time, found.late) == (2, 1, 1)
    # with Russia's rulebook alone, the XX demand has no rulebook: a diagnostic, not RU's hours
    with pytest.raises(InputError):
        status(events, takedown_rules(books[:1]), books)


def test_a_demand_naming_no_country_takes_the_primary_rulebook(
    books: tuple[Rulebook, Rulebook],
) -> None:
    events = [demand("d-1", None), met("d-1", "2024-03-02T10:00:00+03:00")]  # exactly 24 h
    found = status(events, takedown_rules(books), books)
    assert (found.on_time, found.late) == (1, 0)
    late = [demand("d-2", None), met("d-2", "2024-03-02T10:00:01+03:00")]  # a second over
    assert status(late, takedown_rules(books), books).late == 1
    assert rulebook_for_country(None, books).id == "ru"
    assert rulebook_for_country("XX", books).id == "xx"


def test_a_country_no_rulebook_covers_is_a_diagnostic_naming_the_demand(
    books: tuple[Rulebook, Rulebook],
) -> None:
    events = [demand("ok", "RU"), demand("br-7", "BR")]
    with pytest.raises(InputError) as caught:
        status(events, takedown_rules(books), books)
    error = caught.value
    assert error.code == "no-rulebook-for-country"
    message = error.diagnostics[0].message
    assert "'br-7'" in message and "'BR'" in message and "RU (ru)" in message
    assert error.diagnostics[0].where.field == "country"
    # a read model may choose to show such demands without a deadline instead
    lenient = status(events, takedown_rules(books, strict=False), books)
    assert (lenient.items, lenient.overdue, lenient.open) == (2, 1, 1)
    # a demand that states its own deadline needs no rule: no diagnostic
    stated = [demand("br-8", "BR", deadline="2024-03-02T10:00:00-03:00")]
    assert status(stated, takedown_rules(books), books).overdue == 1


def test_the_rule_is_asked_on_the_countrys_legal_clock(books: tuple[Rulebook, Rulebook]) -> None:
    asked: list[tuple[str | None, timedelta | None]] = []
    clocks = {"RU": books[0].clock, "XX": books[1].clock}

    def rule_of(country: str | None) -> CountryRule:
        def rule(basis: str, received: datetime) -> timedelta | None:
            asked.append((country, received.utcoffset()))
            return timedelta(hours=1)

        return CountryRule(rule, clocks[country or "RU"])

    # 20:30 UTC on 1 March is 2 March on XX's clock (+05:00), still 1 March in Russia (+03:00):
    # one rule question per country and legal day
    events = [
        demand("a", "RU", date="2024-03-01T20:30:00+00:00"),
        demand("b", "XX", date="2024-03-01T20:30:00+00:00"),
        demand("c", "XX", date="2024-03-01T21:00:00+00:00"),
    ]
    status(events, rule_of, books)
    assert asked == [("RU", timedelta(hours=3)), ("XX", timedelta(hours=5))]


def test_import_reads_the_country_column_and_stays_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "demands.csv"
    path.write_text(
        "demand_id,company,received_at,basis,item,country\n"
        "tr-1,acme,2024-03-01T10:00:00+03:00,5651 9,https://x/1,TR\n"
        "tr-1,acme,2024-03-01T10:00:00+03:00,5651 9,https://x/2,TR\n"
        "ru-1,acme,2024-03-01T10:00:00+03:00,149-FZ 15.3,https://x/3,\n",
        encoding="utf-8",
    )
    clock = LegalClock(timedelta(hours=3), "MSK")
    first = import_takedown(path, clock=clock)
    by_id = {e["id"]: e for e in first.events}
    assert by_id["tr-1"]["country"] == "TR" and by_id["tr-1"]["items"] == 2
    assert "country" not in by_id["ru-1"]  # none named: the reader's default
    again = import_takedown(path, clock=clock, existing=first.events)
    assert again.events == [] and again.already_recorded == len(first.events)
    clash = tmp_path / "clash.csv"
    clash.write_text(
        "demand_id,company,received_at,basis,item,country\n"
        "tr-1,acme,2024-03-01T10:00:00+03:00,5651 9,https://x/1,IN\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        import_takedown(clash, clock=clock, existing=first.events)
    assert caught.value.code == "takedown-demand-conflict"
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "demand_id,company,received_at,basis,item,country\n"
        "x-1,acme,2024-03-01T10:00:00+03:00,5651 9,https://x/1,Turkey\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        import_takedown(bad, clock=clock)
    assert caught.value.code == "takedown-bad-country"
    assert caught.value.diagnostics[0].where.line == 2
