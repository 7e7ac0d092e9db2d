"""Whom the IT Rules 2021 reach: intermediaries with users or orders in India, and which of
them are significant social media intermediaries (SSMIs).

An SSMI is a social media intermediary whose registered users in India reach the threshold
the Central Government notified (50 lakh). Whether a figure exactly at the threshold reaches
it is disputed ("50 lakh or more" against "above such threshold"): the comparator is its own
parameter, marked conflicting, and is read (so named in the explanation) only when a figure
sits exactly on the threshold, the one case where the two readings differ.
"""

from __future__ import annotations

import datetime as dt

from landfall.engine.context import Ctx, Outcome
from landfall.engine.view import AudienceSeries
from landfall.rulebooks.in_.rules import RULES
from landfall.rulebooks.in_.rules.common import (
    APPLIES,
    COUNTRY,
    IN_FORCE,
    LAW,
    SSMI,
    rules_citation,
)

THRESHOLD = f"{LAW}.ssmi-threshold"
COMPARATOR = f"{LAW}.ssmi-comparator"
SOCIAL_MEDIA_KINDS = f"{LAW}.social-media-kinds"
METRIC = "registered_users"
CONNECTED_BY = ("demand", "appointment", "local_presence", "report_published")
"""Events that tie a company to India when they name the country."""


@RULES.rule(
    APPLIES,
    id=f"{LAW}.intermediary",
    law=LAW,
    citation=rules_citation(note="due diligence of intermediaries; notified under IT Act s.87"),
    params=(IN_FORCE,),
)
def intermediary(ctx: Ctx) -> Outcome:
    """The Rules apply, from their notification, to an intermediary with users or orders in India."""
    if ctx.param_or_none(IN_FORCE) is None:
        return Outcome(False, [f"the IT Rules 2021 are in force from {ctx.first_start(IN_FORCE)}"])
    ties = []
    for (resource, country, metric), series in sorted(ctx.view.audience.items()):
        if country == COUNTRY:
            figure = series.at(ctx.as_of)
            ties.append(ctx.fact(f"{resource} has {figure:,} {metric.replace('_', ' ')} in India"))
    for kind in CONNECTED_BY:
        events = [e for e in ctx.view.of_type(kind) if e.country == COUNTRY]
        if events:
            ties.append(ctx.fact(f"{len(events)} {kind.replace('_', ' ')} event(s) name India"))
    if not ties:
        return Outcome(False, ["no users, order, officer, address or report in India is recorded"])
    # whether it is also a significant social media intermediary is the SSMI duties' question:
    # a takedown owed by every intermediary must not rest on that reading
    return Outcome(True, ties)


def _first_meeting(
    series: AudienceSeries, threshold: int, at_least: bool, until: dt.date
) -> dt.date | None:
    """The first day the figure reaches the threshold, on one reading of the comparator."""
    return series.first_day_above(threshold - 1 if at_least else threshold, until)


@RULES.rule(
    SSMI,
    id=f"{LAW}.ssmi.threshold",
    law=LAW,
    citation=rules_citation(
        note="significant social media intermediary: registered users in India above the "
        "notified threshold"
    ),
    params=(THRESHOLD, COMPARATOR, SOCIAL_MEDIA_KINDS),
)
def significant(ctx: Ctx) -> Outcome:
    """A social media service whose registered users in India reach the threshold."""
    kinds = ctx.param(SOCIAL_MEDIA_KINDS)
    social = [r for r in ctx.view.resources if r.kind in kinds]
    if not social:
        return Outcome(
            False,
            [
                "no resource of the company is a social media service ("
                + ", ".join(kinds)
                + "): not a social media intermediary"
            ],
        )
    threshold: int = ctx.param(THRESHOLD)
    series_of = ctx.view.audience_of(COUNTRY, METRIC)
    because: list[str] = []
    missing: list[str] = []
    since: dict[str, dt.date] = {}
    for resource in social:
        series = series_of.get(resource.id)
        if series is None:
            because.append(f"{resource.id}: no count of registered users in India is recorded")
            missing.append(
                f"audience event (country IN, metric registered_users) for {resource.id}"
            )
            continue
        figure = series.at(ctx.as_of)
        assert figure is not None  # the view holds only events up to the as-of date
        at_least = _first_meeting(series, threshold, True, ctx.as_of)
        above = _first_meeting(series, threshold, False, ctx.as_of)
        fact = ctx.fact(f"{resource.id} has {figure:,} registered users in India as of {ctx.as_of}")
        if figure == threshold or at_least != above:
            comparator = ctx.param(COMPARATOR)  # the readings differ here: the one taken is named
            counts = comparator == ">="
            because += [
                fact,
                f"{resource.id} stands exactly at the threshold of {threshold:,} "
                + ("now" if figure == threshold else f"on {at_least}")
                + ': the sources conflict on whether it counts ("50 lakh or more" against '
                + '"above such threshold"); read with the comparator '
                + f"{comparator} (in-it-rules-2021.ssmi-comparator, conflicting), it "
                + ("does" if counts else "does not"),
            ]
        else:
            counts = True  # both readings agree away from the threshold
            because.append(fact)
        meets = figure >= threshold if counts else figure > threshold
        first = at_least if counts else above
        if meets and first is not None:
            since[resource.id] = first
            because.append(
                f"{resource.id} reaches the threshold of {threshold:,} registered users "
                f"(since {first})"
            )
        else:
            because.append(f"{resource.id} does not reach the threshold of {threshold:,}")
    if since:
        first_day = min(since.values())
        because.append(f"a significant social media intermediary since {first_day}")
        return Outcome(True, because, data={"since": first_day, "resources": sorted(since)})
    if missing:
        return Outcome(None, because, missing)
    return Outcome(False, [*because, "not a significant social media intermediary"])
