"""The one check of the commands that read a ledger: it exists; they never create one."""

from __future__ import annotations

from pathlib import Path

from landfall.errors import Diagnostic, StorageError, Where
from landfall.ledger.connect import default_url, parse_url, redact, storage_errors

HOW_TO_CREATE = (
    "create one with `landfall ledger init` (add --casebook for the case book) or "
    "`landfall ledger import FACTS...`, try `landfall demo`, or give --db (or LANDFALL_DB)"
)


def require_existing(db: str | None, elsewhere: str | None = None, also: str = "") -> str:
    """The ledger URL ``db`` (default: ``$LANDFALL_DB``, else ``landfall.db`` here), when the
    ledger it names exists: an SQLite file that is there, a server database holding the
    ledger's tables. Commands that read a ledger never create one: a typo in ``--db`` or the
    wrong folder would otherwise answer from a new, empty ledger. ``elsewhere`` names a ledger
    the caller knows of and ``also`` another way out, both for the hint."""
    url = db or default_url()
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        found = Path(str(parsed.database or "")).expanduser().is_file()
    else:
        from sqlalchemy import create_engine, inspect

        from landfall.ledger.schema import VERSION_TABLE

        with storage_errors(url):
            engine = create_engine(parsed)
            try:
                with engine.connect() as connection:
                    found = inspect(connection).has_table(VERSION_TABLE)
            finally:
                engine.dispose()
    if not found:
        there = f"there is one at {elsewhere}: give --db {elsewhere}; or " if elsewhere else ""
        raise StorageError(
            Diagnostic(
                "ledger-missing",
                f"there is no ledger at {redact(url)}",
                Where(None, None, "--db"),
                there + HOW_TO_CREATE + (f", {also}" if also else ""),
            )
        )
    return url
