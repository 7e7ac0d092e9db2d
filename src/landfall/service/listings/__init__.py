"""Listings across companies: fines, measures and events, each row with its sources and note.

One function per listing, read by every face: ``landfall fines``, ``landfall measures`` and
``landfall events`` (table, JSON, CSV, Markdown), ``GET /api/fines`` and ``GET /api/measures``,
and the dashboard's fines and measures pages (the web faces through :func:`listing_for`). A listing is plain data: its columns (in the
order every format shows them), its rows and a total. A fine's verdict is the engine's answer,
read from the assessment of the rulebook that assessed it (never recomputed here); measures and
events are the facts as recorded, each lift paired with what it lifted.
"""

from landfall.service.listings.across import ListingKind, listing_for, listing_of
from landfall.service.listings.events import EVENT_COLUMNS, events
from landfall.service.listings.fines import FINE_COLUMNS, fines, fines_total
from landfall.service.listings.measures import MEASURE_COLUMNS, measures, measures_total
from landfall.service.listings.model import (
    Column,
    Filters,
    Kind,
    Listing,
    money,
    per_currency,
    sources_of,
)
from landfall.service.listings.source import read_facts, require_ledger

__all__ = [
    "EVENT_COLUMNS",
    "FINE_COLUMNS",
    "MEASURE_COLUMNS",
    "Column",
    "Filters",
    "Kind",
    "Listing",
    "ListingKind",
    "events",
    "fines",
    "fines_total",
    "listing_for",
    "listing_of",
    "measures",
    "measures_total",
    "money",
    "per_currency",
    "read_facts",
    "require_ledger",
    "sources_of",
]
