"""The Markdown report carries no HTML or Markdown markup from the ledger's texts (F17).

The hostile texts go in as facts (a company name, an event note), the report is written by
the CLI, and the Markdown is rendered the way a viewer would: markdown-it in CommonMark mode,
which passes raw HTML through.
"""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt
from typer.testing import CliRunner

from landfall.cli import app
from landfall.facts.model import FactsDocument
from landfall.ledger import document_events, open_ledger
from landfall.report.markdown import md_text

NAME = '<img src=x onerror="alert(1)"> Evil | Co'
NOTE = "</td><script>alert(2)</script>\n# heading\n[click](javascript:alert(3)) **bold** `code`"


def test_hostile_texts_render_as_text(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    document = {
        "landfall": 1,
        "companies": [{"id": "evil", "name": NAME, "country": "CY"}],
        "events": [
            {"date": "2024-01-10", "type": "list_inclusion", "company": "evil", "note": NOTE}
        ],
    }
    with open_ledger(url) as store:
        store.append(document_events(FactsDocument.model_validate(document)))
    out = tmp_path / "evil.md"
    result = CliRunner().invoke(
        app,
        [
            "report",
            "evil",
            "--as-of",
            "2024-06-01",
            "--format",
            "md",
            "--db",
            url,
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    html = MarkdownIt("commonmark").render(out.read_text(encoding="utf-8"))
    for markup in (
        "<img",
        "<script",
        "</td><script",
        'javascript:alert(3)"',
        "<strong>",
        "<h1>heading",
        "<code>code",
    ):
        assert markup not in html, markup
    # the texts are still there, readable
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; Evil | Co" in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html


def test_md_text_escapes_markup_and_breaks() -> None:
    assert md_text(None) == ""
    assert md_text("a|b") == r"a\|b"
    assert md_text("<b>&") == "&lt;b&gt;&amp;"
    assert md_text("x\r\n- y") == "x - y"
    assert md_text("[a](b)") == r"\[a\](b)"
    assert md_text("plain text, 13.41 part 2") == "plain text, 13.41 part 2"


def test_sources_are_links_and_nothing_else() -> None:
    from landfall.report.markdown import md_url

    page = "https://example.org/judicial_news/2021?a=1&b=[2]"
    html = MarkdownIt("commonmark").render(f"see {md_text(md_url(page))}")
    assert 'href="https://example.org/judicial_news/2021?a=1&amp;b=%5B2%5D"' in html
    # anything that is not a plain web address stays inert text
    for hostile in (
        "javascript:alert(1)",
        "https://x.org/> <script>alert(1)</script>",
        "https://x.org/a b",
        "[x](javascript:alert(1))",
    ):
        rendered = MarkdownIt("commonmark").render(md_text(md_url(hostile)))
        assert "<script" not in rendered and "href" not in rendered, hostile
