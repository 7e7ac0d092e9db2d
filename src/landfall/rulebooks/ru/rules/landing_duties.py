"""The four duties of a 236-FZ subject (art. 5), owed from the day it meets the criteria.

Art. 5 puts the duties on every foreign person that meets the scope criteria; art. 8 has the
regulator publish the list of such persons, which records the status and does not create it.
So a duty is owed from the day the criteria are met (the local presence not before its own
due date), and the list decides only `enforcement`: every fine and measure so far followed
listing. The older reading (owed only from listing) stays a parameter, off by default.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from landfall.engine.context import Ctx, Outcome
from landfall.facts.model import LocalPresenceEvent, Resource, day_of
from landfall.periods import Period, latest_gap, merge_periods
from landfall.rulebooks.outcomes import period_data, status
from landfall.rulebooks.ru.rules import RULES
from landfall.rulebooks.ru.rules.common import landing, not_applicable_unless_law_applies
from landfall.rulebooks.ru.rules.landing import APPLIES, LAW, SCOPE, listed_since

DUTIES_FROM_LISTING = "ru-236-fz.duties-from-listing"
IMPLEMENTING_ORDERS = "ru-236-fz.implementing-orders"
COUNTER = "ru-236-fz.audience-counter"
COUNTER_EXEMPT = "ru-236-fz.counter-exempt-kinds"
PRESENCE_DUE = "ru-236-fz.local-presence-due"
PRESENCE_FORMS = "ru-236-fz.local-presence-forms"


@dataclass
class Owed:
    since: dt.date | None  # None: the listing reading is chosen and the company is not listed
    resources: list[Resource]
    enforcement: str  # "listed" or "not_listed"
    because: list[str]


def owed(ctx: Ctx) -> Owed:
    """From when, and on which resources, the duties are owed; and whether the list enforces them."""
    verdict = ctx.ask(APPLIES)
    wanted = set(verdict.data["resources"])
    resources = [r for r in ctx.view.resources if r.id in wanted] or list(ctx.view.resources)
    listed = listed_since(ctx.view)
    enforcement = "listed" if listed is not None else "not_listed"
    if ctx.param(DUTIES_FROM_LISTING):
        note = "the listing reading is chosen (ru-236-fz.duties-from-listing): owed from listing"
        return Owed(listed, resources, enforcement, [note])
    since: dt.date = verdict.data["since"]
    because = [f"owed by statute (art. 5) since {since}, when the company met the criteria"]
    if listed is None:
        because.append(
            "the regulator has not listed the company (art. 8): the duty is owed, "
            "but fines and measures have so far followed listing"
        )
    return Owed(since, resources, enforcement, because)


def duty_status(
    ctx: Ctx,
    what: str,
    due: dt.date | None,
    period: Period | None,
    in_place: list[str],
    lacking: list[str],
    missing: list[str],
    owed_: Owed,
) -> Outcome:
    """The status of a duty from what is in place now and the latest period without it."""
    extra: dict[str, Any] = {"enforcement": owed_.enforcement}
    because = [*owed_.because, *in_place]
    if due is None:
        return status(
            "pending",
            [*because, f"{what} is owed once the regulator lists the company; it is not listed"],
            **extra,
        )
    if due > ctx.as_of:
        return status("pending", [*because, f"{what} is due on {due}"], due=due, **extra)
    if not lacking:
        if period is not None and period[1] is not None:
            because.append(f"met late: in violation from {period[0]} until {period[1]}")
        return status("met", because, due=due, **extra, **period_data(period))
    because += lacking
    if ctx.view.company.facts_complete:
        start = period[0] if period else due
        return status(
            "violated",
            [
                *because,
                f"{what} is due since {due} and the facts record none"
                + (f" since {start}" if start != due else ""),
            ],
            due=due,
            **extra,
            **period_data(period or (due, None)),
        )
    return status(
        "unknown",
        [*because, f"{what} is due since {due}; the facts are marked incomplete and record none"],
        due=due,
        missing=missing,
        **extra,
    )


def performable_from(ctx: Ctx, duty: str, since: dt.date | None) -> tuple[dt.date | None, str]:
    """A duty that needs the regulator's implementing order cannot fall due before it applies."""
    name = duty.removeprefix(f"{LAW}.")
    dated = ctx.peek(IMPLEMENTING_ORDERS)
    peek = dated.value.get(name) if dated is not None else None
    if since is None or peek is None or peek <= since:
        return since, ""  # traced only where an order moves the due date
    order: dt.date = ctx.param(IMPLEMENTING_ORDERS)[name]
    return order, (
        f"performable only once the regulator's implementing order applied, from {order}; "
        f"due from then (audit R1)"
    )


