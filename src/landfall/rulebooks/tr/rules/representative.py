"""The representative in Turkey (Additional Article 4): who may be it, and from when.

A natural person must be a Turkish citizen, and from Law No. 7418 (18 October 2022) also reside
in Turkey; a legal person must be established in Turkey. From the same law a provider with more
than the capital-company threshold of daily accesses that chooses a legal person must use a
capital company it owns, which from the 2023 Procedures (1 April 2023) needs at least the
minimum principal capital. The duty is owed from the day the provider is bound; the law in force
on each day decides whether the representative then recorded (the latest ``local_presence`` with
``country: TR``) meets it, so an amendment can put a representative out of line on its first day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from landfall.engine.context import Ctx, Outcome
from landfall.engine.view import AudienceSeries
from landfall.facts.model import LocalPresenceEvent
from landfall.periods import latest_gap
from landfall.rulebooks.outcomes import period_data, status
from landfall.rulebooks.tr.rules import RULES
from landfall.rulebooks.tr.rules.common import (
    APPLIES,
    COUNTRY,
    IN_FORCE,
    LAW,
    REPRESENTATIVE,
    cite,
    money,
    unless_subject,
)
from landfall.rulebooks.tr.rules.scope import KINDS, accesses, providers_accesses

NATURAL = "tr-5651.natural-person-conditions"
LEGAL_FORMS = "tr-5651.legal-person-forms"
TIER = "tr-5651.capital-company-threshold"
CAPITAL = "tr-5651.minimum-capital"
PARAMS = (IN_FORCE, NATURAL, LEGAL_FORMS, TIER, CAPITAL, KINDS)


@dataclass
class Judged:
    """Whether the representative recorded on a day meets the duty that day (None: cannot
    tell), why, and the facts that would tell."""

    met: bool | None
    because: list[str]
    missing: list[str]


def presences(ctx: Ctx) -> list[LocalPresenceEvent]:
    return [e for e in ctx.view.of_type("local_presence") if e.country == COUNTRY]


def recorded_on(
    events: list[LocalPresenceEvent], day: dt.date, ctx: Ctx
) -> LocalPresenceEvent | None:
    """The representative as last recorded on or before ``day``."""
    found = None
    for event in events:
        if ctx.view.clock.day(event.date) <= day:
            found = event
    return found


def judge(ctx: Ctx, event: LocalPresenceEvent | None, day: dt.date) -> Judged:
    """The representative recorded on ``day`` against the law in force that day."""
    if event is None:
        return Judged(False, ["no representative in Turkey is recorded"], [])
    opened = ctx.view.clock.day(event.date)
    if event.closed:
        return Judged(False, [f"the {event.form} in Turkey was closed on {opened}"], [])
    if event.form == "representative" and event.person is None:
        return Judged(
            None,
            [
                f"a representative was appointed on {opened}; whether a natural or a legal person is not stated"
            ],
            ["local_presence.person"],
        )
    if event.form == "representative" and event.person == "natural":
        return _natural(ctx, event, day, opened)
    legal_forms: list[str] = ctx.param(LEGAL_FORMS, on=day)
    if event.form in legal_forms or (event.form == "representative" and event.person == "legal"):
        return _legal(ctx, event, day, opened)
    return Judged(
        False,
        [
            f"a {event.form} recorded on {opened} is not a representative the article accepts "
            f"(a natural person, or a legal person established in Turkey: {', '.join(legal_forms)})"
        ],
        [],
    )


def _natural(ctx: Ctx, event: LocalPresenceEvent, day: dt.date, opened: dt.date) -> Judged:
    conditions: list[str] = ctx.param(NATURAL, on=day)
    words = {"citizen": "a Turkish citizen", "resident": "resident in Turkey"}
    needed = " and ".join(words[c] for c in conditions)
    lacking = [c for c in conditions if getattr(event, c) is False]
    unstated = [c for c in conditions if getattr(event, c) is None]
    head = (
        f"a natural person appointed representative on {opened}; on {day} the law requires {needed}"
    )
    if lacking:
        return Judged(
            False, [f"{head}: the person is not {' and not '.join(words[c] for c in lacking)}"], []
        )
    if unstated:
        return Judged(None, [f"{head}: not stated"], [f"local_presence.{c}" for c in unstated])
    return Judged(True, [f"{head}: the person is"], [])


def _legal(ctx: Ctx, event: LocalPresenceEvent, day: dt.date, opened: dt.date) -> Judged:
    head = f"a legal person established in Turkey ({event.form}) since {opened}"
    threshold: int | None = ctx.param_or_none(TIER, on=day)
    kinds: list[str] = ctx.param(KINDS, on=day)
    figure = providers_accesses(ctx, kinds, day) if threshold is not None else None
    if threshold is None or figure is None or figure <= threshold:
        return Judged(True, [head], [])
    over = f"with {figure:,} daily accesses from Turkey (more than {threshold:,}) on {day}"
    if event.form != "capital_company":
        return Judged(
            False,
            [
                f"{head}; {over} a legal-person representative must be a capital company the provider owns"
            ],
            [],
        )
    minimum = ctx.param_or_none(CAPITAL, on=day)
    if minimum is None:
        return Judged(True, [f"{head}; {over}: a capital company the provider owns"], [])
    currency = ctx.rulebook.manifest.currency
    lead = f"{head}; {over} its principal capital must be at least {money(minimum)}"
    if event.capital is None or event.capital_currency is None:
        return Judged(
            None,
            [f"{lead}: not stated"],
            ["local_presence.capital", "local_presence.capital_currency"],
        )
    if event.capital_currency != currency:
        return Judged(
            None,
            [f"{lead}: stated in {event.capital_currency}, not {currency}"],
            [f"local_presence.capital in {currency}"],
        )
    if event.capital < minimum:
        return Judged(False, [f"{lead}: it is {money(event.capital)}"], [])
    return Judged(True, [f"{lead}: it is {money(event.capital)}"], [])


def change_days(ctx: Ctx, since: dt.date, events: list[LocalPresenceEvent]) -> list[dt.date]:
    """The days on which the answer may change: the duty's first day, each recorded change of
    the representative, each change of the law's conditions and of the accesses counted."""
    days = {since, ctx.as_of}
    days |= {ctx.view.clock.day(e.date) for e in events}
    for name in (NATURAL, LEGAL_FORMS, TIER, CAPITAL):
        days |= {v.start for v in ctx.history(name)}
    for series in accesses(ctx).values():
        days |= set(series.starts)
        days |= tier_crossings(ctx, series)
    return sorted(d for d in days if since <= d <= ctx.as_of)


