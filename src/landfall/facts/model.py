"""Pydantic models of the facts document, format version 1.

Names here are a public contract (docs/facts-format.md): add fields, never rename them.
Every event carries ``date``: the valid time, an ISO date or an ISO datetime with an offset.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
)

SLUG = r"^[a-z0-9][a-z0-9-]*$"
ISO2 = r"^[A-Z]{2}$"


def _parse_when(value: object) -> dt.date | dt.datetime:
    """A date, or a datetime that must carry its offset (hours matter for deadlines)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("a datetime needs an offset, e.g. 2021-06-10T10:00:00+03:00")
        return value
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            raise ValueError("a datetime needs an offset, e.g. 2021-06-10T10:00:00+03:00")
        return parsed
    raise ValueError("expected an ISO date (YYYY-MM-DD) or an ISO datetime with offset")


When = Annotated[dt.date | dt.datetime, BeforeValidator(_parse_when)]


def day_of(when: dt.date | dt.datetime) -> dt.date:
    """The calendar date of a valid time (a datetime's own local date)."""
    return when.date() if isinstance(when, dt.datetime) else when


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Revenue(_Strict):
    """A company's revenue in one calendar year, in one currency, from one scope."""

    year: int = Field(ge=1900, le=2200)
    amount: float = Field(ge=0)
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217")
    scope: str = Field(
        pattern=r"^([A-Z]{2}|world)$",
        description="ISO2 country whose sales are counted, or `world`",
    )
    basis: str | None = Field(
        default=None,
        description="Whose revenue it is and where the figure comes from (e.g. a court ruling).",
    )
    source: str | list[str] | None = None


class Company(_Strict):
    id: str = Field(pattern=SLUG)
    name: str | None = None
    country: str | None = Field(default=None, pattern=ISO2)
    revenue_rub: dict[int, float] = Field(default_factory=dict)
    revenue: list[Revenue] = Field(default_factory=list)
    offender: Literal["legal_entity", "official", "citizen"] = "legal_entity"
    facts_complete: bool = Field(
        default=True,
        description=(
            "True: the document records every act of the company, so a missing feedback"
            " form, account, office or counter means it was not done. False (a case book"
            " compiled from the press): a missing act is unknown, not a violation."
        ),
    )
    localization_exceptions: list[int] = Field(
        default_factory=list,
        description="Paragraphs of 152-FZ art. 6 part 1 under which all processing happens.",
    )
    source: str | None = None
    note: str | None = None

    def revenue_in(self, year: int, currency: str, scope: str) -> Revenue | None:
        """The revenue of ``year`` in ``currency`` from ``scope``; ``revenue_rub`` is RUB from RU."""
        for entry in self.revenue:
            if (entry.year, entry.currency, entry.scope) == (year, currency, scope):
                return entry
        if (currency, scope) == ("RUB", "RU") and year in self.revenue_rub:
            return Revenue(year=year, amount=self.revenue_rub[year], currency="RUB", scope="RU")
        return None


class Resource(_Strict):
    id: str = Field(min_length=1, max_length=253)
    company: str
    kind: Literal[
        "website",
        "app",
        "social_network",
        "messenger",
        "video_hosting",
        "search_engine",
        "hosting",
        "ad_system",
        "information_system",
        "other",
    ] = "other"
    russian_language: bool | None = None
    ads_targeting_russia: bool | None = None
    processes_russian_users_data: bool | None = None
    payments_from_russia: bool | None = None
    organizer_of_information_dissemination: bool | None = None
    source: str | None = None
    note: str | None = None


class _Event(_Strict):
    date: When
    source: str | list[str] | None = None
    note: str | None = None
    status: Literal["verified", "partially_verified", "conflicting", "unverified"] | None = None
    public: bool | None = None
    event_key: str | None = Field(
        default=None, description="A collector's content key (the takedown tracker's idempotence)."
    )

    @property
    def day(self) -> dt.date:
        return day_of(self.date)


class AudienceEvent(_Event):
    type: Literal["audience"]
    resource: str
    daily_users_ru: int = Field(ge=0)
    method: str | None = None


class AudienceSeriesEvent(_Event):
    type: Literal["audience_series"]
    resource: str
    daily_users_ru: list[Annotated[int, Field(ge=0)]]


class FeedbackFormEvent(_Event):
    type: Literal["feedback_form"]
    resource: str
    removed: bool = False


class RknAccountEvent(_Event):
    type: Literal["rkn_account"]
    company: str
    removed: bool = False


class LocalPresenceEvent(_Event):
    type: Literal["local_presence"]
    company: str
    form: Literal["branch", "representative_office", "legal_entity"]
    closed: bool = False
    designated: bool | None = Field(
        default=None,
        description=(
            "True: the company designated this presence to the regulator as its local"
            " presence (a notice, or the regulator's acceptance). A Russian legal entity"
            " counts only when designated; a branch or representative office is the"
            " company's own."
        ),
    )
    functioning: bool | None = Field(
        default=None,
        description=(
            "False: the presence does not perform its functions (handling appeals, executing"
            " court decisions, representing the company in court, restricting access); a"
            " dormant or merely incorporated entity does not meet the duty."
        ),
    )


class AudienceCounterEvent(_Event):
    type: Literal["audience_counter"]
    resource: str
    removed: bool = False


class DataStoreEvent(_Event):
    type: Literal["data_store"]
    company: str
    store: str
    country: str = Field(pattern=ISO2)
    holds_russian_personal_data: bool
    role: Literal["primary", "replica", "backup"]
    retired: bool = False


