"""Render assessments, explanations and the rulebook for people: Rich tables and Markdown."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console, RenderableType
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
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


READABLE = 16
"""The narrowest a wrapping column may be (unless its widest cell is narrower) before a table
gives way to one block per row: a text column of a few characters reads as a word a line."""


def blocks(headers: list[str], rows: list[list[str]], width: int) -> str:
    """Each row as ``header: value`` cells filling lines ``width`` wide, a blank line between
    rows; a cell is never split between lines unless it is longer than a line: then it has
    lines of its own, wrapped between words (a word longer than the line, a URL, folds)."""
    out: list[str] = []
    for row in rows:
        line = ""
        for header, value in zip(headers, row, strict=True):
            if not value:
                continue
            text = f"{header}: {' '.join(value.split())}"
            if line and len(line) + 2 + len(text) > width:
                out.append(line)
                line = ""
            if len(text) > width:
                *done, line = textwrap.wrap(text, width, break_on_hyphens=False)
                out += done
            else:
                line = f"{line}  {text}" if line else text
        out += [line, ""]
    return "\n".join(out).rstrip("\n")


WHOLE, WORDS, TEXT = "whole", "words", "text"
"""How a column of :func:`fitted` may be laid out: ``whole`` cells (amounts, dates) stay on one
line at full width; ``words`` cells (ids, statuses, ranges) wrap between words, never inside
one; ``text`` wraps, a word too long for the column (a URL) folding."""


def fitted(
    columns: Sequence[tuple[str, str]],
    rows: Sequence[Sequence[str]],
    width: int,
    **options: Any,
) -> RenderableType:
    """A Rich table of ``columns`` (header, layout) and ``rows`` (Rich markup) ``width`` wide,
    without cutting an amount, a date, an id or a status: those columns keep their widest
    cell, or their longest word, and the text columns wrap in what is left. When ``width``
    cannot hold that, each row is a block of ``header: value`` cells instead (:func:`blocks`)."""
    plain = [[Text.from_markup(cell).plain for cell in row] for row in rows]
    least: list[int | None] = []
    for i, (header, layout) in enumerate(columns):
        cells = [header, *(row[i] for row in plain)]
        if layout == WHOLE:
            least.append(max(len(line) for c in cells for line in c.split("\n")))
        elif layout == WORDS:
            least.append(max((len(w) for c in cells for w in c.split()), default=1))
        else:
            least.append(None)
    natural = [
        max(len(line) for c in [h, *(row[i] for row in plain)] for line in c.split("\n"))
        for i, (h, _layout) in enumerate(columns)
    ]
    room = width - _frame(len(columns), options)
    lowest = [n or min(READABLE, w) for n, w in zip(least, natural, strict=True)]
    if rows and sum(lowest) > room:
        title = options.get("title")
        text = blocks([h for h, _ in columns], plain, width)
        return Text(f"{title}\n\n{text}" if title else text)
    # Rich shrinks columns without regard to their minimum and then widens them back to it,
    # so a table just too wide is cropped; the widths are shared out here instead: each
    # column its least, then what is left one character at a time to those that want more
    widths = list(lowest)
    left = room - sum(widths)
    while left > 0 and any(w < n for w, n in zip(widths, natural, strict=True)):
        for i in range(len(widths)):
            if left > 0 and widths[i] < natural[i]:
                widths[i] += 1
                left -= 1
    # the widths are known, so Rich need not measure every cell again (5 s of a 10,000-row
    # table); only a table that fits and is to fill the width leaves them to Rich to spread
    free = sum(natural) <= room and options.get("expand", False)
    table = Table(**options)
    for (header, layout), n, w in zip(columns, least, widths, strict=True):
        table.add_column(
            header,
            no_wrap=layout == WHOLE,
            min_width=n,
            width=None if free else w,
            overflow="fold",
        )
    for row in rows:
        table.add_row(*row)
    return table


def _frame(count: int, options: Mapping[str, Any]) -> int:
    """The characters a table of ``count`` columns spends on rules and padding: a separator
    between columns, an edge each side unless ``show_edge`` is off, and each column's left and
    right padding (Rich's default, one each side)."""
    _top, right, _bottom, left = Padding.unpack(options.get("padding", (0, 1)))
    edges = 2 if options.get("show_edge", True) else 0
    return count * (left + right) + (count - 1) + edges


def money(value: Any) -> str:
    if value is None:
        return "?"
    return f"{value:,.0f}"


def assessment_tables(console: Console, data: dict[str, Any]) -> None:
    """Each company's laws, obligations, fines, exposure, enforcement actions and measures, at
    the console's width: ids, statuses, dates and amounts are never cut (:func:`fitted`)."""
    for company in data["companies"]:
        caveats = Caveats()
        console.rule(
            tr(
                "{company} as of {date}",
                company=f"[bold]{company['company']}[/]",
                date=data["as_of"],
            )
        )
        laws = [
            [
                law["law"] + caveats.mark(law),
                labels.applies_label(law["applies"]),
                escape("; ".join(law["because"])),
            ]
            for law in company["laws"]
        ]
        columns = [(_("law"), WORDS), (_("applies"), WORDS), (_("because"), TEXT)]
        _print_part(console, _("Laws"), columns, laws)
        enforcement = any(ob.get("enforcement") for ob in company["obligations"])
        obligations = []
        for ob in company["obligations"]:
            style = STATUS_STYLE.get(ob["status"], "default")
            obligations.append(
                [
                    escape(_obligation_name(ob) + caveats.mark(ob)),
                    f"[{style}]{escape(labels.obligation_label(ob))}[/]",
                    ob["due"] or "",
                    *([escape(labels.enforcement_label(ob))] if enforcement else []),
                    escape("; ".join(ob["because"])),
                ]
            )
        columns = [
            (_("obligation"), WORDS),
            (_("status"), WORDS),
            (_("due"), WHOLE),
            *([(_("enforcement"), WORDS)] if enforcement else []),
            (_("because"), TEXT),
        ]
        _print_part(console, _("Obligations"), columns, obligations)
        if company["fines"]:
            fines = []
            for f in company["fines"]:
                style = STATUS_STYLE.get(labels.verdict_class(f), "default")
                fines.append(
                    [
                        escape(_fine_name(f) + caveats.mark(f)),
                        _article(f),
                        money(f["amount_rub"]),
                        _range(f),
                        f"[{style}]{escape(labels.verdict_label(f))}[/]",
                    ]
                )
            columns = [
                (_("fine"), WORDS),
                (_("article"), WORDS),
                (_("amount"), WHOLE),
                (_("range"), WORDS),
                (_("verdict"), WORDS),
            ]
            _print_part(console, _("Fines"), columns, fines)
            console.print(labels.tally_sentence(labels.tally(company["fines"])))
        if company["exposure"]:
            exposure = [
                [e["obligation"], _article(e), _bound(e, "min"), _bound(e, "max")]
                for e in company["exposure"]
            ]
            columns = [
                (_("obligation"), WORDS),
                (_("article"), WORDS),
                (_("min"), WORDS),
                (_("max"), WORDS),
            ]
            _print_part(console, _("Exposure"), columns, exposure)
        if company.get("enforcement_actions"):
            actions = [[escape(c) for c in row] for row in enforcement_action_rows(company)]
            columns = [
                (_("date"), WHOLE),
                (_("action"), WORDS),
                (_("basis"), TEXT),
                (_("resource"), WORDS),
                (_("lifted"), WHOLE),
                (_("source"), TEXT),
            ]
            console.print(fitted(columns, actions, console.width, title=_("Enforcement actions")))
        console.print(_measures_line(company["measures"]))
        if notes := caveats.notes():
            console.print(_("Unverified or conflicting law:"), highlight=False)
            for note in notes:
                console.print(f"  {escape(note)}", highlight=False)


def assessment_markdown(data: dict[str, Any], preface: Sequence[str] = ()) -> str:
    """Every company's section in full; ``preface``: lines to stand above them (a whole
    market's summary, :mod:`landfall.cli.market`)."""
    lines = [
        "# " + tr("Assessment as of {date}", date=data["as_of"]),
        "",
        f"Rulebook {data['rulebook']['id']} {data['rulebook']['version']}",
        "",
        *preface,
    ]
    for company in data["companies"]:
        caveats = Caveats()
        lines += [
            f"## {company['company']}",
            "",
            md_row(_("law"), _("applies"), _("because")),
            md_rule(3),
        ]
        lines += [
            md_row(
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
        lines += ["", md_row(*head, _("citation"), _("because")), md_rule(len(head) + 2)]
        for ob in company["obligations"]:
            lines.append(
                md_row(
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
                md_row(
                    _("fine"), _("article"), _("amount"), _("range"), _("verdict"), _("because")
                ),
                md_rule(6),
            ]
            for f in company["fines"]:
                lines.append(
                    md_row(
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
                md_row(_("obligation"), _("article"), _("min"), _("max"), _("because")),
                md_rule(5),
            ]
            for e in company["exposure"]:
                lines.append(
                    md_row(
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
                md_row(_("date"), _("action"), _("basis"), _("resource"), _("lifted"), _("source")),
                md_rule(6),
                *(md_row(*row) for row in enforcement_action_rows(company)),
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


def md_row(*cells: Any) -> str:
    text = ["; ".join(map(str, c)) if isinstance(c, list) else str(c) for c in cells]
    return "| " + " | ".join(t.replace("|", "\\|").replace("\n", " ") for t in text) + " |"


def md_rule(columns: int) -> str:
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
    # a heading that wraps: a rule's title is cut to the width
    console.rule()
    heading = f"{rulebook.title} ({rulebook.id} {rulebook.version}) " + tr(
        "as of {date}", date=as_of
    )
    console.print(Text(heading, style="bold"))
    laws = [
        [
            law.id,
            labels.value_label(rulebook.parameter(law.in_force).at(as_of) is not None),
            law.title,
            str(law.citation),
        ]
        for law in rulebook.laws.values()
    ]
    columns = [(_("law"), WORDS), (_("in force"), WORDS), (_("title"), TEXT), (_("citation"), TEXT)]
    _print_plain(console, columns, laws, expand=True)
    params = []
    for pid, parameter in sorted(rulebook.parameters.items()):
        dated = parameter.at(as_of)
        if dated is None:
            continue
        params.append(
            [
                pid,
                _short(dated.value),
                dated.start.isoformat(),
                labels.parameter_status(dated.status),
                str(dated.citation),
            ]
        )
    columns = [
        (_("parameter"), WORDS),
        (_("value"), TEXT),
        (_("from"), WHOLE),
        (_("status"), WORDS),
        (_("citation"), TEXT),
    ]
    _print_plain(console, columns, params, title=_("Parameters in force"), expand=True)
    rules = [
        [definition, rule.id, rule.exception_to or "", str(rule.citation), ", ".join(rule.params)]
        for definition, group in rulebook.rules.items()
        for rule in group
    ]
    columns = [
        (_("definition"), WORDS),
        (_("rule"), WORDS),
        (_("exception to"), WORDS),
        (_("citation"), TEXT),
        (_("reads"), TEXT),
    ]
    _print_plain(console, columns, rules, title=_("Rules"), expand=True)


def _print_part(
    console: Console, title: str, columns: Sequence[tuple[str, str]], rows: list[list[str]]
) -> None:
    """One part of a company's assessment (rows of Rich markup) as a table the console's width."""
    console.print(fitted(columns, rows, console.width, title=title, expand=True))


def _print_plain(
    console: Console, columns: Sequence[tuple[str, str]], rows: list[list[str]], **options: Any
) -> None:
    """Rows of plain text (no markup) as :func:`fitted` lays them out."""
    shown = [[escape(cell) for cell in row] for row in rows]
    console.print(fitted(columns, shown, console.width, **options))


def _short(value: Any) -> str:
    text = labels.value_label(plain(value))
    return text if len(text) <= 80 else text[:77] + "..."


def board_table(
    console: Console, rows: list[Any], as_of: dt.date, columns: Mapping[str, str]
) -> None:
    """The board; ``columns``: the obligation columns and their display names, in order."""
    from landfall.service.board import fines_note

    rows_shown = [
        [
            escape(row.name),
            *(
                f"[{STATUS_STYLE.get(row.statuses[c], 'default')}]"
                f"{escape(labels.status_word(row.statuses[c]))}[/]"
                for c in columns
            ),
            labels.tally_keys(row.verdicts),
            money(row.fines_rub),
            escape(", ".join(labels.display_name(m) for m in row.measures)),
        ]
        for row in rows
    ]
    heads = [
        (_("company"), WORDS),
        *((name, WORDS) for name in columns.values()),
        (_("fines"), WORDS),
        (_("RUB"), WHOLE),
        (_("measures"), TEXT),
    ]
    title = tr("Compliance board as of {date}", date=as_of)
    console.print(fitted(heads, rows_shown, console.width, title=title))
    legend = tr("fines: {legend}", legend=labels.key_legend())
    console.print(escape(legend), highlight=False)
    console.print(escape(fines_note(rows)), highlight=False)
