"""A rulebook's parameters as a lawyer reads them: the value in words, with its units and
currency, its effective period, citation and verification mark.

One pure reading for every face that prints the law (the dashboard's rulebook browser; the
CLI's ``landfall rules`` may print the same lines). A sanction reads per offender, a first
offence beside the repeat that escalates it: ``legal entity: RUB 1,000,000–6,000,000
(first), 6,000,000–18,000,000 (repeat)``. Words are English message ids translated into the
language in use; the amounts, dates and ids are the rulebook's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from landfall.i18n import N_, Nn_, current, ngettext
from landfall.i18n import gettext as _
from landfall.labels import parameter_status, value_label
from landfall.rules.model import DatedValue, Parameter, Rulebook

OFFENDERS = {
    "legal_entity": N_("legal entity"),
    "official": N_("official"),
    "citizen": N_("citizen"),
}
"""Whom a sanction's bands fine, in the order the law's articles list them."""

OFFENCE = {"first": N_("first"), "repeat": N_("repeat")}

UNITS = {
    "hours": Nn_("{n} hour", "{n} hours"),
    "days": Nn_("{n} day", "{n} days"),
    "months": Nn_("{n} month", "{n} months"),
    "years": Nn_("{n} year", "{n} years"),
    "users/day": Nn_("{n} user a day", "{n} users a day"),
    "accesses/day": Nn_("{n} access a day", "{n} accesses a day"),
}
"""Units the rulebooks write, in words; any other unit is shown as the rulebook writes it."""

MARK = {"verified": "✓", "conflicting": "⚠", "unverified": "?"}
"""The verification mark beside a value: verified, conflicting sources, not verified."""

_CURRENCY = re.compile(r"^[A-Z]{3}$")


def currency_of(parameter: Parameter, rulebook: Rulebook) -> str:
    """The currency of a parameter's amounts: its unit when that is a currency code, else
    its rulebook's."""
    unit = parameter.unit or ""
    return unit if _CURRENCY.match(unit) else rulebook.manifest.currency


def amount(value: float, currency: str | None = None) -> str:
    """``RUB 1,000,000`` (or the bare number); kopecks and cents only when there are some."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return f"{currency} {text}" if currency else text


def fraction(text: str) -> str:
    """``1/20 (5%)``: the law's fraction with its percentage."""
    percent = float(Fraction(text)) * 100
    shown = f"{percent:.0f}" if percent.is_integer() else f"{percent:.2f}".rstrip("0")
    return f"{text} ({shown}%)"


def band_words(band: Mapping[str, Any], currency: str, with_currency: bool = True) -> str:
    """One offender's band: a fixed range, a fraction of the revenue with a floor, or a
    multiple of an unpaid fine with a floor."""
    cur = currency if with_currency else None
    if "min" in band:
        low, high = band["min"], band["max"]
        return f"{amount(low, cur)}–{amount(high, None)}"
    if "min_fraction" in band:
        return _("{low} to {high} of the revenue, at least {floor}").format(
            low=fraction(band["min_fraction"]),
            high=fraction(band["max_fraction"]),
            floor=amount(band["floor"], currency),
        )
    if "unpaid_multiple" in band:
        return _("{times} times the unpaid fine, at least {floor}").format(
            times=amount(band["unpaid_multiple"]), floor=amount(band["floor"], currency)
        )
    return value_label(dict(band))


def is_sanction(value: Any) -> bool:
    return isinstance(value, Mapping) and "offense" in value and "duties" in value


def sanction_words(
    value: Mapping[str, Any], currency: str, repeats: Sequence[Mapping[str, Any]] = ()
) -> str:
    """A sanction per offender, ``legal entity: RUB 1,000,000–6,000,000 (first),
    6,000,000–18,000,000 (repeat); official: ...``, the ``repeats`` that escalate this part
    beside it; a part with no band says the amounts are not in the rulebook."""
    offence = _(OFFENCE.get(str(value["offense"]), str(value["offense"])))
    parts = []
    for key, label in OFFENDERS.items():
        band = value.get(key)
        if band is None:
            continue
        shown = [f"{band_words(band, currency)} ({offence})"]
        for repeat in repeats:
            if repeat.get(key) is not None:
                shown.append(f"{band_words(repeat[key], currency, False)} ({_('repeat')})")
        parts.append(f"{_(label)}: {', '.join(shown)}")
    if not parts:
        return _("amounts not in the rulebook ({offence} offence)").format(offence=offence)
    text = "; ".join(parts)
    if value.get("repeat_of"):
        text += " — " + _("repeat of part {parts}").format(parts=", ".join(value["repeat_of"]))
    return text


def value_words(
    value: Any, unit: str | None, currency: str, names: Mapping[str, str] | None = None
) -> str:
    """Any parameter value in words with its unit: ``500,000 users a day``, ``24 hours``,
    ``TRY 5,000,000``, ``6/100 (6%) of ...``, ``yes``; a list of measures by their names."""
    names = names or {}
    if is_sanction(value):
        return sanction_words(value, currency)
    if isinstance(value, bool) or value is None:
        return value_label(value)
    if isinstance(value, int | float):
        if unit and _CURRENCY.match(unit):
            return amount(value, unit)
        return counted(value, unit)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        if re.fullmatch(r"\d+/\d+", value):
            return f"{fraction(value)} {unit or ''}".strip()
        return f"{value} ({unit})" if unit and unit not in {"consequence", "comparator"} else value
    if isinstance(value, list | tuple):
        if not value:
            return _("none")
        return ", ".join(
            names.get(str(v.get("id")), str(v.get("title") or v.get("id")))
            if isinstance(v, Mapping)
            else names.get(str(v), value_words(v, None, currency, names))
            for v in value
        )
    if isinstance(value, Mapping):
        if not value:
            return _("none")
        return "; ".join(_entry_words(str(k), v, unit, currency, names) for k, v in value.items())
    return str(value)


