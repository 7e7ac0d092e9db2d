"""The demo's HTML report: the board, each company's obligations and fines, fines by year."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from html import escape
from typing import Any

from landfall.board import COLUMNS, BoardRow, fine_tally

CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:left}
th{background:#f3f3f3}
.met{background:#d8f3dc}.violated{background:#ffccd5}.pending{background:#fff3bf}
.unknown{background:#e5dbff}.not_applicable{color:#999}
.small{font-size:.8rem;color:#555}
"""

SHORT = {
    "ru-236-fz.feedback-form": "feedback form",
    "ru-236-fz.rkn-account": "RKN account",
    "ru-236-fz.local-presence": "local presence",
    "ru-236-fz.audience-counter": "counter",
    "ru-152-fz.localization": "localization",
    "ru-149-fz.takedown": "takedown",
}


def render(rows: list[BoardRow], as_of: dt.date, meta: dict[str, Any]) -> str:
    head = "".join(f"<th>{escape(SHORT[c])}</th>" for c in COLUMNS)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="{row.statuses[c]}">{escape(row.statuses[c])}</td>' for c in COLUMNS
        )
        body.append(
            f'<tr><td><a href="#{escape(row.company)}">{escape(row.name)}</a>'
            f"{' (listed)' if row.listed else ''}</td>{cells}"
            f"<td>{row.fines}</td><td>{row.fines_rub:,.0f}</td><td>{row.unlawful_fines}</td>"
            f"<td>{escape(', '.join(row.measures))}</td></tr>"
        )
    tally = fine_tally(rows)
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>landfall: compliance board as of {as_of}</title><style>{CSS}</style></head><body>",
        f"<h1>Compliance board as of {as_of}</h1>",
        f"<p class='small'>Rulebook {escape(meta['rulebook'])}; ledger {escape(meta['ledger'])}; "
        f"last event hash {escape(meta['head'] or '-')}; chain verified: {meta['verified']}.</p>",
        f"<p>Fines checked against the Administrative Code: {tally.get('lawful', 0)} lawful, "
        f"{tally.get('unlawful', 0)} outside the statutory range, {tally.get('undecided', 0)} undecided "
        "(revenue not in the facts).</p>",
        f"<table><tr><th>company</th>{head}<th>fines</th><th>RUB</th><th>unlawful</th><th>measures</th></tr>",
        *body,
        "</table>",
        "<h2>Fines by year</h2>",
        fines_chart(rows),
    ]
    parts += [company_section(row) for row in rows]
    parts.append("</body></html>")
    return "\n".join(parts)


def company_section(row: BoardRow) -> str:
    data = row.details
    lines = [
        f'<h2 id="{escape(row.company)}">{escape(row.name)}</h2>',
        "<table><tr><th>obligation</th><th>status</th><th>due</th><th>citation</th><th>because</th></tr>",
    ]
    for ob in data["obligations"]:
        name = ob["id"] + (f" ({ob['demand']})" if ob.get("demand") else "")
        lines.append(
            f"<tr><td>{escape(name)}</td><td class='{ob['status']}'>{ob['status']}</td>"
            f"<td>{escape(str(ob['due'] or ''))}</td><td>{escape(ob['citation'])}</td>"
            f"<td>{escape('; '.join(ob['because']))}</td></tr>"
        )
    lines.append("</table>")
    if data["fines"]:
        lines.append(
            "<table><tr><th>date</th><th>article</th><th>RUB</th><th>statutory range</th><th>lawful</th><th>because</th></tr>"
        )
        for f in data["fines"]:
            rng = f["range_rub"] or [None, None]
            shown = " - ".join("?" if v is None else f"{v:,.0f}" for v in rng)
            lines.append(
                f"<tr><td>{f['date']}</td><td>{escape(f['article'])} {escape(f['part'] or '')}</td>"
                f"<td>{f['amount_rub']:,.0f}</td><td>{shown}</td><td>{f['lawful']}</td>"
                f"<td>{escape('; '.join(f['because']))}</td></tr>"
            )
        lines.append("</table>")
    return "\n".join(lines)


def fines_chart(rows: list[BoardRow]) -> str:
    """An inline SVG bar chart (log scale) of fines imposed per year, all companies."""
    import math

    by_year: dict[int, float] = defaultdict(float)
    for row in rows:
        for fine in row.details["fines"]:
            by_year[int(fine["date"][:4])] += fine["amount_rub"]
    if not by_year:
        return "<p>No fines.</p>"
    years = sorted(by_year)
    top = max(math.log10(max(v, 1)) for v in by_year.values())
    width, height, bar = 60 * len(years) + 40, 220, 40
    bars = []
    for i, year in enumerate(years):
        h = 180 * math.log10(max(by_year[year], 1)) / top
        x = 30 + i * 60
        bars.append(
            f'<rect x="{x}" y="{200 - h:.1f}" width="{bar}" height="{h:.1f}" fill="#4c6ef5">'
            f"<title>{year}: RUB {by_year[year]:,.0f}</title></rect>"
            f'<text x="{x + bar / 2}" y="215" font-size="11" text-anchor="middle">{year}</text>'
        )
    return f'<svg width="{width}" height="{height}" role="img" aria-label="fines per year">{"".join(bars)}</svg><p class="small">log scale; hover for amounts</p>'