class ScanEvent(_Event):
    """Evidence from the localization scanner about one data store (landfall addition)."""

    type: Literal["scan"]
    company: str
    store: str
    country: str | None = Field(default=None, pattern=ISO2)
    role: Literal["primary", "replica", "backup"]
    rows_scanned: int = Field(ge=0)
    russian_user_rows: int = Field(ge=0)
    signals: dict[str, int] = Field(default_factory=dict)
    reconciliation: dict[str, Any] | None = None
    located_by: str | None = None


class DemandEvent(_Event):
    type: Literal["demand"]
    company: str
    id: str = Field(min_length=1)
    kind: Literal["takedown", "localization", "landing", "information"]
    basis: str | None = None
    items: int = Field(default=1, ge=1)
    item_ids: list[str] | None = None
    deadline: When | None = None
    aggravated: bool | None = None


class DemandMetEvent(_Event):
    type: Literal["demand_met"]
    company: str
    demand: str
    items: int | None = Field(default=None, ge=1)


class TakedownActionEvent(_Event):
    """One item's fate under a takedown demand (landfall addition, from the tracker)."""

    type: Literal["takedown_action"]
    company: str
    demand: str
    item: str
    action: Literal["removed", "restricted", "refused"]
    reason: str | None = None


class CaseOpenedEvent(_Event):
    type: Literal["case_opened"]
    company: str
    article: str
    part: str | None = None


class FineEvent(_Event):
    """A decision imposing a fine; ``date`` is the day of the decision."""

    type: Literal["fine"]
    company: str
    id: str | None = Field(
        default=None, min_length=1, description="Unique among the company's fines: fine:<id>."
    )
    offense_date: dt.date | None = Field(
        default=None, description="The day the offence was committed (KoAP arts. 1.7, 4.6)."
    )
    detected_date: dt.date | None = Field(
        default=None,
        description="A continuing offence: the day it was detected (turnover year, art. 4.5).",
    )
    in_force_date: dt.date | None = Field(
        default=None, description="The day the decision entered into force (art. 4.6)."
    )
    paid_date: dt.date | None = Field(default=None, description="The day the fine was paid.")
    article: str
    part: str | None = None
    amount_rub: float = Field(ge=0)
    protocols: int = Field(default=1, ge=1)
    offense: Literal["first", "repeat"] | None = None
    aggravated: bool | None = None

    @field_validator("article", "part", mode="before")
    @classmethod
    def _text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) else value


MeasureId = Literal[
    "informing-users",
    "advertising-ban",
    "ads-placement-ban",
    "payments-restriction",
    "search-exclusion",
    "personal-data-ban",
    "partial-restriction",
    "full-blocking",
]


class MeasureAppliedEvent(_Event):
    type: Literal["measure_applied"]
    company: str
    measure: MeasureId
    resource: str | None = None


class MeasureLiftedEvent(_Event):
    type: Literal["measure_lifted"]
    company: str
    measure: MeasureId
    resource: str | None = None


class EnforcementActionEvent(_Event):
    """A state's action outside a landing law's ladder: a block, a slowdown, a register entry."""

    type: Literal["enforcement_action"]
    company: str
    resource: str | None = None
    country: str = Field(default="RU", pattern=ISO2)
    action: Literal[
        "block", "throttle", "suspension", "register_of_violators", "delisting", "other"
    ]
    basis: str | None = None
    lifted: bool = False


class RegistrationEvent(_Event):
    """A filing with a regulator's register or portal, e.g. 152-FZ art. 12's cross-border notice."""

    # `register` is the document's name; pydantic's BaseModel has a `register` attribute
    model_config = ConfigDict(
        extra="forbid", frozen=True, validate_by_name=True, serialize_by_alias=True
    )

    type: Literal["registration"]
    company: str
    country: str = Field(default="RU", pattern=ISO2)
    register_: str = Field(
        alias="register",
        min_length=1,
        description="The register or portal, e.g. cross-border-notice (152-FZ art. 12).",
    )
    removed: bool = False


class ListInclusionEvent(_Event):
    type: Literal["list_inclusion"]
    company: str
    list: Literal["landing", "social_networks"] = "landing"
    removed: bool = False


Event = Annotated[
    AudienceEvent
    | AudienceSeriesEvent
    | FeedbackFormEvent
    | RknAccountEvent
    | LocalPresenceEvent
    | AudienceCounterEvent
    | DataStoreEvent
    | ScanEvent
    | DemandEvent
    | DemandMetEvent
    | TakedownActionEvent
    | CaseOpenedEvent
    | FineEvent
    | MeasureAppliedEvent
    | MeasureLiftedEvent
    | EnforcementActionEvent
    | RegistrationEvent
    | ListInclusionEvent,
    Field(discriminator="type"),
]

EVENT_TYPES: tuple[str, ...] = (
    "audience",
    "audience_series",
    "feedback_form",
    "rkn_account",
    "local_presence",
    "audience_counter",
    "data_store",
    "scan",
    "demand",
    "demand_met",
    "takedown_action",
    "case_opened",
    "fine",
    "measure_applied",
    "measure_lifted",
    "enforcement_action",
    "registration",
    "list_inclusion",
)


class FactsDocument(_Strict):
    landfall: Literal[1]
    companies: list[Company] = Field(default_factory=list)
    resources: list[Resource] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
