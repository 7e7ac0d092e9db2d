"""The demo's HTML report: the board, each company's obligations and fines, fines by year.

Every word is a message of the catalogue, in the language in use (``landfall demo --lang``);
ids, status codes (the cells' classes), dates and amounts are the same in every language."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from html import escape
from typing import Any

from landfall import i18n, labels
from landfall.i18n import gettext as _
from landfall.i18n import tr
from landfall.report.charts import linear_ticks
from landfall.service.actions import enforcement_action_rows
from landfall.service.board import BoardRow, fines_note

CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:left}
th{background:#f3f3f3}
.met{background:#d8f3dc}.violated{background:#ffccd5}.pending{background:#fff3bf}
.unknown{background:#e5dbff}.not_applicable{color:#999}
.small{font-size:.8rem;color:#555}
"""


def render(
    rows: list[BoardRow], as_of: dt.date, meta: dict[str, Any], columns: Mapping[str, str]
) -> str:
    """The board as a page in the language in use; ``columns``: the obligation columns and
    their display names."""
    head = "".join(f"<th>{escape(label)}</th>" for label in columns.values())
    listed = " (" + _("listed") + ")"
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="{row.statuses[c]}">{escape(labels.status_word(row.statuses[c]))}</td>'
            for c in columns
        )
        measures = ", ".join(labels.display_name(m) for m in row.measures)
        body.append(
            f'<tr><td><a href="#{escape(row.company)}">{escape(row.name)}</a>'
            f"{listed if row.listed else ''}</td>{cells}"
            f"<td>{escape(row.fines_summary)}</td><td>{row.fines_rub:,.0f}</td>"
            f"<td>{escape(measures)}</td></tr>"
        )
    title = tr("Compliance board as of {date}", date=as_of.isoformat())
    where = {"rulebook": meta["rulebook"], "ledger": meta["ledger"], "head": meta["head"] or "-"}
    if meta["verified"]:
        provenance = tr(
            "Rulebook {rulebook}; ledger {ledger}; last event hash {head}; hash chain verified.",
            **where,
        )
    else:
        provenance = tr(
            "Rulebook {rulebook}; ledger {ledger}; last event hash {head}; hash chain NOT "
            "VERIFIED: {problem}.",
            problem=meta.get("problem") or "",
            **where,
        )
    heads = (_("company"), _("fines"), _("RUB"), _("measures"))
    by_year = _("Fines by year")
    parts = [
        f"<!doctype html><html lang='{i18n.current()}'><head><meta charset='utf-8'>",
        f"<title>landfall: {escape(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p class='small'>{escape(provenance)}</p>",
        f"<p id='fines-tally'>{escape(fines_note(rows))}</p>",
        f"<table><tr><th>{heads[0]}</th>{head}"
        + "".join(f"<th>{escape(h)}</th>" for h in heads[1:])
        + "</tr>",
        *body,
        "</table>",
        f"<h2>{escape(by_year)}</h2>",
        fines_chart(rows),
    ]
    parts += [company_section(row) for row in rows]
    parts.append("</body></html>")
    return "\n".join(parts)


def _head(*names: str) -> str:
    return "<tr>" + "".join(f"<th>{escape(n)}</th>" for n in names) + "</tr>"


def company_section(row: BoardRow) -> str:
    data = labels.readable(row.details)  # the because and needs lines in the language in use
    caveats = labels.Caveats()
    enforcement = any(ob.get("enforcement") for ob in data["obligations"])
    columns = [_("obligation"), _("status"), _("due")]
    columns += [_("enforcement")] if enforcement else []
    columns += [_("citation"), _("because")]
    lines = [
        f'<h2 id="{escape(row.company)}">{escape(row.name)}</h2>',
        "<table>" + _head(*columns),
    ]
    for ob in data["obligations"]:
        name = labels.display_name(ob["id"]) + (f" ({ob['demand']})" if ob.get("demand") else "")
        lines.append(
            f"<tr><td>{escape(name + caveats.mark(ob))}</td>"
            f"<td class='{ob['status']}'>{escape(labels.obligation_label(ob))}</td>"
            f"<td>{escape(str(ob['due'] or ''))}</td>"
            + (f"<td>{escape(labels.enforcement_label(ob))}</td>" if enforcement else "")
            + f"<td>{escape(ob['citation'])}</td><td>{escape('; '.join(ob['because']))}</td></tr>"
        )
    lines.append("</table>")
    if data["fines"]:
        lines.append(f"<p>{escape(row.fines_summary)}.</p>")
        lines.append(
            "<table>"
            + _head(
                _("date"), _("article"), _("RUB"), _("statutory range"), _("verdict"), _("because")
            )
        )
        for f in data["fines"]:
            rng = f["range_rub"] or [None, None]
            shown = " - ".join("?" if v is None else f"{v:,.0f}" for v in rng)
            lines.append(
                f"<tr><td>{escape(f['date'] + caveats.mark(f))}</td>"
                f"<td>{escape(f['article'])} {escape(f['part'] or '')}</td>"
                f"<td>{f['amount_rub']:,.0f}</td><td>{shown}</td>"
                f"<td class='{labels.verdict_class(f)}'>{escape(labels.verdict_label(f))}</td>"
                f"<td>{escape('; '.join(f['because']))}</td></tr>"
            )
        lines.append("</table>")
    if data.get("enforcement_actions"):
        lines.append(enforcement_actions_table(data))
    if notes := caveats.items():
        caveat = _("Unverified or conflicting law:")
        lines.append(f"<p class='small'>{escape(caveat)}</p>")
        lines.append("<ol class='small'>")
        lines += [f"<li>{escape(note)}</li>" for note in notes]
        lines.append("</ol>")
    return "\n".join(lines)


