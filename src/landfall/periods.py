"""Calendar arithmetic the law uses: months and years counted from a date, and the legal day."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass


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
