"""236-FZ coercive measures: which are applied, which the regulator may still reach for.

The eight measures are listed in the law's order. Whether the law obliges the regulator to
follow that order is unverified (the parameter says so); the regulator's practice starts with
the first economic measures, and `next` names the first measure not yet applied.
"""

from __future__ import annotations

from landfall.engine.context import Ctx, Outcome
from landfall.facts.model import day_of
from landfall.rulebooks.ru.rules import RULES
from landfall.rulebooks.ru.rules.common import landing

DUTIES = (
    "ru-236-fz.feedback-form",
    "ru-236-fz.rkn-account",
    "ru-236-fz.local-presence",
    "ru-236-fz.audience-counter",
)


@RULES.rule(
    "ru-236-fz.measures",
    id="ru-236-fz.measures.ladder",
    law="ru-236-fz",
    citation=landing("coercive measures, believed art. 9 (unverified); informing users art. 11"),
    params=("ru-236-fz.measures", "ru-236-fz.statutory-sequence-required", "ru-236-fz.in-force"),
)
def ladder(ctx: Ctx) -> Outcome:
    """Measures are available against a subject that violates a landing-law duty."""
    applied: dict[str, str] = {}
    for event in ctx.view.of_type("measure_applied", "measure_lifted"):
        if event.type == "measure_applied":
            applied[event.measure] = ctx.fact(f"{event.measure} applied on {day_of(event.date)}")
        elif applied.pop(event.measure, None) is not None:
            ctx.fact(f"{event.measure} lifted on {day_of(event.date)}")
    if ctx.param_or_none("ru-236-fz.in-force") is None:
        return Outcome(
            {"applied": sorted(applied), "available": [], "next": None}, ["236-FZ is not in force"]
        )
    order = [m["id"] for m in ctx.param("ru-236-fz.measures")]
    applied_ids = [m for m in order if m in applied]
    violated = [d for d in DUTIES if ctx.ask(d).value == "violated"]
    because = list(applied.values())
    if not violated:
        because.append("no landing-law duty is violated: no measure is available")
        if applied_ids:
            because.append(
                "measures in force without a violation in the facts: " + ", ".join(applied_ids)
            )
        return Outcome({"applied": applied_ids, "available": [], "next": None}, because)
    remaining = [m for m in order if m not in applied]
    sequence = ctx.param("ru-236-fz.statutory-sequence-required")
    available = remaining[:1] if sequence else remaining
    because.append("violated: " + ", ".join(violated))
    because.append(
        "the law lists the measures in order; no statutory sequence is verified, so any remaining measure is available"
        if not sequence
        else "the measures must be applied in order"
    )
    return Outcome(
        {
            "applied": applied_ids,
            "available": available,
            "next": remaining[0] if remaining else None,
        },
        because,
    )
