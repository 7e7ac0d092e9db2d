"""Which client addresses count: a sorted book of address ids and their class, and the batch
classification of the addresses a block brings that the book does not hold yet."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
from iptocc import country_code

__all__ = ["AddressBook", "classify_texts"]

# The IPv4 text ``ipaddress`` accepts: four decimal octets up to 255, no leading zeros. Such
# an address with no country from iptocc is private, reserved or undelegated: not counted.
_PLAIN_V4 = re.compile(
    r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])"
    r"(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])){3}"
)
UNKNOWN = -1


class AddressBook:
    """Address id -> class, as sorted numpy arrays: a block's ids are looked up in one
    ``searchsorted`` instead of one dict lookup per line."""

    def __init__(self) -> None:
        self.ids = np.empty(0, dtype=np.uint64)
        self.classes = np.empty(0, dtype=np.int8)

    def __len__(self) -> int:
        return len(self.ids)

    def clear(self) -> None:
        self.__init__()  # type: ignore[misc]

    def lookup(self, ids: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
        """The class of each id, UNKNOWN where the book has none."""
        out = np.full(len(ids), UNKNOWN, dtype=np.int64)
        if not len(self.ids):
            return out
        # Sorted first: searching a large book in order is several times faster (caches).
        order = np.argsort(ids)
        wanted = ids[order]
        at = np.minimum(np.searchsorted(self.ids, wanted), len(self.ids) - 1)
        out[order] = np.where(self.ids[at] == wanted, self.classes[at], UNKNOWN)
        return out

    def add(self, ids: npt.NDArray[np.uint64], classes: npt.NDArray[np.int64]) -> None:
        """Add ``ids`` (distinct, none in the book yet) with their classes."""
        order = np.argsort(ids)
        ids, classes = ids[order], classes[order].astype(np.int8)
        at = np.searchsorted(self.ids, ids)
        self.ids = np.insert(self.ids, at, ids)
        self.classes = np.insert(self.classes, at, classes)


def classify_texts(
    texts: list[bytes],
    countries: frozenset[str],
    classify: Callable[[bytes, frozenset[str]], int],
    counted: int,
    other: int,
) -> list[int]:
    """The class of each address text: iptocc once for them all; the full ``classify`` only
    for the ones it has no country for that are not plain IPv4 text."""
    try:
        decoded = b"\n".join(texts).decode("ascii").split("\n")
    except UnicodeDecodeError:
        return [classify(t, countries) for t in texts]
    out = []
    for text, raw, code in zip(decoded, texts, country_code(decoded), strict=True):
        if code is not None:
            out.append(counted if code in countries else other)
        elif _PLAIN_V4.fullmatch(text):
            out.append(other)
        else:
            out.append(classify(raw, countries))
    return out
