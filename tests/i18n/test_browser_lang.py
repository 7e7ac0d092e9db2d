"""The dashboard in Russian in Debian's chromium: the header's switch, then the pages'
headings and statuses in Russian, kept from page to page, and back to English."""

from __future__ import annotations

from typing import Any

import pytest
from tests.api.support import World
from tests.browser.conftest import shot

pytestmark = pytest.mark.browser


def test_the_language_switch(page: Any, server: tuple[str, World]) -> None:
    base, _ = server
    page.goto(f"{base}/?as_of=2023-06-01")
    assert page.get_attribute("html", "lang") == "en"
    assert page.inner_text("h1").startswith("Compliance board as of")
    with page.expect_navigation():
        page.click("#lang-ru")
    assert page.get_attribute("html", "lang") == "ru"
    assert page.inner_text("h1") == "Сводка соблюдения на 2023-06-01"  # the date kept
    statuses = page.locator("#board td.status").all_inner_texts()
    assert "исполнено" in statuses
    # an unknown duty reads "неизвестно", or "фактов нет" where no fact behind it is recorded
    assert {"неизвестно", "фактов нет"} & set(statuses)
    assert not {"met", "unknown", "violated", "pending"} & set(statuses)
    assert page.inner_text("#board thead th:first-child") == "компания"
    shot(page, "board-ru")
    # the next page keeps the language (the cookie), with the rulebook's Russian names
    with page.expect_navigation():
        page.click('#board tr[data-company="google"] th a')
    assert page.inner_text("#obligations thead th:first-child") == "обязанность"
    assert page.locator("section h2").first.inner_text() == "Обязанности"
    assert "законен" in " ".join(page.locator("#fines td.status").all_inner_texts())
    assert "меры понуждения" not in page.inner_text("#ladder")  # measures by name, not the set
    assert "запрет рекламы иностранного лица" in page.inner_text("#ladder")
    shot(page, "company-google-ru")
    with page.expect_navigation():
        page.click("#lang-en")
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("section h2").first.inner_text() == "Obligations"
