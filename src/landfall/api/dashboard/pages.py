"""Dashboard pages: the board, a company, an explanation, the rulebook, login."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment
from starlette.concurrency import run_in_threadpool

from landfall import i18n
from landfall.api.dashboard import assets, company_view
from landfall.api.dashboard.board_view import (
    cell_notes,
    column_groups,
    headline,
    in_force_by_company,
    unrecorded,
)
from landfall.api.dashboard.page_cache import page_key, serve_page
from landfall.api.deps import (
    COMPANY_ID,
    COOKIE,
    OBLIGATION_ID,
    check_range,
    get_portal,
    get_settings,
    get_tokens,
)
from landfall.api.errors import status_of
from landfall.api.ledger_watch import LedgerWatch
from landfall.errors import Diagnostic, LandfallError, Where
from landfall.labels import display_name, fine_answer
from landfall.ledger.cli import parse_when
from landfall.ledger.events import author_label
from landfall.service import listings
from landfall.service.board import column_labels, fines_note
from landfall.service.headline import company_headline, headline_lines
from landfall.service.law_words import parameter_lines, read_value_words
from landfall.service.listing import rules_dict
from landfall.service.portal import Portal
from landfall.service.portal import Query as Moment
from landfall.service.visibility import event_public
from landfall.service.where import company_rows
from landfall.templating import jinja_environment
from landfall.tokens import PUBLIC, Principal

router = APIRouter(include_in_schema=False)
FIRST_DAY = dt.date(2016, 1, 1)
TIMELINE_ROWS = 200
CSRF_COOKIE = "landfall_csrf"
CSRF_LENGTH = 43  # secrets.token_urlsafe(32)


def environment() -> Environment:
    env = jinja_environment("landfall.api.dashboard")
    # the where rows' "none" (an exposure or next step that is not there), in the language
    # in use; the label itself stays English in the API's JSON
    env.filters["none_word"] = lambda text: i18n.gettext("none") if text == "none" else text
    env.globals["asset"] = assets.url  # a static file's URL, versioned by its digest
    return env


_ENV: list[Environment] = []


def templates() -> Environment:
    if not _ENV:
        _ENV.append(environment())
    return _ENV[0]


class StaleSessionError(Exception):
    """The login cookie holds a token that is revoked or unknown: log in again."""


async def viewer(request: Request) -> Principal:
    """The dashboard's principal: the login cookie's token, or public without a cookie.

    A cookie whose token no longer authenticates is not silently the public view (the page
    would look like the holder's data vanished): the browser is sent to the login page.
    A token that authenticated is kept while the database is unchanged, as the API's are
    (``landfall.api.ledger_watch``): a revocation is a commit, and asks again."""
    token = request.cookies.get(COOKIE)
    if not token:
        return PUBLIC
    watch: LedgerWatch = request.app.state.watch
    version = watch.version()  # before the lookup: a revocation after it moves the version
    kept = watch.principal(token, version)
    if kept is not None:
        return kept
    who = await run_in_threadpool(get_tokens(request).authenticate, token)
    if who is None:
        raise StaleSessionError
    watch.keep_principal(token, version, who)
    return who


def stale_session(request: Request, _: Exception) -> Response:
    response = RedirectResponse("/login?expired=true", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


def secure_cookies(request: Request) -> bool:
    """Whether cookies get ``Secure``: the ``cookie_secure`` setting, 'auto' by the scheme
    the request came with (uvicorn sets it from a trusted proxy's X-Forwarded-Proto)."""
    mode = get_settings(request).cookie_secure
    return mode == "always" or (mode == "auto" and request.url.scheme == "https")


def set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    response.set_cookie(
        name, value, httponly=True, samesite="strict", secure=secure_cookies(request), path="/"
    )


def csrf_token(request: Request) -> tuple[str, bool]:
    """The browser's CSRF token (double-submit: a SameSite=Strict cookie, echoed by every
    form) and whether it is new and must be set."""
    found = request.cookies.get(CSRF_COOKIE, "")
    if len(found) == CSRF_LENGTH and found.isascii():
        return found, False
    return secrets.token_urlsafe(32), True


def csrf_ok(request: Request, form: dict[str, list[str]]) -> bool:
    """The form's token equals the cookie's: a cross-site page can neither read the cookie
    nor make the browser send it (SameSite=Strict)."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = (form.get("csrf") or [""])[0]
    return bool(cookie) and hmac.compare_digest(cookie.encode(), sent.encode())


def csrf_refused(request: Request, who: Principal) -> HTMLResponse:
    diagnostic = Diagnostic(
        "csrf-token-mismatch",
        "the form was not sent from this dashboard's own page",
        Where("<request>", None, "csrf"),
        "open the page again and resubmit the form",
    )
    return render(request, "error.html", 403, who=who, diagnostics=[diagnostic])


PortalDep = Annotated[Portal, Depends(get_portal)]
ViewerDep = Annotated[Principal, Depends(viewer)]
AsOf = Annotated[str | None, Query(max_length=40)]


def render_html(request: Request, name: str, csrf: str, **context: Any) -> str:
    # the language the Language middleware chose for this request, and the switch's links:
    # the same page and query in each language
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    languages = [
        (code, label, "?" + urlencode([*kept, ("lang", code)]))
        for code, label in i18n.language_names()
    ]
    return (
        templates()
        .get_template(name)
        .render(csrf=csrf, lang=i18n.current(), languages=languages, **context)
    )


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render a page; every page carries the CSRF token its forms (logout, login) send."""
    token, new = csrf_token(request)
    response = HTMLResponse(render_html(request, name, token, **context), status_code=status)
    if new:
        set_cookie(request, response, CSRF_COOKIE, token)
    return response


async def kept_page(
    request: Request,
    who: Principal,
    as_of: str | None,
    name: str,
    build: Callable[[Moment], dict[str, Any]],
) -> Response:
    """``name`` rendered with what ``build`` returns, kept per head, role, day, language
    and query (``page_cache``), or the diagnostic it raised (never kept)."""
    try:
        q = moment(as_of)
        key = await page_key(request, who, q)
        return await serve_page(
            request,
            who,
            key,
            lambda slot: render_html(request, name, slot, who=who, **build(q)),
            csrf_token(request),
            lambda response, token: set_cookie(request, response, CSRF_COOKIE, token),
        )
    except LandfallError as e:
        return render(request, "error.html", status_of(e), who=who, diagnostics=e.diagnostics)


def page(
    request: Request, who: Principal, name: str, build: Callable[[], dict[str, Any]]
) -> HTMLResponse:
    """Render ``name`` with what ``build`` returns, or the diagnostic it raised."""
    try:
        context = build()
    except LandfallError as e:
        return render(request, "error.html", status_of(e), who=who, diagnostics=e.diagnostics)
    return render(request, name, who=who, **context)


def moment(as_of: str | None, known_at: str | None = None) -> Moment:
    when = parse_when(as_of, "as_of") if as_of else None
    day = when.date() if isinstance(when, dt.datetime) else when
    check_range(day, "as_of")
    known = parse_when(known_at, "known_at")
    check_range(known, "known_at")
    return Moment(day or dt.date.today(), known)


@router.get("/", response_class=HTMLResponse)
async def board_page(
    request: Request,
    portal: PortalDep,
    who: ViewerDep,
    as_of: AsOf = None,
    law: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    """``async``: a kept page is served from the loop; a build runs in the thread pool."""

    def build(q: Moment) -> dict[str, Any]:
        laws = [x for book in portal.rulebooks for x in book.manifest.laws]
        chosen = law if law in laws else None
        rows = portal.board(who, q, chosen)
        short = column_labels(portal.rulebooks)
        columns = [c for c in short if chosen is None or c.startswith(chosen + ".")]
        today = dt.date.today()
        picture = portal.picture(who, q)
        groups = column_groups(portal.rulebooks, {c: short[c] for c in columns})
        measured = listings.measures(picture, portal.rulebooks, q.as_of, listings.Filters())
        held = in_force_by_company(
            {**r, "words": company_view.measure_words(r, portal.rulebooks)} for r in measured.rows
        )
        return {
            "as_of": q.as_of.isoformat(),
            "law": chosen,
            "laws": laws,
            "law_names": {x: display_name(x) for x in laws},
            "rows": rows,
            "fines_note": fines_note(rows) if any(r.fines for r in rows) else "",
            "columns": [column for _, group in groups for column in group],
            "groups": groups,
            "headline": headline(rows, len(picture.events), held),
            "in_force": held,
            "sums": {r.company: company_view.fine_totals(r.details["fines"]) for r in rows},
            "unrecorded": {r.company: unrecorded(r) for r in rows},
            "notes": {r.company: cell_notes(r, portal.rulebooks) for r in rows},
            "first_day": FIRST_DAY.isoformat(),
            "last_day": today.isoformat(),
            "day_index": (q.as_of - FIRST_DAY).days,
            # the slider's ticks: the first of January of each year, in days from the first day
            "years": [
                (y, (dt.date(y, 1, 1) - FIRST_DAY).days)
                for y in range(FIRST_DAY.year, today.year + 1)
            ],
            "days": (today - FIRST_DAY).days,
        }

    return await kept_page(request, who, as_of, "board.html", build)


@router.get("/companies/{company}", response_class=HTMLResponse)
async def company_page(
    request: Request,
    portal: PortalDep,
    who: ViewerDep,
    company: Annotated[str, Path(pattern=COMPANY_ID)],
    as_of: AsOf = None,
) -> Response:
    def build(q: Moment) -> dict[str, Any]:
        info = portal.company(who, company, q)
        assessment = portal.assessment(who, company, q).to_dict()
        # the first page only (the API pages the rest), however long the history
        timeline = [
            {**event_public(r), "author_label": author_label(r.author_data())}
            for r in portal.timeline(
                who, company, q, limit=TIMELINE_ROWS, exclude_types=("company", "resource")
            )
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
            "timeline_rows": TIMELINE_ROWS,
            "short": column_labels(portal.rulebooks),
            # the obligations table groups by jurisdiction, headed by the where row
            "jurisdictions": company_rows(assessment, portal.rulebooks),
            # the report's headline (landfall.service.headline), one line for both faces
            "headline": headline_lines(
                company_headline(
                    portal.picture(who, q, company), assessment, portal.rulebooks, company, q.as_of
                )
            ),
            "fine_totals": company_view.fine_totals(assessment["fines"]),
            "reasons": [company_view.deciding_reason(f) for f in assessment["fines"]],
            "amounts": [company_view.fine_amounts(f) for f in assessment["fines"]],
            "timeline_of_measures": company_view.measures_timeline(
                portal.picture(who, q, company), portal.rulebooks, q.as_of, company
            ),
            "next_steps": company_view.next_steps(assessment["ladders"], portal.rulebooks),
        }

    return await kept_page(request, who, as_of, "company.html", build)


@router.get("/companies/{company}/explain/{obligation}", response_class=HTMLResponse)
def explain_page(
    request: Request,
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
        return {
            "as_of": q.as_of.isoformat(),
            "answer": fine_answer(fines, obligation),
            # a parameter read in words, as the rulebook browser says it
            "value_words": lambda pid, value: read_value_words(portal.rulebooks, pid, value),
            **found,
        }

    return page(request, who, "explain.html", build)


@router.get("/rulebook", response_class=HTMLResponse)
def rulebook_page(
    request: Request,
    portal: PortalDep,
    who: ViewerDep,
    as_of: AsOf = None,
    rulebook: Annotated[str | None, Query(max_length=40)] = None,
) -> HTMLResponse:
    def build() -> dict[str, Any]:
        q = moment(as_of)
        books = {b.id: b for b in portal.rulebooks}
        book = books.get(rulebook or "", portal.rulebook)
        return {
            "as_of": q.as_of.isoformat(),
            "book": rules_dict(book, q.as_of),
            "parameters": parameter_lines(book, q.as_of),
            "books": [(b.id, b.title, b.manifest.jurisdiction) for b in portal.rulebooks],
            "chosen": book.id,
        }

    return page(request, who, "rulebook.html", build)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, failed: bool = False, expired: bool = False) -> HTMLResponse:
    # the login page is reachable with a stale cookie (that is where it sends the browser)
    token = request.cookies.get(COOKIE)
    who = (get_tokens(request).authenticate(token) if token else None) or PUBLIC
    return render(request, "login.html", who=who, failed=failed, expired=expired)


@router.post("/login")
async def login(request: Request) -> Response:
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    if not csrf_ok(request, form):
        return csrf_refused(request, PUBLIC)  # login CSRF: a foreign page logging us in
    token = (form.get("token") or [""])[0].strip()
    who = get_tokens(request).authenticate(token) if token else None
    if who is None:
        return RedirectResponse("/login?failed=true", status_code=303)
    target = f"/companies/{who.company}" if who.role == "company" else "/"
    response = RedirectResponse(target, status_code=303)
    set_cookie(request, response, COOKIE, token)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    if not csrf_ok(request, form):
        return csrf_refused(request, PUBLIC)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
