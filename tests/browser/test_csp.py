"""In chromium, the dashboard runs under its Content-Security-Policy with no violation (the
charts still draw), refuses to be framed by another origin, and the login form works with
its CSRF token."""

from __future__ import annotations

from typing import Any

import pytest
from tests.api.support import World

pytestmark = pytest.mark.browser


def test_pages_run_under_the_policy_and_refuse_framing(
    page: Any, server: tuple[str, World]
) -> None:
    base, world = server
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(f"{base}/login")
    page.fill("#token-input", world.tokens["regulator"])
    page.click("#login-form button")
    page.wait_for_url(f"{base}/")
    assert "regulator" in page.inner_text("#who")
    page.goto(f"{base}/companies/google?as_of=2024-01-01")
    assert page.evaluate("typeof Chart") == "function"
    drawn = page.evaluate(
        "() => { const c = document.getElementById('timeline-chart');"
        " return !!(c && Chart.getChart(c)); }"
    )
    assert drawn, "the timeline chart did not draw under the policy"
    assert violations == []
    # a page of another origin (a data: URL) framing the dashboard gets nothing
    page.goto(f'data:text/html,<iframe id="f" src="{base}/login"></iframe>')
    page.wait_for_timeout(1000)
    frame = page.frame_locator("#f")
    assert frame.locator("#login-form").count() == 0
