"""Ledger events: read (scoped by role) and append (regulator, or a company for itself)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from landfall.api.deps import (
    COMPANY_ID,
    EVENT_TYPE,
    IN_RANGE,
    IsoDay,
    IsoMoment,
    PortalDep,
    PrincipalDep,
    check_range,
    get_settings,
    utc,
)
from landfall.api.errors import ERRORS, WRITE_ERRORS
from landfall.api.schemas import AppendPublic, EventsCreate, EventsPublic
from landfall.errors import Diagnostic, InputError, Where
from landfall.service.visibility import event_public
from landfall.settings import Settings

router = APIRouter(prefix="/api/events", tags=["events"])


@router.get("", response_model=EventsPublic, responses=ERRORS)
def list_events(
    portal: PortalDep,
    who: PrincipalDep,
    company: Annotated[str | None, Query(pattern=COMPANY_ID, max_length=100)] = None,
    type: Annotated[str | None, Query(pattern=EVENT_TYPE)] = None,
    since: Annotated[
        IsoDay | None, Query(description="First valid day.", json_schema_extra=IN_RANGE)
    ] = None,
    until: Annotated[
        IsoDay | None, Query(description="Last valid day.", json_schema_extra=IN_RANGE)
    ] = None,
    known_at: Annotated[IsoMoment | None, Query(json_schema_extra=IN_RANGE)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    """Events in chain order. The public role sees only events marked public; a company
    token only its own company's."""
    for when, field in ((since, "since"), (until, "until"), (known_at, "known_at")):
        check_range(when, field)
    rows = portal.events(
        who,
        company=company,
        type=type,
        since=since,
        until=until,
        known_at=utc(known_at),
        limit=limit,
        offset=offset,
    )
    return {"events": [event_public(r) for r in rows], "limit": limit, "offset": offset}


@router.post("", status_code=201, response_model=AppendPublic, responses=WRITE_ERRORS)
def append_events(
    body: EventsCreate,
    portal: PortalDep,
    who: PrincipalDep,
    settings: Annotated[Settings, Depends(get_settings)],
) -> dict[str, Any]:
    """Append facts-format events in one transaction (idempotent: repeats are skipped)."""
    if len(body.events) > settings.max_events_per_request:
        raise InputError(
            Diagnostic(
                "too-many-events",
                f"at most {settings.max_events_per_request} events per request",
                Where("<request>", None, "events"),
                "split the batch",
            )
        )
    result = portal.append(who, body.events)  # an unknown resource is a 409 (api/errors.py)
    return {"added": result.added, "skipped": result.skipped, "head": result.head}
