"""Ledger events: what callers append, what the ledger stores, and the bytes the chain covers.

The hash of a row covers every stored field except its own ``id`` and ``hash``, plus the hash
of its predecessor. Leaving ``id`` out is what lets ``verify`` tell a reordering (a row whose
own hash is intact but whose predecessor link points elsewhere) from a change to its content.

Two columns came later (migration 0003) and join the hash only when they are not NULL, each
tagged with its name: ``author`` (who asserted the event) and ``salt`` (a per-event secret of
a private row, so that its public neighbours' chain fields cannot confirm a guessed payload).
A row written before 0003 has both NULL and hashes exactly as it did, so old ledgers verify.

``public_seq`` (migration 0004) numbers the public rows densely in chain order, for views that
must not show internal ids; it is not hashed, because the chain already fixes it.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import secrets
from dataclasses import dataclass
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any, Literal

from landfall.periods import LegalClock, parse_when

Kind = Literal["assert", "correct", "retract"]
KINDS: tuple[Kind, ...] = ("assert", "correct", "retract")

GENESIS = "0" * 64
"""The ``prev_hash`` of the first event."""

_INSTANT_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


# Built once: json.dumps with non-default options constructs an encoder per call, which
# dominates the cost of hashing a large batch.
_ENCODER = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)
# The same encoder's C core, made once: ``JSONEncoder.encode`` makes it anew on every call,
# which was ~40% of canonical_json's time on an import's small payloads (the same bytes: it
# is what ``encode`` calls). Without a circular-reference memo (a memo left by a failed call
# would refuse the next value): a cycle ends in RecursionError, which callers refuse alike.
_C_ENCODE = (
    None
    if c_make_encoder is None
    else c_make_encoder(
        None, _ENCODER.default, encode_basestring, None, ":", ",", True, False, False
    )
)


def canonical_json(value: Any) -> str:
    """One spelling per value: sorted keys, no spaces, UTF-8 kept, NaN refused."""
    if _C_ENCODE is None:  # a Python without the json accelerator
        return _ENCODER.encode(value)
    return "".join(_C_ENCODE(value, 0))


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def format_instant(moment: dt.datetime) -> str:
    """Fixed-width UTC text, so string order is time order on every backend."""
    if moment.tzinfo is None:
        raise ValueError("a ledger instant needs a time zone")
    return moment.astimezone(dt.UTC).strftime(_INSTANT_FORMAT)


def known_at_bound(known_at: dt.date | dt.datetime | None) -> str | None:
    """The last record time included by ``known_at``; a bare date means the end of that UTC day."""
    if known_at is None:
        return None
    if isinstance(known_at, dt.datetime):
        if known_at.tzinfo is None:
            known_at = known_at.replace(tzinfo=dt.UTC)
        try:
            return format_instant(known_at)
        except OverflowError:
            # Its UTC instant is past either end of ``datetime`` (9999-12-31T23:59:59-12:00,
            # 0001-01-01T00:00:00+14:00): the bound is then that end, which every record
            # time is before (or after).
            edge = dt.datetime.max if known_at.year == dt.MAXYEAR else dt.datetime.min
            return format_instant(edge.replace(tzinfo=dt.UTC))
    end = dt.datetime.combine(known_at, dt.time.max, tzinfo=dt.UTC)
    return format_instant(end)


@dataclass(frozen=True)
class LegalDay:
    """A legal day as the ledger compares valid times with it, on a clock the caller gives.

    A row whose valid time is a bare date (``valid_from`` of ten characters) falls on that
    date, whatever the clock's offset; a datetime falls on the legal day its instant
    ``valid_at`` is in, compared with the day's UTC bounds. There is no other reading: a
    datetime's own local date (``valid_day``, kept because it is hashed) would let a file and
    the ledger disagree about the same event.
    """

    day: str  # YYYY-MM-DD
    start: str | None = None  # the day's first instant, ledger-formatted UTC (None: no start)
    end: str | None = None  # the first instant after the day (None: no end)

    @classmethod
    def of(cls, day: dt.date, clock: LegalClock) -> LegalDay:
        start = format_instant(clock.start(day)) if day > dt.date.min else None
        end = format_instant(clock.end(day)) if day < dt.date.max else None
        return cls(day.isoformat(), start, end)

    def includes_up_to(
        self, valid_from: str | None, valid_day: str | None, valid_at: str | None
    ) -> bool:
        """Whether a row with these valid-time columns is valid by the end of this day."""
        if valid_day is None:
            return True
        if valid_from is None or len(valid_from) == 10:
            return valid_day <= self.day
        return self.end is None or (valid_at is not None and valid_at < self.end)


@functools.lru_cache(maxsize=65536)
def valid_time(text: str | None) -> tuple[str | None, str | None]:
    """The sortable calendar day and UTC instant of a facts ``date`` (ISO date or datetime).

    The day is the datetime's own local date, as the facts model's ``day_of`` reads it. The
    ledger compares datetimes with a legal day by the instant (:class:`LegalDay`); the day is
    kept because it is hashed.
    """
    if text is None:
        return None, None
    when = parse_when(text)
    if not isinstance(when, dt.datetime):
        day = when.isoformat()
        return day, f"{day}T00:00:00.000000Z"
    return when.date().isoformat(), format_instant(when)


@dataclass(frozen=True)
class NewEvent:
    """An event to append. ``payload`` is the facts-format dict (for an event, with ``date``).

    ``company`` is the owning company even when ``subject`` is a resource, so one company's
    picture is one indexed query. A ``correct`` event carries the whole replacement payload; a
    ``retract`` event carries an empty payload (or a ``note``). Both name ``refers_to``.
    """

    type: str
    company: str
    subject: str
    payload: dict[str, Any]
    valid_from: str | None = None
    source: str | None = None
    public: bool = False
    kind: Kind = "assert"
    refers_to: int | None = None
    author: str | None = None
    """Who asserted it, as :func:`author_text` spells it (None: no author named)."""


def author_text(**fields: str | None) -> str:
    """An author as stored: canonical JSON of its non-empty fields, e.g. ``{"role": "regulator",
    "token": "1a2b.."}`` for an API client, ``{"file": "facts.yaml", "user": "ana", "via":
    "landfall ledger import"}`` for the command line."""
    return canonical_json({k: v for k, v in fields.items() if v})


def author_label(fields: dict[str, str] | None) -> str:
    """An author in a few words: ``regulator #1a2b..`` (the token id), ``ana: facts.yaml``, or
    the command alone (``landfall casebook``); empty for a row recorded before authors were
    kept. The API shows every field."""
    if not fields:
        return ""
    who = fields.get("role") or fields.get("user") or ""
    if fields.get("token"):
        who = f"{who} #{fields['token']}"
    if fields.get("file"):
        who = f"{who}: {fields['file']}" if who else fields["file"]
    return who or fields.get("via", "")


def new_salt() -> str:
    """256 random bits for a private row: the hash covers them and no public view shows them."""
    return secrets.token_hex(32)


def new_salts(count: int) -> list[str]:
    """``count`` salts as :func:`new_salt` makes them, from one read of the system's random
    source (the same source, 32 bytes a salt): one call per batch instead of one per row."""
    pool = secrets.token_hex(32 * count)
    return [pool[i : i + 64] for i in range(0, 64 * count, 64)]


def event_key(type: str, subject: str, kind: str, refers_to: int | None, payload_json: str) -> str:
    """The idempotence key: equal content (and equal correction target) means the same event.

    Newlines cannot occur in the JSON payload and are not allowed in ids, so the fields join
    unambiguously.
    """
    target = "" if refers_to is None else str(refers_to)
    return sha256_hex(f"{kind}\n{target}\n{type}\n{subject}\n{payload_json}")


@dataclass(frozen=True)
class StoredEvent:
    id: int
    event_key: str
    type: str
    company: str
    subject: str
    valid_from: str | None
    valid_day: str | None
    valid_at: str | None
    recorded_at: str
    payload: str
    source: str | None
    public: bool
    refers_to: int | None
    kind: str
    prev_hash: str
    hash: str
    author: str | None = None
    salt: str | None = None
    public_seq: int | None = None
    """The row's number among the public rows (1, 2, ...), None for a private row; not
    hashed, since the chain fixes it (migration 0004)."""

    def data(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(self.payload)
        return loaded

    def author_data(self) -> dict[str, str] | None:
        """The author's fields, or None for a row recorded before authors were kept."""
        if self.author is None:
            return None
        loaded: dict[str, str] = json.loads(self.author)
        return loaded

    def computed_hash(self) -> str:
        return chain_hash(
            self.event_key,
            self.type,
            self.company,
            self.subject,
            self.valid_from,
            self.valid_day,
            self.valid_at,
            self.recorded_at,
            self.payload,
            self.source,
            bool(self.public),
            self.refers_to,
            self.kind,
            self.prev_hash,
            self.author,
            self.salt,
        )


