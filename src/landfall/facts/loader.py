"""Read a facts document from YAML or JSON, keeping line numbers for diagnostics.

JSON is parsed with the standard library (seconds for millions of values, as the contract
asks); line numbers for a JSON document are recovered only on the error path, by composing
it as YAML, so the fast path pays nothing for them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from landfall.errors import Diagnostic, InputError, Where
from landfall.facts.format1 import BY_EVENT_TYPE, FORMS_DISAGREE
from landfall.facts.integrity import check_references
from landfall.facts.model import FactsDocument
from landfall.facts.vocabulary import Vocabulary, unknown_ids

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 512 * 1024 * 1024
_LINE_LOOKUP_MAX_BYTES = 32 * 1024 * 1024

Lines = dict[tuple[str | int, ...], int]


def load_facts(path: str | Path, vocabularies: Iterable[Vocabulary] = ()) -> FactsDocument:
    """The document at ``path``; with ``vocabularies`` (from the rulebooks loaded), measure and
    list ids are checked against the rulebook of each event's country."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _error(
                "file-too-large",
                f"{size} bytes is over the {MAX_BYTES}-byte limit",
                name,
                None,
                None,
                "split the document by company",
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise _error("file-not-found", "no such file", name, None, None, "check the path") from e
    except UnicodeDecodeError as e:
        raise _error("bad-encoding", "not UTF-8 text", name, None, None, "save as UTF-8") from e
    except IsADirectoryError as e:
        raise _error("not-a-file", "is a directory", name, None, None, "name a file") from e
    return parse_facts(text, name=name, vocabularies=vocabularies)


def parse_facts(
    text: str, *, name: str = "<facts>", vocabularies: Iterable[Vocabulary] = ()
) -> FactsDocument:
    as_json = text.lstrip().startswith("{")
    lines: Lines | None = None
    if as_json:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise _error(
                "malformed-json", e.msg, name, e.lineno, None, "fix the JSON syntax"
            ) from e
    else:
        data, lines = _load_yaml(text, name)
    if not isinstance(data, dict):
        raise _error(
            "not-a-facts-document",
            "the document must be a mapping with `landfall: 1`",
            name,
            1,
            None,
            "start the file with `landfall: 1`",
        )
    if data.get("landfall") != 1:
        line = (lines or {}).get(("landfall",), 1)
        raise _error(
            "unsupported-format-version",
            f"`landfall` must be 1, found {data.get('landfall')!r}",
            name,
            line,
            "landfall",
            "this landfall reads facts format version 1",
        )
    try:
        doc = FactsDocument.model_validate(data)
    except ValidationError as e:
        lines = lines if lines is not None else _json_lines(text)
        raise InputError(*_diagnostics(e, name, lines, data)) from e
    problems = [*check_references(doc), *unknown_ids(doc, vocabularies)]
    if problems:
        lines = lines if lines is not None else _json_lines(text)
        raise InputError(
            *(
                Diagnostic(
                    p.code,
                    p.message,
                    Where(name, _line_of(lines, p.path), _field(p.path)),
                    p.hint,
                )
                for p in problems
            )
        )
    return doc


def _load_yaml(text: str, name: str) -> tuple[Any, Lines]:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(e, "problem", None) or str(e)
        raise _error("malformed-yaml", str(problem), name, line, None, "fix the YAML syntax") from e
    if node is None:
        return None, {}
    lines: Lines = {}
    _index(node, (), lines)
    loader = _Loader("")
    try:
        return loader.construct_document(node), lines
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise _error("malformed-yaml", str(e), name, line, None, "fix the YAML value") from e
    except ValueError as e:
        # PyYAML reads 2021-13-45 as a timestamp and fails in datetime, not as a YAMLError.
        line, path = _bad_date(node, ())
        raise _error(
            "invalid-date", f"not a real date: {e}", name, line, _field(path), "use YYYY-MM-DD"
        ) from e
    finally:
        loader.dispose()


def _bad_date(
    node: yaml.Node, path: tuple[str | int, ...]
) -> tuple[int | None, tuple[str | int, ...]]:
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:timestamp":
        probe = _Loader("")
        try:
            probe.construct_yaml_timestamp(node)
        except ValueError:
            return node.start_mark.line + 1, path
        finally:
            probe.dispose()
    children: list[tuple[str | int, yaml.Node]] = []
    if isinstance(node, yaml.MappingNode):
        children = [(str(k.value), v) for k, v in node.value]
    elif isinstance(node, yaml.SequenceNode):
        children = list(enumerate(node.value))
    for key, child in children:
        line, found = _bad_date(child, (*path, key))
        if line is not None:
            return line, found
    return None, path


