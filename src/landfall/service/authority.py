"""Who may assert which event type: a company its own evidence, the regulator its acts.

A company token writes the facts a company itself produces or can show (its feedback form,
account, presence, counter, data stores, scans, audience figures, what it did about a demand,
its appointments, registrations and reports). The acts of the regulator (lists, measures,
fines, cases, demands, enforcement actions) come from the regulator role or from a file an
operator imports; a company that could post them could take itself off a list or lift its
own ban. The table is data, one line per type, so a new event type is a conscious choice: a
type not named here is the regulator's (a company is refused what nobody decided it may do).

Within its own evidence, a company asserts facts, not findings about them. Whatever it posts
is stored as its claim: the row's author names its token, and every face shows the author
and the record time beside the event, so a ``source`` it cites ("RKN order 2", a URL) reads
as the company's citation, not the regulator's. A ``status`` saying how well the sources
establish the event is a finding: ``verified`` (or ``partially_verified``) from a company
would be its own word that its word was checked, and is refused rather than stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from landfall.tokens import Principal

Asserter = Literal["company", "regulator"]

WHO_ASSERTS: dict[str, Asserter] = {
    # the company's own evidence
    "feedback_form": "company",
    "rkn_account": "company",
    "local_presence": "company",
    "audience_counter": "company",
    "data_store": "company",
    "scan": "company",
    "audience": "company",
    "audience_series": "company",
    "takedown_action": "company",
    "demand_met": "company",
    "appointment": "company",
    "registration": "company",
    "report_published": "company",
    # the regulator's acts
    "list_inclusion": "regulator",
    "measure_applied": "regulator",
    "measure_lifted": "regulator",
    "fine": "regulator",
    "case_opened": "regulator",
    "demand": "regulator",
    "enforcement_action": "regulator",
}


REGULATOR_FINDINGS: dict[str, frozenset[str]] = {
    # how well the sources establish an event: checking them is the regulator's finding
    "status": frozenset({"verified", "partially_verified"}),
}
"""Payload values only the regulator asserts, on any event type; a company may still say
``unverified`` or ``conflicting`` of its own evidence."""

COMPANY_CLAIMS: tuple[str, ...] = ("source",)
"""Fields a company writes freely, stored as its claim (its author shown beside them)."""


def asserter(event_type: str) -> Asserter:
    """Whose assertion an event of this type is (the regulator's when the table is silent)."""
    return WHO_ASSERTS.get(event_type, "regulator")


def may_assert(who: Principal, event_type: str) -> bool:
    """The regulator asserts any type; a company only its own evidence; the public nothing."""
    if who.role == "regulator":
        return True
    return who.role == "company" and asserter(event_type) == "company"


def refused_finding(who: Principal, payload: Mapping[str, Any]) -> str | None:
    """The first field of ``payload`` holding a finding this role may not assert, or None."""
    if who.role == "regulator":
        return None
    for field, findings in REGULATOR_FINDINGS.items():
        value = payload.get(field)
        if isinstance(value, str) and value in findings:
            return field
    return None
