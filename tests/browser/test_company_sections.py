"""The company page's fines and measures in chromium, over a ledger of the Turkish rulebook's
test platform (fines in lira, a ladder whose next step the law dates): each fine with its
article, amount and currency, range, verdict, reason and sources, totals per currency; each
measure with the day applied and "in force"; the ladder's next step with its date."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.api.support import World

from landfall import labels
from landfall.facts.model import FactsDocument
from landfall.ledger import document_events, open_ledger
from landfall.service.listings import money
from landfall.tokens import TokenStore

from .conftest import guarded_page, serving, shot

pytestmark = pytest.mark.browser

FACTS = Path(__file__).parents[1] / "cases" / "tr" / "golden-facts.json"
AS_OF = "2021-03-05"


@pytest.fixture(scope="module")
def turkish(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The server, and a regulator's token (a document's facts are not public)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('tr') / 'ledger.db'}"
    document = FactsDocument.model_validate(json.loads(FACTS.read_text(encoding="utf-8")))
    with open_ledger(url) as store:
        store.append(document_events(document))
    with TokenStore(url) as tokens:
        token = tokens.create("regulator")[1]
    with serving(url) as base:
        yield base, token


def assessment(page: Any, base: str, token: str, as_of: str) -> dict[str, Any]:
    found: dict[str, Any] = page.request.get(
        f"{base}/api/companies/chirp/assessment?as_of={as_of}",
        headers={"Authorization": f"Bearer {token}"},
    ).json()
    return found


@pytest.fixture
def tr_page(browser: Any, turkish: tuple[str, str]) -> Iterator[Any]:
    """A page signed in with the regulator's token."""
    base, token = turkish
    with guarded_page(browser, base) as page:
        page.goto(f"{base}/login")
        page.fill("#token-input", token)
        page.click("#login-form button")
        page.wait_for_load_state()
        yield page


BEFORE_FINES = "2020-10-20"  # the notice is given, no fine imposed yet


def test_the_ladder_next_step_shows_its_date(tr_page: Any, turkish: tuple[str, str]) -> None:
    page = tr_page
    base, token = turkish
    ladder = next(x for x in assessment(page, base, token, BEFORE_FINES)["ladders"] if x["next"])
    assert ladder["next_from"]
    page.goto(f"{base}/companies/chirp?as_of={BEFORE_FINES}")
    step = page.inner_text("#next-steps")
    assert f"from {ladder['next_from']}" in step and ladder["jurisdiction"] in step
    page.goto(f"{base}/companies/chirp?as_of={BEFORE_FINES}&lang=ru")
    assert f"с {ladder['next_from']}" in page.inner_text("#next-steps")
    shot(page, "company-chirp-next-step-ru")


def test_fines_with_reason_source_and_totals_per_currency(
    tr_page: Any, turkish: tuple[str, str]
) -> None:
    page = tr_page
    base, token = turkish
    fines = assessment(page, base, token, AS_OF)["fines"]
    assert fines and {f["currency"] for f in fines} == {"TRY"}
    response = page.goto(f"{base}/companies/chirp?as_of={AS_OF}")
    assert response.status == 200
    rows = page.locator("#fines tbody tr")
    assert rows.count() == len(fines)
    for i, fine in enumerate(fines):
        cells = rows.nth(i).locator("td")
        assert cells.nth(0).inner_text().startswith(fine["date"])
        assert f"art. {fine['article']}" in cells.nth(1).inner_text()
        assert cells.nth(2).inner_text() == f"TRY {fine['amount']:,.0f}"
        assert cells.nth(4).inner_text() == labels.verdict_label(fine)
        assert cells.nth(5).inner_text().split("\n")[0] in fine["because"]
    total = sum(f["amount"] for f in fines)
    assert f"TRY {total:,.0f}" in page.inner_text("#fine-totals")
    assert f"TRY {total:,.0f}" in page.inner_text("#fines tfoot")
    assert "RUB" not in page.inner_text("#fines")  # the currency is the fine's own


