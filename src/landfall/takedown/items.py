"""The one per-item reading of a takedown demand, used by the engine and by the tracker.

A demand names items (URLs, or ``<demand id>#<n>`` when only a count is known). Each item
is *handled* by the first event, in time order up to the moment of reading, that handles it:

- ``takedown_action`` with ``removed`` or ``restricted`` handles the named item;
- ``takedown_action`` with ``refused`` handles nothing (the item is ``refused`` unless a
  later removal handles it);
- ``demand_met`` without ``items`` handles every item not yet handled;
- ``demand_met`` with ``items: k`` handles k more: the earliest not yet handled, in the
  demand's order.

Each item's fate at the moment: ``on_time`` (handled at or before the deadline), ``late``
(handled after it), ``refused``, ``open`` (not handled, deadline not passed or none) or
``overdue`` (not handled, deadline passed). The demand is ``met`` when every item is
handled on time, ``violated`` when an item was handled late or the deadline passed with an
item not handled, else ``pending``.

Times may be datetimes (the engine) or epoch seconds (the tracker's columns): anything
ordered. Events at the same instant keep the order they are given in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, Protocol, TypeVar

from landfall.periods import LegalClock

__all__ = [
    "FATES",
    "DemandFate",
    "Fate",
    "ItemFate",
    "Step",
    "StepKind",
    "close_of_day",
    "demand_fate",
    "is_tracker_summary",
    "item_names",
    "on_time_rate",
]

Fate = Literal["on_time", "late", "open", "overdue", "refused"]
FATES: tuple[Fate, ...] = ("on_time", "late", "open", "overdue", "refused")
StepKind = Literal["removed", "restricted", "refused", "demand_met"]
DemandStatus = Literal["met", "violated", "pending"]


class _Ordered(Protocol):
    def __lt__(self, other: Any, /) -> bool: ...
    def __le__(self, other: Any, /) -> bool: ...


T = TypeVar("T", bound=_Ordered)


@dataclass(frozen=True, slots=True)
class Step(Generic[T]):
    """One event that may handle items of a demand."""

    at: T
    kind: StepKind
    item: str | None = None  # takedown_action: the item it names
    count: int | None = None  # demand_met: how many more items; None means all


@dataclass(frozen=True, slots=True)
class ItemFate(Generic[T]):
    item: str
    fate: Fate
    at: T | None  # when handled (on_time, late) or refused; None while open or overdue


@dataclass(frozen=True, slots=True)
class DemandFate(Generic[T]):
    items: tuple[ItemFate[T], ...]
    due: T | None
    now: T

    def count(self, fate: Fate) -> int:
        return sum(1 for i in self.items if i.fate == fate)

    @property
    def handled(self) -> int:
        """Items removed or restricted, on time or late."""
        return sum(1 for i in self.items if i.fate in ("on_time", "late"))

    @property
    def last_handled(self) -> T | None:
        """When the last handled item was handled (None if none was)."""
        times = [i.at for i in self.items if i.fate in ("on_time", "late") and i.at is not None]
        return max(times) if times else None

    @property
    def status(self) -> DemandStatus:
        if self.items and self.handled == len(self.items):
            return "violated" if any(i.fate == "late" for i in self.items) else "met"
        if any(i.fate in ("late", "overdue") for i in self.items):
            return "violated"
        if self.due is not None and self.due < self.now:
            return "violated"  # a refused item past the deadline
        return "pending"


def item_names(demand_id: str, count: int, item_ids: Sequence[str] | None) -> tuple[str, ...]:
    """The demand's items: its ``item_ids``, else ``<id>#1`` .. ``<id>#<count>``."""
    if item_ids:
        return tuple(str(i) for i in item_ids)
    return tuple(f"{demand_id}#{n + 1}" for n in range(count))


def is_tracker_summary(event: Mapping[str, Any] | Any) -> bool:
    """Whether a ``demand_met`` is the summary an earlier tracker recorded beside its own
    ``takedown_action`` events (it carries an ``event_key``). Those actions already handle
    the items, so the summary handles nothing by itself; a ``demand_met`` written in a facts
    document carries no key."""
    key = event.get("event_key") if isinstance(event, Mapping) else event.event_key
    return key is not None


def demand_fate(
    items: Sequence[str], steps: Iterable[Step[T]], *, due: T | None, now: T
) -> DemandFate[T]:
    """Each item's fate at ``now`` (events after ``now`` are not seen)."""
    names = set(items)
    handled: dict[str, T] = {}
    refused: dict[str, T] = {}
    for step in sorted((s for s in steps if s.at <= now), key=_at):
        if step.kind == "demand_met":
            waiting = [i for i in items if i not in handled]
            for item in waiting if step.count is None else waiting[: step.count]:
                handled[item] = step.at
        elif step.item in names and step.item not in handled:
            assert step.item is not None
            if step.kind == "refused":
                refused.setdefault(step.item, step.at)
            else:
                handled[step.item] = step.at
    fates: list[ItemFate[T]] = []
    for item in items:
        at = handled.get(item)
        if at is not None:
            on_time = due is None or at <= due
            fates.append(ItemFate(item, "on_time" if on_time else "late", at))
        elif item in refused:
            fates.append(ItemFate(item, "refused", refused[item]))
        elif due is None or now <= due:
            fates.append(ItemFate(item, "open", None))
        else:
            fates.append(ItemFate(item, "overdue", None))
    return DemandFate(tuple(fates), due, now)


def on_time_rate(on_time: int, late: int, overdue: int, refused: int) -> float | None:
    """The on-time rate, per item: items handled on time over items decided (on time, late,
    overdue or refused). Open items are not decided yet; None when nothing is decided."""
    decided = on_time + late + overdue + refused
    return on_time / decided if decided else None


def close_of_day(clock: LegalClock, day: dt.date) -> dt.datetime:
    """The moment a reading "as of ``day``" is taken: the last instant of that legal day (its
    end less one microsecond, the finest time the facts hold), so that an event at the next
    midnight belongs to the next day for the engine and the tracker alike."""
    return clock.end(day) - dt.timedelta(microseconds=1)


def _at(step: Step[T]) -> T:
    return step.at
