"""Citations and obligation outcomes shared by the Russian rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from landfall.engine.context import Ctx, Outcome
from landfall.rules.model import Citation

LANDING = "Federal Law 236-FZ of 01.07.2021"
PERSONAL_DATA = "Federal Law 152-FZ"
INFORMATION = "Federal Law 149-FZ"
KOAP = "KoAP RF"

UNVERIFIED_ARTICLE = "article number unverified"


def landing(note: str) -> Citation:
    return Citation(LANDING, note=note)


def status(
    value: str,
    because: list[str],
    *,
    due: dt.date | dt.datetime | None = None,
    missing: list[str] | None = None,
    **data: Any,
) -> Outcome:
    return Outcome(value, because, missing or [], {"due": due, **data})


def not_applicable_unless_law_applies(ctx: Ctx, law: str, applies: str) -> Outcome | None:
    """The shared exception: an obligation of a law that does not apply is not applicable."""
    verdict = ctx.ask(applies)
    if verdict.value is True:
        return None
    if verdict.value is None:
        return status(
            "unknown",
            [f"whether {law} applies cannot be decided from the facts", *verdict.because],
            missing=verdict.missing_facts,
        )
    return status("not_applicable", [f"{law} does not apply", *verdict.because])


def money(amount: float | int | None) -> str:
    if amount is None:
        return "unknown"
    return f"RUB {amount:,.0f}" if float(amount).is_integer() else f"RUB {amount:,.2f}"
