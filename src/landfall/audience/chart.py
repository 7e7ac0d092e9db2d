"""A PNG of a daily audience against the law's threshold (the caller supplies it)."""

from __future__ import annotations

from os import PathLike
from pathlib import Path

from landfall.audience.meter import AudienceReport, figure_words

__all__ = ["render_chart"]


def render_chart(report: AudienceReport, threshold: int, path: str | PathLike[str]) -> Path:
    """Write the chart to ``path``. ``threshold`` comes from the rulebook, never from here."""
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
                label="HLL estimate, ±2 standard errors",
            )
        ax.axhline(threshold, color="crimson", linestyle="--", label=f"threshold {threshold:,}")
        ax.set_title(f"{report.resource}: {words} (days on {report.day_clock})")
        ax.set_ylabel("accesses per day" if report.metric == "daily_access" else "users per day")
        ax.set_ylim(bottom=0, top=max([threshold, *counts]) * 1.15)
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
