"""A company's headline: what a reader wants first, worked out once for every face.

"Fined RUB X in N fines: A lawful, B lawful only with a reduction, C undecided (needs ...);
measures M since DATE; violating now: RU: Z since DATE; in the year to DATE: ..." — the report
(HTML, PDF, Markdown) and the dashboard's company page both show :func:`headline_lines` of
:func:`headline`, so the two never count or word it differently.

:func:`headline` is pure: it reads an assessment (``CompanyAssessment.to_dict()``), the
measures listing's rows for the company (``service.listings.measures``: applied and lifted
days already paired) and the days and types of the company's events. Sums stay per currency
(never added across currencies); every verdict class is counted, zeros included, because a
summary that leaves out "0 time-barred" does not say that none is.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from landfall import labels
from landfall.i18n import N_, Nn_, ngettext, tr
from landfall.i18n import gettext as _
from landfall.rulebooks.outcomes import amount_text
from landfall.service.listings.model import per_currency

CHANGE_WINDOW = dt.timedelta(days=365)
""""What changed" looks back a year from the day assessed."""

ACTION_LABEL = {
    "block": N_("block"),
    "throttle": N_("slowdown"),
    "suspension": N_("suspension"),
    "register_of_violators": N_("register of violators"),
    "delisting": N_("delisting"),
    "other": N_("other action"),
}
"""An enforcement action (``enforcement_action.action``, docs/facts-format.md) in words."""

EVENT_LABEL = {
    "fine": Nn_("{n} fine", "{n} fines"),
    "measure_applied": Nn_("{n} measure applied", "{n} measures applied"),
    "measure_lifted": Nn_("{n} measure lifted", "{n} measures lifted"),
    "enforcement_action": Nn_("{n} enforcement action", "{n} enforcement actions"),
    "demand": Nn_("{n} demand", "{n} demands"),
    "demand_met": Nn_("{n} demand met", "{n} demands met"),
    "case_opened": Nn_("{n} case opened", "{n} cases opened"),
    "list_inclusion": Nn_("{n} list entry", "{n} list entries"),
}
"""The event types a reader counts in "what changed"; other types count as "other events"."""

OTHER_EVENTS = Nn_("{n} other event", "{n} other events")


def action_word(action: str) -> str:
    known = ACTION_LABEL.get(action)
    return _(known) if known else action.replace("_", " ")


def measure_word(row: Mapping[str, Any]) -> str:
    """A measures-listing row's measure: the rulebook's name for a ladder measure, an
    enforcement action in words, in the language in use."""
    if row.get("kind") == "action":
        return action_word(str(row["measure"]))
    return labels.display_name(str(row["measure"]))


@dataclass(frozen=True)
class FineTotals:
    count: int
    sums: tuple[tuple[str, float], ...]
    """(currency, amount), by currency code."""
    verdicts: dict[str, int]
    """Every verdict class (``labels.VERDICTS``), zeros included."""
    needs: str
    """What the undecided fines need (``labels.needs_sentence``), or ``""``."""


@dataclass(frozen=True)
class Measure:
    name: str
    jurisdiction: str | None
    resource: str | None
    applied: str | None
    lifted: str | None


@dataclass(frozen=True)
class Violation:
    obligation: str
    name: str
    demand: str | None
    since: str | None


@dataclass(frozen=True)
class Changes:
    start: dt.date
    end: dt.date
    counts: dict[str, int]
    latest: tuple[dt.date, str] | None
    """The last event on or before ``end`` (day, type), however old."""


@dataclass(frozen=True)
class Headline:
    fines: FineTotals
    in_force: tuple[Measure, ...]
    lifted: tuple[Measure, ...]
    violating: dict[str, tuple[Violation, ...]]
    """Per jurisdiction, in the assessment's order."""
    unknown: int
    """Obligations the facts cannot decide (``unknown``)."""
    changes: Changes


def fine_totals(fines: Sequence[Mapping[str, Any]]) -> FineTotals:
    sums = {cur: amount for cur, (_, amount) in per_currency(fines).items()}
    counted = labels.tally(fines)
    return FineTotals(
        count=len(fines),
        sums=tuple(sorted(sums.items())),
        verdicts={v: counted.get(v, 0) for v in labels.VERDICTS},
        needs=labels.needs_sentence(fines),
    )


def headline(
    assessment: Mapping[str, Any],
    measure_rows: Iterable[Mapping[str, Any]],
    events: Iterable[tuple[dt.date, str]],
    as_of: dt.date,
) -> Headline:
    """The headline's parts from one company's assessment, its measures listing rows and its
    events' (day, type) pairs, as of ``as_of``."""
    in_force: list[Measure] = []
    lifted: list[Measure] = []
    for row in measure_rows:
        measure = Measure(
            name=measure_word(row),
            jurisdiction=row.get("jurisdiction"),
            resource=row.get("resource"),
            applied=row.get("applied"),
            lifted=row.get("lifted"),
        )
        (lifted if measure.lifted else in_force).append(measure)
    violating: dict[str, list[Violation]] = {}
    for ob in assessment.get("obligations", []):
        if ob.get("status") != "violated":
            continue
        violating.setdefault(str(ob.get("jurisdiction") or "?"), []).append(
            Violation(
                obligation=str(ob["id"]),
                name=labels.display_name(str(ob["id"])),
                demand=ob.get("demand"),
                since=ob.get("violated_from"),
            )
        )
    unknown = sum(1 for ob in assessment.get("obligations", []) if ob.get("status") == "unknown")
    start = as_of - CHANGE_WINDOW
    dated = sorted((day, kind) for day, kind in events if day <= as_of)
    recent = Counter(kind for day, kind in dated if day > start)
    return Headline(
        fines=fine_totals(assessment.get("fines", [])),
        in_force=tuple(in_force),
        lifted=tuple(lifted),
        violating={j: tuple(v) for j, v in violating.items()},
        unknown=unknown,
        changes=Changes(start, as_of, dict(recent), dated[-1] if dated else None),
    )


