"""One headline for a company, the same in the report's three formats and on the dashboard;
sources as footnotes numbered alike in HTML, Markdown and the PDF; the report in Russian.

The crafted company below has one fine of every verdict class, a measure applied and lifted,
a slowdown in force, an unanswered takedown demand and audience figures in two countries; each
expectation is read from the engine's own assessment or the listings, never written here.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.api.support import build_template

from landfall import i18n, labels
from landfall.facts.model import FactsDocument
from landfall.ledger import document_events, open_ledger
from landfall.report.company import company_report, render_html, render_md
from landfall.rulebooks import load_many
from landfall.service.headline import (
    company_headline,
    fine_totals,
    fines_line,
    headline,
    headline_lines,
)
from landfall.service.portal import Portal, Query
from landfall.tokens import REGULATOR, TokenStore

AS_OF = dt.date(2024, 6, 1)
SRC = "https://example.org/vidora/"

CRAFTED = {
    "landfall": 1,
    "companies": [{"id": "vidora", "name": "Vidora Ltd", "country": "CY"}],
    "resources": [{"id": "vidora.tv", "company": "vidora", "kind": "video_hosting"}],
    "events": [
        {
            "date": "2022-01-10",
            "type": "audience",
            "resource": "vidora.tv",
            "daily_users_ru": 900000,
        },
        {
            "date": "2022-02-01",
            "type": "audience",
            "resource": "vidora.tv",
            "country": "TR",
            "metric": "daily_access",
            "value": 1500000,
        },
        {"date": "2022-03-01", "type": "list_inclusion", "company": "vidora"},
        *(
            {
                "date": day,
                "type": "fine",
                "company": "vidora",
                "id": fid,
                "article": "13.41",
                "part": part,
                "amount_rub": amount,
                "source": f"{SRC}{fid}",
                "note": f"what {fid} was for",
                **extra,
            }
            for day, fid, part, amount, extra in (
                ("2022-05-01", "f-lawful", "2", 3000000, {}),
                ("2022-06-01", "f-reduced", "2", 500000, {}),
                ("2022-07-01", "f-unlawful", "2", 9000000, {}),
                ("2022-08-01", "f-undecided", "5", 50000000, {}),
                ("2023-09-01", "f-barred", "2", 3000000, {"offense_date": "2021-08-01"}),
            )
        ),
        {
            "date": "2022-09-01",
            "type": "measure_applied",
            "company": "vidora",
            "measure": "informing-users",
            "source": f"{SRC}informing",
        },
        {
            "date": "2023-03-01",
            "type": "measure_lifted",
            "company": "vidora",
            "measure": "informing-users",
            "source": f"{SRC}informing-lifted",
        },
        {
            "date": "2023-10-01",
            "type": "enforcement_action",
            "company": "vidora",
            "resource": "vidora.tv",
            "action": "throttle",
            "basis": "slowdown of vidora.tv",
            "source": [f"{SRC}slowdown", "regulator's statement of 2023-10-01"],
        },
        {
            "date": "2024-03-01T10:00:00+03:00",
            "type": "demand",
            "company": "vidora",
            "id": "d-1",
            "kind": "takedown",
            "basis": "149-FZ 15.3",
            "source": f"{SRC}demand",
            "note": "two videos",
        },
    ],
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("headline") / "ledger.db"
    build_template(path)
    url = f"sqlite:///{path}"
    with open_ledger(url) as store:
        store.append(document_events(FactsDocument.model_validate(CRAFTED)))
    return url


def data(db: str, company: str, lang: str = "en") -> dict[str, Any]:
    with i18n.speaking(lang), open_ledger(db) as store:
        return company_report(Portal(store, load_many()), company, AS_OF)


def render(db: str, company: str, lang: str = "en") -> tuple[dict[str, Any], str, str]:
    with i18n.speaking(lang):
        found = data(db, company, lang)
        return found, render_html(found), render_md(found)


def html_text(page: str) -> str:
    """The HTML's text as a reader sees it (tags dropped, entities read)."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def md_plain(text: str) -> str:
    return html.unescape(re.sub(r"\\(.)", r"\1", text))


def html_footnotes(page: str) -> dict[int, list[str]]:
    items = re.findall(r'<li id="fn-(\d+)"[^>]*>(.*?)</li>', page, re.S)
    return {int(n): re.findall(r'href="([^"]+)"', body) for n, body in items}


def md_footnotes(text: str) -> dict[int, str]:
    return {int(n): md_plain(body) for n, body in re.findall(r"^\[\^(\d+)\]: (.*)$", text, re.M)}


def test_every_verdict_class_is_counted_once(db: str) -> None:
    found = data(db, "vidora")
    fines = found["assessment"]["fines"]
    # the crafted case holds one fine of each class, as the engine judges them
    assert sorted(labels.verdict(f) for f in fines) == sorted(labels.VERDICTS)
    totals = found["summary"]["fines"]
    assert totals.verdicts == dict.fromkeys(labels.VERDICTS, 1)
    assert totals.sums == (("RUB", float(sum(f["amount"] for f in fines))),)
    line = found["headline"][0]
    for verdict in labels.VERDICTS:
        assert labels.verdict_count(verdict, 1) in line
    assert labels.needs_sentence(fines) in line


