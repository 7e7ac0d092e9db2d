"""``landfall fines``, ``landfall measures``, ``landfall events``: listings across companies.

The listings are computed by :mod:`landfall.service.listings`; this module reads the options
and writes one listing as a table, JSON, CSV or Markdown, with the same rows, columns and
total in each. Tables take their width from ``COLUMNS`` or the terminal (also when the output
is piped); dates, amounts and statuses are never cut, text columns wrap instead.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from landfall.cli import (
    EXIT_CODES,
    AsOf,
    CompanyOpt,
    DbOpt,
    FactsArg,
    KnownAt,
    LangOpt,
    RulebookOpt,
    diagnostics,
    event_type,
    parse_day,
    use_language,
)
from landfall.i18n import N_, tr
from landfall.i18n import gettext as _
from landfall.labels import Caveats, caveat_note

if TYPE_CHECKING:
    import datetime as dt

    from rich.console import Console

    from landfall.service.listings import Column, Listing, ListingKind


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


FormatOpt = Annotated[
    ListFormat,
    typer.Option("--format", help="table, json, csv (the total goes to stderr) or markdown."),
]
JurisdictionOpt = Annotated[
    str | None,
    typer.Option("--jurisdiction", help="Only this jurisdiction (ISO 3166-1 alpha-2, e.g. RU)."),
]
FromOpt = Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD (inclusive).")]


def _day(value: str | None, option: str) -> dt.date | None:
    return None if value is None else parse_day(value, option)


# Where `landfall demo` builds its ledger by default (its --out folder, then demo.db).
DEMO_LEDGER = Path("landfall-demo") / "demo.db"


def _demo_ledger(db: str | None) -> str | None:
    """The demo's ledger URL when no ledger was named and the demo's exists, for the hint a
    missing default ledger gets (it is never read without being named)."""
    import os

    from landfall.ledger.connect import ENV_VAR

    if db is None and not os.environ.get(ENV_VAR) and DEMO_LEDGER.is_file():
        return f"sqlite:///{DEMO_LEDGER.as_posix()}"
    return None


def _list(
    kind: ListingKind,
    facts: Path | None,
    db: str | None,
    as_of: str | None,
    known_at: str | None,
    rulebook: list[str] | None,
    lang: str | None,
    format: ListFormat,
    company: str | None,
    date_from: str | None,
    date_to: str | None,
    *,
    jurisdiction: str | None,
    article: str | None = None,
    event: str | None = None,
) -> None:
    """What the three listing commands share: the language, the day, the rulebooks, the
    filters, the picture, then the listing of ``kind`` in ``format``."""
    from landfall.rulebooks import load_many, primary
    from landfall.service import listings

    use_language(lang)
    day = parse_day(as_of)
    filters = listings.Filters(
        company=company,
        date_from=_day(date_from, "--from"),
        date_to=_day(date_to, "--to"),
        jurisdiction=jurisdiction,
        article=article,
        type=event,
    )
    # events read no rulebook but the first one's legal clock: loading the rest is not needed
    books = load_many(rulebook) if kind != "events" else [primary()]
    picture = listings.read_facts(facts, db, day, known_at, company, _demo_ledger(db))
    write(listings.listing_of(kind, picture, books, day, filters, books[0].clock), format)


@diagnostics
def fines_command(
    facts: FactsArg = None,
    company: CompanyOpt = None,
    jurisdiction: JurisdictionOpt = None,
    article: Annotated[
        str | None, typer.Option("--article", help="Only fines under this article, e.g. 13.41.")
    ] = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    as_of: AsOf = None,
    known_at: KnownAt = None,
    db: DbOpt = None,
    format: FormatOpt = ListFormat.table,
    rulebook: RulebookOpt = None,
    lang: LangOpt = None,
) -> None:
    """Fines across companies: article, amount, the engine's verdict, sources and note.

    A total counts them, sums each currency and tallies the verdicts. --from/--to bound the
    decision's day. See docs/listings.md.
    """
    _list(
        "fines",
        facts,
        db,
        as_of,
        known_at,
        rulebook,
        lang,
        format,
        company,
        date_from,
        date_to,
        jurisdiction=jurisdiction,
        article=article,
    )


@diagnostics
def measures_command(
    facts: FactsArg = None,
    company: CompanyOpt = None,
    jurisdiction: JurisdictionOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    as_of: AsOf = None,
    known_at: KnownAt = None,
    db: DbOpt = None,
    format: FormatOpt = ListFormat.table,
    rulebook: RulebookOpt = None,
    lang: LangOpt = None,
) -> None:
    """Measures and enforcement actions: to whom, when applied and lifted, sources and note.

    Ladder measures and actions outside it (blocks, slowdowns), with the jurisdiction.
    --from/--to bound the day applied. See docs/listings.md.
    """
    _list(
        "measures",
        facts,
        db,
        as_of,
        known_at,
        rulebook,
        lang,
        format,
        company,
        date_from,
        date_to,
        jurisdiction=jurisdiction,
    )


@diagnostics
def events_command(
    facts: FactsArg = None,
    company: CompanyOpt = None,
    jurisdiction: JurisdictionOpt = None,
    type: Annotated[
        str | None, typer.Option("--type", help="Only events of this type, e.g. fine.")
    ] = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    as_of: AsOf = None,
    known_at: KnownAt = None,
    db: DbOpt = None,
    format: FormatOpt = ListFormat.table,
    lang: LangOpt = None,
) -> None:
    """Recorded events across companies, with what each says, its sources and note.

    Events valid by --as-of; --from/--to bound the event's day. See docs/listings.md.
    """
    _list(
        "events",
        facts,
        db,
        as_of,
        known_at,
        None,
        lang,
        format,
        company,
        date_from,
        date_to,
        jurisdiction=jurisdiction,
        event=event_type(type),
    )


def register(app: typer.Typer) -> None:
    """Mount the three listing commands on ``app``."""
    app.command("fines", epilog=EXIT_CODES)(fines_command)
    app.command("measures", epilog=EXIT_CODES)(measures_command)
    app.command("events", epilog=EXIT_CODES)(events_command)


# -- output -------------------------------------------------------------------------------

TITLES = {
    "fines": N_("Fines as of {date}"),
    "measures": N_("Measures as of {date}"),
    "events": N_("Events as of {date}"),
}


def write(listing: Listing, format: ListFormat) -> None:
    """One listing in one format. The JSON is the service's data (each row's
    ``unverified_parameters`` included); the other formats show the same caveats in words:
    numbered marks on the row and the notes under it, or a ``caveats`` column in CSV."""
    if format is ListFormat.json:
        text = json.dumps(listing.to_dict(), indent=2, ensure_ascii=False, default=str)
        sys.stdout.write(text + "\n")
    elif format is ListFormat.csv:
        write_csv(listing)
    elif format is ListFormat.markdown:
        sys.stdout.write(markdown(*marked(listing)))
    else:
        show(listing_console(), *marked(listing))


def marked(listing: Listing) -> tuple[Listing, list[str]]:
    """The listing with each row that rests on unverified or conflicting law marked (``[1]``,
    on its first cell, as ``assess`` marks a fine's date), and the numbered notes."""
    caveats = Caveats()
    first = listing.columns[0].key if listing.columns else ""
    rows = []
    for row in listing.rows:
        mark = caveats.mark(row)
        rows.append({**row, first: f"{row.get(first) or ''}{mark}"} if mark else row)
    return replace(listing, rows=rows), caveats.notes()


def caveats_text(row: dict[str, Any]) -> str:
    """A row's caveats in words, for its own CSV cell (a CSV row is read alone)."""
    return "; ".join(caveat_note(use) for use in row.get("unverified_parameters") or [])


def header(column: Column) -> str:
    return _(column.header)


def cell(row: dict[str, Any], column: Column, joiner: str) -> str:
    """A row's value in a column as text: lists (the sources) joined by ``joiner``."""
    value = row.get(column.key)
    if value is None:
        return ""
    if isinstance(value, list):
        return joiner.join(str(v) for v in value)
    return str(value)


def title(listing: Listing) -> str:
    kind = TITLES.get(listing.kind)
    date = listing.as_of.isoformat()
    return tr(kind, date=date) if kind else f"{listing.kind} {date}"


def total_line(listing: Listing) -> str:
    return tr("total: {text}", text=listing.total["text"])


def write_csv(listing: Listing) -> None:
    """The rows with a header line and a ``caveats`` column (the unverified or conflicting law
    a row's conclusion used, empty for recorded facts); the total goes to stderr so stdout
    stays one table."""
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow([*(header(c) for c in listing.columns), _("caveats")])
    for row in listing.rows:
        out.writerow([*(cell(row, c, " ") for c in listing.columns), caveats_text(row)])
    sys.stderr.write(total_line(listing) + "\n")


def markdown(listing: Listing, notes: list[str]) -> str:
    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

    lines = [f"## {title(listing)}", ""]
    lines.append("| " + " | ".join(header(c) for c in listing.columns) + " |")
    lines.append("|" + "|".join("---" for _c in listing.columns) + "|")
    for row in listing.rows:
        cells = [escape(cell(row, c, "<br>")) for c in listing.columns]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", f"**{_('Total')}:** {listing.total['text']}", ""]
    if notes:
        lines += [_("Unverified or conflicting law:"), "", *notes, ""]
    return "\n".join(lines)


def listing_console() -> Console:
    """Standard output at the width of ``COLUMNS``, else of the terminal (Rich asks the
    terminal behind stdin or stderr when stdout is piped), else 80."""
    from rich.console import Console

    return Console(file=sys.stdout)


def show(console: Console, listing: Listing, notes: Sequence[str] = ()) -> None:
    """The listing as the CLI lays out every table (:func:`landfall.render.fitted`): dates,
    amounts and statuses whole, text wrapped, a block per row when the width cannot hold a
    table; then the total and the notes of the caveats the rows are marked with."""
    import textwrap

    from rich import box
    from rich.markup import escape

    from landfall.render import TEXT, WHOLE, WORDS, fitted

    layout = {"date": WHOLE, "number": WHOLE, "status": WORDS, "text": TEXT, "long": TEXT}
    columns = [(header(c), layout[c.kind]) for c in listing.columns]
    # escaped: a note's "[basis: ...]" is part of the note, not markup
    rows = [[escape(cell(row, c, "\n")) for c in listing.columns] for row in listing.rows]
    console.print(
        fitted(
            columns,
            rows,
            console.width,
            title=title(listing),
            box=box.SIMPLE_HEAD,
            show_edge=False,
            show_lines=True,
            padding=(0, 0),
            pad_edge=False,
        )
    )
    lines = textwrap.wrap(total_line(listing), console.width, subsequent_indent="  ")
    if notes:
        lines.append(_("Unverified or conflicting law:"))
        for note in notes:
            lines += textwrap.wrap(note, console.width, subsequent_indent="   ")
    console.file.write("\n".join(lines) + "\n")
