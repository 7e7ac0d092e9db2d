"""The static files from memory: the pages name them by digest, a current digest is
immutable, anything else revalidates with the strong ETag; headers as on every answer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

STATIC = Path(__file__).parents[2] / "src" / "landfall" / "api" / "dashboard" / "static"


def test_pages_name_each_asset_by_its_digest_and_it_is_immutable(client: TestClient) -> None:
    html = client.get("/").text
    urls = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    assert {u.split("?")[0] for u in urls} >= {
        "/static/style.css",
        "/static/app.js",
        "/static/vendor/chart.umd.min.js",
        "/static/favicon.svg",
    }
    for u in urls:
        assert "?v=" in u, u
        r = client.get(u)
        assert r.status_code == 200, u
        assert r.headers["cache-control"] == "public, max-age=31536000, immutable", u
        assert r.content == (STATIC / u.split("?")[0].removeprefix("/static/")).read_bytes()
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]


def test_an_old_or_missing_digest_revalidates(client: TestClient) -> None:
    for u in ("/static/style.css", "/static/style.css?v=0000"):
        r = client.get(u)
        assert r.headers["cache-control"] == "public, no-cache"
        assert r.headers["content-type"] == "text/css; charset=utf-8"
        again = client.get(u, headers={"if-none-match": r.headers["etag"]})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == r.headers["etag"]
    changed = client.get("/static/style.css", headers={"if-none-match": '"other"'})
    assert changed.status_code == 200


@pytest.mark.parametrize(
    "path", ["/static/nope.css", "/static/../pyproject.toml", "/static/", "/static/vendor"]
)
def test_what_is_not_a_file_there_is_404(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not-found"


def test_the_docs_load_the_vendored_assets_by_digest(client: TestClient) -> None:
    for page in ("/docs", "/redoc"):
        found = re.findall(r'"(/static/vendor/[^"]+)"', client.get(page).text)
        assert found, page
        for u in found:
            assert "?v=" in u and client.get(u).status_code == 200, u
