"""The API docs work with no network: Swagger UI and ReDoc come from the server's own static
folder, run under their policy, and every page has the favicon."""

from __future__ import annotations

from typing import Any

import pytest
from tests.api.support import World

from .conftest import shot

pytestmark = pytest.mark.browser


def policy_violations(page: Any) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda m: found.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return found


def test_swagger_ui_draws_the_api_offline(page: Any, server: tuple[str, World]) -> None:
    base, _ = server
    violations = policy_violations(page)
    page.goto(f"{base}/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
    assert "landfall" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock", timeout=15000)  # the operations, read from openapi.json
    assert page.locator(".opblock").count() >= 10
    icon = page.get_attribute('link[rel~="icon"]', "href") or ""
    assert icon.startswith("/static/favicon.svg?v=")  # named by its digest
    assert violations == []
    shot(page, "docs-swagger")


def test_redoc_draws_the_api_offline(page: Any, server: tuple[str, World]) -> None:
    base, _ = server
    violations = policy_violations(page)
    page.goto(f"{base}/redoc")
    page.wait_for_selector("h1", timeout=20000)
    assert "landfall" in page.inner_text("h1")
    page.wait_for_selector(".menu-content", timeout=5000)
    # ReDoc's "powered by" logo is a remote image: the policy blocks it (no request leaves,
    # which the fixture checks) and ReDoc drops the image on the error. Nothing else is blocked.
    assert all("img-src" in v for v in violations), violations
    page.wait_for_timeout(300)
    assert page.locator('img[src^="https:"]').count() == 0
    shot(page, "docs-redoc")


def test_every_page_has_the_icon_and_favicon_ico_finds_it(
    page: Any, server: tuple[str, World]
) -> None:
    base, _ = server
    page.goto(f"{base}/")
    href = page.get_attribute('link[rel~="icon"]', "href")
    answer = page.request.get(f"{base}{href}")
    assert answer.ok and answer.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in answer.text()
    legacy = page.request.get(f"{base}/favicon.ico")  # follows the redirect
    assert legacy.ok and legacy.url.endswith("/static/favicon.svg")
