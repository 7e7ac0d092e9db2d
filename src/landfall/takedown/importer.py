"""Turning a parsed takedown file into new ledger events, checked against what is recorded.

Importing is idempotent: events whose ``event_key`` the ledger already holds are dropped.
``demand_met`` events are derived: for each demand, the items first completed (removed or
restricted) at the same instant form one event whose ``items`` is how many were completed then,
dated in Moscow time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from landfall.errors import Diagnostic, InputError, Where
from landfall.takedown.model import (
    COMPLETING,
    MOSCOW,
    Action,
    Demand,
    actions_from_events,
    demands_from_events,
    with_key,
)
from landfall.takedown.parse import TakedownInput, read_takedown_file

__all__ = ["ImportResult", "import_takedown", "takedown_events"]


@dataclass(frozen=True)
class ImportResult:
    events: list[dict[str, Any]]  # new events only, in ledger order (demands, actions, met)
    demands: int
    actions: int
    already_recorded: int
    skipped: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "new_events": len(self.events),
            "demands": self.demands,
            "actions": self.actions,
            "already_recorded": self.already_recorded,
            "skipped": self.skipped,
        }


def takedown_events(
    parsed: TakedownInput, existing: Iterable[Mapping[str, Any]] = ()
) -> tuple[list[dict[str, Any]], int]:
    """(new events, how many were already recorded) for ``parsed`` given the ledger's events."""
    existing = list(existing)
    known: dict[str, Demand] = {d.id: d for d in demands_from_events(existing)}
    problems: list[Diagnostic] = []
    for demand in parsed.demands:
        prior = known.get(demand.id)
        clash = prior is not None and next(
            (
                (name, theirs)
                for name, mine, theirs in (
                    ("company", demand.company, prior.company),
                    ("received_at", demand.received_at, prior.received_at),
                    ("basis", demand.basis, prior.basis),
                    ("deadline", demand.deadline, prior.deadline),
                )
                if mine != theirs
            ),
            None,
        )
        if clash:
            where = demand.where or Where()
            problems.append(
                Diagnostic(
                    "takedown-demand-conflict",
                    f"demand {demand.id!r} is recorded with {clash[0]} {clash[1]!s}",
                    Where(where.file, where.line, clash[0]),
                )
            )
            continue
        if prior is not None and prior != demand:
            # A later file may list more items of a recorded demand: the union is the demand.
            items = prior.items + tuple(i for i in demand.items if i not in prior.items)
            demand = Demand(
                demand.id,
                prior.company,
                prior.received_at,
                prior.basis,
                items,
                prior.deadline,
                demand.source,
                demand.where,
            )
        known[demand.id] = demand
    for action in parsed.actions:
        target = known.get(action.demand_id)
        where = action.where or Where()
        if target is None:
            problems.append(
                Diagnostic(
                    "takedown-unknown-demand",
                    f"action for demand {action.demand_id!r}, which is neither in this file "
                    "nor in the ledger",
                    Where(where.file, where.line, "demand_id"),
                    "import the demand first, or check the id",
                )
            )
        elif action.item not in target.items:
            problems.append(
                Diagnostic(
                    "takedown-unknown-item",
                    f"item {action.item!r} is not part of demand {action.demand_id!r}",
                    Where(where.file, where.line, "item"),
                )
            )
    if problems:
        raise InputError(*problems)

    candidates: list[dict[str, Any]] = [known[d.id].to_event() for d in parsed.demands]
    candidates += [
        a.to_event(known[a.demand_id].company, known[a.demand_id].source) for a in parsed.actions
    ]
    candidates += _demand_met(known, [*actions_from_events(existing), *parsed.actions])
    recorded = {e.get("event_key") for e in existing}
    new: list[dict[str, Any]] = []
    for event in candidates:
        if event["event_key"] in recorded:
            continue
        recorded.add(event["event_key"])
        new.append(event)
    return new, len(candidates) - len(new)


def _demand_met(known: Mapping[str, Demand], actions: Iterable[Action]) -> list[dict[str, Any]]:
    first_done: dict[tuple[str, str], datetime] = {}
    for a in actions:
        if a.action in COMPLETING:
            key = (a.demand_id, a.item)
            if key not in first_done or a.at < first_done[key]:
                first_done[key] = a.at
    grouped: dict[tuple[str, datetime], int] = defaultdict(int)
    for (demand_id, _item), at in first_done.items():
        # One instant, one rendering: actions written in different zones must share a key.
        grouped[(demand_id, at.astimezone(MOSCOW))] += 1
    events = []
    for (demand_id, at), count in sorted(grouped.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        demand = known.get(demand_id)
        if demand is None:
            continue
        events.append(
            with_key(
                {
                    "date": at.isoformat(),
                    "type": "demand_met",
                    "company": demand.company,
                    "demand": demand_id,
                    "items": count,
                    "source": demand.source,
                }
            )
        )
    return events


def import_takedown(
    path: str | Path, *, existing: Iterable[Mapping[str, Any]] = (), source: str | None = None
) -> ImportResult:
    """Read ``path`` and return the events the ledger does not hold yet."""
    parsed = read_takedown_file(path, source=source)
    events, already = takedown_events(parsed, existing)
    return ImportResult(events, len(parsed.demands), len(parsed.actions), already, parsed.skipped)
