"""The combined-log scan of a whole block at once: numpy over the block's bytes, no Python per line.

Per-line Python costs a few microseconds a line, several times what decompressing the line
costs. Here the fields of every line of a block are found with a few array operations (the
positions of newlines and quotes, the first space in a fixed window), and only each new
address and each new minute-and-zone pays for Python. The block scan takes the lines it can
read for sure, those exactly as the per-line scan (``scan.scan_lines``) would read them, and
hands every other line (malformed, blank, an escaped quote, an unusual address or time) to
that per-line scan, in order, so malformed examples and counts are the per-line scan's own.
"""

from __future__ import annotations

from datetime import date, timezone

import numpy as np
import numpy.typing as npt

from landfall.audience.addresses import INVALID, UNKNOWN, classify_texts
from landfall.audience.ids import PAD, range_ids, user_ids
from landfall.audience.logs import MONTH_NUMBERS, legal_day_of_clf
from landfall.audience.scan import COUNTED, Scan, scan_lines

__all__ = ["scan_combined_block"]

Ints = npt.NDArray[np.int64]

# How far into a line the first space (after the client address) is looked for: an address
# longer than that is not an IP address, and such a line goes to the per-line scan.
_HEAD = 64
# The shortest line the combined format allows: an address, the 29 bytes from "[" to the
# request's quote, and the agent's two quotes.
_SHORTEST = 32
# The time field "[dd/Mon/yyyy:HH:MM:SS +zzzz]", from its "[" at 0: where its digits are.
_DIGITS = np.array([1, 2, 8, 9, 10, 11, 13, 14, 16, 17, 23, 24, 25, 26]) - 1
_MONTH_CODES = {int.from_bytes(name, "big"): n for name, n in MONTH_NUMBERS.items()}
_MONTHS = np.array(sorted(_MONTH_CODES))  # a month name's three bytes as one int, sorted
_MONTH_OF_CODE = np.array([_MONTH_CODES[c] for c in sorted(_MONTH_CODES)])


def _time_codes(window: npt.NDArray[np.uint8]) -> tuple[Ints, npt.NDArray[np.bool_], list[Ints]]:
    """A code per time field that determines its legal day (its digits, month and sign),
    whether the field is plain enough for the code (digits where digits go, a known month,
    "/" and " " where ``legal_day_of_clf`` checks them: other fields take the per-line path,
    which reads them as ``int()`` does), and its parts: year, month, day, hour, minute,
    minutes east of UTC."""
    digits = window[:, _DIGITS].astype(np.int64) - 48
    plain = ((digits >= 0) & (digits <= 9)).all(axis=1)
    month = (
        (window[:, 3].astype(np.int64) << 16) | (window[:, 4].astype(np.int64) << 8) | window[:, 5]
    )
    at = np.minimum(np.searchsorted(_MONTHS, month), len(_MONTHS) - 1)
    sign = window[:, 21]
    plain &= (_MONTHS[at] == month) & (window[:, 2] == 47) & (window[:, 20] == 32)
    plain &= (sign == 43) | (sign == 45)
    d = digits
    day, year = d[:, 0] * 10 + d[:, 1], d[:, 2] * 1000 + d[:, 3] * 100 + d[:, 4] * 10 + d[:, 5]
    hour, minute = d[:, 6] * 10 + d[:, 7], d[:, 8] * 10 + d[:, 9]
    zone = d[:, 10] * 1000 + d[:, 11] * 100 + d[:, 12] * 10 + d[:, 13]
    west = sign == 45
    number = _MONTH_OF_CODE[at]
    code = (year * 16 + number) * 100 + day
    code = (((code * 100 + hour) * 100 + minute) * 2 + west) * 10000 + zone
    east = (d[:, 10] * 10 + d[:, 11]) * 60 + d[:, 12] * 10 + d[:, 13]
    return code, plain, [year, number, day, hour, minute, np.where(west, -east, east)]


_DAYS_BEFORE = np.array([0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334])
_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _fixed_days(scan: Scan, parts: list[Ints], clock_seconds: int) -> Ints:
    """The legal day's number of each time field on a fixed-offset clock, -1 if the field
    names no such moment (31 February, hour 25): ``legal_day_of_clf`` in array arithmetic,
    for years 2..9998, where no offset can leave the calendar."""
    year, month, day, hour, minute, east = parts
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    valid = (day >= 1) & (day <= _MONTH_DAYS[month] + ((month == 2) & leap))
    valid &= (hour <= 23) & (minute <= 59)
    y = year - 1
    ordinal = 365 * y + y // 4 - y // 100 + y // 400 + _DAYS_BEFORE[month] + day
    ordinal += (month > 2) & leap
    seconds = (ordinal * 1440 + hour * 60 + minute - east) * 60 + clock_seconds
    legal = seconds // 86400
    out = np.full(len(year), -1, dtype=np.int64)
    unique, inverse = np.unique(legal[valid], return_inverse=True)
    if len(unique):
        numbers = np.array([scan.day_number(date.fromordinal(o)) for o in unique.tolist()])
        out[valid] = numbers[inverse]
    return out


def _legal_days(scan: Scan, window: npt.NDArray[np.uint8], codes: Ints, plain_rows: Ints) -> Ints:
    """The legal day's number (``scan.day_number``) of each plain time field, -1 if it has no
    instant; each distinct field is read once, by the per-line scan's own function."""
    unique, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    out = np.empty(len(unique), dtype=np.int64)
    for i, row in enumerate(first.tolist()):
        w = window[plain_rows[row]]
        key = w[0:17].tobytes() + w[20:27].tobytes()  # the per-line scan's minute-and-zone key
        found = scan.days.get(key)
        if found is None:
            found = scan.days[key] = legal_day_of_clf(key, scan.tz) or False
        out[i] = scan.day_number(found) if isinstance(found, date) else -1
    return out[inverse]


