"""User applications (Additional Article 4): answer each within the hours the basis fixes.

An application is a ``demand`` with ``kind: complaint`` and ``country: TR``; its ``basis`` is
``5651 9`` (violation of personal rights) or ``5651 9/A`` (privacy), each with its own hours as
a dated parameter. The answer is a ``demand_met`` (or the tracker's ``takedown_action``
events); each item is read by the tracker's per-item model (:mod:`landfall.takedown.items`),
so the engine and the tracker give one answer per application. Hours run from the moment of
receipt; a bare date is the start of that day on Turkey's clock.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from landfall.engine.context import Ctx, Outcome
from landfall.facts.model import DemandEvent
from landfall.rulebooks.outcomes import status
from landfall.rulebooks.tr.rules import RULES
from landfall.rulebooks.tr.rules.common import LAW, cite, unless_subject
from landfall.rules.model import Rulebook
from landfall.takedown.items import (
    DemandFate,
    Step,
    close_of_day,
    demand_fate,
    is_tracker_summary,
    item_names,
)

OBLIGATION = "tr-5651.user-applications"
HOURS_BY_BASIS = {
    "5651 9": "tr-5651.answer-hours-9",
    "5651 9/A": "tr-5651.answer-hours-9a",
}
BASES = " or ".join(repr(b) for b in HOURS_BY_BASIS)


def hours_parameter(basis: str | None) -> str | None:
    """The hours parameter of a basis as the facts format fixes it (spacing and case aside)."""
    if not basis:
        return None
    return HOURS_BY_BASIS.get(" ".join(basis.split()).upper())


def answer_deadline(
    rulebook: Rulebook, basis: str | None, received: dt.datetime
) -> dt.timedelta | None:
    """The time to answer, for collectors that need it outside an assessment; None for a basis
    without fixed hours, or before they applied."""
    name = hours_parameter(basis)
    if name is None:
        return None
    dated = rulebook.parameter(name).at(rulebook.clock.day(received))
    return None if dated is None else dt.timedelta(hours=dated.value)


@RULES.rule(
    OBLIGATION,
    id="tr-5651.user-applications.answer",
    law=LAW,
    citation=cite("answer user applications on arts. 9 and 9/A within the hours fixed"),
    params=tuple(HOURS_BY_BASIS.values()),
)
def answer(ctx: Ctx) -> Outcome:
    """Answer each application by the deadline its basis fixes."""
    demand: DemandEvent = ctx.item
    clock = ctx.rulebook.clock
    received = clock.start(demand.date)
    because = [
        ctx.fact(
            f"application {demand.id} ({demand.basis or 'basis not stated'}) received "
            f"{received.isoformat()}, {demand.items} item(s)"
        )
    ]
    if demand.deadline is not None:
        due = clock.start(demand.deadline)
        because.append(ctx.fact(f"the application states its own deadline {due.isoformat()}"))
    else:
        name = hours_parameter(demand.basis)
        hours = None if name is None else ctx.param_or_none(name, on=clock.day(demand.date))
        if hours is None:
            return status(
                "unknown",
                [*because, f"the article fixes no hours for basis {demand.basis!r}: no deadline"],
                missing=[f"deadline of application {demand.id}", f"basis as {BASES}"],
                demand=demand.id,
            )
        due = received + dt.timedelta(hours=hours)
        because.append(f"deadline {hours} hours after receipt: {due.isoformat()}")
    fate = demand_fate(
        item_names(demand.id, demand.items, demand.item_ids),
        _steps(ctx, demand),
        due=due,
        now=close_of_day(clock, ctx.as_of),
    )
    return _judged(fate, because, due, demand.id)


def _judged(
    fate: DemandFate[dt.datetime], because: list[str], due: dt.datetime, demand_id: str
) -> Outcome:
    extra: dict[str, Any] = {
        "demand": demand_id,
        "items": len(fate.items),
        "items_done": fate.handled,
    }
    last = fate.last_handled
    if fate.status == "met":
        return status(
            "met",
            [*because, f"answered at {last.isoformat() if last else '?'}"],
            due=due,
            met_at=last,
            **extra,
        )
    if fate.status == "pending":
        return status(
            "pending", [*because, "not answered yet; the deadline has not passed"], due=due, **extra
        )
    if fate.handled == len(fate.items) and last is not None:
        late = round((last - due).total_seconds() / 3600, 1)
        return status(
            "violated",
            [*because, f"answered at {last.isoformat()}, {late} hours late"],
            due=due, met_at=last, late_hours=late, violated_from=due, violated_until=last, **extra,
        )  # fmt: skip
    return status(
        "violated",
        [*because, f"{fate.handled} of {len(fate.items)} item(s) answered; the deadline has passed"],
        due=due, violated_from=due, **extra,
    )  # fmt: skip


def _steps(ctx: Ctx, demand: DemandEvent) -> list[Step[dt.datetime]]:
    steps: list[Step[dt.datetime]] = []
    for event in ctx.view.of_type("demand_met", "takedown_action"):
        if event.demand != demand.id:
            continue
        at = ctx.rulebook.clock.start(event.date)
        if event.type == "demand_met":
            if is_tracker_summary(event):
                continue  # the takedown_action events it summarises are read instead
            ctx.fact(f"answer to {demand.id} at {at.isoformat()}")
            steps.append(Step(at, "demand_met", count=event.items))
        else:
            ctx.fact(f"{event.action} {event.item} for {demand.id} at {at.isoformat()}")
            steps.append(Step(at, event.action, item=event.item))
    return steps


@RULES.rule(
    OBLIGATION,
    id="tr-5651.user-applications.before-article",
    law=LAW,
    citation=cite("the hours apply to applications received once the article is in force"),
    exception_to="tr-5651.user-applications.answer",
    params=tuple(HOURS_BY_BASIS.values()),
)
def before_article(ctx: Ctx) -> Outcome | None:
    """An application received before the hours of its basis applied creates no duty under them."""
    demand: DemandEvent = ctx.item
    name = hours_parameter(demand.basis)
    if demand.deadline is not None or name is None:
        return None
    day = ctx.rulebook.clock.day(demand.date)
    start = ctx.first_start(name)
    if day >= start:
        return None
    return status(
        "not_applicable",
        [
            ctx.fact(
                f"application {demand.id} was received on {day}, before the hours of its basis applied from {start}"
            )
        ],
        demand=demand.id,
    )


@RULES.rule(
    OBLIGATION,
    id="tr-5651.user-applications.not-bound",
    law=LAW,
    citation=cite("the duties bind providers within the article's scope"),
    exception_to="tr-5651.user-applications.before-article",
)
def applications_not_bound(ctx: Ctx) -> Outcome | None:
    """No answer within the article's hours is owed by a provider the article does not bind."""
    outcome = unless_subject(ctx)
    if outcome is not None:
        outcome.data["demand"] = ctx.item.id
    return outcome
