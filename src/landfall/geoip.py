"""Offline IP address to country, shared by the scanner's locator and the audience meter.

Backed by ``iptocc`` (regional-registry delegation data shipped inside the wheel; IPv4 and
IPv6; no download at run time). Private, loopback, link-local, multicast and otherwise
reserved addresses never belong to a country: they are answered ``None`` before the lookup.
"""

from __future__ import annotations

import ipaddress

from iptocc import country_code

__all__ = ["country_of", "is_public"]


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
