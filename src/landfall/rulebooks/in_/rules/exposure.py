"""What a violation exposes an intermediary to: the loss of the s.79 safe harbour (Rule 7).

The Rules set no fine, no advertising ban and no throttling in the sources; an entry names
the consequence and gives no amount (`min` and `max` null), so no range is invented.
"""

from __future__ import annotations

from landfall.engine.context import Ctx, Outcome
from landfall.rulebooks.in_.rules import RULES
from landfall.rulebooks.in_.rules.common import LAW, rules_citation

SAFE_HARBOUR = f"{LAW}.safe-harbour"
CONSEQUENCE = rules_citation(
    "7", "non-observance of the Rules: the IT Act s.79 exemption from liability does not apply"
)


@RULES.rule(
    f"{LAW}.exposure",
    id=f"{LAW}.exposure.safe-harbour",
    law=LAW,
    citation=CONSEQUENCE,
    params=(SAFE_HARBOUR,),
)
def safe_harbour(ctx: Ctx) -> Outcome:
    """A violated duty exposes the intermediary to liability without the s.79 safe harbour."""
    obligation: str = ctx.item["obligation"]
    count: int = ctx.item["count"]
    consequence: str = ctx.param(SAFE_HARBOUR)
    dated = ctx.peek(SAFE_HARBOUR)
    assert dated is not None  # just read
    because = [
        f"{obligation} violated" + (f" ({count} demands)" if count > 1 else ""),
        f"{consequence}: under Rule 7 an intermediary that does not observe the Rules loses the "
        "exemption from liability for third-party information of IT Act s.79 and is liable "
        "under the applicable law",
        "the sources show no fine under the Rules: no amount is given",
    ]
    entry = {
        "article": dated.citation.article,
        "part": None,
        "consequence": consequence,
        "currency": ctx.rulebook.manifest.currency,
        "min": None,
        "max": None,
        "citation": str(CONSEQUENCE),
        "because": because,
    }
    return Outcome([entry], because)
