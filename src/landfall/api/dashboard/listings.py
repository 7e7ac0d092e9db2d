"""Dashboard pages listing fines, measures and events across companies, with sources and
notes.

The rows are :mod:`landfall.service.listings`' over the viewer's picture, as ``GET
/api/fines`` and ``GET /api/measures`` give them; the template only lays them out, with the
column heads and the total line in the language in use.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from landfall.api.dashboard import company_view
from landfall.api.dashboard.pages import AsOf, PortalDep, ViewerDep, moment, page
from landfall.api.deps import check_range
from landfall.errors import Diagnostic, InputError, Where
from landfall.i18n import N_, ngettext
from landfall.i18n import gettext as _
from landfall.labels import tally_sentence
from landfall.periods import DateTextError, parse_day
from landfall.service import listings

router = APIRouter(include_in_schema=False)
Text = Annotated[str | None, Query(max_length=100)]
From = Annotated[str | None, Query(alias="from", max_length=40)]
To = Annotated[str | None, Query(alias="to", max_length=40)]

HEADERS = {
    "date": N_("date"),
    "company_name": N_("company"),
    "jurisdiction": N_("jurisdiction"),
    "article_text": N_("article"),
    "amount_text": N_("amount"),
    "verdict_text": N_("verdict"),
    "sources": N_("sources"),
    "note": N_("note"),
    "applied": N_("applied"),
    "lifted": N_("lifted"),
    "measure_text": N_("measure"),
    "resource": N_("resource"),
    "type": N_("type"),
    "summary": N_("what"),
}
"""The listings' columns by key, as the page heads them (a column not here keeps the
listing's own header)."""

TITLES = {
    "fines": N_("Fines as of {date}"),
    "measures": N_("Measures as of {date}"),
    "events": N_("Events as of {date}"),
}

SORT = {"date": "date", "number": "number"}
"""How a column of each listing kind sorts in the page (the rest as text)."""


def total_line(kind: str, listing: listings.Listing) -> str:
    """The listing's total in the language in use: fines by verdict and sum per currency,
    measures by company and how many were lifted, events by count."""
    total = listing.total
    if kind == "fines":
        text = tally_sentence(total["verdicts"])
        if total["sums"]:
            text += "; " + _("total {sums}").format(
                sums=", ".join(s["text"] for s in total["sums"])
            )
        return text
    n = int(total["count"])
    if kind == "measures":
        return ngettext(
            "{n} measure or action on {companies} companies, {lifted} lifted",
            "{n} measures or actions on {companies} companies, {lifted} lifted",
            n,
        ).format(n=n, companies=total["companies"], lifted=total["lifted"])
    return ngettext("{n} event", "{n} events", n).format(n=n)


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
    kind: listings.ListingKind,
    as_of: str | None,
    company: str | None,
    jurisdiction: str | None,
    article: str | None,
    date_from: str | None,
    date_to: str | None,
    event_type: str | None = None,
) -> HTMLResponse:
    def build() -> dict[str, Any]:
        q = moment(as_of)
        filters = listings.Filters.given(
            company=company,
            jurisdiction=jurisdiction,
            article=article,
            type=event_type,
            date_from=_day(date_from, "from"),
            date_to=_day(date_to, "to"),
        )
        found = listings.listing_for(portal, who, q, kind, filters)
        if kind == "measures":
            for row in found.rows:
                row["measure_text"] = company_view.measure_words(row, portal.rulebooks)
        return {
            "as_of": q.as_of.isoformat(),
            "kind": kind,
            "title": _(TITLES[kind]).format(date=q.as_of.isoformat()),
            "total": total_line(kind, found),
            "headers": {
                c.key: _(HEADERS[c.key]) if c.key in HEADERS else c.header for c in found.columns
            },
            "sort": {c.key: SORT.get(c.kind, "text") for c in found.columns},
            "listing": found,
            "form": {
                "company": company or "",
                "jurisdiction": jurisdiction or "",
                "article": article or "",
                "from": date_from or "",
                "to": date_to or "",
                "type": event_type or "",
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
    date_from: From = None,
    date_to: To = None,
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
    date_from: From = None,
    date_to: To = None,
) -> HTMLResponse:
    return _listing_page(
        request, portal, who, "measures", as_of, company, jurisdiction, None, date_from, date_to
    )


@router.get("/events", response_class=HTMLResponse)
def events_page(
    request: Request,
    portal: PortalDep,
    who: ViewerDep,
    as_of: AsOf = None,
    company: Text = None,
    jurisdiction: Text = None,
    event_type: Annotated[str | None, Query(alias="type", max_length=40)] = None,
    date_from: From = None,
    date_to: To = None,
) -> HTMLResponse:
    return _listing_page(
        request,
        portal,
        who,
        "events",
        as_of,
        company,
        jurisdiction,
        None,
        date_from,
        date_to,
        event_type,
    )
