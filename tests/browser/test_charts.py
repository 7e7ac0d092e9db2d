"""The company page's charts are on a time axis: a year is as wide as a year, the ticks are
ISO dates, the axes are titled and the values are on a linear scale from zero."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from tests.api.support import World

from .conftest import shot

pytestmark = pytest.mark.browser

AS_OF = "2024-03-01"
FIRST = "2022-01-10"  # acme's one audience figure (tests/api/support.py)


def log_in(page: Any, base: str, token: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#token-input", token)
    page.click("#login-form button")
    page.wait_for_load_state()


def chart(page: Any, canvas: str) -> dict[str, Any]:
    """The drawn chart's scales, read back from Chart.js."""
    found: dict[str, Any] = page.evaluate(
        """([id, first, asOf]) => { const c = Chart.getChart(document.getElementById(id));
        const x = c.scales.x, y = c.scales.y;
        const at = iso => x.getPixelForValue(Date.parse(iso + 'T00:00:00Z'));
        return { xType: x.type, yType: y.type, xTitle: x.options.title.text,
          yTitle: y.options.title.text, left: x.left, right: x.right,
          ticks: x.ticks.map(t => String(t.label)),
          yMin: y.min, labels: c.data.datasets.map(d => d.label),
          pixel: { first: at(first), yearOn: at('2023-01-10'), asOf: at(asOf) } }; }""",
        [canvas, FIRST, AS_OF],
    )
    return found


def test_the_audience_chart_spaces_dates_by_time(page: Any, server: tuple[str, World]) -> None:
    base, world = server
    log_in(page, base, world.tokens["company:acme"])
    page.goto(f"{base}/companies/acme?as_of={AS_OF}")
    drawn = chart(page, "audience-chart")
    assert (drawn["xType"], drawn["yType"]) == ("linear", "linear")
    assert drawn["xTitle"] == "date" and drawn["yTitle"] == "daily users in Russia"
    assert drawn["yMin"] == 0
    assert all(dt.date.fromisoformat(t) for t in drawn["ticks"])  # ticks read as ISO dates
    assert drawn["labels"][0] == "acme.social" and drawn["labels"][-1].startswith("threshold")
    px = drawn["pixel"]
    assert px["first"] == pytest.approx(drawn["left"], abs=1)
    assert px["asOf"] == pytest.approx(drawn["right"], abs=1)
    # a category axis would put the two dates side by side; a time axis puts one year of
    # the 781 days at 365/781 of the width
    days = (dt.date.fromisoformat(AS_OF) - dt.date.fromisoformat(FIRST)).days
    share = (px["yearOn"] - px["first"]) / (px["asOf"] - px["first"])
    assert share == pytest.approx(365 / days, abs=0.005)
    shot(page, "company-acme-audience")


def test_the_timeline_is_on_a_time_axis(page: Any, server: tuple[str, World]) -> None:
    base, _ = server
    page.goto(f"{base}/companies/google?as_of={AS_OF}")
    drawn = chart(page, "timeline-chart")
    assert drawn["xType"] == "linear" and drawn["xTitle"] == "date"
    assert drawn["yTitle"] == "event"
    assert all(dt.date.fromisoformat(t) for t in drawn["ticks"])
