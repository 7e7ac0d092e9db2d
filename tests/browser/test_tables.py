"""Sortable and searchable tables in chromium: a header sorts by click, Enter and Space
(numbers as numbers, ISO dates as dates, ``aria-sort`` says which way), a labelled search
box filters the rows with a live "N of M rows", and without the script every row is there."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from tests.api.support import World

from .conftest import shot

pytestmark = pytest.mark.browser


def column(page: Any, table: str, n: int, attribute: str | None = None) -> list[str]:
    """The visible rows' cells of column ``n`` (from 1), their text or ``attribute``."""
    cells = page.locator(f"{table} tbody tr:not([hidden]) > :nth-child({n})")
    if attribute is None:
        return [t.strip() for t in cells.all_inner_texts()]
    return [cells.nth(i).get_attribute(attribute) or "" for i in range(cells.count())]


def header(page: Any, table: str, text: str) -> Any:
    return page.locator(f"{table} thead th", has_text=text).first


def test_the_fines_listing_sorts_amounts_as_numbers_and_dates_as_dates(
    page: Any, server: tuple[str, World]
) -> None:
    base, _ = server
    page.goto(f"{base}/fines?as_of=2024-06-01")
    heads = page.locator("#listing thead th").all_inner_texts()
    amount_at = next(i for i, h in enumerate(heads, 1) if h.startswith("amount"))
    amount = header(page, "#listing", "amount")
    assert amount.get_attribute("aria-sort") is None
    amount.locator("button").click()
    assert amount.get_attribute("aria-sort") == "ascending"
    values = [float(v) for v in column(page, "#listing", amount_at, "data-value")]
    assert values == sorted(values) and len(values) > 10
    # as text "RUB 10,000,000" would come before "RUB 9,000,000"; as numbers it does not
    texts = column(page, "#listing", amount_at)
    assert texts != sorted(texts)
    amount.locator("button").click()
    assert amount.get_attribute("aria-sort") == "descending"
    values = [float(v) for v in column(page, "#listing", amount_at, "data-value")]
    assert values == sorted(values, reverse=True)
    # by keyboard: the header's button takes Enter and Space; only one column is sorted
    date = header(page, "#listing", "date")
    date.locator("button").focus()
    page.keyboard.press("Enter")
    assert date.get_attribute("aria-sort") == "ascending"
    assert amount.get_attribute("aria-sort") is None
    days = [dt.date.fromisoformat(d) for d in column(page, "#listing", 1)]
    assert days == sorted(days)
    page.keyboard.press("Space")
    assert date.get_attribute("aria-sort") == "descending"
    days = [dt.date.fromisoformat(d) for d in column(page, "#listing", 1)]
    assert days == sorted(days, reverse=True)
    shot(page, "table-fines-sorted")


def test_a_search_box_filters_rows_with_a_live_count(page: Any, server: tuple[str, World]) -> None:
    base, _ = server
    page.goto(f"{base}/fines?as_of=2024-06-01")
    total = page.locator("#listing tbody tr").count()
    box = page.get_by_label("Search rows")
    assert box.get_attribute("id") == "listing-search"
    count = page.locator("#listing-search-count")
    assert count.get_attribute("aria-live") == "polite"
    assert count.inner_text() == f"{total} of {total} rows"
    box.fill("google")
    shown = page.locator("#listing tbody tr:not([hidden])")
    names = [t.lower() for t in shown.all_inner_texts()]
    assert names and all("google" in n for n in names) and len(names) < total
    assert count.inner_text() == f"{shown.count()} of {total} rows"
    box.fill("google 13.11")  # every word must match, anywhere in the row
    rows = [t.lower() for t in shown.all_inner_texts()]
    assert rows and all("google" in t and "13.11" in t for t in rows)
    assert len(rows) < len(names)
    box.fill("no such text anywhere")
    assert shown.count() == 0 and count.inner_text() == f"0 of {total} rows"
    box.fill("")
    assert shown.count() == total
    shot(page, "table-fines-search")


def test_the_board_sorts_under_its_two_header_rows(page: Any, server: tuple[str, World]) -> None:
    base, _ = server
    page.goto(f"{base}/?as_of=2024-01-01")
    fines = header(page, "#board", "fines")
    fines.locator("button").click()
    fines.locator("button").click()
    assert fines.get_attribute("aria-sort") == "descending"
    counts = [int(v) for v in column(page, "#board", 2, "data-value")]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
    # a cell under the jurisdiction row sorts its own column, not the one before it
    form = page.locator('#board thead th[data-column="ru-236-fz.feedback-form"]')
    form.locator("button").click()
    at = 1 + page.locator("#board tbody tr").first.locator("> *").evaluate_all(
        "cells => cells.findIndex(c => c.dataset.column === 'ru-236-fz.feedback-form')"
    )
    texts = column(page, "#board", at)
    assert texts == sorted(texts, key=str.lower)
    page.get_by_label("Search rows").fill("telegram")
    assert [
        r.get_attribute("data-company") for r in page.locator("#board tbody tr:not([hidden])").all()
    ] == ["telegram"]


def test_grouped_obligations_sort_inside_their_jurisdiction(
    page: Any, server: tuple[str, World]
) -> None:
    base, _ = server
    page.goto(f"{base}/companies/google?as_of=2024-01-01")
    before = {
        body.get_attribute("data-jurisdiction"): sorted(
            body.locator("tr[data-obligation]").all_inner_texts()
        )
        for body in page.locator("#obligations tbody").all()
    }
    header(page, "#obligations", "status").locator("button").click()
    for body in page.locator("#obligations tbody").all():
        rows = body.locator("tr")
        assert "group-head" in (rows.first.get_attribute("class") or "")  # the head stays first
        assert (
            sorted(body.locator("tr[data-obligation]").all_inner_texts())
            == before[body.get_attribute("data-jurisdiction")]
        )
    page.get_by_label("Search rows").first.fill("localization")
    visible = page.locator("#obligations tr[data-obligation]:not([hidden])").all_inner_texts()
    assert visible and all("localization" in v.lower() for v in visible)
    # a jurisdiction with no row left hides its head too
    heads = page.locator("#obligations tr.group-head:not([hidden])").count()
    assert 1 <= heads < page.locator("#obligations tbody").count()


def test_without_the_script_the_tables_are_complete(
    browser: Any, server: tuple[str, World]
) -> None:
    base, _ = server
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{base}/fines?as_of=2024-06-01")
        listed = page.request.get(f"{base}/api/fines?as_of=2024-06-01").json()["rows"]
        assert page.locator("#listing tbody tr").count() == len(listed)
        assert page.locator(".table-search").count() == 0  # no box that could not work
        assert page.locator("#listing thead th button").count() == 0
    finally:
        context.close()
