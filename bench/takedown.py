"""Takedown status over many demand items, from ledger event dicts: items per second.

    python bench/takedown.py                 # 1,000,000 items, the rulebook's deadline rule
    python bench/takedown.py --items 200000
    python bench/takedown.py --rule fixed    # a fixed 24 h rule instead of the rulebook's
    python bench/takedown.py --as-written    # times with their own offsets, not as the ledger

Builds demands (five items each, received in mixed zones) and actions for most items, as the
ledger's event dicts (what ``landfall takedown status`` gets from ``read_events``: times in
UTC with ``Z``, as the ledger gives them back, unless ``--as-written``), then times
what the command does with them: ``status_from_events`` and ``to_dict(limit=100)``. The floor
is a bare loop that reads the same fields of the same dicts and does nothing else; the ratio
against it is what to compare across machines. ``--objects`` also times the object path
(``demands_from_events``, ``actions_from_events``, ``takedown_status``) the importer and the
library API use.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from landfall.periods import LegalClock
from landfall.takedown import (
    actions_from_events,
    demands_from_events,
    status_from_events,
    takedown_status,
)
from landfall.takedown.model import met_from_events
from landfall.takedown.status import DeadlineFor

ZONES = [timezone(timedelta(hours=h)) for h in (3, 0, -5, 10, 1)]
START = datetime(2021, 1, 1, tzinfo=ZONES[0])


def rule(basis: str, received: datetime) -> timedelta | None:
    return timedelta(hours=24)


def build(items: int, seed: int = 1) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    events: list[dict[str, Any]] = []
    per = 5
    for n in range(items // per):
        received = (START + timedelta(minutes=7 * n)).astimezone(rng.choice(ZONES))
        ids = [f"https://acme.social/p/{n}/{k}" for k in range(per)]
        events.append(
            {
                "date": received.isoformat(),
                "type": "demand",
                "company": "acme",
                "id": f"d{n}",
                "kind": "takedown",
                "basis": "149-FZ 15.3",
                "items": per,
                "item_ids": ids,
            }
        )
        for item in ids:
            if rng.random() < 0.9:
                at = received + timedelta(hours=rng.expovariate(1 / 12))
                events.append(
                    {
                        "date": at.isoformat(),
                        "type": "takedown_action",
                        "company": "acme",
                        "demand": f"d{n}",
                        "item": item,
                        "action": "removed" if rng.random() < 0.95 else "refused",
                    }
                )
    return events


def ledger_form(events: list[dict[str, Any]]) -> None:
    """Times as the ledger returns them (``model_dump(mode="json")``): UTC, with ``Z``."""
    for e in events:
        moment = datetime.fromisoformat(e["date"]).astimezone(UTC)
        e["date"] = moment.isoformat().replace("+00:00", "Z")


def floor(events: list[dict[str, Any]]) -> int:
    """Read every field the status needs, once, and nothing else."""
    n = 0
    for e in events:
        kind = e.get("type")
        if kind == "takedown_action":
            e["demand"], e["item"], e["action"], e["date"]
        elif kind == "demand":
            e.get("kind"), e["id"], e["company"], e["date"], e.get("basis"), e.get("deadline")
            for _item in e["item_ids"]:
                n += 1
    return n


def legal_clock() -> LegalClock:
    from landfall.rulebooks.ru import rulebook

    return rulebook().clock


def rulebook_rule() -> DeadlineFor:
    from landfall.rulebooks.ru import rulebook
    from landfall.rulebooks.ru.rules.takedown import takedown_deadline

    book = rulebook()
    return lambda basis, received: takedown_deadline(book, basis, received)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--rule", choices=["rulebook", "fixed"], default="rulebook")
    parser.add_argument("--objects", action="store_true", help="also time the object path")
    parser.add_argument("--as-written", action="store_true", help="keep the zones' offsets")
    args = parser.parse_args()
    events = build(args.items)
    if not args.as_written:
        ledger_form(events)
    as_of = START + timedelta(minutes=7 * args.items // 5) - timedelta(hours=30)
    deadline_for = rulebook_rule() if args.rule == "rulebook" else rule
    deadline_for("149-FZ 15.3", START)  # load the rulebook outside the timings
    clock = legal_clock()
    built_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    t0 = time.perf_counter()
    floor(events)
    t1 = time.perf_counter()
    status = status_from_events(events, as_of=as_of, deadline_for=deadline_for, clock=clock)
    t2 = time.perf_counter()
    status.to_dict(limit=100)
    t3 = time.perf_counter()
    base, total = t1 - t0, t3 - t1

    form = "as written" if args.as_written else "ledger form (UTC, Z)"
    print(f"items {status.items:,} in {len(events):,} events, rule {args.rule}, times {form}")
    print(f"floor (read dicts)  {base:6.2f} s  {status.items / base:,.0f} items/s")
    print(f"status_from_events  {t2 - t1:6.2f} s")
    print(f"to_dict(limit=100)  {t3 - t2:6.2f} s")
    print(
        f"landfall            {total:6.2f} s  {status.items / total:,.0f} items/s"
        f"  {total / base:.1f}x floor"
    )
    print(
        f"on time {status.on_time:,}, late {status.late:,}, open {status.open:,}, "
        f"overdue {status.overdue:,}, refused {status.refused:,}, "
        f"median {status.median_hours} h, p90 {status.p90_hours} h"
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak_mb:,.0f} MB, of which {built_mb:,.0f} MB the events themselves")
    if args.objects:
        t4 = time.perf_counter()
        demands = demands_from_events(events, clock)
        actions = actions_from_events(events, clock)
        met = met_from_events(events, clock)
        t5 = time.perf_counter()
        again = takedown_status(
            demands, actions, as_of=as_of, deadline_for=deadline_for, clock=clock, met=met
        )
        again.to_dict(limit=100)
        t6 = time.perf_counter()
        assert again.to_dict() == status.to_dict(), "object path and event path differ"
        print(f"object path: read back {t5 - t4:.2f} s, status {t6 - t5:.2f} s")


if __name__ == "__main__":
    main()
