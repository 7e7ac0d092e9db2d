"""Takedown demands and actions as values, and their translation to and from ledger events.

Every event carries ``event_key``: the SHA-256 of its canonical JSON without ``source`` and
without the key itself, so the same fact read from two files (or twice from one) is one event.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Literal

from landfall.errors import Where, input_error

__all__ = [
    "ACTIONS",
    "COMPLETING",
    "MOSCOW",
    "Action",
    "ActionKind",
    "Demand",
    "actions_from_events",
    "demands_from_events",
    "event_key",
    "parse_time",
    "with_key",
]

MOSCOW = timezone(timedelta(hours=3), "MSK")
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

    def to_event(self, company: str, source: str = SOURCE) -> dict[str, Any]:
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
        event["source"] = source
        return with_key(event)


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
        moment = datetime.fromisoformat(value.strip())
    except ValueError as e:
        raise input_error(
            "takedown-bad-time",
            f"not an ISO 8601 datetime: {value!r}",
            file=where.file,
            line=where.line,
            field=where.field,
        ) from e
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise input_error(
            "takedown-naive-time",
            f"{value!r} has no UTC offset; a deadline in hours needs one",
            file=where.file,
            line=where.line,
            field=where.field,
            hint="write it as e.g. 2021-03-01T10:00:00+03:00 (Moscow) or with Z for UTC",
        )
    return moment


def demands_from_events(events: Iterable[Mapping[str, Any]]) -> list[Demand]:
    """Takedown demands recorded in the ledger (other demand kinds are left out)."""
    out: list[Demand] = []
    for e in events:
        if e.get("type") != "demand" or e.get("kind", "takedown") != "takedown":
            continue
        items = e.get("item_ids") or [f"{e['id']}#{i + 1}" for i in range(int(e.get("items", 1)))]
        deadline = e.get("deadline")
        out.append(
            Demand(
                id=str(e["id"]),
                company=str(e["company"]),
                received_at=_aware(e["date"]),
                basis=str(e.get("basis", "")),
                items=tuple(str(i) for i in items),
                deadline=_aware(deadline) if deadline else None,
                source=str(e.get("source", SOURCE)),
            )
        )
    return out


def actions_from_events(events: Iterable[Mapping[str, Any]]) -> list[Action]:
    aware = _aware
    return [
        Action(str(e["demand"]), str(e["item"]), e["action"], aware(e["date"]), e.get("reason"))
        for e in events
        if e.get("type") == "takedown_action"
    ]


def _aware(value: object) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    # A date-only ledger value is read as Moscow midnight, the legal clock.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=MOSCOW)
