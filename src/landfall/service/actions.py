"""Enforcement actions as rows, the same for the CLI tables, Markdown and the HTML report."""

from __future__ import annotations

from typing import Any


def enforcement_action_rows(company: dict[str, Any]) -> list[list[str]]:
    """The company's enforcement actions as rows: date, action, basis, resource, lifted, source."""
    rows = []
    for a in company.get("enforcement_actions") or []:
        source = a.get("source") or ""
        rows.append(
            [
                str(a.get("date") or ""),
                str(a.get("action") or "").replace("_", " "),
                str(a.get("basis") or ""),
                str(a.get("resource") or ""),
                "lifted" if a.get("lifted") else "in force",
                "; ".join(source) if isinstance(source, list) else str(source),
            ]
        )
    return rows
