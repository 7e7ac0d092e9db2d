"""Dashboard pages listing fines and measures across companies, with sources and notes.

The rows are :mod:`landfall.service.listings`' over the viewer's picture, as ``GET
/api/fines`` and ``GET /api/measures`` give them; the template only lays them out.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from landfall.api.dashboard.pages import AsOf, PortalDep, ViewerDep, moment, page
from landfall.api.deps import check_range
from landfall.errors import Diagnostic, InputError, Where
from landfall.periods import DateTextError, parse_day
from landfall.service import listings

router = APIRouter(include_in_schema=False)
Text = Annotated[str | None, Query(max_length=100)]


def _day(value: str | None, field: str) -> dt.date | None:
    if not value:
        return None
    try:
        day = parse_day(value)
    except DateTextError:
        raise InputError(
            Diagnostic(
                "invalid-date",
                f"{field} {value!r} is not a date in the form YYYY-MM-DD",
                Where(field=field),
                f"give a date such as {field}=2022-06-01",
            )
        ) from None
    check_range(day, field)
    return day


def _listing_page(
    request: Request,
    portal: PortalDep,
    who: ViewerDep,
    kind: str,
    as_of: str | None,
    company: str | None,
    jurisdiction: str | None,
    article: str | None,
    date_from: str | None,
    date_to: str | None,
) -> HTMLResponse:
    def build() -> dict[str, Any]:
        q = moment(as_of)
        filters = listings.Filters(
            company=company or None,
            jurisdiction=jurisdiction or None,
            article=article or None,
            date_from=_day(date_from, "from"),
            date_to=_day(date_to, "to"),
        )
        facts = portal.picture(who, q, filters.company)
        compute = listings.fines if kind == "fines" else listings.measures
        found = compute(facts, portal.rulebooks, q.as_of, filters)
        return {
            "as_of": q.as_of.isoformat(),
            "kind": kind,
            "listing": found,
            "form": {
                "company": company or "",
                "jurisdiction": jurisdiction or "",
                "article": article or "",
                "from": date_from or "",
                "to": date_to or "",
            },
        }

    return page(request, who, "listing.html", build)


@router.get("/fines", response_class=HTMLResponse)
def fines_page(
    request: Request,
    portal: PortalDep,
    who: ViewerDep,
    as_of: AsOf = None,
    company: Text = None,
    jurisdiction: Text = None,
    article: Text = None,
    date_from: Annotated[str | None, Query(alias="from", max_length=40)] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=40)] = None,
) -> HTMLResponse:
    return _listing_page(
        request, portal, who, "fines", as_of, company, jurisdiction, article, date_from, date_to
    )


@router.get("/measures", response_class=HTMLResponse)
def measures_page(
    request: Request,
    portal: PortalDep,
    who: ViewerDep,
    as_of: AsOf = None,
    company: Text = None,
    jurisdiction: Text = None,
    date_from: Annotated[str | None, Query(alias="from", max_length=40)] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=40)] = None,
) -> HTMLResponse:
    return _listing_page(
        request, portal, who, "measures", as_of, company, jurisdiction, None, date_from, date_to
    )
