"""Reading a batch-imported picture: audience rows built without validation are the events
validation makes, and every other shape is still validated."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from landfall.errors import StorageError
from landfall.facts.model import AudienceEvent, FactsDocument
from landfall.ledger import NewEvent, SqlLedger, import_facts
from landfall.ledger.construct import audience, audience_text, plain_figure
from landfall.ledger.events import canonical_json
from landfall.rulebooks.ru import rulebook

BASE = {"date": "2021-03-01", "type": "audience", "resource": "r.example"}

BUILT = [
    pytest.param({**BASE, "daily_users_ru": 500_000}, id="short-form"),
    pytest.param({**BASE, "daily_users_ru": 0}, id="zero"),
    pytest.param({**BASE, "daily_users_ru": 10**20}, id="huge"),
    pytest.param({**BASE, "date": "2021-03-01T23:30:00+03:00", "daily_users_ru": 1}, id="datetime"),
    pytest.param({**BASE, "date": "2021-03-01T20:30:00Z", "daily_users_ru": 1}, id="utc-z"),
    pytest.param(
        {**BASE, "daily_users_ru": 7, "source": "s", "note": "n", "method": "hll", "public": True},
        id="every-optional",
    ),
    pytest.param({**BASE, "daily_users_ru": 7, "public": False}, id="private"),
]

VALIDATED = [
    pytest.param({**BASE, "daily_users_ru": True}, id="boolean-figure"),
    pytest.param({**BASE, "daily_users_ru": -1}, id="negative"),
    pytest.param({**BASE, "daily_users_ru": 5.0}, id="decimal"),
    pytest.param({**BASE, "daily_users_ru": "5"}, id="text-figure"),
    pytest.param({**BASE, "country": "EU", "metric": "daily_users", "value": 3}, id="neutral"),
    pytest.param({**BASE, "daily_users_ru": 3, "country": "KZ"}, id="forms-disagree"),
    pytest.param({**BASE, "daily_users_ru": 3, "source": ["a", "b"]}, id="source-list"),
    pytest.param({**BASE, "daily_users_ru": 3, "status": "verified"}, id="status"),
    pytest.param({**BASE, "daily_users_ru": 3, "public": 1}, id="public-number"),
    pytest.param({**BASE, "daily_users_ru": 3, "note": 4}, id="note-number"),
    pytest.param({**BASE, "daily_users_ru": 3, "extra": 1}, id="unknown-key"),
    pytest.param({**BASE, "date": "2021-03-01T10:00:00", "daily_users_ru": 3}, id="naive-time"),
    pytest.param({**BASE, "date": "March 1", "daily_users_ru": 3}, id="bad-date"),
    pytest.param({**BASE, "date": 20210301, "daily_users_ru": 3}, id="date-number"),
    pytest.param({**BASE, "resource": 5, "daily_users_ru": 3}, id="resource-number"),
    pytest.param({**BASE, "type": "audience_series", "daily_users_ru": [3]}, id="other-type"),
    pytest.param({"date": "2021-03-01", "type": "audience", "daily_users_ru": 3}, id="no-resource"),
]


@pytest.mark.parametrize("data", BUILT)
def test_built_event_is_the_validated_one(data: dict[str, Any]) -> None:
    built = audience(json.loads(json.dumps(data)))
    validated = AudienceEvent.model_validate(data)
    assert built is not None
    assert built == validated
    assert built.model_fields_set == validated.model_fields_set
    assert type(built.date) is type(validated.date)
    assert built.model_dump(mode="json", exclude_defaults=True) == data


@pytest.mark.parametrize("data", BUILT)
def test_built_from_the_stored_text_is_the_validated_one(data: dict[str, Any]) -> None:
    built = audience_text(canonical_json(data))
    validated = AudienceEvent.model_validate(data)
    assert built is not None
    assert built == validated
    assert built.model_fields_set == validated.model_fields_set
    assert type(built.date) is type(validated.date)


@pytest.mark.parametrize("data", VALIDATED)
def test_other_shapes_are_left_to_validation(data: dict[str, Any]) -> None:
    assert audience(data) is None
    assert audience_text(canonical_json(data)) is None


@pytest.mark.parametrize(
    "note", ['say "hi"', "back\\slash", "line\nbreak", "tab\t", "\u0001"], ids=repr
)
def test_an_escaped_text_is_decoded_not_matched(note: str) -> None:
    """A text JSON spells with an escape is left to the decoder (which the dict builder
    then builds from), since the text's content is not its spelling."""
    data = {**BASE, "daily_users_ru": 3, "note": note}
    assert audience_text(canonical_json(data)) is None
    assert audience(data) == AudienceEvent.model_validate(data)


