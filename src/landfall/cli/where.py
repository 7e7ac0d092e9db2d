"""``landfall where``: in which jurisdictions each company must land, what it owes by when.

The rows come from :mod:`landfall.service.where` (the API and the dashboard read the same);
this module only prints them: a Rich table, JSON, Markdown or CSV.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table

from landfall.cli import (
    EXIT_CODES,
    AsOf,
    CompanyOpt,
    DbOpt,
    FactsArg,
    KnownAt,
    RulebookOpt,
    console,
    diagnostics,
    parse_day,
)


class WhereFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"


HELP = "Where each company must land, per jurisdiction: duties due, overdue, exposure, measures."


def where_command(
    facts: FactsArg = None,
    as_of: AsOf = None,
    company: CompanyOpt = None,
    db: DbOpt = None,
    known_at: KnownAt = None,
    format: Annotated[
        WhereFormat, typer.Option("--format", help="table, json, markdown or csv.")
    ] = WhereFormat.table,
    rulebook: RulebookOpt = None,
) -> None:
    """Where each company must land, per jurisdiction: duties due, overdue, exposure, measures.

    One row per company and jurisdiction: whether its law applies and why, the duties due and overdue with their dates, the exposure in each currency and the next step of each ladder of measures with the day it may be taken. From a facts document, or the ledger (--db).
    """  # one line per paragraph: the help keeps a docstring's line breaks
    from landfall.engine import assess
    from landfall.rulebooks import load_many
    from landfall.service.evidence import load_picture
    from landfall.service.where import where

    day = parse_day(as_of)
    books = load_many(rulebook)
    picture = load_picture(facts, db, day, known_at, company)
    names = {c.id: c.name or c.id for c in picture.companies}
    answer = where(assess(books, picture, day, company), names)
    if format is WhereFormat.json:
        sys.stdout.write(json.dumps(answer, indent=2, ensure_ascii=False) + "\n")
    elif format is WhereFormat.csv:
        sys.stdout.write(where_csv(answer))
    elif format is WhereFormat.markdown:
        sys.stdout.write(where_markdown(answer) + "\n")
    else:
        where_tables(answer)


def _lines(items: list[str]) -> str:
    return "\n".join(items) or "none"


def where_tables(answer: dict[str, Any]) -> None:
    from landfall.render import STATUS_STYLE
    from landfall.service.where import duty_label

    con = console()
    for company in answer["companies"]:
        table = Table(
            "jurisdiction",
            "applies",
            "why",
            "overdue",
            "due",
            "exposure",
            "next step",
            title=f"{company['name']} ({company['company']}): where to land as of {answer['as_of']}",
            expand=True,
            show_lines=True,
        )
        for row in company["jurisdictions"]:
            style = STATUS_STYLE["violated"] if row["overdue"] else ""
            table.add_row(
                f"{row['jurisdiction']}\n({', '.join(row['rulebooks'])})",
                row["applies_label"],
                _lines(row["because"]),
                _lines([duty_label(d) for d in row["overdue"]]),
                _lines([duty_label(d) for d in row["due"]]),
                row["exposure_label"],
                row["next_step_label"],
                style=style,
            )
        con.print(table)
        for row in company["jurisdictions"]:
            cited = "; ".join(law["citation"] for law in row["laws"])
            con.print(f"{row['jurisdiction']}: {cited}")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def where_markdown(answer: dict[str, Any]) -> str:
    from landfall.service.where import duty_label

    out = [f"# Where to land as of {answer['as_of']}", ""]
    for company in answer["companies"]:
        out += [f"## {company['name']} (`{company['company']}`)", ""]
        out += [
            "| jurisdiction | applies | why | overdue | due | exposure | next step |",
            "|---|---|---|---|---|---|---|",
        ]
        for row in company["jurisdictions"]:
            cells = [
                f"{row['jurisdiction']} ({', '.join(row['rulebooks'])})",
                row["applies_label"],
                "<br>".join(row["because"]),
                "<br>".join(duty_label(d) for d in row["overdue"]) or "none",
                "<br>".join(duty_label(d) for d in row["due"]) or "none",
                row["exposure_label"],
                row["next_step_label"],
            ]
            out.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        out.append("")
        for row in company["jurisdictions"]:
            cited = "; ".join(law["citation"] for law in row["laws"])
            out.append(f"- {row['jurisdiction']}: {cited}")
        out.append("")
    return "\n".join(out).rstrip()


def where_csv(answer: dict[str, Any]) -> str:
    from landfall.service.where import CSV_COLUMNS, csv_rows

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_rows(answer))
    return buffer.getvalue()


def make_where_command() -> typer.Typer:
    single = typer.Typer()
    single.command("where", epilog=EXIT_CODES)(diagnostics(where_command))
    return single
