"""Render assessments, explanations and the rulebook for people: Rich tables and Markdown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from landfall import labels
from landfall.engine.context import plain
from landfall.i18n import because, tr
from landfall.i18n import gettext as _
from landfall.labels import Caveats
from landfall.rules.model import Rulebook
from landfall.service.actions import enforcement_action_rows

STATUS_STYLE = {
    "met": "green",
    "violated": "bold red",
    "pending": "yellow",
    "not_applicable": "dim",
    "unknown": "magenta",
    "no_demands": "dim",
}
"""Rich styles by status; any other key renders in the default style."""


def money(value: Any) -> str:
    if value is None:
        return "?"
    return f"{value:,.0f}"


def assessment_tables(console: Console, data: dict[str, Any]) -> None:
    for company in data["companies"]:
        caveats = Caveats()
        console.rule(
            tr(
                "{company} as of {date}",
                company=f"[bold]{company['company']}[/]",
                date=data["as_of"],
            )
        )
        laws = Table(_("law"), _("applies"), _("because"), title=_("Laws"), expand=True)
        for law in company["laws"]:
            laws.add_row(
                law["law"] + caveats.mark(law),
                labels.applies_label(law["applies"]),
                "; ".join(law["because"]),
            )
        console.print(laws)
        enforcement = any(ob.get("enforcement") for ob in company["obligations"])
        obligations = Table(
            _("obligation"),
            _("status"),
            _("due"),
            *([_("enforcement")] if enforcement else []),
            _("because"),
            title=_("Obligations"),
            expand=True,
        )
        for ob in company["obligations"]:
            style = STATUS_STYLE.get(ob["status"], "default")
            obligations.add_row(
                _obligation_name(ob) + caveats.mark(ob),
                f"[{style}]{labels.obligation_label(ob)}[/]",
                ob["due"] or "",
                *([labels.enforcement_label(ob)] if enforcement else []),
                "; ".join(ob["because"]),
            )
        console.print(obligations)
        if company["fines"]:
            fines = Table(
                _("fine"),
                _("article"),
                _("amount"),
                _("range"),
                _("verdict"),
                title=_("Fines"),
                expand=True,
            )
            for f in company["fines"]:
                style = STATUS_STYLE.get(labels.verdict_class(f), "default")
                fines.add_row(
                    _fine_name(f) + caveats.mark(f),
                    _article(f),
                    money(f["amount_rub"]),
                    _range(f),
                    f"[{style}]{escape(labels.verdict_label(f))}[/]",
                )
            console.print(fines)
            console.print(labels.tally_sentence(labels.tally(company["fines"])))
        if company["exposure"]:
            exposure = Table(
                _("obligation"), _("article"), _("min"), _("max"), title=_("Exposure"), expand=True
            )
            for e in company["exposure"]:
                exposure.add_row(
                    e["obligation"],
                    _article(e),
                    _bound(e, "min"),
                    _bound(e, "max"),
                )
            console.print(exposure)
        if company.get("enforcement_actions"):
            actions = Table(
                _("date"),
                _("action"),
                _("basis"),
                _("resource"),
                _("lifted"),
                _("source"),
                title=_("Enforcement actions"),
            )
            for row in enforcement_action_rows(company):
                actions.add_row(*row)
            console.print(actions)
        console.print(_measures_line(company["measures"]))
        if notes := caveats.notes():
            console.print(_("Unverified or conflicting law:"), highlight=False)
            for note in notes:
                console.print(f"  {escape(note)}", highlight=False)


def assessment_markdown(data: dict[str, Any]) -> str:
    lines = [
        "# " + tr("Assessment as of {date}", date=data["as_of"]),
        "",
        f"Rulebook {data['rulebook']['id']} {data['rulebook']['version']}",
        "",
    ]
    for company in data["companies"]:
        caveats = Caveats()
        lines += [
            f"## {company['company']}",
            "",
            _md_row(_("law"), _("applies"), _("because")),
            _md_rule(3),
        ]
        lines += [
            _md_row(
                law["law"] + caveats.mark(law), labels.applies_label(law["applies"]), law["because"]
            )
            for law in company["laws"]
        ]
        enforcement = any(ob.get("enforcement") for ob in company["obligations"])
        head = [
            _("obligation"),
            _("status"),
            _("due"),
            *([_("enforcement")] if enforcement else []),
        ]
        lines += ["", _md_row(*head, _("citation"), _("because")), _md_rule(len(head) + 2)]
        for ob in company["obligations"]:
            lines.append(
                _md_row(
                    _obligation_name(ob) + caveats.mark(ob),
                    labels.obligation_label(ob),
                    ob["due"] or "",
                    *([labels.enforcement_label(ob)] if enforcement else []),
                    ob["citation"],
                    ob["because"],
                )
            )
        if company["fines"]:
            lines += [
                "",
                labels.tally_sentence(labels.tally(company["fines"])) + ".",
                "",
                _md_row(
                    _("fine"), _("article"), _("amount"), _("range"), _("verdict"), _("because")
                ),
                _md_rule(6),
            ]
            for f in company["fines"]:
                lines.append(
                    _md_row(
                        _fine_name(f) + caveats.mark(f),
                        _article(f),
                        money(f["amount_rub"]),
                        _range(f),
                        labels.verdict_label(f),
                        f["because"],
                    )
                )
        if company["exposure"]:
            lines += [
                "",
                _("Exposure:"),
                "",
                _md_row(_("obligation"), _("article"), _("min"), _("max"), _("because")),
                _md_rule(5),
            ]
            for e in company["exposure"]:
                lines.append(
                    _md_row(
                        e["obligation"],
                        _article(e),
                        _bound(e, "min"),
                        _bound(e, "max"),
                        e["because"],
                    )
                )
        if company.get("enforcement_actions"):
            lines += [
                "",
                _("Enforcement actions") + ":",
                "",
                _md_row(
                    _("date"), _("action"), _("basis"), _("resource"), _("lifted"), _("source")
                ),
                _md_rule(6),
                *(_md_row(*row) for row in enforcement_action_rows(company)),
            ]
        lines += ["", _measures_line(company["measures"]), ""]
        if notes := caveats.notes():
            lines += [_("Unverified or conflicting law:"), "", *notes, ""]
    return "\n".join(lines)


def _obligation_name(ob: dict[str, Any]) -> str:
    return str(ob["id"]) + (f" ({ob['demand']})" if ob.get("demand") else "")


def _fine_name(fine: dict[str, Any]) -> str:
    return str(fine["date"]) + (f" ({fine['id']})" if fine.get("id") else "")


def _article(entry: dict[str, Any]) -> str:
    """``13.41 part 2`` for a fine or an exposure entry."""
    part = entry.get("part")
    return str(entry["article"]) + (" " + tr("part {part}", part=part) if part else "")


def _bound(entry: dict[str, Any], key: str) -> str:
    """An exposure entry's ``min`` or ``max`` in its own currency (a rulebook's exposure may be
    in any), with its period when the sum is per day."""
    value = entry.get(key)
    if value is None:
        return money(None)
    per = f" a {entry['per']}" if entry.get("per") else ""
    return f"{money(value)} {entry.get('currency') or ''}".rstrip() + per


def _range(fine: dict[str, Any]) -> str:
    low, high = fine.get("range_rub") or [None, None]
    return f"{money(low)} - {money(high)}"


def _measures_line(measures: dict[str, Any]) -> str:
    applied = ", ".join(map(labels.display_name, measures["applied"])) or _("none")
    available = ", ".join(map(labels.display_name, measures["available"])) or _("none")
    return tr(
        "Measures applied: {applied}; available: {available}", applied=applied, available=available
    )


def _md_row(*cells: Any) -> str:
    text = ["; ".join(map(str, c)) if isinstance(c, list) else str(c) for c in cells]
    return "| " + " | ".join(t.replace("|", "\\|").replace("\n", " ") for t in text) + " |"


def _md_rule(columns: int) -> str:
    return "|" + "---|" * columns


def trace_tree(node: dict[str, Any], label: str | None = None, answer: str | None = None) -> Tree:
    """The explanation as a tree; ``answer`` words the root's value (a fine's verdict)."""
    title = label or node["definition"] + (f" [{node['item']}]" if node.get("item") else "")
    shown = answer or labels.value_label(node["value"])
    tree = Tree(f"[bold]{escape(title)}[/] = {escape(shown)}")
    for rule in node["rules"]:
        tree.add(
            f"{_('rule')} [cyan]{rule['id']}[/]: {labels.citation(rule['citation'])}"
            + (f" — {rule['summary']}" if rule["summary"] else "")
        )
    for p in node["parameters"]:
        status = labels.parameter_status(p["status"])
        flag = "" if p["status"] == "verified" else f" [yellow]({status})[/]"
        since = tr("in force from {date}", date=p["effective_from"])
        cited = labels.citation(p["citation"])
        tree.add(
            f"{_('parameter')} {p['id']} = {escape(labels.value_label(p['value']))} ({since}; {cited}){flag}"
        )
    for fact in node["facts"]:
        tree.add(f"{_('fact:')} {because(fact)}")
    for reason in node["because"]:
        tree.add(f"{_('because:')} {because(reason)}")
    for child in node["children"]:
        tree.add(trace_tree(child))
    return tree


def rules_table(console: Console, rulebook: Rulebook, as_of: dt.date) -> None:
    console.rule(
        f"[bold]{rulebook.title}[/] ({rulebook.id} {rulebook.version}) "
        + tr("as of {date}", date=as_of)
    )
    laws = Table(_("law"), _("in force"), _("title"), _("citation"), expand=True)
    for law in rulebook.laws.values():
        laws.add_row(
            law.id,
            labels.value_label(rulebook.parameter(law.in_force).at(as_of) is not None),
            law.title,
            str(law.citation),
        )
    console.print(laws)
    params = Table(
        _("parameter"),
        _("value"),
        _("from"),
        _("status"),
        _("citation"),
        title=_("Parameters in force"),
        expand=True,
    )
    for pid, parameter in sorted(rulebook.parameters.items()):
        dated = parameter.at(as_of)
        if dated is None:
            continue
        params.add_row(
            pid,
            _short(dated.value),
            dated.start.isoformat(),
            labels.parameter_status(dated.status),
            str(dated.citation),
        )
    console.print(params)
    rules = Table(
        _("definition"),
        _("rule"),
        _("exception to"),
        _("citation"),
        _("reads"),
        title=_("Rules"),
        expand=True,
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


def _short(value: Any) -> str:
    text = labels.value_label(plain(value))
    return text if len(text) <= 80 else text[:77] + "..."


def board_table(
    console: Console, rows: list[Any], as_of: dt.date, columns: Mapping[str, str]
) -> None:
    """The board; ``columns``: the obligation columns and their display names, in order."""
    from landfall.service.board import fines_note

    table = Table(
        _("company"),
        *columns.values(),
        _("fines"),
        _("RUB"),
        _("measures"),
        title=tr("Compliance board as of {date}", date=as_of.isoformat()),
    )
    for row in rows:
        cells = [
            f"[{STATUS_STYLE.get(row.statuses[c], 'default')}]{labels.status_word(row.statuses[c])}[/]"
            for c in columns
        ]
        table.add_row(
            row.name,
            *cells,
            labels.tally_keys(row.verdicts),
            money(row.fines_rub),
            ", ".join(labels.display_name(m) for m in row.measures),
        )
    console.print(table)
    legend = tr("fines: {legend}", legend=labels.key_legend())
    console.print(escape(legend), highlight=False)
    console.print(escape(fines_note(rows)), highlight=False)
