"""Takedown demands and actions as values, and their translation to and from ledger events.

Every event carries ``event_key``: the SHA-256 of its canonical JSON without ``source`` and
without the key itself, so the same fact read from two files (or twice from one) is one event.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from operator import itemgetter
from typing import Any, Literal

import numpy as np

from landfall.errors import Where, input_error
from landfall.periods import DateTextError, LegalClock, NaiveTimeError, parse_when
from landfall.takedown.items import is_tracker_summary

__all__ = [
    "ACTIONS",
    "COMPLETING",
    "Action",
    "ActionKind",
    "Demand",
    "DemandMet",
    "actions_from_events",
    "demands_from_events",
    "event_key",
    "instants",
    "met_from_events",
    "parse_time",
    "with_key",
]

ActionKind = Literal["removed", "restricted", "refused"]
ACTIONS: frozenset[str] = frozenset({"removed", "restricted", "refused"})
# Removing or restricting access complies with a demand; refusing does not.
COMPLETING: frozenset[str] = frozenset({"removed", "restricted"})
SOURCE = "landfall takedown"


# Not frozen: a frozen dataclass's __init__ goes through object.__setattr__ per field, which
# triples the cost of reading a million ledger events back. Treat instances as values.
@dataclass(slots=True)
class Demand:
    id: str
    company: str
    received_at: datetime
    basis: str
    items: tuple[str, ...]
    deadline: datetime | None = None
    source: str = SOURCE
    where: Where | None = field(default=None, compare=False)
    # the demanding state (ISO2, or EU): its rulebook's deadline rule and clock apply; None
    # when the input names none (the primary rulebook's)
    country: str | None = None

    def to_event(self) -> dict[str, Any]:
        event: dict[str, Any] = {
            "date": self.received_at.isoformat(),
            "type": "demand",
            "company": self.company,
            "id": self.id,
            "kind": "takedown",
            "basis": self.basis,
            "items": len(self.items),
            "item_ids": list(self.items),
        }
        if self.country is not None:
            event["country"] = self.country
        if self.deadline is not None:
            event["deadline"] = self.deadline.isoformat()
        event["source"] = self.source
        return with_key(event)


@dataclass(slots=True)
class Action:
    demand_id: str
    item: str
    action: ActionKind
    at: datetime
    reason: str | None = None
    where: Where | None = field(default=None, compare=False)
    source: str = field(default=SOURCE, compare=False)  # the file the action was read from

    def to_event(self, company: str) -> dict[str, Any]:
        event: dict[str, Any] = {
            "date": self.at.isoformat(),
            "type": "takedown_action",
            "company": company,
            "demand": self.demand_id,
            "item": self.item,
            "action": self.action,
        }
        if self.reason:
            event["reason"] = self.reason
        event["source"] = self.source
        return with_key(event)


@dataclass(slots=True)
class DemandMet:
    """A ``demand_met``: ``items`` more items handled at ``at`` (None: all the rest)."""

    demand_id: str
    at: datetime
    items: int | None = None


def event_key(event: Mapping[str, Any]) -> str:
    content = {k: v for k, v in event.items() if k not in ("event_key", "source")}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def with_key(event: dict[str, Any]) -> dict[str, Any]:
    event["event_key"] = event_key(event)
    return event


def parse_time(value: object, where: Where) -> datetime:
    """An ISO 8601 datetime with a UTC offset; anything else is an error naming ``where``."""
    if not isinstance(value, str) or not value.strip():
        raise input_error(
            "takedown-bad-time",
            f"expected an ISO 8601 datetime with offset, got {value!r}",
            file=where.file,
            line=where.line,
            field=where.field,
        )
    try:
        moment = parse_when(value)
    except NaiveTimeError:
        moment = None
    except DateTextError as e:
        raise input_error(
            "takedown-bad-time",
            f"not an ISO 8601 datetime: {value!r}",
            file=where.file,
            line=where.line,
            field=where.field,
        ) from e
    if not isinstance(moment, datetime):  # a bare date, or a time without its offset
        raise input_error(
            "takedown-naive-time",
            f"{value!r} has no UTC offset; a deadline in hours needs one",
            file=where.file,
            line=where.line,
            field=where.field,
            hint="write it with its offset, e.g. 2021-03-01T10:00:00+03:00, or with Z for UTC",
        )
    try:
        moment.astimezone(UTC)
    except (OverflowError, ValueError) as e:
        # 0001-01-01T00:00:00+14:00 is a valid ISO text with no UTC instant.
        raise input_error(
            "takedown-bad-time",
            f"{value!r} has no UTC instant (out of range)",
            file=where.file,
            line=where.line,
            field=where.field,
        ) from e
    return moment


def latest_demands(events: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Each takedown demand's latest record: re-importing a demand with more items records it
    again with all of them, and that record supersedes the earlier one."""
    latest: dict[tuple[str, str], Mapping[str, Any]] = {}
    for e in events:
        if e.get("type") == "demand" and e.get("kind", "takedown") == "takedown":
            latest[(str(e["company"]), str(e["id"]))] = e
    return list(latest.values())


