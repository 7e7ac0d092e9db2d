"""`landfall report`: Markdown, self-contained HTML, and a PDF whose pages render non-blank."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.api.support import build_template
from typer.testing import CliRunner

from landfall.cli import app

AS_OF = "2024-06-01"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("report") / "ledger.db"
    build_template(path)
    return f"sqlite:///{path}"


def report(db: str, out: Path, fmt: str, company: str = "google") -> Path:
    result = CliRunner().invoke(
        app, ["report", company, "--as-of", AS_OF, "--format", fmt, "--db", db, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def test_markdown_report(db: str, tmp_path: Path) -> None:
    text = report(db, tmp_path / "g.md", "md").read_text(encoding="utf-8")
    for needle in (
        "# Compliance report: Google LLC",
        "## Obligations",
        "### RU",
        "| localization `ru-152-fz.localization` |",  # the rulebook's name, then the id
        "Federal Law 152-FZ",
        "## Fines",
        "13.41",
        "| ledger | verified",
        "## Audience",
        "## Takedown demands",
        "## Sources",
    ):
        assert needle in text, needle
    # no demand recorded, under takedown fines: said so, not "0 demands, no decided demands"
    assert re.search(r"\nno demands recorded \(\d+ takedown fines\)", text)
    head = text.split("last event hash `")[1][:64]
    assert len(head) == 64 and all(c in "0123456789abcdef" for c in head)


def test_html_report_is_self_contained(db: str, tmp_path: Path) -> None:
    text = report(db, tmp_path / "a.html", "html", "acme").read_text(encoding="utf-8")
    assert "<svg" in text
    assert 'aria-label="timeline of events"' in text
    assert "threshold 500,000" in text
    assert 'aria-label="audience: RU: daily users"' in text
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")
    assert "<script" not in text
    assert 'id="ledger-head"' in text


def test_unknown_company_is_a_diagnostic(db: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["report", "nobody", "--db", db, "--out", str(tmp_path / "x.md"), "--format", "md"]
    )
    assert result.exit_code == 4
    assert "unknown-company" in result.output


def _pages_have_ink(directory: Path) -> list[float]:
    """The share of non-white pixels on each page image (binary PPM from pdftoppm)."""
    shares = []
    for image in sorted(directory.glob("page-*.ppm")):
        data = image.read_bytes()
        fields = data.split(maxsplit=4)
        assert fields[0] == b"P6"
        width, height = int(fields[1]), int(fields[2])
        pixels = fields[4]
        assert len(pixels) >= width * height * 3
        dark = sum(1 for i in range(0, width * height * 3, 3 * 7) if pixels[i] < 200)
        shares.append(dark / (width * height / 7))
    return shares


@pytest.mark.browser
@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="/usr/bin/chromium is missing")
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is missing")
def test_pdf_report_pages_render_non_blank(db: str, tmp_path: Path) -> None:
    pdf = report(db, tmp_path / "g.pdf", "pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")
    subprocess.run(["pdftoppm", "-r", "30", str(pdf), str(tmp_path / "page")], check=True)
    shares = _pages_have_ink(tmp_path)
    assert len(shares) >= 2
    # every page carries content; the last may hold only the tail of the text
    assert all(share > 0.005 for share in shares[:-1]), shares
    assert shares[-1] > 0.0005, shares
    artifacts = Path(__file__).resolve().parents[2] / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf),
            str(artifacts / "report-google"),
        ],
        check=True,
    )
