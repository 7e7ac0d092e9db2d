"""Where each demanded item stands at a moment: on time, late, open, overdue or refused.

Pure: demands, actions, the moment and the deadline rule go in; a JSON-ready value comes out.
The deadline rule is injected because the law's hours belong to the rulebook, by basis and by
the date received. An explicit ``deadline`` on a demand overrides the rule.

Per item, the reading of :mod:`landfall.takedown.items` (the engine's too): the first event
at or before ``as_of`` that handles it (a ``removed`` or ``restricted`` action naming it, or a
``demand_met``) decides it, on time if at or before the deadline, else late. Without one it is
``refused`` if refused, else ``open`` until the deadline and ``overdue`` after. An item without
any deadline cannot be late. ``on_time_rate`` is :func:`~landfall.takedown.items.on_time_rate`.

Speed: the actions are read as numpy columns (the earliest completing action per item is the
item's fate when its demand has no ``demand_met``); the few demands a ``demand_met`` names are
then read item by item by :func:`~landfall.takedown.items.demand_fate` itself.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import chain, compress, repeat
from operator import eq, itemgetter, methodcaller
from typing import Any, overload

import numpy as np

from landfall.errors import LandfallError, input_error
from landfall.periods import LegalClock
from landfall.takedown.items import Step, StepKind, demand_fate, is_tracker_summary, on_time_rate
from landfall.takedown.model import (
    COMPLETING,
    Action,
    Demand,
    DemandMet,
    _aware,
    instants,
    latest_demands,
)

__all__ = [
    "CountryRule",
    "DeadlineFor",
    "ItemState",
    "RuleOf",
    "TakedownStatus",
    "status_from_events",
    "takedown_status",
]

DeadlineFor = Callable[[str, datetime], timedelta | None]
"""(basis, received_at on the legal clock) -> time allowed, or None when the rule sets none.

