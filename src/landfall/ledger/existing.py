"""The one check of the commands that read a ledger: it exists; they never create one."""

from __future__ import annotations

from pathlib import Path

from landfall.errors import Diagnostic, StorageError, Where
from landfall.ledger.connect import default_url, parse_url, redact


def require_existing(db: str | None) -> str:
    """The ledger URL ``db`` (default: ``$LANDFALL_DB``, else ``landfall.db`` here), when the
    embedded ledger it names exists. Commands that read a ledger never create one: a typo in
    ``--db`` or the wrong folder would otherwise answer from a new, empty ledger."""
    url = db or default_url()
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite" and not Path(str(parsed.database)).is_file():
        raise StorageError(
            Diagnostic(
                "ledger-missing",
                f"there is no ledger at {redact(url)}",
                Where(None, None, "--db"),
                "create one with `landfall ledger init` (add --casebook for the case book) or "
                "`landfall ledger import FACTS...`, try `landfall demo`, or give --db",
            )
        )
    return url
