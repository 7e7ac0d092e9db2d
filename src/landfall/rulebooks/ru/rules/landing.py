"""Federal Law 236-FZ (the landing law): who is subject, and the four duties of a subject.

Scope: a foreign owner of an information resource with more than the threshold of daily
users located in Russia plus one scope condition (Russian language, advertising aimed at
Russia, processing Russian users' data, money from Russia); or a foreign hosting provider,
advertising system or organiser of information dissemination whatever its audience; or a
person the regulator has put on its list. Duties: a feedback form, an account on the
regulator's site, a local presence (from its own later date), and the audience counter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from landfall.engine.context import Ctx, Outcome
from landfall.engine.view import CompanyView
from landfall.facts.model import Resource, day_of
from landfall.periods import months_between
from landfall.rulebooks.ru.rules import RULES
from landfall.rulebooks.ru.rules.common import (
    landing,
    not_applicable_unless_law_applies,
    status,
)

LAW = "ru-236-fz"
APPLIES = "ru-236-fz.applies"
IN_FORCE = "ru-236-fz.in-force"
THRESHOLD = "ru-236-fz.audience-threshold"
INTERMEDIARIES = "ru-236-fz.intermediary-kinds"
EXIT_ON_APPLICATION = "ru-236-fz.list-exit-on-application"
EXIT_BY_REGULATOR = "ru-236-fz.list-exit-by-regulator"
DUTIES_FROM_LISTING = "ru-236-fz.duties-from-listing"
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
        start = ctx.rulebook.parameter(IN_FORCE).first_start()
        return Outcome(False, [f"236-FZ is not in force on {ctx.as_of} (in force from {start})"])
    audience_unknown = [r.id for r in ctx.view.resources if r.id not in ctx.view.audience]
    if audience_unknown and not any(r.id in ctx.view.audience for r in ctx.view.resources):
        return Outcome(
            None,
            ["no daily-audience figure is known for the company's resources"],
            [f"audience of resource {rid}" for rid in audience_unknown] or ["resources"],
        )
    threshold = ctx.param(THRESHOLD)
    figures = [
        ctx.fact(f"{r.id} had {users:,} daily users in Russia on {ctx.as_of}")
        for r in ctx.view.resources
        if (series := ctx.view.audience.get(r.id)) is not None
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
    in_force = ctx.rulebook.parameter(IN_FORCE).first_start()
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
    for resource in view.resources:
        series = view.audience.get(resource.id)
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


def listed_since(view: CompanyView) -> dt.date | None:
    since: dt.date | None = None
    for event in view.of_type("list_inclusion"):
        if event.list != "landing":
            continue
        since = None if event.removed else (since or day_of(event.date))
    return since


def list_exit(ctx: Ctx) -> list[str]:
    """Whether a listed person may leave the list, or must be taken off it."""
    threshold: int = ctx.param(THRESHOLD)
    series = [ctx.view.audience[r.id] for r in ctx.view.resources if r.id in ctx.view.audience]
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


# -- duties ----------------------------------------------------------------------------------


def scope_of(ctx: Ctx) -> tuple[dt.date | None, list[Resource]]:
    """When the duties start (None: not before the regulator lists the company) and where."""
    verdict = ctx.ask(APPLIES)
    wanted = set(verdict.data["resources"])
    resources = [r for r in ctx.view.resources if r.id in wanted] or list(ctx.view.resources)
    if not ctx.param(DUTIES_FROM_LISTING):
        return verdict.data["since"], resources
    return listed_since(ctx.view), resources


def absent(ctx: Ctx, what: str, due: dt.date | None, missing: list[str]) -> Outcome:
    """A duty with no act recorded: violated on complete facts, unknown otherwise."""
    if due is None:
        return status(
            "pending",
            [
                f"{what} is owed once the regulator puts the company on its list of foreign persons; it is not listed"
            ],
        )
    if due > ctx.as_of:
        return status("pending", [f"{what} is due on {due}"], due=due)
    if ctx.view.company.facts_complete:
        return status("violated", [f"{what} is due since {due} and the facts record none"], due=due)
    return status(
        "unknown",
        [f"{what} is due since {due}; the facts are marked incomplete and record none"],
        due=due,
        missing=missing,
    )


def resource_duty(ctx: Ctx, event_type: str, what: str) -> Outcome:
    since, resources = scope_of(ctx)
    have, lacking = [], []
    for resource in resources:
        latest = ctx.view.latest(event_type, "resource", resource.id)
        if latest is not None and not latest.removed:
            have.append(ctx.fact(f"{what} on {resource.id} since {day_of(latest.date)}"))
        elif latest is not None:
            lacking.append(
                ctx.fact(f"{what} on {resource.id} was removed on {day_of(latest.date)}")
            )
        else:
            lacking.append(resource.id)
    if not lacking:
        return status("met", have, due=since)
    missing = [f"{event_type} event for resource {rid}" for rid in lacking]
    outcome = absent(ctx, f"{what} on {', '.join(lacking)}", since, missing)
    outcome.because = have + outcome.because
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


@RULES.rule(
    "ru-236-fz.feedback-form",
    id="ru-236-fz.feedback-form.duty",
    law=LAW,
    params=(DUTIES_FROM_LISTING,),
    citation=landing("duty 1 of a subject: electronic feedback form; believed art. 5"),
)
def feedback_form(ctx: Ctx) -> Outcome:
    """Place an electronic feedback form for Russian citizens and organisations on the resource."""
    return resource_duty(ctx, "feedback_form", "a feedback form")


@RULES.rule(
    "ru-236-fz.audience-counter",
    id="ru-236-fz.audience-counter.duty",
    law=LAW,
    params=(DUTIES_FROM_LISTING,),
    citation=landing("duty of a subject: the regulator's audience counter; believed art. 5"),
)
def audience_counter(ctx: Ctx) -> Outcome:
    """Install one of the regulator's audience-counting programs on the resource."""
    return resource_duty(ctx, "audience_counter", "the regulator's audience counter")


