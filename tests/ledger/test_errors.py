"""Every failure of the database layer reaches the user as a StorageError with a stable code."""

from __future__ import annotations

from pathlib import Path

import pytest

from landfall.errors import StorageError
from landfall.ledger import default_url, open_ledger
from landfall.ledger.connect import parse_url


@pytest.mark.parametrize(
    "url",
    ["mysql://root@localhost/x", "sqlite://", "sqlite:///:memory:", "not a url", "sqlite+foo:///x"],
)
def test_unsupported_urls(url: str) -> None:
    with pytest.raises(StorageError) as e:
        open_ledger(url)
    assert e.value.code == "unsupported-db-url"


def test_postgres_urls_use_psycopg() -> None:
    assert parse_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert parse_url("postgres://u@h/db").drivername == "postgresql+psycopg"


def test_default_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LANDFALL_DB", raising=False)
    assert default_url() == "sqlite:///landfall.db"
    monkeypatch.setenv("LANDFALL_DB", "postgresql://postgres@127.0.0.1/test")
    assert default_url() == "postgresql://postgres@127.0.0.1/test"


def test_unreachable_server() -> None:
    with pytest.raises(StorageError) as e:
        open_ledger("postgresql://postgres:secret@127.0.0.1:1/none?connect_timeout=2")
    assert e.value.code == "ledger-unavailable"
    assert "secret" not in str(e.value)


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not an SQLite file" * 100)
    with pytest.raises(StorageError) as e:
        open_ledger(f"sqlite:///{path}")
    assert e.value.code in ("ledger-unavailable", "ledger-error")


def test_busy_writer_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from landfall.ledger import NewEvent, connect

    url = f"sqlite:///{tmp_path / 'l.db'}"
    open_ledger(url).close()
    monkeypatch.setattr(connect, "BUSY_TIMEOUT_S", 0.1)
    holder = sqlite3.connect(tmp_path / "l.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with open_ledger(url) as store, pytest.raises(StorageError) as e:
            store.append([NewEvent("fine", "a", "a", {"x": 1})])
        assert e.value.code == "ledger-busy"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