def enforcement_actions_table(company: dict[str, Any]) -> str:
    """Blocks, slowdowns and register entries outside the landing law, with their sources."""
    head = _head(_("date"), _("action"), _("basis"), _("resource"), _("lifted"), _("source"))
    body = []
    for cells in enforcement_action_rows(company):
        *text, source = cells
        links = " ".join(
            f'<a href="{escape(s)}">{escape(s)}</a>' if s.startswith("http") else escape(s)
            for s in source.split("; ")
            if s
        )
        body.append(
            "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in text) + f"<td>{links}</td></tr>"
        )
    title = _("Enforcement actions")
    return f"<h3>{escape(title)}</h3><table>{head}{''.join(body)}</table>"


def fines_chart(rows: list[BoardRow]) -> str:
    """An inline SVG bar chart of fines imposed per year, all companies: years down the side,
    a labelled linear scale along the bottom and each year's amount written at its bar (a
    year of small fines is a short bar with its figure beside it, never a tall one)."""
    by_year: dict[int, float] = defaultdict(float)
    for row in rows:
        for fine in row.details["fines"]:
            by_year[int(fine["date"][:4])] += fine["amount_rub"]
    if not by_year:
        none = _("No fines recorded.")
        return f"<p>{escape(none)}</p>"
    years = sorted(by_year)
    ticks = linear_ticks(max(by_year.values()))
    left, plot, band = 50, 420, 24
    top_y = 10
    height = top_y + band * len(years) + 50
    width = left + plot + 170

    def x_of(value: float) -> float:
        return left + plot * value / ticks[-1]

    axis_y = top_y + band * len(years)
    parts = [
        f'<line x1="{left}" y1="{top_y}" x2="{left}" y2="{axis_y}" stroke="#555"/>',
        f'<line x1="{left}" y1="{axis_y}" x2="{left + plot}" y2="{axis_y}" stroke="#555"/>',
    ]
    for tick in ticks:
        x = x_of(tick)
        parts.append(
            f'<line x1="{x:.1f}" y1="{top_y}" x2="{x:.1f}" y2="{axis_y + 4}" stroke="#ddd"/>'
            f'<text x="{x:.1f}" y="{axis_y + 16}" font-size="10" text-anchor="middle">'
            f"{tick:,.0f}</text>"
        )
    for i, year in enumerate(years):
        y = top_y + band * i
        end = x_of(by_year[year])
        parts.append(
            f'<text x="{left - 6}" y="{y + 16}" font-size="11" text-anchor="end">{year}</text>'
            f'<rect x="{left}" y="{y + 4}" width="{end - left:.1f}" height="{band - 8}" '
            f'fill="#3b5bdb"/>'
            f'<text x="{end + 4:.1f}" y="{y + 16}" font-size="11">{by_year[year]:,.0f}</text>'
        )
    axis = _("fines imposed in the year, RUB (linear scale)")
    parts.append(
        f'<text x="{left + plot / 2}" y="{axis_y + 34}" font-size="11" text-anchor="middle">'
        f"{escape(axis)}</text>"
    )
    label = tr(
        "fines imposed per year, {years}",
        years="; ".join(
            tr("{year}: RUB {amount}", year=year, amount=f"{by_year[year]:,.0f}") for year in years
        ),
    )
    return (
        f'<svg width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(label)}">{"".join(parts)}</svg>'
    )
