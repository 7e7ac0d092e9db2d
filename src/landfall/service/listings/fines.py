"""The fines listing: each fine with the engine's verdict, its sources and note, and a total."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from landfall.engine.assess import assess
from landfall.facts.model import (
    FactsDocument,
    FineEvent,
    day_of,
)
from landfall.i18n import N_, tr
from landfall.labels import VERDICTS, tally_sentence, verdict, verdict_label
from landfall.periods import parse_day
from landfall.rules.model import Rulebook
from landfall.service.listings.model import (
    DATE,
    PROVENANCE,
    WHO,
    Column,
    Filters,
    Listing,
    check_company,
    money,
    names_of,
    per_currency,
    sources_of,
)

FINE_COLUMNS = (
    DATE,
    *WHO,
    Column("article_text", N_("article"), "status"),
    Column("amount_text", N_("amount"), "number"),
    Column("verdict_text", N_("verdict"), "status"),
    *PROVENANCE,
)


def fines(
    facts: FactsDocument, rulebooks: Sequence[Rulebook], as_of: dt.date, filters: Filters
) -> Listing:
    """Every fine the rulebooks assess, with the engine's verdict on ``as_of``, its sources,
    note and jurisdiction (the assessing rulebook's); then the total: count, sum per currency
    and how many fines have each verdict."""
    check_company(facts, filters)
    names = names_of(facts)
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
                if filters.keeps_day(parse_day(row["date"])):  # the engine's ISO day
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
        "article_text": (
            f"{entry['article']} " + tr("part {part}", part=part) if part else str(entry["article"])
        ),
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
    sums = {cur: amount for cur, (_, amount) in per_currency(listed).items()}
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
