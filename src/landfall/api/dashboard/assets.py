"""The dashboard's own and vendored static files, served from memory.

Starlette's ``StaticFiles`` stats and opens each file in the thread pool on every request
(``bench/api_cpu.py`` measured 600-990 us of CPU for a 4 KB stylesheet, more than a cached
board answer). These files change only with a release, and all of them together are a few
MB, so they are read once, at start-up, with their digest; a request is a dictionary lookup.

Each file's URL in the pages carries its digest (``/static/style.css?v=1a2b...``, from
:func:`url`): a URL naming the current digest is the same bytes for ever, sent with
``Cache-Control: public, max-age=31536000, immutable`` (RFC 8246), so a browser does not even
revalidate it; a release changes the digest and so the URL. Without the digest, or with an
old one, a file is ``no-cache``: kept, and revalidated with its strong ETag (a 304).
"""

from __future__ import annotations

import functools
import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

from starlette.exceptions import HTTPException
from starlette.types import Receive, Scope, Send

from landfall.api.response_cache import matches

STATIC = Path(__file__).parent / "static"
IMMUTABLE = b"public, max-age=31536000, immutable"
REVALIDATE = b"public, no-cache"
# types mimetypes may not know on a bare system, for the files vendored here
TYPES = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}


@dataclass(frozen=True)
class Asset:
    body: bytes
    content_type: bytes
    version: str  # the digest's first hex digits, as the URL's ``v``
    etag: bytes  # quoted strong validator of the body


def _asset(path: Path) -> Asset:
    body = path.read_bytes()
    digest = hashlib.blake2b(body, digest_size=16).hexdigest()
    kind = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "text/plain"
    if kind.startswith("text/") or kind == "image/svg+xml":
        kind += "; charset=utf-8"
    return Asset(body, kind.encode(), digest[:12], f'"{digest}"'.encode())


class Assets:
    """An ASGI app answering GET for every file under ``directory`` (HEAD through
    ``landfall.api.head``), and 404 / 405 as the rest of the app does."""

    def __init__(self, directory: Path) -> None:
        self.files = {
            "/" + p.relative_to(directory).as_posix(): _asset(p)
            for p in sorted(directory.rglob("*"))
            if p.is_file()
        }

    def url(self, path: str) -> str:
        """``/static/<path>?v=<digest>`` for a file here (``path`` relative to the folder)."""
        return f"/static/{path}?v={self.files['/' + path].version}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] not in ("GET", "HEAD"):
            raise HTTPException(405)
        # under a Mount the path is the request's whole path and root_path ends with the
        # mount's prefix (Starlette's own get_route_path does this; it is private)
        path, root = scope["path"], scope.get("root_path", "")
        found = self.files.get(path[len(root) :] if path.startswith(root) else path)
        if found is None:
            raise HTTPException(404)
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        current = query.get("v") == [found.version]
        headers = [
            (b"etag", found.etag),
            (b"cache-control", IMMUTABLE if current else REVALIDATE),
        ]
        wanted = _header(scope, b"if-none-match")
        if wanted is not None and matches(wanted.decode("latin-1"), found.etag.decode()):
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        headers += [
            (b"content-type", found.content_type),
            (b"content-length", str(len(found.body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": found.body})


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value)
    return None


@functools.cache
def shared() -> Assets:
    """The package's static folder, read once per process (the pages' URLs and the mount
    must agree on the digests, and the files are the same for every app)."""
    return Assets(STATIC)


def url(path: str) -> str:
    """The versioned URL of a static file, for templates and the docs pages."""
    return shared().url(path)
