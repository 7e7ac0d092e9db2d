"""The dashboard's calendar page: what falls due in the next days, from the same role-scoped
calendar as ``GET /api/calendar``, with the iCalendar download beside it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from landfall.api.dashboard.pages import PortalDep, ViewerDep, moment, page
from landfall.api.routes.changes import MAX_DAYS, build_calendar
from landfall.errors import Diagnostic, InputError, Where

router = APIRouter(include_in_schema=False)


@router.get("/calendar", response_class=HTMLResponse)
def calendar_page(
    request: Request,
    portal: PortalDep,
    who: ViewerDep,
    start: Annotated[str | None, Query(alias="from", max_length=40)] = None,
    days: Annotated[str | None, Query(max_length=8)] = None,
) -> HTMLResponse:
    def build() -> dict[str, Any]:
        first = moment(start).as_of
        count = _days(days)
        found = build_calendar(portal, who, first, count, None, None)
        query = urlencode({"from": first.isoformat(), "days": count})
        return {
            "calendar": found.to_dict(),
            "from_day": first.isoformat(),
            "days": count,
            "ics": f"/api/calendar.ics?{query}",
            "today": dt.date.today().isoformat(),
        }

    return page(request, who, "calendar.html", build)


def _days(text: str | None) -> int:
    if text is None or text == "":
        return 90
    if text.isdigit() and 1 <= int(text) <= MAX_DAYS:
        return int(text)
    raise InputError(
        Diagnostic(
            "invalid-days",
            f"days {text!r} is not a whole number from 1 to {MAX_DAYS}",
            Where(field="days"),
            "give days=90",
        )
    )
