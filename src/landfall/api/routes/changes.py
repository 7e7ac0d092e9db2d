"""What the law changes between two days and whose conclusions change; the calendar of what
falls due next, as JSON or iCalendar. Both read the caller's role-scoped picture."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from landfall.api.deps import (
    COMPANY_ID,
    IN_RANGE,
    IsoDay,
    IsoMoment,
    PortalDep,
    PrincipalDep,
    check_range,
    utc,
)
from landfall.api.errors import ERRORS
from landfall.changes.calendar import Calendar, calendar
from landfall.changes.dates import changes_between
from landfall.changes.ics import to_ics
from landfall.errors import Diagnostic, InputError, Where
from landfall.service.portal import Portal
from landfall.service.portal import Query as Moment
from landfall.tokens import Principal

router = APIRouter(prefix="/api", tags=["changes"], responses=ERRORS)

MAX_DAYS = 366  # a calendar of a year at most per request


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class LawChangePublic(_Open):
    kind: str = Field(description="parameter, law_in_force or law_repealed.")
    rulebook: str
    jurisdiction: str
    parameter: str
    effective: str
    summary: str
    old: dict[str, Any] | None = Field(description="The value in force the day before.")
    new: dict[str, Any]
    act: str
    citation: dict[str, Any]
    sources: list[str]
    rules: list[str]


class ConclusionChangePublic(_Open):
    key: str
    kind: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    changed: list[str]
    reasons: list[dict[str, Any]]


class CompanyChangesPublic(_Open):
    company: str
    conclusions: list[ConclusionChangePublic]
    facts_arrived: list[dict[str, Any]]


class ChangesPublic(_Open):
    from_: str = Field(alias="from")
    to: str
    known_at: str | None
    rulebooks: list[dict[str, str]]
    law: list[LawChangePublic]
    companies: list[CompanyChangesPublic]


class CalendarItemPublic(_Open):
    uid: str
    kind: str
    day: str
    at: str | None
    company: str | None
    jurisdiction: str
    title: str
    description: list[str]


class CalendarPublic(_Open):
    from_: str = Field(alias="from")
    days: int
    to: str
    items: list[CalendarItemPublic]


Day = Annotated[IsoDay, Query(json_schema_extra=IN_RANGE)]
KnownAt = Annotated[
    IsoMoment | None,
    Query(description="The picture as the ledger knew it then.", json_schema_extra=IN_RANGE),
]
CompanyOpt = Annotated[str | None, Query(pattern=COMPANY_ID, max_length=100)]


@router.get("/changes", response_model=ChangesPublic, response_model_by_alias=True)
def get_changes(
    portal: PortalDep,
    who: PrincipalDep,
    start: Annotated[IsoDay, Query(alias="from", json_schema_extra=IN_RANGE)],
    end: Annotated[IsoDay, Query(alias="to", json_schema_extra=IN_RANGE)],
    known_at: KnownAt = None,
    company: CompanyOpt = None,
) -> dict[str, Any]:
    """Every parameter value taking effect after ``from`` up to ``to``, and the conclusions
    of the companies this role can see that differ on ``to``, each with its reasons."""
    for day, name in ((start, "from"), (end, "to"), (known_at, "known_at")):
        check_range(day, name)
    if end < start:
        raise InputError(
            Diagnostic(
                "invalid-interval",
                f"to {end} is before from {start}",
                Where(field="to"),
                "give to on or after from",
            )
        )
    when = utc(known_at)
    pictures = (
        _picture(portal, who, Moment(start, when), company),
        _picture(portal, who, Moment(end, when), company),
    )
    text = None if when is None else when.isoformat()
    return changes_between(portal.rulebooks, start, end, pictures, company, text).to_dict()


@router.get("/calendar", response_model=CalendarPublic, response_model_by_alias=True)
def get_calendar(
    portal: PortalDep,
    who: PrincipalDep,
    start: Annotated[IsoDay, Query(alias="from", json_schema_extra=IN_RANGE)],
    days: Annotated[int, Query(ge=1, le=MAX_DAYS)] = 90,
    known_at: KnownAt = None,
    company: CompanyOpt = None,
) -> dict[str, Any]:
    """Due dates, deadlines, ladder steps, sums due, limitation periods ending and law
    changes in the ``days`` days from ``from``."""
    return build_calendar(portal, who, start, days, known_at, company).to_dict()


@router.get(
    "/calendar.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}, "description": "An iCalendar file."}},
)
def get_calendar_ics(
    portal: PortalDep,
    who: PrincipalDep,
    start: Annotated[IsoDay, Query(alias="from", json_schema_extra=IN_RANGE)],
    days: Annotated[int, Query(ge=1, le=MAX_DAYS)] = 90,
    known_at: KnownAt = None,
    company: CompanyOpt = None,
) -> Response:
    """The same calendar as iCalendar: one event per item, the explanation as description."""
    found = build_calendar(portal, who, start, days, known_at, company)
    return Response(
        to_ics(found),
        media_type="text/calendar",
        headers={"content-disposition": f'attachment; filename="landfall-{start}.ics"'},
    )


def build_calendar(
    portal: Portal,
    who: Principal,
    start: dt.date,
    days: int,
    known_at: dt.date | dt.datetime | None,
    company: str | None,
) -> Calendar:
    """The calendar of what this role can see (the dashboard's page reads it too)."""
    check_range(start, "from")
    check_range(known_at, "known_at")
    when = utc(known_at)
    picture = _picture(portal, who, Moment(start, when), company)
    text = None if when is None else when.isoformat()
    return calendar(portal.rulebooks, picture, start, days, company, text)


def _picture(portal: Portal, who: Principal, q: Moment, company: str | None) -> Any:
    return portal.picture(who, q, company)
