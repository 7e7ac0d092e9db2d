"""Storage errors say what failed, never the statement or the batch's parameters (the API
sends them as 503 bodies). NUL, which PostgreSQL cannot store and SQLite can, is refused
alike on both before the database sees it."""

from __future__ import annotations

import pytest

from landfall.errors import InputError, StorageError
from landfall.ledger import NewEvent, SqlLedger


def event(company: str = "acme", source: str | None = None, note: str = "") -> NewEvent:
    payload = {"company": company, "note": note} if note else {"company": company}
    return NewEvent(
        type="rkn_account", company=company, subject=company, payload=payload, source=source
    )


@pytest.mark.parametrize(
    ("new", "field"),
    [(event(source="a\x00b"), "source"), (event(note="private\x00note"), "payload")],
)
def test_nul_is_refused_on_every_backend(store: SqlLedger, new: NewEvent, field: str) -> None:
    with pytest.raises(InputError) as e:
        store.append([event("beta"), new])
    assert e.value.code == "invalid-text" and f"events[1].{field}" in str(e.value)
    assert store.events() == []


@pytest.mark.postgres
def test_postgres_error_echoes_no_statement_or_parameters(pg_store: SqlLedger) -> None:
    secret = "confidential-figure-612345"
    too_long = "x" * 250  # varchar(200) on PostgreSQL
    with pytest.raises(StorageError) as e:
        pg_store.append([event("beta", note=secret), event(too_long)])
    text = str(e.value)
    assert e.value.code == "ledger-error"
    assert "value too long" in text and "SQLSTATE 22001" in text
    for leaked in ("INSERT", "events (", secret, too_long, "parameters", "prev_hash"):
        assert leaked not in text, leaked
    assert pg_store.events() == []
