"""Read a facts document from YAML or JSON, keeping line numbers for diagnostics.

JSON is parsed with the standard library (seconds for millions of values, as the contract
asks); line numbers for a JSON document are recovered only on the error path, from the text
itself (the members before the one named are skipped with the same decoder), so the fast
path pays nothing for them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic_core import ErrorDetails

from landfall.errors import Diagnostic, InputError, Where
from landfall.facts.build import MAX_ERRORS, DocumentInvalidError, all_integers, build_document
from landfall.facts.collector import collector_paused
from landfall.facts.format1 import BY_EVENT_TYPE, FORMS_DISAGREE
from landfall.facts.integrity import check_references
from landfall.facts.model import FactsDocument
from landfall.facts.vocabulary import Vocabulary, unknown_ids
from landfall.facts.wording import reword

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 512 * 1024 * 1024
# Hostile-input bounds (a facts document nests five or six levels, and its numbers are counts
# and roubles): deeper documents, longer integers or more alias expansion are diagnostics
# before anything is built from them.
MAX_DEPTH = 64
MAX_INT_DIGITS = 30
# What YAML aliases may add over the document's own nodes: a few shared blocks are fine, a
# "billion laughs" (each alias doubling the tree) is refused before anything expands it.
MAX_ALIAS_EXPANSION = 1 << 17  # 131,072

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
    source = _Text(text, path)
    del text  # the source lets it go once parsed
    with collector_paused():
        return _parse(source, name, vocabularies)


class _Text:
    """A document's text, kept for the error path. A file's text is let go once it is parsed
    (the tree and the models are what memory must hold) and read again when a diagnostic
    needs its line numbers."""

    def __init__(self, text: str, path: Path | None = None) -> None:
        self._text: str | None = text
        self._path = path

    def parsed(self) -> None:
        if self._path is not None:
            self._text = None

    def get(self) -> str:
        if self._text is None:
            assert self._path is not None
            self._text = self._path.read_text(encoding="utf-8", errors="replace")
        return self._text


def parse_facts(
    text: str, *, name: str = "<facts>", vocabularies: Iterable[Vocabulary] = ()
) -> FactsDocument:
    with collector_paused():
        return _parse(_Text(text), name, vocabularies)


def _parse(source: _Text, name: str, vocabularies: Iterable[Vocabulary]) -> FactsDocument:
    text = source.get()
    if len(text) > MAX_BYTES:
        raise _error(
            "file-too-large",
            f"{len(text)} characters is over the {MAX_BYTES}-byte limit",
            name,
            None,
            None,
            "split the document by company",
        )
    as_json = text.startswith("{", _JSON_SPACE.match(text).end())  # type: ignore[union-attr]
    lines: Lines | None = None
    if as_json:
        data = load_json(text, name)
    else:
        data, lines = _load_yaml(text, name)
    del text
    source.parsed()
    try:
        least = check_shape(data, name, lines or {})
    except InputError:
        if lines is not None:
            raise
        check_shape(data, name, _json_lines(source.get()))  # again, to name the line
        raise
    if not isinstance(data, dict):
        raise _error(
            "not-a-facts-document",
            "the document must be a mapping with `landfall: 1`",
            name,
            1,
            None,
            "start the file with `landfall: 1`",
        )
    if type(data.get("landfall")) is not int or data["landfall"] != 1:  # true == 1 in Python
        line = (lines or {}).get(("landfall",), 1)
        found = data.get("landfall")
        raise _error(
            "unsupported-format-version",
            "the document does not say `landfall: 1`"
            if "landfall" not in data or found is None
            else f"`landfall: {json.dumps(found, ensure_ascii=False)}` is not a format this "
            "landfall reads (1)",
            name,
            line,
            "landfall",
            "start the document with the line `landfall: 1` (facts format version 1)",
        )
    try:
        doc = build_document(data, least)
    except DocumentInvalidError as e:
        lines = lines if lines is not None else _json_lines(source.get())
        raise InputError(*_diagnostics(e.errors, name, lines, data)) from e
    problems = [*check_references(doc), *unknown_ids(doc, vocabularies)]
    if problems:
        lines = lines if lines is not None else _json_lines(source.get())
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


def load_json(text: str, name: str, *, code: str = "malformed-json") -> Any:
    """``json.loads`` with the loader's bounds: every failure is a diagnostic naming ``name``.

    Integers are parsed by ``json`` itself (a ``parse_int`` hook is a Python call per number:
    2.4 s for a year of daily figures of 10,000 resources); :func:`check_shape` bounds their
    size after, in bulk. An integer past Python's own conversion limit (4,300 digits) is the
    one that fails here, and is parsed again with the hook to count its digits.
    """
    try:
        return json.loads(text, object_pairs_hook=_UniqueKeys())
    except _DuplicateKeyError as e:
        raise _duplicate_json_key(text, name, e.key) from None
    except json.JSONDecodeError as e:
        raise _error(code, e.msg, name, e.lineno, None, "fix the JSON syntax") from e
    except ValueError as e:  # int(): "Exceeds the limit (4300 digits) for integer string ..."
        try:
            json.loads(text, parse_int=_bounded_int, object_pairs_hook=_UniqueKeys())
        except _NumberTooLargeError as too_large:
            raise _too_large_number(name, None, None, too_large.digits) from e
        raise
    except RecursionError as e:
        raise _too_deep(name, None, None) from e


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


# Short texts repeat across events (types, resource ids, countries, sources): each is kept
# once. ``json`` shares repeated keys itself, not values.
_SHARED_TEXT_MAX_CHARS = 120


class _UniqueKeys:
    """An ``object_pairs_hook``: each key once per object, and one copy of each short text
    value in the document."""

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        texts = self._texts
        for key, value in pairs:
            if key in out:
                raise _DuplicateKeyError(key)
            if type(value) is str and len(value) <= _SHARED_TEXT_MAX_CHARS:
                value = texts.setdefault(value, value)
            out[key] = value
        return out


# The YAML re-read that places a duplicate JSON key is slow (about 42 s for 31 MB): above this
# size the diagnostic names the key without its line.
_DUPLICATE_KEY_LOOKUP_MAX_BYTES = 32 * 1024 * 1024


def _duplicate_json_key(text: str, name: str, key: str) -> InputError:
    """The diagnostic for a key given twice, with its line when the YAML reading of the same
    text (JSON is YAML) can place it; ``json`` itself reports no position."""
    if len(text) <= _DUPLICATE_KEY_LOOKUP_MAX_BYTES:
        try:
            _load_yaml(text, name)
        except InputError as e:
            if e.code == "duplicate-key":
                return e
    return _error(
        "duplicate-key",
        f"key {key!r} appears twice in the same object",
        name,
        None,
        None,
        "keep one of the two; a document means one value per key",
    )


class _NumberTooLargeError(ValueError):
    def __init__(self, digits: int) -> None:
        super().__init__(digits)
        self.digits = digits


def _bounded_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise _NumberTooLargeError(digits)
    return int(text)


_INT_BOUND = 10**MAX_INT_DIGITS  # the first integer of MAX_INT_DIGITS + 1 digits


def check_shape(data: Any, name: str, lines: Lines) -> dict[int, int]:
    """Depth, integer size and text that cannot be stored (lone surrogates), over the loaded
    value, iteratively (no recursion limit to hit).

    A list of integers only (a series of daily figures) is checked whole, by its types, its
    least and its greatest value, without a step per value; any other list is walked. A
    value's path is built only for a container and for a diagnostic.

    Returns the least value of each list checked whole, by the list's ``id`` (valid while
    ``data`` holds the lists): the models of a series need not look at its figures again."""
    least: dict[int, int] = {}
    if not isinstance(data, dict | list):
        _check_scalar(data, name, lines, ())
        return least
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_DEPTH:
            raise _too_deep(name, _line_of(lines, path), _field(path[:MAX_DEPTH]))
        children: Iterable[tuple[Any, Any]]
        if isinstance(value, dict):
            children = value.items()
        elif (
            value
            and all_integers(value)
            and (low := min(value)) > -_INT_BOUND
            and max(value) < _INT_BOUND
        ):
            least[id(value)] = low
            continue
        else:
            children = enumerate(value)
        for key, child in children:
            # ASCII text holds no surrogate (isascii reads a flag): only other text is encoded
            if type(key) is str and not key.isascii():
                _check_text(key, name, lines, path)
            if isinstance(child, dict | list):
                stack.append((child, (*path, key if type(key) is int else str(key))))
            elif (type(child) is str and not child.isascii()) or (
                type(child) is int and not -_INT_BOUND < child < _INT_BOUND
            ):
                _check_scalar(child, name, lines, (*path, key if type(key) is int else str(key)))
    return least


def _check_scalar(value: Any, name: str, lines: Lines, path: tuple[str | int, ...]) -> None:
    if isinstance(value, str):
        _check_text(value, name, lines, path)
    elif type(value) is int and not -_INT_BOUND < value < _INT_BOUND:
        digits = len(str(abs(value)))
        raise _too_large_number(name, _line_of(lines, path), _field(path), digits)


def _check_text(text: str, name: str, lines: Lines, path: tuple[str | int, ...]) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise _error(
            "invalid-text",
            f"the text holds a lone surrogate (\\u{ord(text[e.start]):04x}), which is not a "
            "character",
            name,
            _line_of(lines, path),
            _field(path),
            "write the character itself, or a valid surrogate pair",
        ) from e


def _too_deep(name: str, line: int | None, field: str | None) -> InputError:
    return _error(
        "too-deeply-nested",
        f"the document nests deeper than {MAX_DEPTH} levels",
        name,
        line,
        field,
        "a facts document nests a few levels: check the structure",
    )


def _too_large_number(
    name: str, line: int | None, field: str | None, digits: int | None
) -> InputError:
    size = f"{digits} digits" if digits is not None else "too many digits"
    return _error(
        "number-too-large",
        f"an integer of {size} (the limit is {MAX_INT_DIGITS})",
        name,
        line,
        field,
        "check the value: amounts and counts are far shorter",
    )


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
    _index(node, lines, name)
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


def _index(root: yaml.Node, lines: Lines, name: str) -> None:
    """Line numbers by path, walking the tree as the document expands it (aliases included),
    iteratively, within the depth, integer and alias-expansion bounds."""
    distinct: set[int] = set()
    visits = 0
    stack: list[tuple[yaml.Node, tuple[str | int, ...], int | None]] = [(root, (), None)]
    while stack:
        node, path, key_line = stack.pop()
        line = node.start_mark.line + 1
        lines[path] = key_line if key_line is not None else line
        visits += 1
        distinct.add(id(node))
        if visits - len(distinct) > MAX_ALIAS_EXPANSION:
            raise _error(
                "yaml-aliases-too-large",
                f"YAML aliases expand the document by more than {MAX_ALIAS_EXPANSION} values",
                name,
                line,
                _field(path),
                "write the repeated parts out, or use fewer nested aliases",
            )
        if len(path) > MAX_DEPTH:
            raise _too_deep(name, line, _field(path[:MAX_DEPTH]))
        if isinstance(node, yaml.MappingNode):
            _check_keys(node, path, name)
            for key, value in reversed(node.value):
                stack.append((value, (*path, str(key.value)), key.start_mark.line + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(
                (item, (*path, i), None) for i, item in reversed(list(enumerate(node.value)))
            )
        elif node.tag == "tag:yaml.org,2002:int" and len(str(node.value)) > MAX_INT_DIGITS:
            raise _too_large_number(name, line, _field(path), len(str(node.value).lstrip("+-")))


def _check_keys(node: yaml.MappingNode, path: tuple[str | int, ...], name: str) -> None:
    """Each key once (YAML and JSON would silently keep the last value), and a key that is an
    integer within the integer bound (PyYAML's ``int()`` of a 5,001-digit key is a ValueError)."""
    seen: set[str] = set()
    for key, _ in node.value:
        line = key.start_mark.line + 1
        if not isinstance(key, yaml.ScalarNode):
            continue
        text = str(key.value)
        if key.tag == "tag:yaml.org,2002:int" and len(text) > MAX_INT_DIGITS:
            raise _too_large_number(name, line, _field(path), len(text.lstrip("+-")))
        if key.tag == "tag:yaml.org,2002:merge":
            continue
        if text in seen:
            raise _error(
                "duplicate-key",
                f"key {text!r} appears twice in the same mapping",
                name,
                line,
                _field((*path, text)),
                "keep one of the two; a document means one value per key",
            )
        seen.add(text)


def _json_lines(text: str) -> Lines:
    """Line numbers of a JSON document's values, found on demand in the text itself: no
    re-parse (as YAML it took 42 s for 31 MB), only the members before the one asked for are
    skipped, each with the standard decoder."""
    return _JsonLines(text)


_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_JSON_DECODER = json.JSONDecoder()


class _JsonLines(dict[tuple[str | int, ...], int]):
    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text
        # Where each value (a key, for a mapping member) starts, as found so far: a later
        # lookup in the same list goes on from the last element found, not from the first.
        self._starts: dict[tuple[str | int, ...], int] = {}

    def get(self, path: tuple[str | int, ...], default: Any = None) -> Any:
        if path not in self:
            try:
                at = self._start(path)
            except (ValueError, IndexError, RecursionError):
                at = None
            if at is None:
                return default
            self[path] = self._text.count("\n", 0, at) + 1
        return self[path]

    def _skip(self, at: int) -> int:
        return _JSON_SPACE.match(self._text, at).end()  # type: ignore[union-attr]

    def _start(self, path: tuple[str | int, ...]) -> int | None:
        text, at = self._text, self._skip(0)
        for depth, part in enumerate(path):
            prefix, key_at = path[:depth], at
            opening = "{" if isinstance(part, str) else "["
            if text[at] != opening:
                return None
            at, index = self._skip(at + 1), 0
            if isinstance(part, int):
                found = [j for j in range(part + 1) if (*prefix, j) in self._starts]
                if found:
                    index = found[-1]
                    at = self._starts[(*prefix, index)]
            while True:
                if text[at] in "}]":
                    return None
                if isinstance(part, str):
                    key_at = at
                    key, after = _JSON_DECODER.raw_decode(text, at)
                    at = self._skip(self._skip(after) + 1)  # past the colon
                    hit = key == part
                else:
                    self._starts[(*prefix, index)] = at
                    key_at, hit = at, index == part
                if hit:
                    break
                at = self._skip(_JSON_DECODER.raw_decode(text, at)[1])
                if text[at] == ",":
                    at = self._skip(at + 1)
                index += 1
            if depth == len(path) - 1:
                return key_at
        return at


def _diagnostics(
    errors: list[ErrorDetails], name: str, lines: Lines, data: dict[str, Any]
) -> list[Diagnostic]:
    out = []
    for item in errors[:MAX_ERRORS]:
        path = _as_written(_clean_loc(item["loc"]), data)
        worded_code, message, worded_hint = reword(item, path, data)
        code = worded_code or _CODES.get(item["type"], "invalid-value")
        if item["type"] == "value_error":  # our validators' own words, without pydantic's prefix
            message = message.removeprefix("Value error, ")
        out.append(
            Diagnostic(
                code,
                message,
                Where(name, _line_of(lines, path), _field(path)),
                worded_hint
                or _HINTS.get(code, "see `landfall schema facts` for the expected shape"),
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
