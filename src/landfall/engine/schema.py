"""JSON Schema of the assessment (the public output contract), for `landfall schema`."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["met", "violated", "pending", "not_applicable", "unknown"]
Verdict = Literal["lawful", "lawful_if_reduced", "undecided", "unlawful", "time_barred"]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class UnverifiedParameter(_Open):
    id: str
    status: str
    note: str | None = None


class LawOut(_Open):
    law: str
    jurisdiction: str = Field(description="The law's state: ISO 3166-1 alpha-2, or EU.")
    applies: bool | None
    citation: str
    because: list[str]
    missing_facts: list[str] = []
    unverified_parameters: list[UnverifiedParameter] = []


class ObligationOut(_Open):
    id: str
    law: str
    jurisdiction: str = Field(description="The state of the obligation's law.")
    status: Status
    due: str | None
    citation: str
    because: list[str]
    missing_facts: list[str]
    demand: str | None = None
    enforcement: Literal["listed", "not_listed"] | None = Field(
        default=None,
        description="listed: on the regulator's list; not_listed: owed by statute, not listed yet.",
    )
    violated_from: str | None = Field(
        default=None, description="First day in violation, also for a duty met late."
    )
    violated_until: str | None = Field(
        default=None, description="Day the violation ended; absent while still violated."
    )
    unverified_parameters: list[UnverifiedParameter] = []


class FineOut(_Open):
    id: str | None = Field(default=None, description="The fine's id; explanations use fine:<id>.")
    date: str
    offense_date: str | None = None
    detected_date: str | None = None
    in_force_date: str | None = None
    paid_date: str | None = None
    article: str
    part: str | None
    amount: float = Field(description="The amount, in `currency`.")
    currency: str = Field(description="ISO 4217 code of the amount and the range.")
    range: list[float | None] | None = Field(
        description="[min, max] the law allows, in `currency`; max null when it needs a fact."
    )
    amount_rub: float | None = Field(description="The amount, when in rubles; else null.")
    protocols: int
    offense: Literal["first", "repeat"] | None
    range_rub: list[float | None] | None = Field(description="`range`, when in rubles; else null.")
    verdict: Verdict = Field(
        description="lawful_if_reduced: only within the range as reduced under art. 4.1;"
        " undecided: `needs` lists what would decide it."
    )
    needs: list[str] = Field(default=[], description="For an undecided fine: the facts needed.")
    lawful: bool | None
    citation: str | None
    because: list[str]


class ExposureOut(_Open):
    obligation: str
    article: str
    part: str | None
    currency: str = Field(description="ISO 4217 code of `min` and `max`.")
    min: float | None = Field(description="The least fine, in `currency`.")
    max: float | None = Field(description="The greatest fine; null when it needs a fact.")
    min_rub: float | None = Field(default=None, description="`min`, when in rubles.")
    max_rub: float | None = Field(default=None, description="`max`, when in rubles.")
    citation: str
    because: list[str]
    jurisdiction: str = Field(description="The state of the rulebook that found the exposure.")
    from_: str | None = Field(
        default=None, alias="from", description="The day the fine may be imposed from, if stated."
    )


class MeasuresOut(_Open):
    applied: list[str]
    available: list[str]
    next: str | None = None


class LadderOut(_Open):
    jurisdiction: str = Field(description="The state whose ladder of measures this is.")
    rulebook: str = Field(description="The rulebook whose measures definition answered.")
    available: list[str] = Field(description="The measures that may be taken now.")
    applied: list[str] = Field(description="The measures in force, in the law's order.")
    next: str | None = Field(description="The next measure of the ladder; null when none.")
    next_from: str | None = Field(
        description="The day the next measure may be taken, when the law fixes one; else null."
    )
    because: list[str]


class EnforcementActionOut(_Open):
    date: str
    action: str
    basis: str | None = None
    country: str | None = None
    resource: str | None = None
    lifted: bool = False
    source: str | list[str] | None = None


class CompanyOut(_Open):
    company: str
    laws: list[LawOut]
    obligations: list[ObligationOut]
    fines: list[FineOut]
    exposure: list[ExposureOut]
    measures: MeasuresOut = Field(
        description="Every rulebook's measures in one mapping (lists joined); see `ladders`."
    )
    ladders: list[LadderOut] = Field(
        default=[], description="One entry per rulebook with a ladder of measures, in order."
    )
    enforcement_actions: list[EnforcementActionOut] = Field(
        default=[], description="Blocks, slowdowns and register entries outside the landing law."
    )


class RulebookRef(_Open):
    id: str
    version: str


class AssessmentOut(_Open):
    as_of: str
    rulebook: RulebookRef = Field(description="The first rulebook assessed.")
    rulebooks: list[RulebookRef] = Field(description="Every rulebook assessed, in order.")
    companies: list[CompanyOut]


def assessment_schema() -> dict[str, Any]:
    return AssessmentOut.model_json_schema()
