"""Where a store physically is: declaration, then cloud region, then the host's IP address.

The region table is data maintained here: each provider's region codes as the provider spells
them, mapped to the ISO 3166-1 alpha-2 country of the data centre. Codes are unique across
providers, so a bare code in a stores file is unambiguous. Hostnames are read for a region
only under a provider's own domain, so a host named ``ru-1.example.com`` proves nothing.
"""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from landfall.geoip import country_of, is_public
from landfall.scanner.stores import Store, expand_env

__all__ = ["REGIONS", "Location", "locate", "region_country", "region_from_host"]

_AWS = {
    "us-east-1": "US", "us-east-2": "US", "us-west-1": "US", "us-west-2": "US",
    "us-gov-east-1": "US", "us-gov-west-1": "US", "ca-central-1": "CA", "ca-west-1": "CA",
    "mx-central-1": "MX", "sa-east-1": "BR", "eu-central-1": "DE", "eu-central-2": "CH",
    "eu-west-1": "IE", "eu-west-2": "GB", "eu-west-3": "FR", "eu-north-1": "SE",
    "eu-south-1": "IT", "eu-south-2": "ES", "il-central-1": "IL", "me-south-1": "BH",
    "me-central-1": "AE", "af-south-1": "ZA", "ap-east-1": "HK", "ap-south-1": "IN",
    "ap-south-2": "IN", "ap-northeast-1": "JP", "ap-northeast-2": "KR", "ap-northeast-3": "JP",
    "ap-southeast-1": "SG", "ap-southeast-2": "AU", "ap-southeast-3": "ID",
    "ap-southeast-4": "AU", "ap-southeast-5": "MY", "ap-southeast-7": "TH",
    "cn-north-1": "CN", "cn-northwest-1": "CN",
}  # fmt: skip
_GCP = {
    "us-central1": "US", "us-east1": "US", "us-east4": "US", "us-east5": "US",
    "us-south1": "US", "us-west1": "US", "us-west2": "US", "us-west3": "US", "us-west4": "US",
    "northamerica-northeast1": "CA", "northamerica-northeast2": "CA",
    "southamerica-east1": "BR", "southamerica-west1": "CL", "europe-west1": "BE",
    "europe-west2": "GB", "europe-west3": "DE", "europe-west4": "NL", "europe-west6": "CH",
    "europe-west8": "IT", "europe-west9": "FR", "europe-west10": "DE", "europe-west12": "IT",
    "europe-north1": "FI", "europe-central2": "PL", "europe-southwest1": "ES",
    "me-west1": "IL", "me-central1": "QA", "me-central2": "SA", "africa-south1": "ZA",
    "asia-east1": "TW", "asia-east2": "HK", "asia-northeast1": "JP", "asia-northeast2": "JP",
    "asia-northeast3": "KR", "asia-south1": "IN", "asia-south2": "IN",
    "asia-southeast1": "SG", "asia-southeast2": "ID", "australia-southeast1": "AU",
    "australia-southeast2": "AU",
}  # fmt: skip
_AZURE = {
    "eastus": "US", "eastus2": "US", "centralus": "US", "northcentralus": "US",
    "southcentralus": "US", "westus": "US", "westus2": "US", "westus3": "US",
    "canadacentral": "CA", "canadaeast": "CA", "brazilsouth": "BR", "northeurope": "IE",
    "westeurope": "NL", "uksouth": "GB", "ukwest": "GB", "francecentral": "FR",
    "germanywestcentral": "DE", "switzerlandnorth": "CH", "norwayeast": "NO",
    "swedencentral": "SE", "polandcentral": "PL", "italynorth": "IT", "spaincentral": "ES",
    "uaenorth": "AE", "qatarcentral": "QA", "israelcentral": "IL", "southafricanorth": "ZA",
    "centralindia": "IN", "southindia": "IN", "eastasia": "HK", "southeastasia": "SG",
    "japaneast": "JP", "japanwest": "JP", "koreacentral": "KR", "australiaeast": "AU",
}  # fmt: skip
_YANDEX = {"ru-central1": "RU", "kz1": "KZ"}
_VK = {"ru-msk": "RU", "ru-spb": "RU"}
_CLOUD_RU = {"ru-moscow-1": "RU", "ru-moscow-2": "RU", "ru-spb-1": "RU"}
_SELECTEL = {
    "ru-1": "RU", "ru-2": "RU", "ru-3": "RU", "ru-7": "RU", "ru-8": "RU", "ru-9": "RU",
    "gis-1": "RU", "kz-1": "KZ", "uz-1": "UZ",
}  # fmt: skip

