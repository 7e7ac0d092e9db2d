"""The ledger's own health: the hash chain verified, and its head."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from landfall.api.deps import PortalDep
from landfall.api.errors import ERRORS
from landfall.api.schemas import VerifyPublic

router = APIRouter(prefix="/api/ledger", tags=["ledger"], responses=ERRORS)


@router.get("/verify", response_model=VerifyPublic)
def verify(portal: PortalDep) -> dict[str, Any]:
    """Recompute the whole chain; anyone may check it (hashes reveal no content)."""
    result = portal.verify()
    return {
        "ok": result.ok,
        "count": result.count,
        "head": result.head,
        "broken_id": result.broken_id,
        "problem": result.problem,
        "message": result.message,
    }
