"""The compliance board: companies against obligations, as of a date."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import TypeAdapter

from landfall.api.deps import MomentDep, PortalDep, PrincipalDep
from landfall.api.errors import ERRORS
from landfall.api.response_cache import NOT_MODIFIED, answer_key, serve
from landfall.api.schemas import BoardPublic, WhoAmIPublic
from landfall.errors import Diagnostic, NotFoundError, Where

router = APIRouter(prefix="/api", tags=["board"], responses=ERRORS)
BOARD = TypeAdapter(BoardPublic)


@router.get("/board", response_model=BoardPublic, responses=NOT_MODIFIED)
async def get_board(
    request: Request,
    portal: PortalDep,
    who: PrincipalDep,
    moment: MomentDep,
    law: Annotated[
        str | None, Query(max_length=40, description="Only this law's obligations (a law id).")
    ] = None,
) -> Response:
    """Companies against obligations as of a date; the answer carries an ETag, and a request
    naming it in ``If-None-Match`` is a 304 while the answer is unchanged. ``async``: a kept
    answer is served from the loop; only a build goes to the thread pool (``serve``)."""
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
    # the board's picture is the role's: the public's, one company's own, or the regulator's
    key = await answer_key(request, "board", who.name, moment, law)

    def build() -> bytes:
        rows = portal.board(who, moment, law)
        body = {
            "as_of": moment.as_of.isoformat(),
            "law": law,
            "rows": [{k: v for k, v in vars(r).items() if k != "details"} for r in rows],
        }
        return BOARD.dump_json(BOARD.validate_python(body), by_alias=True)

    return await serve(request, key, build, shared=who.role == "public")


@router.get("/whoami", response_model=WhoAmIPublic)
def whoami(who: PrincipalDep) -> dict[str, Any]:
    """The role the request's token carries (none: public)."""
    return {"role": who.role, "company": who.company, "token_id": who.token_id}
