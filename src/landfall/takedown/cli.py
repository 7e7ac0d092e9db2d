"""``landfall takedown import FILE`` and ``landfall takedown status``: command functions.

The ledger and the rulebook are injected: :func:`make_takedown_app` takes how to read the
ledger's events, how to append to it, the deadline rule and the rulebook's legal clock, and
returns a Typer sub-app the main CLI mounts with
``app.add_typer(make_takedown_app(...), name="takedown")``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from landfall.cli.language import LangOpt, speaks
from landfall.errors import LandfallError, input_error, render
from landfall.facts.integrity import EARLIEST, LATEST
from landfall.i18n import N_, because, tr
from landfall.i18n import gettext as _
from landfall.periods import DateTextError, LegalClock, parse_when
from landfall.takedown.importer import import_takedown
from landfall.takedown.items import close_of_day
from landfall.takedown.status import DeadlineFor, RuleOf, TakedownStatus, status_from_events

__all__ = ["AppendEvents", "ReadEvents", "make_takedown_app", "render_status_table"]

ReadEvents = Callable[[str | None], Iterable[Mapping[str, Any]]]
"""Ledger URL (None: the configured one) -> every recorded event."""
AppendEvents = Callable[[str | None, list[dict[str, Any]], Sequence[Path]], int]
"""(ledger URL, events, the files they were read from) -> number appended; the files are
recorded as the events' source (name and SHA-256)."""


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


def render_status_table(status: TakedownStatus, *, limit: int = 20) -> str:
    """The tracker's status as text, its words in the language in use (numbers unchanged)."""
    rate = _("n/a") if status.on_time_rate is None else f"{status.on_time_rate:.1%}"
    lines = [
        tr("as of {date}", date=status.as_of.isoformat()),
        tr(
            "items {items}: on time {on_time}, late {late}, open {open}, overdue {overdue}, "
            "refused {refused}",
            items=f"{status.items:,}",
            on_time=f"{status.on_time:,}",
            late=f"{status.late:,}",
            open=f"{status.open:,}",
            overdue=f"{status.overdue:,}",
            refused=f"{status.refused:,}",
        ),
        tr(
            "on-time rate {rate}; time to action median {median} h, p90 {p90} h",
            rate=rate,
            median=_("n/a") if status.median_hours is None else status.median_hours,
            p90=_("n/a") if status.p90_hours is None else status.p90_hours,
        ),
    ]
    listed = (
        (N_("open items (first {shown} of {n}):"), status.open_items),
        (N_("overdue items (first {shown} of {n}):"), status.overdue_items),
    )
    for title, items in listed:
        if items:
            lines.append(_(title).format(shown=min(limit, len(items)), n=f"{len(items):,}"))
        for s in items[:limit]:
            left = _time_left(s.hours_left)
            lines.append(f"  {s.company:<16} {s.demand:<20} {left:>12}  {s.item}")
    return "\n".join(lines)


def _time_left(hours: float | None) -> str:
    """Hours while under two days, then days: "-1,735.1 d" reads better than "-41641.6 h"."""
    if hours is None:
        return _("no deadline")
    if abs(hours) < 48:
        return tr("{hours} h", hours=f"{hours:+.1f}")
    return tr("{days} d", days=f"{hours / 24:+,.1f}")


def parse_as_of(text: str | None, clock: LegalClock) -> datetime:
    """The moment of ``--as-of``: now by default; a bare date is the close of that legal day
    (as ``landfall assess --as-of`` reads it), a naive time is on the legal clock."""
    if text is None:
        return datetime.now(clock.tz)
    try:
        when = parse_when(text, naive=clock.tz)
    except DateTextError:
        raise input_error(
            "takedown-bad-as-of",
            f"--as-of {text!r} is not an ISO 8601 date or time",
            field="--as-of",
            hint="use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+03:00",
        ) from None
    day = when.date() if isinstance(when, datetime) else when
    if not EARLIEST <= day <= LATEST:
        raise input_error(
            "date-out-of-range",
            f"--as-of {day.isoformat()} is outside {EARLIEST.year}-{LATEST.year}",
            field="--as-of",
            hint="check the year",
        )
    return when if isinstance(when, datetime) else close_of_day(clock, when)


