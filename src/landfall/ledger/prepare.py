"""An event checked and encoded before it is appended: every refusal names the event and field.

What the two backends would treat differently (a NUL in text, which PostgreSQL cannot store
and SQLite can) is refused here for both, before the database sees it.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from landfall.errors import Diagnostic, InputError, Where
from landfall.ledger.events import KINDS, NewEvent, canonical_json, valid_time


class Pending(NamedTuple):
    """An event ready to hash: its canonical payload and its valid day and instant (a tuple:
    one is made per event of an import)."""

    new: NewEvent
    payload: str
    valid_day: str | None
    valid_at: str | None


def prepare(new: NewEvent, index: int) -> Pending:
    """Check event ``index`` of a batch (kind, reference, valid time, storable text) and encode
    it, or raise an :class:`InputError` naming ``events[index].<field>``."""
    if new.kind not in KINDS:
        raise _bad(index, "kind", "invalid-event-kind", f"kind must be one of {', '.join(KINDS)}")
    if (new.kind == "assert") != (new.refers_to is None):
        raise _bad(
            index,
            "refers_to",
            "invalid-reference",
            "corrections and retractions name the event they change; assertions do not",
        )
    try:
        day, instant = valid_time(new.valid_from)
    except OverflowError as e:
        # Year 1 at +14:00 (or 9999 at -12:00) has no UTC instant.
        raise _bad(
            index, "valid_from", "date-out-of-range", f"{new.valid_from!r} has no UTC instant"
        ) from e
    except (ValueError, TypeError) as e:
        raise _bad(index, "valid_from", "invalid-value", str(e)) from e
    try:
        payload = canonical_json(new.payload)
    except (ValueError, TypeError, RecursionError) as e:
        raise _bad(index, "payload", "invalid-value", f"not storable as JSON: {e}") from e
    source = new.source or ""
    if _storable(new.type, new.company, new.subject, source, payload):
        return Pending(new, payload, day, instant)
    texts = {"type": new.type, "company": new.company, "subject": new.subject}
    for field, text in {**texts, "source": source, "payload": payload}.items():
        try:
            text.encode("utf-8")  # hashed as UTF-8: a lone surrogate cannot be
        except UnicodeEncodeError as e:
            raise _bad(
                index, field, "invalid-text", "the text holds a lone surrogate, not a character"
            ) from e
        if _holds_nul(text) if field != "payload" else _payload_holds_nul(text, new.payload):
            # PostgreSQL text cannot hold NUL (SQLite can): refused alike on both, before
            # the database sees it.
            raise _bad(index, field, "invalid-text", "the text holds a NUL character")
    return Pending(new, payload, day, instant)


def _storable(type: str, company: str, subject: str, source: str, payload: str) -> bool:
    """The common case in one check: every text encodes as UTF-8 and none holds NUL (the
    payload's JSON not even as an escape). When it fails, the checks field by field name the
    field and what is wrong with it."""
    joined = f"{type}{company}{subject}{source}"
    try:
        joined.encode("utf-8")
        payload.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in joined and "\\u0000" not in payload


def _holds_nul(text: str) -> bool:
    return "\x00" in text


def _payload_holds_nul(payload_json: str, payload: Any) -> bool:
    """Whether a key or text of the payload holds NUL. JSON writes a NUL in a string as the
    escape ``\\u0000`` (even with ``ensure_ascii`` off), so a canonical payload without that
    escape holds none and the walk over every value is only needed when it appears."""
    return "\\u0000" in payload_json and "\x00" in _strings(payload)


def _strings(value: Any) -> str:
    """Every key and text of a JSON value, joined (to look for characters in them)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "".join(_strings(k) + _strings(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return "".join(_strings(v) for v in value)
    return ""


def _bad(index: int, field: str, code: str, message: str) -> InputError:
    return InputError(
        Diagnostic(code, message, Where("<append>", None, f"events[{index}].{field}"), None)
    )
