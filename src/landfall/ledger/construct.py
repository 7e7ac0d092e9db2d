"""Facts models from stored payloads, built without a validation pass where that is safe.

A picture of a whole market is hundreds of thousands of daily ``audience`` rows, and
validating each through pydantic was most of what reading the picture cost. An audience
payload the ledger wrote itself is small and of one shape: the short form ``daily_users_ru``
(the model serializes Russian daily users so, :mod:`landfall.facts.format1`) with a date, a
resource and perhaps a source, note, method or public flag. For exactly that shape this
module does what validation would do (the same date parser, the short form expanded to the
same neutral names, the integer checked the same way) and builds the event as
``model_construct`` does, skipping validation. It is safe because the fast path accepts nothing
that validation would refuse or read differently: any other key, type or value (a list of
sources, a status, a neutral spelling, a boolean figure, a date the parser refuses) goes
through full validation, as does every other event type. The payload was validated once
already, when it was appended through the facts model; a row appended some other way is
checked here all the same.

The common shape is first recognized in the stored text itself (:func:`audience_text`): the
ledger stores canonical JSON, one spelling per value, so the shape's spelling is one pattern,
and a match that holds no escape reads as exactly what decoding would give; anything else is
decoded and goes through :func:`audience`.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import sys
from collections.abc import Callable
from typing import Any

from landfall.facts.format1 import AUDIENCE_RU
from landfall.facts.model import AudienceEvent, AudienceSeriesEvent
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
    return _built(fields)


def _canonical_pattern(*, optional_members: bool = True) -> re.Pattern[str]:
    """The canonical JSON (:func:`~landfall.ledger.events.canonical_json`: sorted keys, no
    spaces) of exactly the fast path's shape, with texts that hold no escape: such a text
    reads back as itself, so matching it is what ``json.loads`` and the checks of
    :func:`audience` would conclude, in a third of their time."""
    # (before, the value's own text, after): a string's group is its content, with no
    # escape and no control character (which JSON must escape; a row written some other way
    # that holds one raw is left to the decoder, which refuses it)
    text = ('"', r'[^"\\\x00-\x1f]*', '"')
    values = {
        AUDIENCE_RU.name: ("", "0|[1-9][0-9]*", ""),
        "date": text,
        "resource": text,
        "public": ("", "true|false", ""),
        **dict.fromkeys(_TEXT_KEYS, text),
    }
    optional = {"public", *_TEXT_KEYS}
    parts = []
    for key in sorted([*values, "type"]):
        if key == "type":
            parts.append('"type":"audience",')
            continue
        before, value, after = values[key]
        member = f"{re.escape(json.dumps(key))}:{before}(?P<{_GROUP[key]}>{value}){after},"
        if key not in optional:
            parts.append(member)
        elif optional_members:
            parts.append(f"(?:{member})?")
    return re.compile("{" + "".join(parts).removesuffix(",") + "}")


_GROUP = {
    key: f"g{i}"
    for i, key in enumerate(["date", "resource", AUDIENCE_RU.name, "public", *_TEXT_KEYS])
}


def audience_text(payload: str) -> AudienceEvent | None:
    """:func:`audience` of a stored payload's text, without decoding it: None when the text
    is not the canonical spelling of the fast path's shape (the caller decodes it)."""
    match = _CANONICAL.fullmatch(payload)
    if match is None:
        return None
    found = match.groupdict()
    try:
        when = _parse_when(found[_GROUP["date"]])
        value = int(found[_GROUP[AUDIENCE_RU.name]])  # past Python's digit limit: decoded
    except ValueError:
        return None
    fields: dict[str, Any] = {
        "date": when,
        # one string for the many events that repeat it (a match makes a new one each time)
        "resource": sys.intern(found[_GROUP["resource"]]),
        AUDIENCE_RU.value_field: value,
    }
    public = found[_GROUP["public"]]
    if public is not None:
        fields["public"] = public == "true"
    for key in _TEXT_KEYS:
        if (text := found[_GROUP[key]]) is not None:
            fields[key] = sys.intern(text)
    return _built(fields)


