"""Two duties of a bound provider: users' data kept in Turkey, and the six-monthly report.

Localization: the provider must take measures to store the data of its users in Turkey in
Turkey. The facts say so with a ``data_store`` located in TR (any role, not retired); the
statute's exact wording is not in the sources, so whether copies abroad are allowed is not
decided here (the explanation says so). The store's ``holds_russian_personal_data`` flag
belongs to another law and is not read.

Report: every interval of months (six) a report to the authority on removal and blocking
decisions and user applications, read from ``report_published`` events (``country: TR``,
``report: six_monthly``). The first is due that many months after the duty arises, each next
that many months after the previous report; a report published on its due day is on time.
"""

from __future__ import annotations

import datetime as dt

from landfall.engine.context import Ctx, Outcome
from landfall.periods import Period, add_months, latest_gap
from landfall.rulebooks.outcomes import period_data, status
from landfall.rulebooks.tr.rules import RULES
from landfall.rulebooks.tr.rules.common import APPLIES, COUNTRY, IN_FORCE, LAW, cite, unless_subject

LOCALIZATION = "tr-5651.localization"
REPORT = "tr-5651.transparency-report"
INTERVAL = "tr-5651.report-interval-months"
REPORT_KIND = "six_monthly"  # the facts format's name of this report (docs/facts-format.md)


def stores_in_turkey(ctx: Ctx) -> list[tuple[dt.date, bool, str]]:
    """(day, some store is in Turkey from that day, the store's fact) after each store event."""
    where: dict[str, tuple[str, bool]] = {}
    changes = []
    for event in ctx.view.of_type("data_store"):
        where[event.store] = (event.country, event.retired)
        day = ctx.view.clock.day(event.date)
        state = "retired" if event.retired else f"{event.role} store in {event.country}"
        text = ctx.fact(f"data store {event.store}: {state} from {day}")
        changes.append((day, any(c == COUNTRY and not r for c, r in where.values()), text))
    return changes


@RULES.rule(
    LOCALIZATION,
    id="tr-5651.localization.duty",
    law=LAW,
    citation=cite("store the data of users in Turkey in Turkey"),
    params=(IN_FORCE,),
)
def localization(ctx: Ctx) -> Outcome:
    """Keep a store of the Turkish users' data in Turkey from the day the provider is bound."""
    since: dt.date = ctx.ask(APPLIES).data["since"]
    changes = stores_in_turkey(ctx)
    states: list[tuple[dt.date, bool | None]] = [(since, False)]
    for day, in_turkey, _ in changes:
        states.append((max(day, since), in_turkey))
    # this rulebook's reading: a day the facts leave unknown is neither met nor unmet
    period = latest_gap(since, states, before=None)
    because = [f"owed since {since}, the day the provider is bound"]
    caveat = "whether copies abroad are allowed is not in the sources and is not decided"
    if changes and changes[-1][1]:
        if period is not None and period[1] is not None:
            because.append(f"met late: no store in Turkey from {period[0]} until {period[1]}")
        return status("met", [*because, changes[-1][2], caveat], due=since, **period_data(period))
    if not ctx.view.company.facts_complete:
        return status(
            "unknown",
            [*because, "the facts are marked incomplete and record no store in Turkey"],
            due=since,
            missing=["data_store (country TR)"],
        )
    start = period[0] if period else since
    because.append(f"no store of the users' data in Turkey is recorded since {start}")
    return status("violated", because, due=since, **period_data(period or (since, None)))


@RULES.rule(
    LOCALIZATION,
    id="tr-5651.localization.not-bound",
    law=LAW,
    citation=cite("the duties bind providers within the article's scope"),
    exception_to="tr-5651.localization.duty",
)
def localization_not_bound(ctx: Ctx) -> Outcome | None:
    """No localization is owed by a provider the article does not bind."""
    return unless_subject(ctx)


def schedule(
    since: dt.date, months: int, published: list[dt.date], as_of: dt.date
) -> tuple[dt.date, Period | None, dt.date | None]:
    """The next report's due day, the latest period without a report after a due day passed,
    and the last report's day."""
    due = add_months(since, months)
    last_gap: Period | None = None
    last: dt.date | None = None
    for day in published:
        if day < since:
            continue
        if day > due:
            last_gap = (due + dt.timedelta(days=1), day)
        due, last = add_months(day, months), day
    if as_of > due:
        last_gap = (due + dt.timedelta(days=1), None)
    return due, last_gap, last


@RULES.rule(
    REPORT,
    id="tr-5651.transparency-report.duty",
    law=LAW,
    citation=cite("report to the authority every six months"),
    params=(IN_FORCE, INTERVAL),
)
def transparency_report(ctx: Ctx) -> Outcome:
    """Publish the report within each interval: the first after the duty arises, then after
    each report."""
    since: dt.date = ctx.ask(APPLIES).data["since"]
    months: int = ctx.param(INTERVAL)
    published = []
    for event in ctx.view.of_type("report_published"):
        if event.country == COUNTRY and event.report == REPORT_KIND:
            day = ctx.view.clock.day(event.date)
            published.append(day)
            ctx.fact(
                f"six-monthly report published on {day}"
                + (f" for the period to {event.period_end}" if event.period_end else "")
            )
    due, gap, last = schedule(since, months, sorted(published), ctx.as_of)
    because = [
        f"owed since {since}: a report within {months} months, then within {months} months of each report"
    ]
    if last is not None:
        because.append(f"the last report was published on {last}")
    if gap is not None and gap[1] is None:
        if not ctx.view.company.facts_complete:
            return status(
                "unknown",
                [
                    *because,
                    f"a report was due by {due}; the facts are marked incomplete and record none",
                ],
                due=due,
                missing=["report_published (country TR, report six_monthly)"],
            )
        because.append(f"a report was due by {due} and none is recorded")
        return status("violated", because, due=due, **period_data(gap))
    if gap is not None:
        because.append(f"met late: no report from {gap[0]} until {gap[1]}")
    because.append(f"the next report is due by {due}")
    return status("met" if last is not None else "pending", because, due=due, **period_data(gap))


@RULES.rule(
    REPORT,
    id="tr-5651.transparency-report.not-bound",
    law=LAW,
    citation=cite("the duties bind providers within the article's scope"),
    exception_to="tr-5651.transparency-report.duty",
)
def report_not_bound(ctx: Ctx) -> Outcome | None:
    """No report is owed by a provider the article does not bind."""
    return unless_subject(ctx)
