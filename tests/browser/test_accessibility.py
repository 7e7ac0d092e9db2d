"""Every dashboard page passes axe-core's WCAG 2.0 and 2.1 A and AA rules in chromium (labels, contrast,
landmarks, names of links and controls), for the public and for a signed-in viewer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.api.support import World

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
STANDARD = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]  # WCAG 2.0 and 2.1, levels A and AA

PUBLIC_PAGES = [
    "/?as_of=2024-01-01",
    "/?as_of=2024-01-01&law=ru-152-fz",
    "/companies/google?as_of=2024-01-01",
    "/companies/google/explain/ru-236-fz.feedback-form?as_of=2024-01-01",
    "/companies/google/explain/ru-236-fz?as_of=2024-01-01",
    "/rulebook?as_of=2022-01-01",
    "/where?as_of=2024-01-01",
    "/calendar?from=2022-01-01&days=90",
    "/login",
    "/calendar?from=2022-01-01&days=0",  # an error page
]
SIGNED_IN_PAGES = ["/companies/acme?as_of=2024-03-01", "/?as_of=2024-03-01"]


def violations(page: Any) -> list[str]:
    """axe's WCAG 2 A/AA violations on the page, one line each with the elements at fault.
    The source goes in through the debugging protocol, which the page's policy does not
    govern (an inline script tag would be refused, as it should)."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = page.evaluate(
        "tags => axe.run(document, { runOnly: { type: 'tag', values: tags } })"
        ".then(r => r.violations.map(v => ({ id: v.id, help: v.help,"
        " nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')) })))",
        STANDARD,
    )
    return [f"{v['id']}: {v['help']} at {', '.join(v['nodes'])}" for v in found]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_are_accessible(page: Any, server: tuple[str, World], path: str) -> None:
    base, _ = server
    page.goto(f"{base}{path}")
    page.wait_for_load_state("networkidle")
    assert violations(page) == []


def test_signed_in_pages_are_accessible(page: Any, server: tuple[str, World]) -> None:
    base, world = server
    page.goto(f"{base}/login")
    page.fill("#token-input", world.tokens["company:acme"])
    page.click("#login-form button")
    page.wait_for_load_state()
    found = {}
    for path in SIGNED_IN_PAGES:
        page.goto(f"{base}{path}")
        page.wait_for_load_state("networkidle")
        found[path] = violations(page)
    assert found == {path: [] for path in SIGNED_IN_PAGES}