HASHED_COLUMNS: tuple[str, ...] = (
    "event_key",
    "type",
    "company",
    "subject",
    "valid_from",
    "valid_day",
    "valid_at",
    "recorded_at",
    "payload",
    "source",
    "public",
    "refers_to",
    "kind",
    "prev_hash",
)
"""The order in which :func:`row_hash` serializes a row; changing it is a format break."""

OPTIONAL_HASHED_COLUMNS: tuple[str, ...] = ("author", "salt")
"""Hashed after the others, by name, and only when not NULL (rows from before migration 0003)."""


def row_hash(values: tuple[Any, ...], *, author: str | None = None, salt: str | None = None) -> str:
    """SHA-256 over the fields, each as ``len:text`` (``~`` for NULL, ``T``/``F`` for bools).

    Length prefixes make the encoding unambiguous without escaping, and the column types are
    fixed per position, so the integer 5 and the text "5" never meet in one slot. ``author``
    and ``salt`` follow as ``name=len:text`` when set; when both are None the bytes are those
    of a row written before they existed.
    """
    # One comprehension, not a loop of appends: it runs once per row of every import.
    parts = [
        "~"
        if value is None
        else ("T" if value else "F")
        if value is True or value is False
        else f"{len(text)}:{text}"
        for value in values
        for text in (value if isinstance(value, str) else str(value),)
    ]
    if author is not None:
        parts.append(f"author={len(author)}:{author}")
    if salt is not None:
        parts.append(f"salt={len(salt)}:{salt}")
    return sha256_hex("|".join(parts))


