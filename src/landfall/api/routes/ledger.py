"""The ledger's own health: the hash chain verified; its size and head for the regulator."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from landfall.api.deps import PortalDep, PrincipalDep
from landfall.api.errors import ERRORS
from landfall.api.schemas import VerifyPublic

router = APIRouter(prefix="/api/ledger", tags=["ledger"], responses=ERRORS)


@router.get("/verify", response_model=VerifyPublic)
def verify(portal: PortalDep, who: PrincipalDep) -> dict[str, Any]:
    """Whether the chain verifies, and how many public events it holds; anyone may ask. Only
    the regulator sees the event count, the head and the broken event's id: polled, they
    would tell anyone how many events were appended and when, private ones included. A
    company or the public gets the verdict, the public count and the kind of problem, in
    words that name no event: appending private events changes nothing they see."""
    result = portal.verify()
    if who.role == "regulator":
        return {
            "ok": result.ok,
            "problem": result.problem,
            "message": result.message,
            "count": result.count,
            "head": result.head,
            "broken_id": result.broken_id,
            "public_count": result.public_count,
        }
    return {
        "ok": result.ok,
        "problem": result.problem,
        "message": "the chain verifies"
        if result.ok
        else f"the chain does not verify ({result.problem}): the regulator sees which event",
        # a broken chain's public count stops at the break, which would point at the event
        "public_count": result.public_count if result.ok else None,
    }
