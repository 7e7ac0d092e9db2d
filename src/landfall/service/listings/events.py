"""The events listing: every recorded event about a company, with what it says."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from landfall.facts.model import FactsDocument
from landfall.i18n import N_, Nn_, plural
from landfall.periods import LegalClock
from landfall.service.listings.model import (
    DATE,
    PROVENANCE,
    WHO,
    Column,
    Filters,
    Listing,
    check_company,
    names_of,
    sources_of,
)

EVENTS = Nn_("{n} event", "{n} events")

EVENT_COLUMNS = (
    DATE,
    *WHO,
    Column("type", N_("type"), "status"),
    Column("summary", N_("what"), "long"),
    *PROVENANCE,
)

# Fields every event has, shown in their own columns rather than in the summary.
_OWN_COLUMNS = {"date", "type", "company", "country", "source", "note", "status", "public"}


def events(facts: FactsDocument, as_of: dt.date, filters: Filters, clock: LegalClock) -> Listing:
    """Every event about a company (audience figures name their resource's owner) valid by
    ``as_of`` on the legal ``clock``, in date order, with what it says, its sources and note.
    An event's jurisdiction is the state it names (``country``); events that name none match
    no ``--jurisdiction``."""
    check_company(facts, filters)
    names = names_of(facts)
    owner = {r.id: r.company for r in facts.resources}
    rows: list[dict[str, Any]] = []
    for event in facts.events:
        company = getattr(event, "company", None) or owner.get(getattr(event, "resource", ""))
        if company is None:
            continue
        country = getattr(event, "country", None)
        if not filters.keeps(company, country):
            continue
        if filters.type is not None and event.type != filters.type:
            continue
        day = clock.day(event.date)
        if day > as_of or not filters.keeps_day(day):
            continue
        data = event.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        rows.append(
            {
                "date": data["date"],
                "day": day.isoformat(),
                "company": company,
                "company_name": names.get(company, company),
                "jurisdiction": country,
                "type": event.type,
                "summary": ", ".join(f"{k}: {v}" for k, v in data.items() if k not in _OWN_COLUMNS),
                "fields": {k: v for k, v in data.items() if k not in _OWN_COLUMNS},
                "status": event.status,
                "public": event.public,
                "sources": sources_of(event.source),
                "note": event.note,
            }
        )
    rows.sort(key=lambda r: (r["day"], r["company"]))
    counts = Counter(r["type"] for r in rows)
    total = {
        "count": len(rows),
        "types": dict(sorted(counts.items())),
        "text": plural(*EVENTS, len(rows))
        + (": " + ", ".join(f"{n} {t}" for t, n in counts.most_common()) if rows else ""),
    }
    return Listing("events", as_of, filters, EVENT_COLUMNS, rows, total)
