"""The API's ledger fixtures and the browser's server, reused for the language tests."""

from tests.api.conftest import app, client, template_db, world
from tests.browser.conftest import browser, page, server

__all__ = ["app", "browser", "client", "page", "server", "template_db", "world"]
