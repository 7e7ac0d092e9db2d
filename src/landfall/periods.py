"""Calendar arithmetic the law uses, the legal day, and the one parser of date and time text.

Date text from users (facts ``date`` fields, ``--as-of``/``--known-at`` options, query
parameters) is parsed here and nowhere else: :func:`parse_when` for a date or a datetime,
:func:`parse_day` for an option that names a calendar day. Both raise :class:`DateTextError`
(a ``ValueError``) with a message fit for the user; each boundary wraps it in its diagnostic.
The ledger's fixed-width stored instants are a storage format, read by the ledger itself.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

WHEN_FORMS = "use YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS+03:00 where hours matter"
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class DateTextError(ValueError):
    """Text that is not the date or time asked for; the message is the user's."""


class NaiveTimeError(DateTextError):
    """A datetime without a UTC offset where one is needed."""


def parse_when(value: str | dt.date, *, naive: dt.tzinfo | None = None) -> dt.date | dt.datetime:
    """``YYYY-MM-DD`` as a date, an ISO datetime (``Z`` allowed) as an aware datetime.

    A datetime without an offset is refused (hours matter for deadlines), unless ``naive``
    names the zone to read it in (the CLI reads ``--known-at`` in UTC, the tracker its times on
    the legal clock). Dates and datetimes already parsed (YAML gives them) pass through.
    """
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        return value
    else:
        text = value.strip()
        try:
            if len(text) == 10:
                return dt.date.fromisoformat(text)
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            # the parser's own wording ("Invalid isoformat string") would reach the user
            raise DateTextError(f"{text!r} is not a date: {WHEN_FORMS}") from None
    if moment.tzinfo is None:
        if naive is None:
            raise NaiveTimeError("a datetime needs an offset, e.g. 2021-06-10T10:00:00+03:00")
        return moment.replace(tzinfo=naive)
    return moment


def parse_day(text: str) -> dt.date:
    """Exactly ``YYYY-MM-DD``, a real calendar day (``--as-of`` and the like)."""
    text = text.strip()
    try:
        if _DAY.fullmatch(text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass  # 2021-13-01: the parser's own wording is not the user's business
    raise DateTextError(f"{text!r} is not a date in the form YYYY-MM-DD")


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day when it has no such day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (0 when end is before start)."""
    if end < start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return months


def clock_text(clock: LegalClock) -> str:
    """``<name>, UTC+HH:MM``: a clock as a person reads it."""
    return f"{clock.name}, {dt.timezone(clock.offset).tzname(None)}"


@dataclass(frozen=True)
class LegalClock:
    """The clock a rulebook's law is read on: a fixed UTC offset and its name.

    Which law is in force, whether an event counts as of a date, and the day a deadline
    falls on are decided on this clock's calendar, whatever zone an event was recorded in.
    A bare date is its own legal day and, where an instant is needed, starts at midnight on
    this clock.
    """

    offset: dt.timedelta
    name: str

    @property
    def tz(self) -> dt.timezone:
        return dt.timezone(self.offset, self.name)

    def day(self, when: dt.date | dt.datetime) -> dt.date:
        """The legal day on which a moment falls; a bare date is its own day."""
        if isinstance(when, dt.datetime):
            return when.astimezone(self.tz).date()
        return when

    def start(self, when: dt.date | dt.datetime) -> dt.datetime:
        """An aware instant; a bare date is read as the start of that day on this clock."""
        if isinstance(when, dt.datetime):
            return when
        return dt.datetime.combine(when, dt.time(0), self.tz)

    def end(self, day: dt.date) -> dt.datetime:
        """The first instant after ``day`` on this clock (the exclusive end of the day)."""
        return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), self.tz)

    @classmethod
    def parse(cls, utc_offset: str, name: str) -> LegalClock:
        """``+03:00`` -> UTC+3; the form a rulebook's manifest states its clock in."""
        match = re.fullmatch(r"([+-])(\d{2}):(\d{2})", utc_offset)
        if match is None:
            raise ValueError(f"utc_offset {utc_offset!r} is not of the form +HH:MM")
        sign = 1 if match[1] == "+" else -1
        return cls(sign * dt.timedelta(hours=int(match[2]), minutes=int(match[3])), name)


Period = tuple[dt.date, dt.date | None]
"""A period in violation: its first day and the day it ended (None while it lasts)."""


def latest_gap(
    due: dt.date, states: Sequence[tuple[dt.date, bool | None]], *, before: bool | None = False
) -> Period | None:
    """The latest period, from ``due`` on, in which a required thing was not in place.

    ``states`` are (day, in place from that day) in time order; ``before`` is the state before
    the first of them: not in place (False, the default: a duty is unmet until something shows
    it met) or unknown (None). An unknown state neither opens nor closes a period, and a state
    that repeats the last changes nothing. A period that ended is returned with the day the
    thing was in place again; one still running ends in None; None when there was no gap (a
    gap of no day is none).
    """
    start: dt.date | None = due if before is False else None
    last: Period | None = None
    for day, in_place in states:
        if in_place is False and start is None:
            start = max(day, due)
        elif in_place is True and start is not None:
            if day > start:
                last = (start, day)
            start = None
    return (start, None) if start is not None else last


def merge_periods(periods: list[Period | None]) -> Period | None:
    """One period for a duty owed on several things: earliest start to latest end."""
    found = [p for p in periods if p is not None]
    if not found:
        return None
    ends = [p[1] for p in found]
    end = None if any(e is None for e in ends) else max(e for e in ends if e is not None)
    return min(p[0] for p in found), end
