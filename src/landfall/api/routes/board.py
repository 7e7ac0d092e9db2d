"""The compliance board: companies against obligations, as of a date."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from landfall.api.deps import MomentDep, PortalDep, PrincipalDep
from landfall.api.errors import ERRORS
from landfall.api.schemas import BoardPublic, WhoAmIPublic
from landfall.errors import Diagnostic, NotFoundError, Where

router = APIRouter(prefix="/api", tags=["board"], responses=ERRORS)


@router.get("/board", response_model=BoardPublic)
def get_board(
    portal: PortalDep,
    who: PrincipalDep,
    moment: MomentDep,
    law: Annotated[
        str | None, Query(max_length=40, description="Only this law's obligations (a law id).")
    ] = None,
) -> dict[str, Any]:
    laws = [x for book in portal.rulebooks for x in book.manifest.laws]
    if law is not None and law not in laws:
        # validated against the rulebooks assessed, not a list written into the route
        raise NotFoundError(
            Diagnostic(
                "unknown-law",
                f"no law {law!r} is assessed",
                Where(field="law"),
                "one of: " + ", ".join(laws),
            )
        )
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
