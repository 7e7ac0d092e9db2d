"""Citations, the not-subject exception and amounts shared by the Turkish rules.

A jurisdiction imports nothing of another, so none of its clocks, currencies or measures can
reach a Turkish answer; what every rulebook does the same way (an outcome's shape, a gap's
period) comes from ``landfall.periods`` and ``landfall.rulebooks.outcomes``.
"""

from __future__ import annotations

from landfall.engine.context import Ctx, Outcome
from landfall.rulebooks.outcomes import amount_text, unless_applies
from landfall.rules.model import Citation

LAW = "tr-5651"
APPLIES = "tr-5651.applies"
IN_FORCE = "tr-5651.in-force"
ACT = "Law No. 5651"
ARTICLE = "additional 4"
REPRESENTATIVE = "tr-5651.representative"
COUNTRY = "TR"
CURRENCY = "TRY"


def cite(note: str, article: str = ARTICLE) -> Citation:
    return Citation(ACT, article, note=note)


def unless_subject(ctx: Ctx) -> Outcome | None:
    """A duty of a provider the law does not bind is not applicable (or unknown with it)."""
    return unless_applies(
        ctx,
        APPLIES,
        undecided="whether Law 5651 Additional Article 4 applies cannot be decided",
        not_binding="Law 5651 Additional Article 4 does not apply",
    )


def whole(amount: float) -> float:
    """An amount as JSON writes it: 10000000, not 10000000.0."""
    return int(amount) if float(amount).is_integer() else amount


def money(amount: float) -> str:
    """An amount in the rulebook's currency, the way the explanations write it."""
    return amount_text(CURRENCY, amount)
