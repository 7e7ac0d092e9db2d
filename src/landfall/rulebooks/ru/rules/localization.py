"""152-FZ art. 18 part 5: Russian citizens' personal data recorded first in Russia.

When collecting personal data, an operator must record, systematize, accumulate, store,
clarify and extract Russian citizens' personal data using databases located in Russia. The
regulator's reading (Minkomsvyaz, 3 Aug 2015): the primary database must be in Russia; copies
abroad are allowed. From 1 July 2025 (23-FZ) the part forbids databases abroad for those
operations, and copies abroad need the art. 12 cross-border notice (266-FZ, from 1 March
2023). Art. 1 part 1.1 (266-FZ, from 1 September 2022) reaches foreign operators processing
Russian citizens' data under contract or consent. A breach can lead, on a court's decision, to
the register of violators and blocking (149-FZ art. 15.5). Evidence comes from `data_store`
declarations, `scan` results and `registration` events (`register: cross-border-notice`).
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from landfall.engine.context import Ctx, Outcome
from landfall.facts.model import day_of
from landfall.periods import Period
from landfall.rulebooks.outcomes import period_data, status
from landfall.rulebooks.ru.rules import RULES
from landfall.rulebooks.ru.rules.common import PERSONAL_DATA
from landfall.rulebooks.ru.rules.koap.dates import code_fines
from landfall.rulebooks.ru.rules.store_evidence import (
    Store,
    stores_of,
    unconfirmed_notes,
    unread,
    unread_notes,
)
from landfall.rules.model import Citation

LAW = "ru-152-fz"
APPLIES = "ru-152-fz.applies"
OBLIGATION = "ru-152-fz.localization"
IN_FORCE = "ru-152-fz.localization-in-force"
COPIES_ALLOWED = "ru-152-fz.copies-abroad-allowed"
COPIES_NEED_NOTICE = "ru-152-fz.copies-abroad-need-notice"
CROSS_BORDER_NOTICE = "ru-152-fz.cross-border-notice"
EXTRATERRITORIAL = "ru-152-fz.extraterritorial-reach"
VIOLATORS_REGISTER = "ru-149-fz.register-of-violators"
NOTICE_REGISTER = "cross-border-notice"  # the `register` of a `registration` event
ART_18_5 = Citation(PERSONAL_DATA, "18", "5")
RUSSIAN_DOMAINS = (".ru", ".su", ".рф", ".xn--p1ai", ".moscow")


@RULES.rule(
    APPLIES,
    id="ru-152-fz.operator",
    law=LAW,
    citation=ART_18_5,
    params=(IN_FORCE, EXTRATERRITORIAL),
)
def operator(ctx: Ctx) -> Outcome:
    """An operator collecting Russian citizens' personal data owes the localization duty."""
    if ctx.param_or_none(IN_FORCE) is None:
        start = ctx.first_start(IN_FORCE)
        return Outcome(False, [f"art. 18 part 5 is not in force on {ctx.as_of} (from {start})"])
    stores = [s for s in stores_of(ctx) if s.holds]
    processing = [r.id for r in ctx.view.resources if r.processes_russian_users_data]
    if stores or processing:
        because = [ctx.fact(f"store {s.id} holds Russian users' personal data") for s in stores]
        because += [ctx.fact(f"{rid} processes data of users in Russia") for rid in processing]
        if processing and ctx.view.company.country != "RU" and ctx.param_or_none(EXTRATERRITORIAL):
            since = ctx.first_start(EXTRATERRITORIAL)
            because.append(
                f"art. 1 part 1.1 (266-FZ, from {since}): the Law governs a foreign person "
                "processing Russian citizens' data under a contract with them or their consent, "
                "as a service does with its users' data"
            )
        return Outcome(True, because)
    unknown = [r.id for r in ctx.view.resources if r.processes_russian_users_data is None]
    partial = unread(stores_of(ctx))
    if partial:
        notes, missing = unread_notes(partial)
        return Outcome(None, [*notes], missing)
    if unknown or not ctx.view.resources:
        return Outcome(
            None,
            ["the facts do not say whether the company collects Russian citizens' personal data"],
            [f"resources[{rid}].processes_russian_users_data" for rid in unknown]
            or ["data_store events"],
        )
    return Outcome(False, ["no resource processes, and no store holds, Russian users' data"])


