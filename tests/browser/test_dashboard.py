"""The dashboard in Debian's chromium: each page, the date, an explanation, a company login."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from tests.api.support import World

from landfall import labels
from landfall.rulebooks import load
from landfall.service.headline import fine_totals, fines_line

from .conftest import shot

pytestmark = pytest.mark.browser


def test_board_shows_the_case_book_and_follows_the_date(
    page: Any, server: tuple[str, World]
) -> None:
    base, _ = server
    page.goto(f"{base}/?as_of=2023-06-01")
    assert page.locator("#board tbody tr").count() >= 5
    assert page.locator('#board tr[data-company="google"]').count() == 1
    assert page.locator('#board tr[data-company="acme"]').count() == 0  # private company
    shot(page, "board-2023-06-01")
    page.fill("#as-of-input", "2019-01-01")
    with page.expect_navigation():
        page.dispatch_event("#as-of-input", "change")
    assert "as_of=2019-01-01" in page.url
    assert page.inner_text("#as-of") == "2019-01-01"
    # The slider moves the date too (its value is days since 2016-01-01).
    page.eval_on_selector(
        "#as-of-slider", "s => { s.value = 2000; s.dispatchEvent(new Event('input')); }"
    )
    assert page.input_value("#as-of-input") == "2021-06-23"
    with page.expect_navigation():
        page.dispatch_event("#as-of-slider", "change")
    assert page.inner_text("#as-of") == "2021-06-23"
    with page.expect_navigation():
        page.select_option("#law-filter", "ru-152-fz")
    headers = page.locator("#board thead th").all_inner_texts()
    assert "localization" in headers and "feedback form" not in headers
    shot(page, "board-152-fz")


def test_company_page_and_an_explanation(page: Any, server: tuple[str, World]) -> None:
    base, _ = server
    page.goto(f"{base}/companies/google?as_of=2024-01-01")
    assert "Google" in page.inner_text("#company-name")
    assert page.locator("#obligations tbody tr").count() >= 5
    assert page.locator("#fines tbody tr").count() >= 5
    assert page.evaluate("typeof Chart") == "function"  # the vendored library, not a CDN
    # Russia's eight measures first, in its order (another installed rulebook's follow)
    rungs = [t.split(" — ")[0] for t in page.locator("#ladder li").all_inner_texts()]
    russia = load("ru").manifest
    assert rungs[:8] == [russia.label(m, "en") for m in russia.measure_ids]
    # Google has takedown fines and no recorded demand: said in words, no empty parentheses
    rate = page.inner_text("#takedown-rate")
    assert rate.startswith("no demands recorded (") and "takedown fine" in rate and "()" not in rate
    shot(page, "company-google")
    page.locator("#obligations a.explain").first.click()
    page.wait_for_selector("#trace")
    assert "Why:" in page.inner_text("#explanation-title")
    assert page.locator("#trace li.rule").count() >= 1
    assert page.locator("#trace li.because").count() >= 1
    shot(page, "explanation-google")


def test_rulebook_browser(page: Any, server: tuple[str, World]) -> None:
    base, _ = server
    page.goto(f"{base}/rulebook?as_of=2022-01-01")
    laws = page.inner_text("#laws")
    assert all(law in laws for law in ("ru-236-fz", "ru-152-fz", "ru-149-fz"))
    row = page.locator('[id="param-ru-236-fz.audience-threshold"]')
    threshold = load("ru").parameter("ru-236-fz.audience-threshold").at(dt.date(2022, 1, 1))
    assert threshold is not None
    assert f"{threshold.value:,} users a day" in row.inner_text()  # the value in words
    assert threshold.start.isoformat() in row.inner_text()
    # a sanction as a lawyer reads it: per offender, the first offence beside its repeat
    sanction = page.locator('[id="param-koap.13.11.part-8"] td.words').inner_text()
    first = load("ru").parameter("koap.13.11.part-8").at(dt.date(2022, 1, 1))
    repeat = load("ru").parameter("koap.13.11.part-9").at(dt.date(2022, 1, 1))
    assert first is not None and repeat is not None
    low, high = first.value["legal_entity"]["min"], first.value["legal_entity"]["max"]
    rlow, rhigh = repeat.value["legal_entity"]["min"], repeat.value["legal_entity"]["max"]
    assert sanction.startswith(
        f"legal entity: RUB {low:,}–{high:,} (first), {rlow:,}–{rhigh:,} (repeat)"
    )
    # the section opens with how many are in force and how sure their law is
    listed = page.request.get(f"{base}/api/rulebook?as_of=2022-01-01").json()["parameters"]
    summary = page.inner_text("#parameters-summary")
    assert summary.startswith(f"{len(listed)} parameters in force")
    verified = sum(1 for p in listed if p["status"] == "verified")
    assert f"{verified} ✓ verified" in summary
    # parameters lead, then laws and rules; each rulebook has its own page
    tops = page.locator("main h2").all_inner_texts()
    assert tops[0] == "Parameters in force" and tops.index("Rules") > 0
    shot(page, "rulebook")
    with page.expect_navigation():
        page.click('#rulebooks a[data-rulebook="tr"]')
    assert page.locator('#rulebooks [aria-current="page"]').inner_text().endswith("tr")
    assert "TRY " in page.inner_text("#parameters")
    assert "as_of=2022-01-01" in page.url  # the day is kept


def test_company_login_cannot_see_another_company(page: Any, server: tuple[str, World]) -> None:
    base, world = server
    page.goto(f"{base}/login")
    page.fill("#token-input", "lf_000000000000_wrongwrongwrongwrongwrong")
    page.click("#login-form button")
    assert page.locator("#login-failed").count() == 1
    page.fill("#token-input", world.tokens["company:acme"])
    with page.expect_navigation():
        page.click("#login-form button")
    assert page.url.endswith("/companies/acme")
    assert "company:acme" in page.inner_text("#who")
    assert "Acme" in page.inner_text("#company-name")
    shot(page, "company-acme-logged-in")
    response = page.goto(f"{base}/companies/google?as_of=2024-01-01")
    assert response.status == 403
    assert page.locator('[data-code="forbidden"]').count() == 1
    assert "Google LLC" not in page.content()
    shot(page, "acme-refused-google")
    response = page.goto(f"{base}/companies/google/explain/ru-236-fz")
    assert response.status == 403
    page.goto(f"{base}/")
    assert page.locator("#board tbody tr").all_inner_texts()[0].startswith("Acme")
    assert page.locator("#board tbody tr").count() == 1


def test_company_page_says_verdicts_and_caveats_in_words(
    page: Any, server: tuple[str, World]
) -> None:
    base, _ = server
    assessed = page.request.get(f"{base}/api/companies/google/assessment?as_of=2024-01-01").json()
    fines = assessed["fines"]
    page.goto(f"{base}/companies/google?as_of=2024-01-01")
    shown = page.locator("#fines tbody tr td.status").all_inner_texts()
    assert shown == [labels.verdict_label(f) for f in fines]
    summary = page.inner_text("#company-summary")
    # the report's headline: every verdict class counted, zeros included
    assert fines_line(fine_totals(fines)) in summary
    assert page.locator("#caveats li").count() >= 1
    text = page.inner_text("main")
    assert not re.search(r"\b(True|False|None)\b", text.split("Timeline")[0])
    shot(page, "company-google-verdicts")
    # a fine's "why?" opens that fine's explanation
    page.locator("#fines a.explain").first.click()
    page.wait_for_selector("#trace")
    assert "fine:" in page.inner_text("#explanation-title")
    assert page.inner_text("#trace code.answer") == labels.verdict_label(fines[0])
    assert not re.search(r"= (True|False|None)\b", page.inner_text("#trace"))
    # a sanction read by the fine is in words, per offender, never the raw mapping
    params = page.locator("#trace li.param").all_inner_texts()
    assert any("legal entity: RUB " in p for p in params)
    assert not any("legal_entity" in p or "min:" in p for p in params)
    # and no reason repeats a fact of its own node
    for node in page.locator("#trace li.node").all():
        facts = [t.removeprefix("fact: ") for t in node.locator("> ul > li.fact").all_inner_texts()]
        reasons = node.locator("> ul > li.because").all_inner_texts()
        assert not {r.removeprefix("because: ") for r in reasons} & set(facts)


def test_board_fines_column_names_every_verdict(page: Any, server: tuple[str, World]) -> None:
    base, _ = server
    page.goto(f"{base}/?as_of=2024-01-01")
    cell = page.inner_text('#board tr[data-company="google"] td.fines')
    assert re.match(r"\d+ fines: \d+ lawful", cell)
    assert "True" not in page.inner_text("#board")
    tally = page.inner_text("#board-tally")
    assert re.search(r"Fines checked against the Administrative Code: \d+ fines: \d+ lawful", tally)


def test_board_leads_with_what_is_known(page: Any, server: tuple[str, World]) -> None:
    base, _ = server
    as_of = "2024-01-01"
    page.goto(f"{base}/?as_of={as_of}")
    rows = page.request.get(f"{base}/api/board?as_of={as_of}").json()["rows"]
    items = page.locator("#headline li").all_inner_texts()
    assert items[0].startswith(f"{len(rows)} companies")
    assert f"({sum(r['listed'] for r in rows)} on a list)" in items[0]
    facts = int(items[1].split(" ")[0].replace(",", ""))
    assert facts >= sum(r["fines"] for r in rows)  # every fine is a recorded fact
    assert items[2].startswith(f"{sum(r['fines'] for r in rows)} fines: RUB ")
    assert f"RUB {sum(r['fines_rub'] for r in rows):,.0f}" in items[2]
    measures = page.request.get(f"{base}/api/measures?as_of={as_of}").json()["rows"]
    in_force = [m for m in measures if m["applied"] and not m["lifted"]]
    assert items[3].startswith(f"{len(in_force)} measures and enforcement actions in force")
    assert f"on {len({m['company'] for m in in_force})} companies" in items[3]
    # what is known leads the row: fines, their sum and the measures in force, with dates
    heads = page.locator("#board thead tr").first.locator("th").all_inner_texts()
    assert [h.strip(" ↕") for h in heads[:4]] == ["company", "fines", "sum", "measures in force"]
    held = page.inner_text('#board tr[data-company="google"] td.measures')
    google = [m for m in in_force if m["company"] == "google"]
    assert google and all(f"since {m['applied']}" in held for m in google)
    # the legend comes before the table; a cell without deciding facts says so, muted
    legend = page.locator("#legend").bounding_box()
    table = page.locator("#board").bounding_box()
    assert legend["y"] < table["y"]
    cell = page.locator(
        '#board tr[data-company="google"] td[data-column="ru-236-fz.feedback-form"]'
    )
    assert cell.inner_text() == "no facts recorded"
    assert "no_facts" in (cell.get_attribute("class") or "")
    assert "unknown" in (cell.locator("a").get_attribute("title") or "")
    # obligations by name, under their jurisdiction
    heads = page.locator("#board thead th.jurisdiction").all_inner_texts()
    assert heads[0] == "RU" and len(heads) == len(set(heads))
    names = page.locator("#board thead th[data-column]").all_inner_texts()
    assert "feedback form" in names and not any("." in n for n in names)
    shot(page, "board-headline")


def test_arrow_keys_on_the_slider_reload_once_they_rest(
    page: Any, server: tuple[str, World]
) -> None:
    base, _ = server
    page.goto(f"{base}/?as_of=2023-06-01")
    loads: list[str] = []
    page.on("framenavigated", lambda frame: loads.append(frame.url))
    page.focus("#as-of-slider")
    with page.expect_navigation():
        for _ in range(3):
            page.keyboard.press("ArrowRight")
    assert len(loads) == 1  # three presses, one reload
    assert page.inner_text("#as-of") == "2023-06-04"
    # the slider's year ticks
    years = page.locator("#slider-years option").evaluate_all("o => o.map(x => x.label)")
    assert years[0] == "2016" and years[-1] == str(dt.date.today().year)


def test_the_company_note_comes_last_with_its_links(page: Any, server: tuple[str, World]) -> None:
    base, _ = server
    page.goto(f"{base}/companies/google?as_of=2024-01-01")
    note = page.locator("#company-note")
    assert note.count() == 1  # the case book's note on what it could not record as facts
    assert page.locator("main section h2").all_inner_texts()[-1] == "Note"
    # the page opens with its name, date and summary, not with the note
    assert page.locator("main > p.note").count() == 0
    urls = [w.rstrip(".,;)") for w in note.inner_text().split() if w.startswith("http")]
    links = note.locator("a")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == urls
