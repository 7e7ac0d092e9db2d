"""The schema comes only from the migrations, applied to an empty database on first open."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from landfall.errors import StorageError
from landfall.ledger import StoredEvent, open_ledger
from landfall.ledger.connect import current_revision, migration_head, parse_url
from landfall.ledger.schema import SCHEMA_REVISION, VERSION_TABLE, events

from .support import run_sql


def test_first_open_migrates_an_empty_database(ledger_url: str) -> None:
    engine = create_engine(parse_url(ledger_url))
    try:
        assert "events" not in inspect(engine).get_table_names()
        open_ledger(ledger_url).close()
        inspector = inspect(engine)
        assert {"events", VERSION_TABLE} <= set(inspector.get_table_names())
        columns = [c["name"] for c in inspector.get_columns("events")]
        assert columns == [c.name for c in events.columns]
        indexes = {i["name"] for i in inspector.get_indexes("events")}
        assert {"ix_events_company_recorded", "ix_events_type", "ix_events_refers_to"} <= indexes
        assert current_revision(engine) == migration_head()
    finally:
        engine.dispose()


def test_reopening_runs_nothing(ledger_url: str) -> None:
    open_ledger(ledger_url).close()
    before = run_sql(ledger_url, f"SELECT version_num FROM {VERSION_TABLE}")
    open_ledger(ledger_url).close()
    assert run_sql(ledger_url, f"SELECT version_num FROM {VERSION_TABLE}") == before


def test_schema_revision_is_the_newest_migration() -> None:
    assert migration_head() == SCHEMA_REVISION


def test_stored_event_fields_follow_the_table() -> None:
    # Rows are read positionally into StoredEvent.
    assert [f.name for f in dataclasses.fields(StoredEvent)] == [c.name for c in events.columns]


def test_database_from_a_newer_landfall_is_refused(ledger_url: str) -> None:
    open_ledger(ledger_url).close()
    run_sql(ledger_url, f"UPDATE {VERSION_TABLE} SET version_num = 'ffff'")
    with pytest.raises(StorageError) as e:
        open_ledger(ledger_url)
    assert e.value.code == "ledger-migration-failed"


def test_sqlite_file_is_created_with_its_directory_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "ledger.db"
    open_ledger(f"sqlite:///{path}").close()
    assert path.exists()
    assert run_sql(f"sqlite:///{path}", "PRAGMA journal_mode") == [("wal",)]
