"""Federal Law 236-FZ (the landing law): who is subject, and the four duties of a subject.

Scope: a foreign owner of an information resource with more than the threshold of daily
users located in Russia plus one scope condition (Russian language, advertising aimed at
Russia, processing Russian users' data, money from Russia); or a foreign hosting provider,
advertising system or organiser of information dissemination whatever its audience; or a
person the regulator has put on its list. Duties (art. 5), owed from the day the criteria are
met: a feedback form, an account on the regulator's site, a designated and functioning local
presence (from its own later date), and the audience counter (owners of resources only); they
are in `landing_duties`. The regulator's list (art. 8) decides whether they are enforced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from landfall.engine.context import Ctx, Outcome
from landfall.engine.view import AudienceSeries, CompanyView
from landfall.facts.model import Resource, day_of
from landfall.periods import months_between
from landfall.rulebooks.ru.rules import RULES
from landfall.rulebooks.ru.rules.common import landing

LAW = "ru-236-fz"
APPLIES = "ru-236-fz.applies"
IN_FORCE = "ru-236-fz.in-force"
THRESHOLD = "ru-236-fz.audience-threshold"
INTERMEDIARIES = "ru-236-fz.intermediary-kinds"
EXIT_ON_APPLICATION = "ru-236-fz.list-exit-on-application"
EXIT_BY_REGULATOR = "ru-236-fz.list-exit-by-regulator"
SCOPE = landing("scope and the regulator's list; article number unverified")

SIGNALS = {
    "russian_language": "information is disseminated in Russian or a language of Russia's peoples",
    "ads_targeting_russia": "advertising aimed at consumers in Russia is disseminated",
    "processes_russian_users_data": "data about users located in Russia is processed",
    "payments_from_russia": "money is received from Russian individuals or legal entities",
}


@dataclass
class Scope:
    subject: bool | None
    since: dt.date | None
    resources: list[str]
    because: list[str]
    missing: list[str]


# -- applicability ---------------------------------------------------------------------------


@RULES.rule(
    APPLIES,
    id="ru-236-fz.not-subject",
    law=LAW,
    citation=SCOPE,
    params=(IN_FORCE, THRESHOLD),
)
def not_subject(ctx: Ctx) -> Outcome:
    """A person meeting no criterion of the law, or before the law is in force, is not subject."""
    if ctx.param_or_none(IN_FORCE) is None:
        start = ctx.first_start(IN_FORCE)
        return Outcome(False, [f"236-FZ is not in force on {ctx.as_of} (in force from {start})"])
    audience = russian_audience(ctx.view)
    audience_unknown = [r.id for r in ctx.view.resources if r.id not in audience]
    if audience_unknown and not any(r.id in audience for r in ctx.view.resources):
        return Outcome(
            None,
            ["no daily-audience figure is known for the company's resources"],
            [f"audience of resource {rid}" for rid in audience_unknown] or ["resources"],
        )
    threshold = ctx.param(THRESHOLD)
    figures = [
        ctx.fact(f"{r.id} had {users:,} daily users in Russia on {ctx.as_of}")
        for r in ctx.view.resources
        if (series := audience.get(r.id)) is not None
        and (users := series.at(ctx.as_of)) is not None
    ]
    return Outcome(
        False,
        [
            *figures,
            f"no resource has more than {threshold:,} daily users in Russia with a scope "
            "condition, none is an intermediary, and the company is not on the regulator's list",
        ],
    )


@RULES.rule(
    APPLIES,
    id="ru-236-fz.subject",
    law=LAW,
    citation=SCOPE,
    exception_to="ru-236-fz.not-subject",
    params=(IN_FORCE, THRESHOLD, INTERMEDIARIES, EXIT_ON_APPLICATION, EXIT_BY_REGULATOR),
)
def subject(ctx: Ctx) -> Outcome | None:
    """Subject by audience (category 1), as an intermediary (category 2), or by the list."""
    if ctx.param_or_none(IN_FORCE) is None:
        return None
    in_force = ctx.first_start(IN_FORCE)
    found = [
        audience_scope(ctx, in_force),
        intermediary_scope(ctx, in_force),
        list_scope(ctx),
    ]
    hits = [s for s in found if s.subject]
    if not hits:
        unknown = [s for s in found if s.subject is None]
        if unknown:
            return Outcome(
                None,
                [b for s in unknown for b in s.because],
                [m for s in unknown for m in s.missing],
            )
        return None
    since = min(s.since for s in hits if s.since is not None)
    resources = sorted({r for s in hits for r in s.resources})
    because = [b for s in hits for b in s.because]
    return Outcome(True, because, [], {"since": since, "resources": resources})


@RULES.rule(
    APPLIES,
    id="ru-236-fz.domestic-person",
    law=LAW,
    citation=landing("art. 1 part 1: the law governs foreign persons"),
    exception_to="ru-236-fz.subject",
)
def domestic_person(ctx: Ctx) -> Outcome | None:
    """A Russian person is not a 'foreign person' and so not subject to the landing law."""
    if ctx.view.company.country != "RU":
        return None
    return Outcome(False, [ctx.fact(f"company {ctx.view.company.id} has its seat in RU")])


def audience_scope(ctx: Ctx, in_force: dt.date) -> Scope:
    threshold: int = ctx.param(THRESHOLD)
    view = ctx.view
    hits: list[str] = []
    because: list[str] = []
    missing: list[str] = []
    since: dt.date | None = None
    unknown = False
    audience = russian_audience(view)
    for resource in view.resources:
        series = audience.get(resource.id)
        if series is None:
            continue
        users = series.at(ctx.as_of)
        if users is None or users <= threshold:
            continue
        signals = scope_signals(resource)
        fact = f"{resource.id} had {users:,} daily users in Russia (more than {threshold:,})"
        if any(signals.values()):
            hits.append(resource.id)
            named = "; ".join(SIGNALS[k] for k, v in signals.items() if v)
            because.append(ctx.fact(fact) + f" and {named}")
            first = series.first_day_above(threshold, ctx.as_of) or ctx.as_of
            start = max(first, in_force)
            since = start if since is None else min(since, start)
        elif any(v is None for v in signals.values()):
            unknown = True
            because.append(ctx.fact(fact) + "; its scope conditions are not stated")
            missing += [f"resources[{resource.id}].{k}" for k, v in signals.items() if v is None]
    if hits:
        return Scope(True, since, hits, because, [])
    return Scope(None if unknown else False, None, [], because, missing)


def scope_signals(resource: Resource) -> dict[str, bool | None]:
    return {name: getattr(resource, name) for name in SIGNALS}


def intermediary_scope(ctx: Ctx, in_force: dt.date) -> Scope:
    kinds = set(ctx.param(INTERMEDIARIES))
    hits = [
        r for r in ctx.view.resources if r.kind in kinds or r.organizer_of_information_dissemination
    ]
    because = [
        ctx.fact(
            f"{r.id} is "
            + (
                "an organiser of information dissemination"
                if r.kind not in kinds
                else f"a {r.kind}"
            )
            + ", subject whatever its audience"
        )
        for r in hits
    ]
    return Scope(bool(hits), in_force if hits else None, [r.id for r in hits], because, [])


def list_scope(ctx: Ctx) -> Scope:
    inclusion = listed_since(ctx.view)
    if inclusion is None:
        return Scope(False, None, [], [], [])
    because = [ctx.fact(f"the regulator put the company on its list on {inclusion}")]
    because += list_exit(ctx)
    resources = [r.id for r in ctx.view.resources]
    return Scope(True, inclusion, resources, because, [])


def russian_audience(view: CompanyView) -> dict[str, AudienceSeries]:
    """Daily users located in Russia, by resource: the audience 236-FZ counts."""
    return view.audience_of("RU", "daily_users")


def listed_since(view: CompanyView) -> dt.date | None:
    since: dt.date | None = None
    for event in view.of_type("list_inclusion"):
        if event.country != "RU" or event.list != "landing":
            continue
        since = None if event.removed else (since or day_of(event.date))
    return since


def list_exit(ctx: Ctx) -> list[str]:
    """Whether a listed person may leave the list, or must be taken off it."""
    threshold: int = ctx.param(THRESHOLD)
    audience = russian_audience(ctx.view)
    series = [audience[r.id] for r in ctx.view.resources if r.id in audience]
    if not series:
        return []
    last_high = [s.last_day_at_or_above(threshold, ctx.as_of) for s in series]
    if any(d == ctx.as_of for d in last_high):
        return []
    known = [d for d in last_high if d is not None]
    below_from = max(known) + dt.timedelta(days=1) if known else min(s.first_day for s in series)
    months = months_between(below_from, ctx.as_of + dt.timedelta(days=1))
    on_application: int = ctx.param(EXIT_ON_APPLICATION)
    by_regulator: int = ctx.param(EXIT_BY_REGULATOR)
    text = f"every resource has been under {threshold:,} daily users since {below_from}"
    if months >= by_regulator:
        return [ctx.fact(text) + f" ({by_regulator}+ months): the regulator is to exclude it"]
    if months >= on_application:
        return [ctx.fact(text) + f" ({on_application}+ months): it may apply to leave the list"]
    return [ctx.fact(text)]
