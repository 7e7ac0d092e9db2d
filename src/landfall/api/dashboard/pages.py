"""Dashboard pages: the board, a company, an explanation, the rulebook, login."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment

from landfall.api.deps import COMPANY_ID, COOKIE, OBLIGATION_ID, get_portal, get_tokens
from landfall.api.errors import status_of
from landfall.errors import LandfallError
from landfall.labels import fine_answer
from landfall.ledger.cli import parse_when
from landfall.ledger.events import author_label
from landfall.service.board import column_labels, fines_note
from landfall.service.listing import rules_dict
from landfall.service.portal import Portal, event_public
from landfall.service.portal import Query as Moment
from landfall.templating import jinja_environment
from landfall.tokens import PUBLIC, Principal

router = APIRouter(include_in_schema=False)
FIRST_DAY = dt.date(2016, 1, 1)


def environment() -> Environment:
    return jinja_environment("landfall.api.dashboard")


_ENV: list[Environment] = []


def templates() -> Environment:
    if not _ENV:
        _ENV.append(environment())
    return _ENV[0]


def viewer(request: Request) -> Principal:
    """The dashboard's principal: the login cookie's token, or public."""
    token = request.cookies.get(COOKIE)
    if not token:
        return PUBLIC
    return get_tokens(request).authenticate(token) or PUBLIC


PortalDep = Annotated[Portal, Depends(get_portal)]
ViewerDep = Annotated[Principal, Depends(viewer)]
AsOf = Annotated[str | None, Query(max_length=40)]


def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(templates().get_template(name).render(**context), status_code=status)


def page(who: Principal, name: str, build: Callable[[], dict[str, Any]]) -> HTMLResponse:
    """Render ``name`` with what ``build`` returns, or the diagnostic it raised."""
    try:
        context = build()
    except LandfallError as e:
        return render("error.html", status_of(e), who=who, diagnostics=e.diagnostics)
    return render(name, who=who, **context)


def moment(as_of: str | None, known_at: str | None = None) -> Moment:
    when = parse_when(as_of, "as_of") if as_of else None
    day = when.date() if isinstance(when, dt.datetime) else when
    return Moment(day or dt.date.today(), parse_when(known_at, "known_at"))


@router.get("/", response_class=HTMLResponse)
def board_page(
    portal: PortalDep,
    who: ViewerDep,
    as_of: AsOf = None,
    law: Annotated[str | None, Query(max_length=20)] = None,
) -> HTMLResponse:
    def build() -> dict[str, Any]:
        q = moment(as_of)
        laws = [x for book in portal.rulebooks for x in book.manifest.laws]
        chosen = law if law in laws else None
        rows = portal.board(who, q, chosen)
        short = column_labels(portal.rulebooks)
        columns = [c for c in short if chosen is None or c.startswith(chosen + ".")]
        today = dt.date.today()
        return {
            "as_of": q.as_of.isoformat(),
            "law": chosen,
            "laws": laws,
            "rows": rows,
            "fines_note": fines_note(rows) if any(r.fines for r in rows) else "",
            "columns": [(c, short[c]) for c in columns],
            "first_day": FIRST_DAY.isoformat(),
            "last_day": today.isoformat(),
            "day_index": (q.as_of - FIRST_DAY).days,
            "days": (today - FIRST_DAY).days,
        }

    return page(who, "board.html", build)


@router.get("/companies/{company}", response_class=HTMLResponse)
def company_page(
    portal: PortalDep,
    who: ViewerDep,
    company: Annotated[str, Path(pattern=COMPANY_ID)],
    as_of: AsOf = None,
) -> HTMLResponse:
    def build() -> dict[str, Any]:
        q = moment(as_of)
        info = portal.company(who, company, q)
        assessment = portal.assessment(who, company, q).to_dict()
        timeline = [
            {**event_public(r), "author_label": author_label(r.author_data())}
            for r in portal.timeline(who, company, q)
            if r.type not in ("company", "resource")
        ]
        return {
            "as_of": q.as_of.isoformat(),
            "company": info,
            "a": assessment,
            "audience": portal.audience(who, company, q),
            "scans": portal.scans(who, company, q),
            "takedown": portal.takedown(who, company, q),
            "measures": portal.measures(who, company, q),
            "timeline": timeline,
            "short": column_labels(portal.rulebooks),
        }

    return page(who, "company.html", build)


@router.get("/companies/{company}/explain/{obligation}", response_class=HTMLResponse)
def explain_page(
    portal: PortalDep,
    who: ViewerDep,
    company: Annotated[str, Path(pattern=COMPANY_ID)],
    obligation: Annotated[str, Path(pattern=OBLIGATION_ID)],
    as_of: AsOf = None,
) -> HTMLResponse:
    def build() -> dict[str, Any]:
        q = moment(as_of)
        found = portal.explanation(who, company, obligation, q)
        fines = portal.assessment(who, company, q).fines
        return {"as_of": q.as_of.isoformat(), "answer": fine_answer(fines, obligation), **found}

    return page(who, "explain.html", build)


@router.get("/rulebook", response_class=HTMLResponse)
def rulebook_page(portal: PortalDep, who: ViewerDep, as_of: AsOf = None) -> HTMLResponse:
    def build() -> dict[str, Any]:
        q = moment(as_of)
        return {"as_of": q.as_of.isoformat(), "book": rules_dict(portal.rulebook, q.as_of)}

    return page(who, "rulebook.html", build)


@router.get("/login", response_class=HTMLResponse)
def login_form(who: ViewerDep, failed: bool = False) -> HTMLResponse:
    return render("login.html", who=who, failed=failed)


@router.post("/login")
async def login(request: Request) -> Response:
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    token = (form.get("token") or [""])[0].strip()
    who = get_tokens(request).authenticate(token) if token else None
    if who is None:
        return RedirectResponse("/login?failed=true", status_code=303)
    target = f"/companies/{who.company}" if who.role == "company" else "/"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict")
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE)
    return response
