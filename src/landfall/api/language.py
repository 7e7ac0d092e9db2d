"""The language of each request: the ``lang`` query parameter, else the ``lang`` cookie, else
``Accept-Language`` (a pure ASGI wrapper, so error pages speak it too).

A ``lang`` query parameter the dashboard's header links carry is remembered in the ``lang``
cookie, so the next page keeps the language without it. The response says which language it
speaks (``Content-Language``) and that it varies with ``Accept-Language`` and the cookie.
An unknown ``lang`` value is ignored (the negotiated language is used), never an error.
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from landfall import i18n

COOKIE = "lang"
YEAR = 365 * 24 * 3600


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value).decode("latin-1")
    return ""


def request_language(scope: Scope) -> tuple[str, bool]:
    """The language of the request, and whether the query parameter asked for it."""
    known = i18n.languages()
    asked = parse_qs(bytes(scope.get("query_string", b"")).decode("latin-1")).get(COOKIE, [])
    if asked and asked[-1].lower() in known:
        return asked[-1].lower(), True
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(_header(scope, b"cookie"))
    except Exception:  # a malformed Cookie header: as if there were none
        jar = SimpleCookie()
    if COOKIE in jar and jar[COOKIE].value in known:
        return jar[COOKIE].value, False
    return i18n.negotiate(_header(scope, b"accept-language")), False


class Language:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        lang, chosen = request_language(scope)

        async def with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"content-language", lang.encode()))
                headers.append((b"vary", b"Accept-Language, Cookie"))
                if chosen:
                    cookie = f"{COOKIE}={lang}; Path=/; Max-Age={YEAR}; SameSite=Lax"
                    headers.append((b"set-cookie", cookie.encode()))
                message["headers"] = headers
            await send(message)

        with i18n.speaking(lang):
            await self.app(scope, receive, with_language)
