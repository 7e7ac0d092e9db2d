"""Enforcement actions as rows, the same for the CLI tables, Markdown and the HTML report."""

from __future__ import annotations

from typing import Any

from landfall.i18n import gettext as _
from landfall.service.headline import action_word


def enforcement_action_rows(company: dict[str, Any]) -> list[list[str]]:
    """The company's enforcement actions as rows: date, action, basis, resource, lifted, source
    (the action and whether it is lifted in the language in use)."""
    rows = []
    for a in company.get("enforcement_actions") or []:
        source = a.get("source") or ""
        rows.append(
            [
                str(a.get("date") or ""),
                action_word(str(a.get("action") or "")),
                str(a.get("basis") or ""),
                str(a.get("resource") or ""),
                _("lifted") if a.get("lifted") else _("in force"),
                "; ".join(source) if isinstance(source, list) else str(source),
            ]
        )
    return rows