@RULES.rule(
    "ru-236-fz.rkn-account",
    id="ru-236-fz.rkn-account.duty",
    law=LAW,
    params=(DUTIES_FROM_LISTING,),
    citation=landing(
        "duty 2 of a subject: personal account on the regulator's site; believed art. 5"
    ),
)
def rkn_account(ctx: Ctx) -> Outcome:
    """Register a personal account on the regulator's site and use it with state bodies."""
    since, _ = scope_of(ctx)
    latest = ctx.view.latest("rkn_account", "company", ctx.view.company.id)
    if latest is not None and not latest.removed:
        return status("met", [ctx.fact(f"account registered on {day_of(latest.date)}")], due=since)
    outcome = absent(ctx, "an account on the regulator's site", since, ["rkn_account event"])
    if latest is not None:
        outcome.because.insert(0, ctx.fact(f"the account was closed on {day_of(latest.date)}"))
    return outcome


@RULES.rule(
    "ru-236-fz.local-presence",
    id="ru-236-fz.local-presence.duty",
    law=LAW,
    citation=landing("duty 3 of a subject: branch, representative office or Russian legal entity"),
    params=("ru-236-fz.local-presence-due", "ru-236-fz.local-presence-forms", DUTIES_FROM_LISTING),
)
def local_presence(ctx: Ctx) -> Outcome:
    """Open a branch or representative office, or establish a Russian legal entity, by the due date."""
    since, _ = scope_of(ctx)
    due = None if since is None else max(since, ctx.param("ru-236-fz.local-presence-due"))
    forms = set(ctx.param("ru-236-fz.local-presence-forms"))
    open_now = None
    for event in ctx.view.of_type("local_presence"):
        if event.form in forms:
            open_now = None if event.closed else event
    if open_now is not None:
        opened = day_of(open_now.date)
        because = [ctx.fact(f"{open_now.form.replace('_', ' ')} opened on {opened}")]
        if due is not None and opened > due:
            because.append(f"opened {(opened - due).days} days after the due date {due}")
        return status("met", because, due=due, met_since=opened)
    return absent(
        ctx,
        "a branch, representative office or Russian legal entity",
        due,
        ["local_presence event"],
    )


for _definition in (
    "ru-236-fz.feedback-form",
    "ru-236-fz.audience-counter",
    "ru-236-fz.rkn-account",
    "ru-236-fz.local-presence",
):
    _not_subject(_definition)