REGIONS: dict[str, tuple[str, str]] = {
    code: (provider, country)
    for provider, table in [
        ("aws", _AWS),
        ("gcp", _GCP),
        ("azure", _AZURE),
        ("yandex-cloud", _YANDEX),
        ("vk-cloud", _VK),
        ("cloud.ru", _CLOUD_RU),
        ("selectel", _SELECTEL),
    ]
    for code, country in table.items()
}
"""Region code -> (provider, ISO2)."""

# Provider domains under which a hostname label may name a region.
_PROVIDER_DOMAINS = {
    "aws": re.compile(r"\.amazonaws\.com(\.cn)?$"),
    "azure": re.compile(r"\.azure\.com$|\.azure\.net$|\.windows\.net$"),
    "gcp": re.compile(r"\.googleapis\.com$|\.goog$|\.run\.app$"),
    "yandex-cloud": re.compile(r"\.yandexcloud\.(net|kz)$"),
    "vk-cloud": re.compile(r"\.mcs\.mail\.ru$|\.vkcloud\.ru$|\.vkcs\.cloud$"),
    "cloud.ru": re.compile(r"\.cloud\.ru$|\.sbercloud\.ru$"),
    "selectel": re.compile(r"\.selcloud\.ru$|\.selectel\.ru$"),
}
# Yandex Managed Databases name hosts by zone: rc1a-..., rc1b-..., rc1d-... are ru-central1.
_YANDEX_ZONE = re.compile(r"^rc1[a-d]-")


@dataclass(frozen=True)
class Location:
    country: str | None
    method: str | None  # "declared" | "cloud-region" | "geoip" | None
    reason: str


def region_country(code: str) -> tuple[str, str] | None:
    return REGIONS.get(code.strip().lower())


def region_from_host(host: str) -> tuple[str, str, str] | None:
    """(region, provider, country) read from a cloud provider's hostname, or None."""
    host = host.lower().rstrip(".")
    for provider, domain in _PROVIDER_DOMAINS.items():
        if not domain.search(host):
            continue
        if provider == "yandex-cloud" and _YANDEX_ZONE.match(host):
            return "ru-central1", provider, "RU"
        for label in host.split("."):
            hit = REGIONS.get(label)
            if hit is not None and hit[0] == provider:
                return label, provider, hit[1]
    return None


def _host_of(store: Store) -> str | None:
    if "://" not in store.url or store.url.startswith(("sqlite:", "file:")):
        return None
    try:
        return urlsplit(expand_env(store)).hostname
    except ValueError:
        return None


def locate(store: Store) -> Location:
    if store.country:
        return Location(store.country, "declared", "declared in the stores file")
    if store.region:
        hit = region_country(store.region)
        if hit is not None:
            return Location(hit[1], "cloud-region", f"{hit[0]} region {store.region}")
    host = _host_of(store)
    if host is None:
        return Location(None, None, "a local file: declare its country")
    found = region_from_host(host)
    if found is not None:
        region, provider, country = found
        return Location(country, "cloud-region", f"{provider} region {region} in host {host}")
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return Location(None, None, f"host {host} does not resolve")
    addresses = list(dict.fromkeys(str(i[4][0]) for i in infos))
    public = [a for a in addresses if is_public(a)]
    if not public:
        return Location(None, None, f"host {host} is private or loopback: declare its country")
    countries = {a: country_of(a) for a in public}
    known = {c for c in countries.values() if c}
    if len(known) == 1:
        country = known.pop()
        return Location(country, "geoip", f"{host} -> {public[0]} delegated to {country}")
    if not known:
        return Location(None, None, f"{host} -> {public[0]} is in no country's delegation")
    return Location(None, None, f"{host} resolves to several countries: {sorted(known)}")
