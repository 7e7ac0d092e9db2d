"""A facts document's models built from its parsed tree, within about the memory of the models.

Validating the whole tree at once holds the tree (a dict per event) and every model built
from it until the end: for a large JSON file that was about 15 times the file's size. Here
each event's dict is let go as soon as its model is built, so the two are never both whole;
and the models that set the same fields share one record of which fields were set (pydantic
keeps a set of names per model, about 700 bytes, often the largest part of a small event).
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from landfall.facts.format1 import AUDIENCE_RU
from landfall.facts.model import AudienceSeriesEvent, Event, FactsDocument

_EVENT: TypeAdapter[Any] = TypeAdapter(Event)

MAX_ERRORS = 50
"""Validation errors kept for the diagnostics (a file of bad events names the first ones)."""


class DocumentInvalidError(ValueError):
    """The validation errors of a document, located as if it had been validated whole."""

    def __init__(self, errors: list[ErrorDetails]) -> None:
        super().__init__(f"{len(errors)} validation errors")
        self.errors = errors


def build_document(data: dict[str, Any], least: dict[int, int] | None = None) -> FactsDocument:
    """The document's models. ``data['events']`` is consumed: an event's dict is replaced by
    None once its model is built; an event that fails keeps its dict, for the diagnostic.
    ``least``: the least value of the integer lists already checked whole, by ``id``
    (:func:`landfall.facts.loader.check_shape`)."""
    events = data.get("events")
    if not isinstance(events, list):
        return _whole(data)
    built: list[Any] = []
    errors: list[ErrorDetails] = []
    shared: dict[frozenset[str], set[str]] = {}
    for i, raw in enumerate(events):
        events[i] = None
        try:
            model = _series_in_bulk(raw, least or {})
            if model is None:
                model = _EVENT.validate_python(raw)
        except ValidationError as e:
            events[i] = raw
            if len(errors) < MAX_ERRORS:
                errors.extend(
                    {**err, "loc": ("events", i, *err["loc"])}
                    for err in e.errors(include_url=False)
                )
            continue
        _share_fields_set(model, shared)
        built.append(model)
    try:
        # the events are models now: pydantic keeps the instances (revalidate_instances=never)
        doc = _whole({**data, "events": built})
    except DocumentInvalidError as e:
        errors = [*e.errors, *errors]
    if errors:
        raise DocumentInvalidError(errors[:MAX_ERRORS])
    for record in (*doc.companies, *doc.resources):
        _share_fields_set(record, shared)
    return doc


def all_integers(values: list[Any]) -> bool:
    """Whether every item is an ``int`` proper (a boolean is not), in one pass in C."""
    return set(map(type, values)) == {int}


# The fields a series' figures may be given in (format 1's short form, or the neutral one).
_SERIES_FIELDS = (AUDIENCE_RU.name, AUDIENCE_RU.value_field)


def _series_in_bulk(raw: Any, least: dict[int, int]) -> AudienceSeriesEvent | None:
    """An ``audience_series`` event whose figures are all whole and not negative, validated
    with its figures checked at once rather than one validator call per figure (a year of
    daily figures is 365 calls: 2.6 s for 10,000 resources); None for any other event, or
    one with a figure that is not, which the model then validates value by value, so that
    its diagnostic names the figure."""
    if type(raw) is not dict or raw.get("type") != "audience_series":
        return None
    given = [f for f in _SERIES_FIELDS if f in raw]
    if len(given) != 1:
        return None  # no figures, or both spellings (whether they agree is the model's to say)
    values = raw[given[0]]
    if type(values) is not list or not values:
        return None
    low = least.get(id(values))
    if low is None:  # not checked whole yet
        low = min(values) if all_integers(values) else -1
    if low < 0:
        return None
    model = AudienceSeriesEvent.model_validate({**raw, given[0]: []})
    # frozen models: the checked list itself becomes the figures, no copy and no re-check
    object.__setattr__(model, "value", values)
    return model


def _whole(data: Any) -> FactsDocument:
    try:
        return FactsDocument.model_validate(data)
    except ValidationError as e:
        raise DocumentInvalidError(e.errors(include_url=False)) from e


def _share_fields_set(model: Any, shared: dict[frozenset[str], set[str]]) -> None:
    # The models are frozen, so nothing adds to a model's own set after validation (a copy
    # copies it first): equal sets can be one object.
    fields = model.__pydantic_fields_set__
    one = shared.setdefault(frozenset(fields), fields)
    if one is not fields:
        object.__setattr__(model, "__pydantic_fields_set__", one)
