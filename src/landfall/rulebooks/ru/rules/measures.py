"""236-FZ coercive measures: which are applied, which the regulator may still reach for.

The eight measures are listed in the law's order. Whether the law obliges the regulator to
follow that order is unverified (the parameter says so); the regulator's practice starts with
the first economic measures, and `next` names the first measure not yet applied. Which
violations open the ladder is data too (`ru-236-fz.measure-triggers`): the four landing
duties and, from practice, non-removal of prohibited content.

Blocks and slowdowns under other laws (`enforcement_action` events: LinkedIn 2016 under
149-FZ art. 15.5, Telegram 2018, the 2022 blocks) are not 236-FZ measures and are never
counted as `applied`; the company assessment lists them apart (``enforcement_actions``).
"""

from __future__ import annotations

from landfall.engine.context import Ctx, Outcome
from landfall.facts.model import day_of
from landfall.rulebooks.ru.rules import RULES
from landfall.rulebooks.ru.rules.common import landing

TRIGGERS = "ru-236-fz.measure-triggers"
TAKEDOWN = "ru-149-fz.takedown"


def violated_triggers(ctx: Ctx) -> list[str]:
    """The trigger obligations violated as of the date; a takedown is named by its demand."""
    found = []
    for obligation in ctx.param(TRIGGERS):
        if obligation == TAKEDOWN:
            latest = {
                d.id: d
                for d in ctx.view.of_type("demand")
                if d.kind == "takedown" and d.country == "RU"
            }
            found += [
                f"{TAKEDOWN}:{demand.id}"
                for demand in latest.values()
                if ctx.ask(TAKEDOWN, demand, key=demand.id).value == "violated"
            ]
        elif ctx.ask(obligation).value == "violated":
            found.append(obligation)
    return found


@RULES.rule(
    "ru-236-fz.measures",
    id="ru-236-fz.measures.ladder",
    law="ru-236-fz",
    citation=landing("coercive measures, believed art. 9 (unverified); informing users art. 11"),
    params=(
        "ru-236-fz.measures",
        "ru-236-fz.statutory-sequence-required",
        "ru-236-fz.in-force",
        TRIGGERS,
    ),
)
def ladder(ctx: Ctx) -> Outcome:
    """Measures are available against a subject that violates a trigger obligation."""
    applied: dict[str, str] = {}
    for event in ctx.view.of_type("measure_applied", "measure_lifted"):
        if event.country != "RU":  # another state's ladder
            continue
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
    because = list(applied.values())
    subject = ctx.ask("ru-236-fz.applies").value is True
    violated = violated_triggers(ctx) if subject else []
    if not violated:
        because.append(
            "no landing-law duty or removal demand is violated: no measure is available"
            if subject
            else "236-FZ does not apply (or cannot be decided): no measure is available"
        )
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
