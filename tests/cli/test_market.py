"""``landfall assess`` on a whole market: above 20 companies the table is one summary row a
company, counting what the JSON says; the details stay one ``--company`` away, and markdown
keeps every company's section under the summary."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from landfall.cli import app
from landfall.cli.market import COUNTED, MARKET_VIEW

runner = CliRunner()
DAY = "2022-01-15"


def market(tmp_path: Path, n: int) -> str:
    """``n`` platforms, a third not in Russian, half of them with a feedback form."""
    companies, resources, events = [], [], []
    for i in range(n):
        cid, rid = f"c{i}", f"r{i}.example"
        companies.append({"id": cid, "country": "CY"})
        resources.append(
            {"id": rid, "company": cid, "kind": "social_network", "russian_language": i % 3 != 0}
        )
        events.append(
            {"date": "2021-06-01", "type": "audience", "resource": rid,
             "daily_users_ru": 400_000 + 50_000 * (i % 4)}
        )  # fmt: skip
        if i % 2:
            events.append({"date": "2021-08-01", "type": "feedback_form", "resource": rid})
    path = tmp_path / "market.json"
    doc = {"landfall": 1, "companies": companies, "resources": resources, "events": events}
    path.write_text(json.dumps(doc))
    return str(path)


def run(*args: str, columns: int = 120) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_a_market_is_one_row_a_company_with_the_json_counts(tmp_path: Path) -> None:
    path = market(tmp_path, MARKET_VIEW + 5)
    data: dict[str, Any] = json.loads(run("assess", path, "--as-of", DAY, "--format", "json"))
    for columns in (80, 120):
        out = run("assess", path, "--as-of", DAY, columns=columns)
        assert max(len(line) for line in out.splitlines()) <= columns
        assert "Obligations" not in out  # no tables per company
        assert "--company ID" in out
        rows = {line.split()[1].rstrip("*"): line for line in out.splitlines()
                if line.startswith("│ c")}  # fmt: skip
        assert len(rows) == len(data["companies"])
        for company in data["companies"]:
            counts = Counter(ob["status"] for ob in company["obligations"])
            cells = [c.strip() for c in rows[company["company"]].split("│")[1:-1]]
            assert cells[2 : 2 + len(COUNTED)] == [str(counts[s]) for s in COUNTED]
    violating = sum(
        any(ob["status"] == "violated" for ob in c["obligations"]) for c in data["companies"]
    )
    assert f"{len(data['companies'])} companies, {violating} violating" in out


def test_one_company_and_a_small_market_keep_their_tables(tmp_path: Path) -> None:
    big = market(tmp_path, MARKET_VIEW + 1)
    assert "Obligations" in run("assess", big, "--as-of", DAY, "--company", "c1")
    (tmp_path / "small").mkdir()
    small = market(tmp_path / "small", MARKET_VIEW)
    assert "Market as of" not in run("assess", small, "--as-of", DAY)


def test_markdown_puts_the_summary_above_every_company(tmp_path: Path) -> None:
    path = market(tmp_path, MARKET_VIEW + 1)
    md = run("assess", path, "--as-of", DAY, "--format", "markdown")
    summary = md.index("## Market as of")
    sections = [md.index(f"\n## c{i}\n") for i in range(MARKET_VIEW + 1)]
    assert all(summary < at for at in sections)
    assert md.count("| c") >= MARKET_VIEW + 1
