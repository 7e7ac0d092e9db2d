"""Verifying from a prefix verified earlier reads only the rows after it, and still catches
what changed after it, at its end, or a truncation below it.

Rows read are counted with a real SQLAlchemy ``after_cursor_execute`` listener on the
ledger's read engine: each statement the store runs on the events table is run again on its
own connection and its rows counted, so the count is what the database returned.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from landfall.ledger import SqlLedger, import_facts
from landfall.ledger.chain import ChainPoint

from .support import FACTS, Clock, run_sql

MORE = (
    FACTS.replace("650000", "700000")
    .replace("2021-09-01", "2021-10-01")
    .replace("3000000", "4000000")
    .replace("2022-03-01", "2022-04-01")
)


class RowsRead:
    def __init__(self, store: SqlLedger) -> None:
        self.engine = store._reader
        self.rows = 0
        self._counting = False

    def __call__(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if self._counting or "FROM events" not in statement:
            return
        self._counting = True
        try:
            with self.engine.connect() as conn:
                self.rows += len(conn.exec_driver_sql(statement, parameters).fetchall())
        finally:
            self._counting = False


@pytest.fixture
def rows_read(store: SqlLedger) -> Iterator[RowsRead]:
    counter = RowsRead(store)
    event.listen(counter.engine, "after_cursor_execute", counter)
    yield counter
    event.remove(counter.engine, "after_cursor_execute", counter)


def point(store: SqlLedger) -> ChainPoint:
    result = store.verify()
    assert result.ok, result.message
    return ChainPoint(result.count, result.head, result.recorded_at, result.public_count)


@pytest.fixture
def grown(store: SqlLedger, facts_file: Path, tmp_path: Path, clock: Clock) -> ChainPoint:
    """A ledger verified once, then appended to: the point verified before the append."""
    import_facts(store, facts_file)
    before = point(store)
    clock.set(2024, 2, 1)
    more = tmp_path / "more.yaml"
    more.write_text(MORE, encoding="utf-8")
    assert import_facts(store, more).added >= 3
    return before


def test_only_the_rows_after_the_point_are_read(
    store: SqlLedger, grown: ChainPoint, rows_read: RowsRead
) -> None:
    full = store.verify()
    assert full.ok and full.count > grown.count
    walked_all = rows_read.rows
    assert walked_all == full.count

    rows_read.rows = 0
    incremental = store.verify(start=grown)
    assert incremental == full  # same count, head, record time, verdict
    assert rows_read.rows == 1 + (full.count - grown.count)  # the point's row, then the new ones


def test_a_change_after_the_point_is_caught(store: SqlLedger, grown: ChainPoint) -> None:
    changed = grown.count + 2  # not the first row after the point
    run_sql(store.url, f"UPDATE events SET payload = 'x' || payload WHERE id = {changed}")
    result = store.verify(start=grown)
    assert (result.problem, result.broken_id) == ("changed", changed)


def test_backdating_across_the_point_is_caught(store: SqlLedger, grown: ChainPoint) -> None:
    first_new = grown.count + 1
    run_sql(
        store.url,
        f"UPDATE events SET recorded_at = '2000-01-01T00:00:00.000000Z' WHERE id = {first_new}",
    )
    result = store.verify(start=grown)
    # the row's hash no longer matches either: the first check to fail names it
    assert result.broken_id == first_new and not result.ok


def test_a_rewritten_point_falls_back_to_the_whole_walk(
    store: SqlLedger, grown: ChainPoint, rows_read: RowsRead
) -> None:
    run_sql(store.url, f"UPDATE events SET payload = 'x' || payload WHERE id = {grown.count}")
    result = store.verify(start=grown)
    assert (result.problem, result.broken_id) == ("changed", grown.count)
    assert rows_read.rows > store.verify().count  # the point's row, then every row


def test_truncation_below_the_point_walks_the_whole_chain(
    store: SqlLedger, grown: ChainPoint
) -> None:
    run_sql(store.url, f"DELETE FROM events WHERE id >= {grown.count}")
    result = store.verify(start=grown)
    # the point's row is gone: the whole walk runs, and the ledger is shorter than verified
    assert result.count == grown.count - 1
    assert result.head != grown.head
