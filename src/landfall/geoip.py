"""Offline IP address to country, shared by the scanner's locator and the audience meter.

Backed by ``iptocc`` (regional-registry delegation data shipped inside the wheel; IPv4 and
IPv6; no download at run time). Private, loopback, link-local, multicast and otherwise
reserved addresses never belong to a country: they are answered ``None`` before the lookup.
"""

from __future__ import annotations

import ipaddress

from iptocc import country_code

__all__ = ["UNIONS", "countries_in", "country_of", "is_public"]

UNIONS: dict[str, frozenset[str]] = {
    # The member states of the European Union, for the code `EU` (the facts format's code for
    # the Union as a whole); geography, from
    # https://european-union.europa.eu/principles-countries-history/eu-countries_en
    "EU": frozenset(
        [
            "AT",
            "BE",
            "BG",
            "HR",
            "CY",
            "CZ",
            "DK",
            "EE",
            "FI",
            "FR",
            "DE",
            "GR",
            "HU",
            "IE",
            "IT",
            "LV",
            "LT",
            "LU",
            "MT",
            "NL",
            "PL",
            "PT",
            "RO",
            "SK",
            "SI",
            "ES",
            "SE",
        ]
    ),
}
"""Codes that stand for a union of countries, and its members (ISO 3166-1 alpha-2)."""


def countries_in(code: str) -> frozenset[str]:
    """The countries a code covers: a union's members, else the country itself."""
    return UNIONS.get(code, frozenset({code}))


def is_public(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global


def country_of(address: str) -> str | None:
    """ISO 3166-1 alpha-2 code of the country the address is delegated to, or None."""
    text = address.strip().strip("[]")
    if not is_public(text):
        return None
    ip = ipaddress.ip_address(text)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        text = str(ip.ipv4_mapped)
    return country_code(text)
