"""The audience command through Typer's runner, with a real in-memory event sink."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner

from landfall.audience import measure_audience
from landfall.audience.chart import Threshold, render_chart, threshold_line
from landfall.audience.cli import make_audience_command
from landfall.periods import LegalClock
from log_samples import LogSpec, combined_lines

CLOCK = LegalClock(timedelta(hours=3), "MSK")  # the Russian rulebook's

# The rulebook owns the real threshold; tests may name it.
THRESHOLD = Threshold(500_000, "daily_users")


class Sink:
    def __init__(self) -> None:
        self.calls: list[tuple[str | None, list[dict[str, Any]]]] = []
        self.files: list[list[Path]] = []

    def __call__(self, db: str | None, events: list[dict[str, Any]], files: Sequence[Path]) -> int:
        self.calls.append((db, events))
        self.files.append(list(files))
        return len(events)


def app_with(sink: Sink) -> typer.Typer:
    app = typer.Typer()
    app.command("audience")(
        make_audience_command(
            sink, threshold=lambda country: THRESHOLD, clock=lambda country: CLOCK
        )
    )
    app.command("noop")(lambda: None)  # two commands keep "audience" as a subcommand
    return app


def sample_log(tmp_path: Path) -> Path:
    path = tmp_path / "access.log"
    path.write_text("\n".join(combined_lines(LogSpec(days=2, ru_users_per_day=50))) + "\n")
    return path


def test_json_output_and_ledger_append(tmp_path: Path) -> None:
    sink = Sink()
    chart = tmp_path / "chart.png"
    result = CliRunner().invoke(
        app_with(sink),
        [
            "audience",
            str(sample_log(tmp_path)),
            "--resource",
            "acme.social",
            "--db",
            "sqlite:///x.db",
            "--chart",
            str(chart),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert [d["daily_users_ru"] for d in out["days"]] == [50, 50]
    assert out["events_appended"] == 2
    assert sink.calls[0][0] == "sqlite:///x.db"
    assert {e["type"] for e in sink.calls[0][1]} == {"audience"}
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_table_output_and_missing_log(tmp_path: Path) -> None:
    sink = Sink()
    result = CliRunner().invoke(
        app_with(sink), ["audience", str(sample_log(tmp_path)), "--resource", "r"]
    )
    assert result.exit_code == 0, result.output
    assert "malformed" in result.stdout
    missing = CliRunner().invoke(
        app_with(sink), ["audience", str(tmp_path / "none.log"), "--resource", "r"]
    )
    assert missing.exit_code == 2
    assert "audience-log-missing" in missing.stderr


def test_chart_with_estimated_days(tmp_path: Path) -> None:
    log = sample_log(tmp_path)
    report = measure_audience([log], resource="r", clock=CLOCK, exact_limit=10, lg_k=10)
    out = render_chart(report, THRESHOLD, tmp_path / "c.png")
    assert out.stat().st_size > 5_000


def test_the_line_is_drawn_only_over_the_metric_the_threshold_counts(tmp_path: Path) -> None:
    log = sample_log(tmp_path)
    users = measure_audience([log], resource="r", clock=CLOCK)
    accesses = measure_audience([log], resource="r", clock=CLOCK, metric="daily_access")
    assert threshold_line(users, THRESHOLD) == (500_000, "threshold in RU: 500,000")
    drawn, legend = threshold_line(accesses, THRESHOLD)
    assert drawn is None and legend == "the threshold in RU counts daily users: not drawn"
    assert threshold_line(users, None) == (None, "no threshold in RU")
    assert render_chart(accesses, THRESHOLD, tmp_path / "a.png").stat().st_size > 5_000


def test_each_rulebook_says_what_its_threshold_counts() -> None:
    """The chart's threshold as the CLI reads it: from the country's rulebook, with its metric."""
    from landfall.service.evidence import rulebook_for_country

    counts = {c: rulebook_for_country(c).manifest.audience_metric for c in ("RU", "TR", "EU")}
    assert counts == {"RU": "daily_users", "TR": "daily_access", "EU": "monthly_active_recipients"}
