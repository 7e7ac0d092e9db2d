"""The `landfall` command line: thin commands over the same domain functions as the API."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from landfall.errors import Diagnostic, LandfallError, NotFoundError, Where

app = typer.Typer(
    name="landfall",
    help="Compliance engine for Russia's landing, localization and takedown laws.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def console(stderr: bool = False) -> Console:
    """A console per command: wide when piped, so ids and citations are never folded."""
    stream = sys.stderr if stderr else sys.stdout
    return Console(file=stream, width=None if stream.isatty() else 160, soft_wrap=stderr)


F = TypeVar("F", bound=Callable[..., Any])


class Format(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


class SchemaName(StrEnum):
    facts = "facts"
    assessment = "assessment"


def diagnostics(fn: F) -> F:
    """Print landfall errors as diagnostics (never a stack trace) and exit with their code."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except LandfallError as e:
            err = console(stderr=True)
            for d in e.diagnostics:
                text = escape(f"[{d.code}] {d.where}: {d.message}")
                err.print(f"[bold red]error[/] {text}", highlight=False)
                if d.hint:
                    err.print(escape(f"  hint: {d.hint}"), highlight=False)
            raise typer.Exit(e.exit_code) from None

    return wrapper  # type: ignore[return-value]


def parse_day(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise LandfallError(
            Diagnostic(
                "invalid-date", f"{value!r} is not a date", Where(field="--as-of"), "use YYYY-MM-DD"
            )
        ) from e


AsOf = Annotated[
    str | None, typer.Option("--as-of", help="Date to assess, YYYY-MM-DD (default: today).")
]
CompanyOpt = Annotated[str | None, typer.Option("--company", help="Only this company id.")]


@app.command()
@diagnostics
def assess(
    facts: Annotated[Path, typer.Argument(help="Facts document (YAML or JSON).")],
    as_of: AsOf = None,
    company: CompanyOpt = None,
    format: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    fail_on_violation: Annotated[
        bool, typer.Option("--fail-on-violation", help="Exit 1 when any obligation is violated.")
    ] = False,
) -> None:
    """Which laws apply, which obligations are met or violated, fines, exposure and measures.

    Exit codes: 0 done; 1 a violation with --fail-on-violation; 2 bad input; 3 rulebook
    error; 4 unknown company.
    """
    from landfall.engine import assess as run
    from landfall.facts import load_facts
    from landfall.render import assessment_markdown, assessment_tables
    from landfall.rulebooks.ru import rulebook

    result = run(rulebook(), load_facts(facts), parse_day(as_of), company).to_dict()
    if format is Format.json:
        sys.stdout.write(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n")
    elif format is Format.markdown:
        sys.stdout.write(assessment_markdown(result) + "\n")
    else:
        assessment_tables(console(), result)
    if fail_on_violation and any(
        ob["status"] == "violated" for c in result["companies"] for ob in c["obligations"]
    ):
        raise typer.Exit(1)


@app.command()
@diagnostics
def explain(
    facts: Annotated[Path, typer.Argument(help="Facts document (YAML or JSON).")],
    obligation: Annotated[
        str,
        typer.Argument(
            help="An obligation id (ru-236-fz.local-presence), ru-149-fz.takedown:DEMAND, "
            "a law id (ru-236-fz), fine:N (the N-th fine, from 0) or ru-236-fz.measures."
        ),
    ],
    as_of: AsOf = None,
    company: CompanyOpt = None,
    format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """The whole chain behind one conclusion: rules, articles, parameters with dates, facts."""
    from landfall.engine import assess as run
    from landfall.facts import load_facts
    from landfall.render import trace_tree
    from landfall.rulebooks.ru import rulebook

    result = run(rulebook(), load_facts(facts), parse_day(as_of), company)
    key = (
        f"{obligation}.applies"
        if obligation.count(".") == 0 and ":" not in obligation
        else obligation
    )
    found = [(c.company, c.traces[key]) for c in result.companies if key in c.traces]
    if not found:
        known = sorted({k for c in result.companies for k in c.traces})
        raise NotFoundError(
            Diagnostic(
                "unknown-obligation",
                f"nothing named {obligation!r} was assessed",
                Where(field="OBLIGATION_ID"),
                "one of: " + ", ".join(known),
            )
        )
    if format == "json":
        payload = {
            "as_of": result.as_of.isoformat(),
            "explanations": [{"company": c, **node.to_dict()} for c, node in found],
        }
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")
        return
    for company_id, node in found:
        console().print(
            trace_tree(node.to_dict(), f"{company_id}: {obligation} as of {result.as_of}")
        )


@app.command()
@diagnostics
def rules(
    as_of: AsOf = None,
    format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Every law, rule and parameter in force on a date, with citations and status."""
    from landfall.render import rules_dict, rules_table
    from landfall.rulebooks.ru import rulebook

    day = parse_day(as_of)
    if format == "json":
        sys.stdout.write(
            json.dumps(rules_dict(rulebook(), day), indent=2, ensure_ascii=False) + "\n"
        )
    else:
        rules_table(console(), rulebook(), day)


@app.command()
def schema(name: Annotated[SchemaName, typer.Argument(help="facts or assessment.")]) -> None:
    """Print the JSON Schema of the facts document or of the assessment."""
    if name is SchemaName.facts:
        from landfall.facts import FactsDocument

        data = FactsDocument.model_json_schema()
    else:
        from landfall.engine.schema import assessment_schema

        data = assessment_schema()
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def main() -> None:
    app()
