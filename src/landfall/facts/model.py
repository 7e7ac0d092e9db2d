"""Pydantic models of the facts document, format version 1.

Names here are a public contract (docs/facts-format.md): add fields, never rename them.
Every event carries ``date``: the valid time, an ISO date or an ISO datetime with an offset.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from landfall.facts.format1 import AMOUNT_RUB, AUDIENCE_RU, ShortForm
from landfall.periods import parse_when

SLUG = r"^[a-z0-9][a-z0-9-]*$"
ISO2 = r"^[A-Z]{2}$"
"""ISO 3166-1 alpha-2; `EU` (the Union as a whole) has the same shape."""
# ids join the ledger's event key with newlines, and pages show them: neither may be in one
RESOURCE_ID = r"^[^\x00-\x1f\x7f<>]+$"
ISO4217 = r"^[A-Z]{3}$"
WORD = r"^[a-z0-9][a-z0-9_-]*$"
"""An open vocabulary's id (a measure, a list, a presence form): each rulebook names its own."""

Metric = Literal["daily_users", "daily_access", "registered_users", "monthly_active_recipients"]


def _parse_when(value: object) -> dt.date | dt.datetime:
    """A date, or a datetime that must carry its offset (hours matter for deadlines)."""
    if isinstance(value, str | dt.date):
        return parse_when(value)
    raise ValueError("expected an ISO date (YYYY-MM-DD) or an ISO datetime with offset")


When = Annotated[dt.date | dt.datetime, BeforeValidator(_parse_when)]


def _whole_number(value: Any) -> Any:
    # pydantic's lax mode reads `true` as 1, `1.0` as 1 and "5" as 5; an integer field takes
    # integers (YAML's `5` and JSON's 5 are integers already; "5" is text)
    if isinstance(value, bool | float | str):
        raise PydanticCustomError("int_type", "expected an integer, not {kind}", _kind_of(value))
    return value


def _flag(value: Any) -> Any:
    # a yes/no fact is JSON's or YAML's true/false: lax mode would read 0, 1.0 and "yes" as
    # booleans, so a number or a word in a yes/no field would pass as a fact nobody asserted
    if not isinstance(value, bool):
        raise PydanticCustomError(
            "bool_type", "expected true or false, not {kind}", _kind_of(value)
        )
    return value


Flag = Annotated[bool, BeforeValidator(_flag)]
"""A yes/no fact: only true or false."""


def _number(value: Any) -> Any:
    # an amount is a JSON or YAML number: lax mode would read `true` as 1.0 and "5" as 5.0
    if isinstance(value, bool | str):
        raise PydanticCustomError("float_type", "expected a number, not {kind}", _kind_of(value))
    return value


def _kind_of(value: object) -> dict[str, str]:
    # pydantic's error types (int_type, float_type, bool_type): the loader's code is wrong-type
    if isinstance(value, bool):
        return {"kind": "a boolean"}
    if isinstance(value, str):
        return {"kind": f"the text {value[:40]!r}"}
    if isinstance(value, int):
        return {"kind": "a number"}
    if isinstance(value, float):
        return {"kind": "a decimal"}
    return {
        "kind": "a list"
        if isinstance(value, list)
        else "a mapping"
        if isinstance(value, dict)
        else "a value"
    }


Whole = BeforeValidator(_whole_number)
Number = BeforeValidator(_number)


def day_of(when: dt.date | dt.datetime) -> dt.date:
    """The calendar date of a valid time (a datetime's own local date)."""
    return when.date() if isinstance(when, dt.datetime) else when


class _Strict(BaseModel):
    # a docstring under a field is its description in the JSON Schema (`landfall schema facts`)
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Revenue(_Strict):
    """A company's revenue in one calendar year, in one currency, from one scope."""

    year: Annotated[int, Whole] = Field(ge=1900, le=2200)
    """The calendar year."""
    amount: Annotated[float, Number] = Field(ge=0)
    """The amount, in `currency`."""
    currency: str = Field(pattern=ISO4217, description="ISO 4217")
    scope: str = Field(
        pattern=r"^([A-Z]{2}|world)$",
        description="ISO2 country whose sales are counted, or `world`",
    )
    basis: str | None = Field(
        default=None,
        description="Whose revenue it is and where the figure comes from (e.g. a court ruling).",
    )
    source: str | list[str] | None = None
    """A URL or document reference, or a list of them."""


