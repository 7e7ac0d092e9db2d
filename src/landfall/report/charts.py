"""Inline SVG charts for reports: no script, so they print and convert to PDF as drawn.

Both charts run on a real time axis (a day is the same width anywhere on it) with year ticks,
and the audience charts on a labelled linear scale (:func:`linear_ticks`, as the board's fines
chart). Labels get the room their text needs, so none is clipped in print; every word is in
the language in use.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from landfall.facts.model import AudienceEvent, AudienceSeriesEvent, FactsDocument, day_of
from landfall.i18n import N_, tr
from landfall.i18n import gettext as _

WIDTH = 720
CHAR = 6.2
"""Width of one character at font-size 10 in the report's sans-serif (generous: a clipped
label is worse than a wide margin)."""
COLOURS = ("#364fc7", "#2b8a3e", "#e67700", "#862e9c", "#0b7285", "#5c940d", "#c2255c")

EVENT_TYPE_LABEL = {
    "fine": N_("fine"),
    "measure_applied": N_("measure applied"),
    "measure_lifted": N_("measure lifted"),
    "enforcement_action": N_("enforcement action"),
    "demand": N_("demand"),
    "demand_met": N_("demand met"),
    "takedown_action": N_("takedown action"),
    "case_opened": N_("case opened"),
    "list_inclusion": N_("list entry"),
    "feedback_form": N_("feedback form"),
    "rkn_account": N_("regulator account"),
    "local_presence": N_("local presence"),
    "audience_counter": N_("audience counter"),
    "registration": N_("registration"),
    "appointment": N_("appointment"),
    "report_published": N_("report published"),
    "audience": N_("audience figure"),
    "audience_series": N_("audience series"),
    "scan": N_("scan"),
    "data_store": N_("data store"),
}
"""A timeline row's name (an event type the list leaves out shows as its type in words)."""

METRIC_LABEL = {
    "daily_users": N_("daily users"),
    "daily_access": N_("daily accesses"),
    "registered_users": N_("registered users"),
    "monthly_active_recipients": N_("monthly active recipients"),
}


def type_word(kind: str) -> str:
    known = EVENT_TYPE_LABEL.get(kind)
    return _(known) if known else kind.replace("_", " ")


def linear_ticks(top: float, most: int = 5) -> list[float]:
    """Ticks from 0 at a step of 1, 2 or 5 times a power of ten, the last at or above ``top``,
    at most ``most`` steps: a labelled linear scale."""
    if top <= 0:
        return [0.0, 1.0]
    power = 10 ** math.floor(math.log10(top / most))
    step = next(m * power for m in (1, 2, 5, 10) if top / (m * power) <= most)
    count = math.ceil(top / step - 1e-9)
    return [i * step for i in range(count + 1)]


class TimeAxis:
    """Days to x between ``left`` and ``right``; year ticks at most ~10 apart."""

    def __init__(self, first: dt.date, last: dt.date, left: float, right: float) -> None:
        self.first, self.last, self.left, self.right = first, last, left, right

    def x(self, day: dt.date) -> float:
        span = max((self.last - self.first).days, 1)
        return self.left + (self.right - self.left) * (day - self.first).days / span

    def svg(self, y: float) -> list[str]:
        out = [f'<line x1="{self.left}" y1="{y}" x2="{self.right}" y2="{y}" stroke="#555"/>']
        years = self.last.year - self.first.year + 1
        step = max(1, math.ceil(years / 10))
        for year in range(self.first.year, self.last.year + 1, step):
            day = dt.date(year, 1, 1)
            if not self.first <= day <= self.last:
                continue
            x = self.x(day)
            out.append(
                f'<line x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{y + 5}" stroke="#555"/>'
                f'<text x="{x:.1f}" y="{y + 17}" font-size="10" text-anchor="middle">{year}</text>'
            )
        if years <= 2:  # a short span: quarters too, so a day can be read off the axis
            for year in range(self.first.year, self.last.year + 1):
                for month in (4, 7, 10):
                    day = dt.date(year, month, 1)
                    if self.first <= day <= self.last:
                        x = self.x(day)
                        out.append(
                            f'<line x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{y + 3}" stroke="#888"/>'
                            f'<text x="{x:.1f}" y="{y + 15}" font-size="8" fill="#555" '
                            f'text-anchor="middle">{day:%m}</text>'
                        )
        return out


