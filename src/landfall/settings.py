"""Settings for the server faces (API, dashboard, reports), read from ``LANDFALL_*`` variables.

Injected, never global: :func:`get_settings` builds them once on first call, and
``create_app(settings)`` takes them explicitly so tests pass their own.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LANDFALL_", extra="ignore")

    db: str | None = Field(
        default=None,
        description="Ledger URL (sqlite:///path.db or postgresql://...); default sqlite:///landfall.db.",
    )
    import_casebook: bool = Field(
        default=True,
        description="On an empty ledger, import the shipped case book when the server starts.",
    )
    max_body_bytes: int = Field(
        default=1_000_000, ge=1024, description="Largest request body accepted, in bytes."
    )
    max_events_per_request: int = Field(
        default=1000, ge=1, description="Most events one POST /api/events may append."
    )
    request_budget: float = Field(
        default=10.0,
        gt=0,
        description="Seconds a request may take to begin its answer; past them it is a 503 "
        "request-timeout (the work already begun still ends in its thread).",
    )
    cache_size: int = Field(
        default=256, ge=0, description="Assessments kept in memory, keyed by the ledger head."
    )
    cookie_secure: Literal["auto", "always", "never"] = Field(
        default="auto",
        description="The dashboard's cookies are Secure (sent over HTTPS only): 'auto' when the "
        "request came over HTTPS (directly, or through a proxy uvicorn trusts with "
        "--forwarded-allow-ips that sends X-Forwarded-Proto), 'always', or 'never'.",
    )
    rulebooks: list[str] = Field(
        default_factory=list,
        description="Ids of the rulebooks to assess, in order (default: every installed one; "
        "`landfall rulebooks` lists them).",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, built from the environment on first use."""
    return Settings()
