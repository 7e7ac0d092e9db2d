"""Listings across companies: fines, measures and events, each row with its sources and note.

One function per listing, read by every face: ``landfall fines``, ``landfall measures`` and
``landfall events`` (table, JSON, CSV, Markdown), ``GET /api/fines`` and ``GET /api/measures``,
and the dashboard's fines and measures pages. A listing is plain data: its columns (in the
order every format shows them), its rows and a total. A fine's verdict is the engine's answer,
read from the assessment of the rulebook that assessed it (never recomputed here); measures and
events are the facts as recorded, each lift paired with what it lifted.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from landfall.engine.assess import assess
from landfall.errors import Diagnostic, StorageError, Where
from landfall.facts.model import (
    EnforcementActionEvent,
    FactsDocument,
    FineEvent,
    MeasureAppliedEvent,
    MeasureLiftedEvent,
    day_of,
)
from landfall.labels import VERDICTS, tally_sentence, verdict, verdict_label
from landfall.rules.manifest import Manifest
from landfall.rules.model import Rulebook

Kind = Literal["date", "number", "status", "text"]
"""How a table may lay a column out: dates, numbers and statuses are never cut or folded
inside a word; text columns wrap."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: Kind = "text"


@dataclass(frozen=True)
class Filters:
    """What a listing keeps; every filter left ``None`` keeps everything."""

    company: str | None = None
    jurisdiction: str | None = None
    article: str | None = None
    type: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def keeps_day(self, day: dt.date | None) -> bool:
        """Whether ``day`` is inside ``date_from``..``date_to`` (both inclusive)."""
        if day is None:
            return self.date_from is None and self.date_to is None
        if self.date_from is not None and day < self.date_from:
            return False
        return self.date_to is None or day <= self.date_to

    def keeps(self, company: str, jurisdiction: str | None) -> bool:
        if self.company is not None and company != self.company:
            return False
        wanted = self.jurisdiction
        return wanted is None or (jurisdiction or "").upper() == wanted.upper()

    def to_dict(self) -> dict[str, Any]:
        return {
            "company": self.company,
            "jurisdiction": self.jurisdiction,
            "article": self.article,
            "type": self.type,
            "from": None if self.date_from is None else self.date_from.isoformat(),
            "to": None if self.date_to is None else self.date_to.isoformat(),
        }


@dataclass
class Listing:
    """Rows of one kind, the columns every format shows, and the total line."""

    kind: str
    as_of: dt.date
    filters: Filters
    columns: tuple[Column, ...]
    rows: list[dict[str, Any]] = field(default_factory=list)
    total: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "listing": self.kind,
            "as_of": self.as_of.isoformat(),
            "filters": {k: v for k, v in self.filters.to_dict().items() if v is not None},
            "columns": [{"key": c.key, "header": c.header} for c in self.columns],
            "rows": self.rows,
            "total": self.total,
        }


def sources_of(source: str | list[str] | None) -> list[str]:
    """An event's ``source`` as a list (format 1 allows one text or a list)."""
    if source is None:
        return []
    return [source] if isinstance(source, str) else list(source)


def money(amount: float, currency: str) -> str:
    """``RUB 6,000,000``; kopecks and cents only when there are some."""
    whole = float(amount).is_integer()
    return f"{currency} {amount:,.0f}" if whole else f"{currency} {amount:,.2f}"


def _names(facts: FactsDocument) -> dict[str, str]:
    return {c.id: c.name or c.id for c in facts.companies}


# -- fines --------------------------------------------------------------------------------

FINE_COLUMNS = (
    Column("date", "date", "date"),
    Column("company_name", "company"),
    Column("jurisdiction", "in", "status"),
    Column("article_text", "article", "status"),
    Column("amount_text", "amount", "number"),
    Column("verdict_text", "verdict", "status"),
    Column("sources", "sources"),
    Column("note", "note"),
)


def fines(
    facts: FactsDocument, rulebooks: Sequence[Rulebook], as_of: dt.date, filters: Filters
) -> Listing:
    """Every fine the rulebooks assess, with the engine's verdict on ``as_of``, its sources,
    note and jurisdiction (the assessing rulebook's); then the total: count, sum per currency
    and how many fines have each verdict."""
    names = _names(facts)
    recorded: dict[str, list[FineEvent]] = {}
    for event in facts.events:
        if isinstance(event, FineEvent):
            recorded.setdefault(event.company, []).append(event)
    rows: list[dict[str, Any]] = []
    for book in rulebooks:
        jurisdiction = book.manifest.jurisdiction
        if filters.jurisdiction and filters.jurisdiction.upper() != jurisdiction:
            continue  # a rulebook of another jurisdiction assesses nothing listed here
        for company in assess(book, facts, as_of, filters.company).companies:
            if not filters.keeps(company.company, jurisdiction):
                continue
            used: set[int] = set()
            for entry in company.fines:
                found = _event_of(entry, recorded.get(company.company, []), used)
                row = _fine_row(entry, found, company.company, names, jurisdiction)
                if filters.article is not None and row["article"] != filters.article:
                    continue
                if filters.keeps_day(dt.date.fromisoformat(row["date"])):
                    rows.append(row)
    rows.sort(key=lambda r: (r["date"], r["company"], r["id"] or ""))
    return Listing("fines", as_of, filters, FINE_COLUMNS, rows, fines_total(rows))


