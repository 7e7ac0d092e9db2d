"""Dependencies: the portal, the caller's principal, the dates every read takes.

Those that do no I/O are ``async``: FastAPI runs a plain function dependency in its thread
pool, a hop per dependency per request that the board's cached answers would mostly be.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from pydantic import BeforeValidator
from starlette.concurrency import run_in_threadpool

from landfall.api.ledger_watch import LedgerWatch
from landfall.errors import AuthError, Diagnostic, InputError, Where
from landfall.facts.integrity import EARLIEST, LATEST
from landfall.service.portal import Portal
from landfall.service.portal import Query as Moment
from landfall.settings import Settings
from landfall.tokens import PUBLIC, Principal, TokenStore

COOKIE = "landfall_token"
COMPANY_ID = r"^[a-z0-9][a-z0-9-]{0,99}$"
RESOURCE_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$"
OBLIGATION_ID = r"^[a-z0-9][a-z0-9.:_-]{0,199}$"
EVENT_TYPE = r"^[a-z_]{1,40}$"


async def get_portal(request: Request) -> Portal:
    portal: Portal = request.app.state.portal
    return portal


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_tokens(request: Request) -> TokenStore:
    tokens: TokenStore = request.app.state.tokens
    return tokens


def bad_token() -> AuthError:
    return AuthError(
        Diagnostic(
            "invalid-token",
            "the token is not an active landfall token",
            Where(field="authorization"),
            "send 'Authorization: Bearer lf_...' with a token from `landfall token create`, "
            "or no token for the public view",
        )
    )


async def get_principal(request: Request) -> Principal:
    """Bearer token (API) or the dashboard's cookie; none at all is the public role (no
    lookup: only a token is read from the database, in the thread pool, and kept while the
    database is unchanged: ``landfall.api.ledger_watch``)."""
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise bad_token()
    else:
        token = request.cookies.get(COOKIE, "")
        if not token:
            return PUBLIC
    token = token.strip()
    watch: LedgerWatch = request.app.state.watch
    version = watch.version()  # before the lookup: a revocation after it moves the version
    kept = watch.principal(token, version)
    if kept is not None:
        return kept
    principal = await run_in_threadpool(get_tokens(request).authenticate, token)
    if principal is None:
        raise bad_token()
    watch.keep_principal(token, version, principal)
    return principal


# The years the facts loader accepts, published in the schema so a client (or a schema-driven
# fuzzer) knows a date past them is refused; ``check_range`` is what enforces it.
IN_RANGE = {
    "pattern": f"^({EARLIEST.year // 10}[{EARLIEST.year % 10}-9]|20[0-9]{{2}}|{LATEST.year})-"
}

# A date is written YYYY-MM-DD (a moment may go on with a time). Pydantic alone also reads
# a number as a Unix timestamp (``until=0`` is 1970-01-01), which the schema does not
# promise: such a value is refused before it is parsed, a 422 naming the parameter.
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}([T ].*)?", re.DOTALL)


def _iso(pattern: re.Pattern[str], shape: str) -> BeforeValidator:
    def check(value: Any) -> Any:
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise ValueError(f"expected an ISO date, {shape}")
        return value

    return BeforeValidator(check)


IsoDay = Annotated[dt.date, _iso(_ISO_DAY, "YYYY-MM-DD")]
IsoMoment = Annotated[dt.date | dt.datetime, _iso(_ISO_MOMENT, "YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS")]


async def get_moment(
    as_of: Annotated[
        IsoDay | None,
        Query(
            description="Date to assess, YYYY-MM-DD (default: today), 1990-2100.",
            json_schema_extra=IN_RANGE,
        ),
    ] = None,
    known_at: Annotated[
        IsoMoment | None,
        Query(
            description="The picture as the ledger knew it then (date, or datetime; UTC if "
            "naive), 1990-2100.",
            json_schema_extra=IN_RANGE,
        ),
    ] = None,
) -> Moment:
    check_range(as_of, "as_of")
    check_range(known_at, "known_at")
    return Moment(as_of or dt.date.today(), utc(known_at))


def check_range(when: dt.date | dt.datetime | None, field: str) -> None:
    """A moment the facts loader would accept (1990-2100), or a 422 naming the parameter.

    Past the range a date has no instant left to compare with (9999-12-31 at -12:00 is
    after the last ``datetime``), and ``as_of=0`` is 1970-01-01 read as a timestamp.
    """
    if when is None:
        return
    day = when.date() if isinstance(when, dt.datetime) else when
    if not EARLIEST <= day <= LATEST:
        raise InputError(
            Diagnostic(
                "date-out-of-range",
                f"{field} {day.isoformat()} is outside {EARLIEST.year}-{LATEST.year}",
                Where(field=field),
                f"give a date such as {field}=2024-06-01",
            )
        )


def utc(when: dt.date | dt.datetime | None) -> dt.date | dt.datetime | None:
    """A naive datetime is read as UTC, as the CLI reads it."""
    if isinstance(when, dt.datetime) and when.tzinfo is None:
        return when.replace(tzinfo=dt.UTC)
    return when


PortalDep = Annotated[Portal, Depends(get_portal)]
PrincipalDep = Annotated[Principal, Depends(get_principal)]
MomentDep = Annotated[Moment, Depends(get_moment)]
