"""A company's facts as of a date: the read-only view rules query.

Built once per assessment from a :class:`FactsDocument`; events after the as-of date are
dropped here so that no rule can see the future.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from landfall.facts.model import (
    AudienceEvent,
    AudienceSeriesEvent,
    Company,
    FactsDocument,
    Resource,
    day_of,
)

MOSCOW = dt.timezone(dt.timedelta(hours=3), "MSK")


def instant(when: dt.date | dt.datetime) -> dt.datetime:
    """An aware instant; a bare date is read as the start of that day in Moscow time."""
    if isinstance(when, dt.datetime):
        return when
    return dt.datetime.combine(when, dt.time(0), MOSCOW)


@dataclass
class AudienceSeries:
    """Daily audience of one resource: sparse points, each valid until the next."""

    days: list[dt.date] = field(default_factory=list)
    values: list[int] = field(default_factory=list)

    def at(self, day: dt.date) -> int | None:
        i = bisect_right(self.days, day)
        return self.values[i - 1] if i else None

    def last_day_at_or_above(self, threshold: int, until: dt.date) -> dt.date | None:
        """The latest day up to ``until`` on which the audience was at least ``threshold``."""
        i = bisect_right(self.days, until)
        for j in range(i - 1, -1, -1):
            if self.values[j] >= threshold:
                # the value holds from days[j] up to the day before the next point
                end = self.days[j + 1] - dt.timedelta(days=1) if j + 1 < i else until
                return min(end, until)
        return None

    def first_day_above(self, threshold: int, until: dt.date) -> dt.date | None:
        i = bisect_right(self.days, until)
        for j in range(i):
            if self.values[j] > threshold:
                return self.days[j]
        return None


@dataclass
class CompanyView:
    company: Company
    as_of: dt.date
    resources: list[Resource]
    events: dict[str, list[Any]]  # by type, in valid-time order, up to as_of
    audience: dict[str, AudienceSeries]

    def of_type(self, *types: str) -> list[Any]:
        if len(types) == 1:
            return self.events.get(types[0], [])
        merged = [e for t in types for e in self.events.get(t, [])]
        return sorted(merged, key=lambda e: instant(e.date))

    def latest(self, type_: str, key: str, value: str) -> Any | None:
        """The last event of a type whose field ``key`` equals ``value``."""
        found = None
        for event in self.events.get(type_, []):
            if getattr(event, key, None) == value:
                found = event
        return found


def company_views(doc: FactsDocument, as_of: dt.date, only: str | None = None) -> list[CompanyView]:
    resources_of: dict[str, list[Resource]] = defaultdict(list)
    owner: dict[str, str] = {}
    for resource in doc.resources:
        resources_of[resource.company].append(resource)
        owner[resource.id] = resource.company
    events: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    audience: dict[str, dict[str, AudienceSeries]] = defaultdict(dict)
    ordered = sorted(doc.events, key=lambda e: instant(e.date))
    for event in ordered:
        if day_of(event.date) > as_of:
            continue
        company = getattr(event, "company", None) or owner.get(getattr(event, "resource", ""))
        if company is None:
            continue
        events[company][event.type].append(event)
        if isinstance(event, AudienceEvent | AudienceSeriesEvent):
            series = audience[company].setdefault(event.resource, AudienceSeries())
            _extend(series, event, as_of)
    return [
        CompanyView(
            company=c,
            as_of=as_of,
            resources=resources_of.get(c.id, []),
            events=dict(events.get(c.id, {})),
            audience=audience.get(c.id, {}),
        )
        for c in doc.companies
        if only is None or c.id == only
    ]


def _extend(
    series: AudienceSeries, event: AudienceEvent | AudienceSeriesEvent, as_of: dt.date
) -> None:
    start = day_of(event.date)
    values: Sequence[int]
    values = [event.daily_users_ru] if isinstance(event, AudienceEvent) else event.daily_users_ru
    for offset, value in enumerate(values):
        day = start + dt.timedelta(days=offset)
        if day > as_of:
            break
        # compress runs: a point is only needed where the value changes
        if series.values and series.values[-1] == value and series.days[-1] < day:
            continue
        if series.days and day <= series.days[-1]:
            _insert(series, day, value)
        else:
            series.days.append(day)
            series.values.append(value)


def _insert(series: AudienceSeries, day: dt.date, value: int) -> None:
    i = bisect_right(series.days, day)
    if i and series.days[i - 1] == day:
        series.values[i - 1] = value
    else:
        series.days.insert(i, day)
        series.values.insert(i, value)


def ids(items: Iterable[Any]) -> list[str]:
    return [getattr(i, "id", str(i)) for i in items]