def test_zero_classes_are_stated_and_currencies_never_added() -> None:
    fines = [
        {"verdict": "lawful", "amount": 100.0, "currency": "RUB"},
        {"verdict": "lawful", "amount": 50.0, "currency": "TRY"},
    ]
    totals = fine_totals(fines)
    assert totals.sums == (("RUB", 100.0), ("TRY", 50.0))
    line = fines_line(totals)
    assert "RUB 100" in line and "TRY 50" in line and "150" not in line
    for verdict in labels.VERDICTS:
        assert labels.verdict_count(verdict, 2 if verdict == "lawful" else 0) in line


def test_headline_names_measures_with_dates_violations_and_changes(db: str) -> None:
    found = data(db, "vidora")
    _, measures, violations, changes = found["headline"]
    applied = {m["measure"]: m for m in found["measures"]}
    assert f"since {applied['throttle']['applied']}" in measures
    informing = applied["informing-users"]
    assert informing["lifted"] and f"{informing['applied']} → {informing['lifted']}" in measures
    violated = [ob for ob in found["assessment"]["obligations"] if ob["status"] == "violated"]
    assert violated  # the unanswered demand at least
    assert violations.startswith("Violating now: ")
    for ob in violated:
        assert labels.display_name(ob["id"]) in violations
        assert f"{ob['jurisdiction']}: " in violations
    assert changes.startswith(f"In the year to {AS_OF}")


def test_the_same_headline_and_footnotes_in_html_and_markdown(db: str) -> None:
    found, page, text = render(db, "vidora")
    shown = html_text(page)
    plain = md_plain(text)
    for line in found["headline"]:
        assert line in shown and line in plain
    in_html, in_md = html_footnotes(page), md_footnotes(text)
    assert in_html and sorted(in_html) == sorted(in_md) == list(range(1, len(in_html) + 1))
    for n, urls in in_html.items():
        for url in urls:
            assert url in in_md[n]
    # every fine, measure, action and demand cites its own sources under one number
    cited = [*found["fines"], *found["measures"], *found["demands"]]
    for entry in cited:
        number = entry["footnote"]
        assert number is not None
        sources = entry.get("sources") or entry.get("source") or []
        for url in [sources] if isinstance(sources, str) else sources:
            if url.startswith("http"):
                assert url in in_html[number], (entry, url)
    # a fine's row in each format carries its number
    for fine in found["fines"]:
        row = re.search(rf'<tr data-fine="{fine["id"]}">.*?</tr>', page, re.S)
        assert row and f'href="#fn-{fine["footnote"]}"' in row.group()
        md_row = next(r for r in text.splitlines() if r.startswith(f"| {fine['date']}"))
        assert f"[^{fine['footnote']}]" in md_row
    # a demand's items are its own figures (a dict's ``items`` method once stood there)
    for demand in found["demands"]:
        assert f"{demand['items_done'] or 0} / {demand['items']}" in shown
    assert "built-in" not in shown + plain
    # the note travels with the source
    assert "what f-lawful was for" in in_md[found["fines"][0]["footnote"]]
    assert "regulator's statement of 2023-10-01" in plain


def test_audience_for_every_country_and_metric(db: str) -> None:
    found, page, _ = render(db, "vidora")
    titles = [c["title"] for c in found["charts"]["audience"]]
    assert titles == ["RU: daily users", "TR: daily accesses"]
    for title in titles:
        assert f'aria-label="audience: {title}"' in page
    # the threshold line is drawn on the series it is read against, and only there
    ru, tr = (c["svg"] for c in found["charts"]["audience"])
    assert "threshold" in ru and "threshold" not in tr
    assert "1,500,000" in tr  # a labelled linear scale reaches the figure


def test_russian_report_has_russian_headings(db: str) -> None:
    english = render(db, "vidora")[1]
    _, page, text = render(db, "vidora", "ru")
    assert '<html lang="ru">' in page
    english_heads = set(re.findall(r"<h[12]>([^<]+)</h[12]>", english))
    heads = re.findall(r"<h[12]>([^<]+)</h[12]>", page) + re.findall(r"^#{1,2} (.+)$", text, re.M)
    assert heads
    for head in heads:
        assert re.search("[а-яё]", head, re.I), head
        assert head not in english_heads, head
    table_heads = re.findall(r"<th>([^<]+)</th>", page)
    untranslated = [h for h in table_heads if not re.search("[а-яё]", h, re.I)]
    assert not untranslated
    with i18n.speaking("ru"):
        for verdict in labels.VERDICTS:
            assert labels.verdict_word(verdict) in page
    # the charts speak it too: every word drawn is Russian (figures, dates, ids aside)
    for svg in re.findall(r"<svg.*?</svg>", page, re.S):
        for drawn in re.findall(r"<text[^>]*>([^<]+)</text>", svg) + re.findall(
            r'aria-label="([^"]+)"', svg
        ):
            words = re.sub(r"[\w.-]+\.(tv|com|org)|\b[A-Z]{2}\b|[\d,:;.()/-]", " ", drawn)
            assert not re.search(r"[a-z]{2,}", words), drawn


