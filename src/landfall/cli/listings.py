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

    from landfall.service.listings import Column, Listing


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
    from landfall.rulebooks import load_many
    from landfall.service import listings

    use_language(lang)
    day = parse_day(as_of)
    books = load_many(rulebook)
    filters = listings.Filters(
        company=company,
        jurisdiction=jurisdiction,
        article=article,
        date_from=_day(date_from, "--from"),
        date_to=_day(date_to, "--to"),
    )
    picture = listings.read_facts(facts, db, day, known_at, company, _demo_ledger(db))
    write(listings.fines(picture, books, day, filters), format)


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
    from landfall.rulebooks import load_many
    from landfall.service import listings

    use_language(lang)
    day = parse_day(as_of)
    books = load_many(rulebook)
    filters = listings.Filters(
        company=company,
        jurisdiction=jurisdiction,
        date_from=_day(date_from, "--from"),
        date_to=_day(date_to, "--to"),
    )
    picture = listings.read_facts(facts, db, day, known_at, company, _demo_ledger(db))
    write(listings.measures(picture, books, day, filters), format)


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
    from landfall.rulebooks import primary
    from landfall.service import listings

    use_language(lang)
    day = parse_day(as_of)
    filters = listings.Filters(
        company=company,
        jurisdiction=jurisdiction,
        type=event_type(type),
        date_from=_day(date_from, "--from"),
        date_to=_day(date_to, "--to"),
    )
    picture = listings.read_facts(facts, db, day, known_at, company, _demo_ledger(db))
    write(listings.events(picture, day, filters, primary().clock), format)


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


# A status column is given at least its longest word and, while the text columns need the
# room, at most this much; a text column is never narrower than TEXT_MIN. When a text column
# would be narrower than READABLE, each row is written as a block instead (``blocks``).
STATUS_CAP = 14
TEXT_MIN = 6
READABLE = 16


def measured(listing: Listing) -> tuple[list[int], list[int]]:
    """Each column's widest line and longest word, the header included."""
    cells = [[cell(row, c, "\n") for row in listing.rows] + [header(c)] for c in listing.columns]
    widest = [max(len(line) for text in found for line in text.split("\n")) for found in cells]
    longest = [max((len(w) for text in found for w in text.split()), default=1) for found in cells]
    return widest, longest


def column_widths(listing: Listing, width: int) -> list[int]:
    """The width of each column in a table ``width`` characters wide (one space between
    columns): dates and numbers at their widest cell, statuses at least their longest word,
    and the text columns sharing what is left, none wider than it needs."""
    columns = listing.columns
    widest, longest_word = measured(listing)
    widths = [0] * len(columns)
    flexible: list[int] = []
    for i, column in enumerate(columns):
        if column.kind in ("date", "number"):
            widths[i] = widest[i]
        elif column.kind == "status":
            widths[i] = max(longest_word[i], min(widest[i], STATUS_CAP))
        else:
            flexible.append(i)
    room = width - (len(columns) - 1) - sum(widths)
    # water-filling: the narrowest needs are met first, the rest share evenly
    for n, i in enumerate(sorted(flexible, key=lambda i: widest[i])):
        share = room // (len(flexible) - n)
        widths[i] = max(TEXT_MIN, min(widest[i], share))
        room -= widths[i]
    for i, column in enumerate(columns):  # room left over widens the capped statuses
        if column.kind == "status" and room > 0:
            extra = max(min(room, widest[i] - widths[i]), 0)
            widths[i] += extra
            room -= extra
    return widths


def show(console: Console, listing: Listing, notes: Sequence[str] = ()) -> None:
    """A table when its text columns get a readable width, else one block per row; then the
    notes of the caveats the rows are marked with."""
    widths = column_widths(listing, console.width)
    widest, _longest = measured(listing)
    cramped = any(
        c.kind in ("text", "long") and w < min(READABLE, need)
        for c, w, need in zip(listing.columns, widths, widest, strict=True)
    )
    if listing.rows and cramped:
        console.file.write(blocks(listing, console.width))
    else:
        table(console, listing)
    if notes:
        import textwrap

        lines = [_("Unverified or conflicting law:")]
        for note in notes:
            lines += textwrap.wrap(note, console.width, subsequent_indent="   ")
        console.file.write("\n".join(lines) + "\n")


def blocks(listing: Listing, width: int) -> str:
    """Each row as a block ``width`` wide: its short cells on a line (a cell is never split
    between lines, a status longer than the line wraps between words), then each long cell
    under it, labelled and indented (a URL longer than the line folds)."""
    import textwrap

    out = [title(listing), ""]
    short = [c for c in listing.columns if c.kind != "long"]
    for row in listing.rows:
        line = ""
        for text in (cell(row, c, " ") for c in short):
            if not text:
                continue
            if line and len(line) + 2 + len(text) > width:
                out.append(line)
                line = ""
            if len(text) > width:
                *done, line = textwrap.wrap(text, width, break_long_words=False)
                out += done
            else:
                line = f"{line}  {text}" if line else text
        out.append(line)
        for column in (c for c in listing.columns if c.kind == "long"):
            value = row.get(column.key)
            label = f"  {header(column)}: "
            for text in value if isinstance(value, list) else [value or ""]:
                if text:
                    out += textwrap.wrap(
                        " ".join(str(text).split()),
                        width,
                        initial_indent=label,
                        subsequent_indent="    ",
                        break_on_hyphens=False,
                    )
                    label = "    "
        out.append("")
    out += textwrap.wrap(total_line(listing), width, subsequent_indent="  ")
    return "\n".join(out) + "\n"


def table(console: Console, listing: Listing) -> None:
    """A Rich table at the console's width: dates and amounts on one line at full width,
    statuses wrapped only between words, text wrapped (a word too long for its column, such
    as a URL, folds); a line under each row, since cells wrap."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    shown = Table(
        title=title(listing),
        caption=total_line(listing),
        box=box.SIMPLE_HEAD,
        show_edge=False,
        show_lines=True,
        padding=(0, 0),
        pad_edge=False,
    )
    widths = column_widths(listing, console.width)
    for column, width in zip(listing.columns, widths, strict=True):
        fixed = column.kind in ("date", "number")
        shown.add_column(
            header(column),
            width=width,
            no_wrap=fixed,
            overflow="ellipsis" if fixed else "fold",
            justify="right" if column.kind == "number" else "left",
        )
    for row in listing.rows:
        # Text, not markup: a note's "[basis: ...]" is part of the note
        shown.add_row(*(Text(cell(row, c, "\n")) for c in listing.columns))
    console.print(shown)