def _span(days: Sequence[dt.date]) -> tuple[dt.date, dt.date]:
    first, last = min(days), max(days)
    return dt.date(first.year, 1, 1), dt.date(last.year, 12, 31)


def timeline_svg(events: Sequence[Mapping[str, Any]]) -> str:
    """One row per event type, one dot per event on a time axis; a fine's dot grows with
    its amount (area in proportion)."""
    dated = [(dt.date.fromisoformat(str(e["day"])), e) for e in events if e.get("day")]
    if not dated:
        none = _("No dated events.")
        return f"<p>{escape(none)}</p>"
    types = sorted({str(e["type"]) for _day, e in dated}, key=type_word)
    words = [type_word(t) for t in types]
    left = 12 + CHAR * max(len(w) for w in words)
    first, last = _span([d for d, _event in dated])
    axis = TimeAxis(first, last, left, WIDTH - 16)
    band = 22
    axis_y = 12 + band * len(types)
    largest = max(
        [float((e.get("fields") or {}).get("amount") or 0) for _, e in dated if e["type"] == "fine"]
        + [1.0]
    )
    label = _("timeline of events")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{axis_y + 30}" '
        f'viewBox="0 0 {WIDTH} {axis_y + 30}" role="img" '
        f'aria-label="{escape(label)}">'
    ]
    for i, word in enumerate(words):
        y = 12 + band * i + band / 2
        parts.append(
            f'<text x="{left - 8:.1f}" y="{y + 3.5:.1f}" font-size="10" text-anchor="end">'
            f"{escape(word)}</text>"
            f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - 16}" y2="{y:.1f}" stroke="#e9ecef"/>'
        )
    for day, event in dated:
        kind = str(event["type"])
        y = 12 + band * types.index(kind) + band / 2
        radius = 3.5
        if kind == "fine":
            amount = float((event.get("fields") or {}).get("amount") or 0)
            radius = 3 + 6 * math.sqrt(amount / largest)
        colour = "#c92a2a" if kind.startswith(("measure", "fine", "enforcement")) else "#364fc7"
        parts.append(
            f'<circle cx="{axis.x(day):.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{colour}" '
            f'fill-opacity="0.75"><title>{day} {escape(type_word(kind))}</title></circle>'
        )
    parts += axis.svg(axis_y)
    parts.append("</svg>")
    return "".join(parts)


def audience_series(facts: FactsDocument, company: str, as_of: dt.date) -> dict[Any, Any]:
    """Every audience figure of the company's resources, by (country, metric), then resource,
    then day (a series event gives one figure a day from its date)."""
    owned = {r.id for r in facts.resources if r.company == company}
    groups: dict[tuple[str, str], dict[str, dict[dt.date, int]]] = {}
    for event in facts.events:
        if not isinstance(event, AudienceEvent | AudienceSeriesEvent):
            continue
        if event.resource not in owned:
            continue
        points = groups.setdefault((event.country, event.metric), {}).setdefault(event.resource, {})
        start = day_of(event.date)
        values = event.value if isinstance(event, AudienceSeriesEvent) else [event.value]
        for i, value in enumerate(values):
            day = start + dt.timedelta(days=i)
            if day > as_of:
                break
            points[day] = value
    return groups


