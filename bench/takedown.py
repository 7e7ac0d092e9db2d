"""takedown_status over many demand items: items per second.

    python bench/takedown.py                 # 1,000,000 items
    python bench/takedown.py --items 200000

Builds demands (five items each, received in mixed zones) and actions for most items, as
ledger events, then times reading them back and computing the status.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from datetime import datetime, timedelta, timezone
from typing import Any

from landfall.takedown import actions_from_events, demands_from_events, takedown_status

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=1_000_000)
    args = parser.parse_args()
    events = build(args.items)
    as_of = START + timedelta(minutes=7 * args.items // 5) - timedelta(hours=30)

    t0 = time.perf_counter()
    demands = demands_from_events(events)
    actions = actions_from_events(events)
    t1 = time.perf_counter()
    status = takedown_status(demands, actions, as_of=as_of, deadline_for=rule)
    t2 = time.perf_counter()
    status.to_dict(limit=100)
    t3 = time.perf_counter()

    print(f"items {status.items:,} in {len(demands):,} demands, {len(actions):,} actions")
    print(f"read events back   {t1 - t0:6.2f} s")
    print(f"takedown_status    {t2 - t1:6.2f} s  {status.items / (t2 - t1):,.0f} items/s")
    print(f"to_dict            {t3 - t2:6.2f} s")
    print(f"end to end         {t3 - t0:6.2f} s  {status.items / (t3 - t0):,.0f} items/s")
    print(
        f"on time {status.on_time:,}, late {status.late:,}, open {status.open:,}, "
        f"overdue {status.overdue:,}, refused {status.refused:,}, "
        f"median {status.median_hours} h, p90 {status.p90_hours} h"
    )
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
