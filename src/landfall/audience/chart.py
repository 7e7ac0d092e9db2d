"""A PNG of a daily audience against the law's threshold (the caller supplies it).

Any country and metric the meter counts is drawn; the threshold is the one the caller reads
from that country's rulebook, with the metric the rulebook says it counts. The line is drawn
only over that metric (Russia's daily-users threshold is no line over daily accesses): over
another, or when the rulebook names no threshold, the legend says why there is none. Its
words are in the language in use.
"""

from __future__ import annotations

from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from landfall.audience.meter import AudienceReport, figure_words
from landfall.i18n import N_, tr
from landfall.i18n import gettext as _

__all__ = ["Threshold", "render_chart", "threshold_line"]

COUNTS = {
    "daily_users": N_("daily users"),
    "daily_access": N_("daily accesses"),
    "registered_users": N_("registered users"),
    "monthly_active_recipients": N_("monthly active recipients"),
}
"""The facts format's metrics in words, for a threshold that counts another one."""


@dataclass(frozen=True)
class Threshold:
    """A rulebook's audience threshold: its value and the metric it counts (the rulebook's
    ``collectors.audience_metric``), of users in the rulebook's jurisdiction."""

    value: int
    metric: str


def threshold_line(report: AudienceReport, threshold: Threshold | None) -> tuple[int | None, str]:
    """The line to draw (None: none) and its legend: the threshold's value when it counts the
    report's metric, else a legend saying what it counts, or that the rulebook names none."""
    if threshold is None:
        return None, tr("no threshold in {country}", country=report.country)
    if threshold.metric != report.metric:
        counts = COUNTS.get(threshold.metric)
        return None, tr(
            "the threshold in {country} counts {metric}: not drawn",
            country=report.country,
            metric=_(counts) if counts else threshold.metric,
        )
    value = f"{threshold.value:,}"
    return threshold.value, tr(
        "threshold in {country}: {value}", country=report.country, value=value
    )


def render_chart(
    report: AudienceReport, threshold: Threshold | None, path: str | PathLike[str]
) -> Path:
    """Write the chart to ``path``. ``threshold`` comes from the rulebook of the report's
    country, never from here; None: that rulebook names none, and no line is drawn; a
    threshold of another metric than the report's is named in the legend, not drawn."""
    # matplotlib is heavy: import it only when a chart is asked for, and never use a GUI backend.
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    out = Path(path)
    dates = [d.date.toordinal() for d in report.days]
    counts = [d.value for d in report.days]
    words = figure_words(report)
    fig, ax = plt.subplots(figsize=(10, 4.5), dpi=100)
    try:
        ax.plot(dates, counts, marker="o", linewidth=1.5, label=words)
        estimated = [d for d in report.days if d.method == "hll"]
        if estimated:
            ax.fill_between(
                [d.date.toordinal() for d in estimated],
                [d.lower_bound for d in estimated],
                [d.upper_bound for d in estimated],
                alpha=0.25,
                label=_("HLL estimate, ±2 standard errors"),
            )
        drawn, label = threshold_line(report, threshold)
        if drawn is not None:
            ax.axhline(drawn, color="crimson", linestyle="--", label=label)
        else:  # an empty entry: the legend says why there is no line
            ax.plot([], [], " ", label=label)
        ax.set_title(
            tr(
                "{resource}: {what} (days on {clock})",
                resource=report.resource,
                what=words,
                clock=report.day_clock,
            )
        )
        ax.set_ylabel(
            _("accesses per day") if report.metric == "daily_access" else _("users per day")
        )
        top = max([drawn or 0, *counts, 1])
        ax.set_ylim(bottom=0, top=top * 1.15)
        ax.legend(loc="upper left")
        ax.grid(True, alpha=0.3)
        # Plain ordinals with our own labels keep matplotlib's untyped date helpers out.
        step = max(1, len(report.days) // 12)
        ticks = report.days[::step]
        ax.set_xticks([d.date.toordinal() for d in ticks], [d.date.isoformat() for d in ticks])
        fig.autofmt_xdate()
        fig.tight_layout()
        fig.savefig(out, format="png")
    finally:
        plt.close(fig)
    return out
