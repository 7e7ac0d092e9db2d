"""The calendar as iCalendar (RFC 5545), one VEVENT per item, written by ``icalendar``.

A day item is an all-day event (DTSTART a date, DTEND the next day); a deadline in hours is
an instant in UTC. The explanation is the DESCRIPTION, the kind and jurisdiction the
CATEGORIES, the first source the URL; the UID is the item's stable uid, so importing a newer
calendar updates the events rather than duplicating them.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar as ICalendar
from icalendar import Event

from landfall.changes.calendar import Calendar, CalendarItem

PRODID = "-//landfall//compliance calendar//EN"


def to_ics(calendar: Calendar, stamp: dt.datetime | None = None) -> bytes:
    """The iCalendar text; ``stamp`` (DTSTAMP, default now) is when it was written."""
    written = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    cal = ICalendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"landfall: {calendar.start} to {calendar.last}")
    for item in calendar.items:
        cal.add_component(_event(item, written))
    data: bytes = cal.to_ical()
    return data


def _event(item: CalendarItem, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", stamp)
    if item.at is not None:
        event.add("dtstart", item.at.astimezone(dt.UTC))
    else:
        event.add("dtstart", item.day)
        event.add("dtend", item.day + dt.timedelta(days=1))
    event.add("summary", item.title)
    lines = [*item.description]
    if item.citation:
        lines.append(f"citation: {item.citation}")
    lines += [f"source: {s}" for s in item.sources]
    lines.append(f"rulebook {item.rulebook}, jurisdiction {item.jurisdiction}")
    event.add("description", "\n".join(lines))
    event.add("categories", [item.kind, item.jurisdiction])
    if item.sources:
        event.add("url", item.sources[0])
    return event