def demands_from_events(events: Iterable[Mapping[str, Any]], clock: LegalClock) -> list[Demand]:
    """Takedown demands recorded in the ledger (other demand kinds are left out); a bare
    date is the start of that legal day on ``clock``."""
    tz = clock.tz
    out: list[Demand] = []
    for e in latest_demands(events):
        items = e.get("item_ids") or [f"{e['id']}#{i + 1}" for i in range(int(e.get("items", 1)))]
        deadline = e.get("deadline")
        out.append(
            Demand(
                id=str(e["id"]),
                company=str(e["company"]),
                received_at=_aware(e["date"], tz),
                basis=str(e.get("basis", "")),
                items=tuple(str(i) for i in items),
                deadline=_aware(deadline, tz) if deadline else None,
                source=str(e.get("source", SOURCE)),
                country=None if e.get("country") is None else str(e["country"]),
            )
        )
    return out


def actions_from_events(events: Iterable[Mapping[str, Any]], clock: LegalClock) -> list[Action]:
    tz = clock.tz
    return [
        Action(
            str(e["demand"]), str(e["item"]), e["action"], _aware(e["date"], tz), e.get("reason")
        )
        for e in events
        if e.get("type") == "takedown_action"
    ]


def met_from_events(events: Iterable[Mapping[str, Any]], clock: LegalClock) -> list[DemandMet]:
    """``demand_met`` events, but the summaries an earlier tracker recorded beside its own
    actions (:func:`~landfall.takedown.items.is_tracker_summary`)."""
    tz = clock.tz
    return [
        DemandMet(str(e["demand"]), _aware(e["date"], tz), e.get("items"))
        for e in events
        if e.get("type") == "demand_met" and not is_tracker_summary(e)
    ]


def _aware(value: object, tz: tzinfo) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    # A date-only (or naive) ledger value is read on the legal clock: midnight starts its day.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)


_SUFFIX: Callable[[Any], Any] = itemgetter(slice(-6, None))
_LOCAL: Callable[[Any], Any] = itemgetter(slice(None, -6))
_LAST: Callable[[Any], Any] = itemgetter(-1)
_BEFORE_Z: Callable[[Any], Any] = itemgetter(slice(None, -1))
_OFFSET = re.compile(r"[+-]\d\d:\d\d")
_EPOCH_NAIVE = datetime(1970, 1, 1)
_EXACT = 2**53  # microseconds a float64 holds exactly: the conversion below is then exact


class _Offsets(dict[str, int | None]):
    """Trailing six characters of an ISO time -> its UTC offset in microseconds, or None."""

    def __missing__(self, suffix: str) -> int | None:
        value = None
        if _OFFSET.fullmatch(suffix):
            offset = datetime.fromisoformat("2000-01-01T00:00:00" + suffix).utcoffset()
            value = None if offset is None else offset // timedelta(microseconds=1)
        self[suffix] = value
        return value


_OFFSETS = _Offsets()


def instants(values: Sequence[object], tz: tzinfo) -> np.ndarray:
    """Seconds since the epoch of ledger times, as float64: equal to ``_aware(v, tz).timestamp()``.

    The common forms, ``YYYY-MM-DDTHH:MM:SS[.ffffff]`` then ``+HH:MM`` or ``Z`` (the ledger
    writes UTC with ``Z``), are parsed by numpy in one call: the local part as
    ``datetime64[us]``, the offset once per distinct offset. Anything else (a bare date, a
    naive time, a datetime object) goes through :func:`_aware` alone. Microseconds fit a
    float64 exactly in these years, so the division by 10**6 rounds as ``timestamp()`` does.
    """
    try:
        zulu = list(map(_LAST, values)).count("Z")
    except (TypeError, IndexError):  # not all non-empty strings
        return _slow_instants(values, tz)
    shifts: list[int | None]
    slow: list[int] = []
    if zulu == len(values):
        local = list(map(_BEFORE_Z, values))
        shifts = [0] * len(values)
    else:
        shifts = list(map(_OFFSETS.__getitem__, map(_SUFFIX, values)))
        local = list(map(_LOCAL, values))
        for i in [i for i, shift in enumerate(shifts) if shift is None] if None in shifts else []:
            value = values[i]
            assert isinstance(value, str)
            if value.endswith("Z"):
                local[i], shifts[i] = value[:-1], 0
            else:
                local[i], shifts[i] = "1970-01-01T00:00:00", 0
                slow.append(i)
    try:
        micros = np.array(local, dtype="datetime64[us]").astype(np.int64)
    except ValueError:
        return _slow_instants(values, tz)
    if zulu != len(values):
        micros -= np.array(shifts, dtype=np.int64)
    if micros.size and int(np.abs(micros).max()) >= _EXACT:
        return _slow_instants(values, tz)
    out = micros / 1e6
    for i in slow:
        out[i] = _aware(values[i], tz).timestamp()
    return out


def _slow_instants(values: Sequence[object], tz: tzinfo) -> np.ndarray:
    return np.array([_aware(v, tz).timestamp() for v in values], dtype=np.float64)
