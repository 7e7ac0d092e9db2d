"""``landfall audience LOG... --resource ID [--country CC] [--metric M]``: the command function
the main CLI mounts.

The ledger and the rulebooks are injected: :func:`make_audience_command` takes the callable that
appends events, the ones that give a country's threshold and legal clock, and the default
country, and returns a Typer-ready function.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from landfall.audience.chart import Threshold, render_chart
from landfall.audience.logs import MAX_GZIP_RATIO
from landfall.audience.meter import (
    DEFAULT_COUNTRY,
    DEFAULT_EXACT_LIMIT,
    DEFAULT_LG_K,
    AudienceReport,
    figure_words,
    hll_relative_error,
    measure_audience,
)
from landfall.cli.language import LangOpt, speaks
from landfall.errors import LandfallError, input_error, render
from landfall.i18n import because, tr
from landfall.i18n import gettext as _
from landfall.labels import applies_label, display_name
from landfall.periods import LegalClock

__all__ = ["AppendEvents", "OutputFormat", "make_audience_command", "render_table"]

AppendEvents = Callable[[str | None, list[dict[str, Any]], Sequence[Path]], int]
"""(ledger URL or None for the default, events, the logs they were counted from) -> number of
events actually appended; the logs are recorded as the events' source (name and SHA-256)."""


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


class EngineOption(StrEnum):
    local = "local"
    spark = "spark"


class MetricOption(StrEnum):
    daily_users = "daily_users"
    daily_access = "daily_access"


def render_table(report: AudienceReport) -> str:
    """The daily figures, one day a line: dates and counts whole, in the language in use."""
    head = _("users") if report.metric == "daily_users" else _("accesses")
    head = tr("{what} in {country}", what=head, country=report.country)
    width = max(14, len(head))
    lines = [
        figure_words(report),
        f"{_('date'):<14} {head:>{width}}  {_('method'):<6}  {_('±2σ range')}",
    ]
    for d in report.days:
        span = "" if d.method == "exact" else f"{d.lower_bound:,}..{d.upper_bound:,}"
        lines.append(f"{d.date.isoformat():<14} {d.value:>{width},}  {d.method:<6}  {span}")
    lines.append(
        tr(
            "lines {lines}; from {country} {counted}; malformed {malformed}",
            lines=f"{report.lines_read:,}",
            country=report.country,
            counted=f"{report.lines_ru:,}",
            malformed=f"{report.malformed:,}",
        )
    )
    if any(d.method == "hll" for d in report.days):
        lines.append(
            tr(
                "estimated days: HLL lg_k={lg_k}, relative standard error {error}",
                lg_k=report.lg_k,
                error=f"{hll_relative_error(report.lg_k):.2%}",
            )
        )
    lines.extend(
        "  "
        + tr("malformed {file}:{line}: {reason}", file=m.file, line=m.line, reason=m.reason)
        + f": {m.text[:120]}"
        for m in report.malformed_examples
    )
    return "\n".join(lines)


def log_bytes(logs: Sequence[Path]) -> int | None:
    """The bytes of the log files, the bar's total (the meter tells the bytes of each file
    read, compressed ones included); None when one cannot be sized (the meter names it)."""
    try:
        return sum(path.stat().st_size for path in logs)
    except OSError:
        return None


Verdict = Callable[[str | None, str, AudienceReport], dict[str, Any] | None]
"""(ledger URL, resource, report) -> the engine's applicability verdict, or None."""
ThresholdOf = Callable[[str], Threshold | None]
"""A country's audience threshold in its rulebook and the metric it counts, or None when the
rulebook names none."""


