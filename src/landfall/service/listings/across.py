"""One listing for a caller of the web faces: the API and the dashboard read it the same way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from landfall.facts.model import FactsDocument
from landfall.periods import LegalClock
from landfall.rules.model import Rulebook
from landfall.service.listings.events import events
from landfall.service.listings.fines import fines
from landfall.service.listings.measures import measures
from landfall.service.listings.model import Filters, Listing
from landfall.service.portal import Portal, Query
from landfall.tokens import Principal

ListingKind = Literal["fines", "measures", "events"]


def listing_of(
    kind: ListingKind,
    facts: FactsDocument,
    books: Sequence[Rulebook],
    as_of: dt.date,
    filters: Filters,
    clock: LegalClock,
) -> Listing:
    """The ``kind`` listing over a picture, as of ``as_of``; events are dated on ``clock`` (the
    first rulebook's legal clock, as the picture is), fines and measures read ``books``."""
    if kind == "events":
        return events(facts, as_of, filters, clock)
    if kind == "fines":
        return fines(facts, books, as_of, filters)
    return measures(facts, books, as_of, filters)


def listing_for(
    portal: Portal, who: Principal, moment: Query, kind: ListingKind, filters: Filters
) -> Listing:
    """The ``kind`` listing over the caller's picture (public events only for the public role,
    a company token's own company's), as of ``moment``."""
    facts = portal.picture(who, moment, filters.company)
    return listing_of(kind, facts, portal.rulebooks, moment.as_of, filters, portal.rulebook.clock)
