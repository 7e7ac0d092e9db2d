"""API tokens and the roles they carry, stored hashed in the ledger database (``tokens``).

A token reads ``lf_<id>_<secret>``: the id finds the row, the secret is checked against its
SHA-256 (secrets are 256 random bits, so a plain hash is enough; nothing reversible is kept).
Roles: ``regulator`` (reads everything, appends), ``company:<id>`` (its own company only),
and ``public`` (no token: public events and what is built from them).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Column, MetaData, String, Table, select, update

from landfall.errors import Diagnostic, InputError, NotFoundError, Where
from landfall.ledger import connect
from landfall.ledger.events import format_instant

Role = Literal["regulator", "company", "public"]
_COMPANY_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,199}$")
_TOKEN = re.compile(r"^lf_([0-9a-f]{12})_([A-Za-z0-9_-]{20,100})$")

metadata = MetaData()
tokens = Table(
    "tokens",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("secret_hash", String(64), nullable=False),
    Column("role", String(210), nullable=False),
    Column("label", String(200)),
    Column("created_at", String(27), nullable=False),
    Column("revoked_at", String(27)),
)
"""Created by migration 0002; must describe the same columns."""


@dataclass(frozen=True)
class Principal:
    """Who is asking: the role, the company of a ``company:<id>`` token, and the token id."""

    role: Role
    company: str | None = None
    token_id: str | None = None

    @property
    def name(self) -> str:
        return f"company:{self.company}" if self.role == "company" else self.role

    def sees_company(self, company: str) -> bool:
        """Whether this principal may read the company's private events (public is separate)."""
        return self.role == "regulator" or (self.role == "company" and self.company == company)

    def may_append(self, company: str) -> bool:
        return self.sees_company(company)


PUBLIC = Principal("public")
REGULATOR = Principal("regulator")


def parse_role(text: str) -> Principal:
    """``regulator`` or ``company:<id>``; the public role needs no token."""
    if text == "regulator":
        return REGULATOR
    if text.startswith("company:") and _COMPANY_ID.match(text.removeprefix("company:")):
        return Principal("company", text.removeprefix("company:"))
    raise InputError(
        Diagnostic(
            "invalid-role",
            f"{text!r} is not a role a token can carry",
            Where(field="ROLE"),
            "use regulator or company:<company-id> (the public role needs no token)",
        )
    )


@dataclass(frozen=True)
class TokenInfo:
    id: str
    role: str
    label: str | None
    created_at: str
    revoked_at: str | None


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class TokenStore:
    """Tokens in the ledger database. Open the ledger first: its migrations create the table."""

    def __init__(self, url: str) -> None:
        self.url = url
        with connect.storage_errors(url):
            self._writer, self._reader = connect.create_engines(connect.parse_url(url))

    def close(self) -> None:
        self._writer.dispose()
        self._reader.dispose()

    def __enter__(self) -> TokenStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def create(self, role: str, label: str | None = None) -> tuple[TokenInfo, str]:
        """A new token for ``role``; the plain token is returned once and never stored."""
        principal = parse_role(role)
        token_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
        info = TokenInfo(token_id, principal.name, label, _now(), None)
        with connect.storage_errors(self.url), connect.write_transaction(self._writer) as conn:
            conn.execute(
                tokens.insert().values(
                    id=info.id,
                    secret_hash=_hash(secret),
                    role=info.role,
                    label=label,
                    created_at=info.created_at,
                )
            )
        return info, f"lf_{token_id}_{secret}"

    def revoke(self, token_id: str) -> TokenInfo:
        with connect.storage_errors(self.url), connect.write_transaction(self._writer) as conn:
            done = conn.execute(
                update(tokens)
                .where(tokens.c.id == token_id, tokens.c.revoked_at.is_(None))
                .values(revoked_at=_now())
            ).rowcount
        if not done:
            raise NotFoundError(
                Diagnostic(
                    "unknown-token",
                    f"no active token {token_id!r}",
                    Where(field="TOKEN_ID"),
                    "list tokens with `landfall token list`",
                )
            )
        return next(t for t in self.list() if t.id == token_id)

    def list(self) -> list[TokenInfo]:
        query = select(
            tokens.c.id, tokens.c.role, tokens.c.label, tokens.c.created_at, tokens.c.revoked_at
        ).order_by(tokens.c.created_at, tokens.c.id)
        with connect.storage_errors(self.url), self._reader.connect() as conn:
            return [TokenInfo(*row) for row in conn.execute(query)]

    def authenticate(self, token: str) -> Principal | None:
        """The principal of an active token, or None for anything else (never says why)."""
        match = _TOKEN.match(token)
        if match is None:
            return None
        token_id, secret = match.groups()
        query = select(tokens.c.secret_hash, tokens.c.role).where(
            tokens.c.id == token_id, tokens.c.revoked_at.is_(None)
        )
        with connect.storage_errors(self.url), self._reader.connect() as conn:
            row = conn.execute(query).first()
        if row is None or not hmac.compare_digest(row.secret_hash, _hash(secret)):
            return None
        principal = parse_role(row.role)
        return Principal(principal.role, principal.company, token_id)


def _now() -> str:
    return format_instant(dt.datetime.now(dt.UTC))
