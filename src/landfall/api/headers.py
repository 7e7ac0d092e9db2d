"""Browser security headers on every response (a pure ASGI wrapper, so errors get them too).

The dashboard serves only its own files: scripts are ``/static/app.js`` and the vendored
Chart.js, styles ``/static/style.css``, and the JSON islands (``<script
type="application/json">``) are data, which a CSP does not execute. So the policy allows
``'self'`` and nothing inline. FastAPI's ``/docs`` and ``/redoc`` pages load Swagger UI and
ReDoc from the vendored copies in ``/static/vendor``; Swagger UI starts from an inline script
and both set inline styles, so their policy allows inline code there (and ReDoc's blob worker),
still from the server only, with the same frame and sniffing protection.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

DASHBOARD_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
DOCS_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; worker-src blob:; font-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
DASHBOARD_CSP_HEADER = (b"content-security-policy", DASHBOARD_CSP.encode())
DOCS_CSP_HEADER = (b"content-security-policy", DOCS_CSP.encode())
DOCS_PATHS = ("/docs", "/docs/oauth2-redirect", "/redoc")

COMMON = (
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
)

REPLACED = {name for name, _ in COMMON}


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        csp = DOCS_CSP_HEADER if path in DOCS_PATHS else DASHBOARD_CSP_HEADER
        private = not path.startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() not in REPLACED
                ]
                headers += [*COMMON, csp]
                if private and not any(k.lower() == b"cache-control" for k, _ in headers):
                    # pages and answers may hold a token holder's private facts
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
