"""JSON Schema of the assessment (the public output contract), for `landfall schema`."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

Status = Literal["met", "violated", "pending", "not_applicable", "unknown"]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class UnverifiedParameter(_Open):
    id: str
    status: str
    note: str | None = None


class LawOut(_Open):
    law: str
    applies: bool | None
    citation: str
    because: list[str]
    missing_facts: list[str] = []
    unverified_parameters: list[UnverifiedParameter] = []


class ObligationOut(_Open):
    id: str
    law: str
    status: Status
    due: str | None
    citation: str
    because: list[str]
    missing_facts: list[str]
    demand: str | None = None
    unverified_parameters: list[UnverifiedParameter] = []


class FineOut(_Open):
    date: str
    article: str
    part: str | None
    amount_rub: float
    protocols: int
    offense: Literal["first", "repeat"] | None
    range_rub: list[float | None] | None
    lawful: bool | None
    citation: str | None
    because: list[str]


class ExposureOut(_Open):
    obligation: str
    article: str
    part: str | None
    min_rub: float | None
    max_rub: float | None
    citation: str
    because: list[str]


class MeasuresOut(_Open):
    applied: list[str]
    available: list[str]
    next: str | None = None


class CompanyOut(_Open):
    company: str
    laws: list[LawOut]
    obligations: list[ObligationOut]
    fines: list[FineOut]
    exposure: list[ExposureOut]
    measures: MeasuresOut


class RulebookRef(_Open):
    id: str
    version: str


class AssessmentOut(_Open):
    as_of: str
    rulebook: RulebookRef
    companies: list[CompanyOut]


def assessment_schema() -> dict[str, Any]:
    return AssessmentOut.model_json_schema()