class Company(_Strict):
    id: str = Field(pattern=SLUG)
    """A slug, unique in the document; events name the company by it."""
    name: str | None = None
    """The legal name, as reports show it."""
    country: str | None = Field(default=None, pattern=ISO2)
    """ISO 3166-1 alpha-2 code of the seat; RU means a Russian, not a foreign, person."""
    revenue_rub: dict[int, Annotated[float, Number]] = Field(default_factory=dict)
    """Short form: revenue from sales in Russia by calendar year, in rubles ({2021: N})."""
    revenue: list[Revenue] = Field(default_factory=list)
    """Revenue entries by year, currency and scope; turnover fines read them."""
    offender: Literal["legal_entity", "official", "citizen"] = "legal_entity"
    """Who answers for a fine; the Code's amounts differ by offender."""
    facts_complete: Flag = Field(
        default=True,
        description=(
            "True: the document records every act of the company, so a missing feedback"
            " form, account, office or counter means it was not done. False (a case book"
            " compiled from the press): a missing act is unknown, not a violation."
        ),
    )
    localization_exceptions: list[Annotated[int, Whole]] = Field(
        default_factory=list,
        description="Paragraphs of 152-FZ art. 6 part 1 under which all processing happens.",
    )
    source: str | None = None
    """Where the facts about the company come from."""
    note: str | None = None
    """Free text."""
    public: Flag | None = None
    """Whether public pages may show the record; absent: when its document publishes an event
    about the company."""

    def revenue_in(self, year: int, currency: str, scope: str) -> Revenue | None:
        """The revenue of ``year`` in ``currency`` from ``scope``; ``revenue_rub`` is RUB from RU."""
        for entry in self.revenue:
            if (entry.year, entry.currency, entry.scope) == (year, currency, scope):
                return entry
        if (currency, scope) == ("RUB", "RU") and year in self.revenue_rub:
            return Revenue(year=year, amount=self.revenue_rub[year], currency="RUB", scope="RU")
        return None


class Resource(_Strict):
    id: str = Field(min_length=1, max_length=253, pattern=RESOURCE_ID)
    """Usually the domain or the app id, unique in the document; no control characters
    (newlines), `<` or `>`."""
    company: str = Field(pattern=SLUG)
    """The id of the company that owns the resource."""
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
    """What the resource is; some duties depend on it."""
    russian_language: Flag | None = None
    """Information is disseminated in Russian or a language of Russia's peoples (unknown when absent)."""
    ads_targeting_russia: Flag | None = None
    """Advertising aimed at consumers in Russia is disseminated (unknown when absent)."""
    processes_russian_users_data: Flag | None = None
    """Data about users located in Russia is processed (unknown when absent)."""
    payments_from_russia: Flag | None = None
    """Money is received from Russian individuals or legal entities (unknown when absent)."""
    organizer_of_information_dissemination: Flag | None = None
    """Registered as an organizer of information dissemination."""
    source: str | None = None
    """Where the facts about the resource come from."""
    note: str | None = None
    """Free text."""
    public: Flag | None = None
    """Whether public pages may show the record; absent: when its document publishes an event
    about the resource's company."""


class _Event(_Strict):
    date: When
    """The valid time: an ISO date, or an ISO datetime with its offset where hours matter."""
    source: str | list[str] | None = None
    """A URL or document reference, or a list of them."""
    note: str | None = None
    """Free text."""
    status: Literal["verified", "partially_verified", "conflicting", "unverified"] | None = None
    """How well the sources establish the event."""
    public: Flag | None = None
    """Whether public pages of the dashboard and API may show the event."""
    event_key: str | None = Field(
        default=None, description="A collector's content key (the takedown tracker's idempotence)."
    )

    @property
    def day(self) -> dt.date:
        return day_of(self.date)


def _short_form_schema(form: ShortForm, value_schema: dict[str, Any]) -> Any:
    def extra(schema: dict[str, Any], _: type) -> None:
        form.schema(schema, value_schema)

    return extra


