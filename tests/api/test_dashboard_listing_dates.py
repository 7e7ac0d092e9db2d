"""The dashboard's listing pages read their ``from``/``to`` form fields (blank keeps all)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from .support import World


def test_the_fines_page_bounds_its_rows_by_from_and_to(world: World, client: TestClient) -> None:
    headers = {"Authorization": f"Bearer {world.tokens['regulator']}"}

    def rows(**params: str) -> int:
        r = client.get("/fines", params={"as_of": "2024-06-01", **params}, headers=headers)
        assert r.status_code == 200, r.text
        body = r.text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        return body.count("<tr>")  # the empty-row placeholder has a class

    everything = rows(**{"from": "", "to": ""})
    assert everything > 0 and rows() == everything
    assert rows(**{"from": "2100-01-01"}) == 0
    assert 0 < rows(to="2021-12-31") < everything
    bad = client.get("/fines", params={"from": "2021-13-01"}, headers=headers)
    assert bad.status_code == 422 and "from" in bad.text
