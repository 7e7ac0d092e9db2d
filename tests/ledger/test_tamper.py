"""Changing, deleting or reordering rows with plain SQL is caught, and the event is named."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from landfall.errors import IntegrityError
from landfall.ledger import SqlLedger, import_facts
from landfall.ledger.events import event_key

from .support import run_sql


@pytest.fixture
def filled(store: SqlLedger, facts_file: Path) -> SqlLedger:
    import_facts(store, facts_file)
    assert store.verify().ok
    return store


def move(old: int, new: int) -> str:
    return f"UPDATE events SET id = {new} WHERE id = {old}"


@pytest.mark.parametrize(
    ("statement", "column"),
    [
        ("UPDATE events SET payload = replace(payload, '650000', '65') WHERE id = 5", "payload"),
        ("UPDATE events SET valid_day = '2020-01-01' WHERE id = 5", "valid_day"),
        ("UPDATE events SET recorded_at = '2023-01-01T00:00:00.000000Z' WHERE id = 5", "recorded"),
        ("UPDATE events SET company = 'beta' WHERE id = 5", "company"),
        ("UPDATE events SET public = NOT public WHERE id = 5", "public"),
        (
            "UPDATE events SET prev_hash = (SELECT hash FROM events WHERE id = 1) WHERE id = 5",
            "link",
        ),
        ("UPDATE events SET hash = (SELECT hash FROM events WHERE id = 1) WHERE id = 5", "hash"),
    ],
)
def test_changed_row(filled: SqlLedger, statement: str, column: str) -> None:
    run_sql(filled.url, statement)
    result = filled.verify()
    assert (result.problem, result.broken_id) == ("changed", 5), column
    with pytest.raises(IntegrityError) as e:
        result.raise_if_broken()
    assert e.value.code == "ledger-event-changed"
    assert "events[5]" in str(e.value)


def test_deleted_row_leaves_a_gap(filled: SqlLedger) -> None:
    run_sql(filled.url, "DELETE FROM events WHERE id = 4")
    result = filled.verify()
    assert (result.problem, result.broken_id) == ("deleted", 5)
    assert "events 4..4" in result.message


def test_deleted_row_with_ids_renumbered(filled: SqlLedger) -> None:
    run_sql(
        filled.url,
        "DELETE FROM events WHERE id = 4",
        "UPDATE events SET id = -id WHERE id > 4",
        "UPDATE events SET id = -id - 1 WHERE id < 0",
    )
    result = filled.verify()
    assert (result.problem, result.broken_id) == ("deleted", 4)


def test_reordered_rows(filled: SqlLedger) -> None:
    run_sql(filled.url, move(6, -6), move(7, 6), move(-6, 7))
    result = filled.verify()
    assert (result.problem, result.broken_id) == ("reordered", 6)


def test_truncation_needs_the_published_head(filled: SqlLedger) -> None:
    published = filled.head()
    run_sql(filled.url, "DELETE FROM events WHERE id = (SELECT max(id) FROM events)")
    assert filled.verify().ok  # without an anchor, the shorter chain is self-consistent
    result = filled.verify(expected_head=published)
    assert result.problem == "truncated"


def test_rewritten_chain_after_a_change_is_still_caught(filled: SqlLedger) -> None:
    # Recomputing the changed row's own hash is not enough: its event key no longer matches
    # its content, and with the key recomputed too its successor no longer links.
    row = filled.events()[4]

    forged = replace(row, payload=row.payload.replace("650000", "65"))
    assert forged.payload != row.payload
    run_sql(
        filled.url,
        f"UPDATE events SET payload = '{forged.payload}', hash = '{forged.computed_hash()}' "
        f"WHERE id = {row.id}",
    )
    result = filled.verify()
    assert (result.problem, result.broken_id) == ("rekeyed", row.id)
    rekeyed = replace(
        forged, event_key=event_key(row.type, row.subject, row.kind, row.refers_to, forged.payload)
    )
    run_sql(
        filled.url,
        f"UPDATE events SET event_key = '{rekeyed.event_key}', hash = '{rekeyed.computed_hash()}' "
        f"WHERE id = {row.id}",
    )
    result = filled.verify()
    assert (result.problem, result.broken_id) == ("deleted", row.id + 1)
    assert "rewritten" in result.message