def _index(node: yaml.Node, path: tuple[str | int, ...], lines: Lines) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, str(key.value))
            lines[child] = key.start_mark.line + 1
            _index(value, child, lines)
            lines[child] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, (*path, i), lines)


def _json_lines(text: str) -> Lines:
    if len(text) > _LINE_LOOKUP_MAX_BYTES:
        return {}
    try:
        return _load_yaml(text, "<json>")[1]
    except InputError:
        return {}


def _diagnostics(
    error: ValidationError, name: str, lines: Lines, data: dict[str, Any]
) -> list[Diagnostic]:
    out = []
    for item in error.errors()[:50]:
        path = _as_written(_clean_loc(item["loc"]), data)
        code = _CODES.get(item["type"], "invalid-value")
        message = item["msg"]
        if item["type"] == "value_error":  # our validators' own words, without pydantic's prefix
            message = message.removeprefix("Value error, ")
        if item["type"] == "union_tag_invalid":
            ctx = item.get("ctx") or {}
            message = f"unknown event type {ctx.get('tag')!r}"
        out.append(
            Diagnostic(
                code,
                message,
                Where(name, _line_of(lines, path), _field(path)),
                _HINTS.get(code, "see `landfall schema facts` for the expected shape"),
            )
        )
    return out


def _as_written(path: tuple[str | int, ...], data: dict[str, Any]) -> tuple[str | int, ...]:
    """A neutral field's path, spelled as the document wrote it (`daily_users_ru`, not `value`)."""
    if len(path) < 3 or path[0] != "events" or not isinstance(path[1], int):
        return path
    events = data.get("events")
    if not isinstance(events, list) or path[1] >= len(events):
        return path
    event = events[path[1]]
    form = BY_EVENT_TYPE.get(event.get("type", "")) if isinstance(event, dict) else None
    if form is None or not isinstance(path[2], str):
        return path
    return (*path[:2], form.source_field(event, path[2]), *path[3:])


def _clean_loc(loc: tuple[int | str, ...]) -> tuple[str | int, ...]:
    # pydantic inserts the discriminator tag into the location of a tagged-union member
    # (events.3.fine.amount_rub); the document itself has no such level.
    out: list[str | int] = []
    for i, part in enumerate(loc):
        if i >= 2 and loc[i - 2] == "events" and isinstance(loc[i - 1], int):
            continue
        out.append(part)
    return tuple(out)


def _line_of(lines: Lines, path: tuple[str | int, ...]) -> int | None:
    for n in range(len(path), -1, -1):
        line = lines.get(tuple(path[:n]))
        if line is not None:
            return line
    return None


def _field(path: tuple[str | int, ...]) -> str | None:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or None


_CODES = {
    "missing": "missing-field",
    "extra_forbidden": "unknown-field",
    "union_tag_invalid": "unknown-event-type",
    "union_tag_not_found": "missing-event-type",
    "literal_error": "invalid-choice",
    "string_pattern_mismatch": "invalid-id",
    "int_parsing": "wrong-type",
    "int_type": "wrong-type",
    "int_from_float": "wrong-type",
    "float_parsing": "wrong-type",
    "float_type": "wrong-type",
    "bool_parsing": "wrong-type",
    "bool_type": "wrong-type",
    "string_type": "wrong-type",
    "list_type": "wrong-type",
    "dict_type": "wrong-type",
    "model_type": "wrong-type",
    "value_error": "invalid-value",
    "greater_than_equal": "out-of-range",
    "date_from_datetime_inexact": "invalid-date",
    "date_parsing": "invalid-date",
    "datetime_parsing": "invalid-date",
    FORMS_DISAGREE: "forms-disagree",
}

_HINTS = {
    "missing-field": "add the field; see `landfall schema facts`",
    "unknown-field": "remove it or check its spelling; see `landfall schema facts`",
    "unknown-event-type": "use one of the event types that `landfall docs facts` lists",
    "missing-event-type": "every event needs a `type`",
    "invalid-choice": "use one of the allowed values",
    "invalid-id": "ids are slugs: lowercase letters, digits and '-'; countries are ISO2",
    "wrong-type": "check the value's type",
    "invalid-date": "use YYYY-MM-DD, or an ISO datetime with offset",
    "out-of-range": "the value must not be negative",
    "forms-disagree": "give the short form or the neutral fields, or make them agree",
}


def _error(
    code: str, message: str, file: str, line: int | None, field: str | None, hint: str
) -> InputError:
    return InputError(Diagnostic(code, message, Where(file, line, field), hint))
