"""The rulebook: laws, rules and parameters in force on a date, with their history."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from landfall.api.deps import MomentDep, PortalDep
from landfall.api.errors import ERRORS
from landfall.api.schemas import LawsPublic, ParameterPublic, RulebookPublic
from landfall.errors import Diagnostic, NotFoundError, Where
from landfall.service.listing import rules_dict

router = APIRouter(prefix="/api/rulebook", tags=["rulebook"], responses=ERRORS)


@router.get("", response_model=RulebookPublic)
def get_rulebook(portal: PortalDep, moment: MomentDep) -> dict[str, Any]:
    """Every law, rule and parameter in force on ``as_of``; the rulebook is public."""
    return rules_dict(portal.rulebook, moment.as_of)


@router.get("/laws", response_model=LawsPublic)
def get_laws(portal: PortalDep, moment: MomentDep) -> dict[str, Any]:
    data = rules_dict(portal.rulebook, moment.as_of)
    return {"as_of": data["as_of"], "laws": data["laws"]}


@router.get("/parameters/{parameter}", response_model=ParameterPublic)
def get_parameter(
    parameter: Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9./_-]{0,199}$")],
    portal: PortalDep,
    moment: MomentDep,
) -> dict[str, Any]:
    """One parameter: the value in force on ``as_of`` and its whole history."""
    data = rules_dict(portal.rulebook, moment.as_of)
    for found in data["parameters"]:
        if found["id"] == parameter:
            return dict(found)
    raise NotFoundError(
        Diagnostic(
            "unknown-parameter",
            f"no parameter {parameter!r} in force on {moment.as_of}",
            Where(field="parameter"),
            "list them with GET /api/rulebook",
        )
    )
