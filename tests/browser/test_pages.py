"""Every dashboard page in English and in Russian, in Debian's chromium: it renders in the
language asked (the document's language, its heading, no message left in the other language
where a translation exists), passes axe-core's WCAG 2 A/AA rules, sends no request beyond the
server (the ``page`` fixture fails the test otherwise) and leaves a screenshot in
``test-artifacts/`` named ``page-<name>-<lang>.png``."""

from __future__ import annotations

from typing import Any

import pytest
from tests.api.support import World

from landfall import i18n

from .conftest import shot
from .test_accessibility import violations

pytestmark = pytest.mark.browser

PAGES = {
    "board": ("/?as_of=2024-01-01", "#headline"),
    "company-google": ("/companies/google?as_of=2024-06-01", "#company-summary"),
    "company-telegram": ("/companies/telegram?as_of=2024-06-01", "#measures-timeline"),
    "explanation": ("/companies/google/explain/ru-236-fz.feedback-form?as_of=2024-01-01", "#trace"),
    "fines": ("/fines?as_of=2024-06-01", "#listing-total"),
    "measures": ("/measures?as_of=2024-06-01", "#listing-total"),
    "events": ("/events?as_of=2024-06-01&company=telegram", "#listing-total"),
    "rulebook-ru": ("/rulebook?rulebook=ru&as_of=2024-01-01", "#parameters"),
    "rulebook-tr": ("/rulebook?rulebook=tr&as_of=2024-01-01", "#parameters"),
    "rulebook-in": ("/rulebook?rulebook=in&as_of=2024-01-01", "#parameters"),
    "rulebook-eu": ("/rulebook?rulebook=eu&as_of=2024-06-01", "#parameters"),
    "where": ("/where?as_of=2024-01-01", "#where"),
    "calendar": ("/calendar?from=2022-01-01&days=90", "#calendar"),
    "login": ("/login", "#login-form"),
}

HEADINGS = {
    "board": "Compliance board as of",
    "fines": "Fines as of {date}",
    "measures": "Measures as of {date}",
    "events": "Events as of {date}",
    "where": "Where to land as of",
    "login": "Log in with an API token",
}
"""The message each page's heading starts with (before its date), where the heading is one
message."""


def in_language(message: str, lang: str) -> str:
    with i18n.speaking(lang):
        return i18n.gettext(message)


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_in_both_languages(
    page: Any, server: tuple[str, World], name: str, lang: str
) -> None:
    base, _ = server
    path, lead = PAGES[name]
    glue = "&" if "?" in path else "?"
    response = page.goto(f"{base}{path}{glue}lang={lang}")
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("html", "lang") == lang
    assert page.locator(lead).count() == 1
    heading = page.inner_text("h1")
    if name in HEADINGS:
        expected = in_language(HEADINGS[name], lang).split("{")[0].strip()
        assert heading.startswith(expected)
    nav = page.inner_text("header nav")
    assert in_language("Board", lang) in nav and in_language("Events", lang) in nav
    if lang == "ru":
        # the faces' English words do not show through (ids, codes and the law's own
        # English titles may)
        assert "Search rows" not in page.content()
        assert not {"Fines", "Measures", "Rulebook"} & set(nav.split())
        if name == "board":  # the cells' notes too, in words counted the same way
            assert "no demands recorded" not in page.inner_text("#board")
            assert "требований не записано (" in page.inner_text("#board")
    assert violations(page) == []
    shot(page, f"page-{name}-{lang}")
