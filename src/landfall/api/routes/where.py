"""Where must we land: per company, a row per jurisdiction (landfall.service.where)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from landfall.api.deps import COMPANY_ID, MomentDep, PortalDep, PrincipalDep
from landfall.api.errors import ERRORS
from landfall.service.where import visible

router = APIRouter(prefix="/api", tags=["where"], responses=ERRORS)


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class WhereRulebookPublic(_Open):
    id: str
    version: str
    jurisdiction: str
    currency: str


class ExposurePublic(_Open):
    totals: list[dict[str, Any]] = Field(description="Summed per currency: min, max, count.")
    entries: list[dict[str, Any]] = Field(description="The assessment's exposure entries.")


class WhereRowPublic(_Open):
    jurisdiction: str
    rulebooks: list[str]
    currency: str | None
    applies: bool | None
    applies_label: str
    because: list[str]
    laws: list[dict[str, Any]]
    due: list[dict[str, Any]] = Field(description="Owed, not yet due (with `due`).")
    overdue: list[dict[str, Any]] = Field(description="Violated (with `violated_from`).")
    met: list[dict[str, Any]]
    unknown: list[dict[str, Any]]
    not_applicable: int
    exposure: ExposurePublic
    exposure_label: str
    ladders: list[dict[str, Any]] = Field(description="Each ladder's next step and its date.")
    next_step_label: str
    unverified_parameters: list[dict[str, Any]]


class WhereCompanyPublic(_Open):
    company: str
    name: str
    jurisdictions: list[WhereRowPublic]


class WherePublicAnswer(_Open):
    as_of: str
    known_at: str | None
    rulebooks: list[WhereRulebookPublic]
    companies: list[WhereCompanyPublic]


@router.get("/where", response_model=WherePublicAnswer)
def get_where(
    portal: PortalDep,
    who: PrincipalDep,
    moment: MomentDep,
    company: Annotated[
        str | None,
        Query(pattern=COMPANY_ID, max_length=100, description="Only this company id."),
    ] = None,
) -> dict[str, Any]:
    """For each company the role may see: a row per jurisdiction with whether its law applies
    and why, the duties due and overdue with their dates, the exposure per currency and the
    next step of each ladder of measures with its date."""
    return visible(portal, who, moment, company)
