"""Who Additional Article 4 binds: foreign-based social network providers with more than the
threshold of daily accesses from Turkey (``audience`` events with ``country: TR`` and
``metric: daily_access``), from the day the article took effect.

A company with no figure of accesses from Turkey has no connection with Turkey in the facts:
the law does not apply to it (the explanation says why), rather than being left undecided.
"""

from __future__ import annotations

import datetime as dt

from landfall.engine.context import Ctx, Outcome
from landfall.engine.view import AudienceSeries
from landfall.rulebooks.tr.rules import RULES
from landfall.rulebooks.tr.rules.common import APPLIES, COUNTRY, IN_FORCE, LAW, cite

THRESHOLD = "tr-5651.access-threshold"
KINDS = "tr-5651.provider-kinds"
METRIC = "daily_access"
SCOPE = cite("scope: foreign-based social network providers over the daily-access threshold")


def accesses(ctx: Ctx) -> dict[str, AudienceSeries]:
    """Daily accesses from Turkey, by resource: the audience the article counts."""
    return ctx.view.audience_of(COUNTRY, METRIC)


def providers_accesses(ctx: Ctx, kinds: list[str], day: dt.date) -> int | None:
    """The largest daily-access figure from Turkey of the company's provider resources on
    ``day`` (None when none is known)."""
    series = accesses(ctx)
    figures = [
        n
        for r in ctx.view.resources
        if r.kind in kinds and r.id in series and (n := series[r.id].at(day)) is not None
    ]
    return max(figures) if figures else None


@RULES.rule(
    APPLIES, id="tr-5651.not-subject", law=LAW, citation=SCOPE, params=(IN_FORCE, THRESHOLD, KINDS)
)
def not_subject(ctx: Ctx) -> Outcome:
    """A provider at or under the threshold, another kind of resource, or a day before the
    article took effect: not bound."""
    if ctx.param_or_none(IN_FORCE) is None:
        start = ctx.first_start(IN_FORCE)
        return Outcome(
            False, [f"Additional Article 4 is not in force on {ctx.as_of} (in force from {start})"]
        )
    series = accesses(ctx)
    if not any(r.id in series for r in ctx.view.resources):
        return Outcome(
            False, ["no daily accesses from Turkey are recorded for the company's resources"]
        )
    threshold: int = ctx.param(THRESHOLD)
    kinds: list[str] = ctx.param(KINDS)
    because = []
    for resource in ctx.view.resources:
        if resource.id not in series or (n := series[resource.id].at(ctx.as_of)) is None:
            continue
        counted = resource.kind in kinds
        what = (
            resource.id if counted else f"{resource.id}, a {resource.kind}, not a social network,"
        )
        because.append(ctx.fact(f"{what} had {n:,} daily accesses from Turkey on {ctx.as_of}"))
    because.append(
        f"no social network resource has more than {threshold:,} daily accesses from Turkey"
    )
    return Outcome(False, because)


@RULES.rule(
    APPLIES,
    id="tr-5651.subject",
    law=LAW,
    citation=SCOPE,
    exception_to="tr-5651.not-subject",
    params=(IN_FORCE, THRESHOLD, KINDS),
)
def subject(ctx: Ctx) -> Outcome | None:
    """A social network provider with strictly more than the threshold of daily accesses from
    Turkey is bound from the first such day (not before the article took effect)."""
    if ctx.param_or_none(IN_FORCE) is None:
        return None
    threshold: int = ctx.param(THRESHOLD)
    kinds: list[str] = ctx.param(KINDS)
    in_force = ctx.first_start(IN_FORCE)
    series = accesses(ctx)
    hits: list[str] = []
    because: list[str] = []
    since: dt.date | None = None
    for resource in ctx.view.resources:
        figures = series.get(resource.id)
        if resource.kind not in kinds or figures is None:
            continue
        n = figures.at(ctx.as_of)
        if n is None or n <= threshold:
            continue
        hits.append(resource.id)
        because.append(
            ctx.fact(
                f"{resource.id} had {n:,} daily accesses from Turkey on {ctx.as_of} "
                f"(more than {threshold:,})"
            )
        )
        first = max(figures.first_day_above(threshold, ctx.as_of) or ctx.as_of, in_force)
        since = first if since is None else min(since, first)
    if not hits:
        return None
    if ctx.view.company.country is None:
        return Outcome(
            None,
            [
                *because,
                "the company's seat is not stated: the article binds foreign-based providers",
            ],
            [f"companies[{ctx.view.company.id}].country"],
        )
    because.append(f"bound since {since}")
    return Outcome(True, because, [], {"since": since, "resources": hits})


@RULES.rule(
    APPLIES,
    id="tr-5651.domestic-provider",
    law=LAW,
    citation=cite("the duties of the article bind foreign-based providers"),
    exception_to="tr-5651.subject",
)
def domestic_provider(ctx: Ctx) -> Outcome | None:
    """A provider seated in Turkey is not a foreign-based provider."""
    if ctx.view.company.country != COUNTRY:
        return None
    return Outcome(False, [ctx.fact(f"company {ctx.view.company.id} has its seat in TR")])
