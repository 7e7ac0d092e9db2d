"""152-FZ art. 18 part 5: Russian citizens' personal data recorded first in Russia.

When collecting personal data, an operator must record, systematize, accumulate, store,
clarify and extract Russian citizens' personal data using databases located in Russia. The
regulator's reading (Minkomsvyaz, 3 Aug 2015): the primary database must be in Russia; copies
abroad are allowed. Evidence comes from `data_store` declarations and `scan` results.
"""

from __future__ import annotations

from dataclasses import dataclass

from landfall.engine.context import Ctx, Outcome
from landfall.facts.model import day_of
from landfall.rulebooks.ru.rules import RULES
from landfall.rulebooks.ru.rules.common import PERSONAL_DATA, status
from landfall.rules.model import Citation

LAW = "ru-152-fz"
APPLIES = "ru-152-fz.applies"
OBLIGATION = "ru-152-fz.localization"
IN_FORCE = "ru-152-fz.localization-in-force"
ART_18_5 = Citation(PERSONAL_DATA, "18", "5")
RUSSIAN_DOMAINS = (".ru", ".su", ".рф", ".xn--p1ai", ".moscow")


@dataclass
class Store:
    id: str
    country: str | None
    role: str
    holds: bool | None
    evidence: str
    only_abroad: int | None = None


@RULES.rule(APPLIES, id="ru-152-fz.operator", law=LAW, citation=ART_18_5, params=(IN_FORCE,))
def operator(ctx: Ctx) -> Outcome:
    """An operator collecting Russian citizens' personal data owes the localization duty."""
    if ctx.param_or_none(IN_FORCE) is None:
        start = ctx.rulebook.parameter(IN_FORCE).first_start()
        return Outcome(False, [f"art. 18 part 5 is not in force on {ctx.as_of} (from {start})"])
    stores = [s for s in stores_of(ctx) if s.holds]
    processing = [r.id for r in ctx.view.resources if r.processes_russian_users_data]
    if stores or processing:
        because = [ctx.fact(f"store {s.id} holds Russian users' personal data") for s in stores]
        because += [ctx.fact(f"{rid} processes data of users in Russia") for rid in processing]
        return Outcome(True, because)
    unknown = [r.id for r in ctx.view.resources if r.processes_russian_users_data is None]
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
)
def not_directed_at_russia(ctx: Ctx) -> Outcome | None:
    """A foreign operator whose activity is not directed at Russia is outside the duty.

    A Russian-language site alone is not enough; payments from Russia, advertising aimed at
    Russia or a Russian domain direct the activity at Russia.
    """
    view = ctx.view
    if view.company.country == "RU" or not view.resources:
        return None
    for r in view.resources:
        if r.payments_from_russia is not False or r.ads_targeting_russia is not False:
            return None
        if r.id.lower().endswith(RUSSIAN_DOMAINS):
            return None
    return Outcome(
        False,
        [
            ctx.fact(
                "no resource takes payments from Russia, targets Russia with ads or has a Russian domain"
            )
        ],
    )


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
    params=(IN_FORCE, "ru-152-fz.copies-abroad-allowed"),
)
def localization(ctx: Ctx) -> Outcome:
    """The primary database with Russian citizens' data must be in Russia; copies may be abroad."""
    due = ctx.rulebook.parameter(IN_FORCE).first_start()
    stores = [s for s in stores_of(ctx) if s.holds]
    demands = demand_notes(ctx)
    if not stores:
        fined = [
            f for f in ctx.view.of_type("fine") if f.article == "13.11" and f.part in ("8", "9")
        ]
        if fined:
            last = fined[-1]
            return status(
                "violated",
                [
                    *demands,
                    ctx.fact(
                        f"a court fined the company under KoAP 13.11 part {last.part} on {day_of(last.date)}"
                    ),
                    "no later evidence of localization",
                ],
                due=due,
            )
        return status(
            "unknown",
            [*demands, "no data store holding Russian users' data is known"],
            due=due,
            missing=["data_store or scan events for the company's stores"],
        )
    copies_allowed: bool = ctx.param("ru-152-fz.copies-abroad-allowed")
    unlocated = [s for s in stores if s.country is None]
    in_russia = [s for s in stores if s.country == "RU"]
    abroad = [s for s in stores if s.country not in (None, "RU")]
    because = [*demands, *(ctx.fact(s.evidence) for s in stores)]
    problems = []
    for s in abroad:
        if s.role == "primary":
            problems.append(f"primary store {s.id} is in {s.country}")
        elif not copies_allowed:
            problems.append(
                f"store {s.id} in {s.country} holds the data, and copies abroad are not allowed"
            )
        if s.only_abroad:
            problems.append(
                f"{s.only_abroad:,} records of {s.id} exist in no Russian primary store"
            )
    if abroad and not any(s.role == "primary" for s in in_russia):
        problems.append("no primary store in Russia holds the data that stores abroad hold")
    if problems:
        return status("violated", because + problems, due=due)
    if unlocated:
        return status(
            "unknown",
            [*because, f"the location of {', '.join(s.id for s in unlocated)} is unknown"],
            due=due,
            missing=[f"country of store {s.id}" for s in unlocated],
        )
    return status(
        "met", [*because, "the primary store is in Russia; stores abroad are copies"], due=due
    )


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


def stores_of(ctx: Ctx) -> list[Store]:
    """Each store's latest declaration, overridden by its latest scan where there is one."""
    stores: dict[str, Store] = {}
    for event in ctx.view.of_type("data_store", "scan"):
        when = day_of(event.date)
        if event.type == "data_store":
            if event.retired:
                stores.pop(event.store, None)
                continue
            stores[event.store] = Store(
                event.store,
                event.country,
                event.role,
                event.holds_russian_personal_data,
                f"store {event.store} ({event.role}, {event.country}) declared on {when}",
            )
        else:
            known = stores.get(event.store)
            recon = event.reconciliation or {}
            only_abroad = recon.get("only_abroad")
            stores[event.store] = Store(
                event.store,
                event.country or (known.country if known else None),
                event.role,
                event.russian_user_rows > 0,
                f"scan of {event.store} on {when}: {event.russian_user_rows:,} of "
                f"{event.rows_scanned:,} rows are Russian users' data"
                + (f", located {event.country} by {event.located_by}" if event.country else ""),
                int(only_abroad) if only_abroad is not None else None,
            )
    return list(stores.values())


def demand_notes(ctx: Ctx) -> list[str]:
    notes = [
        ctx.fact(f"the regulator opened a case under KoAP 13.11 part {c.part} on {day_of(c.date)}")
        for c in ctx.view.of_type("case_opened")
        if c.article == "13.11"
    ]
    for demand in ctx.view.of_type("demand"):
        if demand.kind == "localization":
            by = f" by {day_of(demand.deadline)}" if demand.deadline else ""
            notes.append(
                ctx.fact(f"the regulator demanded localization on {day_of(demand.date)}{by}")
            )
    return notes
