"""One listing for a caller of the web faces: the API and the dashboard read it the same way."""

from __future__ import annotations

from typing import Literal

from landfall.service.listings.events import events
from landfall.service.listings.fines import fines
from landfall.service.listings.measures import measures
from landfall.service.listings.model import Filters, Listing
from landfall.service.portal import Portal, Query
from landfall.tokens import Principal

ListingKind = Literal["fines", "measures", "events"]


def listing_for(
    portal: Portal, who: Principal, moment: Query, kind: ListingKind, filters: Filters
) -> Listing:
    """The ``kind`` listing over the caller's picture (public events only for the public role,
    a company token's own company's), as of ``moment``; events are dated on the first
    rulebook's legal clock, as the picture is."""
    facts = portal.picture(who, moment, filters.company)
    if kind == "events":
        return events(facts, moment.as_of, filters, portal.rulebook.clock)
    if kind == "fines":
        return fines(facts, portal.rulebooks, moment.as_of, filters)
    return measures(facts, portal.rulebooks, moment.as_of, filters)