@RULES.rule(
    APPLIES,
    id="ru-152-fz.not-directed-at-russia",
    law=LAW,
    citation=Citation(PERSONAL_DATA, "18", "5", note="territorial reach per the regulator"),
    exception_to="ru-152-fz.operator",
    params=(EXTRATERRITORIAL,),
)
def not_directed_at_russia(ctx: Ctx) -> Outcome | None:
    """A foreign operator whose activity is not directed at Russia is outside the duty.

    A Russian-language site alone is not enough; payments from Russia, advertising aimed at
    Russia or a Russian domain direct the activity at Russia. From 1 September 2022 art. 1
    part 1.1 (266-FZ) brings in a foreign person processing Russian citizens' data under a
    contract with them or their consent, which a resource processing its Russian users' data
    does: the test then no longer removes it.
    """
    view = ctx.view
    if view.company.country == "RU" or not view.resources:
        return None
    if ctx.param_or_none(EXTRATERRITORIAL) and any(
        r.processes_russian_users_data for r in view.resources
    ):
        return None
    if directed_at_russia(ctx):
        return None
    return Outcome(
        False,
        [
            ctx.fact(
                "no resource takes payments from Russia, targets Russia with ads or has a Russian domain"
            )
        ],
    )


def directed_at_russia(ctx: Ctx) -> bool:
    """The regulator's 2015 test: payments, advertising or a Russian domain (unknown counts)."""
    for r in ctx.view.resources:
        if r.payments_from_russia is not False or r.ads_targeting_russia is not False:
            return True
        if r.id.lower().endswith(RUSSIAN_DOMAINS):
            return True
    return False


def reached_from(ctx: Ctx) -> dt.date:
    """The first day the duty reaches this operator: art. 18 part 5's start, or art. 1 part 1.1's
    for a foreign operator whose activity is not directed at Russia."""
    start = ctx.first_start(IN_FORCE)
    if ctx.view.company.country == "RU" or not ctx.view.resources or directed_at_russia(ctx):
        return start
    return max(start, ctx.first_start(EXTRATERRITORIAL))


@RULES.rule(
    APPLIES,
    id="ru-152-fz.art-6-exceptions",
    law=LAW,
    citation=Citation(PERSONAL_DATA, "18", "5", note="exceptions: art. 6 part 1 paras 2, 3, 4, 8"),
    exception_to="ru-152-fz.operator",
    params=("ru-152-fz.exception-paragraphs",),
)
def art_6_exceptions(ctx: Ctx) -> Outcome | None:
    """Processing only for the purposes of art. 6 part 1 paras 2, 3, 4 or 8 is exempt."""
    declared = ctx.view.company.localization_exceptions
    if not declared or ctx.param_or_none("ru-152-fz.exception-paragraphs") is None:
        return None
    allowed = set(ctx.param("ru-152-fz.exception-paragraphs"))
    if not set(declared) <= allowed:
        return None
    paras = ", ".join(str(p) for p in sorted(declared))
    return Outcome(False, [ctx.fact(f"all processing is under art. 6 part 1 para(s) {paras}")])


