"""Duties owed per Indian demand: remove content, answer an information order, dispose of a
user's grievance, each within the time the rule it rests on allows on the day it was received.

The basis names the rule (`IT Rules 3(1)(d)`: a court or government order; `IT Rules 3(2)(b)`:
non-consensual intimate imagery; `IT Rules 3(1)(j)`: an authorised agency's order for
information; `IT Rules 3(2)(a)`: a user's grievance). Hours and days are parameters dated by
the amendments (G.S.R. 120(E) shortened them from 20 February 2026); which value applies is
decided on India's legal day of receipt, and the time runs from the instant of receipt (a bare
date is the start of that day in India). Whether each item was handled in time is read by the
tracker's per-item model (:mod:`landfall.takedown.items`), as for every rulebook.
"""

from __future__ import annotations

import datetime as dt
import re

from landfall.engine.context import Ctx, Outcome
from landfall.facts.model import DemandEvent
from landfall.rulebooks.in_.rules import RULES
from landfall.rulebooks.in_.rules.common import (
    IN_FORCE,
    LAW,
    not_applicable_unless_applies,
    rules_citation,
)
from landfall.rulebooks.outcomes import status
from landfall.rules.model import Rulebook
from landfall.takedown.items import (
    close_of_day,
    demand_fate,
    item_names,
)
from landfall.takedown.judging import handling_steps, judged_by_deadline

TAKEDOWN = f"{LAW}.takedown"
INFORMATION = f"{LAW}.information-request"
GRIEVANCE = f"{LAW}.grievance"

TIME_BY_RULE = {
    "3(1)(d)": (f"{LAW}.takedown-hours-3-1-d", "hours"),
    "3(2)(b)": (f"{LAW}.takedown-hours-3-2-b", "hours"),
    "3(1)(j)": (f"{LAW}.information-hours-3-1-j", "hours"),
    "3(2)(a)": (f"{LAW}.grievance-days-3-2-a", "days"),
}
"""The rule a basis names -> the parameter holding its time, and the time's unit."""
RULES_OF_DUTY = {
    TAKEDOWN: ("3(1)(d)", "3(2)(b)"),
    INFORMATION: ("3(1)(j)",),
    GRIEVANCE: ("3(2)(a)", "3(2)(b)"),
}
"""Which rules a demand of each duty may rest on (an intimate-imagery complaint is a removal)."""
_RULE = re.compile(r"\d+\(\d+\)\([a-z]+\)")


def rule_of(basis: str | None) -> str | None:
    """`IT Rules 3(1)(d)`, `Rule 3 (1) (d)` or `3(1)(d)` -> `3(1)(d)`."""
    if not basis:
        return None
    found = _RULE.findall(re.sub(r"\s+", "", basis).lower())
    return found[-1] if found else None


def _allowed(rule: str, amount: int) -> dt.timedelta:
    unit = TIME_BY_RULE[rule][1]
    return dt.timedelta(hours=amount) if unit == "hours" else dt.timedelta(days=amount)


def takedown_deadline(
    rulebook: Rulebook, basis: str | None, received: dt.datetime
) -> dt.timedelta | None:
    """The time the Rules allow for a demand on ``basis`` received at ``received``, for
    collectors that need it outside an assessment; None for a basis with no fixed time."""
    rule = rule_of(basis)
    if rule not in TIME_BY_RULE:
        return None
    dated = rulebook.parameter(TIME_BY_RULE[rule][0]).at(rulebook.clock.day(received))
    return None if dated is None else _allowed(rule, dated.value)


def demand_duty(ctx: Ctx, duty: str) -> Outcome:
    """The demand's status: every item handled by the deadline its rule sets on the day received."""
    demand: DemandEvent = ctx.item
    clock = ctx.rulebook.clock
    received, day = clock.start(demand.date), clock.day(demand.date)
    because = [
        ctx.fact(
            f"demand {demand.id} ({demand.basis or 'basis not stated'}) received "
            f"{received.isoformat()} (legal day {day} in India), for {demand.items} item(s)"
        )
    ]
    if demand.deadline is not None:
        due = clock.start(demand.deadline)
        because.append(ctx.fact(f"the demand sets its own deadline {due.isoformat()}"))
    else:
        rule = rule_of(demand.basis)
        if rule not in RULES_OF_DUTY[duty]:
            bases = " or ".join(f"'IT Rules {r}'" for r in RULES_OF_DUTY[duty])
            return status(
                "unknown",
                [
                    *because,
                    f"the rulebook fixes no time for basis {demand.basis!r} under this duty",
                ],
                missing=[f"deadline of demand {demand.id}", f"basis as {bases}"],
                demand=demand.id,
            )
        amount = ctx.param(TIME_BY_RULE[rule][0], on=day)
        due = received + _allowed(rule, amount)
        because.append(
            f"Rule {rule} as in force on {day} allows {amount} {TIME_BY_RULE[rule][1]} from "
            f"receipt: due {due.isoformat()}"
        )
    fate = demand_fate(
        item_names(demand.id, demand.items, demand.item_ids),
        handling_steps(ctx, demand),
        due=due,
        now=close_of_day(clock, ctx.as_of),
    )
    return judged_by_deadline(fate, because, due, demand.id)


def _register(duty: str, what: str) -> None:
    rules = RULES_OF_DUTY[duty]
    params = tuple(TIME_BY_RULE[r][0] for r in rules)
    articles = ", ".join(rules)

    def base(ctx: Ctx) -> Outcome:
        return demand_duty(ctx, duty)

    base.__doc__ = f"{what.capitalize()} within the time Rule {articles} allows."
    RULES.rule(
        duty, id=f"{duty}.duty", law=LAW, citation=rules_citation(articles, what), params=params
    )(base)

    def outside(ctx: Ctx) -> Outcome | None:
        """A demand received before the Rules were in force, or under Rules that do not apply,
        creates no duty under them."""
        demand: DemandEvent = ctx.item
        day = ctx.rulebook.clock.day(demand.date)
        start = ctx.first_start(IN_FORCE)
        if day < start:
            return status(
                "not_applicable",
                [
                    ctx.fact(
                        f"demand {demand.id} was received on {day}, before the IT Rules 2021 "
                        f"took effect on {start}"
                    )
                ],
                demand=demand.id,
            )
        outcome = not_applicable_unless_applies(ctx)
        if outcome is not None:
            outcome.data["demand"] = demand.id
        return outcome

    RULES.rule(
        duty,
        id=f"{duty}.outside-rules",
        law=LAW,
        params=(IN_FORCE,),
        citation=rules_citation(note="in force from notification"),
        exception_to=f"{duty}.duty",
    )(outside)


_register(TAKEDOWN, "remove or disable access to the content demanded")
_register(INFORMATION, "provide the information an authorised agency orders")
_register(GRIEVANCE, "dispose of the user's complaint")