def counted(value: float, unit: str | None) -> str:
    """``24 hours``, ``500,000 users a day``; a unit not known here as the rulebook writes it."""
    if unit in UNITS and float(value).is_integer():
        singular, plural = UNITS[unit]
        return ngettext(singular, plural, int(value)).format(n=amount(value))
    return f"{amount(value)} {unit or ''}".strip()


def _entry_words(
    key: str, value: Any, unit: str | None, currency: str, names: Mapping[str, str]
) -> str:
    """One entry of a mapping value: a key that is a unit counts (``30 days``), an amount is
    money, a percent a percentage; any other key names its value."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if key in UNITS:
            return counted(value, key)
        if key == "amount":
            return amount(value, currency)
        if key == "percent":
            return f"{amount(value)}%"
    return f"{key}: {value_words(value, unit, currency, names)}"


def title_of(rulebook: Rulebook, pid: str, dated: DatedValue, lang: str) -> str:
    """What a lawyer calls a parameter: the rulebook's name for it, else its provision (act,
    article, part) without the citation's note."""
    named = rulebook.manifest.label(pid, lang)
    if named != pid:
        return named
    c = dated.citation
    text = c.act
    if c.article:
        text += " " + _("art. {article}").format(article=c.article)
    if c.part:
        text += " " + _("part {part}").format(part=c.part)
    if c.paragraph:
        text += " " + _("para. {paragraph}").format(paragraph=c.paragraph)
    return text


def period_words(parameter: Parameter, dated: DatedValue) -> str:
    """``from <start>`` or ``<start> to <end>``: the days while the value is in force."""
    later = [v.start for v in parameter.values if v.start > dated.start]
    if not later:
        return _("from {date}").format(date=dated.start.isoformat())
    until = min(later) - dt.timedelta(days=1)
    return _("{start} to {end}").format(start=dated.start.isoformat(), end=until.isoformat())


def _repeats(rulebook: Rulebook, pid: str, value: Mapping[str, Any], day: dt.date) -> list[Any]:
    """The repeat-offence sanctions in force on ``day`` that escalate the part ``value`` is
    (same parameter folder, ``repeat_of`` naming its part)."""
    if value.get("offense") != "first" or value.get("part") is None:
        return []
    folder = pid.rsplit(".", 1)[0]
    found = []
    for other_id, other in sorted(rulebook.parameters.items()):
        if other_id == pid or other_id.rsplit(".", 1)[0] != folder:
            continue
        dated = other.at(day)
        if dated is None or not is_sanction(dated.value):
            continue
        if value["part"] in (dated.value.get("repeat_of") or []):
            found.append(dated.value)
    return found


def parameter_lines(rulebook: Rulebook, as_of: dt.date) -> list[dict[str, Any]]:
    """Every parameter in force on ``as_of``, as a lawyer reads it: its citation (what the
    law calls it), its description, the value in words, the period it is in force, the
    verification status and mark, and its sources; sanctions first, in article order."""
    lang = current()
    names = {m: rulebook.manifest.label(m, lang) for m in rulebook.manifest.measure_ids}
    rows = []
    for pid, parameter in sorted(rulebook.parameters.items()):
        dated = parameter.at(as_of)
        if dated is None:
            continue
        currency = currency_of(parameter, rulebook)
        value = dated.value
        if is_sanction(value):
            words = sanction_words(value, currency, _repeats(rulebook, pid, value, as_of))
        else:
            words = value_words(value, parameter.unit, currency, names)
        rows.append(
            {
                "id": pid,
                "title": title_of(rulebook, pid, dated, lang),
                "citation": str(dated.citation),
                "description": parameter.description,
                "sanction": is_sanction(value),
                "words": words,
                "period": period_words(parameter, dated),
                "effective_from": dated.start.isoformat(),
                "status": dated.status,
                "status_text": parameter_status(dated.status),
                "mark": MARK.get(dated.status, ""),
                "note": dated.note,
                "sources": list(dated.citation.sources),
                "history": [
                    {
                        "period": period_words(parameter, v),
                        "words": _("not in force")
                        if v.value is None
                        else value_words(v.value, parameter.unit, currency, names),
                        "status": v.status,
                    }
                    for v in parameter.values
                ],
            }
        )
    rows.sort(key=lambda r: (not r["sanction"], r["id"]))
    return rows


def read_value_words(books: Sequence[Rulebook], pid: str, value: Any) -> str:
    """A parameter's value as an explanation read it, in words with the units and currency
    of the rulebook that holds the parameter (the first that does)."""
    for book in books:
        parameter = book.parameters.get(pid)
        if parameter is not None:
            names = {m: book.manifest.label(m, current()) for m in book.manifest.measure_ids}
            return value_words(value, parameter.unit, currency_of(parameter, book), names)
    return value_label(value)