def resource_duty(ctx: Ctx, duty: str, event_type: str, what: str) -> Outcome:
    owed_ = owed(ctx)
    due, note = performable_from(ctx, duty, owed_.since)
    resources = owed_.resources
    if duty == COUNTER:
        exempt = set(ctx.param(COUNTER_EXEMPT))
        resources = [r for r in resources if r.kind not in exempt]
        if not resources:
            return status(
                "not_applicable",
                [
                    ctx.fact(
                        "the company's resources in scope are all of kinds "
                        + ", ".join(sorted(exempt))
                    ),
                    "the counter is a duty of owners of information resources, not of pure "
                    "hosting providers (believed: audit R3)",
                ],
                enforcement=owed_.enforcement,
            )
    in_place, lacking, missing, periods = [], [], [], []
    for resource in resources:
        events = [e for e in ctx.view.of_type(event_type) if e.resource == resource.id]
        latest = events[-1] if events else None
        if due is not None:
            changes = [(day_of(e.date), not e.removed) for e in events]
            periods.append(latest_gap(due, changes))
        if latest is not None and not latest.removed:
            in_place.append(ctx.fact(f"{what} on {resource.id} since {day_of(latest.date)}"))
        elif latest is not None:
            lacking.append(
                ctx.fact(f"{what} on {resource.id} was removed on {day_of(latest.date)}")
            )
            missing.append(f"{event_type} event for resource {resource.id}")
        else:
            lacking.append(f"{what} on {resource.id}: none is recorded")
            missing.append(f"{event_type} event for resource {resource.id}")
    outcome = duty_status(ctx, what, due, merge_periods(periods), in_place, lacking, missing, owed_)
    if note:
        outcome.because.insert(len(owed_.because), note)
    return outcome


def _not_subject(definition: str) -> None:
    def exception(ctx: Ctx) -> Outcome | None:
        """A person the landing law does not apply to owes none of its duties."""
        return not_applicable_unless_law_applies(ctx, "236-FZ", APPLIES)

    RULES.rule(
        definition,
        id=f"{definition}.not-subject",
        law=LAW,
        citation=SCOPE,
        exception_to=f"{definition}.duty",
    )(exception)


DUTY_PARAMS = (DUTIES_FROM_LISTING, IMPLEMENTING_ORDERS)


@RULES.rule(
    "ru-236-fz.feedback-form",
    id="ru-236-fz.feedback-form.duty",
    law=LAW,
    params=DUTY_PARAMS,
    citation=landing("art. 5: electronic feedback form for Russian citizens and organisations"),
)
def feedback_form(ctx: Ctx) -> Outcome:
    """Place an electronic feedback form for Russian citizens and organisations on the resource."""
    return resource_duty(ctx, "ru-236-fz.feedback-form", "feedback_form", "a feedback form")


@RULES.rule(
    COUNTER,
    id="ru-236-fz.audience-counter.duty",
    law=LAW,
    params=(*DUTY_PARAMS, COUNTER_EXEMPT),
    citation=landing(
        "duty of a resource owner: the regulator's audience counter; article unverified"
    ),
)
def audience_counter(ctx: Ctx) -> Outcome:
    """Install one of the regulator's audience-counting programs on the resource."""
    return resource_duty(ctx, COUNTER, "audience_counter", "the regulator's audience counter")


