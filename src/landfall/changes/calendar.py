"""The compliance calendar: what falls due in the next days, per company and jurisdiction.

Read from the assessment on the first day and from the rulebooks' dated parameters:

- ``due``: an obligation not yet met whose ``due`` day is in the window (a date, or an
  instant for a deadline in hours such as a takedown demand's: kind ``deadline``);
- ``ladder_step``: the measures' ``next_from``, the day the next measure may be taken;
- ``sum_due``: an exposure entry's ``from``, the day a sum becomes due;
- ``limitation_ends``: an exposure entry's ``until``, the last day proceedings may be brought
  (after it the limitation period has run);
- ``law_change``: a parameter value taking effect (:mod:`landfall.changes.law`).

The window is ``days`` days from the first: the first day and the ``days - 1`` after it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from landfall.changes.dates import day_in
from landfall.changes.law import changes_on_days
from landfall.engine.assess import CompanyAssessment, assess
from landfall.engine.trace import StatusTracer
from landfall.facts.model import FactsDocument
from landfall.periods import DateTextError, parse_when
from landfall.rules.model import Rulebook

SETTLED = ("met", "not_applicable")
"""Obligation statuses with nothing left to do by their due day."""


@dataclass(frozen=True)
class CalendarItem:
    kind: str  # due, deadline, ladder_step, sum_due, limitation_ends, law_change
    day: dt.date  # the legal day, on the rulebook's clock
    rulebook: str
    jurisdiction: str
    subject: str  # the obligation, measure, exposure entry or parameter
    title: str
    description: tuple[str, ...]  # the explanation, line by line
    company: str | None = None  # None: a change of the law, for everyone
    at: dt.datetime | None = None  # the instant, for a deadline in hours
    status: str | None = None
    citation: str | None = None
    sources: tuple[str, ...] = ()

    @property
    def uid(self) -> str:
        """Stable across runs and rulebook versions: what the item is about, and when."""
        when = self.at.astimezone(dt.UTC).isoformat() if self.at else self.day.isoformat()
        key = "|".join([self.kind, self.rulebook, self.company or "", self.subject, when])
        return hashlib.sha256(key.encode()).hexdigest()[:32] + "@landfall"

    def to_dict(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "kind": self.kind,
            "day": self.day.isoformat(),
            "at": self.at.isoformat() if self.at else None,
            "company": self.company,
            "rulebook": self.rulebook,
            "jurisdiction": self.jurisdiction,
            "subject": self.subject,
            "title": self.title,
            "status": self.status,
            "description": list(self.description),
            "citation": self.citation,
            "sources": list(self.sources),
        }


@dataclass
class Calendar:
    start: dt.date
    days: int
    rulebooks: tuple[Rulebook, ...]
    items: list[CalendarItem] = field(default_factory=list)
    known_at: str | None = None

    @property
    def last(self) -> dt.date:
        return self.start + dt.timedelta(days=self.days - 1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "days": self.days,
            "to": self.last.isoformat(),
            "known_at": self.known_at,
            "rulebooks": [{"id": b.id, "version": b.version} for b in self.rulebooks],
            "items": [i.to_dict() for i in self.items],
        }


def calendar(
    books: Sequence[Rulebook],
    facts: FactsDocument | None,
    start: dt.date,
    days: int,
    company: str | None = None,
    known_at: str | None = None,
) -> Calendar:
    """The items of the ``days`` days from ``start``, in date order (then company, kind)."""
    if days < 1:
        raise ValueError("a calendar covers at least one day")
    out = Calendar(start, days, tuple(books), known_at=known_at)
    last = out.last
    for change in changes_on_days(books, start, last):
        out.items.append(
            CalendarItem(
                kind="law_change",
                day=change.effective,
                rulebook=change.rulebook,
                jurisdiction=change.jurisdiction,
                subject=change.parameter,
                title=f"{change.jurisdiction}: {change.summary()}",
                description=(
                    change.description,
                    f"takes effect on {change.effective} ({change.after.status})",
                    *((change.after.note.strip(),) if change.after.note else ()),
                    *((f"rules reading it: {', '.join(change.rules)}",) if change.rules else ()),
                ),
                status=change.after.status,
                citation=str(change.after.citation),
                sources=change.after.citation.sources,
            )
        )
    if facts is not None:
        for book in books:
            assessed = assess(book, facts, start, company, tracer=StatusTracer())
            for found in assessed.companies:
                out.items += company_items(book, found, start, last)
    out.items.sort(
        key=lambda i: (
            i.day,
            i.at or dt.datetime.min.replace(tzinfo=dt.UTC),
            i.company or "",
            i.kind,
            i.subject,
        )
    )
    return out


def company_items(
    book: Rulebook, company: CompanyAssessment, first: dt.date, last: dt.date
) -> list[CalendarItem]:
    manifest = book.manifest
    items: list[CalendarItem] = []

    def within(value: Any) -> dt.date | None:
        day = day_in(value, book)
        return day if day is not None and first <= day <= last else None

    for ob in company.obligations:
        day = within(ob.get("due"))
        if day is None or ob["status"] in SETTLED:
            continue
        instant = _instant(ob["due"])
        name = f"{ob['id']}:{ob['demand']}" if ob.get("demand") else ob["id"]
        label = manifest.label(ob["id"]) + (f" {ob['demand']}" if ob.get("demand") else "")
        items.append(
            CalendarItem(
                kind="deadline" if instant else "due",
                day=day,
                at=instant,
                rulebook=book.id,
                jurisdiction=ob.get("jurisdiction") or manifest.jurisdiction,
                company=company.company,
                subject=name,
                title=f"{company.company}: {label} due ({ob['status']} on {first})",
                description=(*ob["because"], f"rules: {', '.join(ob.get('rules', []))}"),
                status=ob["status"],
                citation=ob.get("citation"),
            )
        )
    measures = company.measures
    day = within(measures.get("next_from"))
    if day is not None and measures.get("next"):
        items.append(
            CalendarItem(
                kind="ladder_step",
                day=day,
                rulebook=book.id,
                jurisdiction=manifest.jurisdiction,
                company=company.company,
                subject=str(measures["next"]),
                title=f"{company.company}: {manifest.label(str(measures['next']))} may be "
                f"taken from {day}",
                description=tuple(measures.get("because") or ()),
            )
        )
    for entry in company.exposure:
        items += _exposure_items(book, company.company, entry, within)
    return items


def _exposure_items(
    book: Rulebook, company: str, entry: dict[str, Any], within: Any
) -> list[CalendarItem]:
    part = f" part {entry['part']}" if entry.get("part") else ""
    provision = f"{entry.get('article', '')}{part}"
    subject = f"{entry.get('obligation', '')} -> {provision}"
    amount = _amount(entry)
    found = []
    for name, kind, title in (
        ("from", "sum_due", f"{company}: {amount} due under {provision}"),
        ("until", "limitation_ends", f"{company}: last day for proceedings under {provision}"),
    ):
        day = within(entry.get(name))
        if day is None:
            continue
        found.append(
            CalendarItem(
                kind=kind,
                day=day,
                rulebook=book.id,
                jurisdiction=book.manifest.jurisdiction,
                company=company,
                subject=subject,
                title=title,
                description=(*(entry.get("because") or ()), f"exposure: {amount}"),
                citation=entry.get("citation"),
            )
        )
    return found


def _amount(entry: dict[str, Any]) -> str:
    low, high, currency = entry.get("min"), entry.get("max"), entry.get("currency") or ""
    if low is None and high is None:
        return "an amount the facts do not yet decide"
    if low == high or high is None:
        return f"{low:,.0f} {currency}".strip()
    return f"{low:,.0f}-{high:,.0f} {currency}".strip()


def _instant(value: Any) -> dt.datetime | None:
    """The aware instant of a due datetime; None for a bare date (a naive time is UTC)."""
    if not isinstance(value, str | dt.date):
        return None
    try:
        when = parse_when(value, naive=dt.UTC)
    except DateTextError:
        return None
    return when if isinstance(when, dt.datetime) else None
