"""Which client addresses count: a sorted book of address ids and their class, and the batch
classification of the addresses a block brings that the book does not hold yet."""

from __future__ import annotations

import ipaddress
import re

import numpy as np
import numpy.typing as npt
from iptocc import country_code

from landfall.geoip import country_of

__all__ = ["COUNTED", "INVALID", "OTHER", "UNKNOWN", "AddressBook", "classify", "classify_texts"]

# The IPv4 text ``ipaddress`` accepts: four decimal octets up to 255, no leading zeros. Such
# an address with no country from iptocc is private, reserved or undelegated: not counted.
_PLAIN_V4 = re.compile(
    r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])"
    r"(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])){3}"
)
# An address's class: in a counted country, elsewhere (or private, reserved), not an address.
OTHER, COUNTED, INVALID = 0, 1, 2
UNKNOWN = -1  # not in the book yet
_CLASS_BITS = np.uint64(3)
_ID_BITS = ~_CLASS_BITS


def classify(address: bytes, countries: frozenset[str]) -> int:
    """COUNTED for an address in one of ``countries``, OTHER elsewhere (private too), INVALID
    if no IP address."""
    try:
        text = address.decode("ascii")
    except UnicodeDecodeError:
        return INVALID
    # Fast path: a registry-delegated address is never private or reserved (IANA keeps those
    # out of every delegation), so a country answer from iptocc is final. Only the rest
    # (private, reserved, IPv4-mapped, bracketed, invalid) pays for the full parse.
    code = country_code(text)
    if code is None:
        bare = text.strip("[]")
        try:
            ip = ipaddress.ip_address(bare)
        except ValueError:
            return INVALID
        mapped = isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None
        if bare == text and not mapped:
            # iptocc knows no country: private, reserved or undelegated; not a counted user.
            return OTHER
        code = country_of(bare)
    return COUNTED if code in countries else OTHER


class AddressBook:
    """Address id -> class, as one sorted numpy array: a block's ids are looked up with one
    ``searchsorted`` instead of a dict lookup per line. An entry is the id with its two low
    bits replaced by the class (62 bits of id: two addresses share one with odds about
    2**-62, the level of the user ids themselves)."""

    def __init__(self) -> None:
        self.entries = np.empty(0, dtype=np.uint64)

    def __len__(self) -> int:
        return len(self.entries)

    def clear(self) -> None:
        self.entries = np.empty(0, dtype=np.uint64)

    def lookup(self, ids: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
        """The class of each id, UNKNOWN where the book has none."""
        out = np.full(len(ids), UNKNOWN, dtype=np.int64)
        if not len(self.entries):
            return out
        # Sorted first: searching a large book in order is several times faster (caches).
        keys = ids & _ID_BITS
        order = np.argsort(keys)
        wanted = keys[order]
        at = np.minimum(np.searchsorted(self.entries, wanted), len(self.entries) - 1)
        found = self.entries[at]
        out[order] = np.where(
            found & _ID_BITS == wanted, (found & _CLASS_BITS).astype(np.int64), UNKNOWN
        )
        return out

    def add(self, ids: npt.NDArray[np.uint64], classes: npt.NDArray[np.int64]) -> None:
        """Add ``ids`` (none in the book yet) with their classes."""
        entries = np.unique((ids & _ID_BITS) | classes.astype(np.uint64))
        self.entries = np.insert(self.entries, np.searchsorted(self.entries, entries), entries)


def classify_texts(texts: list[bytes], countries: frozenset[str]) -> list[int]:
    """The class of each address text: iptocc once for them all; the full ``classify`` only
    for the ones it has no country for that are not plain IPv4 text."""
    try:
        decoded = b"\n".join(texts).decode("ascii").split("\n")
    except UnicodeDecodeError:
        return [classify(t, countries) for t in texts]
    out = []
    for text, raw, code in zip(decoded, texts, country_code(decoded), strict=True):
        if code is not None:
            out.append(COUNTED if code in countries else OTHER)
        elif _PLAIN_V4.fullmatch(text):
            out.append(OTHER)
        else:
            out.append(classify(raw, countries))
    return out
