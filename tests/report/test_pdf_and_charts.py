"""The PDF says what the HTML says, and the charts' labels fit inside their drawings in print.

The PDF's text is read with poppler's ``pdftotext`` when it is installed (the test is skipped
otherwise, as the page-image test is without ``pdftoppm``); the label check runs in Debian's
chromium on the printed layout (``print`` media, the A4 text width), for English and Russian.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from tests.report.test_headline import data, db, html_footnotes

from landfall.report.company import CHROMIUM, CHROMIUM_ARGS, html_to_pdf, render_html

__all__ = ["db"]  # the crafted ledger, shared with the headline tests

needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is missing")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
A4_TEXT_WIDTH = 718  # CSS px: 210 mm less the report's 10 mm margins, at 96 dpi

OUTSIDE = """() => {
  const out = [];
  for (const svg of document.querySelectorAll("svg")) {
    const box = svg.viewBox.baseVal;
    for (const t of svg.querySelectorAll("text")) {
      const b = t.getBBox();
      if (b.x < 0 || b.y < 0 || b.x + b.width > box.width + 0.5 || b.y + b.height > box.height + 0.5)
        out.push(t.textContent);
    }
  }
  return out;
}"""


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("company", ["google", "vidora"])
def test_nothing_is_clipped_in_print(db: str, company: str, lang: str) -> None:
    from playwright.sync_api import sync_playwright

    from landfall import i18n

    with i18n.speaking(lang):
        page_html = render_html(data(db, company, lang))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": A4_TEXT_WIDTH, "height": 1000})
            page.emulate_media(media="print")
            page.set_content(page_html, wait_until="load")
            assert page.locator("svg").count() >= 1
            clipped: list[Any] = page.evaluate(OUTSIDE)
            wide: int = page.evaluate("document.documentElement.scrollWidth")
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"report-{company}-{lang}.png"), full_page=True)
        finally:
            browser.close()
    assert clipped == []
    assert wide <= A4_TEXT_WIDTH  # no table runs off the printed page


def pdf_text(pdf: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return re.sub(r"\s+", " ", out)


@pytest.mark.browser
@needs_chromium
@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is missing"
)
def test_pdf_has_the_headline_and_the_footnotes(db: str, tmp_path: Path) -> None:
    found = data(db, "vidora")
    page_html = render_html(found)
    target = tmp_path / "vidora.pdf"
    html_to_pdf(page_html, target)
    text = pdf_text(target)
    squeezed = text.replace(" ", "")
    for line in found["headline"]:
        assert line.replace(" ", "") in squeezed, line
    for n, urls in html_footnotes(page_html).items():
        assert f"[{n}]" in text
        for url in urls:
            assert url in squeezed, url
