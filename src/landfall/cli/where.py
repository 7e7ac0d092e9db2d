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
from rich.markup import escape

from landfall.cli import (
    EXIT_CODES,
    AsOf,
    CompanyOpt,
    DbOpt,
    FactsArg,
    KnownAt,
    LangOpt,
    RulebookOpt,
    console,
    diagnostics,
    parse_day,
    read_picture,
    use_language,
)
from landfall.i18n import N_, tr
from landfall.i18n import gettext as _
from landfall.labels import Caveats, caveat_note

HEADERS = (
    N_("jurisdiction"),
    N_("applies"),
    N_("why"),
    N_("overdue"),
    N_("due"),
    N_("exposure"),
    N_("next step"),
)
"""The columns of the table and the Markdown, in English (message ids)."""


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
    lang: LangOpt = None,
) -> None:
    """Where each company must land, per jurisdiction: duties due, overdue, exposure, measures.

    One row per company and jurisdiction: whether its law applies and why, the duties due and overdue with their dates, the exposure in each currency and the next step of each ladder of measures with the day it may be taken. From a facts document, or the ledger (--db).
    """  # one line per paragraph: the help keeps a docstring's line breaks
    from landfall.engine import assess
    from landfall.rulebooks import load_many
    from landfall.service.where import where

    use_language(lang)
    day = parse_day(as_of)
    books = load_many(rulebook)
    picture = read_picture(facts, db, day, known_at, company)
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
    return "\n".join(items) or _("none")


def where_tables(answer: dict[str, Any]) -> None:
    from landfall.render import STATUS_STYLE, TEXT, WORDS, fitted
    from landfall.service.where import duty_label

    con = console()
    for company in answer["companies"]:
        caveats = Caveats()
        rows = []
        for row in company["jurisdictions"]:
            style = STATUS_STYLE["violated"] if row["overdue"] else "default"
            cells = [
                f"{row['jurisdiction']}\n({', '.join(row['rulebooks'])}){caveats.mark(row)}",
                row["applies_label"],
                _lines(row["because"]),
                _lines([duty_label(d) for d in row["overdue"]]),
                _lines([duty_label(d) for d in row["due"]]),
                row["exposure_label"],
                row["next_step_label"],
            ]
            rows.append([f"[{style}]{escape(c)}[/]" for c in cells])
        layout = (WORDS, WORDS, TEXT, TEXT, TEXT, WORDS, TEXT)
        table = fitted(
            list(zip(map(_, HEADERS), layout, strict=True)),
            rows,
            con.width,
            title=_title(company, answer["as_of"]),
            expand=True,
            show_lines=True,
        )
        con.print(table)
        for row in company["jurisdictions"]:
            cited = "; ".join(law["citation"] for law in row["laws"])
            con.print(f"{row['jurisdiction']}: {cited}", highlight=False)
        if notes := caveats.notes():
            con.print(_("Unverified or conflicting law:"), highlight=False)
            for note in notes:
                con.print(f"  {escape(note)}", highlight=False)


def _title(company: dict[str, Any], as_of: str) -> str:
    return tr(
        "{name} ({company}): where to land as of {date}",
        name=company["name"],
        company=company["company"],
        date=as_of,
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def where_markdown(answer: dict[str, Any]) -> str:
    from landfall.service.where import duty_label

    out = ["# " + tr("Where to land as of {date}", date=answer["as_of"]), ""]
    for company in answer["companies"]:
        caveats = Caveats()
        out += [f"## {company['name']} (`{company['company']}`)", ""]
        out += [
            "| " + " | ".join(map(_, HEADERS)) + " |",
            "|" + "---|" * len(HEADERS),
        ]
        for row in company["jurisdictions"]:
            cells = [
                f"{row['jurisdiction']} ({', '.join(row['rulebooks'])}){caveats.mark(row)}",
                row["applies_label"],
                "<br>".join(row["because"]),
                "<br>".join(duty_label(d) for d in row["overdue"]) or _("none"),
                "<br>".join(duty_label(d) for d in row["due"]) or _("none"),
                row["exposure_label"],
                row["next_step_label"],
            ]
            out.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        out.append("")
        for row in company["jurisdictions"]:
            cited = "; ".join(law["citation"] for law in row["laws"])
            out.append(f"- {row['jurisdiction']}: {cited}")
        out.append("")
        if notes := caveats.notes():
            out += [_("Unverified or conflicting law:"), "", *notes, ""]
    return "\n".join(out).rstrip()


def where_csv(answer: dict[str, Any]) -> str:
    from landfall.service.where import CSV_COLUMNS, csv_rows

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[*CSV_COLUMNS, "caveats"], lineterminator="\n")
    writer.writeheader()
    # csv_rows flattens the answer in its own order: company by company, row by row
    rows = [row for company in answer["companies"] for row in company["jurisdictions"]]
    for flat, row in zip(csv_rows(answer), rows, strict=True):
        uses = row.get("unverified_parameters") or []
        writer.writerow({**flat, "caveats": "; ".join(map(caveat_note, uses))})
    return buffer.getvalue()


def make_where_command() -> typer.Typer:
    single = typer.Typer()
    single.command("where", epilog=EXIT_CODES)(diagnostics(where_command))
    return single
