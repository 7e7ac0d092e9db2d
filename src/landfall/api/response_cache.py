"""Answers serialized once: JSON bytes and their ETag per ledger head and query, and 304s.

The board and a company's assessment are the answers every client polls. Building one is an
assessment, a read model and a validation against the response schema; serializing it is
pydantic's JSON encoder (in Rust: on these answers it measured faster than orjson over a
dumped dict and byte-identical, ``bench/api_board.py --serializers``). Both are paid once per
key here, and every later request with the same key is one lookup of bytes.

A key holds everything the answer depends on: the ledger's head hash (which changes on every
append, so an answer is never stale), the rulebooks served (id and version), the endpoint and
its own parameters, the as-of legal day and known-at time, and the visibility of the role
(``public``, a company's own view, the regulator's). The key is looked up only after the
token is authenticated and the role checked against the company asked for.

The ETag is a digest of the bytes served, a strong validator of exactly that representation.
It is not the ledger head: a validator that changed on every append would tell anyone polling
with ``If-None-Match`` when private events are appended (the activity meter docs/api.md
refuses the public and the companies). An append that changes nothing a role sees leaves its
ETag as it was, so its clients keep getting 304s.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from landfall import i18n
from landfall.api.ledger_watch import LedgerWatch
from landfall.service.portal import Portal
from landfall.service.portal import Query as Moment

# Answers that depend on who asks are not shared by caches between users; ``Cache-Control``
# (below) says which of them a browser may keep at all.
VARY = "Authorization, Cookie"
# What the routes answering from here add to their OpenAPI responses.
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: `If-None-Match` names the ETag of this answer."}
}


@dataclass(frozen=True)
class Answer:
    body: bytes
    etag: str  # quoted, as sent in the ETag header


def answer_of(body: bytes) -> Answer:
    return Answer(body, '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"')


class ResponseCache:
    """The last ``size`` answers built, least recently used evicted first.

    A kept answer is looked up on the event loop (:meth:`peek`); a missing one is built in
    the thread pool (:meth:`get`). When several ask for the same missing key at once, one
    builds it and the others wait for that answer (after an append, fifty clients polling the
    board cost one board, not fifty). A build that raises is not cached: each of its waiters
    gets the same exception, and the next request tries again.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._answers: OrderedDict[Hashable, Answer] = OrderedDict()
        self._building: dict[Hashable, Future[Answer]] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._answers)

    def peek(self, key: Hashable) -> Answer | None:
        """The answer kept for ``key``, if any (no build, no waiting: safe on the loop)."""
        with self._lock:
            found = self._answers.get(key)
            if found is not None:
                self._answers.move_to_end(key)
            return found

    def get(self, key: Hashable, build: Callable[[], bytes]) -> Answer:
        with self._lock:
            found = self._answers.get(key)
            if found is not None:
                self._answers.move_to_end(key)
                return found
            pending = self._building.get(key)
            if pending is None:
                mine: Future[Answer] = Future()
                self._building[key] = mine
        if pending is not None:
            return pending.result()
        try:
            answer = answer_of(build())
        except BaseException as e:
            with self._lock:
                del self._building[key]
            mine.set_exception(e)
            raise
        with self._lock:
            del self._building[key]
            if self.size > 0:
                self._answers[key] = answer
                while len(self._answers) > self.size:
                    self._answers.popitem(last=False)
        mine.set_result(answer)
        return answer


def matches(if_none_match: str | None, etag: str) -> bool:
    """Whether ``If-None-Match`` names this ETag (RFC 9110 13.1.2: ``*``, or a list of tags
    compared weakly, so ``W/"x"`` matches ``"x"``)."""
    if if_none_match is None:
        return False
    if if_none_match.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in if_none_match.split(","))


def respond(answer: Answer, if_none_match: str | None, *, shared: bool) -> Response:
    """200 with the bytes, or 304 when the client holds them; both carry the ETag.

    ``shared``: the answer is the public role's, which any browser or proxy may keep and
    revalidate (``no-cache``). A token holder's answer stays ``no-store`` (the security
    headers' default): it may hold private facts, and its clients can still send the ETag
    they were given.
    """
    headers = {"etag": answer.etag, "vary": VARY}
    if shared:
        headers["cache-control"] = "no-cache"
    if matches(if_none_match, answer.etag):
        return Response(status_code=304, headers=headers)
    return Response(answer.body, media_type="application/json", headers=headers)


async def answer_key(
    request: Request, endpoint: str, visibility: str, moment: Moment, *params: object
) -> Hashable:
    """Everything an answer depends on, its language included. The head is read before the
    answer is built: an append in between puts newer facts under the older head, which no
    later request reads (the head only moves on), so an answer is never older than its key."""
    portal: Portal = request.app.state.portal
    head: LedgerWatch = request.app.state.watch
    books = tuple((book.id, book.version) for book in portal.rulebooks)
    return (
        endpoint,
        i18n.current(),  # the texts for people are in the request's language
        await head.head(),
        books,
        visibility,
        moment.as_of,
        moment.known_at,
        *params,
    )


async def serve(
    request: Request, key: Hashable, build: Callable[[], bytes], *, shared: bool
) -> Response:
    """The cached answer for ``key`` as a 200 or a 304: a kept one straight from the loop, a
    missing one built in the thread pool (the build reads the ledger and assesses)."""
    cache: ResponseCache = request.app.state.answers
    answer = cache.peek(key)
    if answer is None:
        answer = await run_in_threadpool(cache.get, key, build)
    return respond(answer, request.headers.get("if-none-match"), shared=shared)