def _texts(block: bytes, starts: Ints, ends: Ints) -> list[bytes]:
    return [block[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]


def _address_classes(
    scan: Scan, ids: npt.NDArray[np.uint64], block: bytes, starts: Ints, ends: Ints
) -> Ints:
    """Each address's class (``COUNTED``, ``OTHER`` or ``INVALID``) by its id; the addresses
    the book does not hold yet are classified in one batch and added."""
    classes = scan.geo.lookup(ids)
    new = np.flatnonzero(classes == UNKNOWN)
    if len(new):
        unique, first = np.unique(ids[new] & ~np.uint64(3), return_index=True)
        rows = new[first]
        found = np.array(classify_texts(_texts(block, starts[rows], ends[rows]), scan.countries))
        scan.geo.add(ids[rows], found)
        classes[new] = found[np.searchsorted(unique, ids[new] & ~np.uint64(3))]
    return classes


def scan_combined_block(scan: Scan, name: str, first: int, block: bytes) -> int:
    """Scan the combined-format lines of ``block`` (the first being line ``first`` of file
    ``name``); return how many lines it held."""
    buf = np.frombuffer(block, dtype=np.uint8)
    size = len(buf)
    marks = np.flatnonzero((buf == 10) | (buf == 34))
    newline = buf[marks] == 10
    quotes = marks[~newline]
    starts = np.concatenate(([0], marks[newline] + 1))
    ends = np.concatenate((marks[newline], [size]))
    lines = len(starts)
    padded = np.concatenate((np.zeros(PAD, np.uint8), buf, np.zeros(PAD, np.uint8)))
    # Empty lines are blank (skipped, not counted); a line too short for the combined format
    # goes to the per-line scan, which tells blank from malformed. Neither costs a window.
    empty = starts == ends
    candidates = np.flatnonzero(ends - starts >= _SHORTEST)
    rows, day, agent_end, agent_len, sp = _sure_lines(
        scan, padded, starts[candidates], ends[candidates], quotes, size
    )
    rows = candidates[rows]
    # The address: one id per line, its class looked up by id (new ones classified).
    address_ids = range_ids(padded, starts[rows] + sp, sp, _HEAD)
    cls = _address_classes(scan, address_ids, block, starts[rows], starts[rows] + sp)
    slow = ~empty
    slow[rows[cls != INVALID]] = False
    counted = cls == COUNTED
    scan.ru += int(counted.sum())
    days = day[counted]
    if scan.count_accesses:
        scan.add_accesses(days)
    else:
        agent_ids = range_ids(padded, agent_end[counted], agent_len[counted])
        scan.add_users(days, user_ids(address_ids[counted], agent_ids))
    others = np.flatnonzero(slow)
    if len(others):
        scan_lines(
            scan,
            name,
            (others + first).tolist(),
            [
                block[a:b]
                for a, b in zip(starts[others].tolist(), ends[others].tolist(), strict=True)
            ],
        )
    scan.lines += lines - int(empty.sum())
    return lines


def _sure_lines(
    scan: Scan,
    padded: npt.NDArray[np.uint8],
    starts: Ints,
    ends: Ints,
    quotes: Ints,
    size: int,
) -> tuple[Ints, Ints, Ints, Ints, Ints]:
    """The lines read here for sure: (their rows, legal day number, agent end, agent length,
    address length), each field found where the per-line scan finds it."""
    buf = padded[PAD : PAD + size]
    n = len(starts)
    head = np.lib.stride_tricks.sliding_window_view(padded, _HEAD)[starts + PAD]
    spaces = head == 32
    sp = spaces.argmax(axis=1)
    ok = spaces[np.arange(n), sp] & (sp > 0) & (sp < ends - starts)
    if len(quotes) == 0:
        ok[:] = False
        quotes = np.zeros(1, dtype=np.int64)
    # The request's quote: the first quote after the address; one escaped by a backslash
    # (a quote in the user field) sends the line to the per-line scan.
    at = np.minimum(np.searchsorted(quotes, starts + sp), len(quotes) - 1)
    q = quotes[at]
    ok &= (q > starts + sp) & (q < ends)
    qs = np.clip(q, 2, max(size - 1, 2))
    lb = q - 29
    lbs = np.clip(lb, 0, max(size - 1, 0))
    ok &= (buf[qs - 1] == 32) & (buf[qs - 2] == 93) & (lb > starts + sp) & (buf[lbs] == 91)
    # The agent: the last quoted field, ending the line (or one byte before its end).
    last = np.searchsorted(quotes, ends) - 1
    e = quotes[np.maximum(last, 0)]
    s = quotes[np.maximum(last - 1, 0)]
    ok &= (last >= 1) & (e >= ends - 2) & (e < ends) & (s >= lb) & (s < e)
    rows = np.flatnonzero(ok)
    window = np.lib.stride_tricks.sliding_window_view(padded, 27)[lb[rows] + 1 + PAD]
    codes, plain, parts = _time_codes(window)
    day = np.full(len(rows), -1, dtype=np.int64)
    offset = scan.tz.utcoffset(None) if isinstance(scan.tz, timezone) else None
    if offset is not None:
        simple = plain & (parts[0] >= 2) & (parts[0] <= 9998)
        day[simple] = _fixed_days(scan, [p[simple] for p in parts], int(offset.total_seconds()))
        plain &= ~simple
    plain_rows = np.flatnonzero(plain)
    if len(plain_rows):
        day[plain_rows] = _legal_days(scan, window, codes[plain_rows], plain_rows)
    keep = day >= 0
    rows = rows[keep]
    e, s = e[rows], s[rows]
    return rows, day[keep], e, e - s - 1, sp[rows]
