"""Citations and the not-applicable exception shared by the Indian rules."""

from __future__ import annotations

from landfall.engine.context import Ctx, Outcome
from landfall.rulebooks.outcomes import unless_applies
from landfall.rules.model import Citation

LAW = "in-it-rules-2021"
APPLIES = f"{LAW}.applies"
SSMI = f"{LAW}.ssmi"
RULES_2021 = "IT Rules 2021"
IN_FORCE = f"{LAW}.in-force"
SSMI_IN_FORCE = f"{LAW}.ssmi-duties-in-force"
COUNTRY = "IN"
"""The country whose facts this rulebook reads: its users, demands, officers and reports."""


def rules_citation(article: str | None = None, note: str | None = None) -> Citation:
    return Citation(RULES_2021, article, note=note)


def not_applicable_unless_applies(ctx: Ctx) -> Outcome | None:
    """The shared exception: an obligation of Rules that do not apply is not applicable."""
    return unless_applies(
        ctx,
        APPLIES,
        undecided="whether the IT Rules 2021 apply cannot be decided from the facts",
        not_binding="the IT Rules 2021 do not apply",
    )
