"""Citations, obligation outcomes and the Union's geography, shared by the DSA rules."""

from __future__ import annotations

from landfall.engine.context import Ctx, Outcome
from landfall.rulebooks.outcomes import amount_text, unless_applies
from landfall.rules.model import Citation

ACT = "Regulation (EU) 2022/2065 (DSA)"
LAW = "eu-dsa"
APPLIES = "eu-dsa.applies"
VLOP = "eu-dsa.vlop"
IN_FORCE = "eu-dsa.in-force"
GENERAL_APPLICATION = "eu-dsa.general-application"
MEMBER_STATES = "eu-dsa.member-states"
UNION = "EU"
"""The facts format's country code for the Union as a whole."""
CURRENCY = "EUR"


def dsa(article: str | None, note: str) -> Citation:
    return Citation(ACT, article, note=note)


def in_union(ctx: Ctx, country: str | None) -> bool:
    """Whether a fact's country is the Union or one of its Member States.

    The Member States' list is recorded (and so named among the parameters the answer rests
    on) only when it puts a fact in the Union: a fact about Russia or Turkey is outside it
    whatever the list says. A rule calling this declares the parameter.
    """
    if country == UNION:
        return True
    dated = ctx.peek(MEMBER_STATES)
    if not country or dated is None or country not in dated.value:
        return False
    return country in ctx.param(MEMBER_STATES)


def not_applicable_unless_applies(ctx: Ctx) -> Outcome | None:
    """The shared exception: a duty of a Regulation that does not bind the company."""
    return unless_applies(
        ctx,
        APPLIES,
        undecided="whether the DSA binds the company cannot be decided from the facts",
        not_binding="the DSA does not bind the company",
    )


def euros(amount: float | None) -> str:
    return amount_text(CURRENCY, amount)


BASES = ("DSA 9", "DSA 16")
"""The `demand` bases the facts format fixes for the Regulation: an order, a notice."""
