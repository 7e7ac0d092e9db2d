"""Wire models, named by direction: ``XCreate`` comes in, ``XPublic`` goes out."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


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
    country: str
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
    id: int
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
    prev_hash: str
    hash: str


class EventsPublic(BaseModel):
    events: list[EventPublic]
    limit: int
    offset: int


class EventsCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    events: list[dict[str, Any]] = Field(
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


class ExplanationPublic(BaseModel):
    company: str
    as_of: str
    obligation: str
    explanation: dict[str, Any]


class VerifyPublic(BaseModel):
    ok: bool
    count: int
    head: str
    broken_id: int | None
    problem: str | None
    message: str


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
