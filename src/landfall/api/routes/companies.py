"""Companies and everything read per company: assessment, explanations, evidence."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import TypeAdapter

from landfall.api.deps import COMPANY_ID, OBLIGATION_ID, MomentDep, PortalDep, PrincipalDep
from landfall.api.errors import ERRORS
from landfall.api.response_cache import NOT_MODIFIED, answer_key, serve
from landfall.api.schemas import (
    AssessmentPublic,
    AudiencePublic,
    CompaniesPublic,
    CompanyDetailPublic,
    EventsPublic,
    ExplanationPublic,
    MeasuresPublic,
    ScansPublic,
    TakedownPublic,
)
from landfall.labels import readable
from landfall.ledger.bitemporal import COMPANY, RESOURCE, effective_events
from landfall.service.portal import Portal, unknown_company
from landfall.service.portal import Query as Moment
from landfall.service.visibility import event_public, public_record
from landfall.tokens import Principal

RECORDS = (COMPANY, RESOURCE)

router = APIRouter(prefix="/api/companies", tags=["companies"], responses=ERRORS)
ASSESSMENT = TypeAdapter(AssessmentPublic)
CompanyId = Annotated[str, Path(pattern=COMPANY_ID, max_length=100, description="Company id.")]


@router.get("", response_model=CompaniesPublic)
def list_companies(portal: PortalDep, who: PrincipalDep, moment: MomentDep) -> dict[str, Any]:
    """The companies this role can see (the public role: those with public events)."""
    return {"as_of": moment.as_of.isoformat(), "companies": portal.companies(who, moment)}


@router.get("/{company}", response_model=CompanyDetailPublic)
def get_company(
    company: CompanyId, portal: PortalDep, who: PrincipalDep, moment: MomentDep
) -> dict[str, Any]:
    return portal.company(who, company, moment)


@router.get("/{company}/assessment", response_model=AssessmentPublic, responses=NOT_MODIFIED)
async def get_assessment(
    request: Request, company: CompanyId, portal: PortalDep, who: PrincipalDep, moment: MomentDep
) -> Response:
    """Laws, obligations, fines, exposure and measures as of a date, known at a time. The
    answer carries an ETag; a request naming it in ``If-None-Match`` is a 304 while the
    answer is unchanged. ``async``: a kept answer is served from the loop (``serve``)."""
    portal.check_company(who, company)  # before any lookup: a 403 whatever the cache holds
    # a company's token sees its own company as the regulator does; the public, its events
    visibility = "public" if who.role == "public" else "full"
    key = await answer_key(request, "assessment", visibility, moment, company)

    def build() -> bytes:
        found = portal.assessment(who, company, moment)
        book = portal.rulebook
        body = {
            "as_of": moment.as_of.isoformat(),
            "known_at": None if moment.known_at is None else moment.known_at.isoformat(),
            "rulebook": {"id": book.id, "version": book.version},
            # the texts for people in the request's language; ids and codes as recorded
            **readable(found.to_dict()),
        }
        return ASSESSMENT.dump_json(ASSESSMENT.validate_python(body), by_alias=True)

    return await serve(request, key, build, shared=who.role == "public")


@router.get("/{company}/explanations/{obligation}", response_model=ExplanationPublic)
def get_explanation(
    company: CompanyId,
    obligation: Annotated[str, Path(pattern=OBLIGATION_ID, max_length=200)],
    portal: PortalDep,
    who: PrincipalDep,
    moment: MomentDep,
) -> dict[str, Any]:
    """The chain behind one conclusion: an obligation id, ``OBLIGATION:DEMAND`` for a duty
    owed per demand, a law id, ``fine:N`` or the rulebook's measures definition."""
    return readable(portal.explanation(who, company, obligation, moment))  # type: ignore[no-any-return]


@router.get("/{company}/timeline", response_model=EventsPublic)
def get_timeline(
    company: CompanyId,
    portal: PortalDep,
    who: PrincipalDep,
    moment: MomentDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    """One page of the company's events (valid by ``as_of``) in chain order; the next page
    starts at ``offset + limit``."""
    portal.check_company(who, company)
    if not visible(portal, who, company, moment):
        raise unknown_company(company)
    rows = portal.events(
        who,
        company=company,
        until=moment.as_of,
        known_at=moment.known_at,
        limit=limit,
        offset=offset,
    )
    return {"events": [event_public(r) for r in rows], "limit": limit, "offset": offset}


def visible(portal: Portal, who: Principal, company: str, moment: Moment) -> bool:
    """Whether the company is in the picture this role has of ``moment``, without building the
    picture (for a company of 20,000 events that was seconds per page at a new date): its
    record is valid by ``as_of`` as known at ``known_at`` and, for the public role, it has a
    public event and the record is one the public reads."""
    records = portal.store.events(company=company, type=COMPANY, known_at=moment.known_at)
    if who.role == "public":
        published = portal.events(
            who, company=company, known_at=moment.known_at, limit=1, exclude_types=RECORDS
        )
        if not published:
            return False
        records = [r for r in records if public_record(r, {company})]
    return bool(effective_events(records, moment.as_of, portal.rulebook.clock))


@router.get("/{company}/audience", response_model=AudiencePublic)
def get_audience(
    company: CompanyId, portal: PortalDep, who: PrincipalDep, moment: MomentDep
) -> dict[str, Any]:
    """Daily users in Russia per resource, and the threshold in force (from the rulebook)."""
    return portal.audience(who, company, moment)


@router.get("/{company}/scans", response_model=ScansPublic)
def get_scans(
    company: CompanyId, portal: PortalDep, who: PrincipalDep, moment: MomentDep
) -> dict[str, Any]:
    """Localization scan results and declared data stores."""
    return portal.scans(who, company, moment)


@router.get("/{company}/takedown", response_model=TakedownPublic)
def get_takedown(
    company: CompanyId, portal: PortalDep, who: PrincipalDep, moment: MomentDep
) -> dict[str, Any]:
    """Takedown demands as judged by the engine, and the on-time rate."""
    return portal.takedown(who, company, moment)


@router.get("/{company}/measures", response_model=MeasuresPublic)
def get_measures(
    company: CompanyId, portal: PortalDep, who: PrincipalDep, moment: MomentDep
) -> dict[str, Any]:
    """The position on the 236-FZ ladder of measures."""
    return readable(portal.measures(who, company, moment))  # type: ignore[no-any-return]
