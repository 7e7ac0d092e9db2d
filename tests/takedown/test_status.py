"""takedown_status with an injected deadline rule: states, zones, rates, percentiles."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from landfall.errors import InputError
from landfall.periods import LegalClock
from landfall.takedown import Action, Demand, takedown_status

CLOCK = LegalClock(timedelta(hours=3), "MSK")


def t(text: str) -> datetime:
    return datetime.fromisoformat(text)


def rule_24h(basis: str, received: datetime) -> timedelta | None:
    """A test rule: 24 hours for 15.3, immediately for 15.1, nothing for anything else."""
    return {"149-FZ 15.3": timedelta(hours=24), "149-FZ 15.1": timedelta(0)}.get(basis)


DEMANDS = [
    Demand("d1", "acme", t("2021-03-01T10:00:00+03:00"), "149-FZ 15.3", ("a", "b", "c", "d")),
    Demand("d2", "acme", t("2021-03-02T22:00:00-05:00"), "149-FZ 15.3", ("e",)),
    Demand("d3", "bolt", t("2021-03-03T00:00:00+00:00"), "other", ("f",)),
    Demand(
        "d4",
        "bolt",
        t("2021-03-03T00:00:00+00:00"),
        "149-FZ 15.3",
        ("g",),
        deadline=t("2021-03-03T06:00:00+03:00"),
    ),
]
ACTIONS = [
    Action("d1", "a", "removed", t("2021-03-01T20:00:00+03:00")),  # 10 h: on time
    Action("d1", "b", "restricted", t("2021-03-02T08:00:00+00:00")),  # 25 h: late
    Action("d1", "b", "removed", t("2021-03-02T09:00:00+00:00")),  # later action ignored
    Action("d1", "c", "refused", t("2021-03-01T12:00:00+03:00")),
    # d1/d: never acted on -> overdue. d2/e: received 2021-03-03T06:00 MSK, due 03-04T06:00.
]


def test_states_and_rates() -> None:
    s = takedown_status(
        DEMANDS, ACTIONS, as_of=t("2021-03-03T12:00:00+03:00"), deadline_for=rule_24h, clock=CLOCK
    )
    assert (s.items, s.on_time, s.late, s.open, s.overdue, s.refused) == (7, 1, 1, 2, 2, 1)
    assert s.on_time_rate == pytest.approx(1 / 5)
    assert (s.median_hours, s.p90_hours) == (10.0, 25.0)
    # g's own deadline (06:00 Moscow) passed six hours before as_of; d's rule deadline 26.
    assert [(i.item, i.hours_left) for i in s.overdue_items] == [("d", -26.0), ("g", -6.0)]
    open_ids = {i.item: i.hours_left for i in s.open_items}
    assert open_ids["e"] == pytest.approx(18.0)
    assert open_ids["f"] is None


def test_explicit_deadline_overrides_the_rule() -> None:
    s = takedown_status(
        DEMANDS[3:], [], as_of=t("2021-03-03T05:00:00+03:00"), deadline_for=rule_24h, clock=CLOCK
    )
    assert s.open_items[0].hours_left == pytest.approx(1.0)
    s = takedown_status(
        DEMANDS[3:], [], as_of=t("2021-03-03T07:00:00+03:00"), deadline_for=rule_24h, clock=CLOCK
    )
    assert s.overdue == 1


def test_the_rule_sees_moscow_time() -> None:
    seen: list[datetime] = []

    def spy(basis: str, received: datetime) -> timedelta | None:
        seen.append(received)
        return timedelta(hours=24)

    late_evening_ny = Demand("x", "acme", t("2021-12-31T20:00:00-05:00"), "b", ("i",))
    takedown_status(
        [late_evening_ny], [], as_of=t("2022-01-02T00:00:00Z"), deadline_for=spy, clock=CLOCK
    )
    assert seen[0].utcoffset() == timedelta(hours=3)
    assert seen[0].date().isoformat() == "2022-01-01"  # already New Year in Moscow


def test_actions_and_demands_after_as_of_are_ignored() -> None:
    s = takedown_status(
        DEMANDS, ACTIONS, as_of=t("2021-03-01T15:00:00+03:00"), deadline_for=rule_24h, clock=CLOCK
    )
    assert (s.items, s.on_time, s.open, s.refused) == (4, 0, 3, 1)


def test_no_items_and_json() -> None:
    s = takedown_status([], [], as_of=t("2021-03-01T00:00:00Z"), deadline_for=rule_24h, clock=CLOCK)
    assert s.on_time_rate is None
    assert s.median_hours is None
    full = takedown_status(
        DEMANDS, ACTIONS, as_of=t("2021-03-03T12:00:00+03:00"), deadline_for=rule_24h, clock=CLOCK
    )
    doc = json.loads(json.dumps(full.to_dict(limit=1)))
    assert {"items", "on_time", "late", "open", "overdue", "on_time_rate"} <= doc.keys()
    assert len(doc["open_items"]) == 1
    assert doc["time_to_action_hours"] == {"count": 2, "median": 10.0, "p90": 25.0}


def test_naive_as_of_is_an_error() -> None:
    with pytest.raises(InputError) as e:
        takedown_status([], [], as_of=datetime(2021, 3, 1), deadline_for=rule_24h, clock=CLOCK)
    assert e.value.code == "takedown-naive-as-of"