def tier_crossings(ctx: Ctx, series: AudienceSeries) -> set[dt.date]:
    """The days inside a run of daily figures on which the accesses cross the capital-company
    threshold then in force (a run's first day is a change day already)."""
    found: set[dt.date] = set()
    for run in series.runs:
        for offset in range(1, len(run.values)):
            day = run.start + dt.timedelta(days=offset)
            tier = ctx.peek(TIER, day)
            if tier is None or day > ctx.as_of:
                continue
            if (run.values[offset] > tier.value) != (run.values[offset - 1] > tier.value):
                found.add(day)
    return found


@RULES.rule(
    REPRESENTATIVE,
    id="tr-5651.representative.duty",
    law=LAW,
    citation=cite("appoint a representative in Turkey and notify the authority"),
    params=PARAMS,
)
def representative(ctx: Ctx) -> Outcome:
    """Appoint at least one representative in Turkey who meets the law of the day."""
    verdict = ctx.ask(APPLIES)
    since: dt.date = verdict.data["since"]
    events = presences(ctx)
    for event in events:
        ctx.fact(
            f"{event.form} in Turkey recorded on {ctx.view.clock.day(event.date)}"
            + (" (closed)" if event.closed else "")
        )
    states = [
        (day, judge(ctx, recorded_on(events, day, ctx), day).met)
        for day in change_days(ctx, since, events)
    ]
    now = judge(ctx, recorded_on(events, ctx.as_of, ctx), ctx.as_of)
    # this rulebook's reading: a day the facts leave unknown is neither met nor unmet
    period = latest_gap(since, states, before=None)
    because = [f"owed since {since}, the day the provider is bound", *now.because]
    if now.met is True:
        if period is not None and period[1] is not None:
            because.append(
                f"met late: without a valid representative from {period[0]} until {period[1]}"
            )
        return status("met", because, due=since, **period_data(period))
    if now.met is None:
        return status("unknown", because, due=since, missing=now.missing, **period_data(period))
    if not ctx.view.company.facts_complete and not events:
        return status(
            "unknown",
            [*because, "the facts are marked incomplete and record no representative"],
            due=since,
            missing=["local_presence (country TR)"],
        )
    start = period[0] if period else since
    because.append(f"without a valid representative since {start}")
    return status("violated", because, due=since, **period_data(period or (since, None)))


@RULES.rule(
    REPRESENTATIVE,
    id="tr-5651.representative.not-bound",
    law=LAW,
    citation=cite("the duties bind providers within the article's scope"),
    exception_to="tr-5651.representative.duty",
)
def representative_not_bound(ctx: Ctx) -> Outcome | None:
    """No representative is owed by a provider the article does not bind."""
    return unless_subject(ctx)
