"""The dashboard's calendar page in Debian's chromium: the nav link, the window, the items
with their explanations, and the .ics download parsed back."""

from __future__ import annotations

from typing import Any

import icalendar
import pytest
from tests.api.support import World

from .conftest import shot

pytestmark = pytest.mark.browser


def test_calendar_page_lists_the_window_and_downloads_the_ics(
    page: Any, server: tuple[str, World]
) -> None:
    base, _ = server
    page.goto(f"{base}/")
    with page.expect_navigation():
        page.click('nav a[href="/calendar"]')
    assert page.url.endswith("/calendar")
    page.fill("#from-input", "2021-12-02")
    page.fill("#days-input", "31")
    with page.expect_navigation():
        page.click("#calendar-form button")
    assert "from=2021-12-02" in page.url
    assert "2021-12-02 to 2022-01-01" in page.inner_text("h1")
    due = page.locator("#calendar tr.kind-due")
    assert due.count() >= 1
    assert "2022-01-01" in due.first.inner_text()
    due.first.locator("summary").click()
    assert "due" in due.first.locator("details").inner_text()
    shot(page, "calendar")
    with page.expect_download() as download:
        page.click("#ics-link")
    path = download.value.path()
    events = list(icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"))
    rows = page.locator("#calendar tr.calendar-item").count()
    assert len(events) == rows


def test_calendar_page_refuses_bad_days(page: Any, server: tuple[str, World]) -> None:
    base, _ = server
    response = page.goto(f"{base}/calendar?from=2022-01-01&days=0")
    assert response.status in (400, 422)
    assert page.locator('[data-code="invalid-days"]').count() == 1
