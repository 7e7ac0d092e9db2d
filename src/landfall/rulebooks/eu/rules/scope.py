"""Who the Regulation binds, and which providers are designated very large ones.

The DSA binds providers of intermediary services that offer services in the Union. The facts
show that through an audience in the Union (or a Member State) on a resource of an
intermediary kind, an order or notice under the Regulation, or the Commission's designation.
A company with none of these has no connection to the Union: the law does not apply (rather
than being unknown), so other jurisdictions' companies read `applies: false` here.

Designation (art. 33) is the Commission's act: a platform or search engine with at least
45 million average monthly active recipients is to be designated, but only the designation,
recorded as a `list_inclusion` on the list `vlop` or `vlose` with `country: EU`, makes it a
very large one; its duties apply four months later.
"""

from __future__ import annotations

import datetime as dt

from landfall.engine.context import Ctx, Outcome
from landfall.facts.model import day_of
from landfall.periods import add_months
from landfall.rulebooks.eu.rules import RULES
from landfall.rulebooks.eu.rules.common import (
    APPLIES,
    BASES,
    IN_FORCE,
    LAW,
    MEMBER_STATES,
    UNION,
    VLOP,
    dsa,
    in_union,
)

INTERMEDIARY_KINDS = "eu-dsa.intermediary-kinds"
THRESHOLD = "eu-dsa.vlop-threshold"
APPLICATION_MONTHS = "eu-dsa.vlop-application-months"
DESIGNATIONS = ("vlop", "vlose")
RECIPIENTS = "monthly_active_recipients"
SCOPE = dsa(None, "scope: providers of intermediary services offering services in the Union")


@RULES.rule(APPLIES, id="eu-dsa.not-provider", law=LAW, citation=SCOPE, params=(IN_FORCE,))
def not_provider(ctx: Ctx) -> Outcome:
    """A company the facts do not connect to the Union, or before the Regulation is in force."""
    if ctx.param_or_none(IN_FORCE) is None:
        start = ctx.first_start(IN_FORCE)
        return Outcome(False, [f"the DSA is not in force on {ctx.as_of} (in force from {start})"])
    return Outcome(
        False,
        [
            "no fact shows the company offering intermediary services in the Union: no "
            "audience there, no order or notice under the DSA, no designation"
        ],
    )


@RULES.rule(
    APPLIES,
    id="eu-dsa.provider",
    law=LAW,
    citation=SCOPE,
    exception_to="eu-dsa.not-provider",
    params=(IN_FORCE, INTERMEDIARY_KINDS, MEMBER_STATES),
)
def provider(ctx: Ctx) -> Outcome | None:
    """A provider of intermediary services offering them in the Union."""
    if ctx.param_or_none(IN_FORCE) is None:
        return None
    in_force = ctx.first_start(IN_FORCE)
    shown: list[tuple[dt.date, str]] = []  # (since, the fact) that make it a provider
    for demand in ctx.view.of_type("demand"):
        if demand.basis in BASES:
            day = ctx.view.clock.day(demand.date)
            shown.append((day, ctx.fact(f"{demand.basis} demand {demand.id} received on {day}")))
    designated = designation(ctx)
    if designated is not None:
        day, name = designated
        shown.append((day, ctx.fact(f"the Commission designated the company ({name}) on {day}")))
    kind_of = {r.id: r.kind for r in ctx.view.resources}
    open_kinds: list[str] = []
    for (resource, country, metric), series in sorted(ctx.view.audience.items()):
        value = series.at(ctx.as_of)
        if not value or not in_union(ctx, country):
            continue
        since = series.first_day_above(0, ctx.as_of) or ctx.as_of
        text = f"{resource} had {value:,} ({metric}) in {country} on {ctx.as_of}"
        if kind_of.get(resource) in ctx.param(INTERMEDIARY_KINDS):
            shown.append((since, ctx.fact(f"{text}, of kind {kind_of[resource]}")))
        elif resource not in open_kinds:  # one resource may be counted in several places
            ctx.fact(text)
            open_kinds.append(resource)
    if shown:
        since = max(min(day for day, _ in shown), in_force)
        return Outcome(True, [text for _, text in shown], [], {"since": since})
    if open_kinds:
        return Outcome(
            None,
            [
                f"{', '.join(open_kinds)} has an audience in the Union, but whether it is an "
                "intermediary service (hosting, an online platform or a search engine) is not "
                "shown by its kind"
            ],
            [f"resources[{r}].kind (an intermediary service?)" for r in open_kinds],
        )
    return None


def designation(ctx: Ctx) -> tuple[dt.date, str] | None:
    """The Commission's standing designation as of the date: its day and list, or None."""
    found: tuple[dt.date, str] | None = None
    for event in ctx.view.of_type("list_inclusion"):
        if event.country != UNION or event.list not in DESIGNATIONS:
            continue
        if event.removed:
            found = None
        elif found is None:
            found = (day_of(event.date), event.list)
    return found


@RULES.rule(
    VLOP,
    id="eu-dsa.vlop.designation",
    law=LAW,
    citation=dsa(
        "33", "very large online platforms and search engines, designated by the Commission"
    ),
    params=(THRESHOLD, APPLICATION_MONTHS),
)
def vlop(ctx: Ctx) -> Outcome:
    """Designated, with the day its duties apply; the recipients figure against the threshold."""
    threshold: int = ctx.param(THRESHOLD)
    because: list[str] = []
    at_or_above: bool | None = None
    for (resource, country, metric), series in sorted(ctx.view.audience.items()):
        if (country, metric) != (UNION, RECIPIENTS):
            continue
        value = series.at(ctx.as_of)
        if value is None:
            continue
        met = value >= threshold
        at_or_above = met or bool(at_or_above)
        comparison = "at least" if met else "below"
        because.append(
            ctx.fact(f"{resource} had {value:,} average monthly active recipients in the Union")
            + f", {comparison} the {threshold:,} of art. 33"
        )
    designated = designation(ctx)
    if designated is None:
        if at_or_above:
            because.append(
                "the figure calls for the Commission's designation, but only the designation "
                "makes it a very large platform or search engine: none is recorded"
            )
        else:
            because.append("the Commission has not designated the company")
        return Outcome(False, because, [], {"threshold_met": at_or_above})
    day, name = designated
    months: int = ctx.param(APPLICATION_MONTHS)
    applies_from = add_months(day, months)
    because.append(
        ctx.fact(f"designated on {day} ({name})")
        + f"; its duties as such apply {months} months later, from {applies_from}"
    )
    return Outcome(
        True,
        because,
        [],
        {
            "designated": day,
            "list": name,
            "applies_from": applies_from,
            "threshold_met": at_or_above,
        },
    )