def _text(value: str | None) -> str:
    return "~" if value is None else f"{len(value)}:{value}"


def chain_hash(
    event_key: str,
    type: str,
    company: str,
    subject: str,
    valid_from: str | None,
    valid_day: str | None,
    valid_at: str | None,
    recorded_at: str,
    payload: str,
    source: str | None,
    public: bool,
    refers_to: int | None,
    kind: str,
    prev_hash: str,
    author: str | None,
    salt: str | None,
) -> str:
    """:func:`row_hash` of a row whose columns have their stored types, in one format string.

    The same bytes as ``row_hash`` (a test holds them equal, and ledgers written before this
    function verify with it); ``row_hash`` walks a tuple of any values, which cost most of an
    import's own time, where every slot's type is known here.
    """
    # The optional slots spelled inline, not through _text: 7-20% of this function's time
    # (timed beside the previous spelling, same hashes).
    target = "~" if refers_to is None else _text(str(refers_to))
    from_ = "~" if valid_from is None else f"{len(valid_from)}:{valid_from}"
    day = "~" if valid_day is None else f"{len(valid_day)}:{valid_day}"
    at = "~" if valid_at is None else f"{len(valid_at)}:{valid_at}"
    cited = "~" if source is None else f"{len(source)}:{source}"
    text = (
        f"{len(event_key)}:{event_key}|{len(type)}:{type}|{len(company)}:{company}|"
        f"{len(subject)}:{subject}|{from_}|{day}|{at}|"
        f"{len(recorded_at)}:{recorded_at}|{len(payload)}:{payload}|{cited}|"
        f"{'T' if public else 'F'}|{target}|{len(kind)}:{kind}|{len(prev_hash)}:{prev_hash}"
    )
    if author is not None:
        text = f"{text}|author={len(author)}:{author}"
    if salt is not None:
        text = f"{text}|salt={len(salt)}:{salt}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
