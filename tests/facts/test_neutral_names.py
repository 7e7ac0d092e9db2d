"""Format 1's short forms and the neutral names are one fact: same document, same assessment.

Every legal case in ``tests/cases`` is assessed twice, as written and rewritten into the
neutral spelling (``country``/``metric``/``value``, ``amount``/``currency``, an explicit
``country: RU``, ``revenue`` entries); the two assessments must be equal in full.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from landfall.engine import assess
from landfall.errors import InputError
from landfall.facts import parse_facts
from landfall.facts.model import FactsDocument
from landfall.rulebooks.ru import rulebook

CASES = Path(__file__).parents[1] / "cases"
COUNTRY_DEFAULTED = {"local_presence", "demand", "measure_applied", "measure_lifted"}
COUNTRY_DEFAULTED |= {"list_inclusion", "registration", "enforcement_action"}


def _cases() -> list[Any]:
    return [
        pytest.param(case, id=f"{path.stem}:{case['name']}")
        for path in sorted(CASES.glob("*.yaml"))
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]


def neutral(facts: dict[str, Any]) -> dict[str, Any]:
    """The same facts with no format-1 short form left."""
    out = json.loads(json.dumps(facts, default=lambda v: v.isoformat()))
    for company in out.get("companies", []):
        rubles = company.pop("revenue_rub", {})
        company["revenue"] = [
            *company.get("revenue", []),
            *(
                {"year": int(y), "amount": n, "currency": "RUB", "scope": "RU"}
                for y, n in rubles.items()
            ),
        ]
    for event in out.get("events", []):
        if "daily_users_ru" in event:
            event.update(country="RU", metric="daily_users", value=event.pop("daily_users_ru"))
        if "amount_rub" in event:
            event.update(amount=event.pop("amount_rub"), currency="RUB")
        if event.get("type") in COUNTRY_DEFAULTED:
            event.setdefault("country", "RU")
    return out


def _assessment(facts: dict[str, Any], as_of: Any) -> dict[str, Any]:
    text = json.dumps(facts, default=lambda v: v.isoformat())
    day = as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(as_of)
    return assess(rulebook(), parse_facts(text), day).to_dict()


@pytest.mark.parametrize("case", _cases())
def test_neutral_spelling_gives_the_same_assessment(case: dict[str, Any]) -> None:
    rewritten = neutral(case["facts"])
    assert "daily_users_ru" not in json.dumps(rewritten)
    assert "amount_rub" not in json.dumps(rewritten)
    assert _assessment(rewritten, case["as_of"]) == _assessment(case["facts"], case["as_of"])


FORMAT_1 = """\
landfall: 1
companies: [{id: acme, country: CY}]
resources: [{id: acme.social, company: acme}]
events:
  - {date: 2021-09-01, type: audience, resource: acme.social, daily_users_ru: 650000}
  - {date: 2021-09-02, type: audience_series, resource: acme.social, daily_users_ru: [1, 2]}
  - {date: 2022-02-01, type: fine, company: acme, article: "13.41", amount_rub: 3000000}
"""
NEUTRAL = """\
landfall: 1
companies: [{id: acme, country: CY}]
resources: [{id: acme.social, company: acme}]
events:
  - {date: 2021-09-01, type: audience, resource: acme.social,
     country: RU, metric: daily_users, value: 650000}
  - {date: 2021-09-02, type: audience_series, resource: acme.social,
     country: RU, metric: daily_users, value: [1, 2]}
  - {date: 2022-02-01, type: fine, company: acme, article: "13.41",
     amount: 3000000, currency: RUB}
