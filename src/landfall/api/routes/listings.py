"""Listings across companies: fines and measures, with the sources and note of each row.

The rows are :mod:`landfall.service.listings`' over the caller's picture: the public role
reads public events only, a company token its own company's, as for ``/api/events``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from landfall.api.deps import (
    COMPANY_ID,
    IN_RANGE,
    MomentDep,
    PortalDep,
    PrincipalDep,
    check_range,
)
from landfall.api.errors import ERRORS
from landfall.service import listings
from landfall.service.portal import Portal
from landfall.service.portal import Query as Moment
from landfall.tokens import Principal

router = APIRouter(prefix="/api", tags=["listings"], responses=ERRORS)

ARTICLE = r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,39}$"


class ColumnPublic(BaseModel):
    key: str
    header: str


class ListingPublic(BaseModel):
    listing: str
    as_of: str
    filters: dict[str, str]
    columns: list[ColumnPublic]
    rows: list[dict[str, Any]]
    total: dict[str, Any]


CompanyQ = Annotated[str | None, Query(pattern=COMPANY_ID, max_length=100)]
JurisdictionQ = Annotated[
    str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2, e.g. RU.")
]
FromQ = Annotated[
    dt.date | None,
    Query(
        alias="from", description="First day (inclusive), 1990-2100.", json_schema_extra=IN_RANGE
    ),
]
ToQ = Annotated[
    dt.date | None,
    Query(alias="to", description="Last day (inclusive), 1990-2100.", json_schema_extra=IN_RANGE),
]


def _listing(
    portal: Portal,
    who: Principal,
    moment: Moment,
    kind: listings.ListingKind,
    filters: listings.Filters,
) -> dict[str, Any]:
    check_range(filters.date_from, "from")
    check_range(filters.date_to, "to")
    return listings.listing_for(portal, who, moment, kind, filters).to_dict()


@router.get("/fines", response_model=ListingPublic)
def list_fines(
    portal: PortalDep,
    who: PrincipalDep,
    moment: MomentDep,
    company: CompanyQ = None,
    jurisdiction: JurisdictionQ = None,
    article: Annotated[str | None, Query(pattern=ARTICLE, description="e.g. 13.41")] = None,
    date_from: FromQ = None,
    date_to: ToQ = None,
) -> dict[str, Any]:
    """Fines across companies: amount and currency, article and part, the engine's verdict
    (in words and as the contract's value), sources and note; the total counts them, sums each
    currency and tallies the verdicts. ``from``/``to`` bound the decision's day."""
    filters = listings.Filters.given(
        company=company,
        jurisdiction=jurisdiction,
        article=article,
        date_from=date_from,
        date_to=date_to,
    )
    return _listing(portal, who, moment, "fines", filters)


@router.get("/measures", response_model=ListingPublic)
def list_measures(
    portal: PortalDep,
    who: PrincipalDep,
    moment: MomentDep,
    company: CompanyQ = None,
    jurisdiction: JurisdictionQ = None,
    date_from: FromQ = None,
    date_to: ToQ = None,
) -> dict[str, Any]:
    """Measures of a landing law's ladder and enforcement actions: the day applied, the day
    lifted, the jurisdiction, sources and note. ``from``/``to`` bound the day applied."""
    filters = listings.Filters.given(
        company=company, jurisdiction=jurisdiction, date_from=date_from, date_to=date_to
    )
    return _listing(portal, who, moment, "measures", filters)
