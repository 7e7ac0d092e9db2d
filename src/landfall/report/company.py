"""One company's compliance report for a board or a court: HTML, Markdown or PDF.

The data comes from the same :class:`~landfall.service.portal.Portal` as the API (regulator view);
the report names the ledger's verification status and the hash of the last event it rests on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment

from landfall import labels
from landfall.errors import Diagnostic, InputError, Where
from landfall.report.charts import audience_svg, timeline_svg
from landfall.report.markdown import md_text
from landfall.rules.model import Rulebook
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


def company_report(
    portal: Portal, company: str, as_of: dt.date, who: Principal = REGULATOR
) -> dict[str, Any]:
    """Everything the report shows, as plain data."""
    q = Query(as_of)
    info = portal.company(who, company, q)
    # the because lines in the language the report is written in (``--lang``)
    assessment = labels.readable(portal.assessment(who, company, q).to_dict())
    events = [
        e.data() for e in portal.timeline(who, company, q) if e.type not in ("company", "resource")
    ]
    verified = portal.verify()
    obligations = assessment["obligations"]
    counts: dict[str, int] = {}
    for ob in obligations:
        counts[ob["status"]] = counts.get(ob["status"], 0) + 1
    audience = portal.audience(who, company, q)
    return {
        "company": info,
        "as_of": as_of.isoformat(),
        "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "rulebook": f"{portal.rulebook.id} {portal.rulebook.version}",
        "assessment": assessment,
        "summary": {
            "obligations": counts,
            "fines": len(assessment["fines"]),
            "fines_rub": sum(f["amount_rub"] for f in assessment["fines"]),
            "unlawful_fines": sum(1 for f in assessment["fines"] if f["lawful"] is False),
            "fines_summary": labels.tally_sentence(labels.tally(assessment["fines"])),
            "fines_needs": labels.needs_sentence(assessment["fines"]),
            "measures": assessment["measures"]["applied"],
        },
        "events": events,
        "audience": audience,
        "scans": portal.scans(who, company, q),
        "takedown": portal.takedown(who, company, q),
        "ledger": {
            "verified": verified.ok,
            "message": verified.message,
            "count": verified.count,
            "head": verified.head,
        },
        "charts": {"timeline": timeline_svg(events), "audience": audience_svg(audience)},
    }


def _env() -> Environment:
    return jinja_environment("landfall.report")


def render_html(data: dict[str, Any]) -> str:
    return _env().get_template("report.html").render(**data)


def render_md(data: dict[str, Any]) -> str:
    # every printed value escaped for Markdown (autoescape covers HTML only)
    env = _env().overlay(finalize=md_text)
    return env.get_template("report.md").render(**data)


def html_to_pdf(html: str, target: Path) -> None:
    """Print the HTML to PDF with Debian's chromium through Playwright (no network)."""
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
            page.pdf(path=str(target), format="A4", print_background=True)
        finally:
            browser.close()


def write_report(
    db: str | None,
    company: str,
    as_of: dt.date,
    fmt: str,
    target: Path,
    rulebooks: Sequence[Rulebook] = (),
) -> Path:
    """Open the ledger (it must exist: a report never creates or fills one), build the report and write it as ``fmt`` (html, md or pdf); ``rulebooks``: those to assess (default: every installed one)."""
    from landfall.ledger import open_ledger
    from landfall.ledger.existing import require_existing
    from landfall.rulebooks import load_many

    books = tuple(rulebooks) or load_many()
    with open_ledger(require_existing(db)) as store:
        data = company_report(Portal(store, books), company, as_of)
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "md":
        target.write_text(render_md(data), encoding="utf-8")
    elif fmt == "pdf":
        html_to_pdf(render_html(data), target)
    else:
        target.write_text(render_html(data), encoding="utf-8")
    return target
