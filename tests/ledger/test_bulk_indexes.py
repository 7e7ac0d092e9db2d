"""A bulk append on SQLite builds the lookup indexes once, after the rows, in its transaction.

The threshold is lowered so that a few hundred events count as bulk. Whatever path an append
took, the schema, the index contents and the query plans are the ones the migrations made.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from landfall.ledger import NewEvent, open_ledger, sql

from .support import run_sql

INDEXES = (
    "SELECT name, sql, rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'"
    " ORDER BY name"
)


@pytest.fixture(autouse=True)
def small_bulk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sql, "_REBUILD_AT_LEAST", 50)


def audience(count: int, offset: int = 0) -> list[NewEvent]:
    return [
        NewEvent(
            type="audience",
            company=f"c{i % 7}",
            subject=f"r{i % 7}.example",
            payload={"date": "2021-01-01", "type": "audience", "value": i},
            valid_from="2021-01-01",
            public=i % 2 == 0,
        )
        for i in range(offset, offset + count)
    ]


def indexes(url: str) -> dict[str, tuple[object, object]]:
    return {str(name): (definition, page) for name, definition, page in run_sql(url, INDEXES)}


def test_bulk_append_rebuilds_the_lookup_indexes_as_defined(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    open_ledger(url).close()
    before = indexes(url)
    with open_ledger(url) as store:
        result = store.append(audience(300))
        assert result.added == 300
    after = indexes(url)
    assert {n: d for n, (d, _) in after.items()} == {n: d for n, (d, _) in before.items()}
    rebuilt = {n for n in after if after[n][1] != before[n][1]}
    # the non-unique lookups were built anew; the unique ones (key, public number) kept
    assert rebuilt == {"ix_events_company_recorded", "ix_events_type", "ix_events_refers_to"}
    assert run_sql(url, "PRAGMA integrity_check") == [("ok",)]
    plan = run_sql(url, "EXPLAIN QUERY PLAN SELECT * FROM events WHERE company = 'c3'")
    assert any("ix_events_company_recorded" in str(row[-1]) for row in plan)
    with open_ledger(url) as store:
        assert store.verify().ok
        assert len(store.events(company="c3")) == len([i for i in range(300) if i % 7 == 3])


def test_append_smaller_than_the_table_keeps_the_indexes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    with open_ledger(url) as store:
        store.append(audience(300))
    before = indexes(url)
    with open_ledger(url) as store:
        assert store.append(audience(100, offset=300)).added == 100
        assert store.verify().ok
    assert indexes(url) == before
    assert run_sql(url, "PRAGMA integrity_check") == [("ok",)]
