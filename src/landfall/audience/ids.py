"""Content-derived 64-bit ids of byte ranges, computed for a whole block of lines at once.

A user is (client address, user agent); the meter holds one 64-bit id per user. The ids must
be the same in every run, process, worker and Spark task (estimates, and so the ledger's
events, must not change from run to run), and cheap enough to compute for every line: a
per-value hash call from Python (``hashlib``) costs more than the rest of the scan.

The id of a byte string of length L is ``fmix64(L * K_LEN + sum(w_i * K_i))``: its bytes
zero-padded on the left to whole 8-byte words, ``w_0`` the last word, ``w_1`` the one before
and so on, each times its own odd constant, wrapping at 2**64; ``fmix64`` is MurmurHash3's
finalizer, so the ids are well spread for the sketch. Being a sum over words it is computed for
thousands of ranges with a few numpy operations over fixed windows, however long a range is.
It is not a cryptographic hash: someone could craft two agents with one id, which only makes
their own two requests count as one user. Two honest values share an id with probability
about 2**-64, the level the exact count already accepts (it holds 64-bit hashes).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["PAD", "byte_ids", "fmix64", "range_ids", "user_ids"]

U64 = npt.NDArray[np.uint64]
_MASK = (1 << 64) - 1
# Zero bytes in front of a block, so a window ending at a range's end never starts before it.
PAD = 256
_K_LEN = np.uint64(0x9E3779B97F4A7C15)
_K_AGENT = np.uint64(0xC2B2AE3D27D4EB4F)
_K_USER = np.uint64(0x165667B19E3779F9)


def _weights(count: int) -> U64:
    """``count`` odd constants from SplitMix64 with a fixed seed: the same in every run."""
    out = []
    x = 0x6C616E6466616C6C  # "landfall"
    for _ in range(count):
        x = (x + 0x9E3779B97F4A7C15) & _MASK
        z = x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
        out.append((z ^ (z >> 31)) | 1)
    return np.array(out, dtype=np.uint64)


_WEIGHTS = _weights(1 << 12)  # words of a range up to 32 KiB; longer ones extend the table


def _weights_for(words: int) -> U64:
    global _WEIGHTS
    if words > len(_WEIGHTS):
        _WEIGHTS = _weights(max(words, 2 * len(_WEIGHTS)))
    return _WEIGHTS


def fmix64(h: U64) -> U64:
    """MurmurHash3's 64-bit finalizer, element-wise (a bijection)."""
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def range_ids(
    padded: npt.NDArray[np.uint8],
    ends: npt.NDArray[np.int64],
    lengths: npt.NDArray[np.int64],
    window: int = 128,
) -> U64:
    """Ids of the ranges ``padded[PAD + end - length : PAD + end]``, one per (end, length).

    ``padded`` holds ``PAD`` zero bytes before the block; ``window`` (a multiple of 8, at
    most ``PAD``) is how many bytes each numpy pass reads per range: a range longer than that
    takes more passes, only for such ranges.
    """
    assert window % 8 == 0 and window <= PAD
    span = window // 8
    # Unaligned 8-byte words read in place: ``word_at[p]`` is bytes p..p+8, and row p of
    # ``words_at`` the ``span`` words from byte p (one contiguous copy per range to gather).
    word_at = np.ndarray((len(padded) - 7,), dtype="<u8", buffer=padded, strides=(1,))
    words_at = np.ndarray(
        (len(padded) - window + 1, span), dtype="<u8", buffer=padded, strides=(1, 8)
    )
    end = ends + PAD
    full, part = lengths // 8, lengths % 8
    acc = lengths.astype(np.uint64) * _K_LEN
    weights = _weights_for(int(full.max(initial=0)) + 1)
    # Whole words, ``span`` at a time from the end: the k-th column of a pass is word
    # (pass * span + span - 1 - k) from the end, weighted by that index (0 if past the range).
    rows = np.flatnonzero(full > 0)
    back = np.arange(span - 1, -1, -1)
    step = 0
    while len(rows):
        grabbed = words_at[end[rows] - window * (step + 1)]
        index = back + step * span
        used = index < full[rows][:, None]
        acc[rows] += (grabbed * np.where(used, weights[index], np.uint64(0))).sum(
            axis=1, dtype=np.uint64
        )
        step += 1
        rows = rows[full[rows] > step * span]
    # The first, partial word: only its last ``part`` bytes (its high ones) are the range's.
    rows = np.flatnonzero(part > 0)
    word = word_at[end[rows] - 8 * (full[rows] + 1)]
    keep = np.uint64((1 << 64) - 1) << (np.uint64(8) * (8 - part[rows]).astype(np.uint64))
    acc[rows] += (word & keep) * weights[full[rows]]
    return fmix64(acc)


def byte_ids(values: Sequence[bytes]) -> U64:
    """The ids of byte strings given one by one (the per-line paths): as :func:`range_ids`."""
    lengths = np.fromiter((len(v) for v in values), dtype=np.int64, count=len(values))
    padded = np.frombuffer(bytes(PAD) + b"".join(values) + bytes(PAD), dtype=np.uint8)
    return range_ids(padded, np.cumsum(lengths), lengths)


def user_ids(address_ids: U64, agent_ids: U64) -> npt.NDArray[np.int64]:
    """The user of each (address id, agent id) pair, as the signed 64-bit ints the counters
    and the sketch take."""
    mixed = address_ids * _K_USER + fmix64(agent_ids ^ _K_AGENT)
    return fmix64(mixed).view(np.int64)
