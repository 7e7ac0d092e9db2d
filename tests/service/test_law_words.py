"""A parameter as a lawyer reads it: amounts per offender with the currency, a first offence
beside the repeat that escalates it, units in words, the period in force, the mark."""

from __future__ import annotations

import datetime as dt

from landfall import i18n
from landfall.rulebooks import load, load_many
from landfall.rules.model import Citation, DatedValue, Parameter
from landfall.service.law_words import (
    MARK,
    band_words,
    parameter_lines,
    period_words,
    sanction_words,
    value_words,
)

DAY = dt.date(2022, 6, 1)


def test_a_sanction_reads_per_offender_with_its_repeat() -> None:
    first = {
        "part": "1",
        "offense": "first",
        "duties": [],
        "legal_entity": {"min": 1000000, "max": 6000000},
        "official": {"min": 100000, "max": 200000},
    }
    repeat = {
        "part": "2",
        "offense": "repeat",
        "repeat_of": ["1"],
        "duties": [],
        "legal_entity": {"min": 6000000, "max": 18000000},
    }
    assert sanction_words(first, "XYZ", [repeat]) == (
        "legal entity: XYZ 1,000,000–6,000,000 (first), 6,000,000–18,000,000 (repeat); "
        "official: XYZ 100,000–200,000 (first)"
    )
    assert sanction_words(repeat, "XYZ").endswith("(repeat) — repeat of part 1")
    turnover = {"min_fraction": "1/20", "max_fraction": "1/10", "floor": 4000000}
    assert band_words(turnover, "XYZ") == (
        "1/20 (5%) to 1/10 (10%) of the revenue, at least XYZ 4,000,000"
    )
    assert sanction_words({"part": "3", "offense": "first", "duties": []}, "XYZ") == (
        "amounts not in the rulebook (first offence)"
    )


def test_values_carry_their_units_and_the_period_ends_before_the_next_value() -> None:
    assert value_words(24, "hours", "XYZ") == "24 hours"
    assert value_words(1, "months", "XYZ") == "1 month"
    assert value_words(500000, "users/day", "XYZ") == "500,000 users a day"
    assert value_words(5000000, "TRY", "XYZ") == "TRY 5,000,000"
    assert value_words({"amount": 10, "days": 30}, None, "XYZ") == "XYZ 10; 30 days"
    assert value_words(True, None, "XYZ") == "yes"
    assert value_words(["a", "b"], None, "XYZ", {"a": "first measure"}) == "first measure, b"
    cite = Citation("Act")
    p = Parameter(
        "x",
        "",
        "days",
        (DatedValue(dt.date(2020, 1, 1), 10, cite), DatedValue(dt.date(2021, 1, 1), 15, cite)),
    )
    assert period_words(p, p.values[0]) == "2020-01-01 to 2020-12-31"
    assert period_words(p, p.values[1]) == "from 2021-01-01"
    with i18n.speaking("ru"):
        assert value_words(24, "hours", "XYZ") == "24 часа"
        assert period_words(p, p.values[1]) == "с 2021-01-01"


def test_every_parameter_of_every_rulebook_reads_in_words() -> None:
    for book in load_many():
        lines = parameter_lines(book, DAY)
        assert {line["id"] for line in lines} == {
            pid for pid, p in book.parameters.items() if p.at(DAY) is not None
        }
        for line in lines:
            assert line["words"] and "{" not in line["words"] and "True" not in line["words"]
            assert line["mark"] == MARK[line["status"]]
            assert line["period"].startswith("from ") or " to " in line["period"]
        # sanctions lead, in id order
        kinds = [line["sanction"] for line in lines]
        assert kinds == sorted(kinds, reverse=True)


def test_the_real_rulebook_pairs_a_first_offence_with_its_repeat() -> None:
    book = load("ru")
    lines = {line["id"]: line for line in parameter_lines(book, DAY)}
    repeats = [
        (pid, line)
        for pid, line in lines.items()
        if line["sanction"] and book.parameter(pid).at(DAY).value.get("repeat_of")  # type: ignore[union-attr]
    ]
    assert repeats
    checked = 0
    for pid, _ in repeats:
        value = book.parameter(pid).at(DAY).value  # type: ignore[union-attr]
        folder = pid.rsplit(".", 1)[0]
        for part in value["repeat_of"]:
            first = next(
                (
                    line
                    for other, line in lines.items()
                    if other.rsplit(".", 1)[0] == folder
                    and book.parameter(other).at(DAY).value.get("part") == part  # type: ignore[union-attr]
                    and book.parameter(other).at(DAY).value.get("offense") == "first"  # type: ignore[union-attr]
                ),
                None,
            )
            band = value.get("legal_entity")
            if first is None or band is None or "min" not in band:
                continue
            assert f"{band['min']:,.0f}–{band['max']:,.0f} (repeat)" in first["words"]
            checked += 1
    assert checked >= 2  # at least two articles' first offences show their repeat
