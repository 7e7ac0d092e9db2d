"""Facts diagnostics in a writer's words: "did you mean", and no validator internals.

pydantic says "Extra inputs are not permitted" or "Input should be a valid date or datetime,
invalid character in year"; a person writing facts needs the field names the model knows,
the closest one to what was typed, and the form a value must take. The names come from the
model itself, so a field added there is suggested without touching this module.
"""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from landfall.facts.format1 import BY_EVENT_TYPE
from landfall.facts.model import EVENT_TYPES, Event, FactsDocument

Path = tuple[str | int, ...]

DATE_FORMS = "write YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS+03:00 where the hour matters"


def did_you_mean(value: object, names: Iterable[str]) -> str | None:
    """``did you mean 'x'?`` for the names closest to ``value`` (difflib's ratio), else None."""
    if not isinstance(value, str):
        return None
    close = difflib.get_close_matches(value, sorted(set(names)), n=3, cutoff=0.6)
    if not close:
        return None
    return f"did you mean {' or '.join(repr(c) for c in close)}?"


def _event_models() -> dict[str, type[BaseModel]]:
    union = typing.get_args(Event)[0]
    out: dict[str, type[BaseModel]] = {}
    for model in typing.get_args(union):
        (tag,) = typing.get_args(model.model_fields["type"].annotation)
        out[tag] = model
    return out


EVENT_MODELS = _event_models()


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models an annotation holds (``list[Company]``, ``ScanCoverage | None``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def model_at(path: Path, data: Any) -> type[BaseModel] | None:
    """The model that reads the mapping at ``path`` of the document ``data``, or None."""
    model: type[BaseModel] = FactsDocument
    node = data
    for i, part in enumerate(path):
        node = _child(node, part)
        if isinstance(part, int):
            if i > 0 and path[i - 1] == "events" and len(path[:i]) == 1:
                tag = node.get("type") if isinstance(node, dict) else None
                event = EVENT_MODELS.get(tag) if isinstance(tag, str) else None
                if event is None:
                    return None
                model = event
            continue
        if model is FactsDocument and part == "events":
            continue  # the item's own type picks its model
        field = model.model_fields.get(part)
        inner = _models_in(field.annotation) if field is not None else []
        if not inner:
            return None
        model = inner[0]
    return model


def _child(node: Any, part: str | int) -> Any:
    if isinstance(part, int):
        return node[part] if isinstance(node, list) and 0 <= part < len(node) else None
    return node.get(part) if isinstance(node, dict) else None


def field_names(model: type[BaseModel]) -> list[str]:
    """The fields a document may write for ``model``, short forms included."""
    names = list(model.model_fields)
    if model in EVENT_MODELS.values():
        (tag,) = typing.get_args(model.model_fields["type"].annotation)
        form = BY_EVENT_TYPE.get(tag)
        if form is not None:
            names.append(form.name)
    return names


_QUOTED = re.compile(r"'([^']*)'")


def reword(item: ErrorDetails, path: Path, data: Any) -> tuple[str | None, str, str | None]:
    """(code or None to keep the loader's, message, hint or None to keep the loader's) for
    one pydantic error at the document ``path``."""
    kind = item["type"]
    value = item.get("input")
    ctx = item.get("ctx") or {}
    if kind == "extra_forbidden" and path:
        model = model_at(path[:-1], data)
        names = field_names(model) if model is not None else []
        hint = did_you_mean(path[-1], names)
        where = f"a {model.__name__}" if model is not None else "this place"
        known = ", ".join(n for n in names if n != "type")
        return (
            None,
            f"{path[-1]!r} is not a field of {_describe(path[:-1], data, where)}",
            hint or (f"the fields are: {known}" if known else None),
        )
    if kind == "missing" and path:
        return None, f"`{path[-1]}` is missing", None
    if kind == "union_tag_invalid":
        tag = ctx.get("tag")
        return (
            None,
            f"unknown event type {tag!r}",
            did_you_mean(tag, EVENT_TYPES) or "the event types are: " + ", ".join(EVENT_TYPES),
        )
    if kind == "literal_error":
        allowed = _QUOTED.findall(str(ctx.get("expected", "")))
        return (
            None,
            f"{value!r} is not one of: {', '.join(allowed)}",
            did_you_mean(value, allowed),
        )
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_type"):
        return "invalid-date", f"{value!r} is not a date: write YYYY-MM-DD", "use YYYY-MM-DD"
    if kind in ("datetime_parsing", "datetime_from_date_parsing"):
        return "invalid-date", f"{value!r} is not a date: {DATE_FORMS}", "use YYYY-MM-DD"
    if kind == "value_error" and " is not a date" in item["msg"]:
        return "invalid-date", item["msg"].removeprefix("Value error, "), "use YYYY-MM-DD"
    return None, item["msg"], None


def _describe(path: Path, data: Any, fallback: str) -> str:
    """``the audience event``, ``a company`` - what the mapping at ``path`` is, in words."""
    if len(path) == 2 and path[0] == "events":
        event = _child(_child(data, "events"), path[1])
        tag = event.get("type") if isinstance(event, dict) else None
        if isinstance(tag, str):
            return f"an event of type `{tag}`"
    section = {"companies": "a company", "resources": "a resource"}
    if len(path) == 2 and isinstance(path[0], str) and path[0] in section:
        return section[path[0]]
    if not path:
        return "the document"
    if isinstance(path[-1], int) and len(path) >= 2 and isinstance(path[-2], str):
        return f"a `{path[-2]}` entry"
    return f"`{path[-1]}`" if isinstance(path[-1], str) else fallback
