"""Citations, the not-applicable exception and amounts shared by the Russian rules."""

from __future__ import annotations

from landfall.engine.context import Ctx, Outcome
from landfall.rulebooks.outcomes import amount_text, unless_applies
from landfall.rules.model import Citation

LANDING = "Federal Law 236-FZ of 01.07.2021"
PERSONAL_DATA = "Federal Law 152-FZ"
INFORMATION = "Federal Law 149-FZ"
KOAP = "KoAP RF"
CURRENCY = "RUB"


def landing(note: str) -> Citation:
    return Citation(LANDING, note=note)


def not_applicable_unless_law_applies(ctx: Ctx, law: str, applies: str) -> Outcome | None:
    """The shared exception: an obligation of a law that does not apply is not applicable."""
    return unless_applies(
        ctx,
        applies,
        undecided=f"whether {law} applies cannot be decided from the facts",
        not_binding=f"{law} does not apply",
    )


def money(amount: float | int | None) -> str:
    return amount_text(CURRENCY, amount)