"""


def test_both_spellings_read_as_one_document_and_serialise_in_the_short_form() -> None:
    short, long = parse_facts(FORMAT_1), parse_facts(NEUTRAL)
    assert short == long
    audience = short.events[0]
    assert (audience.country, audience.metric, audience.value) == ("RU", "daily_users", 650000)
    # what the ledger stores: the short form, as an earlier version wrote it
    dumped = long.model_dump(mode="json", exclude_defaults=True)["events"]
    assert dumped[0] == {
        "type": "audience",
        "date": "2021-09-01",
        "resource": "acme.social",
        "daily_users_ru": 650000,
    }
    assert dumped[1]["daily_users_ru"] == [1, 2] and "value" not in dumped[1]
    assert dumped[2]["amount_rub"] == 3000000 and "currency" not in dumped[2]
    assert FactsDocument.model_validate(short.model_dump(mode="json")) == short


def test_a_figure_the_short_form_cannot_say_stays_neutral() -> None:
    doc = parse_facts(
        NEUTRAL.replace("country: RU, metric: daily_users, value: 650000", "country: TR,"
        " metric: daily_access, value: 650000").replace("currency: RUB", "currency: TRY")
    )  # fmt: skip
    dumped = doc.model_dump(mode="json", exclude_defaults=True)["events"]
    assert dumped[0]["country"] == "TR" and "daily_users_ru" not in dumped[0]
    assert dumped[2]["currency"] == "TRY" and "amount_rub" not in dumped[2]
    assert doc.events[0].daily_users_ru is None and doc.events[2].amount_rub is None


@pytest.mark.parametrize(
    ("event", "field", "names"),
    [
        ("{type: audience, resource: r, daily_users_ru: 5, value: 6}", "events[0]", "`value: 6`"),
        ("{type: audience, resource: r, daily_users_ru: 5, country: TR}", "events[0]", "`country: TR`"),
        ("{type: audience_series, resource: r, daily_users_ru: [5], metric: daily_access}",
         "events[0]", "`metric: daily_access`"),
        ("{type: fine, company: c, article: '13.41', amount_rub: 5, currency: EUR}",
         "events[0]", "`currency: EUR`"),
    ],
)  # fmt: skip
def test_short_form_and_neutral_fields_must_agree(event: str, field: str, names: str) -> None:
    text = (
        "landfall: 1\ncompanies: [{id: c}]\nresources: [{id: r, company: c}]\nevents:\n"
        f"  - {{date: 2022-01-01, {event[1:]}\n"
    )
    with pytest.raises(InputError) as e:
        parse_facts(text, name="both.yaml")
    first = e.value.diagnostics[0]
    assert (first.code, first.where.file, first.where.line, first.where.field) == (
        "forms-disagree",
        "both.yaml",
        5,
        field,
    )
    assert names in first.message and first.hint
    assert e.value.exit_code == 2


def test_the_same_figure_in_both_forms_is_accepted() -> None:
    doc = parse_facts(
        FORMAT_1.replace("daily_users_ru: 650000", "daily_users_ru: 650000, value: 650000")
    )
    assert doc == parse_facts(FORMAT_1)


def test_a_bad_short_form_is_named_as_written() -> None:
    with pytest.raises(InputError) as e:
        parse_facts(FORMAT_1.replace("amount_rub: 3000000", "amount_rub: lots"), name="f.yaml")
    first = e.value.diagnostics[0]
    assert (first.code, first.where.line, first.where.field) == (
        "wrong-type",
        7,
        "events[2].amount_rub",
    )


def test_an_event_without_a_figure_names_the_neutral_fields() -> None:
    with pytest.raises(InputError) as e:
        parse_facts(FORMAT_1.replace(", daily_users_ru: 650000", ""))
    fields = {d.where.field for d in e.value.diagnostics}
    assert "events[0].value" in fields


RUSSIA_AND_TURKEY = """\
landfall: 1
companies: [{id: acme, country: CY}]
resources: [{id: acme.social, company: acme, kind: social_network, russian_language: true}]
events:
  - {date: 2022-01-01, type: audience, resource: acme.social, country: TR, metric: daily_users,
     value: 9000000}
  - {date: 2022-01-01, type: measure_applied, company: acme, country: TR, measure: bandwidth-50}
  - {date: 2021-11-15, type: fine, company: acme, law: tr-5651, article: "ek 4", amount: 10000000,
     currency: TRY}