@RULES.rule(
    OBLIGATION,
    id="ru-152-fz.localization.duty",
    law=LAW,
    citation=ART_18_5,
    params=(
        IN_FORCE,
        EXTRATERRITORIAL,  # when the duty reaches a foreign operator (reached_from)
        COPIES_ALLOWED,
        COPIES_NEED_NOTICE,
        CROSS_BORDER_NOTICE,
        VIOLATORS_REGISTER,
    ),
)
def localization(ctx: Ctx) -> Outcome:
    """The primary database with Russian citizens' data must be in Russia; copies may be abroad.

    From 1 July 2025 (23-FZ of 28.02.2025) art. 18 part 5 forbids the listed operations with
    databases abroad; copies abroad remain possible only as a cross-border transfer under
    art. 12, which since 1 March 2023 (266-FZ) needs a prior notice to the regulator.
    """
    due = reached_from(ctx)
    known = stores_of(ctx)
    stores = [s for s in known if s.holds]
    demands = demand_notes(ctx)
    if not stores:
        unread_because, unread_missing = unread_notes(unread(known))
        fined = [f for f in code_fines(ctx) if f.article == "13.11" and f.part in ("8", "9")]
        if fined:
            last = fined[-1]
            return status(
                "unknown",
                [
                    *demands,
                    ctx.fact(
                        f"a court fined the company under KoAP 13.11 part {last.part} on {day_of(last.date)}"
                    ),
                    "presumed still violated: a past fine is not a finding about the company's "
                    "databases now, and no later evidence of localization is recorded",
                    *unread_because,
                ],
                due=due,
                missing=["data_store or scan events for the company's stores", *unread_missing],
            )
        return status(
            "unknown",
            [*demands, "no data store holding Russian users' data is known", *unread_because],
            due=due,
            missing=["data_store or scan events for the company's stores", *unread_missing],
        )
    because = [*demands, *(ctx.fact(s.evidence) for s in stores)]
    found, notes = problems(ctx, stores, ctx.as_of, traced=True)
    because += notes
    period = violation_period(ctx, due)
    if found:
        return status(
            "violated",
            because + found + consequences(ctx),
            due=due,
            **period_data(period or (due, None)),
        )
    # Nothing found breaches the duty, but a partial scan outside Russia may have left unread
    # the records that would: "met" needs every store abroad read in full. Records abroad
    # missing from Russian primaries read only in part show no breach either: unknown.
    unread_because, unread_missing = unread_notes(unread(known, abroad_only=True))
    doubt_because, doubt_missing = unconfirmed_notes(stores)
    if unread_because or doubt_because:
        missing = list(dict.fromkeys([*unread_missing, *doubt_missing]))
        return status(
            "unknown", [*because, *unread_because, *doubt_because], due=due, missing=missing
        )
    unlocated = [s for s in stores if s.country is None]
    if unlocated:
        return status(
            "unknown",
            [*because, f"the location of {', '.join(s.id for s in unlocated)} is unknown"],
            due=due,
            missing=[f"country of store {s.id}" for s in unlocated],
        )
    if period is not None and period[1] is not None:
        because.append(f"met late: in violation from {period[0]} until {period[1]}")
    return status(
        "met",
        [*because, "the primary store is in Russia; stores abroad are copies"],
        due=due,
        **period_data(period),
    )


def problems(
    ctx: Ctx, stores: list[Store], day: dt.date, *, traced: bool = False
) -> tuple[list[str], list[str]]:
    """What breaches art. 18 part 5 on ``day`` (and notes that do not), for these stores."""
    read = ctx.param_or_none if traced else partial(_quiet, ctx)
    copies_allowed = bool(read(COPIES_ALLOWED, day))
    need_notice = bool(read(COPIES_NEED_NOTICE, day))
    notice_required = bool(read(CROSS_BORDER_NOTICE, day))
    notified = notice_filed(ctx, day)
    in_russia = [s for s in stores if s.country == "RU"]
    abroad = [s for s in stores if s.country not in (None, "RU")]
    found: list[str] = []
    notes: list[str] = []
    for s in abroad:
        if s.role == "primary":
            found.append(f"primary store {s.id} is in {s.country}")
        elif not copies_allowed:
            found.append(
                f"store {s.id} in {s.country} holds the data, and copies abroad are not allowed"
            )
        elif need_notice and notified is None:
            found.append(
                f"store {s.id} in {s.country} is a copy abroad, but no art. 12 cross-border "
                f"notice is filed: since {_start(ctx, COPIES_NEED_NOTICE, day)} (23-FZ) copies "
                "abroad are allowed only as a notified cross-border transfer"
            )
        elif notice_required and notified is None:
            notes.append(
                f"copying to {s.id} in {s.country} is a cross-border transfer without the "
                f"art. 12 notice (required since {_start(ctx, CROSS_BORDER_NOTICE, day)}, "
                "266-FZ): a breach of art. 12, not of art. 18 part 5"
            )
        if s.only_abroad:
            found.append(f"{s.only_abroad:,} records of {s.id} exist in no Russian primary store")
    if abroad and not any(s.role == "primary" for s in in_russia):
        found.append("no primary store in Russia holds the data that stores abroad hold")
    if traced and notified is not None and abroad:
        notes.append(ctx.fact(f"cross-border transfer notice filed on {notified}"))
    return found, notes


