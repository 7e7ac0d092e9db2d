"""Facts models from stored payloads, built without a validation pass where that is safe.

A picture of a whole market is hundreds of thousands of daily ``audience`` rows, and
validating each through pydantic was most of what reading the picture cost. An audience
payload the ledger wrote itself is small and of one shape: the short form ``daily_users_ru``
(the model serializes Russian daily users so, :mod:`landfall.facts.format1`) with a date, a
resource and perhaps a source, note, method or public flag. For exactly that shape this
module does what validation would do (the same date parser, the short form expanded to the
same neutral names, the integer checked the same way) and builds the event with
``model_construct``, which skips validation. It is safe because the fast path accepts nothing
that validation would refuse or read differently: any other key, type or value (a list of
sources, a status, a neutral spelling, a boolean figure, a date the parser refuses) goes
through full validation, as does every other event type. The payload was validated once
already, when it was appended through the facts model; a row appended some other way is
checked here all the same.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from landfall.facts.format1 import AUDIENCE_RU
from landfall.facts.model import AudienceEvent
from landfall.periods import parse_when

# The keys of the fast path beside the short form: optional texts and the public flag.
_TEXT_KEYS = ("source", "note", "method")
_KNOWN_KEYS = frozenset({"date", "type", "resource", AUDIENCE_RU.name, "public", *_TEXT_KEYS})


def audience(data: dict[str, Any]) -> AudienceEvent | None:
    """The event validation would make of a stored audience payload of the common shape, or
    None when the payload is of any other shape (the caller validates it)."""
    if data.get("type") != "audience" or not _KNOWN_KEYS.issuperset(data):
        return None
    value = data.get(AUDIENCE_RU.name)
    # `type(...) is int`: a boolean is an int to isinstance, and validation refuses it
    if type(value) is not int or value < 0:
        return None
    resource, date = data.get("resource"), data.get("date")
    if type(resource) is not str or type(date) is not str:
        return None
    public = data.get("public")
    if public is not None and type(public) is not bool:
        return None
    if any(k in data and type(data[k]) is not str for k in _TEXT_KEYS):
        return None
    try:
        when = _parse_when(date)  # the parser the model's `When` runs
    except ValueError:
        return None
    fields: dict[str, Any] = {"date": when, "resource": resource, AUDIENCE_RU.value_field: value}
    for key in ("public", *_TEXT_KEYS):
        if key in data:
            fields[key] = data[key]
    # A copy of one constructed event with these fields set: the same model, fields and
    # fields-set as `model_construct(**all of them)`, which resolves every default of the
    # model anew for each event and cost three times as much.
    return _template().model_copy(update=fields)


@functools.cache
def _template() -> AudienceEvent:
    """An audience event of the short form's implied country and metric (its other fields
    are replaced in every copy)."""
    fields: dict[str, Any] = {
        "date": parse_when("2000-01-01"),
        "type": "audience",
        "resource": "",
        **AUDIENCE_RU.implied,
        AUDIENCE_RU.value_field: 0,
    }
    return AudienceEvent.model_construct(**fields)


_parse_when = functools.lru_cache(maxsize=4096)(parse_when)
"""The model's date parser, once per date text: a year of daily figures has 365 of them for
any number of resources (dates and datetimes are immutable, so sharing them is safe)."""


# Builders by event type; a type without one is always validated.
BUILDERS: dict[str, Callable[[dict[str, Any]], Any | None]] = {"audience": audience}
