"""The evidence glue between the collectors, the ledger and the engine.

The collectors (scanner, audience, takedown) are pure cores with command factories that take
injected callables: where to append their events, which legal clock their days run on, what
deadline a demand has and what the engine concludes from the recorded evidence. This module
gives them those callables over a ledger URL, so the command line holds no domain logic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from landfall.errors import Diagnostic, InputError, RulebookError, Where
from landfall.i18n import gettext as _
from landfall.i18n import tr

if TYPE_CHECKING:  # for annotations only; the functions import the ledger where they use it
    from collections.abc import Sequence

    from landfall.engine.context import TraceNode
    from landfall.facts.model import FactsDocument
    from landfall.ledger import AppendResult
    from landfall.periods import LegalClock
    from landfall.rules.model import Rulebook
    from landfall.takedown.status import CountryRule, RuleOf


def load_picture(
    facts: Path | None,
    db: str | None,
    day: dt.date,
    known_at: str | None,
    company: str | None,
    *,
    series: bool = False,
) -> FactsDocument:
    """The facts to assess: a document, or the ledger's bitemporal picture (``series``: with
    each run of daily figures as one event, for a caller that only assesses it)."""
    if facts is not None:
        if known_at is not None:
            raise InputError(
                Diagnostic(
                    "known-at-needs-ledger",
                    "--known-at reads the ledger; a facts document has no record time",
                    Where(field="--known-at"),
                    "omit FACTS (and give --db) to assess from the ledger",
                )
            )
        from landfall.facts import load_facts
        from landfall.rulebooks import load_many, vocabulary_of

        return load_facts(facts, vocabularies=[vocabulary_of(b) for b in load_many()])
    from landfall.ledger import open_ledger
    from landfall.ledger.cli import parse_when
    from landfall.ledger.existing import require_existing

    known = parse_when(known_at, "--known-at")  # bad input is named before a missing ledger
    with open_ledger(require_existing(db)) as store:
        # the legal day on the rulebook's clock, as a facts document is read
        return store.facts(
            day,
            known_at=known,
            company=company,
            clock=legal_clock(),
            series=series,
        )


def ledger_sink(
    db: str | None, origin: str, said: Callable[[str], None]
) -> Callable[[list[dict[str, Any]]], None]:
    """Append collector events to the ledger in one transaction; ``said`` hears how many
    were new."""

    def append(events: list[dict[str, Any]]) -> None:
        result = append_to_ledger(db, events, origin)
        said(f"ledger: {result.added} event(s) added, {result.skipped} already there")

    return append


def ledger_events(db: str | None) -> list[dict[str, Any]]:
    """Every recorded event as facts-format data, for the collectors' idempotent imports."""
    from landfall.ledger import open_ledger

    # the current picture, corrections and retractions applied, every valid time included
    with open_ledger(db) as store:
        picture = store.facts(dt.date.max, clock=legal_clock())
    return [e.model_dump(mode="json", exclude_none=True) for e in picture.events]


def append_to_ledger(
    db: str | None, events: list[dict[str, Any]], origin: str, files: Sequence[Path] = ()
) -> AppendResult:
    """Collector events into the ledger: validated, one transaction, idempotent; ``files``
    (what they were read from) become each row's source, by name and SHA-256."""
    from landfall.ledger import append_evidence, open_ledger

    with open_ledger(db) as store:
        return append_evidence(store, events, origin=origin, files=files)


def append_collected(
    db: str | None, events: list[dict[str, Any]], files: Sequence[Path] = ()
) -> int:
    """Append a collector's events; how many were new."""
    return append_to_ledger(db, events, "collector", files).added


def collector_sink(
    command: str,
) -> Callable[[str | None, list[dict[str, Any]], Sequence[Path]], int]:
    """The append of one collector command (``landfall audience``): its events are authored
    by the local user and that command, and sourced from the files it read."""

    def append(db: str | None, events: list[dict[str, Any]], files: Sequence[Path]) -> int:
        return append_to_ledger(db, events, command, files).added

    return append


