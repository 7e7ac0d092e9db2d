"""The picture of the world on a valid date, from the events recorded by a known time.

Pure: takes stored rows (already limited to what was recorded by ``known_at``), returns a
facts document. Corrections and retractions always name the original ``assert`` event (the
ledger normalizes ``refers_to`` on append), so the last of them in chain order wins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pydantic import ValidationError

from landfall.errors import Diagnostic, StorageError, Where
from landfall.facts.model import FactsDocument
from landfall.ledger.events import LegalDay, StoredEvent
from landfall.periods import LegalClock

COMPANY = "company"
RESOURCE = "resource"


def effective_events(
    rows: Iterable[StoredEvent], as_of: dt.date, clock: LegalClock
) -> list[StoredEvent]:
    """The rows that state a fact valid by the end of ``as_of``, the legal day on ``clock``
    (:class:`~landfall.ledger.events.LegalDay`), each corrected as far as the rows say.

    In the order of the original assertions, so a corrected fact keeps its place.
    """
    base: dict[int, StoredEvent] = {}
    latest: dict[int, StoredEvent | None] = {}
    for row in rows:
        if row.kind == "assert":
            base[row.id] = row
        elif row.refers_to is not None:
            latest[row.refers_to] = row if row.kind == "correct" else None
    day = LegalDay.of(as_of, clock)
    out: list[StoredEvent] = []
    for root in sorted(base.keys() | latest.keys()):
        current: StoredEvent | None = latest[root] if root in latest else base[root]
        if current is None or not day.includes_up_to(
            current.valid_from, current.valid_day, current.valid_at
        ):
            continue
        out.append(current)
    return out


def picture(rows: Iterable[StoredEvent], as_of: dt.date, clock: LegalClock) -> FactsDocument:
    """The facts document of the rows valid by ``as_of``.

    Stored payloads are read as they were written (hashed, never rewritten); the model's
    validation is the one adapter from format 1's short forms to the neutral names
    (:mod:`landfall.facts.format1`), so the ledger and a facts file give the same document.
    """
    records: dict[str, dict[str, StoredEvent]] = {COMPANY: {}, RESOURCE: {}}
    timed: list[StoredEvent] = []
    for row in effective_events(rows, as_of, clock):
        if row.type in records:
            latest(records[row.type], row)
        else:
            timed.append(row)
    # Stable sort: facts valid at the same instant stay in the order first asserted.
    timed.sort(key=lambda r: r.valid_at or "")
    document = {
        "landfall": 1,
        "companies": [r.data() for r in records[COMPANY].values()],
        "resources": [r.data() for r in records[RESOURCE].values()],
        "events": [r.data() for r in timed],
    }
    try:
        return FactsDocument.model_validate(document)
    except ValidationError as e:
        first = e.errors()[0]
        raise StorageError(
            Diagnostic(
                "ledger-payload-invalid",
                f"a stored event no longer reads as facts: {first['msg']}",
                Where(None, None, ".".join(str(p) for p in first["loc"])),
                "the ledger holds events this landfall version cannot read",
            )
        ) from e


def latest(by_subject: dict[str, StoredEvent], row: StoredEvent) -> None:
    """Keep the last recorded record of each company or resource id, in the place of its
    first: re-importing a changed company record replaces it (a facts document allows one
    record per id), where two would list the company twice."""
    kept = by_subject.get(row.subject)
    if kept is None or row.id > kept.id:
        by_subject[row.subject] = row