class _ShortFormed(_Event):
    """An event format 1 may spell in a short form: read as the neutral names, written back in
    the short form where it can say the value (:mod:`landfall.facts.format1`)."""

    _short_form: ClassVar[ShortForm]

    @model_validator(mode="before")
    @classmethod
    def _format1(cls, data: Any) -> Any:
        return cls._short_form.expand(data)

    @model_serializer(mode="wrap")
    def _short(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return self._short_form.contract(handler(self))


class AudienceEvent(_ShortFormed):
    type: Literal["audience"]
    """`audience`: a resource's audience, valid until its next audience event."""
    _short_form = AUDIENCE_RU
    model_config = ConfigDict(
        json_schema_extra=_short_form_schema(AUDIENCE_RU, {"type": "integer", "minimum": 0})
    )

    resource: str
    """The resource id."""
    country: str = Field(pattern=ISO2)
    """Where the users are: ISO 3166-1 alpha-2, or `EU` for the Union as a whole."""
    metric: Metric
    """What is counted: `daily_users`, `daily_access`, `registered_users` or `monthly_active_recipients`."""
    value: Annotated[int, Whole] = Field(ge=0)
    """The figure (`daily_users_ru: N` is short for `country: RU, metric: daily_users, value: N`)."""
    method: str | None = None
    """How the figure was obtained (exact, hll)."""

    @property
    def daily_users_ru(self) -> Any:
        """Format 1's reading, for callers of the library: `value` when it counts daily users
        in Russia, else None. The engine and the rules read the neutral fields."""
        return self.value if (self.country, self.metric) == ("RU", "daily_users") else None


class AudienceSeriesEvent(_ShortFormed):
    type: Literal["audience_series"]
    """`audience_series`: one figure a day from `date`."""
    _short_form = AUDIENCE_RU
    model_config = ConfigDict(
        json_schema_extra=_short_form_schema(
            AUDIENCE_RU, {"type": "array", "items": {"type": "integer", "minimum": 0}}
        )
    )

    resource: str
    """The resource id."""
    country: str = Field(pattern=ISO2)
    """Where the users are: ISO 3166-1 alpha-2, or `EU` for the Union as a whole."""
    metric: Metric
    """What is counted, as on `audience`."""
    value: list[Annotated[int, Whole, Field(ge=0)]]
    """The figures, the first for `date`, then one per following day."""

    @property
    def daily_users_ru(self) -> Any:
        """Format 1's reading, for callers of the library: `value` when it counts daily users
        in Russia, else None. The engine and the rules read the neutral fields."""
        return self.value if (self.country, self.metric) == ("RU", "daily_users") else None


class FeedbackFormEvent(_Event):
    type: Literal["feedback_form"]
    """`feedback_form`: the resource carries an electronic feedback form."""
    resource: str
    """The resource id."""
    removed: Flag = False
    """True when the form was withdrawn."""


class RknAccountEvent(_Event):
    type: Literal["rkn_account"]
    """`rkn_account`: a personal account on the regulator's site."""
    company: str = Field(pattern=SLUG)
    """The company id."""
    removed: Flag = False
    """True when the account was closed."""


class LocalPresenceEvent(_Event):
    type: Literal["local_presence"]
    """`local_presence`: a branch, representative office, local legal entity or representative."""
    company: str = Field(pattern=SLUG)
    """The company id."""
    country: str = Field(default="RU", pattern=ISO2)
    """The country of the presence (ISO 3166-1 alpha-2)."""
    form: Literal[
        "branch",
        "representative_office",
        "legal_entity",
        "representative",
        "legal_representative",
        "capital_company",
    ]
    """The form of the presence; the country's rulebook says which forms count."""
    person: Literal["natural", "legal"] | None = None
    """Whether the presence (a representative) is a natural or a legal person."""
    resident: Flag | None = None
    """For a natural person: resides in the country."""
    citizen: Flag | None = None
    """For a natural person: a citizen of the country."""
    capital: float | None = Field(default=None, ge=0)
    """For a company (a `capital_company`): its principal capital, in `capital_currency`."""
    capital_currency: str | None = Field(default=None, pattern=ISO4217)
    """ISO 4217 code of the currency `capital` is stated in."""
    closed: Flag = False
    """True when it was closed."""
    designated: Flag | None = Field(
        default=None,
        description=(
            "True: the company designated this presence to the regulator as its local"
            " presence (a notice, or the regulator's acceptance). A Russian legal entity"
            " counts only when designated; a branch or representative office is the"
            " company's own."
        ),
    )
    functioning: Flag | None = Field(
        default=None,
        description=(
            "False: the presence does not perform its functions (handling appeals, executing"
            " court decisions, representing the company in court, restricting access); a"
            " dormant or merely incorporated entity does not meet the duty."
        ),
    )


class AudienceCounterEvent(_Event):
    type: Literal["audience_counter"]
    """`audience_counter`: the regulator's audience counter on the resource."""
    resource: str
    """The resource id."""
    removed: Flag = False
    """True when the counter was removed."""


class DataStoreEvent(_Event):
    type: Literal["data_store"]
    """`data_store`: a store of personal data, as the company declares it."""
    company: str = Field(pattern=SLUG)
    """The company id."""
    store: str
    """The store's id."""
    country: str = Field(pattern=ISO2)
    """ISO 3166-1 alpha-2 code of where the store is."""
    holds_russian_personal_data: Flag
    """True when it holds personal data of Russian users."""
    role: Literal["primary", "replica", "backup"]
    """The store's role."""
    retired: Flag = False
    """True when the store was retired."""


class ScanCoverage(_Strict):
    """Which of a store's relations (tables, views) a scan read in full."""

    relations_scanned: Annotated[int, Whole] = Field(ge=0)
    """Relations read in full."""
    relations_total: Annotated[int, Whole] = Field(ge=0)
    """Relations the store holds (of those the scan was to read)."""
    not_covered: list[str] = Field(default_factory=list)
    """The names of the relations not read: the scan's counts say nothing about them."""

    @model_validator(mode="after")
    def _consistent(self) -> ScanCoverage:
        if self.relations_scanned > self.relations_total:
            raise ValueError("relations_scanned cannot exceed relations_total")
        if len(self.not_covered) != self.relations_total - self.relations_scanned:
            raise ValueError("not_covered must name each relation not scanned")
        return self

    @property
    def complete(self) -> bool:
        return not self.not_covered


class ScanEvent(_Event):
    """Evidence from the localization scanner about one data store (landfall addition)."""

    type: Literal["scan"]
    """`scan`: evidence from `landfall scan`."""
    company: str = Field(pattern=SLUG)
    """The company id."""
    store: str
    """The store's id."""
    country: str | None = Field(default=None, pattern=ISO2)
    """Where the store is, when located."""
    role: Literal["primary", "replica", "backup"]
    """The store's role."""
    rows_scanned: Annotated[int, Whole] = Field(ge=0)
    """Rows read."""
    russian_user_rows: Annotated[int, Whole] = Field(ge=0)
    """Rows holding Russian users' personal data."""
    signals: dict[str, Annotated[int, Whole]] = Field(default_factory=dict)
    """Counts per detector."""
    reconciliation: dict[str, Any] | None = None
    """How many records abroad also exist in a Russian primary store."""
    located_by: str | None = None
    """How the store's country was established."""
    coverage: ScanCoverage | None = None
    """Which relations were read; a scan with relations `not_covered` is partial and cannot
    show that data is absent (absent: coverage not recorded)."""

    @property
    def partial(self) -> bool:
        return self.coverage is not None and not self.coverage.complete


class DemandEvent(_Event):
    type: Literal["demand"]
    """`demand`: a demand from the regulator."""
    company: str = Field(pattern=SLUG)
    """The company id."""
    country: str = Field(default="RU", pattern=ISO2)
    """The state whose regulator (or whose users, for a complaint) demands (ISO2)."""
    id: str = Field(min_length=1)
    """Unique among the company's demands; recording it again supersedes the earlier record."""
    kind: Literal["takedown", "localization", "landing", "information", "complaint"]
    """What the regulator demands; `complaint` is a user's application."""
    basis: str | None = None
    """The provision, e.g. `149-FZ 15.3`; for takedown demands its article decides the deadline."""
    items: Annotated[int, Whole] = Field(default=1, ge=1)
    """How many items (pages, posts, videos) the demand covers."""
    item_ids: list[str] | None = None
    """The items' ids (URLs), when known."""
    deadline: When | None = None
    """The stated deadline; otherwise the rulebook computes it from `date` and `basis`."""
    aggravated: Flag | None = None
    """True when the content belongs to the aggravated categories."""


class DemandMetEvent(_Event):
    type: Literal["demand_met"]
    """`demand_met`: items of a demand handled at `date`."""
    company: str = Field(pattern=SLUG)
    """The company id."""
    demand: str
    """The demand's id."""
    items: Annotated[int, Whole] | None = Field(default=None, ge=1)
    """How many items were handled; absent means all of them."""


class TakedownActionEvent(_Event):
    """One item's fate under a takedown demand (landfall addition, from the tracker)."""

    type: Literal["takedown_action"]
    """`takedown_action`: one item's fate, from the takedown tracker."""
    company: str = Field(pattern=SLUG)
    """The company id."""
    demand: str
    """The demand's id."""
    item: str
    """The item's id (URL)."""
    action: Literal["removed", "restricted", "refused"]
    """What was done with the item."""
    reason: str | None = None
    """Why, for a refusal."""


class CaseOpenedEvent(_Event):
    type: Literal["case_opened"]
    """`case_opened`: the regulator opened an administrative case."""
    company: str = Field(pattern=SLUG)
    """The company id."""
    article: str
    """The article of the code or act (`law`), e.g. 13.11."""
    part: str | None = None
    """The part, e.g. 8."""


class FineEvent(_ShortFormed):
    """A decision imposing a fine; ``date`` is the day of the decision."""

    type: Literal["fine"]
    """`fine`: a decision imposing a fine; `date` is the day of the decision."""
    _short_form = AMOUNT_RUB
    model_config = ConfigDict(
        json_schema_extra=_short_form_schema(AMOUNT_RUB, {"type": "number", "minimum": 0})
    )

    company: str = Field(pattern=SLUG)
    """The company id."""
    id: str | None = Field(
        default=None, min_length=1, description="Unique among the company's fines: fine:<id>."
    )
    offense_date: dt.date | None = Field(
        default=None,
        description="The day the offence was committed (which law applies; repetition).",
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
    """The article of the code or act (`law`), e.g. 13.41."""
    part: str | None = None
    """The part; without it every part of the article is considered."""
    law: str | None = Field(default=None, pattern=SLUG)
    """The code or act the article belongs to; absent: the country's rulebook's own code."""
    amount: Annotated[float, Number] = Field(ge=0)
    """The amount, in `currency` (`amount_rub: N` is short for `amount: N, currency: RUB`)."""
    currency: str = Field(pattern=ISO4217)
    """ISO 4217 code of the amount's currency."""
    protocols: Annotated[int, Whole] = Field(default=1, ge=1)
    """How many protocols (offences) the decision joins."""
    offense: Literal["first", "repeat"] | None = None
    """As the decision states it: the court's finding decides the reading."""
    aggravated: Flag | None = None
    """True when the aggravated part applies."""

    @field_validator("article", "part", mode="before")
    @classmethod
    def _text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) else value

    @property
    def amount_rub(self) -> float | None:
        """Format 1's reading, for callers of the library: `amount` when in rubles, else None."""
        return self.amount if self.currency == "RUB" else None


class MeasureAppliedEvent(_Event):
    type: Literal["measure_applied"]
    """`measure_applied`: a measure of a landing law's ladder applied."""
    company: str = Field(pattern=SLUG)
    """The company id."""
    country: str = Field(default="RU", pattern=ISO2)
    """The state applying it (ISO2); its rulebook names the measures."""
    measure: str = Field(pattern=WORD)
    """The measure's id, as the country's rulebook names it (`landfall rules`)."""
    resource: str | None = None
    """The resource it targets, when it targets one."""


class MeasureLiftedEvent(_Event):
    type: Literal["measure_lifted"]
    """`measure_lifted`: a measure of a landing law's ladder lifted."""
    company: str = Field(pattern=SLUG)
    """The company id."""
    country: str = Field(default="RU", pattern=ISO2)
    """The state that had applied it (ISO2)."""
    measure: str = Field(pattern=WORD)
    """The measure lifted, as the country's rulebook names it."""
    resource: str | None = None
    """The resource it targeted, when it targeted one."""


class EnforcementActionEvent(_Event):
    """A state's action outside a landing law's ladder: a block, a slowdown, a register entry."""

    type: Literal["enforcement_action"]
    """`enforcement_action`: a state's action outside a landing law's ladder."""
    company: str = Field(pattern=SLUG)
    """The company id."""
    resource: str | None = None
    """The resource it targets."""
    country: str = Field(default="RU", pattern=ISO2)
    """The state acting (ISO 3166-1 alpha-2)."""
    action: Literal[
        "block", "throttle", "suspension", "register_of_violators", "delisting", "other"
    ]
    """What the state did; throttle is a slowdown."""
    basis: str | None = None
    """The provision or decision it rests on."""
    lifted: Flag = False
    """True when the action was lifted on `date`."""


class RegistrationEvent(_Event):
    """A filing with a regulator's register or portal, e.g. 152-FZ art. 12's cross-border notice."""

    # `register` is the document's name; pydantic's BaseModel has a `register` attribute
    model_config = ConfigDict(
        extra="forbid", frozen=True, validate_by_name=True, serialize_by_alias=True
    )

    type: Literal["registration"]
    """`registration`: a filing with a regulator's register or portal."""
    company: str = Field(pattern=SLUG)
    """The company id."""
    country: str = Field(default="RU", pattern=ISO2)
    """ISO 3166-1 alpha-2 code of the regulator's state."""
    register_: str = Field(
        alias="register",
        min_length=1,
        description="The register or portal, e.g. cross-border-notice (152-FZ art. 12).",
    )
    removed: Flag = False
    """True when the filing was withdrawn."""


class AppointmentEvent(_Event):
    """A person appointed to a role a country's law requires (an officer, a contact point)."""

    type: Literal["appointment"]
    """`appointment`: a person appointed to a role a country's law requires."""
    company: str = Field(pattern=SLUG)
    """The company id."""
    country: str = Field(pattern=ISO2)
    """The country whose law requires the role (ISO2, or `EU`)."""
    role: str = Field(pattern=WORD)
    """The role, e.g. chief_compliance_officer, nodal_contact_person, contact_point."""
    resident: Flag | None = None
    """True when the person resides in the country."""
    removed: Flag = False
    """True when the appointment ended on `date`."""


class ReportPublishedEvent(_Event):
    """A periodic report published, e.g. a transparency or a monthly compliance report."""

    type: Literal["report_published"]
    """`report_published`: a periodic report published."""
    company: str = Field(pattern=SLUG)
    """The company id."""
    country: str = Field(pattern=ISO2)
    """The country whose law requires the report (ISO2, or `EU`)."""
    report: str = Field(pattern=WORD)
    """The report, e.g. six_monthly, monthly_compliance, transparency."""
    period_end: dt.date | None = None
    """The last day of the period the report covers."""


class ListInclusionEvent(_Event):
    type: Literal["list_inclusion"]
    """`list_inclusion`: the company was put on (or taken off) a regulator's list."""
    company: str = Field(pattern=SLUG)
    """The company id."""
    country: str = Field(default="RU", pattern=ISO2)
    """The state whose regulator keeps the list (ISO2)."""
    list: str = Field(default="landing", pattern=WORD)
    """The list, as the country's rulebook names it; `landing` when absent."""
    removed: Flag = False
    """True when the company was taken off the list."""


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
    | AppointmentEvent
    | ReportPublishedEvent
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
    "appointment",
    "report_published",
    "list_inclusion",
)


class FactsDocument(_Strict):
    landfall: Annotated[Literal[1], Whole]
    """The format version."""
    companies: list[Company] = Field(default_factory=list)
    """The companies assessed."""
    resources: list[Resource] = Field(default_factory=list)
    """Their information resources."""
    events: list[Event] = Field(default_factory=list)
    """Dated facts, in any order."""