def make_audience_command(
    append_events: AppendEvents,
    threshold: ThresholdOf | None = None,
    verdict: Verdict | None = None,
    *,
    clock: Callable[[str], LegalClock],
    default_country: Callable[[], str] = lambda: DEFAULT_COUNTRY,
) -> Callable[..., None]:
    """Build the command; ``threshold`` reads a country's audience threshold from its
    rulebook, ``verdict`` asks the engine what the recorded figures mean under the law,
    ``clock`` gives the country's legal clock, whose days the users are counted by, and
    ``default_country`` the country counted without ``--country``. On a terminal a bar on
    stderr counts the bytes of log read, with the rate and the time left."""

    @speaks
    def audience(
        logs: Annotated[list[Path], typer.Argument(help="Combined or JSON-lines logs, gz ok")],
        resource: Annotated[str, typer.Option(help="Resource id the logs belong to")],
        country: Annotated[
            str | None,
            typer.Option(
                help="Count users located in this country (ISO 3166-1 alpha-2, or EU for the "
                "Union's members); default: the primary rulebook's"
            ),
        ] = None,
        metric: Annotated[
            MetricOption,
            typer.Option(help="daily_users (distinct users a day) or daily_access (requests)"),
        ] = MetricOption.daily_users,
        db: Annotated[str | None, typer.Option(help="Ledger URL (default: configured)")] = None,
        chart: Annotated[Path | None, typer.Option(help="Write a PNG chart here")] = None,
        output: Annotated[
            OutputFormat, typer.Option("--format", help="table or json")
        ] = OutputFormat.table,
        exact_limit: Annotated[int, typer.Option(help="Hashes held exactly")] = DEFAULT_EXACT_LIMIT,
        lg_k: Annotated[int, typer.Option(help="HLL size: 2**lg_k buckets")] = DEFAULT_LG_K,
        max_examples: Annotated[int, typer.Option(help="Malformed lines to show")] = 10,
        workers: Annotated[
            int,
            typer.Option(
                help="Scanning processes; 0 (default): one per 32 MB of log text, at most one "
                "per core"
            ),
        ] = 0,
        engine: Annotated[
            EngineOption,
            typer.Option(
                help="local, or spark: one Spark task per split of the logs "
                "(LANDFALL_SPARK_MASTER, default local[*]; Java 17+)"
            ),
        ] = EngineOption.local,
        max_gzip_ratio: Annotated[
            float,
            typer.Option(
                help="Refuse a gzip log that decompresses to more than N times its size "
                "(checked past 8 MiB out): a decompression bomb; 0: no limit"
            ),
        ] = MAX_GZIP_RATIO,
        lang: LangOpt = None,
    ) -> None:
        """Count a country's daily users or accesses from access logs and record them.

        --chart draws the days against the threshold of the country's rulebook when it counts
        the --metric counted (else the legend names what it counts, and no line is drawn)."""
        from landfall.cli.progress import BYTES, progress

        try:
            counted = country or default_country()
            bar = progress(_("reading logs"), log_bytes(logs), BYTES)
            with bar as advance:
                shown = 0

                def told(done: int, _total: int) -> None:
                    # the meter tells the bytes read so far; the bar advances by the difference
                    nonlocal shown
                    advance(done - shown)
                    shown = done

                report = measure_audience(
                    logs,
                    resource=resource,
                    clock=clock(counted),
                    country=counted,
                    metric=metric.value,
                    exact_limit=exact_limit,
                    lg_k=lg_k,
                    max_examples=max_examples,
                    workers=workers or None,
                    engine=engine.value,
                    max_gzip_ratio=max_gzip_ratio,
                    progress=told,
                )
            if chart is not None:
                if threshold is None:
                    raise input_error(
                        "audience-no-threshold", "no rulebook threshold is wired for --chart"
                    )
                render_chart(report, threshold(counted), chart)
            appended = append_events(db, report.to_events(), logs)
            judged = verdict(db, resource, report) if verdict is not None and report.days else None
        except LandfallError as e:
            typer.echo(render(e), err=True)
            raise typer.Exit(e.exit_code) from e
        if output is OutputFormat.json:
            body = {**report.to_dict(), "events_appended": appended, "verdict": judged}
            typer.echo(json.dumps(body, indent=2))
        else:
            typer.echo(render_table(report))
            typer.echo(tr("ledger: {count} new audience event(s)", count=appended))
            if judged is not None:
                since = tr(", since {date}", date=judged["since"]) if judged["since"] else ""
                typer.echo(
                    tr(
                        "{law} as of {date}: {applies}",
                        law=display_name(judged["law"]),
                        date=judged["as_of"],
                        applies=applies_label(judged["applies"]),
                    )
                    + since
                )
                for reason in judged["because"]:
                    typer.echo("  " + tr("because: {reason}", reason=because(reason)))

    return audience
