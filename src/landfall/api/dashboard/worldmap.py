"""The where page's world map, drawn on the server from the vendored ``world.svg``.

``static/vendor/world.svg`` is @svg-maps/world 2.0.0 as published (CC-BY-4.0, see
``static/vendor/README``): one ``<path>`` per country, its ``id`` the ISO 3166-1 alpha-2 code in
lower case, each outline a relative ``m`` path closed by ``z``. The page inlines a lighter copy
(about a quarter of the file's 1.2 MB): coordinates made absolute and rounded to whole units
of the 1010 x 666 view box (a ring that rounding would collapse keeps as many decimals as it
needs, so a small country stays on the map), each country shaded by the where rows and titled with their
summary. No script and no request leaves the server.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markupsafe import Markup, escape

from landfall.geoip import countries_in

SVG = Path(__file__).parent / "static" / "vendor" / "world.svg"
NS = "{http://www.w3.org/2000/svg}"
TOKEN = re.compile(r"[mMzZ]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2, upper case
    name: str
    path: str  # absolute, rounded


class MapFileError(ValueError):
    """The vendored map is not the file this module reads (a path it cannot follow)."""


def _rings(d: str) -> list[list[tuple[float, float]]]:
    """The closed outlines of a path of ``m``/``M`` moves (implicit line-tos) and ``z``."""
    tokens = TOKEN.findall(d)
    rings: list[list[tuple[float, float]]] = []
    ring: list[tuple[float, float]] = []
    current = start = (0.0, 0.0)
    relative, new_ring, i = True, True, 0
    while i < len(tokens):
        token = tokens[i]
        if token in "mM":
            relative, new_ring, i = token == "m", True, i + 1
            continue
        if token in "zZ":
            if ring:
                rings.append(ring)
            ring, current, new_ring, i = [], start, True, i + 1
            continue
        if i + 1 >= len(tokens) or tokens[i + 1] in "mMzZ":
            raise MapFileError(f"{SVG.name}: a coordinate without its pair in {d[:40]!r}")
        x, y = float(token), float(tokens[i + 1])
        point = (current[0] + x, current[1] + y) if relative else (x, y)
        if new_ring:
            if ring:
                rings.append(ring)
            ring, start, new_ring = [point], point, False
        else:
            ring.append(point)
        current, i = point, i + 2
    if ring:
        rings.append(ring)
    return rings


def _rounded(ring: list[tuple[float, float]], digits: int) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for x, y in ring:
        point = (round(x, digits), round(y, digits))
        if not out or out[-1] != point:
            out.append(point)
    return out


def _path(d: str) -> str:
    parts = []
    for ring in _rings(d):
        # whole units, or as many decimals as keep the ring a ring (the Vatican needs two)
        points = next(
            (p for p in (_rounded(ring, n) for n in range(4)) if len(p) >= 3), _rounded(ring, 5)
        )
        if len(points) < 3:
            continue
        parts.append("M" + " ".join(f"{x:g} {y:g}" for x, y in points) + "Z")
    return "".join(parts)


@cache
def countries() -> tuple[str, tuple[Country, ...]]:
    """The map's view box and its countries, read once."""
    root = ET.parse(SVG).getroot()  # the vendored file, shipped with the package
    found = [
        Country(el.get("id", "").upper(), el.get("aria-label", ""), _path(el.get("d", "")))
        for el in root.iter(f"{NS}path")
    ]
    return root.get("viewBox", "0 0 1010 666"), tuple(found)


def world_map(shade: Mapping[str, str], titles: Mapping[str, str], label: str) -> Markup:
    """The inline SVG: each country of a shaded jurisdiction gets the class ``j-<state>`` and a
    ``<title>`` (``titles`` by jurisdiction); the others stay plain. ``label`` names the map
    for assistive technology."""
    view_box, found = countries()
    state: dict[str, str] = {}
    title: dict[str, str] = {}
    for jurisdiction, value in shade.items():
        for code in countries_in(jurisdiction):  # a union is drawn over its members
            state[code] = value
            title[code] = titles.get(jurisdiction, jurisdiction)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{escape(view_box)}" '
        f'class="worldmap" role="img" aria-label="{escape(label)}">'
    ]
    for country in found:
        if country.code in state:
            parts.append(
                f'<path d="{country.path}" class="j-{escape(state[country.code])}" '
                f'data-country="{escape(country.code)}"><title>{escape(country.name)}: '
                f"{escape(title[country.code])}</title></path>"
            )
        else:
            parts.append(f'<path d="{country.path}"><title>{escape(country.name)}</title></path>')
    parts.append("</svg>")
    return Markup("".join(parts))