@RULES.rule(
    "ru-236-fz.rkn-account",
    id="ru-236-fz.rkn-account.duty",
    law=LAW,
    params=DUTY_PARAMS,
    citation=landing("art. 5: personal account on the regulator's site"),
)
def rkn_account(ctx: Ctx) -> Outcome:
    """Register a personal account on the regulator's site and use it with state bodies."""
    owed_ = owed(ctx)
    due, note = performable_from(ctx, "ru-236-fz.rkn-account", owed_.since)
    events = [e for e in ctx.view.of_type("rkn_account") if e.company == ctx.view.company.id]
    latest = events[-1] if events else None
    period = (
        latest_gap(due, [(day_of(e.date), not e.removed) for e in events])
        if due is not None
        else None
    )
    what = "an account on the regulator's site"
    if latest is not None and not latest.removed:
        in_place = [ctx.fact(f"account registered on {day_of(latest.date)}")]
        outcome = duty_status(ctx, what, due, period, in_place, [], [], owed_)
    else:
        lacking = (
            [ctx.fact(f"the account was closed on {day_of(latest.date)}")]
            if latest is not None
            else ["no account is recorded"]
        )
        outcome = duty_status(ctx, what, due, period, [], lacking, ["rkn_account event"], owed_)
    if note:
        outcome.because.insert(len(owed_.because), note)
    return outcome


@RULES.rule(
    "ru-236-fz.local-presence",
    id="ru-236-fz.local-presence.duty",
    law=LAW,
    citation=landing(
        "art. 5: branch, representative office or Russian legal entity that represents the "
        "company and performs the statutory functions"
    ),
    params=(PRESENCE_DUE, PRESENCE_FORMS, *DUTY_PARAMS),
)
def local_presence(ctx: Ctx) -> Outcome:
    """A designated, functioning branch, representative office or Russian legal entity.

    A Russian legal entity counts only when designated as the company's presence (a notice to
    the regulator; Google's existing OOO was not accepted); a branch or representative office
    is the company's own. A presence stated not to function (dormant, merely incorporated)
    does not meet the duty (audit E9).
    """
    owed_ = owed(ctx)
    since = owed_.since
    due = None if since is None else max(since, ctx.param(PRESENCE_DUE))
    forms = set(ctx.param(PRESENCE_FORMS))
    complete = ctx.view.company.facts_complete
    changes: list[tuple[dt.date, bool]] = []
    current = None
    for event in ctx.view.of_type("local_presence"):
        if event.country == "RU" and event.form in forms:
            current = event
            changes.append((day_of(event.date), presence_counts(event, complete) is True))
    period = latest_gap(due, changes) if due is not None else None
    what = "a designated, functioning branch, representative office or Russian legal entity"
    if current is None:
        return duty_status(
            ctx,
            what,
            due,
            period,
            [],
            ["no local presence is recorded"],
            ["local_presence event"],
            owed_,
        )
    form = current.form.replace("_", " ")
    opened = day_of(current.date)
    counts = presence_counts(current, complete)
    if counts is True:
        fact = ctx.fact(f"{form} opened on {opened}")
        outcome = duty_status(ctx, what, due, period, [fact], [], [], owed_)
        if outcome.value == "met":
            outcome.data["met_since"] = opened
        return outcome
    if current.closed:
        reason = ctx.fact(f"the {form} was closed on {opened}")
    elif current.functioning is False:
        reason = ctx.fact(
            f"the {form} recorded on {opened} does not perform the functions of a local "
            "presence (appeals, court decisions, representation, restricting access)"
        )
    elif current.designated is False:
        reason = ctx.fact(f"the {form} recorded on {opened} is not designated as the presence")
    else:
        reason = ctx.fact(
            f"a {form} exists since {opened}, but no designation of it as the company's "
            "236-FZ presence is recorded (incorporation alone is not enough)"
        )
    if counts is None:  # an undesignated legal entity on incomplete facts
        outcome = duty_status(ctx, what, due, None, [], [reason], [], owed_)
        if outcome.value == "unknown":
            outcome.missing_facts = [
                "local_presence.designated: whether the legal entity is designated to the "
                "regulator as the company's presence",
                "local_presence.functioning",
            ]
        return outcome
    return duty_status(ctx, what, due, period, [], [reason], ["local_presence event"], owed_)


def presence_counts(event: LocalPresenceEvent, complete: bool) -> bool | None:
    """Whether a recorded presence meets the duty; None: it depends on an unstated designation."""
    if event.closed or event.functioning is False or event.designated is False:
        return False
    if event.form != "legal_entity" or event.designated:
        return True
    # the facts record every act when complete, so an unrecorded designation did not happen
    return False if complete else None


for _definition in (
    "ru-236-fz.feedback-form",
    "ru-236-fz.audience-counter",
    "ru-236-fz.rkn-account",
    "ru-236-fz.local-presence",
):
    _not_subject(_definition)