def test_the_board_totals_a_fine_in_lira_apart(tr_page: Any, turkish: tuple[str, str]) -> None:
    page = tr_page
    base, token = turkish
    fines = assessment(page, base, token, AS_OF)["fines"]
    page.goto(f"{base}/?as_of={AS_OF}")
    total = sum(f["amount"] for f in fines)
    assert f"TRY {total:,.0f}" in page.inner_text('#board tr[data-company="chirp"]')
    assert f"TRY {total:,.0f}" in page.inner_text("#headline")


def test_fines_of_the_case_book_with_reason_sources_and_total(
    page: Any, server: tuple[str, World]
) -> None:
    base, _ = server
    fines = page.request.get(f"{base}/api/companies/google/assessment?as_of=2024-06-01").json()[
        "fines"
    ]
    page.goto(f"{base}/companies/google?as_of=2024-06-01")
    # the case book's note on Google is in the page, once, and not in its title
    assert page.title() == "landfall: Google LLC as of 2024-06-01"
    rows = page.locator("#fines tbody tr")
    assert rows.count() == len(fines)
    for i, fine in enumerate(fines):
        cells = rows.nth(i).locator("td")
        # the amount as decided, kopecks kept: never rounded to a whole rouble
        written = money(fine["amount"], fine["currency"])
        assert cells.nth(2).inner_text() == written
        low = (fine["range"] or [None])[0]
        if low is not None:
            assert cells.nth(3).inner_text().startswith(money(low, fine["currency"]))
        reason = cells.nth(5).inner_text().split("\n")[0]
        assert reason in fine["because"]
        assert written in reason  # the line that weighs the amount
        hosts = [s.split("/")[2] for s in fine["source"] or [] if s.startswith("http")]
        links = cells.nth(6).locator("a")
        assert [links.nth(n).get_attribute("href") for n in range(links.count())] == [
            s for s in fine["source"] or [] if s.startswith("http")
        ]
        assert links.all_inner_texts() == hosts
    by_currency: dict[str, float] = {}
    for fine in fines:
        by_currency[fine["currency"]] = by_currency.get(fine["currency"], 0) + fine["amount"]
    foot = page.inner_text("#fines tfoot")
    assert all(money(amount, cur) in foot for cur, amount in by_currency.items())


def test_the_measures_timeline_pairs_applied_and_lifted(
    page: Any, server: tuple[str, World]
) -> None:
    base, _ = server
    listed = page.request.get(f"{base}/api/measures?as_of=2024-06-01&company=telegram").json()
    rows = listed["rows"]
    assert any(r["lifted"] for r in rows) and any(not r["lifted"] for r in rows)
    page.goto(f"{base}/companies/telegram?as_of=2024-06-01")
    shown = page.locator("#measures-timeline tbody tr")
    assert shown.count() == len(rows)
    texts = [shown.nth(i).locator("td").all_inner_texts() for i in range(shown.count())]
    for row in rows:
        match = [t for t in texts if t[0] == row["applied"]]
        assert match, row
        assert match[0][1] == (row["lifted"] or "in force")
        for source in row["sources"]:
            if source.startswith("http"):
                assert page.locator(f'#measures-timeline a[href="{source}"]').count() >= 1
    held = sum(1 for r in rows if not r["lifted"])
    assert f"{held} in force on 2024-06-01" in page.inner_text("#measures-summary")
    shot(page, "company-telegram-measures")


def test_measures_without_a_recorded_violation_are_said(
    page: Any, server: tuple[str, World]
) -> None:
    base, _ = server
    found = page.request.get(f"{base}/api/companies/telegram/measures?as_of=2024-06-01").json()
    page.goto(f"{base}/companies/telegram?as_of=2024-06-01")
    shown = page.locator("#ladder-because li").all_inner_texts()
    assert shown == found["because"]
    assert any("without a violation" in line for line in shown)  # the journalist's finding
