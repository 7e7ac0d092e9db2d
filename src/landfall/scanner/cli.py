"""The ``landfall scan`` command, ready for the main Typer app to register.

Thin: parse, call :func:`scan_stores`, render, hand the events to ``append_events`` (the
ledger append, injected by whoever wires the command; none means print only).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from landfall.errors import LandfallError, render
from landfall.i18n import N_, tr
from landfall.i18n import gettext as _
from landfall.scanner.reconcile import require_key
from landfall.scanner.report import ScanReport, StoreResult
from landfall.scanner.sampling import SampleAnswer
from landfall.scanner.scan import scan_stores

__all__ = ["render_table", "scan_command", "summary_lines"]

AppendEvents = Callable[[list[dict[str, Any]]], None]


COLUMNS = (
    N_("store"), N_("role"), N_("country"), N_("located by"), N_("rows"), N_("RU-user rows"),
    N_("signals"), N_("in Russia"), N_("status"),
)  # fmt: skip
"""The table's columns (message ids); store ids, counts and codes are never translated."""
STATUS_WORD = {"ok": N_("scanned in full"), "partial": N_("partial"), "error": N_("error")}
"""A store's status (the JSON's ``ok``, ``partial`` or ``error``) in words."""


def render_table(report: ScanReport, console: Console) -> None:
    from landfall.render import TEXT, WHOLE, WORDS, fitted

    # the store id, its country and the counts are never cut; on a narrow terminal a block
    # per store takes the table's place
    layout = (WORDS, WORDS, WORDS, TEXT, WHOLE, WHOLE, TEXT, TEXT, TEXT)
    columns = list(zip((_(c) for c in COLUMNS), layout, strict=True))
    rows = [[escape(cell) for cell in _row(s)] for s in report.stores]
    console.print(fitted(columns, rows, console.width, title="landfall scan"))
    for line in summary_lines(report):
        console.print(escape(line))


def _row(s: StoreResult) -> list[str]:
    rec = s.reconciliation
    share = (
        tr(
            "{share} ({count} only abroad)",
            share=f"{rec['share_in_russia']:.1%}",
            count=rec["only_abroad"],
        )
        if rec
        else "-"
    )
    signals = ", ".join(f"{k} {v}" for k, v in sorted(s.signals.items()))
    status = _(STATUS_WORD.get(s.status, s.status))
    if s.status == "partial":
        status += f": {s.coverage.summary()}"
    if s.errors:
        status += "; " + "; ".join(f"[{e.code}] {e.message}" for e in s.errors)
    return [
        s.id, s.role, s.country or "?", s.located_by or "-", f"{s.rows_scanned:,}",
        f"{s.russian_user_rows:,}", signals or "-", share, status,
    ]  # fmt: skip


def summary_lines(report: ScanReport) -> list[str]:
    """One line per store not scanned in full: what its scan event can and cannot show."""
    lines = []
    for s in report.stores:
        if s.status == "partial":
            lines.append(
                tr(
                    "{store}: partial scan, {coverage}; its event is recorded, and shows what "
                    "was found, never that data is absent",
                    store=s.id,
                    coverage=s.coverage.summary(),
                )
            )
        elif s.status == "error":
            lines.append(
                tr("{store}: error, nothing could be read; no event is recorded", store=s.id)
            )
    return lines


def scan_command(
    stores_file: Annotated[Path, typer.Argument(help="YAML file naming the stores to scan")],
    db: Annotated[str | None, typer.Option("--db", help="ledger URL to append events to")] = None,
    format: Annotated[str, typer.Option("--format", help="table | json")] = "table",
    key_env: Annotated[
        str, typer.Option("--key-env", help="environment variable holding the hashing key")
    ] = "LANDFALL_SCAN_KEY",
    no_reconcile: Annotated[
        bool, typer.Option("--no-reconcile", help="scan without matching stores abroad")
    ] = False,
    engine: Annotated[
        str | None,
        typer.Option("--engine", help="local | spark (Parquet/CSV stores); default: per store"),
    ] = None,
    sample: Annotated[
        int | None,
        typer.Option(
            "--sample",
            min=1,
            help="first answer from the first N rows of each relation (never shows absence),"
            " then the full scan",
        ),
    ] = None,
    append_events: AppendEvents | None = None,
) -> None:
    """Scan data stores for Russian users' personal data and where it is kept (the words in
    the language in use: the command that mounts this one reads ``--lang``)."""
    console = Console(stderr=format == "json")
    if format not in ("table", "json"):
        raise typer.BadParameter("use table or json", param_hint="--format")
    if engine not in (None, "local", "spark"):
        raise typer.BadParameter("use local or spark", param_hint="--engine")
    key: bytes | None = None
    try:
        if not no_reconcile:
            key = require_key(os.environ.get(key_env, "").encode() or None)
        from landfall.cli.progress import progress as bar  # on a terminal; silent in a pipe

        with bar(_("scanning"), None, _("rows")) as advance:
            seen: dict[tuple[str, str], int] = {}

            def progress(store: str, table: str, rows: int) -> None:
                # the scan tells each relation's rows so far; the bar adds what is new
                # ("*" is a store's total, read at once by Spark)
                new = rows - seen.get((store, table), 0)
                seen[(store, table)] = rows
                advance(new, description=f"{store}: {table}")

            def on_sample(answers: list[SampleAnswer]) -> None:
                # Printed before the full scan starts: the quick answer, then the full one.
                for answer in answers:
                    console.print(escape(f"sample: {answer.line()}"), soft_wrap=True)

            report = scan_stores(
                stores_file,
                key=key,
                progress=progress,
                engine="spark" if engine == "spark" else "local" if engine == "local" else None,
                sample=sample,
                on_sample=on_sample,
            )
        events = report.to_events(datetime.now(UTC))
        if append_events is not None:
            append_events(events)
    except LandfallError as e:
        typer.echo(render(e), err=True)
        raise typer.Exit(e.exit_code) from None
    if format == "json":
        typer.echo(report.to_json())
        for line in summary_lines(report):
            typer.echo(line, err=True)
    else:
        render_table(report, console)
        if db is not None and append_events is None:
            console.print(
                "[yellow]" + escape(_("--db given but no ledger is wired: events not recorded"))
            )
    if not report.ok:
        # StorageError's code: a store was scanned only in part (`partial`) or not at all.
        raise typer.Exit(5)
