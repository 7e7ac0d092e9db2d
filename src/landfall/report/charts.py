"""Inline SVG charts for reports: no script, so they print and convert to PDF as drawn."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

W, H, PAD = 720, 220, 48


def _x(day: dt.date, first: dt.date, last: dt.date) -> float:
    span = max((last - first).days, 1)
    return PAD + (W - 2 * PAD) * (day - first).days / span


def _axis(first: dt.date, last: dt.date) -> list[str]:
    out = [f'<line x1="{PAD}" y1="{H - 30}" x2="{W - PAD}" y2="{H - 30}" stroke="#888"/>']
    for year in range(first.year, last.year + 1):
        day = dt.date(year, 1, 1)
        if first <= day <= last:
            x = _x(day, first, last)
            out.append(
                f'<line x1="{x:.1f}" y1="{H - 30}" x2="{x:.1f}" y2="{H - 25}" stroke="#888"/>'
                f'<text x="{x:.1f}" y="{H - 12}" font-size="10" text-anchor="middle">{year}</text>'
            )
    return out


def timeline_svg(events: list[dict[str, Any]]) -> str:
    """One row per event type, one dot per event, over the years the events span."""
    dated = [
        (dt.date.fromisoformat(str(e["date"])[:10]), e["type"]) for e in events if e.get("date")
    ]
    if not dated:
        return "<p>No dated events.</p>"
    types = sorted({t for _, t in dated})
    first, last = min(d for d, _ in dated), max(d for d, _ in dated)
    first, last = dt.date(first.year, 1, 1), dt.date(last.year, 12, 31)
    height = 40 + 18 * len(types)
    step = (height - 50) / max(len(types), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{height + 20}" '
        f'role="img" aria-label="timeline of events">'
    ]
    for i, name in enumerate(types):
        y = 15 + i * step
        parts.append(
            f'<text x="{PAD - 4}" y="{y + 4:.1f}" font-size="9" text-anchor="end">{escape(name)}</text>'
            f'<line x1="{PAD}" y1="{y:.1f}" x2="{W - PAD}" y2="{y:.1f}" stroke="#eee"/>'
        )
    for day, name in dated:
        y = 15 + types.index(name) * step
        colour = "#c92a2a" if name.startswith(("measure", "fine")) else "#364fc7"
        parts.append(
            f'<circle cx="{_x(day, first, last):.1f}" cy="{y:.1f}" r="4" fill="{colour}">'
            f"<title>{day} {escape(name)}</title></circle>"
        )
    axis_y = height - 10
    parts.append(f'<line x1="{PAD}" y1="{axis_y}" x2="{W - PAD}" y2="{axis_y}" stroke="#888"/>')
    for year in range(first.year, last.year + 1):
        x = _x(dt.date(year, 1, 1), first, last)
        parts.append(
            f'<text x="{x:.1f}" y="{axis_y + 14}" font-size="10" text-anchor="start">{year}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def audience_svg(audience: dict[str, Any]) -> str:
    """Daily users in Russia per resource (step lines) against the threshold in force."""
    series = [s for s in audience["series"] if s["points"]]
    if not series:
        return "<p>No audience figures recorded.</p>"
    days = [dt.date.fromisoformat(p["date"]) for s in series for p in s["points"]]
    threshold = (audience.get("threshold") or {}).get("value")
    top = max([p["daily_users_ru"] for s in series for p in s["points"]] + [threshold or 0]) * 1.1
    first, last = min(days), max(max(days), dt.date.fromisoformat(audience["as_of"]))
    if first == last:
        first -= dt.timedelta(days=30)

    def y(value: float) -> float:
        return H - 30 - (H - 50) * value / (top or 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" role="img" '
        f'aria-label="audience against the threshold">',
        *_axis(first, last),
    ]
    colours = ["#364fc7", "#2b8a3e", "#e67700", "#862e9c", "#0b7285"]
    for i, s in enumerate(series):
        pts = [(dt.date.fromisoformat(p["date"]), p["daily_users_ru"]) for p in s["points"]]
        pts.append((last, pts[-1][1]))
        path = " ".join(
            f"{'M' if j == 0 else 'H'}{_x(d, first, last):.1f}"
            + (f" V{y(v):.1f}" if j else f",{y(v):.1f}")
            for j, (d, v) in enumerate(pts)
        )
        colour = colours[i % len(colours)]
        parts.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts.append(
            f'<text x="{W - PAD + 2}" y="{y(pts[-1][1]):.1f}" font-size="9" fill="{colour}">'
            f"{escape(s['resource'])}</text>"
        )
    if threshold:
        parts.append(
            f'<line x1="{PAD}" y1="{y(threshold):.1f}" x2="{W - PAD}" y2="{y(threshold):.1f}" '
            f'stroke="#c92a2a" stroke-dasharray="6 4"/>'
            f'<text x="{PAD + 4}" y="{y(threshold) - 4:.1f}" font-size="10" fill="#c92a2a">'
            f"threshold {threshold:,}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
