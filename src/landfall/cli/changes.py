"""``landfall changes``: what the law changes between two days, or between two versions of a
rulebook, and whose conclusions change with it (mounted lazily, see ``_lazy.py``)."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.table import Table
from typer import _click as click

from landfall.cli import (
    EXIT_CODES,
    CompanyOpt,
    DbOpt,
    FactsArg,
    KnownAt,
    LangOpt,
    RulebookOpt,
    choice,
    console,
    diagnostics,
    parse_day,
    use_language,
)
from landfall.errors import Diagnostic, InputError, Where
from landfall.i18n import gettext as _
from landfall.i18n import tr
from landfall.labels import parameter_status

HELP = "What changes in the law between two days or two rulebook versions, and for whom."


def changes(
    facts: FactsArg = None,
    start: Annotated[
        str | None,
        typer.Option("--from", help="The first day, YYYY-MM-DD: changes after it are listed."),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", help="The last day, YYYY-MM-DD: changes up to it are listed."),
    ] = None,
    rulebook_a: Annotated[
        str | None,
        typer.Option(
            "--rulebook-a",
            help="Compare versions: the first rulebook, a folder, an installed ID or ID@VERSION.",
        ),
    ] = None,
    rulebook_b: Annotated[
        str | None,
        typer.Option("--rulebook-b", help="Compare versions: the second rulebook (as -a)."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="With --rulebook-a/-b: the day assessed (default: today)."),
    ] = None,
    company: CompanyOpt = None,
    db: DbOpt = None,
    known_at: KnownAt = None,
    rulebook: RulebookOpt = None,
    format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    lang: LangOpt = None,
) -> None:
    """Every parameter value and rule taking effect after --from up to --to, per jurisdiction,
    with its citation, old and new value and sources; with FACTS or --db, each company's
    conclusions that differ on --to and why. With --rulebook-a and --rulebook-b instead: the
    conclusions on --as-of that differ between two versions of a rulebook, and the parameter
    or rule explaining each."""
    from landfall.service.evidence import load_picture

    use_language(lang)
    choice(format, ("table", "json"), "--format")
    with_facts = facts is not None or db is not None
    if rulebook_a is not None or rulebook_b is not None:
        if start is not None or end is not None:
            raise _bad(
                "--from",
                "--from/--to compare days; --rulebook-a/-b compare versions",
                "give one pair",
            )
        if rulebook_a is None or rulebook_b is None:
            raise _bad(
                "--rulebook-b",
                "give both --rulebook-a and --rulebook-b",
                "e.g. --rulebook-a ru --rulebook-b ./ru-edited",
            )
        from landfall.changes.versions import compare_versions, load_version

        day = parse_day(as_of)
        book_a = load_version(rulebook_a, "--rulebook-a")
        book_b = load_version(rulebook_b, "--rulebook-b")
        picture = load_picture(facts, db, day, known_at, company) if with_facts else None
        compared = compare_versions(book_a, book_b, day, picture, company, (rulebook_a, rulebook_b))
        data = compared.to_dict()
        if format == "json":
            _json(data)
        else:
            _versions_tables(data)
        return
    if start is None or end is None:
        raise _bad(
            "--from",
            "give --from and --to (or --rulebook-a and --rulebook-b)",
            "e.g. --from 2024-01-31 --to 2024-03-31",
        )
    from landfall.changes.dates import changes_between
    from landfall.rulebooks import load_many

    first, last = parse_day(start, "--from"), parse_day(end, "--to")
    if last < first:
        raise _bad("--to", f"--to {last} is before --from {first}", "give --to on or after --from")
    books = load_many(rulebook)
    pictures = None
    if with_facts:
        pictures = (
            load_picture(facts, db, first, known_at, company),
            load_picture(facts, db, last, known_at, company),
        )
    data = changes_between(books, first, last, pictures, company, known_at).to_dict()
    if format == "json":
        _json(data)
    else:
        _days_tables(data)


def _bad(option: str, message: str, hint: str) -> InputError:
    return InputError(Diagnostic("invalid-option", message, Where(field=option), hint))


def _json(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def _days_tables(data: dict[str, Any]) -> None:
    con = console()
    law = Table(
        _("effective"),
        _("jurisdiction"),
        _("change"),
        _("status"),
        _("citation"),
        title=tr("The law from {first} (exclusive) to {last}", first=data["from"], last=data["to"]),
    )
    law.add_column(_("sources"), overflow="fold")
    for c in data["law"]:
        law.add_row(
            c["effective"],
            c["jurisdiction"],
            c["summary"],
            parameter_status(c["new"]["status"]),
            c["citation"]["text"],
            "\n".join(c["sources"]),
        )
    none = tr("No law changes after {first} up to {last}.", first=data["from"], last=data["to"])
    con.print(law if data["law"] else none)
    if data["assessed"]:
        _companies_table(
            data["companies"],
            tr(
                "Conclusions on {last} against {first} (companies assessed: {count})",
                last=data["to"],
                first=data["from"],
                count=data["companies_assessed"],
            ),
        )


def _versions_tables(data: dict[str, Any]) -> None:
    con = console()
    a, b = data["a"], data["b"]
    con.print(
        f"a: {a['id']} {a['version']} ({a['source']})\nb: {b['id']} {b['version']} ({b['source']})"
    )
    params = Table(_("parameter"), _("from"), "a", "b", title=_("Parameters that differ"))
    for d in data["parameters"]:
        params.add_row(d["parameter"], d["from"], _value(d["a"]), _value(d["b"]))
    con.print(params if data["parameters"] else _("No parameter differs."))
    for r in data["rules"]:
        con.print(tr("rule {rule} only in {where}", rule=r["rule"], where=r["in"]))
    if data["assessed"]:
        _companies_table(
            data["companies"],
            tr("Conclusions on {date} that differ (a -> b)", date=data["as_of"]),
        )


def _value(v: dict[str, Any] | None) -> str:
    if v is None:
        return "-"
    return f"{json.dumps(v['value'], ensure_ascii=False)} ({parameter_status(v['status'])})"


def _companies_table(companies: list[dict[str, Any]], title: str) -> None:
    table = Table(_("company"), _("conclusion"), _("before"), _("after"), _("why"), title=title)
    for c in companies:
        for x in c["conclusions"]:
            table.add_row(
                c["company"],
                x["key"],
                _fields(x["before"], x["changed"]),
                _fields(x["after"], x["changed"]),
                "\n".join(r["text"] for r in x["reasons"]),
            )
        for r in c.get("unchanged_but_read", []):
            table.add_row(
                c["company"],
                r["key"],
                _("unchanged"),
                _("unchanged"),
                tr("now reads {parameters}", parameters=", ".join(r["parameters"])),
            )
        if c["facts_arrived"]:
            arrived = ", ".join(f"{e['type']} {e.get('date')}" for e in c["facts_arrived"])
            table.add_row(c["company"], _("facts arrived"), "", "", arrived)
    console().print(table if companies else tr("{title}: none.", title=title))


def _fields(fields: dict[str, Any] | None, changed: list[str]) -> str:
    if fields is None:
        return "-"
    return "\n".join(f"{k}: {json.dumps(fields.get(k), ensure_ascii=False)}" for k in changed)


def command() -> click.Command:
    single = typer.Typer()
    single.command(
        "changes", help=HELP + "\n\n" + " ".join((changes.__doc__ or "").split()), epilog=EXIT_CODES
    )(diagnostics(changes))
    return typer.main.get_command(single)
