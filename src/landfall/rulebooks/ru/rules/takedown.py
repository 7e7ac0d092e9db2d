"""149-FZ takedown duties: remove or restrict on the regulator's demand within the deadline.

The deadline in hours depends on the article the demand rests on and on the law in force the
day the demand was received (art. 15.1 before and after 29 Dec 2018; art. 15.3; art. 10.6).
Hours are counted from the moment of receipt in its own time zone; a bare date is read as the
start of that day on the rulebook's clock. Whether each item was handled in time is read by
the tracker's per-item model (:mod:`landfall.takedown.items`), so the engine and the tracker
give one answer per demand.
"""

from __future__ import annotations

import datetime as dt
import re

from landfall.engine.context import Ctx, Outcome
from landfall.facts.model import DemandEvent
from landfall.rulebooks.outcomes import status
from landfall.rulebooks.ru.rules import RULES
from landfall.rulebooks.ru.rules.common import INFORMATION
from landfall.rules.model import Citation, Rulebook
from landfall.takedown.items import (
    close_of_day,
    demand_fate,
    item_names,
)
from landfall.takedown.judging import handling_steps, judged_by_deadline

LAW = "ru-149-fz"
OBLIGATION = "ru-149-fz.takedown"
HOURS_BY_ARTICLE = {
    "15.1": "ru-149-fz.takedown-hours-15-1",
    "15.3": "ru-149-fz.takedown-hours-15-3",
    "10.6": "ru-149-fz.takedown-hours-10-6",
}
_ARTICLE = re.compile(r"(\d+\.\d+(?:-\d+)?)")


def article_of(basis: str | None) -> str | None:
    """`149-FZ 15.3`, `art. 15.3 149-FZ` or `15.3` -> `15.3`."""
    if not basis:
        return None
    found = [a for a in _ARTICLE.findall(basis) if a != "149"]
    return found[-1] if found else None


def takedown_deadline(
    rulebook: Rulebook, basis: str | None, received: dt.datetime
) -> dt.timedelta | None:
    """The statutory time to remove, for collectors that need it outside an assessment."""
    name = HOURS_BY_ARTICLE.get(article_of(basis) or "")
    if name is None:
        return None
    dated = rulebook.parameter(name).at(rulebook.clock.day(received))
    return None if dated is None else dt.timedelta(hours=dated.value)


def deadline_hours(ctx: Ctx, basis: str | None, received: dt.date) -> int | None:
    article = article_of(basis)
    name = HOURS_BY_ARTICLE.get(article or "")
    return None if name is None else ctx.param_or_none(name, on=received)


@RULES.rule(
    OBLIGATION,
    id="ru-149-fz.takedown.duty",
    law=LAW,
    citation=Citation(INFORMATION, "15.1, 15.3, 10.6", note="removal on the regulator's demand"),
    params=tuple(HOURS_BY_ARTICLE.values()),
)
def takedown(ctx: Ctx) -> Outcome:
    """Remove or restrict each demanded item by the deadline."""
    demand: DemandEvent = ctx.item
    received = ctx.rulebook.clock.start(demand.date)
    because = [
        ctx.fact(
            f"demand {demand.id} ({demand.basis or 'basis not stated'}) received {received.isoformat()} for {demand.items} item(s)"
        )
    ]
    if demand.deadline is not None:
        due = ctx.rulebook.clock.start(demand.deadline)
        because.append(ctx.fact(f"the demand sets its own deadline {due.isoformat()}"))
    else:
        hours = deadline_hours(ctx, demand.basis, ctx.rulebook.clock.day(demand.date))
        if hours is None:
            return status(
                "unknown",
                [
                    *because,
                    f"the rulebook has no deadline for basis {demand.basis!r} on {ctx.rulebook.clock.day(demand.date)}",
                ],
                missing=[
                    f"deadline of demand {demand.id}",
                    "basis as '149-FZ 15.1', '15.3' or '10.6'",
                ],
                demand=demand.id,
            )
        due = received + dt.timedelta(hours=hours)
        because.append(f"deadline {hours} hours after receipt: {due.isoformat()}")
    fate = demand_fate(
        item_names(demand.id, demand.items, demand.item_ids),
        handling_steps(ctx, demand),
        due=due,
        now=close_of_day(ctx.rulebook.clock, ctx.as_of),
    )
    return judged_by_deadline(fate, because, due, demand.id)


@RULES.rule(
    OBLIGATION,
    id="ru-149-fz.takedown.before-article",
    law=LAW,
    citation=Citation(
        INFORMATION,
        "15.1, 15.3, 10.6",
        note="the article must be in force when the demand is received",
    ),
    exception_to="ru-149-fz.takedown.duty",
    params=tuple(HOURS_BY_ARTICLE.values()),
)
def before_article(ctx: Ctx) -> Outcome | None:
    """A demand received before its article was in force creates no duty under it."""
    demand: DemandEvent = ctx.item
    if demand.deadline is not None:
        return None
    name = HOURS_BY_ARTICLE.get(article_of(demand.basis) or "")
    if name is None:
        return None
    start = ctx.first_start(name)
    if ctx.rulebook.clock.day(demand.date) >= start:
        return None
    return status(
        "not_applicable",
        [
            ctx.fact(
                f"demand {demand.id} was received on {ctx.rulebook.clock.day(demand.date)}, before art. {article_of(demand.basis)} took effect on {start}"
            )
        ],
        demand=demand.id,
    )


@RULES.rule(
    "ru-149-fz.applies",
    id="ru-149-fz.resource-owner",
    law=LAW,
    citation=Citation(INFORMATION, "15.1, 15.3", note="duties of owners and hosting providers"),
    params=("ru-149-fz.in-force",),
)
def resource_owner(ctx: Ctx) -> Outcome:
    """Owners of information resources and hosting providers must act on removal demands."""
    demands = [d for d in ctx.view.of_type("demand") if d.kind == "takedown" and d.country == "RU"]
    if demands:
        return Outcome(True, [ctx.fact(f"{len(demands)} takedown demand(s) received")])
    if ctx.view.resources:
        return Outcome(True, [ctx.fact(f"owns {len(ctx.view.resources)} information resource(s)")])
    return Outcome(False, ["the company owns no information resource in the facts"])
