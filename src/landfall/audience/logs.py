"""Reading access logs: chunked byte input, gzip, and the per-line field parsers.

Lines stay ``bytes`` end to end: decoding every line costs more than the rest of the
combined-format parse, and only the rare cache miss (a new address, a new minute) needs text.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zlib
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path

from landfall.errors import input_error

__all__ = [
    "MAX_GZIP_RATIO",
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
# A gzip log may decompress to this many times the bytes read of it (real access logs: 5-30),
# checked once more than ``_GZIP_FLOOR`` bytes came out; beyond it the file is refused as a
# bomb (1 MB of gzip can hold 1 GiB of newlines, which the scan would take minutes over).
# ``landfall audience --max-gzip-ratio`` overrides it.
MAX_GZIP_RATIO = 100
_GZIP_FLOOR = 8 << 20
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


def _raw_chunks(path: Path) -> Iterator[tuple[bytes, int]]:
    """Decompressed blocks, each with how many bytes of the file were read to make it."""
    if not _is_gzip(path):
        with path.open("rb") as f:
            while block := f.read(CHUNK_BYTES):
                yield block, f.tell()
        return
    gzip_bin = shutil.which("gzip")
    if gzip_bin is None:
        yield from _zlib_chunks(path)
        return
    # A separate decompressor process runs on another core, in parallel with the parse. It
    # reads our open file, whose offset it shares: the offset is how far it has read.
    with (
        path.open("rb") as src,
        subprocess.Popen(
            [gzip_bin, "-dc"], stdin=src, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        ) as proc,
    ):
        assert proc.stdout is not None
        try:
            while block := proc.stdout.read(CHUNK_BYTES):
                yield block, os.lseek(src.fileno(), 0, os.SEEK_CUR)
        except BaseException:
            proc.kill()  # stopped early (a bomb, a bad line): do not wait for the rest
            raise
        finally:
            proc.stdout.close()
        if proc.wait() != 0:
            raise _GzipFailedError


class _GzipFailedError(Exception):
    pass


def _zlib_chunks(path: Path) -> Iterator[tuple[bytes, int]]:
    """The same bytes as ``gzip -dc``, no block larger than ``CHUNK_BYTES`` however well the
    input compresses (``max_length``; the rest waits in ``unconsumed_tail``)."""
    with path.open("rb") as f:
        decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
        while block := f.read(CHUNK_BYTES):
            data = block
            while data:
                out = decomp.decompress(data, CHUNK_BYTES)
                if decomp.eof:
                    # Concatenated gzip members (logrotate, `cat a.gz b.gz`) continue in
                    # unused_data.
                    data = decomp.unused_data
                    if data:
                        decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
                else:
                    data = decomp.unconsumed_tail
                if out:
                    yield out, f.tell() - len(data)
        tail = decomp.flush()
        if tail:
            yield tail, f.tell()


BytesRead = Callable[[int], None]
"""Told how many more bytes of the log file were read (of the compressed file, for a gzip
log), as the reading goes: for a progress bar, whose total is then the files' sizes."""


def _bounded(path: Path, max_ratio: float, told: BytesRead | None = None) -> Iterator[bytes]:
    """The decompressed blocks, stopped with a diagnostic once more than ``_GZIP_FLOOR``
    bytes came out at more than ``max_ratio`` times the bytes read so far (0: no limit).
    Measured as it goes, a bomb stops after a few megabytes, whatever its full size."""
    seen = reported = 0
    for block, read in _raw_chunks(path):
        seen += len(block)
        if told is not None and read > reported:
            told(read - reported)
            reported = read
        if max_ratio > 0 and seen > _GZIP_FLOOR and seen > max_ratio * max(read, 1):
            raise input_error(
                "audience-gzip-ratio",
                f"the first {read} bytes of gzip decompress to {seen} bytes, over "
                f"{max_ratio:g} times their size: refused as a decompression bomb",
                file=str(path),
                hint="if the log is genuine, raise the limit with --max-gzip-ratio N "
                "(0: no limit), or decompress it first",
            )
        yield block


def iter_blocks(
    path: Path, max_gzip_ratio: float = MAX_GZIP_RATIO, read: BytesRead | None = None
) -> Generator[bytes, None, None]:
    """Decompressed blocks of a few megabytes, each ending at a line end (newline dropped).

    A gzip file that decompresses to more than ``max_gzip_ratio`` times the bytes read of it
    (past the first 8 MiB out) stops with ``audience-gzip-ratio``; 0 lifts the limit.
    """
    pending = b""
    try:
        for block in _bounded(path, max_gzip_ratio, read):
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


def iter_chunks(
    path: Path, max_gzip_ratio: float = MAX_GZIP_RATIO, read: BytesRead | None = None
) -> Iterator[list[bytes]]:
    """Lists of complete lines (without the newline), read in blocks of a few megabytes."""
    for block in iter_blocks(path, max_gzip_ratio, read):
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
