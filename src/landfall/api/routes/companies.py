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
from landfall.service.visibility import event_public

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
def get_assessment(
    request: Request, company: CompanyId, portal: PortalDep, who: PrincipalDep, moment: MomentDep
) -> Response:
    """Laws, obligations, fines, exposure and measures as of a date, known at a time. The
    answer carries an ETag; a request naming it in ``If-None-Match`` is a 304 while the
    answer is unchanged."""
    portal.check_company(who, company)  # before any lookup: a 403 whatever the cache holds
    # a company's token sees its own company as the regulator does; the public, its events
    visibility = "public" if who.role == "public" else "full"
    key = answer_key(portal, "assessment", visibility, moment, company)

    def build() -> bytes:
        found = portal.assessment(who, company, moment)
        book = portal.rulebook
        body = {
            "as_of": moment.as_of.isoformat(),
            "known_at": None if moment.known_at is None else moment.known_at.isoformat(),
            "rulebook": {"id": book.id, "version": book.version},
            **found.to_dict(),
        }
        return ASSESSMENT.dump_json(ASSESSMENT.validate_python(body), by_alias=True)

    return serve(request, key, build, shared=who.role == "public")


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
    return portal.explanation(who, company, obligation, moment)


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
    rows = portal.timeline(who, company, moment, limit=limit, offset=offset)
    return {"events": [event_public(r) for r in rows], "limit": limit, "offset": offset}


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
    return portal.measures(who, company, moment)