def money_text(sums: Iterable[tuple[str, float]]) -> str:
    """``RUB 7,221,916,235 and USD 5,000.50`` (each currency its own sum, written as the
    listings and explanations write an amount: kopecks and cents kept, never rounded away)."""
    parts = [amount_text(currency, amount).strip() for currency, amount in sums]
    return _(" and ").join(parts)


def fines_line(totals: FineTotals) -> str:
    if not totals.count:
        return _("No fines recorded.")
    verdicts = ", ".join(labels.verdict_count(v, n) for v, n in totals.verdicts.items())
    needs = f" ({totals.needs})" if totals.needs else ""
    return ngettext(
        "Fined {amount} in {n} fine: {verdicts}{needs}.",
        "Fined {amount} in {n} fines: {verdicts}{needs}.",
        totals.count,
    ).format(amount=money_text(totals.sums), n=totals.count, verdicts=verdicts, needs=needs)


def _measure_text(m: Measure) -> str:
    """``slowdown (RU, vidora.tv)``: the measure, who applied it, on what."""
    where = ", ".join(x for x in (m.jurisdiction, m.resource) if x)
    return f"{m.name} ({where})" if where else m.name


def measures_line(h: Headline) -> str:
    if not h.in_force and not h.lifted:
        return _("No measures or enforcement actions recorded.")
    parts = []
    if h.in_force:
        shown = "; ".join(
            tr("{measure} since {date}", measure=_measure_text(m), date=m.applied or "?")
            for m in h.in_force
        )
        parts.append(tr("In force: {measures}.", measures=shown))
    if h.lifted:
        shown = "; ".join(
            tr(
                "{measure} {start} → {end}",
                measure=_measure_text(m),
                start=m.applied or "?",
                end=m.lifted or "?",
            )
            for m in h.lifted
        )
        parts.append(tr("Lifted: {measures}.", measures=shown))
    return " ".join(parts)


def violations_line(h: Headline) -> str:
    unknown = (
        " "
        + ngettext(
            "{n} obligation undecided for want of facts.",
            "{n} obligations undecided for want of facts.",
            h.unknown,
        ).format(n=h.unknown)
        if h.unknown
        else ""
    )
    if not h.violating:
        return _("No violation found now.") + unknown
    groups = []
    for jurisdiction, found in h.violating.items():
        items = ", ".join(
            v.name
            + (f" ({v.demand})" if v.demand else "")
            + (" " + tr("since {date}", date=v.since) if v.since else "")
            for v in found
        )
        groups.append(f"{jurisdiction}: {items}")
    return tr("Violating now: {groups}.", groups="; ".join(groups)) + unknown


def changes_line(c: Changes) -> str:
    counted = []
    other = 0
    for kind, n in sorted(c.counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if kind in EVENT_LABEL:
            singular, plural = EVENT_LABEL[kind]
            counted.append(ngettext(singular, plural, n).format(n=n))
        else:
            other += n
    if other:
        counted.append(ngettext(*OTHER_EVENTS, other).format(n=other))
    if counted:
        return tr(
            "In the year to {end}: {changes}.", end=c.end.isoformat(), changes=", ".join(counted)
        )
    if c.latest is None:
        return _("No events recorded.")
    return tr(
        "Nothing recorded in the year to {end}; the last event is of {date}.",
        end=c.end.isoformat(),
        date=c.latest[0].isoformat(),
    )


def headline_lines(h: Headline) -> list[str]:
    """The headline as sentences in the language in use: fines, measures, violations, changes."""
    return [fines_line(h.fines), measures_line(h), violations_line(h), changes_line(h.changes)]


def company_headline(
    facts: Any,
    assessment: Mapping[str, Any],
    rulebooks: Sequence[Any],
    company: str,
    as_of: dt.date,
) -> Headline:
    """:func:`headline` for one company of a facts picture (``FactsDocument``) the
    ``rulebooks`` assessed: its measures as the measures listing pairs them, and the day and
    type of each of its events (audience figures count for their resource's owner), days on
    the first rulebook's legal clock, as the ledger's picture is read."""
    from landfall.service.listings.measures import measures as measure_listing
    from landfall.service.listings.model import Filters

    measures = measure_listing(facts, rulebooks, as_of, Filters(company=company)).rows
    owner = {r.id: r.company for r in facts.resources}
    clock = rulebooks[0].clock
    days = [
        (clock.day(e.date), str(e.type))
        for e in facts.events
        if (getattr(e, "company", None) or owner.get(getattr(e, "resource", ""))) == company
    ]
    return headline(assessment, measures, days, as_of)