def _start(ctx: Ctx, name: str, day: dt.date) -> dt.date | None:
    dated = ctx.peek(name, day)
    return None if dated is None else dated.start


def _quiet(ctx: Ctx, name: str, day: dt.date) -> Any:
    """A parameter's value on an earlier day, read for the violation period without tracing."""
    dated = ctx.peek(name, day)
    return None if dated is None else dated.value


def notice_filed(ctx: Ctx, day: dt.date) -> dt.date | None:
    """The day the art. 12 cross-border notice in force on ``day`` was filed, if any."""
    filed: dt.date | None = None
    for event in ctx.view.of_type("registration"):
        if event.country != "RU" or event.register_ != NOTICE_REGISTER or day_of(event.date) > day:
            continue
        filed = None if event.removed else (filed or day_of(event.date))
    return filed


def violation_period(ctx: Ctx, due: dt.date) -> Period | None:
    """The latest period in violation, re-reading the stores and the law at each change."""
    changes = {day_of(e.date) for e in ctx.view.of_type("data_store", "scan", "registration")}
    for name in (COPIES_ALLOWED, COPIES_NEED_NOTICE):
        changes |= {v.start for v in ctx.history(name)}
    start: dt.date | None = None
    last: Period | None = None
    for day in sorted(d for d in changes if d <= ctx.as_of):
        held = [s for s in stores_of(ctx, day) if s.holds]
        bad = bool(held) and bool(problems(ctx, held, day)[0])
        if bad and start is None:
            start = max(day, due)
        elif not bad and start is not None:
            if day > start:
                last = (start, day)
            start = None
    return (start, None) if start is not None else last


def consequences(ctx: Ctx) -> list[str]:
    """What a localization breach can lead to beyond a fine: the register of violators."""
    if not ctx.param_or_none(VIOLATORS_REGISTER):
        return []
    lines = [
        "a court may order the company's entry in the register of violators of personal-data "
        "subjects' rights, and access to its resources is then restricted (149-FZ art. 15.5)"
    ]
    for action in ctx.view.of_type("enforcement_action"):
        if action.country == "RU" and action.action == "register_of_violators":
            state = "lifted" if action.lifted else "entered"
            lines.append(
                ctx.fact(f"register of violators: {state} on {day_of(action.date)}")
                + (f" ({action.basis})" if action.basis else "")
            )
    return lines


@RULES.rule(
    OBLIGATION,
    id="ru-152-fz.localization.not-operator",
    law=LAW,
    citation=ART_18_5,
    exception_to="ru-152-fz.localization.duty",
)
def localization_not_applicable(ctx: Ctx) -> Outcome | None:
    """Whoever the localization duty does not reach owes nothing under it."""
    verdict = ctx.ask(APPLIES)
    if verdict.value is True:
        return None
    if verdict.value is None:
        return status("unknown", verdict.because, missing=verdict.missing_facts)
    return status("not_applicable", verdict.because)


def demand_notes(ctx: Ctx) -> list[str]:
    notes = [
        ctx.fact(f"the regulator opened a case under KoAP 13.11 part {c.part} on {day_of(c.date)}")
        for c in ctx.view.of_type("case_opened")
        if c.article == "13.11"
    ]
    for demand in ctx.view.of_type("demand"):
        if demand.kind == "localization" and demand.country == "RU":
            by = f" by {day_of(demand.deadline)}" if demand.deadline else ""
            notes.append(
                ctx.fact(f"the regulator demanded localization on {day_of(demand.date)}{by}")
            )
    return notes
