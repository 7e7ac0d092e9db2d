"""The additional due diligence of a significant social media intermediary (from 26 May 2021).

Three officers, each resident in India (a chief compliance officer, a nodal contact person for
coordination with law enforcement around the clock, a resident grievance officer), a physical
contact address in India and a compliance report every month. Each duty is owed from the day
the additional due diligence took effect, or from the day a later intermediary first reaches
the threshold; a duty met late keeps its period in violation (`violated_from` /
`violated_until`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from landfall.engine.context import Ctx, Outcome
from landfall.periods import Period, add_months, latest_gap
from landfall.rulebooks.in_.rules import RULES
from landfall.rulebooks.in_.rules.common import (
    COUNTRY,
    LAW,
    SSMI,
    SSMI_IN_FORCE,
    not_applicable_unless_applies,
    rules_citation,
)
from landfall.rulebooks.outcomes import period_data, status

GRACE = f"{LAW}.post-threshold-grace"
RESIDENT = f"{LAW}.officers-resident"
REPORT_PERIOD = f"{LAW}.compliance-report-period"
REPORT = "monthly_compliance"
OWED = (SSMI_IN_FORCE, GRACE)
ADDITIONAL = "additional due diligence of a significant social media intermediary"


def legal_day(ctx: Ctx, when: dt.date | dt.datetime) -> dt.date:
    """The day an event happened in India (20:00 UTC is already the next day there)."""
    return ctx.rulebook.clock.day(when)


def owed_from(ctx: Ctx) -> tuple[dt.date, list[str]]:
    """The day the SSMI duties are owed: when they took effect, or when the threshold was met."""
    verdict = ctx.ask(SSMI)
    since: dt.date = verdict.data["since"]
    took_effect = ctx.first_start(SSMI_IN_FORCE)
    if since <= took_effect:
        ctx.param(SSMI_IN_FORCE, on=took_effect)
        return took_effect, [
            *verdict.because,
            f"owed from {took_effect}, when the {ADDITIONAL} took effect (three months after "
            "the Rules were notified)",
        ]
    grace: int = ctx.param(GRACE, on=since)
    start = since + dt.timedelta(days=grace)
    ctx.param(SSMI_IN_FORCE, on=start)
    return start, [
        *verdict.because,
        f"owed from {start}: the threshold was reached on {since}, after the {ADDITIONAL} took "
        f"effect; the sources state no period after crossing it (in-it-rules-2021."
        f"post-threshold-grace: {grace} days, unverified)",
    ]


def judged(
    ctx: Ctx,
    what: str,
    start: dt.date,
    because: list[str],
    changes: list[tuple[dt.date, bool]],
    *,
    lacking: str | None,
    missing: list[str],
    stated: bool = False,
    met_since: dt.date | None = None,
) -> Outcome:
    """A duty's status from what is in place and the latest period without it.

    ``lacking`` says what is wrong now (None: the duty is met). ``stated``: the facts say so
    outright (a non-resident officer), so even incomplete facts decide it.
    """
    if start > ctx.as_of:
        return status("pending", [*because, f"{what} is due on {start}"], due=start)
    period = latest_gap(start, changes)
    if lacking is None:
        if period is not None and period[1] is not None:
            because.append(f"met late: in violation from {period[0]} until {period[1]}")
        extra: dict[str, Any] = {"met_since": met_since} if met_since else {}
        return status("met", because, due=start, **extra, **period_data(period))
    because.append(lacking)
    if stated or ctx.view.company.facts_complete:
        period = period or (start, None)
        return status(
            "violated",
            [*because, f"{what} is due since {start}; in violation since {period[0]}"],
            due=start,
            **period_data(period),
        )
    return status(
        "unknown",
        [*because, f"{what} is due since {start}; the facts are marked incomplete and record none"],
        due=start,
        missing=missing,
    )


def officer(ctx: Ctx, role: str, what: str) -> Outcome:
    """An officer appointed (role ``role``, country IN), resident in India, and still in post."""
    start, because = owed_from(ctx)
    if start > ctx.as_of:
        return judged(ctx, what, start, because, [], lacking=None, missing=[])
    resident_needed = ctx.param(RESIDENT)
    appointments = [
        e for e in ctx.view.of_type("appointment") if e.country == COUNTRY and e.role == role
    ]

    def counts(event: Any) -> bool | None:
        if event.removed:
            return False
        if not resident_needed or event.resident is True:
            return True
        return None if event.resident is None else False

    changes = [(legal_day(ctx, e.date), counts(e) is True) for e in appointments]
    needed = [f"appointment event (country IN, role {role}, resident)"]
    if not appointments:
        return judged(
            ctx, what, start, because, changes, lacking=f"no {what} is recorded", missing=needed
        )
    current = appointments[-1]
    day = legal_day(ctx, current.date)
    verdict = counts(current)
    if verdict is True:
        because.append(
            ctx.fact(
                f"{what} appointed on {day}" + (", resident in India" if current.resident else "")
            )
        )
        return judged(ctx, what, start, because, changes, lacking=None, missing=[], met_since=day)
    if current.removed:
        lacking = ctx.fact(f"the {what} appointment ended on {day}")
        return judged(ctx, what, start, because, changes, lacking=lacking, missing=needed)
    if verdict is False:
        lacking = ctx.fact(
            f"the {what} appointed on {day} does not reside in India, and the Rules require "
            "a resident"
        )
        return judged(ctx, what, start, because, changes, lacking=lacking, missing=[], stated=True)
    because.append(ctx.fact(f"{what} appointed on {day}; residence not stated"))
    return status(
        "unknown",
        [*because, f"whether the {what} resides in India is not stated, and the Rules require it"],
        due=start,
        missing=[f"appointment.resident of the {what} appointed on {day}"],
    )


def _officer_duty(duty: str, role: str, what: str, note: str) -> None:
    def duty_rule(ctx: Ctx) -> Outcome:
        return officer(ctx, role, what)

    duty_rule.__doc__ = f"Appoint a {what} resident in India ({note})."
    RULES.rule(
        f"{LAW}.{duty}",
        id=f"{LAW}.{duty}.duty",
        law=LAW,
        citation=rules_citation(note=f"{ADDITIONAL}: {what}, resident in India; {note}"),
        params=(*OWED, RESIDENT),
    )(duty_rule)


_officer_duty(
    "chief-compliance-officer",
    "chief_compliance_officer",
    "chief compliance officer",
    "personally liable for compliance with the Act and the Rules",
)
_officer_duty(
    "nodal-contact-person",
    "nodal_contact_person",
    "nodal contact person",
    "coordination with law enforcement agencies around the clock",
)
_officer_duty(
    "resident-grievance-officer",
    "resident_grievance_officer",
    "resident grievance officer",
    "handles users' complaints",
)


@RULES.rule(
    f"{LAW}.contact-address",
    id=f"{LAW}.contact-address.duty",
    law=LAW,
    citation=rules_citation(note=f"{ADDITIONAL}: a physical contact address in India"),
    params=OWED,
)
def contact_address(ctx: Ctx) -> Outcome:
    """Keep a physical contact address in India (a `local_presence` in IN, not closed)."""
    start, because = owed_from(ctx)
    what = "a physical contact address in India"
    presences = [e for e in ctx.view.of_type("local_presence") if e.country == COUNTRY]
    changes = [(legal_day(ctx, e.date), not e.closed) for e in presences]
    needed = ["local_presence event (country IN)"]
    if not presences:
        lacking: str | None = "no address in India is recorded"
        return judged(ctx, what, start, because, changes, lacking=lacking, missing=needed)
    current = presences[-1]
    day = legal_day(ctx, current.date)
    form = current.form.replace("_", " ")
    if current.closed:
        lacking = ctx.fact(f"the {form} in India was closed on {day}")
        return judged(ctx, what, start, because, changes, lacking=lacking, missing=needed)
    because.append(ctx.fact(f"{form} in India since {day}"))
    return judged(ctx, what, start, because, changes, lacking=None, missing=[], met_since=day)


@RULES.rule(
    f"{LAW}.compliance-report",
    id=f"{LAW}.compliance-report.duty",
    law=LAW,
    citation=rules_citation(note=f"{ADDITIONAL}: a compliance report every month"),
    params=(*OWED, REPORT_PERIOD),
)
def compliance_report(ctx: Ctx) -> Outcome:
    """Publish a compliance report every month: the first a month after the duty starts, each
    next one within a month of the last (`report_published`, report monthly_compliance)."""
    start, because = owed_from(ctx)
    months: int = ctx.param(REPORT_PERIOD, on=start)
    if start > ctx.as_of:
        first = add_months(start, months)
        because.append(f"the first report is due {months} month(s) after, by {first}")
        return status("pending", because, due=first)
    published = sorted(
        {
            legal_day(ctx, e.date)
            for e in ctx.view.of_type("report_published")
            if e.country == COUNTRY and e.report == REPORT and legal_day(ctx, e.date) >= start
        }
    )
    deadline = add_months(start, months)
    latest: Period | None = None
    for day in published:
        if day > deadline:
            latest = (deadline + dt.timedelta(days=1), day)
        deadline = add_months(day, months)
    if published:
        because.append(
            ctx.fact(
                f"{len(published)} compliance report(s) published, the last on {published[-1]}"
            )
        )
    else:
        because.append("no compliance report is recorded")
    because.append(f"one is owed every {months} month(s): the next by {deadline}")
    if ctx.as_of <= deadline:
        if latest is not None and latest[1] is not None:
            because.append(f"met late: in violation from {latest[0]} until {latest[1]}")
        value = "met" if published else "pending"
        return status(value, because, due=deadline, **period_data(latest))
    overdue = (deadline + dt.timedelta(days=1), None)
    if not ctx.view.company.facts_complete:
        return status(
            "unknown",
            [*because, "the facts are marked incomplete and record none since"],
            due=deadline,
            missing=["report_published event (country IN, report monthly_compliance)"],
        )
    return status(
        "violated",
        [*because, f"overdue since {overdue[0]}"],
        due=deadline,
        **period_data(overdue),
    )


def _outside(definition: str) -> None:
    def exception(ctx: Ctx) -> Outcome | None:
        """Owed only by a significant social media intermediary under Rules that apply."""
        outside = not_applicable_unless_applies(ctx)
        if outside is not None:
            return outside
        verdict = ctx.ask(SSMI)
        if verdict.value is True:
            return None
        if verdict.value is None:
            return status(
                "unknown",
                [
                    "whether the company is a significant social media intermediary is unknown",
                    *verdict.because,
                ],
                missing=verdict.missing_facts,
            )
        return status(
            "not_applicable",
            ["not a significant social media intermediary", *verdict.because],
        )

    RULES.rule(
        definition,
        id=f"{definition}.not-ssmi",
        law=LAW,
        citation=rules_citation(
            note="additional due diligence: significant social media intermediaries only"
        ),
        exception_to=f"{definition}.duty",
    )(exception)


for _duty in (
    "chief-compliance-officer",
    "nodal-contact-person",
    "resident-grievance-officer",
    "contact-address",
    "compliance-report",
):
    _outside(f"{LAW}.{_duty}")
