"""The where page in Debian's chromium: the map drawn on the server, the table, the company page."""

from __future__ import annotations

from typing import Any

import pytest
from tests.api.support import World

from .conftest import shot

pytestmark = pytest.mark.browser


def test_where_page_draws_the_map_and_a_row_per_jurisdiction(
    page: Any, server: tuple[str, World]
) -> None:
    base, _ = server
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(f"{base}/where?as_of=2024-01-01")
    # the map is inline SVG from the vendored file: no request left the server (the fixture)
    assert page.locator("#where-map svg.worldmap path").count() > 200
    shaded = page.locator("#where-map path[data-country]")
    assert shaded.count() >= 1
    russia = page.locator('#where-map path[data-country="RU"]')
    assert russia.count() == 1
    # shaded by the worst state of the table's rows for the jurisdiction
    states = page.locator('#where tr[data-jurisdiction="RU"]').evaluate_all(
        "rows => rows.map(r => r.dataset.state)"
    )
    worst = next(s for s in ("overdue", "applies", "unknown", "no") if s in states)
    assert russia.get_attribute("class") == f"j-{worst}"
    assert "RU: " in russia.locator("title").text_content()
    google = page.locator('#where tr[data-company="google"]')
    assert google.count() >= 1
    assert page.locator('#where tr[data-company="acme"]').count() == 0  # private company
    assert "Federal Law" in google.first.inner_text()  # each row cites its law
    shot(page, "where-2024-01-01")
    assert violations == []  # the page runs under the dashboard's policy
    with page.expect_navigation():
        page.select_option("#company-filter", "google")
    assert "company=google" in page.url
    assert page.locator("#where tbody tr").count() == google.count()
    page.locator('#where tr[data-company="google"] a').first.click()
    page.wait_for_selector("#obligations")
    groups = page.locator("#obligations tbody.jurisdiction")
    assert groups.count() >= 1
    assert groups.first.get_attribute("data-jurisdiction") == "RU"
    assert "where" in groups.first.locator("tr.jurisdiction-head").inner_text()
    shot(page, "company-google-by-jurisdiction")


def test_a_company_login_sees_only_its_own_rows(page: Any, server: tuple[str, World]) -> None:
    base, world = server
    page.goto(f"{base}/login")
    page.fill("#token-input", world.tokens["company:acme"])
    with page.expect_navigation():
        page.click("#login-form button")
    page.goto(f"{base}/where?as_of=2024-01-01")
    companies = {
        page.locator("#where tbody tr").nth(i).get_attribute("data-company")
        for i in range(page.locator("#where tbody tr").count())
    }
    assert companies == {"acme"}
    response = page.goto(f"{base}/where?as_of=2024-01-01&company=google")
    assert response.status == 403
    assert "Google LLC" not in page.content()
