"""Limitation of proceedings, KoAP art. 4.5.

The decision must come within the period (3 months for cases heard by a judge, unless the
parameter names a longer one for the article) counted from the day of the offence, or, for a
continuing offence, from the day it was detected (part 2). The period ends on the same date
that many months later (art. 4.8). A missed deadline is not a continuing offence (Plenum No. 5
of 2005, para 14): its offence date is the day after the deadline. A missing start date leaves
the limitation untested, and the explanation says so.
"""

from __future__ import annotations

from landfall.engine.context import Ctx, Outcome
from landfall.facts.model import FineEvent
from landfall.periods import add_months
from landfall.rulebooks.ru.rules import RULES
from landfall.rulebooks.ru.rules.common import KOAP
from landfall.rulebooks.ru.rules.koap.dates import decided_on, is_continuing
from landfall.rulebooks.ru.rules.koap.sanctions import GENERAL, LAW
from landfall.rules.model import Citation

LIMITATION = "koap.general.limitation"


@RULES.rule(
    "koap.limitation",
    id="koap.limitation.art-4-5",
    law=LAW,
    citation=Citation(KOAP, "4.5", "1-2"),
    params=GENERAL,
)
def limitation(ctx: Ctx) -> Outcome:
    """A fine decided after the art. 4.5 period from the offence (or its detection) is time-barred."""
    fine: FineEvent = ctx.item
    decided = decided_on(ctx, fine)
    continuing = is_continuing(ctx, fine.article, fine.part, decided)
    start = fine.detected_date if continuing else fine.offense_date
    if start is None:
        what = "detection date (a continuing offence)" if continuing else "offence date"
        return Outcome(None, [f"art. 4.5 limitation not tested: the {what} is not in the facts"])
    rules = ctx.param(LIMITATION, on=start)
    months: int = rules["by_article"].get(fine.article, rules["months"])
    last = add_months(start, months)
    since = (
        f"detection on {start} (continuing offence)" if continuing else f"the offence on {start}"
    )
    text = f"art. 4.5: {months} months from {since} run to {last}"
    if decided > last:
        return Outcome(
            True, [f"{text}; the decision of {decided} came after them"], data={"last": last}
        )
    return Outcome(False, [f"{text}; decided on {decided}, in time"], data={"last": last})
