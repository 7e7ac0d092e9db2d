"""Errors at the HTTP boundary: every one is a diagnostic, never a stack trace."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.routing import Match, Mount
from starlette.types import Scope

from landfall.api.schemas import ErrorPublic
from landfall.errors import (
    AuthError,
    Diagnostic,
    ForbiddenError,
    InputError,
    IntegrityError,
    LandfallError,
    NotFoundError,
    RulebookError,
    StorageError,
    Where,
)

log = logging.getLogger("landfall.api")


# A well-formed posted event naming something the ledger does not hold (a resource no facts
# document defined) is valid by the schema and conflicts with the ledger's state: a 409 (RFC
# 9110 15.5.10), not a 422 (which says the schema was not met). It stays an input error (CLI
# exit 2); only its HTTP status is the conflict's, so the tree keeps one class per exit code.
UNKNOWN_REFERENCES = frozenset({"unknown-resource"})

# most specific first; a rulebook bug is the server's fault (500), not the client's
STATUS: tuple[tuple[type[LandfallError], int], ...] = (
    (RulebookError, 500),
    (AuthError, 401),
    (ForbiddenError, 403),
    (NotFoundError, 404),
    (InputError, 422),
    (IntegrityError, 409),
    (StorageError, 503),
)

_HTTP_CODES = {
    404: ("not-found", "nothing here", "see /docs for the endpoints"),
    405: ("method-not-allowed", "this method is not allowed here", "see /docs"),
    413: ("body-too-large", "the request body is too large", "send fewer events per request"),
}


def _doc(description: str) -> dict[str, Any]:
    return {"model": ErrorPublic, "description": description}


ERRORS: dict[int | str, dict[str, Any]] = {
    401: _doc("The token is not an active landfall token."),
    403: _doc("The token's role does not reach this company or action."),
    404: _doc("Unknown company, obligation or parameter (or not visible to this role)."),
    422: _doc("Invalid parameters or body."),
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    400: _doc("Malformed JSON."),
    409: _doc(
        "An event names a resource the ledger does not hold (`unknown-resource`): import the "
        "facts document that defines it first."
    ),
    413: _doc("The body is larger than the server accepts."),
}


def error_response(status: int, *diagnostics: Diagnostic) -> JSONResponse:
    body = [d.to_dict() for d in diagnostics]
    return JSONResponse({"error": body[0], "diagnostics": body}, status_code=status)


# The methods a 405's ``Allow`` may name: those the routes are declared with.
_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(app: FastAPI, scope: Scope) -> list[str]:
    """Every method some route answers at this path (RFC 9110: a 405 says which in ``Allow``).

    The router's own 405 names only the first route that matched the path, and a path may
    have several (GET and POST are two routes): each method is tried against every route.
    A mount (the static files) matches any method and answers GET and HEAD.
    """
    # as the app saw the request, before a mount (the static files) moved its root path
    scope = {**scope, "root_path": scope.get("app_root_path", scope.get("root_path", ""))}
    methods: set[str] = set()
    for route in app.router.routes:
        if isinstance(route, Mount):
            if route.matches(scope)[0] is not Match.NONE:
                methods |= {"GET", "HEAD"}
            continue
        for method in _METHODS:
            if route.matches({**scope, "method": method})[0] is Match.FULL:
                methods.add(method)
    if "GET" in methods:
        methods.add("HEAD")  # every GET answers HEAD too (landfall.api.head)
    return [m for m in _METHODS if m in methods]


def status_of(error: LandfallError) -> int:
    """The HTTP status of a landfall error (400 for the base class alone)."""
    if isinstance(error, InputError) and error.code in UNKNOWN_REFERENCES:
        return 409
    for kind, status in STATUS:
        if isinstance(error, kind):
            return status
    return 400


def install(app: FastAPI) -> None:
    @app.exception_handler(LandfallError)
    async def landfall_error(_: Request, exc: LandfallError) -> JSONResponse:
        status = status_of(exc)
        if status >= 500:
            log.error("rulebook or server error: %s", exc)
        response = error_response(status, *exc.diagnostics)
        if isinstance(exc, AuthError):
            response.headers["WWW-Authenticate"] = "Bearer"
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        found = []
        status = 422
        for err in exc.errors()[:20]:
            loc = ".".join(str(p) for p in err.get("loc", ()))
            if err.get("type") == "json_invalid":
                status = 400
                found.append(
                    Diagnostic(
                        "malformed-json",
                        "the body is not valid JSON",
                        Where("<request>", None, loc),
                        "send a JSON object",
                    )
                )
            else:
                found.append(
                    Diagnostic(
                        "invalid-request",
                        str(err.get("msg", "invalid")),
                        Where("<request>", None, loc),
                        "see /openapi.json for the parameters",
                    )
                )
        return error_response(status, *(found or [Diagnostic("invalid-request", "invalid")]))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        code, message, hint = _HTTP_CODES.get(
            exc.status_code, ("http-error", str(exc.detail), None)
        )
        response = error_response(exc.status_code, Diagnostic(code, message, Where(), hint))
        response.headers.update(exc.headers or {})
        if exc.status_code == 405:
            response.headers["Allow"] = ", ".join(allowed_methods(request.app, request.scope))
        return response

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return error_response(
            500,
            Diagnostic(
                "internal-error",
                "landfall failed to answer this request",
                Where(),
                "the server log has the details; please report it",
            ),
        )
