"""Dashboard pages rendered once per ledger head, role, day, language and query.

The board page is an assessment of every company, a picture, the measures in force and a
template of some hundred kilobytes (``bench/api_cpu.py`` measured ~30 ms of CPU, a hundred
times a cached JSON board); every browser polling it paid that again. A page depends on the
same things as the JSON answers (``landfall.api.response_cache``: the head, the rulebooks,
the role, the as-of day, the language), on its path and query, and on today (the board's
slider ends today), so it is kept under that key in a :class:`ResponseCache` of its own.

One thing in a page is each browser's own: the CSRF token its forms echo. The page is kept
with a slot where the token goes (``<csrf-slot>``: autoescaping turns any ``<`` in the data
into ``&lt;``, so only the template can write it), and the slot is filled per request, a
byte replacement. The ETag is a digest of the kept page's validator and that token: a strong
validator of exactly the bytes this browser got.

A page that fails (an unknown company: the error page) is not kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Hashable
from typing import Any

from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from landfall.api.response_cache import VARY, ResponseCache, answer_key, matches
from landfall.service.portal import Query as Moment
from landfall.tokens import Principal

CSRF_SLOT = "<csrf-slot>"
SLOT = Markup(CSRF_SLOT)  # rendered as is, not escaped


async def page_key(request: Request, who: Principal, moment: Moment) -> Hashable:
    """The kept page's key: the answers' key (head read first) plus the path, the query
    (the language switch's links repeat it) and today."""
    query = tuple(sorted(request.query_params.multi_items()))
    return await answer_key(
        request, "page:" + request.url.path, who.name, moment, query, dt.date.today()
    )


async def serve_page(
    request: Request,
    who: Principal,
    key: Hashable,
    render: Callable[[Any], str],
    csrf: tuple[str, bool],
    set_csrf: Callable[[Response, str], None],
) -> Response:
    """The page for ``key`` (``render(SLOT)`` in the thread pool if it is not kept) with
    this browser's CSRF token, or a 304 when the browser holds exactly it."""
    cache: ResponseCache = request.app.state.pages
    answer = cache.peek(key)
    if answer is None:
        answer = await run_in_threadpool(cache.get, key, lambda: render(SLOT).encode())
    token, new = csrf
    etag = '"' + hashlib.blake2b(f"{answer.etag}{token}".encode(), digest_size=16).hexdigest()
    headers = {"etag": etag + '"', "vary": VARY}
    if who.role == "public":
        # the public's page may be kept and revalidated, by this browser only (its token)
        headers["cache-control"] = "private, no-cache"
    response: Response
    if not new and matches(request.headers.get("if-none-match"), headers["etag"]):
        response = Response(status_code=304, headers=headers)
    else:
        body = answer.body.replace(CSRF_SLOT.encode(), token.encode())
        response = HTMLResponse(body, headers=headers)
    if new:
        set_csrf(response, token)
    return response
