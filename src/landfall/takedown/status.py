"""Where each demanded item stands at a moment: on time, late, open, overdue or refused.

Pure: demands, actions, the moment and the deadline rule go in; a JSON-ready value comes out.
The deadline rule is injected because the law's hours belong to the rulebook, by basis and by
the date received. An explicit ``deadline`` on a demand overrides the rule.

Per item: the first ``removed`` or ``restricted`` action at or before ``as_of`` completes it
(on time if at or before the deadline, else late). Without one it is ``refused`` if refused,
else ``open`` until the deadline and ``overdue`` after. An item without any deadline cannot
be late. ``on_time_rate`` is on time over everything decided (on time, late, overdue, refused).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from landfall.errors import input_error
from landfall.takedown.model import COMPLETING, MOSCOW, Action, Demand

__all__ = ["DeadlineFor", "ItemState", "TakedownStatus", "takedown_status"]

DeadlineFor = Callable[[str, datetime], timedelta | None]
"""(basis, received_at in Moscow time) -> time allowed, or None when the rule sets none."""


@dataclass(frozen=True)
class ItemState:
    company: str
    demand: str
    item: str
    received_at: datetime
    deadline: datetime | None
    hours_left: float | None  # negative when overdue

    def to_dict(self) -> dict[str, Any]:
        return {
            "company": self.company,
            "demand": self.demand,
            "item": self.item,
            "received_at": self.received_at.isoformat(),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "hours_left": None if self.hours_left is None else round(self.hours_left, 3),
        }


@dataclass
class TakedownStatus:
    as_of: datetime
    items: int = 0
    on_time: int = 0
    late: int = 0
    open: int = 0
    overdue: int = 0
    refused: int = 0
    time_to_action_hours: list[float] = field(default_factory=list, repr=False)
    open_items: list[ItemState] = field(default_factory=list, repr=False)
    overdue_items: list[ItemState] = field(default_factory=list, repr=False)

    @property
    def on_time_rate(self) -> float | None:
        decided = self.on_time + self.late + self.overdue + self.refused
        return self.on_time / decided if decided else None

    @property
    def median_hours(self) -> float | None:
        return _nearest_rank(self.time_to_action_hours, 0.5)

    @property
    def p90_hours(self) -> float | None:
        return _nearest_rank(self.time_to_action_hours, 0.9)

    def to_dict(self, *, limit: int | None = None) -> dict[str, Any]:
        """JSON-ready; ``limit`` caps the open and overdue item lists (counts stay whole)."""
        return {
            "as_of": self.as_of.isoformat(),
            "items": self.items,
            "on_time": self.on_time,
            "late": self.late,
            "open": self.open,
            "overdue": self.overdue,
            "refused": self.refused,
            "on_time_rate": self.on_time_rate,
            "time_to_action_hours": {
                "count": len(self.time_to_action_hours),
                "median": self.median_hours,
                "p90": self.p90_hours,
            },
            "open_items": [i.to_dict() for i in self.open_items[:limit]],
            "overdue_items": [i.to_dict() for i in self.overdue_items[:limit]],
        }


def _nearest_rank(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(q * len(ordered)) - 1)], 3)


def takedown_status(
    demands: Iterable[Demand],
    actions: Iterable[Action],
    *,
    as_of: datetime,
    deadline_for: DeadlineFor,
) -> TakedownStatus:
    if as_of.tzinfo is None or as_of.utcoffset() is None:
        raise input_error(
            "takedown-naive-as-of",
            f"as_of {as_of.isoformat()} has no UTC offset",
            field="as_of",
            hint="give it with an offset, e.g. 2021-06-01T00:00:00+03:00",
        )
    now = as_of.timestamp()
    # Keyed by demand, then item: one lookup per demand in the item loop, no tuple per item.
    done: dict[str, dict[str, float]] = {}
    refused: dict[str, set[str]] = {}
    for a in actions:
        at = a.at.timestamp()
        if at > now:
            continue
        if a.action in COMPLETING:
            per = done.get(a.demand_id)
            if per is None:
                per = done[a.demand_id] = {}
            prior = per.get(a.item)
            if prior is None or at < prior:
                per[a.item] = at
        else:
            refused.setdefault(a.demand_id, set()).add(a.item)
    nothing: dict[str, float] = {}
    no_refusal: set[str] = set()

    status = TakedownStatus(as_of=as_of)
    durations = status.time_to_action_hours
    for d in demands:
        received = d.received_at.timestamp()
        if received > now:
            continue
        if d.deadline is not None:
            due: float | None = d.deadline.timestamp()
        else:
            allowed = deadline_for(d.basis, d.received_at.astimezone(MOSCOW))
            due = None if allowed is None else received + allowed.total_seconds()
        status.items += len(d.items)
        acted_on = done.get(d.id, nothing)
        refusals = refused.get(d.id, no_refusal)
        for item in d.items:
            acted = acted_on.get(item)
            if acted is not None:
                durations.append((acted - received) / 3600)
                if due is None or acted <= due:
                    status.on_time += 1
                else:
                    status.late += 1
            elif item in refusals:
                status.refused += 1
            elif due is None or now <= due:
                status.open += 1
                status.open_items.append(_state(d, item, due, now))
            else:
                status.overdue += 1
                status.overdue_items.append(_state(d, item, due, now))
    status.open_items.sort(key=lambda s: math.inf if s.hours_left is None else s.hours_left)
    status.overdue_items.sort(key=lambda s: s.hours_left or 0.0)
    return status


def _state(d: Demand, item: str, due: float | None, now: float) -> ItemState:
    deadline = None if due is None else datetime.fromtimestamp(due, MOSCOW)
    left = None if due is None else (due - now) / 3600
    return ItemState(d.company, d.id, item, d.received_at, deadline, left)