def _fail(e: LandfallError) -> typer.Exit:
    typer.echo(render(e), err=True)
    return typer.Exit(e.exit_code)


Exposure = Callable[[str | None, str | None, datetime], list[dict[str, Any]]]
"""(ledger URL, company or None, as-of) -> per company, the engine's 13.41 exposure and the
repeat-offence window, each with reasons."""


def make_takedown_app(
    read_events: ReadEvents,
    append_events: AppendEvents,
    deadline_for: DeadlineFor,
    exposure: Exposure | None = None,
    *,
    clock: Callable[[], LegalClock],
    rule_of: RuleOf | None = None,
    require_ledger: Callable[[str | None], object] | None = None,
) -> typer.Typer:
    """``clock`` gives the rulebook's legal clock (called when a command runs, so that the
    rulebook is loaded only then); ``rule_of``, when given, the deadline rule and clock of the
    rulebook of each demand's country, in the place of ``deadline_for``; ``require_ledger``
    refuses a ledger that does not exist, before ``status`` (a read) opens and so creates it."""
    app = typer.Typer(help="Takedown demands: import them and follow their deadlines.")

    @app.command("import")
    @speaks
    def import_command(
        file: Annotated[Path, typer.Argument(help="Demands or actions: CSV, JSON or DSA CSV")],
        db: Annotated[str | None, typer.Option(help="Ledger URL (default: configured)")] = None,
        lang: LangOpt = None,
    ) -> None:
        """Record demands and actions in the ledger; importing twice adds nothing.

        On a terminal a bar counts the rows read, then the events recorded."""
        from landfall.cli.progress import progress  # a bar on a terminal, silent in a pipe

        try:
            existing = read_events(db)
            with progress(_("reading {file}").format(file=file.name), None, _("rows")) as rows:
                result = import_takedown(file, clock=clock(), existing=existing, rows_read=rows)
            appended = 0
            if result.events:
                # one transaction: the bar fills when it commits
                with progress(_("recording"), len(result.events), _("events")) as recorded:
                    appended = append_events(db, result.events, [file])
                    recorded(len(result.events))
        except LandfallError as e:
            raise _fail(e) from e
        typer.echo(
            tr(
                "{demands} demand(s), {actions} action(s); {appended} new event(s), "
                "{already} already recorded, {skipped} skipped",
                demands=result.demands,
                actions=result.actions,
                appended=appended,
                already=result.already_recorded,
                skipped=result.skipped,
            )
        )

    @app.command("status")
    @speaks
    def status_command(
        as_of: Annotated[
            str | None,
            typer.Option(
                help="ISO time (default now); a bare date is the end of that legal day, "
                "a time without offset is on the rulebook's legal clock"
            ),
        ] = None,
        company: Annotated[str | None, typer.Option(help="Only this company id")] = None,
        db: Annotated[str | None, typer.Option(help="Ledger URL (default: configured)")] = None,
        output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.table,
        limit: Annotated[int, typer.Option(help="Open/overdue items listed")] = 100,
        lang: LangOpt = None,
    ) -> None:
        """On-time rate, time to action, open demands with time left, overdue items."""
        try:
            legal = clock()
            moment = parse_as_of(as_of, legal)
            if require_ledger is not None:
                require_ledger(db)
            status = status_from_events(
                read_events(db),
                as_of=moment,
                deadline_for=deadline_for,
                clock=legal,
                company=company,
                rule_of=rule_of,
            )
            fines = exposure(db, company, moment) if exposure is not None else []
        except LandfallError as e:
            raise _fail(e) from e
        if output is OutputFormat.json:
            body = {**status.to_dict(limit=limit), "exposure": fines}
            typer.echo(json.dumps(body, indent=2, ensure_ascii=False, default=str))
            return
        typer.echo(render_status_table(status, limit=limit))
        for entry in fines:
            typer.echo(f"{entry['company']}: {entry['summary']}")
            for reason in entry["because"]:
                typer.echo("  " + tr("because: {reason}", reason=because(reason)))

    return app