"""


def test_the_russian_rulebook_reads_only_russian_facts() -> None:
    result = assess(rulebook(), parse_facts(RUSSIA_AND_TURKEY), dt.date(2022, 3, 1)).to_dict()
    company = result["companies"][0]
    landing = next(law for law in company["laws"] if law["law"] == "ru-236-fz")
    # nine million Turkish users are not Russian daily users
    assert landing["applies"] is None
    assert any("no daily-audience figure" in b for b in landing["because"])
    assert company["measures"]["applied"] == []
    # a fine under another act is that act's rulebook's to judge: the Code's rulebook lists none
    assert company["fines"] == []
    # a fine in another currency under the Code itself is weighed and left undecided
    foreign = RUSSIA_AND_TURKEY.replace("law: tr-5651, ", "")
    (fine,) = assess(rulebook(), parse_facts(foreign), dt.date(2022, 3, 1)).to_dict()["companies"][
        0
    ]["fines"]
    assert (fine["amount"], fine["currency"], fine["amount_rub"], fine["range_rub"]) == (
        10000000,
        "TRY",
        None,
        None,
    )
    assert fine["verdict"] == "undecided"
    assert any("weighs KoAP fines in rubles only" in b for b in fine["because"])
    assert company["exposure"] == []  # no art. 20.25 for a fine under another law
    # the same unpaid fine under the Code, in rubles, exposes the company to art. 20.25
    rubles = RUSSIA_AND_TURKEY.replace("law: tr-5651, ", "").replace("TRY", "RUB")
    again = assess(rulebook(), parse_facts(rubles), dt.date(2022, 3, 1)).to_dict()
    assert [e["article"] for e in again["companies"][0]["exposure"]] == ["20.25"]


def test_russian_daily_users_beside_other_metrics_decide_alone() -> None:
    text = RUSSIA_AND_TURKEY.replace(
        "  - {date: 2022-01-01, type: measure_applied",
        "  - {date: 2022-01-01, type: audience, resource: acme.social, daily_users_ru: 400000}\n"
        "  - {date: 2022-01-01, type: measure_applied",
    )
    result = assess(rulebook(), parse_facts(text), dt.date(2022, 3, 1)).to_dict()
    landing = next(law for law in result["companies"][0]["laws"] if law["law"] == "ru-236-fz")
    assert landing["applies"] is False
    assert any("400,000 daily users in Russia" in b for b in landing["because"])


def test_the_facts_schema_accepts_either_spelling() -> None:
    defs = FactsDocument.model_json_schema()["$defs"]
    for name, short, neutral_fields in [
        ("AudienceEvent", "daily_users_ru", {"country", "metric", "value"}),
        ("AudienceSeriesEvent", "daily_users_ru", {"country", "metric", "value"}),
        ("FineEvent", "amount_rub", {"amount", "currency"}),
    ]:
        schema = defs[name]
        assert short in schema["properties"] and schema["properties"][short]["description"]
        assert not neutral_fields & set(schema["required"])
        one, other = schema["anyOf"]
        assert one == {"required": [short]} and set(other["required"]) == neutral_fields


def test_another_states_register_of_violators_is_not_russias() -> None:
    text = """\
landfall: 1
companies: [{id: net, country: US}]
resources: [{id: net.example, company: net, kind: social_network, processes_russian_users_data: true,
             payments_from_russia: true}]
events:
  - {date: 2015-01-01, type: data_store, company: net, store: us1, country: US,
     holds_russian_personal_data: true, role: primary}
  - {date: 2016-11-16, type: enforcement_action, company: net, country: TR, action: register_of_violators}
  - {date: 2016-11-17, type: enforcement_action, company: net, action: register_of_violators}
"""
    result = assess(rulebook(), parse_facts(text), dt.date(2017, 1, 1)).to_dict()
    company = result["companies"][0]
    localization = next(o for o in company["obligations"] if o["id"] == "ru-152-fz.localization")
    entered = [b for b in localization["because"] if "register of violators: entered" in b]
    assert entered == ["register of violators: entered on 2016-11-17"]  # not Turkey's
    assert [a["country"] for a in company["enforcement_actions"]] == ["TR", "RU"]
