"""Art. 13: a provider with no establishment in the Union designates a legal representative.

The duty binds every provider of intermediary services offering services in the Union
without an establishment there, with no audience threshold, from 17 February 2024 (or from
the day the facts first show it offering services, when later); there is no grace period.
A `local_presence` with `form: legal_representative` in a Member State (or `country: EU`)
meets it while open. A seat in a Member State, or an open presence of an establishment's form
there, takes the company out of art. 13.
"""

from __future__ import annotations

import datetime as dt

from landfall.engine.context import Ctx, Outcome
from landfall.facts.model import LocalPresenceEvent
from landfall.periods import latest_gap
from landfall.rulebooks.eu.rules import RULES
from landfall.rulebooks.eu.rules.common import (
    APPLIES,
    GENERAL_APPLICATION,
    LAW,
    MEMBER_STATES,
    dsa,
    in_union,
    not_applicable_unless_applies,
)
from landfall.rulebooks.outcomes import period_data, status

OBLIGATION = "eu-dsa.legal-representative"
ESTABLISHMENT_FORMS = "eu-dsa.establishment-forms"
FORM = "legal_representative"
CITATION = dsa("13", "legal representative of a provider with no establishment in the Union")


def _presences(ctx: Ctx) -> list[LocalPresenceEvent]:
    return [e for e in ctx.view.of_type("local_presence") if in_union(ctx, e.country)]


def _timeline(
    ctx: Ctx, events: list[LocalPresenceEvent]
) -> tuple[list[tuple[dt.date, bool]], list[LocalPresenceEvent]]:
    """(day, whether a legal representative is in place afterwards), in time order; and the
    representatives still in place, by the country each was designated in."""
    open_in: dict[str, LocalPresenceEvent] = {}
    changes: list[tuple[dt.date, bool]] = []
    for event in events:
        if event.form != FORM:
            continue
        if event.closed:
            open_in.pop(event.country, None)
        else:
            open_in.setdefault(event.country, event)
        changes.append((ctx.view.clock.day(event.date), bool(open_in)))
    return changes, list(open_in.values())


def _establishments(ctx: Ctx) -> tuple[dict[tuple[str, str], LocalPresenceEvent], dt.date | None]:
    """The presences of an establishment's form open in the Union as of the date, and the day
    the last one closed (None if none closed)."""
    forms = set(ctx.param(ESTABLISHMENT_FORMS))
    open_: dict[tuple[str, str], LocalPresenceEvent] = {}
    closed: dt.date | None = None
    for event in _presences(ctx):
        if event.form not in forms:
            continue
        if event.closed:
            if open_.pop((event.country, event.form), None) is not None:
                closed = ctx.view.clock.day(event.date)
        else:
            open_[(event.country, event.form)] = event
    return open_, closed


def _establishment_closed(ctx: Ctx) -> dt.date | None:
    """The day the provider ceased to be established in the Union, when it was: art. 13 binds
    it from then (an open establishment is the `established` exception's answer)."""
    if not any(e.form != FORM for e in _presences(ctx)):
        return None  # not read: no presence of another form is recorded
    open_, closed = _establishments(ctx)
    return None if open_ else closed


@RULES.rule(
    OBLIGATION,
    id="eu-dsa.legal-representative.duty",
    law=LAW,
    citation=CITATION,
    params=(GENERAL_APPLICATION, MEMBER_STATES, ESTABLISHMENT_FORMS),
)
def legal_representative(ctx: Ctx) -> Outcome:
    """Designate a legal representative in a Member State where services are offered.

    In writing, notified to that state's Digital Services Coordinator (art. 13(1), (4)).
    """
    application = ctx.first_start(GENERAL_APPLICATION)
    since: dt.date = ctx.ask(APPLIES).data["since"]
    due = max(application, since)
    because = [f"owed from {due}: art. 13 applies from {application}, with no audience threshold"]
    closed = _establishment_closed(ctx)
    if closed is not None and closed > due:
        due = closed
        because.append(
            ctx.fact(f"its last establishment in the Union closed on {closed}: owed from then")
        )
    if due > ctx.as_of:
        return status("pending", [*because, f"a legal representative is due on {due}"], due=due)
    ctx.param(GENERAL_APPLICATION)  # in force on the date: recorded on the explanation
    events = _presences(ctx)
    changes, in_place = _timeline(ctx, events)
    period = latest_gap(due, changes)
    current = [e for e in events if e.form == FORM]
    if in_place:
        for event in in_place:
            day = ctx.view.clock.day(event.date)
            because.append(ctx.fact(f"legal representative in {event.country} since {day}"))
        if period is not None and period[1] is not None:
            because.append(f"met late: in violation from {period[0]} until {period[1]}")
        return status("met", because, due=due, **period_data(period))
    if current:
        day = ctx.view.clock.day(current[-1].date)
        because.append(
            ctx.fact(f"the legal representative in {current[-1].country} ended on {day}")
        )
    missing = ["local_presence with form legal_representative in a Member State"]
    if ctx.view.company.facts_complete:
        return status(
            "violated",
            [
                *because,
                f"a legal representative is due since {due} and the facts record none in place",
            ],
            due=due,
            missing=missing,
            **period_data(period or (due, None)),
        )
    return status(
        "unknown",
        [*because, "the facts are marked incomplete and record no legal representative"],
        due=due,
        missing=missing,
    )


@RULES.rule(
    OBLIGATION,
    id="eu-dsa.legal-representative.not-subject",
    law=LAW,
    citation=CITATION,
    exception_to="eu-dsa.legal-representative.duty",
)
def not_subject(ctx: Ctx) -> Outcome | None:
    """A company the Regulation does not bind owes no legal representative."""
    return not_applicable_unless_applies(ctx)


@RULES.rule(
    OBLIGATION,
    id="eu-dsa.legal-representative.established",
    law=LAW,
    citation=dsa("13", "only providers with no establishment in the Union"),
    exception_to="eu-dsa.legal-representative.duty",
    params=(ESTABLISHMENT_FORMS, MEMBER_STATES),
)
def established(ctx: Ctx) -> Outcome | None:
    """A provider established in the Union is outside art. 13.

    Established: its seat, or an open presence of an establishment's form, in a Member State.
    """
    if ctx.ask(APPLIES).value is not True:
        return None  # the not-subject exception answers
    company = ctx.view.company
    if in_union(ctx, company.country):
        return status(
            "not_applicable",
            [ctx.fact(f"company {company.id} has its seat in {company.country}, a Member State")],
        )
    if not any(e.form != FORM for e in _presences(ctx)):
        return None  # no presence but a legal representative: nothing to read the forms for
    open_, _ = _establishments(ctx)
    if not open_:
        return None
    event = next(iter(open_.values()))
    day = ctx.view.clock.day(event.date)
    return status(
        "not_applicable",
        [
            ctx.fact(f"{event.form.replace('_', ' ')} in {event.country} since {day}")
            + ": an establishment in the Union, so art. 13 does not apply"
        ],
    )
