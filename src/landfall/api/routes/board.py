"""The compliance board: companies against obligations, as of a date."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from landfall.api.deps import MomentDep, PortalDep, PrincipalDep
from landfall.api.errors import ERRORS
from landfall.api.schemas import BoardPublic, WhoAmIPublic

router = APIRouter(prefix="/api", tags=["board"], responses=ERRORS)
Law = Literal["ru-236-fz", "ru-152-fz", "ru-149-fz"]


@router.get("/board", response_model=BoardPublic)
def get_board(
    portal: PortalDep,
    who: PrincipalDep,
    moment: MomentDep,
    law: Annotated[Law | None, Query()] = None,
) -> dict[str, Any]:
    rows = portal.board(who, moment, law)
    return {
        "as_of": moment.as_of.isoformat(),
        "law": law,
        "rows": [{k: v for k, v in vars(r).items() if k != "details"} for r in rows],
    }


@router.get("/whoami", response_model=WhoAmIPublic)
def whoami(who: PrincipalDep) -> dict[str, Any]:
    """The role the request's token carries (none: public)."""
    return {"role": who.role, "company": who.company, "token_id": who.token_id}