def audience_charts(
    facts: FactsDocument, company: str, audience: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """One chart per country and metric the facts hold: a step line per resource, the
    threshold line on the chart of the country and metric the rulebook's threshold counts
    (``audience``, the portal's read model, carries both from ``collectors.audience_metric``)."""
    as_of = dt.date.fromisoformat(str(audience["as_of"]))
    charts = []
    for (country, metric), series in sorted(audience_series(facts, company, as_of).items()):
        kept = {r: pts for r, pts in sorted(series.items()) if pts}
        if not kept:
            continue
        # the line over the series of the country and metric the rulebook's threshold counts
        line = audience.get("threshold") or {}
        measures = (line.get("country"), line.get("metric"))
        threshold = line.get("value") if (country, metric) == measures else None
        known = METRIC_LABEL.get(metric)
        title = tr(
            "{country}: {metric}",
            country=country,
            metric=_(known) if known else metric.replace("_", " "),
        )
        legend = [
            tr(
                "{resource}: latest {value} on {date}",
                resource=resource,
                value=f"{points[max(points)]:,.0f}",
                date=max(points).isoformat(),
            )
            for resource, points in kept.items()
        ]
        svg = _audience_svg(kept, legend, threshold, as_of, title)
        charts.append({"title": title, "svg": svg, "legend": legend})
    return charts


def _audience_svg(
    series: Mapping[str, Mapping[dt.date, int]],
    legend: Sequence[str],
    threshold: int | None,
    as_of: dt.date,
    title: str,
) -> str:
    days = [d for pts in series.values() for d in pts]
    top = max([v for pts in series.values() for v in pts.values()] + [threshold or 0])
    ticks = linear_ticks(top * 1.05)
    left = 12 + CHAR * len(f"{ticks[-1]:,.0f}")
    first, last = _span([*days, as_of])
    axis = TimeAxis(first, last, left, WIDTH - 16)
    plot_top, plot_bottom = 10, 190

    def y(value: float) -> float:
        return plot_bottom - (plot_bottom - plot_top) * value / ticks[-1]

    height = plot_bottom + 30 + 16 * len(series)
    label = tr("audience: {title}", title=title)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(label)}">'
    ]
    for tick in ticks:
        parts.append(
            f'<line x1="{left}" y1="{y(tick):.1f}" x2="{WIDTH - 16}" y2="{y(tick):.1f}" '
            f'stroke="#e9ecef"/><text x="{left - 6:.1f}" y="{y(tick) + 3.5:.1f}" font-size="10" '
            f'text-anchor="end">{tick:,.0f}</text>'
        )
    parts.append(
        f'<line x1="{left}" y1="{plot_top}" x2="{left}" y2="{plot_bottom}" stroke="#555"/>'
    )
    parts += axis.svg(plot_bottom)
    for i, (points, shown) in enumerate(zip(series.values(), legend, strict=True)):
        pts = sorted(points.items())
        latest_day, latest = pts[-1]
        pts.append((max(as_of, latest_day), latest))  # a figure holds until the next one
        path = f"M{axis.x(pts[0][0]):.1f},{y(pts[0][1]):.1f}" + "".join(
            f" H{axis.x(d):.1f} V{y(v):.1f}" for d, v in pts[1:]
        )
        colour = COLOURS[i % len(COLOURS)]
        parts.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        legend_y = plot_bottom + 34 + 16 * i
        parts.append(
            f'<line x1="{left}" y1="{legend_y - 4}" x2="{left + 18}" y2="{legend_y - 4}" '
            f'stroke="{colour}" stroke-width="3"/><text x="{left + 24}" y="{legend_y}" '
            f'font-size="10">{escape(shown)}</text>'
        )
    if threshold:
        line = tr("threshold {value}", value=f"{threshold:,}")
        parts.append(
            f'<line x1="{left}" y1="{y(threshold):.1f}" x2="{WIDTH - 16}" y2="{y(threshold):.1f}" '
            f'stroke="#c92a2a" stroke-dasharray="6 4"/>'
            f'<text x="{left + 4}" y="{y(threshold) - 4:.1f}" font-size="10" fill="#c92a2a">'
            f"{escape(line)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
