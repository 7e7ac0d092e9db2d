"""Browser-facing hardening through the real app: security headers, cookie flags, CSRF on
the login and logout forms (login CSRF included), a revoked cookie sent to the login page."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from landfall.api import create_app
from landfall.api.dashboard.pages import CSRF_COOKIE
from landfall.settings import Settings
from landfall.tokens import TokenStore

from .support import World


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the form carries no CSRF token"
    return found.group(1)


def login(client: TestClient, token: str) -> str:
    page = client.get("/login")
    csrf = csrf_of(page.text)
    r = client.post("/login", data={"token": token, "csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return r.headers["set-cookie"]


def test_every_answer_has_the_security_headers(client: TestClient) -> None:
    for path in ("/", "/login", "/api/companies", "/static/app.js", "/nope", "/docs"):
        r = client.get(path)
        assert r.headers["x-frame-options"] == "DENY", path
        assert r.headers["x-content-type-options"] == "nosniff", path
        assert r.headers["referrer-policy"] == "no-referrer", path
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp, path
    page_csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self';" in page_csp and "unsafe-inline" not in page_csp
    # the public's page is kept by its browser and revalidated (ETag); a signed-in page
    # and every other page is never stored
    assert client.get("/").headers["cache-control"] == "private, no-cache"
    assert client.get("/rulebook").headers["cache-control"] == "no-store"
    big = client.post("/api/events", content=b"x" * 70_000)  # the body limit's own 413
    assert big.status_code == 413 and big.headers["x-frame-options"] == "DENY"


def test_dashboard_pages_use_no_inline_script_or_style(client: TestClient) -> None:
    for path in ("/", "/companies/google", "/rulebook", "/login"):
        html = client.get(path).text
        assert not re.search(r"<script(?![^>]*(src=|type=\"application/json\"))", html), path
        assert " style=" not in html and "<style" not in html, path
        assert not re.search(r" on[a-z]+=", html), path


def test_login_cookie_is_httponly_strict_and_secure_over_https(world: World) -> None:
    token = world.tokens["regulator"]
    with TestClient(create_app(Settings(db=world.url))) as plain:
        cookie = login(plain, token)
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" not in cookie
    with TestClient(create_app(Settings(db=world.url)), base_url="https://testserver") as tls:
        cookie = login(tls, token)
    assert "Secure" in cookie and "HttpOnly" in cookie
    always = Settings(db=world.url, cookie_secure="always")
    with TestClient(create_app(always)) as proxied:  # TLS ended by a proxy out of sight
        assert "Secure" in proxied.get("/login").headers["set-cookie"]


def test_login_without_the_csrf_token_is_refused(client: TestClient, world: World) -> None:
    # a foreign page posting the attacker's token: no CSRF cookie, no matching field
    r = client.post("/login", data={"token": world.tokens["company:acme"]}, follow_redirects=False)
    assert r.status_code == 403 and "csrf-token-mismatch" in r.text
    assert "landfall_token" not in r.headers.get("set-cookie", "")
    # the cookie alone (sent by the browser) with a guessed field is refused too
    client.get("/login")
    r = client.post(
        "/login",
        data={"token": world.tokens["company:acme"], "csrf": "guess"},
        follow_redirects=False,
    )
    assert r.status_code == 403
    assert client.cookies.get(CSRF_COOKIE)


def test_logout_needs_the_csrf_token(client: TestClient, world: World) -> None:
    login(client, world.tokens["regulator"])
    assert client.post("/logout", follow_redirects=False).status_code == 403
    csrf = csrf_of(client.get("/").text)
    out = client.post("/logout", data={"csrf": csrf}, follow_redirects=False)
    assert out.status_code == 303 and 'landfall_token=""' in out.headers["set-cookie"]


def test_a_revoked_cookie_goes_to_the_login_page(client: TestClient, world: World) -> None:
    with TokenStore(world.url) as tokens:
        info, token = tokens.create("company:acme", "soon revoked")
    login(client, token)
    assert client.get("/companies/acme").status_code == 200
    with TokenStore(world.url) as tokens:
        tokens.revoke(info.id)
    r = client.get("/companies/acme", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?expired=true"
    assert 'landfall_token=""' in r.headers["set-cookie"]
    page = client.get("/login?expired=true")
    assert page.status_code == 200 and "login-expired" in page.text
    assert "public view" in client.get("/").text  # the cookie is gone: the public board
