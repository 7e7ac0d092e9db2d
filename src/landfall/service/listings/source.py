"""Where a listing reads from: a facts document, or a ledger that already exists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from landfall.facts.model import FactsDocument
from landfall.service.listings.model import Filters, check_company


def read_facts(
    facts: Path | None,
    db: str | None,
    as_of: dt.date,
    known_at: str | None,
    company: str | None,
    elsewhere: str | None = None,
) -> FactsDocument:
    """The picture a listing reads: a facts document, else an existing ledger's picture as of
    ``as_of`` (as known at ``known_at``). A listing never creates or seeds a ledger;
    ``elsewhere`` names one the caller knows of, for the hint."""
    from landfall.service.evidence import load_picture

    if facts is None:
        require_ledger(db, elsewhere)
    picture = load_picture(facts, db, as_of, known_at, company)
    if company is not None and not any(c.id == company for c in picture.companies):
        # the ledger was read for that company alone: read every company once, so the
        # diagnostic can name the nearest ids
        check_company(load_picture(facts, db, as_of, known_at, None), Filters(company=company))
    return picture


def require_ledger(db: str | None, elsewhere: str | None = None) -> None:
    """Refuse a ledger URL with no ledger behind it (exit 5), before anything opens (and so
    creates) it; the ledger's own check, with a facts document as one more way out."""
    from landfall.ledger.existing import require_existing

    require_existing(db, elsewhere, also="or pass a facts document")
