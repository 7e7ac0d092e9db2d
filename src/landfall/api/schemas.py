"""Wire models, named by direction: ``XCreate`` comes in, ``XPublic`` goes out."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainValidator

from landfall.facts.model import Event


class WherePublic(BaseModel):
    file: str | None = None
    line: int | None = None
    field: str | None = None


class DiagnosticPublic(BaseModel):
    code: str = Field(description="Stable kebab-case code, the same as the CLI's.")
    message: str
    where: WherePublic
    hint: str | None = None


class ErrorPublic(BaseModel):
    error: DiagnosticPublic
    diagnostics: list[DiagnosticPublic]


class WhoAmIPublic(BaseModel):
    role: str
    company: str | None = None
    token_id: str | None = None


class ResourcePublic(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    company: str
    kind: str


class CompanyPublic(BaseModel):
    id: str
    name: str
    country: str | None = Field(description="ISO 3166 code; null when the facts omit it.")
    listed: bool
    facts_complete: bool
    note: str | None = None


class CompanyDetailPublic(CompanyPublic):
    resources: list[ResourcePublic]


class CompaniesPublic(BaseModel):
    as_of: str
    companies: list[CompanyPublic]


class ResourcesPublic(BaseModel):
    as_of: str
    resources: list[ResourcePublic]


class EventPublic(BaseModel):
    id: int = Field(
        description="The event's id; for the public role, its public number (the same as seq)."
    )
    seq: int | None = Field(
        default=None,
        description="The public sequence number: 1, 2, ... over public events only; null for "
        "a private event.",
    )
    type: str
    kind: str
    company: str
    subject: str
    valid_from: str | None
    recorded_at: str
    public: bool
    source: str | None
    refers_to: int | None
    payload: dict[str, Any]
    author: dict[str, str] | None = Field(
        description="Who asserted it: {role, token} for an API client, {user, file, via} for "
        "a command; null for events recorded before authors were kept."
    )
    prev_hash: str | None = Field(
        default=None, description="The hash chain; null in the public role's view."
    )
    hash: str | None = None


class EventsPublic(BaseModel):
    events: list[EventPublic]
    limit: int
    offset: int


def _an_object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError("each event is a JSON object with a `type`")
    return value


# The schema says what an event must be (its `type` and that type's fields: the facts model's
# discriminated union), so a client or a schema-driven fuzzer knows `{}` is refused. The
# route takes the object as sent: the portal refuses a type the role may not assert before
# validating it, and the ledger validates the rest with the diagnostics of the facts format.
EventIn = Annotated[dict[str, Any], PlainValidator(_an_object, json_schema_input_type=Event)]


class EventsCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    events: list[EventIn] = Field(
        min_length=1,
        description="Facts-format events (docs/facts-format.md), appended in one transaction.",
    )


class AppendPublic(BaseModel):
    added: int
    skipped: int
    head: str


class AssessmentPublic(BaseModel):
    as_of: str
    known_at: str | None
    rulebook: dict[str, Any]
    company: str
    laws: list[dict[str, Any]]
    obligations: list[dict[str, Any]]
    fines: list[dict[str, Any]]
    exposure: list[dict[str, Any]]
    measures: dict[str, Any]
    ladders: list[dict[str, Any]] = Field(default_factory=list)
    enforcement_actions: list[dict[str, Any]] = Field(default_factory=list)


class ExplanationPublic(BaseModel):
    company: str
    as_of: str
    obligation: str
    explanation: dict[str, Any]


class VerifyPublic(BaseModel):
    ok: bool
    problem: str | None
    message: str
    # The regulator's view only: the count and head tell how much was appended, and when.
    count: int | None = None
    head: str | None = None
    broken_id: int | None = None
    # Every role: how many public events the verified chain holds (their last public number).
    public_count: int | None = None


class BoardRowPublic(BaseModel):
    company: str
    name: str
    listed: bool
    statuses: dict[str, str]
    fines: int
    fines_rub: float
    unlawful_fines: int
    undecided_fines: int
    measures: list[str]


class BoardPublic(BaseModel):
    as_of: str
    law: str | None
    rows: list[BoardRowPublic]


class ThresholdPublic(BaseModel):
    parameter: str
    value: Any
    effective_from: str
    citation: str
    country: str | None = Field(default=None, description="Where the threshold counts users.")
    metric: str | None = Field(default=None, description="What it counts, e.g. daily_users.")


class AudienceSeriesPublic(BaseModel):
    resource: str
    points: list[dict[str, Any]] = Field(description="``{date, daily_users_ru}`` per day.")


class AudiencePublic(BaseModel):
    company: str
    as_of: str
    threshold: ThresholdPublic | None
    series: list[AudienceSeriesPublic]


class ScansPublic(BaseModel):
    company: str
    as_of: str
    scans: list[dict[str, Any]]
    data_stores: list[dict[str, Any]]


class TakedownPublic(BaseModel):
    """Takedown demands as the engine judges them and the per-item on-time rate."""

    model_config = ConfigDict(extra="allow")
    company: str
    as_of: str
    demands: list[dict[str, Any]]
    counts: dict[str, Any]
    items: Any
    on_time_rate: float | None
    rate_text: str | None
    takedown_fines: Any
    column: Any
    note: str | None
    headline: str | None


class MeasureRungPublic(BaseModel):
    measure: str
    applied: bool
    available: bool


class MeasuresPublic(BaseModel):
    ladder: list[MeasureRungPublic]
    position: int = Field(description="The furthest rung applied (0: none).")
    because: list[str]


class RulebookIdPublic(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    version: str


class LawPublic(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    title: str
    citation: dict[str, Any]
    in_force: bool


class ParameterPublic(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    description: str
    unit: str | None
    value: Any
    effective_from: str
    status: str
    note: str | None
    citation: dict[str, Any]
    history: list[dict[str, Any]]


class RulePublic(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    definition: str
    law: str
    exception_to: str | None
    citation: str
    summary: str | None
    parameters: list[str]


class RulebookPublic(BaseModel):
    model_config = ConfigDict(extra="allow")
    rulebook: RulebookIdPublic
    as_of: str
    laws: list[LawPublic]
    parameters: list[ParameterPublic]
    rules: list[RulePublic]


class LawsPublic(BaseModel):
    as_of: str
    laws: list[LawPublic]
