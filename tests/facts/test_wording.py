"""Facts diagnostics in a writer's words: "did you mean", and no validator internals."""

from __future__ import annotations

import pytest

from landfall.errors import Diagnostic, InputError
from landfall.facts import parse_facts

HEAD = """landfall: 1
companies:
  - id: acme
    country: CY
resources:
  - id: acme.social
    company: acme
"""


def problems(text: str) -> list[Diagnostic]:
    with pytest.raises(InputError) as caught:
        parse_facts(text, name="f.yaml")
    return list(caught.value.diagnostics)


def only(text: str) -> Diagnostic:
    (found,) = problems(text)
    return found


def events(*lines: str) -> str:
    return HEAD + "events:\n" + "".join(f"  - {line}\n" for line in lines)


def test_a_misspelt_company_field_gets_the_field_it_meant() -> None:
    d = only(HEAD.replace("country: CY", "country: CY\n    nmae: Acme"))
    assert (d.code, d.where.line, d.where.field) == ("unknown-field", 5, "companies[0].nmae")
    assert d.message == "'nmae' is not a field of a company"
    assert d.hint == "did you mean 'name'?"


def test_a_misspelt_event_field_is_matched_against_that_event_types_fields() -> None:
    d = only(
        events("{date: 2021-10-01, type: feedback_form, resource: acme.social, remvoed: true}")
    )
    assert d.message == "'remvoed' is not a field of an event of type `feedback_form`"
    assert d.hint == "did you mean 'removed'?"


def test_the_short_form_is_a_field_that_can_be_meant() -> None:
    found = problems(
        events("{date: 2021-10-01, type: audience, resource: acme.social, daily_user_ru: 5}")
    )
    (d,) = [p for p in found if p.code == "unknown-field"]
    assert d.hint is not None and "'daily_users_ru'" in d.hint
    missing = [p.message for p in found if p.code == "missing-field"]
    assert missing == ["`country` is missing", "`metric` is missing", "`value` is missing"]


def test_a_nested_field_is_matched_against_its_own_model() -> None:
    d = only(
        HEAD.replace(
            "country: CY",
            "country: CY\n    revenue:\n"
            "      - {year: 2021, amount: 1, currency: EUR, scope: world, sorce: x}",
        )
    )
    assert d.where.field == "companies[0].revenue[0].sorce"
    assert d.message == "'sorce' is not a field of a `revenue` entry"
    assert d.hint == "did you mean 'source' or 'scope'?"


def test_a_name_far_from_every_field_lists_the_fields() -> None:
    d = only(events("{date: 2021-10-01, type: feedback_form, resource: acme.social, zzz: 1}"))
    assert d.hint is not None and d.hint.startswith("the fields are: ")
    assert "resource" in d.hint and "removed" in d.hint


def test_an_unknown_event_type_gets_the_type_it_meant() -> None:
    d = only(events("{date: 2021-10-01, type: feedback_from, resource: acme.social}"))
    assert (d.code, d.message) == ("unknown-event-type", "unknown event type 'feedback_from'")
    assert d.hint == "did you mean 'feedback_form'?"


def test_an_unknown_event_type_far_from_all_lists_them() -> None:
    d = only(events("{date: 2021-10-01, type: zzz, resource: acme.social}"))
    assert d.hint is not None and d.hint.startswith("the event types are: audience, ")


def test_an_enum_value_gets_the_value_it_meant_and_the_choices_in_plain_words() -> None:
    d = only(HEAD.replace("company: acme", "company: acme\n    kind: socail_network"))
    assert d.code == "invalid-choice"
    assert d.message.startswith("'socail_network' is not one of: website, app, social_network")
    assert "Input should be" not in d.message
    assert d.hint == "did you mean 'social_network'?"


@pytest.mark.parametrize(
    ("line", "kind", "value", "known"),
    [
        (
            "{date: 2021-10-01, type: feedback_form, resource: acme.socal}",
            "resource",
            "acme.socal",
            "acme.social",
        ),
        ("{date: 2021-10-01, type: rkn_account, company: acmee}", "company", "acmee", "acme"),
    ],
)
def test_an_unknown_id_gets_the_defined_id_it_meant(
    line: str, kind: str, value: str, known: str
) -> None:
    d = only(events(line))
    assert d.code == f"unknown-{kind}"
    assert d.message == f"{kind} {value!r} is not defined in this document"
    assert d.hint == f"did you mean {known!r}?"


def test_an_unknown_id_far_from_all_says_where_ids_are_defined_in_plain_words() -> None:
    company = only(events("{date: 2021-10-01, type: rkn_account, company: zeta}"))
    assert company.hint == "add it under `companies:`, or fix the spelling"
    demand = only(events("{date: 2021-10-01, type: demand_met, company: acme, demand: d-1}"))
    assert (
        demand.hint == "record the demand as a `demand` event with this `id`, or fix the spelling"
    )
    assert "companys" not in str(company.hint) + str(demand.hint)


def test_a_demand_id_is_suggested_from_the_same_companys_demands_only() -> None:
    d = only(
        events(
            "{date: 2021-10-01, type: demand, company: acme, id: td-001, kind: takedown}",
            "{date: 2021-10-02, type: demand_met, company: acme, demand: td-01}",
        )
    )
    assert d.hint == "did you mean 'td-001'?"


def test_a_date_in_another_form_says_how_to_write_it() -> None:
    d = only(events("{date: 01.10.2021, type: feedback_form, resource: acme.social}"))
    assert d.code == "invalid-date"
    assert "isoformat" not in d.message.lower()
    assert d.message.startswith("'01.10.2021' is not a date: use YYYY-MM-DD")


def test_a_day_only_field_in_another_form_asks_for_a_day() -> None:
    d = only(
        events(
            "{date: 2021-10-01, type: fine, company: acme, amount_rub: 100, article: '13.11',"
            " in_force_date: 01.10.2021}"
        )
    )
    assert (d.code, d.where.field) == ("invalid-date", "events[0].in_force_date")
    assert d.message == "'01.10.2021' is not a date: write YYYY-MM-DD"


def test_a_document_without_the_version_line_says_so() -> None:
    d = only(HEAD.removeprefix("landfall: 1\n"))
    assert d.code == "unsupported-format-version"
    assert d.message == "the document does not say `landfall: 1`"
    assert "None" not in d.message


def test_another_version_is_named_as_written() -> None:
    d = only(HEAD.replace("landfall: 1", "landfall: 2"))
    assert d.message == "`landfall: 2` is not a format this landfall reads (1)"
