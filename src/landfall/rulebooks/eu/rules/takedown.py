"""Orders to act against illegal content (art. 9) and notices (art. 16), one duty per demand.

The Regulation fixes no hours for either: an order is given effect and the authority informed
without undue delay (art. 10), a notice is processed in a timely, diligent, non-arbitrary and
objective manner. So no deadline is computed. A demand whose items are all handled is `met`;
one still open is `pending` with no `due`, since whether a delay is undue is the authority's
finding, not a count of hours. An order that sets its own time (`deadline` on the demand) is
judged against it, item by item, with the tracker's per-item model.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from landfall.engine.context import Ctx, Outcome
from landfall.facts.model import DemandEvent
from landfall.rulebooks.eu.rules import RULES
from landfall.rulebooks.eu.rules.common import LAW, dsa
from landfall.rulebooks.outcomes import status
from landfall.rules.model import Rulebook
from landfall.takedown.items import (
    DemandFate,
    close_of_day,
    demand_fate,
    item_names,
)
from landfall.takedown.judging import handling_steps

OBLIGATION = "eu-dsa.takedown"
DEADLINES = "eu-dsa.takedown-deadlines"
WHAT = {"DSA 9": "order", "DSA 16": "notice"}
CITATION = dsa("9, 16", "orders to act against illegal content; notice and action")


def takedown_deadline(
    rulebook: Rulebook, basis: str | None, received: dt.datetime
) -> dt.timedelta | None:
    """The time the Regulation allows for a basis, for the tracker: None, as it fixes no hours
    for orders or notices (a basis it does not know has none either)."""
    dated = rulebook.parameter(DEADLINES).at(rulebook.clock.day(received))
    entry = dated.value.get(basis or "") if dated is not None else None
    hours = entry.get("hours") if entry else None
    return None if hours is None else dt.timedelta(hours=hours)


@RULES.rule(OBLIGATION, id="eu-dsa.takedown.duty", law=LAW, citation=CITATION, params=(DEADLINES,))
def takedown(ctx: Ctx) -> Outcome:
    """Act on the order or notice; against its own deadline when it sets one."""
    demand: DemandEvent = ctx.item
    clock = ctx.rulebook.clock
    received = clock.start(demand.date)
    basis = demand.basis or ""
    what = WHAT.get(basis, "demand")
    because = [
        ctx.fact(
            f"{what} {demand.id} ({basis}) received {received.isoformat()} for {demand.items} item(s)"
        )
    ]
    rule = ctx.param(DEADLINES, on=clock.day(demand.date)).get(basis) or {}
    due: dt.datetime | None = None
    if demand.deadline is not None:
        due = clock.start(demand.deadline)
        because.append(ctx.fact(f"the {what} sets its own deadline {due.isoformat()}"))
    elif rule.get("hours") is not None:
        due = received + dt.timedelta(hours=rule["hours"])
        because.append(f"deadline {rule['hours']} hours after receipt: {due.isoformat()}")
    else:
        because.append(
            f"the DSA fixes no hours for {basis}: {rule.get('standard', 'no standard stated')}; "
            "no deadline is computed"
        )
    fate = demand_fate(
        item_names(demand.id, demand.items, demand.item_ids),
        handling_steps(ctx, demand),
        due=due,
        now=close_of_day(clock, ctx.as_of),
    )
    return _judged(fate, because, due, demand.id)


def _judged(
    fate: DemandFate[dt.datetime], because: list[str], due: dt.datetime | None, demand_id: str
) -> Outcome:
    count, done, last = len(fate.items), fate.handled, fate.last_handled
    extra: dict[str, Any] = {"demand": demand_id, "items": count, "items_done": done}
    refused = fate.count("refused")
    if refused:
        because.append(
            f"{refused} item(s) refused: whether a refusal was lawful is not decided here"
        )
    if fate.status == "met":
        assert last is not None
        return status(
            "met",
            [*because, f"all items done at {last.isoformat()}"],
            due=due,
            met_at=last,
            **extra,
        )
    if fate.status == "pending":
        tail = (
            "whether the time taken is an undue delay is for the authority to find"
            if due is None
            else f"the deadline {due.isoformat()} has not passed"
        )
        return status(
            "pending",
            [*because, f"{done} of {count} item(s) done so far; {tail}"],
            due=due,
            **extra,
        )
    assert due is not None  # without a deadline nothing is late or overdue
    if done == count and last is not None:
        hours_late = (last - due).total_seconds() / 3600
        because.append(f"all items done at {last.isoformat()}, {hours_late:.1f} hours late")
        return status(
            "violated",
            because,
            due=due,
            met_at=last,
            late_hours=round(hours_late, 1),
            violated_from=due,
            violated_until=last,
            **extra,
        )
    late = fate.count("late")
    because.append(f"only {done - late} of {count} item(s) done by the deadline")
    return status("violated", because, due=due, violated_from=due, **extra)


@RULES.rule(
    OBLIGATION,
    id="eu-dsa.takedown.before-application",
    law=LAW,
    citation=dsa("9, 16", "apply from 17 February 2024"),
    exception_to="eu-dsa.takedown.duty",
    params=(DEADLINES,),
)
def before_application(ctx: Ctx) -> Outcome | None:
    """An order or notice received before arts. 9 and 16 applied creates no duty under them."""
    demand: DemandEvent = ctx.item
    start = ctx.first_start(DEADLINES)
    day = ctx.rulebook.clock.day(demand.date)
    if day >= start:
        return None
    return status(
        "not_applicable",
        [
            ctx.fact(
                f"{demand.basis} demand {demand.id} was received on {day}, before arts. 9 and 16 applied on {start}"
            )
        ],
        demand=demand.id,
    )
