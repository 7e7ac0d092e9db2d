"""The picture of the world on a valid date, from the events recorded by a known time.

Pure: takes stored rows (already limited to what was recorded by ``known_at``), returns a
facts document. Corrections and retractions always name the original ``assert`` event (the
ledger normalizes ``refers_to`` on append), so the last of them in chain order wins.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

from pydantic import TypeAdapter, ValidationError

from landfall.errors import Diagnostic, StorageError, Where
from landfall.facts.model import Company, Event, FactsDocument, Resource
from landfall.ledger.construct import BUILDERS, TEXT_BUILDERS, plain_figure
from landfall.ledger.construct import series as series_event
from landfall.ledger.events import LegalDay
from landfall.periods import LegalClock

COMPANY = "company"
RESOURCE = "resource"


class PictureRow(Protocol):
    """The columns of a stored row the picture reads (a :class:`StoredEvent` has them all)."""

    @property
    def id(self) -> int: ...
    @property
    def type(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def refers_to(self) -> int | None: ...
    @property
    def valid_from(self) -> str | None: ...
    @property
    def valid_day(self) -> str | None: ...
    @property
    def valid_at(self) -> str | None: ...
    @property
    def payload(self) -> str: ...


Row = TypeVar("Row", bound=PictureRow)

_COMPANIES: TypeAdapter[list[Any]] = TypeAdapter(list[Company])
_RESOURCES: TypeAdapter[list[Any]] = TypeAdapter(list[Resource])
_EVENT: TypeAdapter[Any] = TypeAdapter(Event)


def effective_events(rows: Iterable[Row], as_of: dt.date, clock: LegalClock) -> list[Row]:
    """The rows that state a fact valid by the end of ``as_of``, the legal day on ``clock``
    (:class:`~landfall.ledger.events.LegalDay`), each corrected as far as the rows say.

    In the order of the original assertions, so a corrected fact keeps its place.
    """
    base: dict[int, Row] = {}
    latest: dict[int, Row | None] = {}
    for row in rows:
        if row.kind == "assert":
            base[row.id] = row
        elif row.refers_to is not None:
            latest[row.refers_to] = row if row.kind == "correct" else None
    day = LegalDay.of(as_of, clock)
    out: list[Row] = []
    for root in sorted(base.keys() | latest.keys()):
        current: Row | None = latest[root] if root in latest else base[root]
        if current is None or not day.includes_up_to(
            current.valid_from, current.valid_day, current.valid_at
        ):
            continue
        out.append(current)
    return out


def picture(
    rows: Iterable[PictureRow], as_of: dt.date, clock: LegalClock, *, series: bool = False
) -> FactsDocument:
    """The facts document of the rows valid by ``as_of``.

    With ``series``, a resource's plain daily figures on consecutive days
    (:func:`~landfall.ledger.construct.plain_figure`) are one ``audience_series`` event from
    the first day, where they would be an ``audience`` event each: the same figures day by
    day for the engine (its ``AudienceSeries`` holds a run either way), without an object
    per day. It is a document to assess, not the stored events one by one.

    Stored payloads are read as they were written (hashed, never rewritten); the model's
    validation is the one adapter from format 1's short forms to the neutral names
    (:mod:`landfall.facts.format1`), so the ledger and a facts file give the same document.
    Payloads of the common audience shape are built without a validation pass, doing what it
    would do (:mod:`landfall.ledger.construct` says why that is safe); every other one is
    validated.
    """
    records: dict[str, dict[str, PictureRow]] = {COMPANY: {}, RESOURCE: {}}
    timed: list[PictureRow] = []
    for row in effective_events(rows, as_of, clock):
        if row.type in records:
            latest(records[row.type], row)
        else:
            timed.append(row)
    # Stable sort: facts valid at the same instant stay in the order first asserted.
    timed.sort(key=lambda r: r.valid_at or "")
    loads = json.loads
    companies = _records(
        _COMPANIES, "companies", [loads(r.payload) for r in records[COMPANY].values()]
    )
    resources = _records(
        _RESOURCES, "resources", [loads(r.payload) for r in records[RESOURCE].values()]
    )
    if series:
        events = _with_runs(timed)
    else:
        events = [_timed(r.type, r.payload, i) for i, r in enumerate(timed)]
    # Every part is a validated (or, for the fast path, equally built) model; the document
    # has no validator of its own to run.
    return FactsDocument.model_construct(
        landfall=1, companies=companies, resources=resources, events=events
    )


def _records(adapter: TypeAdapter[list[Any]], within: str, data: list[Any]) -> list[Any]:
    try:
        return adapter.validate_python(data)
    except ValidationError as e:
        raise _unreadable(e, within) from e


class _Run:
    """Plain figures of one resource, one a day from ``start``, while they keep coming."""

    __slots__ = ("next_day", "resource", "start", "values")

    def __init__(self, resource: str, start: dt.date, value: int) -> None:
        self.resource, self.start, self.values = resource, start, [value]
        self.next_day = start + _DAY


_DAY = dt.timedelta(days=1)


def _with_runs(timed: list[PictureRow]) -> list[Any]:
    """The events of ``timed`` (in valid-time order) with each run of a resource's plain
    figures on consecutive days as one event, in the place of its first day. Any other event
    about the resource ends its run, so what follows starts a new one: a second figure for a
    day is a new run from that day, which the engine reads as replacing the first."""
    out: list[Any] = []
    runs: dict[str, _Run] = {}
    for index, row in enumerate(timed):
        figure = plain_figure(row.payload) if row.type == "audience" else None
        if figure is not None:
            resource, day, value = figure
            run = runs.get(resource)
            if run is not None and run.next_day == day:
                run.values.append(value)
                run.next_day = day + _DAY
                continue
            runs[resource] = run = _Run(resource, day, value)
            out.append(run)
            continue
        event = _timed(row.type, row.payload, index)
        runs.pop(getattr(event, "resource", None) or "", None)
        out.append(event)
    return [series_event(e.resource, e.start, e.values) if isinstance(e, _Run) else e for e in out]


def _timed(type_: str, payload: str, index: int) -> Any:
    build = TEXT_BUILDERS.get(type_)
    built = None if build is None else build(payload)
    return _event(json.loads(payload), index) if built is None else built


def _event(data: dict[str, Any], index: int) -> Any:
    build = BUILDERS.get(data.get("type", "") if isinstance(data, dict) else "")
    built = None if build is None else build(data)
    if built is not None:
        return built
    try:
        return _EVENT.validate_python(data)
    except ValidationError as e:
        raise _unreadable(e, f"events.{index}") from e


def _unreadable(e: ValidationError, within: str) -> StorageError:
    first = e.errors()[0]
    return StorageError(
        Diagnostic(
            "ledger-payload-invalid",
            f"a stored event no longer reads as facts: {first['msg']}",
            Where(None, None, ".".join([within, *(str(p) for p in first["loc"])])),
            "the ledger holds events this landfall version cannot read",
        )
    )


def latest(by_subject: dict[str, Row], row: Row) -> None:
    """Keep the last recorded record of each company or resource id, in the place of its
    first: re-importing a changed company record replaces it (a facts document allows one
    record per id), where two would list the company twice."""
    kept = by_subject.get(row.subject)
    if kept is None or row.id > kept.id:
        by_subject[row.subject] = row
