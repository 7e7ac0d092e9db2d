"""``landfall calendar``: what falls due in the next days, per company and jurisdiction, as a
table, JSON or iCalendar (mounted lazily, see ``_lazy.py``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from typer import _click as click

from landfall.cli import (
    EXIT_CODES,
    CompanyOpt,
    DbOpt,
    FactsArg,
    KnownAt,
    LangOpt,
    RulebookOpt,
    choice,
    console,
    diagnostics,
    parse_day,
    use_language,
)
from landfall.errors import Diagnostic, InputError, Where
from landfall.i18n import gettext as _
from landfall.i18n import tr

HELP = "Upcoming due dates, deadlines, ladder steps and law changes, also as iCalendar."


def calendar(
    facts: FactsArg = None,
    start: Annotated[
        str | None, typer.Option("--from", help="The first day, YYYY-MM-DD (default: today).")
    ] = None,
    days: Annotated[
        int, typer.Option("--days", min=1, max=3660, help="How many days, the first included.")
    ] = 90,
    company: CompanyOpt = None,
    db: DbOpt = None,
    known_at: KnownAt = None,
    rulebook: RulebookOpt = None,
    format: Annotated[str, typer.Option("--format", help="table, json or ics.")] = "table",
    out: Annotated[
        Path | None, typer.Option("--out", help="File to write (default: standard output).")
    ] = None,
    lang: LangOpt = None,
) -> None:
    """Due dates of duties, takedown deadlines in hours, reports, ladder steps, sums falling
    due, limitation periods ending and law changes taking effect in the --days days from
    --from, per company and jurisdiction; --format ics writes one event per item."""
    from landfall.changes.calendar import calendar as build
    from landfall.rulebooks import load_many
    from landfall.service.evidence import load_picture

    use_language(lang)
    choice(format, ("table", "json", "ics"), "--format")
    first = parse_day(start, "--from")
    books = load_many(rulebook)
    picture = (
        load_picture(facts, db, first, known_at, company)
        if facts is not None or db is not None
        else None
    )
    found = build(books, picture, first, days, company, known_at)
    if format == "ics":
        from landfall.changes.ics import to_ics

        _write(to_ics(found), out)
    elif format == "json":
        text = json.dumps(found.to_dict(), indent=2, ensure_ascii=False) + "\n"
        _write(text.encode("utf-8"), out)
    else:
        table = Table(
            _("day"),
            _("company"),
            _("jurisdiction"),
            _("kind"),
            _("item"),
            _("citation"),
            title=tr("Calendar {first} to {last}", first=found.start, last=found.last),
        )
        for item in found.items:
            when = item.at.isoformat() if item.at else item.day.isoformat()
            table.add_row(
                when,
                item.company or _("(everyone)"),
                item.jurisdiction,
                item.kind,
                item.title,
                item.citation or "",
            )
        none = tr("Nothing falls due from {first} to {last}.", first=found.start, last=found.last)
        console().print(table if found.items else none)


def _write(data: bytes, out: Path | None) -> None:
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        out.write_bytes(data)
    except OSError as e:
        raise InputError(
            Diagnostic("output-not-writable", str(e), Where(file=str(out), field="--out"))
        ) from e
    console(stderr=True).print(tr("calendar: {file}", file=out))


def command() -> click.Command:
    single = typer.Typer()
    single.command(
        "calendar",
        help=HELP + "\n\n" + " ".join((calendar.__doc__ or "").split()),
        epilog=EXIT_CODES,
    )(diagnostics(calendar))
    return typer.main.get_command(single)