def test_google_which_fines_under_which_article_lawful_where_reported(db: str) -> None:
    found, page, text = render(db, "google")
    footnotes, plain = html_footnotes(page), md_plain(text)
    assert found["fines"]
    for fine in found["fines"]:
        row = re.search(rf'<tr data-fine="{fine.get("id") or ""}">(.*?)</tr>', page, re.S)
        assert row, fine
        cells = html_text(row.group(1))
        assert fine["article"] in cells
        if fine["part"]:
            assert f"part {fine['part']}" in cells
        assert labels.verdict_label(fine) in cells
        for url in fine.get("source") or []:
            assert url in footnotes[fine["footnote"]], url
            assert url in plain


def test_dashboard_summary_is_the_report_headline(db: str) -> None:
    from landfall.api import create_app
    from landfall.settings import Settings

    with TokenStore(db) as tokens:
        token = tokens.create("regulator")[1]
    with TestClient(create_app(Settings(db=db))) as client:
        client.cookies.set("landfall_token", token)
        response = client.get(f"/companies/vidora?as_of={AS_OF}")
    assert response.status_code == 200, response.text[:300]
    summary = re.search(r'<p class="summary" id="company-summary">(.*?)</p>', response.text, re.S)
    assert summary
    with open_ledger(db) as store:
        portal = Portal(store, load_many())
        q = Query(AS_OF)
        assessed = portal.assessment(REGULATOR, "vidora", q).to_dict()
        picture = portal.picture(REGULATOR, q, "vidora")
        expected = headline_lines(
            company_headline(picture, assessed, portal.rulebooks, "vidora", AS_OF)
        )
    shown = html_text(summary.group(1))
    for line in expected:
        assert line in shown


def test_headline_is_pure(db: str) -> None:
    """The same inputs, the same headline (nothing read from a clock or a store)."""
    assessment = {"obligations": [], "fines": []}
    rows = [{"kind": "action", "measure": "block", "applied": "2020-01-01", "lifted": None}]
    first = headline(assessment, rows, [(dt.date(2020, 1, 1), "enforcement_action")], AS_OF)
    again = headline(assessment, rows, [(dt.date(2020, 1, 1), "enforcement_action")], AS_OF)
    assert first == again
    lines = headline_lines(first)
    assert lines[1] == "In force: block since 2020-01-01."
    rows[0].update(resource="x.org", lifted="2021-01-01")
    assert headline_lines(headline(assessment, rows, [], AS_OF))[1] == (
        "Lifted: block (x.org) 2020-01-01 → 2021-01-01."
    )
    assert "the last event is of 2020-01-01" in lines[3]


def test_timeline_shows_the_last_events_of_a_long_history(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import landfall.report.company as report

    monkeypatch.setattr(report, "TIMELINE_SHOWN", 3)
    found, page, text = render(db, "vidora")
    total = found["events_total"]
    assert total > 3 and len(found["events"]) == 3
    assert f"the last 3 of {total} events" in page and f"the last 3 of {total} events" in text
    assert found["charts"]["timeline"].count("<circle") == 3
    # the headline still counts every event of the year
    assert found["headline"] == data(db, "vidora")["headline"]


def test_report_reads_the_ledger_as_known_at(db: str, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from landfall.cli import app

    def report(*extra: str) -> Any:
        out = tmp_path / "v.md"
        args = ["report", "vidora", "--as-of", str(AS_OF), "--db", db, "--format", "md"]
        result = CliRunner().invoke(app, [*args, "--out", str(out), *extra])
        return result, out

    now = (dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=2)).isoformat()
    result, out = report("--known-at", now)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert f"| known at | {now[:10]}" in text
    assert "Fined RUB" in text  # everything recorded by now is read
    # before anything about the company was recorded, the ledger knew no such company
    result, _ = report("--known-at", "2020-01-01")
    assert result.exit_code == 4 and "unknown-company" in result.output
    result, _ = report("--known-at", "01.06.2024")
    assert result.exit_code == 2 and "invalid-date" in result.output


def test_report_format_markdown_is_md_as_in_every_other_command(db: str, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from landfall.cli import app

    texts = []
    for fmt in ("markdown", "md"):
        out = tmp_path / f"{fmt}.md"
        args = ["report", "vidora", "--as-of", str(AS_OF), "--db", db, "--format", fmt]
        result = CliRunner().invoke(app, [*args, "--out", str(out)])
        assert result.exit_code == 0, result.output
        texts.append(out.read_text(encoding="utf-8").split("generated")[0])
    assert texts[0] == texts[1] and texts[0].startswith("# ")