def _event_of(entry: dict[str, Any], events: list[FineEvent], used: set[int]) -> FineEvent | None:
    """The recorded fine an assessment entry answers for: the one with its id, else the first
    not yet matched with its day, article, part, amount and currency (the entry has no note)."""
    for i, event in enumerate(events):
        if i in used:
            continue
        if entry.get("id") is not None:
            same = event.id == entry["id"]
        else:
            same = event.id is None and (
                day_of(event.date).isoformat(),
                event.article,
                event.part,
                float(event.amount),
                event.currency,
            ) == (
                entry["date"],
                entry["article"],
                entry["part"],
                float(entry["amount"]),
                entry["currency"],
            )
        if same:
            used.add(i)
            return event
    return None


def _fine_row(
    entry: dict[str, Any],
    event: FineEvent | None,
    company: str,
    names: dict[str, str],
    jurisdiction: str,
) -> dict[str, Any]:
    part = entry.get("part")
    return {
        "company": company,
        "company_name": names.get(company, company),
        "jurisdiction": jurisdiction,
        "id": entry.get("id"),
        "date": entry["date"],
        "law": None if event is None else event.law,
        "article": entry["article"],
        "part": part,
        "article_text": f"{entry['article']} part {part}" if part else str(entry["article"]),
        "amount": entry["amount"],
        "currency": entry["currency"],
        "amount_text": money(entry["amount"], entry["currency"]),
        "verdict": verdict(entry),
        "verdict_text": verdict_label(entry),
        "needs": list(entry.get("needs") or []),
        "citation": entry.get("citation"),
        "because": list(entry.get("because") or []),
        "unverified_parameters": list(entry.get("unverified_parameters") or []),
        "status": entry.get("status"),
        "sources": sources_of(entry.get("source")),
        "note": None if event is None else event.note,
    }