The time allowed is the law's, in force on the legal day of receipt: the rule is asked once
per basis and legal day, with the first demand of that day, and the answer is reused for the
other demands of the day.
"""


@dataclass(frozen=True)
class CountryRule:
    """The deadline rule and legal clock of the rulebook of one country."""

    deadline_for: DeadlineFor
    clock: LegalClock


RuleOf = Callable[[str | None], CountryRule]
"""(a demand's ``country``, None when it names none) -> the rule and clock of that country's
rulebook (None: the primary rulebook's). A country no rulebook covers raises a diagnostic, or,
where the caller chooses, answers a rule that sets no deadline. With it, each demand's time
allowed and legal day of receipt are its own country's."""


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
    open_items: Sequence[ItemState] = field(default_factory=list, repr=False)
    overdue_items: Sequence[ItemState] = field(default_factory=list, repr=False)
    _ranked: tuple[int, np.ndarray] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def on_time_rate(self) -> float | None:
        return on_time_rate(self.on_time, self.late, self.overdue, self.refused)

    @property
    def median_hours(self) -> float | None:
        return self._nearest_rank(0.5)

    @property
    def p90_hours(self) -> float | None:
        return self._nearest_rank(0.9)

    def _nearest_rank(self, q: float) -> float | None:
        values = self.time_to_action_hours
        if not values:
            return None
        # Sorted once (numpy) and kept while the list keeps its length.
        if self._ranked is None or self._ranked[0] != len(values):
            self._ranked = (len(values), np.sort(np.asarray(values, dtype=np.float64)))
        ordered = self._ranked[1]
        return round(float(ordered[max(0, math.ceil(q * len(ordered)) - 1)]), 3)

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


@dataclass
class _Demands:
    """Demands as columns; ``received_at(i)`` gives demand i's own aware datetime on request."""

    ids: list[str]
    companies: list[str]
    bases: list[str]
    items: list[Sequence[str]]
    received: np.ndarray  # epoch seconds
    deadlines: np.ndarray  # epoch seconds, NaN where the demand sets none
    received_at: Callable[[int], datetime]
    countries: list[str | None] = field(default_factory=list)  # empty: not read


@dataclass
class _Actions:
    keys: list[tuple[str, str]]  # (demand id, item)
    completing: np.ndarray  # bool: removed or restricted
    at: np.ndarray  # epoch seconds
    kinds: list[str]  # removed, restricted or refused
    met: list[tuple[str, float, int | None]]  # demand_met: (demand id, epoch seconds, items)


class _States(Sequence[ItemState]):
    """Open or overdue items in order, each built only when read (the CLI shows the first few)."""

    def __init__(self, order: np.ndarray, make: Callable[[int], ItemState]) -> None:
        self._order = order.tolist()
        self._make = make

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, index: int) -> ItemState: ...
    @overload
    def __getitem__(self, index: slice) -> list[ItemState]: ...
    def __getitem__(self, index: int | slice) -> ItemState | list[ItemState]:
        if isinstance(index, slice):
            return [self._make(k) for k in self._order[index]]
        return self._make(self._order[index])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<{len(self)} item states>"


def takedown_status(
    demands: Iterable[Demand],
    actions: Iterable[Action],
    *,
    as_of: datetime,
    deadline_for: DeadlineFor,
    clock: LegalClock,
    met: Iterable[DemandMet] = (),
    rule_of: RuleOf | None = None,
) -> TakedownStatus:
    """Where each item of ``demands`` stands at ``as_of``, given its actions and ``demand_met``
    events; legal days (which law's deadline applies) are read on ``clock``, or with
    ``rule_of`` on the clock of each demand's country, whose rule then gives its deadline."""
    now = _check_as_of(as_of)
    with _gc_paused():
        return _from_objects(demands, actions, list(met), as_of, now, deadline_for, clock, rule_of)


def _from_objects(
    demands: Iterable[Demand],
    actions: Iterable[Action],
    met: list[DemandMet],
    as_of: datetime,
    now: float,
    deadline_for: DeadlineFor,
    clock: LegalClock,
    rule_of: RuleOf | None,
) -> TakedownStatus:
    ds = list(demands)
    acts = list(actions)
    columns = _Demands(
        ids=[d.id for d in ds],
        companies=[d.company for d in ds],
        bases=[d.basis for d in ds],
        items=[d.items for d in ds],
        received=np.array([d.received_at.timestamp() for d in ds], dtype=np.float64),
        deadlines=np.array(
            [math.nan if d.deadline is None else d.deadline.timestamp() for d in ds],
            dtype=np.float64,
        ),
        received_at=lambda i: ds[i].received_at,
        countries=[d.country for d in ds] if rule_of is not None else [],
    )
    done = _Actions(
        keys=[(a.demand_id, a.item) for a in acts],
        completing=np.array([a.action in COMPLETING for a in acts], dtype=bool),
        at=np.array([a.at.timestamp() for a in acts], dtype=np.float64),
        kinds=[a.action for a in acts],
        met=[(m.demand_id, m.at.timestamp(), m.items) for m in met],
    )
    return _status(columns, done, as_of, now, deadline_for, clock, rule_of)


def status_from_events(
    events: Iterable[Mapping[str, Any]],
    *,
    as_of: datetime,
    deadline_for: DeadlineFor,
    clock: LegalClock,
    company: str | None = None,
    rule_of: RuleOf | None = None,
) -> TakedownStatus:
    """:func:`takedown_status` of the ledger's takedown events, read straight from the dicts.

    The same result as ``takedown_status(demands_from_events(events), actions_from_events(
    events), met=met_from_events(events), ...)`` (demands of ``company`` only, when given)
    without building a Demand or an Action per event: fields are gathered into columns by
    C-level ``map``/``itemgetter`` passes, times are parsed in one numpy call, and the counts
    are numpy masks.
    """
    now = _check_as_of(as_of)
    # The work is done in a function of its own so that its temporaries (a tuple per action
    # and per item) are freed before the collector is switched back on.
    with _gc_paused():
        return _from_events(events, as_of, now, deadline_for, clock, company, rule_of)


def _from_events(
    events: Iterable[Mapping[str, Any]],
    as_of: datetime,
    now: float,
    deadline_for: DeadlineFor,
    clock: LegalClock,
    company: str | None,
    rule_of: RuleOf | None,
) -> TakedownStatus:
    events = events if isinstance(events, list) else list(events)
    types = list(map(methodcaller("get", "type"), events))
    acts = list(compress(events, map(eq, types, repeat("takedown_action"))))
    demand_events = [
        e
        for e in latest_demands(compress(events, map(eq, types, repeat("demand"))))
        if company is None or str(e["company"]) == company
    ]
    dates = list(map(itemgetter("date"), demand_events))
    deadline_values = [e.get("deadline") for e in demand_events]
    deadlines = np.full(len(demand_events), math.nan)
    given = [i for i, v in enumerate(deadline_values) if v]
    if given:
        deadlines[given] = instants([deadline_values[i] for i in given], clock.tz)
    columns = _Demands(
        ids=list(map(str, map(itemgetter("id"), demand_events))),
        companies=list(map(str, map(itemgetter("company"), demand_events))),
        bases=[str(e.get("basis", "")) for e in demand_events],
        items=[e.get("item_ids") or _numbered(e) for e in demand_events],
        received=instants(dates, clock.tz),
        deadlines=deadlines,
        received_at=lambda i: _aware(dates[i], clock.tz),
        countries=[e.get("country") for e in demand_events] if rule_of is not None else [],
    )
    done = _Actions(
        keys=list(
            zip(
                map(str, map(itemgetter("demand"), acts)),
                map(str, map(itemgetter("item"), acts)),
                strict=True,
            )
        ),
        completing=np.fromiter(
            map(COMPLETING.__contains__, map(itemgetter("action"), acts)),
            dtype=bool,
            count=len(acts),
        ),
        at=instants(list(map(itemgetter("date"), acts)), clock.tz),
        kinds=list(map(itemgetter("action"), acts)),
        met=_met_columns(compress(events, map(eq, types, repeat("demand_met"))), clock),
    )
    return _status(columns, done, as_of, now, deadline_for, clock, rule_of)


def _met_columns(
    events: Iterable[Mapping[str, Any]], clock: LegalClock
) -> list[tuple[str, float, int | None]]:
    kept = [e for e in events if not is_tracker_summary(e)]
    times = instants([e["date"] for e in kept], clock.tz).tolist() if kept else []
    return [
        (str(e["demand"]), at, None if e.get("items") is None else int(e["items"]))
        for e, at in zip(kept, times, strict=True)
    ]


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic collection while a million small tuples are made: they hold no cycles, and
    each full collection would walk every event dict of the ledger again (a third of the time
    at a million items)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _numbered(e: Mapping[str, Any]) -> list[str]:
    return [f"{e['id']}#{i + 1}" for i in range(int(e.get("items", 1)))]


def _country_rules(
    demands: _Demands,
    countries: list[str | None],
    kept: list[int],
    due: list[float],
    rule_of: RuleOf | None,
    given: CountryRule,
) -> dict[str | None, CountryRule]:
    """The rule of each country the demands name, asked once per country; a country no
    rulebook covers is reported with the first demand that names it and needs its rule."""
    if rule_of is None:
        return {None: given}
    rules: dict[str | None, CountryRule] = {}
    first: dict[str | None, int] = {}
    for i in kept:
        if due[i] != due[i]:  # needs the rule: no explicit deadline
            first.setdefault(countries[i], i)
    for country in dict.fromkeys(countries):
        try:
            rules[country] = rule_of(country)
        except LandfallError as e:
            if country not in first:  # its demands state their deadlines: the clock only
                rules[country] = given
                continue
            demand = demands.ids[first[country]]
            raise input_error(
                e.code,
                f"demand {demand!r}: {e.diagnostics[0].message}",
                field="country",
                hint=e.diagnostics[0].hint,
            ) from e
    return rules


def _check_as_of(as_of: datetime) -> float:
    if as_of.tzinfo is None or as_of.utcoffset() is None:
        raise input_error(
            "takedown-naive-as-of",
            f"as_of {as_of.isoformat()} has no UTC offset",
            field="as_of",
            hint="give it with an offset, e.g. 2021-06-01T00:00:00+03:00",
        )
    return as_of.timestamp()


_DAY = 86400.0


def _status(
    demands: _Demands,
    actions: _Actions,
    as_of: datetime,
    now: float,
    deadline_for: DeadlineFor,
    clock: LegalClock,
    rule_of: RuleOf | None = None,
) -> TakedownStatus:
    # Per (demand, item): the first completing action at or before now; refusals likewise.
    keys = actions.keys
    in_time = actions.at <= now
    completes = in_time & actions.completing
    done: dict[tuple[str, str], float] = dict(
        zip(compress(keys, completes.tolist()), actions.at[completes].tolist(), strict=True)
    )
    if len(done) < int(completes.sum()):
        # Some item was completed twice: keep its earliest time (latest first, the dict keeps
        # the last value it is given).
        hits = np.flatnonzero(completes)
        hits = hits[np.argsort(actions.at[hits], kind="stable")[::-1]]
        done = dict(
            zip(map(keys.__getitem__, hits.tolist()), actions.at[hits].tolist(), strict=True)
        )
    refused = set(compress(keys, (in_time & ~actions.completing).tolist()))

    status = TakedownStatus(as_of=as_of)
    kept = np.flatnonzero(demands.received <= now).tolist()
    received = demands.received.tolist()
    due = demands.deadlines.tolist()
    rule_cache: dict[tuple[str | None, str, int], float] = {}
    # Each demand's rule and legal clock: its country's (``rule_of``), else the one given.
    countries: list[str | None] = demands.countries or [None] * len(demands.ids)
    rules = _country_rules(demands, countries, kept, due, rule_of, CountryRule(deadline_for, clock))
    shift = np.array([rules[c].clock.offset.total_seconds() for c in countries], dtype=np.float64)
    legal_days = np.floor((demands.received + shift) / _DAY).astype(np.int64).tolist()
    bases = demands.bases
    for i in kept:
        if due[i] == due[i]:  # an explicit deadline
            continue
        key = (countries[i], bases[i], legal_days[i])
        allowed = rule_cache.get(key)
        if allowed is None:
            own = rules[countries[i]]
            rule = own.deadline_for(bases[i], demands.received_at(i).astimezone(own.clock.tz))
            allowed = rule_cache[key] = math.nan if rule is None else rule.total_seconds()
        due[i] = received[i] + allowed
    due_at = np.array(due, dtype=np.float64)
    if actions.met:
        _read_met_demands(demands, actions, kept, due, now, done, refused)

    kept_items = list(map(demands.items.__getitem__, kept))
    counts = list(map(len, kept_items))
    names = list(map(str, chain.from_iterable(kept_items)))
    item_keys = list(
        zip(
            chain.from_iterable(map(repeat, map(demands.ids.__getitem__, kept), counts)),
            names,
            strict=True,
        )
    )
    n = len(item_keys)
    status.items = n
    if not n:
        return status
    owner = np.repeat(np.array(kept, dtype=np.int64), counts)
    item_received = demands.received[owner]
    item_due = due_at[owner]
    acted = np.fromiter(map(done.get, item_keys, repeat(math.nan)), dtype=np.float64, count=n)
    was_refused = np.fromiter(map(refused.__contains__, item_keys), dtype=bool, count=n)
    has_action = ~np.isnan(acted)
    no_due = np.isnan(item_due)
    on_time = has_action & (no_due | (acted <= item_due))
    status.on_time = int(on_time.sum())
    status.late = int(has_action.sum()) - status.on_time
    status.time_to_action_hours = ((acted[has_action] - item_received[has_action]) / 3600).tolist()
    waiting = ~has_action & ~was_refused
    status.refused = int((~has_action & was_refused).sum())
    still_open = waiting & (no_due | (now <= item_due))
    overdue = waiting & ~still_open
    status.open = int(still_open.sum())
    status.overdue = int(overdue.sum())

    hours_left = (item_due - now) / 3600  # NaN without a deadline
    deadline_at: dict[int, datetime | None] = {}

    def make(k: int) -> ItemState:
        d = int(owner[k])
        if d not in deadline_at:
            deadline_at[d] = None if no_due[k] else datetime.fromtimestamp(item_due[k], clock.tz)
        left = None if no_due[k] else float(hours_left[k])
        return ItemState(
            demands.companies[d],
            demands.ids[d],
            names[k],
            demands.received_at(d),
            deadline_at[d],
            left,
        )

    open_idx = np.flatnonzero(still_open)
    open_key = np.where(no_due[open_idx], math.inf, hours_left[open_idx])
    status.open_items = _States(open_idx[np.argsort(open_key, kind="stable")], make)
    overdue_idx = np.flatnonzero(overdue)
    status.overdue_items = _States(
        overdue_idx[np.argsort(hours_left[overdue_idx], kind="stable")], make
    )
    return status


def _read_met_demands(
    demands: _Demands,
    actions: _Actions,
    kept: list[int],
    due: list[float],
    now: float,
    done: dict[tuple[str, str], float],
    refused: set[tuple[str, str]],
) -> None:
    """Demands a ``demand_met`` names: each item's fate by the per-item model itself, in place
    of the columns' earliest action (which is the same reading when no ``demand_met`` exists)."""
    named = {m[0] for m in actions.met}
    steps: dict[str, list[Step[float]]] = {}
    for demand_id, at, count in actions.met:
        steps.setdefault(demand_id, []).append(Step(at, "demand_met", count=count))
    at_list = actions.at.tolist()
    for k, (demand_id, item) in enumerate(actions.keys):
        if demand_id in named:
            kind: StepKind = "refused" if actions.kinds[k] == "refused" else "removed"
            steps[demand_id].append(Step(at_list[k], kind, item=item))
    for i in kept:
        demand_id = demands.ids[i]
        if demand_id not in named:
            continue
        items = [str(x) for x in demands.items[i]]
        fate = demand_fate(
            items, steps[demand_id], due=None if math.isnan(due[i]) else due[i], now=now
        )
        for entry in fate.items:
            key = (demand_id, entry.item)
            done.pop(key, None)
            refused.discard(key)
            if entry.fate in ("on_time", "late") and entry.at is not None:
                done[key] = entry.at
            elif entry.fate == "refused":
                refused.add(key)
