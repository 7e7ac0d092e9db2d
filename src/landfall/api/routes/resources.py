"""Information resources (sites, apps) and their owners."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from landfall.api.deps import COMPANY_ID, MomentDep, PortalDep, PrincipalDep
from landfall.api.errors import ERRORS
from landfall.api.schemas import ResourcesPublic

router = APIRouter(prefix="/api/resources", tags=["resources"], responses=ERRORS)


@router.get("", response_model=ResourcesPublic)
def list_resources(
    portal: PortalDep,
    who: PrincipalDep,
    moment: MomentDep,
    company: Annotated[str | None, Query(pattern=COMPANY_ID, max_length=100)] = None,
) -> dict[str, Any]:
    return {
        "as_of": moment.as_of.isoformat(),
        "resources": portal.resources(who, moment, company),
    }
