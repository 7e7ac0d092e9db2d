"""Self-contained reports (HTML with inline CSS and SVG; no network), Markdown and PDF."""

from landfall.report.company import company_report, write_report

__all__ = ["company_report", "write_report"]