def fines_total(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Count, the sum in each currency (never added across currencies) and the verdicts."""
    listed = list(rows)
    sums: dict[str, float] = {}
    for row in listed:
        sums[row["currency"]] = sums.get(row["currency"], 0.0) + float(row["amount"])
    counts = Counter(row["verdict"] for row in listed)
    amounts = [
        {"currency": cur, "amount": amount, "text": money(amount, cur)}
        for cur, amount in sorted(sums.items())
    ]
    text = tally_sentence(counts)
    if amounts:
        text += "; total " + ", ".join(money(amount, cur) for cur, amount in sorted(sums.items()))
    return {
        "count": len(listed),
        "sums": amounts,
        "verdicts": {v: counts[v] for v in VERDICTS if counts.get(v)},
        "text": text,
    }


# -- measures -----------------------------------------------------------------------------

MEASURE_COLUMNS = (
    Column("applied", "applied", "date"),
    Column("lifted", "lifted", "date"),
    Column("company_name", "company"),
    Column("jurisdiction", "in", "status"),
    Column("measure_text", "measure", "status"),
    Column("resource", "resource"),
    Column("sources", "sources"),
    Column("note", "note"),
)


def measures(
    facts: FactsDocument, rulebooks: Sequence[Rulebook], as_of: dt.date, filters: Filters
) -> Listing:
    """Each measure of a landing law's ladder and each enforcement action (block, slowdown,
    register entry) applied, with the day it was applied and, when a later event lifted it, the
    day it was lifted; the sources of both. ``--from``/``--to`` bound the day applied."""
    names = _names(facts)
    labels = {b.manifest.jurisdiction: b.manifest for b in rulebooks}
    rows: list[dict[str, Any]] = []
    open_rows: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    events = sorted(
        (e for e in facts.events if isinstance(e, _MEASURE_EVENTS)), key=lambda e: e.day
    )
    for event in events:
        if isinstance(event, EnforcementActionEvent):
            key: tuple[Any, ...] = ("action", event.company, event.country, event.action)
            ends = event.lifted
            what: str = event.action
        else:
            key = ("measure", event.company, event.country, event.measure)
            ends = isinstance(event, MeasureLiftedEvent)
            what = event.measure
        key = (*key, event.resource)
        if ends and open_rows.get(key):
            row = open_rows[key].pop(0)
            row["lifted"] = event.day.isoformat()
            row["sources"] += [s for s in sources_of(event.source) if s not in row["sources"]]
            row["lift_note"] = event.note
            continue
        manifest = labels.get(event.country)
        row = {
            "company": event.company,
            "company_name": names.get(event.company, event.company),
            "jurisdiction": event.country,
            "kind": key[0],
            "measure": what,
            "measure_text": _measure_text(key[0], what, manifest),
            "basis": getattr(event, "basis", None),
            "resource": event.resource,
            "applied": None if ends else event.day.isoformat(),
            "lifted": event.day.isoformat() if ends else None,
            "status": event.status,
            "sources": sources_of(event.source),
            "note": event.note,
            "lift_note": None,
        }
        rows.append(row)
        if not ends:
            open_rows.setdefault(key, []).append(row)
    kept = [
        r
        for r in rows
        if filters.keeps(r["company"], r["jurisdiction"])
        and filters.keeps_day(dt.date.fromisoformat(r["applied"] or r["lifted"]))
    ]
    return Listing("measures", as_of, filters, MEASURE_COLUMNS, kept, measures_total(kept))


_MEASURE_EVENTS = (MeasureAppliedEvent, MeasureLiftedEvent, EnforcementActionEvent)


def _measure_text(kind: str, what: str, manifest: Manifest | None) -> str:
    """A ladder measure by its rulebook's label; an action (``register_of_violators``) in
    words."""
    if kind == "action":
        return what.replace("_", " ")
    return what if manifest is None else manifest.label(what)


def measures_total(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    listed = list(rows)
    companies = {r["company"] for r in listed}
    lifted = sum(1 for r in listed if r["lifted"] is not None)
    by_kind = Counter(r["kind"] for r in listed)
    text = (
        f"{len(listed)} {'measure' if len(listed) == 1 else 'measures'} on "
        f"{len(companies)} {'company' if len(companies) == 1 else 'companies'}, "
        f"{lifted} lifted ({by_kind['measure']} of the ladder, "
        f"{by_kind['action']} enforcement actions)"
    )
    return {
        "count": len(listed),
        "companies": len(companies),
        "lifted": lifted,
        "kinds": dict(sorted(by_kind.items())),
        "text": text,
    }


# -- events -------------------------------------------------------------------------------

EVENT_COLUMNS = (
    Column("date", "date", "date"),
    Column("company_name", "company"),
    Column("jurisdiction", "in", "status"),
    Column("type", "type", "status"),
    Column("summary", "what"),
    Column("sources", "sources"),
    Column("note", "note"),
)

# Fields every event has, shown in their own columns rather than in the summary.
_OWN_COLUMNS = {"date", "type", "company", "country", "source", "note", "status", "public"}


def events(facts: FactsDocument, as_of: dt.date, filters: Filters) -> Listing:
    """Every recorded event about a company (audience figures name their resource's owner),
    in date order, with what it says, its sources and note. An event's jurisdiction is the
    state it names (``country``); events that name none match no ``--jurisdiction``."""
    names = _names(facts)
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
        if not filters.keeps_day(event.day):
            continue
        data = event.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        rows.append(
            {
                "date": data["date"],
                "day": event.day.isoformat(),
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
        "text": f"{len(rows)} {'event' if len(rows) == 1 else 'events'}"
        + (": " + ", ".join(f"{n} {t}" for t, n in counts.most_common()) if rows else ""),
    }
    return Listing("events", as_of, filters, EVENT_COLUMNS, rows, total)


# -- where a listing reads from -----------------------------------------------------------


def read_facts(
    facts: Path | None,
    db: str | None,
    as_of: dt.date,
    known_at: str | None,
    company: str | None,
) -> FactsDocument:
    """The picture a listing reads: a facts document, else an existing ledger's picture as of
    ``as_of`` (as known at ``known_at``). A listing never creates or seeds a ledger."""
    from landfall.service.evidence import load_picture

    if facts is None:
        require_ledger(db)
    return load_picture(facts, db, as_of, known_at, company)


def require_ledger(db: str | None) -> None:
    """Refuse a ledger URL with no ledger behind it (exit 5), before anything opens (and so
    creates) it: an SQLite file that does not exist, a PostgreSQL database without the
    ledger's tables."""
    from sqlalchemy import create_engine, inspect

    from landfall.ledger import default_url
    from landfall.ledger.connect import parse_url, redact, storage_errors
    from landfall.ledger.schema import VERSION_TABLE

    url = db or default_url()
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        found = Path(parsed.database or "").expanduser().is_file()
    else:
        with storage_errors(url):
            engine = create_engine(parsed)
            try:
                with engine.connect() as connection:
                    found = inspect(connection).has_table(VERSION_TABLE)
            finally:
                engine.dispose()
    if not found:
        raise StorageError(
            Diagnostic(
                "ledger-missing",
                f"there is no ledger at {redact(url)}",
                Where(field="--db"),
                "build one with `landfall demo` (the case book) or "
                "`landfall ledger import FILE...`, give its URL with --db (or LANDFALL_DB), "
                "or pass a facts document",
            )
        )
