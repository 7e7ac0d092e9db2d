"""A company's facts as of a date: the read-only view rules query.

Built once per assessment from a :class:`FactsDocument`; events after the as-of date are
dropped here so that no rule can see the future.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from landfall.facts.model import (
    AudienceEvent,
    AudienceSeriesEvent,
    Company,
    FactsDocument,
    Resource,
)
from landfall.periods import LegalClock


@dataclass
class _Run:
    start: dt.date
    values: Sequence[int]  # one per day from start; the last holds until the next run


@dataclass
class AudienceSeries:
    """Daily audience of one resource as runs of days, each valid until the next run starts.

    An ``audience`` event is a run of one value; an ``audience_series`` is a run of many.
    Runs are kept as given rather than expanded day by day, so a year of daily figures for
    ten thousand resources costs no per-day objects.
    """

    runs: list[_Run] = field(default_factory=list)
    starts: list[dt.date] = field(default_factory=list)

    def add(self, start: dt.date, values: Sequence[int]) -> None:
        i = bisect_right(self.starts, start)
        if i and self.starts[i - 1] == start:
            self.runs[i - 1] = _Run(start, values)  # a later event for the same day wins
            return
        self.starts.insert(i, start)
        self.runs.insert(i, _Run(start, values))

    def at(self, day: dt.date) -> int | None:
        i = bisect_right(self.starts, day)
        if not i:
            return None
        run = self.runs[i - 1]
        offset = (day - run.start).days
        return run.values[min(offset, len(run.values) - 1)]

    def _spans(self, until: dt.date) -> list[tuple[dt.date, Sequence[int], int]]:
        """(start, values, days in force) for each run up to ``until``, the last held over."""
        spans = []
        for i, run in enumerate(self.runs):
            if run.start > until:
                break
            end = self.runs[i + 1].start if i + 1 < len(self.runs) else until + dt.timedelta(days=1)
            end = min(end, until + dt.timedelta(days=1))
            spans.append((run.start, run.values, (end - run.start).days))
        return spans

    def first_day_above(self, threshold: int, until: dt.date) -> dt.date | None:
        for start, values, days in self._spans(until):
            shown = values[: min(days, len(values))]
            for offset, value in enumerate(shown):
                if value > threshold:
                    return start + dt.timedelta(days=offset)
        return None

    def last_day_at_or_above(self, threshold: int, until: dt.date) -> dt.date | None:
        """The latest day up to ``until`` on which the audience was at least ``threshold``."""
        for start, values, days in reversed(self._spans(until)):
            if len(values) < days and values[-1] >= threshold:
                return start + dt.timedelta(days=days - 1)  # the held-over last value
            for offset in range(min(days, len(values)) - 1, -1, -1):
                if values[offset] >= threshold:
                    return start + dt.timedelta(days=offset)
        return None

    @property
    def first_day(self) -> dt.date:
        return self.starts[0]


AudienceKey = tuple[str, str, str]
"""(resource, country, metric): one series per resource, place and way of counting."""


@dataclass
class CompanyView:
    company: Company
    as_of: dt.date
    resources: list[Resource]
    events: dict[str, list[Any]]  # by type, in valid-time order, up to as_of
    audience: dict[AudienceKey, AudienceSeries]
    clock: LegalClock

    def audience_of(self, country: str, metric: str) -> dict[str, AudienceSeries]:
        """The series of one country and metric, by resource id (a rulebook asks for its own)."""
        return {r: s for (r, c, m), s in self.audience.items() if (c, m) == (country, metric)}

    def of_type(self, *types: str) -> list[Any]:
        if len(types) == 1:
            return self.events.get(types[0], [])
        merged = [e for t in types for e in self.events.get(t, [])]
        return sorted(merged, key=lambda e: self.clock.start(e.date))

    def latest(self, type_: str, key: str, value: str) -> Any | None:
        """The last event of a type whose field ``key`` equals ``value``."""
        found = None
        for event in self.events.get(type_, []):
            if getattr(event, key, None) == value:
                found = event
        return found


def company_views(
    doc: FactsDocument, as_of: dt.date, clock: LegalClock, only: str | None = None
) -> list[CompanyView]:
    """Each company's events up to the end of ``as_of``, the legal day on ``clock``."""
    return views_on_clocks(doc, as_of, (clock,), only)[0]


def views_on_clocks(
    doc: FactsDocument, as_of: dt.date, clocks: Sequence[LegalClock], only: str | None = None
) -> list[list[CompanyView]]:
    """:func:`company_views` on each clock. A document of bare dates reads the same on every
    clock (a bare date is its own legal day, and the days order the events alike), so its
    events are grouped once and every clock's views share them (they are read-only)."""
    if all(type(e.date) is dt.date for e in doc.events):
        grouped = _grouped(doc, as_of, clocks[0], only)
        return [_views(grouped, as_of, clock) for clock in clocks]
    return [_views(_grouped(doc, as_of, clock, only), as_of, clock) for clock in clocks]


@dataclass
class _Grouped:
    companies: list[Company]
    resources_of: dict[str, list[Resource]]
    events: dict[str, dict[str, list[Any]]]
    audience: dict[str, dict[AudienceKey, AudienceSeries]]


def _grouped(doc: FactsDocument, as_of: dt.date, clock: LegalClock, only: str | None) -> _Grouped:
    resources_of: dict[str, list[Resource]] = defaultdict(list)
    owner: dict[str, str] = {}
    for resource in doc.resources:
        resources_of[resource.company].append(resource)
        owner[resource.id] = resource.company
    events: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    audience: dict[str, dict[AudienceKey, AudienceSeries]] = defaultdict(dict)
    ordered = sorted(doc.events, key=lambda e: clock.start(e.date))
    for event in ordered:
        if clock.day(event.date) > as_of:
            continue
        company = getattr(event, "company", None) or owner.get(getattr(event, "resource", ""))
        if company is None or (only is not None and company != only):
            continue
        events[company][event.type].append(event)
        if isinstance(event, AudienceEvent | AudienceSeriesEvent):
            key = (event.resource, event.country, event.metric)
            series = audience[company].setdefault(key, AudienceSeries())
            _extend(series, event, clock)
    companies = [c for c in doc.companies if only is None or c.id == only]
    return _Grouped(companies, resources_of, events, audience)


def _views(grouped: _Grouped, as_of: dt.date, clock: LegalClock) -> list[CompanyView]:
    return [
        CompanyView(
            company=c,
            as_of=as_of,
            resources=grouped.resources_of.get(c.id, []),
            events=dict(grouped.events.get(c.id, {})),
            audience=grouped.audience.get(c.id, {}),
            clock=clock,
        )
        for c in grouped.companies
    ]


def _extend(
    series: AudienceSeries, event: AudienceEvent | AudienceSeriesEvent, clock: LegalClock
) -> None:
    values = [event.value] if isinstance(event, AudienceEvent) else event.value
    if values:
        # the legal day, as the view's as-of filter reads it (a bare date is its own day)
        series.add(clock.day(event.date), values)
