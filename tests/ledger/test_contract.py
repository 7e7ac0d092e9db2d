"""The storage contract, on every backend: append, read, idempotence, the chain's shape."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from landfall.errors import InputError
from landfall.ledger import GENESIS, NewEvent, SqlLedger, import_facts
from landfall.periods import LegalClock

from .support import FACTS_RECORDS, Clock


def fine(amount: int, day: str = "2022-02-01", company: str = "acme") -> NewEvent:
    payload = {"date": day, "type": "fine", "company": company, "article": "13.41"}
    payload["amount_rub"] = amount  # type: ignore[assignment]
    return NewEvent(type="fine", company=company, subject=company, payload=payload, valid_from=day)


def test_empty_ledger(store: SqlLedger) -> None:
    assert store.events() == []
    assert store.head() == GENESIS
    result = store.verify()
    assert result.ok and result.count == 0 and result.head == GENESIS


def test_append_and_read_back(store: SqlLedger) -> None:
    result = store.append([fine(1), fine(2), fine(3)])
    assert (result.added, result.skipped) == (3, 0)
    rows = store.events()
    assert [r.id for r in rows] == [1, 2, 3]
    assert [r.data()["amount_rub"] for r in rows] == [1, 2, 3]
    assert rows[0].prev_hash == GENESIS
    assert [r.prev_hash for r in rows[1:]] == [r.hash for r in rows[:-1]]
    assert store.head() == rows[-1].hash == result.head
    assert rows[0].recorded_at == "2024-01-01T12:00:00.000000Z"
    assert rows[0].valid_day == "2022-02-01" and rows[0].kind == "assert"
    assert store.verify().ok


def test_same_content_is_stored_once(store: SqlLedger) -> None:
    assert store.append([fine(1), fine(1)]).added == 1
    again = store.append([fine(1), fine(2)])
    assert (again.added, again.skipped) == (1, 1)
    assert len(store.events()) == 2


def test_import_is_idempotent(store: SqlLedger, facts_file: Path) -> None:
    first = import_facts(store, facts_file)
    assert (first.added, first.skipped) == (FACTS_RECORDS, 0)
    second = import_facts(store, facts_file)
    assert (second.added, second.skipped) == (0, FACTS_RECORDS)
    assert len(store.events()) == FACTS_RECORDS
    assert store.verify().ok


def test_imported_rows_name_company_and_subject(store: SqlLedger, facts_file: Path) -> None:
    import_facts(store, facts_file)
    audience = store.events(type="audience")[0]
    assert (audience.company, audience.subject) == ("acme", "acme.social")
    demand = store.events(type="demand")[0]
    assert demand.valid_from == "2022-03-04T10:00:00+03:00"
    assert demand.valid_at == "2022-03-04T07:00:00.000000Z"
    assert [r.type for r in store.events(company="beta")] == [
        "company",
        "resource",
        "list_inclusion",
        "demand",
    ]


def test_event_filters(store: SqlLedger, clock: Clock) -> None:
    store.append([fine(1, "2021-01-01"), fine(2, "2022-01-01")])
    clock.set(2025, 1, 1)
    store.append([fine(3, "2023-01-01", company="beta")])
    amounts = lambda rows: [r.data()["amount_rub"] for r in rows]  # noqa: E731
    assert amounts(store.events(company="beta")) == [3]
    msk = LegalClock(dt.timedelta(hours=3), "MSK")
    assert amounts(store.events(since=dt.date(2022, 1, 1), clock=msk)) == [2, 3]
    assert amounts(store.events(valid_until=dt.date(2022, 1, 1), clock=msk)) == [1, 2]
    with pytest.raises(ValueError, match="needs the legal clock"):
        store.events(since=dt.date(2022, 1, 1))
    assert amounts(store.events(known_at=dt.date(2024, 6, 1))) == [1, 2]
    assert amounts(store.events(type="fine", limit=1)) == [1]


def test_record_time_never_runs_backwards(store: SqlLedger, clock: Clock) -> None:
    clock.set(2025, 1, 1)
    store.append([fine(1)])
    clock.set(2020, 1, 1)
    store.append([fine(2)])
    first, second = store.events()
    assert second.recorded_at >= first.recorded_at
    assert store.verify().ok


def test_corrections_name_an_existing_event(store: SqlLedger) -> None:
    store.append([fine(1)])
    with pytest.raises(InputError) as e:
        store.append([NewEvent("fine", "acme", "acme", {}, kind="retract", refers_to=99), fine(5)])
    assert e.value.code == "unknown-event"
    assert len(store.events()) == 1


def test_corrections_keep_the_company(store: SqlLedger) -> None:
    store.append([fine(1)])
    with pytest.raises(InputError) as e:
        store.append([NewEvent("fine", "beta", "beta", {}, kind="retract", refers_to=1)])
    assert e.value.code == "invalid-reference"


def test_kind_and_reference_must_agree(store: SqlLedger) -> None:
    with pytest.raises(InputError) as e:
        store.append([NewEvent("fine", "acme", "acme", {}, kind="correct")])
    assert e.value.code == "invalid-reference"
    with pytest.raises(InputError) as e:
        store.append([NewEvent("fine", "acme", "acme", {}, kind="amend")])  # type: ignore[arg-type]
    assert e.value.code == "invalid-event-kind"
    assert store.events() == []


def test_correction_of_a_correction_names_the_original(store: SqlLedger) -> None:
    store.append([fine(1)])
    store.append(
        [
            NewEvent(
                "fine", "acme", "acme", fine(2).payload, "2022-02-01", kind="correct", refers_to=1
            )
        ]
    )
    store.append(
        [
            NewEvent(
                "fine", "acme", "acme", fine(3).payload, "2022-02-01", kind="correct", refers_to=2
            )
        ]
    )
    assert [r.refers_to for r in store.events()] == [None, 1, 1]


def test_reopening_keeps_the_chain(ledger_url: str, clock: Clock) -> None:
    from landfall.ledger import open_ledger

    with open_ledger(ledger_url, clock=clock) as first:
        first.append([fine(1)])
        head = first.head()
    with open_ledger(ledger_url, clock=clock) as second:
        assert second.head() == head
        second.append([fine(2)])
        assert second.verify(expected_head=None).ok
        assert [r.id for r in second.events()] == [1, 2]
