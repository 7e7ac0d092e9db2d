"""A whole market at a glance: one row a company, for an assessment of many companies.

Above :data:`MARKET_VIEW` companies, ``landfall assess`` as a table shows this summary instead
of a set of tables per company (a Rich table each, about 60 ms: ten minutes for 10,000); each
row says where the company's laws apply, how many of its obligations are violated, pending,
met or unknown, its fines and its exposure in each currency, and a line says how to see one
company's details. ``--format markdown`` puts the same summary above every company's section.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from landfall import labels
from landfall.i18n import gettext as _
from landfall.i18n import ngettext, tr

if TYPE_CHECKING:
    from rich.console import Console

MARKET_VIEW = 20
"""The most companies an assessment shows as tables per company on the terminal."""

COUNTED = ("violated", "pending", "met", "unknown")
"""The obligation statuses a market row counts, in the order it shows them (``met`` counts
obligations met late too; not applicable ones and ladders without demands are left out)."""


def is_market(data: Mapping[str, Any]) -> bool:
    return len(data["companies"]) > MARKET_VIEW


def _money(value: float) -> str:
    return f"{value:,.0f}"


def _applies(laws: Iterable[Mapping[str, Any]]) -> str:
    """``RU TR`` where a law applies, ``EU?`` where whether one does is unknown."""
    found: dict[str, str] = {}
    for law in laws:
        where = str(law.get("jurisdiction") or "?")
        if law["applies"] is True:
            found[where] = where
        elif law["applies"] is None:
            found.setdefault(where, f"{where}?")
    return " ".join(found.values()) or "-"


def _fines(fines: list[Mapping[str, Any]]) -> str:
    """``3: RUB 9,000,000`` (their count and the sum in each currency; ``+?`` when the amount
    of one is not stated)."""
    if not fines:
        return "0"
    sums: dict[str, float] = defaultdict(float)
    unknown = False
    for fine in fines:
        if fine.get("amount") is None:
            unknown = True
        else:
            sums[str(fine.get("currency") or "")] += fine["amount"]
    parts = [f"{cur} {_money(total)}".strip() for cur, total in sums.items()]
    return f"{len(fines)}: " + ", ".join(parts) + (" +?" if unknown else "")


def _exposure(exposure: list[Mapping[str, Any]]) -> str:
    """``RUB 1,500,000-7,000,000`` a currency a line, the sums a day apart (``a day``); a
    bound is ``?`` when one entry's is not stated (a fine with no upper limit in the law)."""
    sums: dict[tuple[str, str], list[float | None]] = {}
    for entry in exposure:
        key = (str(entry.get("currency") or ""), str(entry.get("per") or ""))
        bounds = sums.setdefault(key, [0.0, 0.0])
        for i, name in enumerate(("min", "max")):
            value, total = entry.get(name), bounds[i]
            bounds[i] = None if value is None or total is None else total + value
    lines = []
    for (cur, per), bounds in sums.items():
        low, high = ("?" if b is None else _money(b) for b in bounds)
        lines.append(f"{cur} {low}-{high}".strip() + (f" a {per}" if per else ""))
    return "\n".join(lines) or "-"


def _rests_on_caveats(company: Mapping[str, Any]) -> bool:
    parts = ("laws", "obligations", "fines")
    return any(entry.get("unverified_parameters") for p in parts for entry in company[p])


def headers() -> list[str]:
    return [
        _("company"),
        _("applies"),
        *(labels.status_word(status) for status in COUNTED),
        _("fines"),
        _("exposure"),
    ]


def rows(data: Mapping[str, Any]) -> list[list[str]]:
    """A row a company: its id (``*`` when a conclusion rests on unverified or conflicting
    law), where its laws apply, its obligations by status, its fines, its exposure."""
    out = []
    for company in data["companies"]:
        counts = Counter(ob["status"] for ob in company["obligations"])
        out.append(
            [
                str(company["company"]) + ("*" if _rests_on_caveats(company) else ""),
                _applies(company["laws"]),
                *(f"{counts[s]:,}" for s in COUNTED),
                _fines(company["fines"]),
                _exposure(company["exposure"]),
            ]
        )
    return out


def summary(data: Mapping[str, Any], hint: bool = True) -> list[str]:
    """The market's totals, what ``*`` means and (``hint``) where the details are, as lines."""
    companies = data["companies"]
    violating = sum(any(ob["status"] == "violated" for ob in c["obligations"]) for c in companies)
    n = len(companies)
    lines = [
        ngettext(
            "{n} company, {violating} violating an obligation",
            "{n} companies, {violating} violating an obligation",
            n,
        ).format(n=f"{n:,}", violating=f"{violating:,}")
    ]
    if any(_rests_on_caveats(c) for c in companies):
        lines.append(_("*: a conclusion rests on unverified or conflicting law"))
    if hint:
        lines.append(
            _(
                "--company ID shows one company's laws, obligations, fines and measures;"
                " --format json or markdown shows every company's."
            )
        )
    return lines


def market_table(console: Console, data: Mapping[str, Any]) -> None:
    """The summary table at the console's width (:func:`landfall.render.fitted`)."""
    from rich.markup import escape

    from landfall.render import WHOLE, WORDS, fitted

    layouts = [WORDS, WORDS, *(WHOLE for _s in COUNTED), WORDS, WORDS]
    shown = [[escape(cell) for cell in row] for row in rows(data)]
    title = tr("Market as of {date}", date=data["as_of"])
    console.print(fitted(list(zip(headers(), layouts, strict=True)), shown, console.width,
                         title=title))  # fmt: skip
    for line in summary(data):
        console.print(escape(line), highlight=False)


def market_markdown(data: Mapping[str, Any]) -> list[str]:
    """The summary as a Markdown table and its lines, to stand above the companies."""
    from landfall.render import md_row, md_rule

    return [
        "## " + tr("Market as of {date}", date=data["as_of"]),
        "",
        md_row(*headers()),
        md_rule(len(headers())),
        *(md_row(*(cell.replace("\n", "; ") for cell in row)) for row in rows(data)),
        "",
        *(line + "  " for line in summary(data, hint=False)),
        "",
    ]