def takedown_deadline_for(basis: str, received: dt.datetime) -> dt.timedelta | None:
    """The rulebook's deadline for a demand on ``basis`` received at ``received``."""
    from landfall.rulebooks import primary, takedown_deadline_of

    return takedown_deadline_of(primary())(basis, received)


def rulebook_for_country(country: str | None, books: Sequence[Rulebook] = ()) -> Rulebook:
    """The rulebook of ``country``: the first of ``books`` (default: every installed one, in
    their order) whose manifest names that jurisdiction; None is the first's (the primary
    rulebook). A country no rulebook covers is an input error naming those that are."""
    from landfall.rulebooks import load_many

    found = tuple(books) or load_many()
    if country is None:
        return found[0]
    for book in found:
        if book.manifest.jurisdiction == country:
            return book
    covered = ", ".join(f"{b.manifest.jurisdiction} ({b.id})" for b in found)
    raise InputError(
        Diagnostic(
            "no-rulebook-for-country",
            f"no installed rulebook covers the country {country!r} (installed: {covered})",
            Where(field="country"),
            "install the rulebook of that jurisdiction (`landfall rulebooks` lists them), "
            "or check the country code",
        )
    )


def takedown_rules(books: Sequence[Rulebook] = (), *, strict: bool = True) -> RuleOf:
    """The takedown tracker's rule per demand country: the deadline rule and legal clock of
    the country's rulebook among ``books`` (default: every installed one; a demand naming no
    country takes the primary's). ``strict``: a country no rulebook covers is a diagnostic;
    otherwise its demands get no deadline, on the primary rulebook's clock (a read model
    such as the dashboard still shows them)."""
    from landfall.rulebooks import takedown_deadline_of
    from landfall.takedown.status import CountryRule

    cache: dict[str | None, CountryRule] = {}

    def rule_of(country: str | None) -> CountryRule:
        if country not in cache:
            try:
                book = rulebook_for_country(country, books)
            except InputError:
                if strict:
                    raise
                primary = rulebook_for_country(None, books)
                cache[country] = CountryRule(lambda basis, received: None, primary.clock)
            else:
                cache[country] = CountryRule(takedown_deadline_of(book), book.clock)
        return cache[country]

    return rule_of


def takedown_rule_of(country: str | None) -> CountryRule:
    """:func:`takedown_rules` over the installed rulebooks, strict (the tracker's commands;
    the tracker asks once per country, and the rulebooks load once)."""
    return takedown_rules()(country)


def legal_clock() -> LegalClock:
    """The rulebook's legal clock, for the collectors' legal days."""
    from landfall.rulebooks import primary

    return primary().clock


def legal_clock_of(country: str) -> LegalClock:
    """The legal clock of the rulebook of ``country`` (the audience meter's days)."""
    return rulebook_for_country(country).clock


def primary_jurisdiction() -> str:
    """The primary rulebook's jurisdiction: the country the collectors count by default."""
    return rulebook_for_country(None).manifest.jurisdiction


def _audience_parameter(book: Rulebook) -> str:
    """The parameter the audience collector charts against (the manifest's
    ``collectors.audience_threshold``); what the figures mean is asked of the engine, never
    compared here."""
    name = book.manifest.audience_threshold
    if name is None:
        raise RulebookError(
            Diagnostic(
                "audience-no-threshold",
                f"rulebook {book.id!r} names no audience threshold for the collectors",
                Where(field="collectors.audience_threshold"),
                "add collectors.audience_threshold to the rulebook's manifest",
            )
        )
    return name


