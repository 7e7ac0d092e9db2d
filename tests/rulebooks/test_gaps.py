"""The one gap period every rulebook reads (``landfall.periods.latest_gap``): Russia, India and
the EU count a duty unmet until a record shows it met; Turkey leaves an unknown state unknown."""

from __future__ import annotations

import datetime as dt

from landfall.periods import latest_gap, merge_periods
from landfall.rulebooks.outcomes import amount_text, period_data

D = dt.date


def test_unmet_until_the_first_record_by_default() -> None:
    # appointed on the 10th, removed on the 20th, appointed again on the 25th
    changes = [(D(2022, 1, 10), True), (D(2022, 1, 20), False), (D(2022, 1, 25), True)]
    assert latest_gap(D(2022, 1, 1), changes) == (D(2022, 1, 20), D(2022, 1, 25))
    assert latest_gap(D(2022, 1, 1), changes[:1]) == (D(2022, 1, 1), D(2022, 1, 10))
    assert latest_gap(D(2022, 1, 1), changes[:2]) == (D(2022, 1, 20), None)
    assert latest_gap(D(2022, 1, 1), []) == (D(2022, 1, 1), None)


def test_met_from_the_due_day_or_before_is_no_gap() -> None:
    assert latest_gap(D(2022, 1, 1), [(D(2022, 1, 1), True)]) is None
    assert latest_gap(D(2022, 1, 1), [(D(2021, 6, 1), True)]) is None
    # removed before the due day, so the gap opens on it
    assert latest_gap(D(2022, 1, 1), [(D(2021, 6, 1), True), (D(2021, 7, 1), False)]) == (
        D(2022, 1, 1),
        None,
    )


def test_an_unknown_state_neither_opens_nor_closes() -> None:
    states: list[tuple[dt.date, bool | None]] = [(D(2022, 1, 1), None), (D(2022, 1, 9), True)]
    assert latest_gap(D(2022, 1, 1), states, before=None) is None
    assert latest_gap(D(2022, 1, 1), states) == (D(2022, 1, 1), D(2022, 1, 9))
    states = [(D(2022, 1, 1), False), (D(2022, 1, 5), None), (D(2022, 1, 9), True)]
    assert latest_gap(D(2022, 1, 1), states, before=None) == (D(2022, 1, 1), D(2022, 1, 9))


def test_periods_on_several_things_merge_and_become_outcome_data() -> None:
    merged = merge_periods([None, (D(2022, 1, 5), D(2022, 2, 1)), (D(2022, 1, 2), D(2022, 1, 9))])
    assert merged == (D(2022, 1, 2), D(2022, 2, 1))
    assert merge_periods([(D(2022, 1, 5), None), (D(2022, 1, 2), D(2022, 1, 9))]) == (
        D(2022, 1, 2),
        None,
    )
    assert period_data(merged) == {"violated_from": D(2022, 1, 2), "violated_until": D(2022, 2, 1)}
    assert period_data((D(2022, 1, 2), None)) == {"violated_from": D(2022, 1, 2)}
    assert period_data(None) == {}


def test_amounts_as_the_explanations_write_them() -> None:
    assert amount_text("RUB", 800000) == "RUB 800,000"
    assert amount_text("EUR", 1234.5) == "EUR 1,234.50"
    assert amount_text("TRY", None) == "unknown"
