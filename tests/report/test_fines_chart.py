"""The fines-by-year chart of the HTML report: a labelled linear scale, every value written."""

from __future__ import annotations

import re

import pytest

from landfall.report.html import linear_ticks


@pytest.mark.parametrize(
    ("top", "ticks"),
    [
        (100, [0, 20, 40, 60, 80, 100]),  # a top on a tick ends there
        (101, [0, 50, 100, 150]),  # one above moves to the next step
        (6_000, [0, 2_000, 4_000, 6_000]),
        (21_100_000_000, [0, 5e9, 10e9, 15e9, 20e9, 25e9]),
        (1, [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
    ],
)
def test_ticks_cover_the_top_in_round_steps(top: float, ticks: list[float]) -> None:
    assert linear_ticks(top) == pytest.approx(ticks)


def test_no_fines_still_has_a_scale() -> None:
    assert linear_ticks(0) == [0.0, 1.0]


def test_the_chart_is_linear_and_writes_every_amount() -> None:
    from landfall.report.html import fines_chart

    class Row:
        def __init__(self, fines: list[dict[str, object]]) -> None:
            self.details = {"fines": fines}

    rows = [
        Row([{"date": "2019-03-01", "amount_rub": 6_000}]),
        Row(
            [
                {"date": "2022-07-18", "amount_rub": 21_077_000_000},
                {"date": "2022-12-01", "amount_rub": 23_000_000},
            ]
        ),
    ]
    svg = fines_chart(rows)  # type: ignore[arg-type]
    assert "6,000<" in svg and "21,100,000,000<" in svg  # each year's sum written at its bar
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    # linear: the bars' lengths stand as their amounts do (420 px is 25 bn, the last tick)
    assert widths == pytest.approx([420 * 6_000 / 25e9, 420 * 21_100_000_000 / 25e9], abs=0.06)
    assert "linear scale" in svg and "log" not in svg