def audience_threshold(country: str | None = None) -> int:
    """The audience threshold in force today in the rulebook of ``country`` (default: the
    primary's), for the collector's chart."""
    book = rulebook_for_country(country)
    name = _audience_parameter(book)
    dated = book.parameter(name).at(dt.date.today())
    if dated is None:
        raise RulebookError(
            Diagnostic(
                "parameter-not-in-force",
                "no audience threshold is in force today",
                Where(field=name),
                "the rulebook's parameter needs a value for today",
            )
        )
    return int(dated.value)


def audience_verdict(db: str | None, resource: str, report: Any) -> dict[str, Any] | None:
    """What the recorded daily figures mean, as the engine concludes it on the report's last
    day: the law whose applicability reads the audience threshold, whether it applies, the
    engine's reasons and the day it applies from (its conclusion, not a comparison made here)."""
    from landfall.engine import assess as run
    from landfall.ledger import open_ledger

    as_of = report.days[-1].date
    # the figures' country decides whose law is asked (the meter counted on its clock)
    book = rulebook_for_country(getattr(report, "country", None))
    threshold = _audience_parameter(book)
    with open_ledger(db) as store:
        facts = store.facts(as_of, clock=book.clock)
    owner = next((r.company for r in facts.resources if r.id == resource), None)
    if owner is None:
        return None
    assessed = run(book, facts, as_of, owner).companies[0]
    law = next(
        (
            entry
            for entry in assessed.laws
            if _reads(assessed.traces[f"{entry['law']}.applies"], threshold)
        ),
        None,
    )
    if law is None:
        return None
    node = assessed.traces[f"{law['law']}.applies"]
    since = node.outcome.data.get("since") if node.outcome is not None else None
    return {
        "law": law["law"],
        "as_of": as_of.isoformat(),
        "company": owner,
        "applies": law["applies"],
        "because": law["because"],
        "since": None if since is None or law["applies"] is not True else since.isoformat(),
    }


def _reads(node: TraceNode, parameter: str) -> bool:
    """Whether a conclusion (or one it rests on) read ``parameter``."""
    return any(p.id == parameter for p in node.params) or any(
        _reads(child, parameter) for child in node.children
    )


def takedown_exposure(
    db: str | None, company: str | None, moment: dt.datetime
) -> list[dict[str, Any]]:
    """Per company, the engine's exposure for the demands not met in time: the violated
    per-demand duties and the ``exposure[]`` entries the assessment gives for them, summed.
    The repeat window and the article are the engine's; nothing is recomputed here."""
    from landfall.engine import assess as run
    from landfall.ledger import open_ledger
    from landfall.rulebooks import primary

    book = primary()
    day = book.clock.day(moment)
    with open_ledger(db) as store:
        facts = store.facts(day, company=company, clock=book.clock)
    out = []
    for assessed in run(book, facts, day, company).companies:
        data = assessed.to_dict()
        # a per-demand duty is the one an obligation entry names its demand in
        violated = [o for o in data["obligations"] if "demand" in o and o["status"] == "violated"]
        if not violated:
            continue
        duties = {o["id"] for o in violated}
        fines = [e for e in data["exposure"] if e.get("obligation") in duties]
        because = [tr("{n} demand(s) not met by their deadline", n=len(violated))]
        for entry in fines:
            because += entry["because"]
        low = sum(e["min_rub"] or 0 for e in fines)
        highs = [e["max_rub"] for e in fines]
        high = None if any(h is None for h in highs) else sum(h for h in highs if h is not None)
        articles = ", ".join(sorted({str(e["article"]) for e in fines})) or _("no")
        if high is None:
            summary = tr(
                "{articles} exposure RUB {low} to unknown", articles=articles, low=f"{low:,.0f}"
            )
        else:
            summary = tr(
                "{articles} exposure RUB {low} to RUB {high}",
                articles=articles,
                low=f"{low:,.0f}",
                high=f"{high:,.0f}",
            )
        out.append(
            {
                "company": assessed.company,
                "summary": summary,
                "min_rub": low,
                "max_rub": high,
                "exposure": fines,
                "because": because,
            }
        )
    return out
