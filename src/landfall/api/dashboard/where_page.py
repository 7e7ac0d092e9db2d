"""The where page: where each visible company must land, as a world map and a table.

The rows are :func:`landfall.service.where.visible`'s, the API's ``GET /api/where``; this module
only turns them into the map's shading (one state per jurisdiction over the companies shown).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from landfall.api.dashboard.pages import AsOf, PortalDep, ViewerDep, moment, page
from landfall.api.dashboard.worldmap import world_map
from landfall.api.deps import COMPANY_ID
from landfall.i18n import N_, ngettext
from landfall.i18n import gettext as _
from landfall.service.where import visible

router = APIRouter(include_in_schema=False)

STATES = ("overdue", "applies", "unknown", "no")
"""A jurisdiction's state on the map, worst first: a duty overdue, the law applies, it cannot be
decided, it does not apply (for every company shown)."""

STATE_LABEL = {
    "overdue": N_("duties overdue"),
    "applies": N_("the law applies, nothing overdue"),
    "unknown": N_("cannot be decided on the facts"),
    "no": N_("the law does not apply"),
}


def row_state(row: Mapping[str, Any]) -> str:
    if row["overdue"]:
        return "overdue"
    return {True: "applies", None: "unknown"}.get(row["applies"], "no")


def shading(
    companies: Sequence[Mapping[str, Any]],
) -> tuple[dict[str, str], dict[str, str]]:
    """Per jurisdiction: the worst state over the companies, and a title counting them."""
    states: dict[str, list[str]] = {}
    for company in companies:
        for row in company["jurisdictions"]:
            states.setdefault(row["jurisdiction"], []).append(row_state(row))
    shade = {j: min(found, key=STATES.index) for j, found in states.items()}
    titles = {}
    for jurisdiction, found in states.items():
        counts = ", ".join(f"{found.count(s)} {_(STATE_LABEL[s])}" for s in STATES if s in found)
        many = ngettext("{n} company", "{n} companies", len(found)).format(n=len(found))
        titles[jurisdiction] = f"{jurisdiction}: {many} ({counts})"
    return shade, titles


@router.get("/where", response_class=HTMLResponse)
def where_page(
    request: Request,
    portal: PortalDep,
    who: ViewerDep,
    as_of: AsOf = None,
    company: Annotated[str | None, Query(pattern=COMPANY_ID, max_length=100)] = None,
) -> HTMLResponse:
    def build() -> dict[str, Any]:
        q = moment(as_of)
        chosen = company or None
        answer = visible(portal, who, q, chosen)
        shade, titles = shading(answer["companies"])
        for shown in answer["companies"]:
            for row in shown["jurisdictions"]:
                row["state"] = row_state(row)
        label = _("Where to land as of {date}:").format(date=answer["as_of"]) + " "
        label += "; ".join(titles.values())
        return {
            "as_of": answer["as_of"],
            "answer": answer,
            "chosen": chosen,
            "choices": [(c["id"], c["name"]) for c in portal.companies(who, q)],
            "map": world_map(shade, titles, label),
            "states": [(s, STATE_LABEL[s]) for s in STATES],
        }

    return page(request, who, "where.html", build)
