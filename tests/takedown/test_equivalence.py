"""The columnar status equals the per-item model (landfall.takedown.items) of the same events,
exactly: the numpy fast path and the object path are one reading, demand_met included."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from landfall.periods import LegalClock
from landfall.takedown import (
    Action,
    Demand,
    actions_from_events,
    demands_from_events,
    status_from_events,
    takedown_status,
)
from landfall.takedown.items import Step, demand_fate
from landfall.takedown.model import DemandMet, _aware, instants, met_from_events

CLOCK = LegalClock(timedelta(hours=3), "MSK")
MOSCOW = CLOCK.tz

ZONES = [timezone(timedelta(hours=h, minutes=m)) for h, m in ((3, 0), (0, 0), (-5, 0), (5, 30))]


def rule(basis: str, received: datetime) -> timedelta | None:
    # The law's hours change on a day, as the rulebook's do: 24 h before 2021-03-02, then 12 h.
    if basis == "none":
        return None
    return timedelta(hours=24 if received.date() < date(2021, 3, 2) else 12)


def reference(
    demands: Iterable[Demand], actions: Iterable[Action], met: Iterable[DemandMet], now: float
) -> tuple[dict[str, int], list[float], list[tuple[str, str, float | None]], list[Any]]:
    """The per-item model, demand by demand, as the oracle of the columnar code."""
    steps: dict[str, list[Step[float]]] = {}
    for a in actions:
        steps.setdefault(a.demand_id, []).append(Step(a.at.timestamp(), a.action, item=a.item))
    for m in met:
        steps.setdefault(m.demand_id, []).append(
            Step(m.at.timestamp(), "demand_met", count=m.items)
        )
    counts = dict.fromkeys(("items", "on_time", "late", "open", "overdue", "refused"), 0)
    durations: list[float] = []
    opened: list[tuple[str, str, float | None]] = []
    late: list[tuple[str, str, float | None]] = []
    for d in demands:
        received = d.received_at.timestamp()
        if received > now:
            continue
        if d.deadline is not None:
            due: float | None = d.deadline.timestamp()
        else:
            allowed = rule(d.basis, d.received_at.astimezone(MOSCOW))
            due = None if allowed is None else received + allowed.total_seconds()
        counts["items"] += len(d.items)
        fate = demand_fate(d.items, steps.get(d.id, []), due=due, now=now)
        for item in fate.items:
            left = None if due is None else (due - now) / 3600
            counts[item.fate] += 1
            if item.fate in ("on_time", "late"):
                assert item.at is not None
                durations.append((item.at - received) / 3600)
            elif item.fate == "open":
                opened.append((d.id, item.item, left))
            elif item.fate == "overdue":
                late.append((d.id, item.item, left))
    opened.sort(key=lambda s: math.inf if s[2] is None else s[2])
    late.sort(key=lambda s: s[2] or 0.0)
    return counts, durations, opened, late


def when(rng: random.Random, base: datetime) -> str:
    moment = base.astimezone(rng.choice(ZONES))
    form = rng.random()
    if form < 0.05:
        return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if form < 0.08:
        return moment.astimezone(MOSCOW).replace(tzinfo=None).isoformat()  # naive: Moscow
    if form < 0.1:
        return moment.astimezone(MOSCOW).date().isoformat()  # a bare date: Moscow midnight
    return moment.isoformat()


def ledger(seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    start = datetime(2021, 2, 28, 12, tzinfo=MOSCOW)
    events: list[dict[str, Any]] = []
    for n in range(300):
        received = start + timedelta(minutes=rng.randrange(0, 4 * 24 * 60), seconds=rng.random())
        items = [f"u{n}/{k}" for k in range(rng.randint(1, 4))]
        event: dict[str, Any] = {
            "date": when(rng, received),
            "type": "demand",
            "company": rng.choice(["acme", "bolt"]),
            "id": f"d{n}",
            "kind": rng.choice(["takedown"] * 9 + ["other"]),
            "basis": rng.choice(["149-FZ 15.3", "149-FZ 15.3", "none"]),
            "items": len(items),
        }
        if rng.random() < 0.8:
            event["item_ids"] = items
        else:
            items = [f"d{n}#{k + 1}" for k in range(len(items))]
        if rng.random() < 0.1:
            event["deadline"] = when(rng, received + timedelta(hours=rng.randint(1, 48)))
        events.append(event)
        if rng.random() < 0.25:  # closed (in part) by demand_met, as a facts document does
            for _ in range(rng.choice([1, 1, 2])):
                met: dict[str, Any] = {
                    "date": when(rng, received + timedelta(hours=rng.expovariate(1 / 15))),
                    "type": "demand_met",
                    "company": event["company"],
                    "demand": f"d{n}",
                }
                if rng.random() < 0.5:
                    met["items"] = rng.randint(1, len(items))
                if rng.random() < 0.1:  # an earlier tracker's summary: handles nothing more
                    met["event_key"] = f"k{n}"
                events.append(met)
        for item in items:
            for _ in range(rng.choice([0, 1, 1, 2])):
                at = received + timedelta(hours=rng.expovariate(1 / 15))
                events.append(
                    {
                        "date": when(rng, at),
                        "type": "takedown_action",
                        "company": event["company"],
                        "demand": f"d{n}",
                        "item": item,
                        "action": rng.choice(["removed", "restricted", "refused"]),
                    }
                )
    rng.shuffle(events)
    return events


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("company", [None, "acme"])
def test_columnar_status_equals_the_per_item_loop(seed: int, company: str | None) -> None:
    events = ledger(seed)
    as_of = datetime(2021, 3, 2, 18, tzinfo=ZONES[seed % len(ZONES)])
    demands = [
        d for d in demands_from_events(events, CLOCK) if company is None or d.company == company
    ]
    actions = actions_from_events(events, CLOCK)
    met = met_from_events(events, CLOCK)
    counts, durations, opened, late = reference(demands, actions, met, as_of.timestamp())
    fast = status_from_events(events, as_of=as_of, deadline_for=rule, clock=CLOCK, company=company)
    slow = takedown_status(demands, actions, as_of=as_of, deadline_for=rule, clock=CLOCK, met=met)
    for status in (fast, slow):
        assert {k: getattr(status, k) for k in counts} == counts
        assert status.time_to_action_hours == durations
        assert [(s.demand, s.item, s.hours_left) for s in status.open_items] == opened
        assert [(s.demand, s.item, s.hours_left) for s in status.overdue_items] == late
        ordered = sorted(durations)
        if ordered:
            assert status.median_hours == round(ordered[math.ceil(0.5 * len(ordered)) - 1], 3)
            assert status.p90_hours == round(ordered[math.ceil(0.9 * len(ordered)) - 1], 3)
        by_id = {d.id: d for d in demands}
        for s in [*status.open_items, *status.overdue_items]:
            assert s.received_at == by_id[s.demand].received_at
            assert s.received_at.utcoffset() == by_id[s.demand].received_at.utcoffset()
    assert fast.to_dict() == slow.to_dict()


def test_the_ledgers_own_form_all_utc_with_z() -> None:
    """The ledger gives every time back in UTC with ``Z``: the all-``Z`` path."""
    events = ledger(7)
    for e in events:
        for name in ("date", "deadline"):
            if name in e and "T" in e[name]:
                moment = datetime.fromisoformat(e[name])
                moment = moment if moment.tzinfo else moment.replace(tzinfo=MOSCOW)
                e[name] = moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
            elif name in e:
                e[name] = datetime.fromisoformat(e[name] + "T00:00:00+03:00").astimezone(UTC)
                e[name] = e[name].isoformat().replace("+00:00", "Z")
    as_of = datetime(2021, 3, 2, 18, tzinfo=UTC)
    demands = demands_from_events(events, CLOCK)
    actions = actions_from_events(events, CLOCK)
    met = met_from_events(events, CLOCK)
    fast = status_from_events(events, as_of=as_of, deadline_for=rule, clock=CLOCK)
    assert (
        fast.to_dict()
        == takedown_status(
            demands, actions, as_of=as_of, deadline_for=rule, clock=CLOCK, met=met
        ).to_dict()
    )
    counts, durations, _, _ = reference(demands, actions, met, as_of.timestamp())
    assert {k: getattr(fast, k) for k in counts} == counts
    assert fast.time_to_action_hours == durations


def test_instants_equal_timestamp() -> None:
    values: list[object] = [
        "2021-03-01T10:00:00+03:00",
        "2021-03-01T10:00:00.000001-05:30",
        "2021-03-01T10:00:00.999999+14:00",
        "2021-03-01T10:00:00Z",
        "2021-03-01",
        "2021-03-01T10:00",
        "1969-12-31T23:59:59.5+00:00",
        datetime(2021, 3, 1, 10, tzinfo=UTC),
    ]
    expected = [_aware(v, MOSCOW).timestamp() for v in values]
    assert instants(values, MOSCOW).tolist() == expected
    assert instants(values[:4], MOSCOW).tolist() == expected[:4]
    zulu = ["2021-03-01T10:00:00Z", "2021-03-01T10:00:00.25Z", "1970-01-01T00:00:00Z"]
    assert instants(zulu, MOSCOW).tolist() == [_aware(v, MOSCOW).timestamp() for v in zulu]
    assert instants([], MOSCOW).tolist() == []