def _built(fields: dict[str, Any]) -> AudienceEvent:
    """What ``AudienceEvent.model_construct(**implied, **fields)`` builds, for a fraction of
    its cost: model_construct resolves every default of the model anew for each event (and
    ``model_copy`` of a built one copies four attributes through ``copy``), which was most of
    reading a market's picture. The defaults are resolved once, into ``_DEFAULTS``; the
    instance is then set up as model_construct sets it up (its ``__dict__``, the fields set,
    no extra, no private attributes; the model has no post-init). The tests hold the result
    equal to the validated event, fields set included, so a pydantic that builds models
    otherwise fails them rather than the picture."""
    event = _new(AudienceEvent)
    _set(event, "__dict__", {**_DEFAULTS, **fields})
    _set(event, "__pydantic_fields_set__", _fields_set(tuple(fields)))
    _set(event, "__pydantic_extra__", None)
    _set(event, "__pydantic_private__", None)
    return event


def _defaults() -> tuple[dict[str, Any], set[str]]:
    fields: dict[str, Any] = {
        "date": parse_when("2000-01-01"),
        "type": "audience",
        "resource": "",
        **AUDIENCE_RU.implied,
        AUDIENCE_RU.value_field: 0,
    }
    template = AudienceEvent.model_construct(**fields)
    assert not AudienceEvent.__pydantic_post_init__, "model_construct would run the post-init"
    return dict(template.__dict__), set(template.model_fields_set)


_DEFAULTS, _FIELDS_SET = _defaults()
_SHARED_SETS: dict[tuple[str, ...], set[str]] = {}


def _fields_set(keys: tuple[str, ...]) -> set[str]:
    """One fields set for all the events that set these fields: the models are frozen, so
    nothing adds to a model's own set (a copy copies it first), and a set of six names is
    about a third of an event's memory (the facts loader shares its records' sets so too)."""
    shared = _SHARED_SETS.get(keys)
    if shared is None:
        shared = _SHARED_SETS[keys] = _FIELDS_SET | set(keys)
    return shared


_new = AudienceEvent.__new__
_set = object.__setattr__


_parse_when = functools.lru_cache(maxsize=4096)(parse_when)
"""The model's date parser, once per date text: a year of daily figures has 365 of them for
any number of resources (dates and datetimes are immutable, so sharing them is safe)."""


_CANONICAL = _canonical_pattern()
# The shape with none of the optional members: the date, the resource and the figure.
_PLAIN = _canonical_pattern(optional_members=False)
_PLAIN_GROUPS = tuple(_PLAIN.groupindex[_GROUP[k]] for k in ("resource", "date", AUDIENCE_RU.name))


def plain_figure(payload: str) -> tuple[str, dt.date, int] | None:
    """The resource, day and figure of a stored audience payload that holds nothing else
    (the short form, a bare date, no source, note, method or public flag), read from its
    text; None for any other payload. Such figures, a day after another, are what a run of
    :func:`series` joins."""
    match = _PLAIN.fullmatch(payload)
    if match is None:
        return None
    resource, date, figure = match.group(*_PLAIN_GROUPS)
    try:
        when = _parse_when(date)
        value = int(figure)
    except ValueError:
        return None
    if type(when) is not dt.date:
        return None  # a datetime's legal day depends on the clock: left as one event
    return sys.intern(resource), when, value


def series(resource: str, start: dt.date, values: list[int]) -> Any:
    """The event of a run of plain figures (:func:`plain_figure`), one a day from ``start``:
    an ``audience_series`` of them, or the one ``audience`` event of a run of one. The engine
    reads a series as the same figures day by day (one run of its ``AudienceSeries``)."""
    if len(values) == 1:
        return _built({"date": start, "resource": resource, AUDIENCE_RU.value_field: values[0]})
    fields: dict[str, Any] = {
        "date": start,
        "type": "audience_series",
        "resource": resource,
        **AUDIENCE_RU.implied,
        AUDIENCE_RU.value_field: values,
    }
    return AudienceSeriesEvent.model_construct(**fields)


# Builders by event type; a type without one is always validated.
BUILDERS: dict[str, Callable[[dict[str, Any]], Any | None]] = {"audience": audience}
# Builders from a stored payload's text, tried first; None sends it to the decoder.
TEXT_BUILDERS: dict[str, Callable[[str], Any | None]] = {"audience": audience_text}
