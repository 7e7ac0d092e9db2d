"""The where page's map, drawn from the vendored world.svg without a browser."""

from __future__ import annotations

import re

import pytest

from landfall.api.dashboard.worldmap import MapFileError, _path, _rings, countries, world_map
from landfall.geoip import UNIONS


def shaded(svg: str) -> dict[str, str]:
    return {
        code: state
        for state, code in re.findall(r'class="j-([a-z]+)" data-country="([A-Z]{2})"', svg)
    }


def test_every_country_of_the_file_is_drawn_even_a_small_one() -> None:
    view_box, found = countries()
    assert view_box == "0 0 1010 666"
    codes = {c.code for c in found}
    assert {"RU", "TR", "IN", "DE", "US", "SG", "MT", "AD", "VA"} <= codes
    # every outline survives the rounding, the Vatican's and the smallest atolls' too
    assert all(c.path.startswith("M") and c.path.endswith("Z") for c in found)


def test_a_jurisdiction_is_shaded_and_a_union_over_its_members() -> None:
    svg = str(world_map({"TR": "overdue", "EU": "applies"}, {"TR": "TR: 1 company"}, "map"))
    found = shaded(svg)
    assert found["TR"] == "overdue"
    assert {code for code, state in found.items() if state == "applies"} == UNIONS["EU"]
    assert "GB" not in found and "US" not in found
    assert 'aria-label="map"' in svg and "Turkey: TR: 1 company</title>" in svg


def test_text_is_escaped_in_titles_and_labels() -> None:
    svg = str(world_map({"RU": "no"}, {"RU": "<script>x</script>"}, 'a "label"'))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'aria-label="a &#34;label&#34;"' in svg


def test_relative_moves_become_absolute_rings() -> None:
    assert _rings("m 10,10 5,0 0,5 z m 20,0 1,1 -1,0 z") == [
        [(10.0, 10.0), (15.0, 10.0), (15.0, 15.0)],
        [(30.0, 10.0), (31.0, 11.0), (30.0, 11.0)],
    ]
    assert _path("m 10,10 5,0 0,5 z") == "M10 10 15 10 15 15Z"
    with pytest.raises(MapFileError):
        _rings("m 10,10 5 z")
