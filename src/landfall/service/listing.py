"""The rulebook in force on a date as plain data: laws, parameters and rules.

One listing for every face: ``landfall rules --format json``, ``GET /api/rulebook`` and the
dashboard's rulebook page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from landfall.engine.context import plain
from landfall.rules.model import Rulebook


def rules_dict(rulebook: Rulebook, as_of: dt.date) -> dict[str, Any]:
    """Every law (in force or not), parameter in force and rule of ``rulebook`` on ``as_of``."""
    return {
        "rulebook": {"id": rulebook.id, "version": rulebook.version, "title": rulebook.title},
        "as_of": as_of.isoformat(),
        "laws": [
            {
                "id": law.id,
                "title": law.title,
                "citation": law.citation.to_dict(),
                "in_force": rulebook.parameter(law.in_force).at(as_of) is not None,
            }
            for law in rulebook.laws.values()
        ],
        "parameters": [
            {
                "id": pid,
                "description": p.description,
                "unit": p.unit,
                "value": plain(dated.value),
                "effective_from": dated.start.isoformat(),
                "status": dated.status,
                "note": dated.note,
                "citation": dated.citation.to_dict(),
                "history": [
                    {"from": v.start.isoformat(), "value": plain(v.value), "status": v.status}
                    for v in p.values
                ],
            }
            for pid, p in sorted(rulebook.parameters.items())
            if (dated := p.at(as_of)) is not None
        ],
        "rules": [
            {
                "id": rule.id,
                "definition": definition,
                "law": rule.law,
                "exception_to": rule.exception_to,
                "citation": str(rule.citation),
                "summary": rule.summary,
                "parameters": list(rule.params),
            }
            for definition, group in rulebook.rules.items()
            for rule in group
        ],
    }
