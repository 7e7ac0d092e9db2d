"""Turning a parsed takedown file into new ledger events, checked against what is recorded.

Importing is idempotent: events whose ``event_key`` the ledger already holds are dropped.
Each event names the file it was read from as its ``source``. No ``demand_met`` is derived:
the ``takedown_action`` events are what the per-item model (:mod:`landfall.takedown.items`)
reads, in the engine and the tracker alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from landfall.errors import Diagnostic, InputError, Where
from landfall.periods import LegalClock
from landfall.takedown.model import Demand, demands_from_events
from landfall.takedown.parse import RowsRead, TakedownInput, read_takedown_file

__all__ = ["ImportResult", "import_takedown", "takedown_events"]


@dataclass(frozen=True)
class ImportResult:
    events: list[dict[str, Any]]  # new events only, in ledger order (demands, then actions)
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
    parsed: TakedownInput, existing: Iterable[Mapping[str, Any]], clock: LegalClock
) -> tuple[list[dict[str, Any]], int]:
    """(new events, how many were already recorded) for ``parsed`` given the ledger's events;
    a bare date among them is read on ``clock``."""
    existing = list(existing)
    known: dict[str, Demand] = {d.id: d for d in demands_from_events(existing, clock)}
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
                    # a file naming no country leaves the recorded one (the ledger's default)
                    ("country", demand.country or prior.country, prior.country),
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
            # A file naming no country keeps the recorded one for a demand it extends; for a
            # demand it only repeats it writes what it read, so the event is the one recorded.
            grown = len(items) > len(prior.items)
            demand = Demand(
                demand.id,
                prior.company,
                prior.received_at,
                prior.basis,
                items,
                prior.deadline,
                demand.source,
                demand.where,
                demand.country or (prior.country if grown else None),
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
    candidates += [a.to_event(known[a.demand_id].company) for a in parsed.actions]
    recorded = {e.get("event_key") for e in existing}
    new: list[dict[str, Any]] = []
    for event in candidates:
        if event["event_key"] in recorded:
            continue
        recorded.add(event["event_key"])
        new.append(event)
    return new, len(candidates) - len(new)


def import_takedown(
    path: str | Path,
    *,
    clock: LegalClock,
    existing: Iterable[Mapping[str, Any]] = (),
    source: str | None = None,
    rows_read: RowsRead | None = None,
) -> ImportResult:
    """Read ``path`` and return the events the ledger does not hold yet; ``rows_read`` is
    told how many rows were read as the reading goes (a progress bar)."""
    parsed = read_takedown_file(path, source=source, rows_read=rows_read)
    events, already = takedown_events(parsed, existing, clock)
    return ImportResult(events, len(parsed.demands), len(parsed.actions), already, parsed.skipped)
