"""Render assessments, explanations and the rulebook for people: Rich tables and Markdown."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from landfall.engine.context import plain
from landfall.rules.model import Rulebook

STATUS_STYLE = {
    "met": "green",
    "violated": "bold red",
    "pending": "yellow",
    "not_applicable": "dim",
    "unknown": "magenta",
}


def money(value: Any) -> str:
    if value is None:
        return "?"
    return f"{value:,.0f}"


def assessment_tables(console: Console, data: dict[str, Any]) -> None:
    for company in data["companies"]:
        console.rule(f"[bold]{company['company']}[/] as of {data['as_of']}")
        laws = Table("law", "applies", "because", title="Laws", expand=True)
        for law in company["laws"]:
            laws.add_row(law["law"], str(law["applies"]), "; ".join(law["because"]))
        console.print(laws)
        obligations = Table(
            "obligation", "status", "due", "because", title="Obligations", expand=True
        )
        for ob in company["obligations"]:
            name = ob["id"] + (f" [{ob['demand']}]" if ob.get("demand") else "")
            style = STATUS_STYLE.get(ob["status"], "")
            obligations.add_row(
                name, f"[{style}]{ob['status']}[/]", ob["due"] or "", "; ".join(ob["because"])
            )
        console.print(obligations)
        if company["fines"]:
            fines = Table(
                "date", "article", "amount", "range", "lawful", title="Fines", expand=True
            )
            for f in company["fines"]:
                article = f["article"] + (f" part {f['part']}" if f["part"] else "")
                rng = f["range_rub"] or [None, None]
                fines.add_row(
                    f["date"],
                    article,
                    money(f["amount_rub"]),
                    f"{money(rng[0])} - {money(rng[1])}",
                    str(f["lawful"]),
                )
            console.print(fines)
        if company["exposure"]:
            exposure = Table("obligation", "article", "min", "max", title="Exposure", expand=True)
            for e in company["exposure"]:
                exposure.add_row(
                    e["obligation"],
                    f"{e['article']} {e['part'] or ''}",
                    money(e["min_rub"]),
                    money(e["max_rub"]),
                )
            console.print(exposure)
        m = company["measures"]
        console.print(
            f"Measures applied: {', '.join(m['applied']) or 'none'}; available: {', '.join(m['available']) or 'none'}"
        )


def assessment_markdown(data: dict[str, Any]) -> str:
    lines = [
        f"# Assessment as of {data['as_of']}",
        "",
        f"Rulebook {data['rulebook']['id']} {data['rulebook']['version']}",
        "",
    ]
    for company in data["companies"]:
        lines += [f"## {company['company']}", "", "| law | applies | because |", "|---|---|---|"]
        lines += [
            f"| {law['law']} | {law['applies']} | {'; '.join(law['because'])} |"
            for law in company["laws"]
        ]
        lines += ["", "| obligation | status | due | citation | because |", "|---|---|---|---|---|"]
        for ob in company["obligations"]:
            name = ob["id"] + (f" ({ob['demand']})" if ob.get("demand") else "")
            lines.append(
                f"| {name} | {ob['status']} | {ob['due'] or ''} | {ob['citation']} | {'; '.join(ob['because'])} |"
            )
        if company["fines"]:
            lines += [
                "",
                "| date | article | amount | range | lawful | because |",
                "|---|---|---|---|---|---|",
            ]
            for f in company["fines"]:
                rng = f["range_rub"] or [None, None]
                lines.append(
                    f"| {f['date']} | {f['article']} {f['part'] or ''} | {money(f['amount_rub'])} | {money(rng[0])}-{money(rng[1])} | {f['lawful']} | {'; '.join(f['because'])} |"
                )
        m = company["measures"]
        lines += [
            "",
            f"Measures applied: {', '.join(m['applied']) or 'none'}; available: {', '.join(m['available']) or 'none'}",
            "",
        ]
    return "\n".join(lines)


def trace_tree(node: dict[str, Any], label: str | None = None) -> Tree:
    title = label or node["definition"] + (f" [{node['item']}]" if node.get("item") else "")
    tree = Tree(f"[bold]{title}[/] = {node['value']}")
    for rule in node["rules"]:
        tree.add(
            f"rule [cyan]{rule['id']}[/]: {rule['citation']}"
            + (f" — {rule['summary']}" if rule["summary"] else "")
        )
    for p in node["parameters"]:
        flag = "" if p["status"] == "verified" else f" [yellow]({p['status']})[/]"
        tree.add(
            f"parameter {p['id']} = {p['value']} (in force from {p['effective_from']}; {p['citation']}){flag}"
        )
    for fact in node["facts"]:
        tree.add(f"fact: {fact}")
    for reason in node["because"]:
        tree.add(f"because: {reason}")
    for child in node["children"]:
        tree.add(trace_tree(child))
    return tree


def rules_table(console: Console, rulebook: Rulebook, as_of: dt.date) -> None:
    console.rule(f"[bold]{rulebook.title}[/] ({rulebook.id} {rulebook.version}) as of {as_of}")
    laws = Table("law", "in force", "title", "citation", expand=True)
    for law in rulebook.laws.values():
        laws.add_row(
            law.id,
            str(rulebook.parameter(law.in_force).at(as_of) is not None),
            law.title,
            str(law.citation),
        )
    console.print(laws)
    params = Table(
        "parameter", "value", "from", "status", "citation", title="Parameters in force", expand=True
    )
    for pid, parameter in sorted(rulebook.parameters.items()):
        dated = parameter.at(as_of)
        if dated is None:
            continue
        params.add_row(
            pid, _short(dated.value), dated.start.isoformat(), dated.status, str(dated.citation)
        )
    console.print(params)
    rules = Table(
        "definition", "rule", "exception to", "citation", "reads", title="Rules", expand=True
    )
    for definition, group in rulebook.rules.items():
        for rule in group:
            rules.add_row(
                definition,
                rule.id,
                rule.exception_to or "",
                str(rule.citation),
                ", ".join(rule.params),
            )
    console.print(rules)


def rules_dict(rulebook: Rulebook, as_of: dt.date) -> dict[str, Any]:
    return {
        "rulebook": {"id": rulebook.id, "version": rulebook.version, "title": rulebook.title},
        "as_of": as_of.isoformat(),
        "laws": [
            {
                "id": law.id,
                "title": law.title,
                "citation": law.citation.to_dict(),
                "in_force": rulebook.parameter(law.in_force).at(as_of) is not None,
            }
            for law in rulebook.laws.values()
        ],
        "parameters": [
            {
                "id": pid,
                "description": p.description,
                "unit": p.unit,
                "value": plain(dated.value),
                "effective_from": dated.start.isoformat(),
                "status": dated.status,
                "note": dated.note,
                "citation": dated.citation.to_dict(),
                "history": [
                    {"from": v.start.isoformat(), "value": plain(v.value), "status": v.status}
                    for v in p.values
                ],
            }
            for pid, p in sorted(rulebook.parameters.items())
            if (dated := p.at(as_of)) is not None
        ],
        "rules": [
            {
                "id": rule.id,
                "definition": definition,
                "law": rule.law,
                "exception_to": rule.exception_to,
                "citation": str(rule.citation),
                "summary": rule.summary,
                "parameters": list(rule.params),
            }
            for definition, group in rulebook.rules.items()
            for rule in group
        ],
    }


def _short(value: Any) -> str:
    text = str(plain(value))
    return text if len(text) <= 80 else text[:77] + "..."


def board_table(console: Console, rows: list[Any], as_of: dt.date) -> None:
    from landfall.board import COLUMNS

    short = {c: c.split(".", 1)[1] for c in COLUMNS}
    table = Table(
        "company",
        *(short[c] for c in COLUMNS),
        "fines",
        "RUB",
        "unlawful",
        "measures",
        title=f"Compliance board as of {as_of}",
    )
    for row in rows:
        cells = [f"[{STATUS_STYLE.get(row.statuses[c], '')}]{row.statuses[c]}[/]" for c in COLUMNS]
        table.add_row(
            row.name,
            *cells,
            str(row.fines),
            money(row.fines_rub),
            str(row.unlawful_fines),
            ", ".join(row.measures),
        )
    console.print(table)
