"""One company's compliance report for a board or a court: HTML, Markdown or PDF.

The data comes from the same :class:`~landfall.service.portal.Portal` as the API (regulator view)
and the same listings as ``landfall fines|measures|events``; the headline is the one the
dashboard shows (:mod:`landfall.service.headline`). The report names every rulebook it applied,
the day assessed and the record time it was read at, the ledger's verification status and the
hash of the last event it rests on; every fine, measure, enforcement action and demand cites
its sources as a numbered footnote (:mod:`landfall.report.sources`), the same in every format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from jinja2 import Environment

from landfall import i18n, labels
from landfall.errors import Diagnostic, InputError, Where
from landfall.i18n import tr
from landfall.report.charts import audience_charts, timeline_svg, type_word
from landfall.report.markdown import md_text, md_url
from landfall.report.sources import Footnotes, LetteredCaveats, fine_event, sources_of
from landfall.rules.model import Rulebook
from landfall.service.headline import (
    action_word,
    company_headline,
    headline_lines,
    measure_word,
    money_text,
)
from landfall.service.listings.events import events as event_listing
from landfall.service.listings.measures import measures as measure_listing
from landfall.service.listings.model import Filters
from landfall.service.portal import Portal, Query
from landfall.templating import jinja_environment
from landfall.tokens import REGULATOR, Principal

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

TIMELINE_SHOWN = 500
"""The timeline (chart and list) shows the company's last events up to this many, as the
dashboard pages its timeline: a company with 200,000 events is not a 200,000-dot drawing."""

STATUSES = ("violated", "met", "pending", "unknown", "not_applicable")
"""The obligation statuses a summary counts, zeros included (docs/facts-format.md)."""


def company_report(
    portal: Portal,
    company: str,
    as_of: dt.date,
    who: Principal = REGULATOR,
    known_at: dt.date | dt.datetime | None = None,
) -> dict[str, Any]:
    """Everything the report shows, as plain data, in the language in use."""
    q = Query(as_of, known_at)
    info = portal.company(who, company, q)
    # the because lines in the language the report is written in (``--lang``)
    assessment = labels.readable(portal.assessment(who, company, q).to_dict())
    facts = portal.picture(who, q, company)
    only = Filters(company=company)
    events = event_listing(facts, as_of, only, portal.rulebook.clock).rows
    measures = measure_listing(facts, portal.rulebooks, as_of, only).rows
    takedown = portal.takedown(who, company, q)
    notes = Footnotes()
    fines = _fines(assessment["fines"], events, notes)
    shown_measures = _measures(measures, notes)
    demands = _demands(takedown["demands"], events, notes)
    verified = portal.verify()
    found = company_headline(facts, assessment, portal.rulebooks, company, as_of)
    audience = portal.audience(who, company, q)
    return {
        "lang": i18n.current(),
        "company": info,
        "as_of": as_of.isoformat(),
        "known_at": None if known_at is None else known_at.isoformat(),
        "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "rulebooks": [
            {"id": b.id, "version": b.version, "jurisdiction": b.manifest.jurisdiction}
            for b in portal.rulebooks
        ],
        "headline": headline_lines(found),
        "assessment": assessment,
        "jurisdictions": _by_jurisdiction(assessment["obligations"], portal.rulebooks),
        "summary": {
            "obligations": {
                s: sum(1 for ob in assessment["obligations"] if ob["status"] == s) for s in STATUSES
            },
            "fines": found.fines,
            "measures_in_force": len(found.in_force),
            "measures_lifted": len(found.lifted),
        },
        "fines": fines,
        "measures": shown_measures,
        "demands": demands,
        "footnotes": notes.items,
        "events": events[-TIMELINE_SHOWN:],
        "events_total": len(events),
        "audience": audience,
        "scans": portal.scans(who, company, q),
        "takedown": takedown,
        "ledger": {
            "verified": verified.ok,
            "message": labels.chain_problem(verified.problem, verified.broken_id, verified.message),
            "count": verified.count,
            "head": verified.head,
        },
        "charts": {
            "timeline": timeline_svg(events[-TIMELINE_SHOWN:]),
            "audience": audience_charts(facts, company, audience),
        },
    }


def _fines(
    fines: list[dict[str, Any]], events: list[dict[str, Any]], notes: Footnotes
) -> list[dict[str, Any]]:
    """The assessed fines with the recorded event's note (what the fine was for) and their
    footnote."""
    recorded = [e for e in events if e["type"] == "fine"]
    used: set[int] = set()
    shown = []
    for fine in fines:
        event = fine_event(fine, recorded, used)
        note = None if event is None else event.get("note")
        sources = sources_of(fine.get("source")) or ([] if event is None else event["sources"])
        label = (
            tr("fine {id} of {date}", id=fine["id"], date=fine["date"])
            if fine.get("id")
            else tr("fine of {date}", date=fine["date"])
        )
        shown.append({**fine, "note": note, "footnote": notes.cite(label, sources, note)})
    return shown


def _measures(rows: list[dict[str, Any]], notes: Footnotes) -> list[dict[str, Any]]:
    shown = []
    for row in rows:
        name = measure_word(row)
        label = tr("{measure} of {date}", measure=name, date=row["applied"] or row["lifted"])
        note = "; ".join(n for n in (row.get("note"), row.get("lift_note")) if n) or None
        shown.append(
            {
                **row,
                "name": name,
                "kind_text": action_word(row["measure"]) if row["kind"] == "action" else "",
                "footnote": notes.cite(label, row["sources"], note),
            }
        )
    return shown


def _demands(
    demands: list[dict[str, Any]], events: list[dict[str, Any]], notes: Footnotes
) -> list[dict[str, Any]]:
    shown = []
    for d in demands:
        event = next(
            (
                e
                for e in events
                if e["type"] == "demand" and (e.get("fields") or {}).get("id") == d["demand"]
            ),
            None,
        )
        cited = None
        if event is not None:
            label = tr("demand {id} of {date}", id=d["demand"], date=event["day"])
            cited = notes.cite(label, event["sources"], event.get("note"))
        shown.append({**d, "footnote": cited})
    return shown


def _by_jurisdiction(
    obligations: list[dict[str, Any]], books: Sequence[Rulebook]
) -> list[dict[str, Any]]:
    """The obligations grouped by jurisdiction, in the rulebooks' order, each group naming
    the rulebooks that assess it."""
    groups: dict[str, dict[str, Any]] = {}
    for book in books:
        group = groups.setdefault(
            book.manifest.jurisdiction,
            {"jurisdiction": book.manifest.jurisdiction, "rulebooks": [], "obligations": []},
        )
        group["rulebooks"].append(f"{book.id} {book.version}")
    for ob in obligations:
        key = str(ob.get("jurisdiction") or "?")
        groups.setdefault(key, {"jurisdiction": key, "rulebooks": [], "obligations": []})
        groups[key]["obligations"].append(ob)
    return [g for g in groups.values() if g["obligations"]]


@cache
def _env() -> Environment:
    """One environment per process: compiling the templates costs more than rendering them,
    and the language is read at render time, so every report shares it."""
    env = jinja_environment("landfall.report")
    env.globals["Caveats"] = LetteredCaveats
    env.filters["verdict_count"] = labels.verdict_count
    env.filters["money_text"] = money_text
    env.filters["type_word"] = type_word
    env.filters["period"] = labels.period_label  # a demand's violation period, in words
    return env


@cache
def _md_env() -> Environment:
    # every printed value escaped for Markdown (autoescape covers HTML only)
    env = _env().overlay(finalize=md_text)
    env.filters["md_url"] = md_url
    return env


def render_html(data: dict[str, Any]) -> str:
    return _env().get_template("report.html").render(**data)


def render_md(data: dict[str, Any]) -> str:
    return _md_env().get_template("report.md").render(**data)


def html_to_pdf(html: str, target: Path, footer: str = "") -> None:
    """Print the HTML to PDF with Debian's chromium through Playwright (no network); each
    page's foot says ``footer`` (plain text) and the page number."""
    if not Path(CHROMIUM).exists():
        raise InputError(
            Diagnostic(
                "pdf-needs-chromium",
                f"{CHROMIUM} is not installed",
                Where(field="--format"),
                "apt-get install chromium, or use --format html",
            )
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_content(html, wait_until="load")
            page.pdf(
                path=str(target),
                format="A4",
                print_background=True,
                margin={"top": "12mm", "bottom": "14mm", "left": "10mm", "right": "10mm"},
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=(
                    '<div style="font-size:7pt;color:#555;width:100%;padding:0 10mm;'
                    'display:flex;justify-content:space-between">'
                    f"<span>{escape(footer)}</span>"
                    '<span><span class="pageNumber"></span> / <span class="totalPages"></span>'
                    "</span></div>"
                ),
            )
        finally:
            browser.close()


def write_report(
    db: str | None,
    company: str,
    as_of: dt.date,
    fmt: str,
    target: Path,
    rulebooks: Sequence[Rulebook] = (),
    known_at: dt.date | dt.datetime | None = None,
) -> Path:
    """Open the ledger (it must exist: a report never creates or fills one), build the report
    and write it as ``fmt`` (html, md or pdf) in the language in use; ``rulebooks``: those to
    assess (default: every installed one); ``known_at``: the record time to read the ledger at."""
    from landfall.ledger import open_ledger
    from landfall.ledger.existing import require_existing
    from landfall.rulebooks import load_many

    books = tuple(rulebooks) or load_many()
    with open_ledger(require_existing(db)) as store:
        data = company_report(Portal(store, books), company, as_of, known_at=known_at)
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "md":
        target.write_text(render_md(data), encoding="utf-8")
    elif fmt == "pdf":
        footer = tr(
            "Compliance report: {company} as of {date}",
            company=data["company"]["name"],
            date=data["as_of"],
        )
        html_to_pdf(render_html(data), target, f"{footer} · {data['generated']}")
    else:
        target.write_text(render_html(data), encoding="utf-8")
    return target
