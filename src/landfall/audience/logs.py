"""Reading access logs: chunked byte input, gzip, and the per-line field parsers.

Lines stay ``bytes`` end to end: decoding every line costs more than the rest of the
combined-format parse, and only the rare cache miss (a new address, a new minute) needs text.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path

__all__ = [
    "JsonFields",
    "iter_blocks",
    "iter_chunks",
    "legal_day_of_clf",
    "legal_day_of_iso",
    "parse_json_line",
]

# The law counts Russian users per legal day: the day on the rulebook's clock, passed in as
# its time zone (``LegalClock.tz``) by whoever runs the count.

CHUNK_BYTES = 1 << 22
_GZIP_MAGIC = b"\x1f\x8b"
_MONTHS = {
    m.encode(): i
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}


@dataclass(frozen=True)
class JsonFields:
    """Names of the fields a JSON-lines log uses for address, time and user agent."""

    ip: str = "ip"
    time: str = "time"
    user_agent: str = "user_agent"


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(2) == _GZIP_MAGIC


def _raw_chunks(path: Path) -> Iterator[bytes]:
    if not _is_gzip(path):
        with path.open("rb") as f:
            while block := f.read(CHUNK_BYTES):
                yield block
        return
    gzip_bin = shutil.which("gzip")
    if gzip_bin is None:
        yield from _zlib_chunks(path)
        return
    # A separate decompressor process runs on another core, in parallel with the parse.
    with subprocess.Popen(
        [gzip_bin, "-dc", str(path)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    ) as proc:
        assert proc.stdout is not None
        while block := proc.stdout.read(CHUNK_BYTES):
            yield block
        proc.stdout.close()
        if proc.wait() != 0:
            # Truncated or corrupt archive: fall back to zlib, which yields what it can read.
            raise _GzipFailedError


class _GzipFailedError(Exception):
    pass


def _zlib_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as f:
        decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
        while block := f.read(CHUNK_BYTES):
            out = decomp.decompress(block)
            # Concatenated gzip members (logrotate, `cat a.gz b.gz`) continue in unused_data.
            while decomp.eof and decomp.unused_data:
                rest = decomp.unused_data
                decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
                out += decomp.decompress(rest)
            if out:
                yield out
        tail = decomp.flush()
        if tail:
            yield tail


def iter_blocks(path: Path) -> Iterator[bytes]:
    """Decompressed blocks of a few megabytes, each ending at a line end (newline dropped)."""
    pending = b""
    try:
        for block in _raw_chunks(path):
            cut = block.rfind(b"\n")
            if cut < 0:
                pending += block
                continue
            yield pending + block[:cut] if pending else block[:cut]
            pending = block[cut + 1 :]
    except _GzipFailedError:
        raise OSError(f"{path}: gzip data is corrupt or truncated") from None
    if pending:
        yield pending


def iter_chunks(path: Path) -> Iterator[list[bytes]]:
    """Lists of complete lines (without the newline), read in blocks of a few megabytes."""
    for block in iter_blocks(path):
        yield block.split(b"\n")


def legal_day_of_clf(key: bytes, tz: tzinfo) -> date | None:
    """Legal day (in ``tz``) of a combined-log time key ``dd/Mon/yyyy:HH:MM -zzzz]``, or None
    if malformed.

    The key leaves out the seconds: they cannot move an instant across a day boundary.
    """
    if len(key) != 24 or key[17:18] != b" " or key[23:24] != b"]" or key[2:3] != b"/":
        return None
    try:
        month = _MONTHS[key[3:6]]
        sign = {43: 1, 45: -1}[key[18]]
        off = int(key[19:21]) * 60 + int(key[21:23])
        local = datetime(
            int(key[7:11]), month, int(key[0:2]), int(key[12:14]), int(key[15:17]), tzinfo=UTC
        )
        # Year 1 at +14:00 or 9999 at -12:00 is a valid text with no instant: malformed.
        return (local - timedelta(minutes=sign * off)).astimezone(tz).date()
    except (KeyError, ValueError, OverflowError):
        return None


def legal_day_of_iso(value: object, tz: tzinfo) -> date | None:
    """Legal day (in ``tz``) of an ISO 8601 time with offset or a Unix epoch number; None if
    neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            return datetime.fromtimestamp(value, tz).date()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    try:
        return moment.astimezone(tz).date()
    except (OverflowError, ValueError):  # no instant (year 1 at +14:00), or past year 9999
        return None


def parse_json_line(line: bytes, fields: JsonFields, tz: tzinfo) -> tuple[str, date, str] | str:
    """(address, legal day in ``tz``, user agent) of one JSON log line, or the reason it is
    malformed."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):  # also: 5,000-digit numbers, nesting too deep
        return "not valid JSON"
    if not isinstance(record, dict):
        return "not a JSON object"
    ip = record.get(fields.ip)
    if not isinstance(ip, str) or not ip:
        return f"missing or non-string {fields.ip!r}"
    if fields.time not in record:
        return f"missing {fields.time!r}"
    day = legal_day_of_iso(record[fields.time], tz)
    if day is None:
        return f"{fields.time!r} is not an ISO 8601 time with offset or an epoch number"
    agent = record.get(fields.user_agent, "")
    if not isinstance(agent, str):
        return f"non-string {fields.user_agent!r}"
    return ip, day, agent