def test_the_text_match_is_the_canonical_spelling_only() -> None:
    spelled = canonical_json({**BASE, "daily_users_ru": 3})
    assert audience_text(spelled) is not None
    for other in (
        spelled.replace(":", ": "),  # not canonical: a space
        spelled.replace('"daily_users_ru":3', '"daily_users_ru":03'),  # a leading zero
        spelled.replace('"type":"audience"', '"type":"audience_series"'),
        spelled + " ",
        # a raw control character, which JSON must escape (a row not written by the ledger)
        canonical_json({**BASE, "daily_users_ru": 3, "note": "a"}).replace('"a"', '"a\x01"'),
        # past Python's limit on the digits of an integer read from text
        spelled.replace('"daily_users_ru":3', '"daily_users_ru":' + "9" * 5000),
    ):
        assert audience_text(other) is None, other


def test_picture_is_the_validated_document(store: SqlLedger, tmp_path: Path) -> None:
    """The document the ledger builds equals the one full validation of the same payloads
    gives (the facts file's own document), fast-built audience rows and all."""
    data = {
        "landfall": 1,
        "companies": [{"id": "c", "country": "CY"}],
        "resources": [{"id": "r.example", "company": "c", "kind": "social_network"}],
        "events": [
            {**BASE, "date": f"2021-03-{d:02d}", "daily_users_ru": 1000 * d} for d in range(1, 9)
        ]
        + [
            {
                **BASE,
                "date": "2021-03-09T12:00:00+03:00",
                "country": "EU",
                "metric": "daily_users",
                "value": 4,
            },
            {**BASE, "date": "2021-03-10", "daily_users_ru": 5, "source": ["a", "b"]},
            {"date": "2021-03-11", "type": "rkn_account", "company": "c"},
        ],
    }
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    import_facts(store, path)
    got = store.facts(dt.date(2021, 12, 31), clock=rulebook().clock)
    want = FactsDocument.model_validate(data)
    assert got == want
    assert got.model_dump(mode="json") == want.model_dump(mode="json")
    assert got.model_fields_set == want.model_fields_set


def test_an_unreadable_stored_payload_names_its_place(store: SqlLedger) -> None:
    good = {**BASE, "daily_users_ru": 1}
    bad = {**BASE, "date": "2021-03-02", "daily_users_ru": -1}
    store.append(
        [
            NewEvent("audience", "c", "r.example", good, good["date"]),
            NewEvent("audience", "c", "r.example", bad, bad["date"]),
        ]
    )
    with pytest.raises(StorageError) as caught:
        store.facts(dt.date(2021, 12, 31), clock=rulebook().clock)
    found = caught.value.diagnostics[0]
    assert found.code == "ledger-payload-invalid"
    assert found.where.field is not None and found.where.field.startswith("events.1.")


def test_events_that_share_a_fields_set_stay_apart() -> None:
    """Built events setting the same fields share one fields set; a copy with a change or an
    attempt to set a field (the models are frozen) leaves every other event's set as it was."""
    first = audience_text(canonical_json({**BASE, "daily_users_ru": 1}))
    second = audience_text(canonical_json({**BASE, "date": "2021-03-02", "daily_users_ru": 2}))
    assert first is not None and second is not None
    before = set(second.model_fields_set)
    changed = first.model_copy(update={"note": "n"})
    assert "note" in changed.model_fields_set
    with pytest.raises(ValueError, match="frozen"):
        first.note = "n"  # type: ignore[misc]
    assert first.model_fields_set == second.model_fields_set == before
    assert "note" not in before


@pytest.mark.parametrize("data", [*BUILT, *VALIDATED])
def test_a_plain_figure_is_the_short_form_on_a_day_alone(data: dict[str, Any]) -> None:
    """Only the date, resource and figure, the date a bare day: anything more is an event
    of its own in the picture to assess."""
    found = plain_figure(canonical_json(data))
    keys = {"date", "type", "resource", "daily_users_ru"}
    plain = set(data) == keys and isinstance(data["date"], str) and len(data["date"]) == 10
    if plain and audience(data) is not None:
        assert found == (
            data["resource"],
            dt.date.fromisoformat(data["date"]),
            data["daily_users_ru"],
        )
    else:
        assert found is None
