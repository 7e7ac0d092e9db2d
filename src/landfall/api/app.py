"""``create_app(settings)``: the API, the dashboard and their static files over one ledger."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse, RedirectResponse

from landfall.api import errors
from landfall.api.budget import TimeBudget
from landfall.api.head import HeadAsGet
from landfall.api.headers import SecurityHeaders
from landfall.api.language import Language
from landfall.api.ledger_watch import LedgerWatch
from landfall.api.limits import BodyLimit
from landfall.api.response_cache import ResponseCache
from landfall.api.routes import (
    board,
    changes,
    companies,
    events,
    ledger,
    listings,
    resources,
    rulebook,
    where,
)
from landfall.ledger import open_ledger
from landfall.service.portal import Portal, seed_casebook
from landfall.settings import Settings
from landfall.tokens import TokenStore


def create_app(settings: Settings) -> FastAPI:
    """Open the ledger (importing the case book into an empty one) and build the app."""
    from landfall.rulebooks import load_many

    books = load_many(settings.rulebooks)  # before the ledger opens: an unknown id fails first
    store = open_ledger(settings.db)
    try:
        if settings.import_casebook:
            seed_casebook(store)
        tokens = TokenStore(store.url)
    except BaseException:
        store.close()
        raise
    head = LedgerWatch(store, store.url)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        head.close()
        tokens.close()
        store.close()

    app = FastAPI(
        title="landfall",
        summary="Compliance with Russia's landing (236-FZ), localization (152-FZ) and takedown "
        "(149-FZ) laws, from a tamper-evident ledger.",
        version="1",
        lifespan=lifespan,
        docs_url=None,  # served below from the vendored assets, never from a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.portal = Portal(store, books, settings.cache_size)
    app.state.tokens = tokens
    # the board's and assessments' JSON, as many answers as the portal keeps assessments
    app.state.answers = ResponseCache(settings.cache_size)
    app.state.pages = ResponseCache(settings.cache_size)  # the dashboard's rendered pages
    app.state.watch = head  # the keys' ledger head and the tokens, re-read when the ledger changed
    errors.install(app)
    for module in (companies, resources, events, board, rulebook, ledger, changes, where, listings):
        app.include_router(module.router)
    from landfall.api.dashboard import mount

    mount(app)
    serve_docs(app)
    publish_event_ranges(app)
    app.add_middleware(TimeBudget, seconds=settings.request_budget)  # the app's time only
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(Language)  # the language of the request, error pages included
    app.add_middleware(SecurityHeaders)  # outside the body limit: its 413s get them too
    app.add_middleware(HeadAsGet)  # HEAD is a GET whose body is dropped on the way out
    return app


def publish_event_ranges(app: FastAPI) -> None:
    """The years a posted event's ``date`` may take, in the published schema: the facts
    loader refuses a date outside 1990-2100 (``date-out-of-range``), so the schema says so
    (``IN_RANGE``, as the query dates do) and a schema-valid event is not refused for it.
    The facts model is the public contract and stays as it is; the API's schema adds this."""
    from landfall.api.deps import IN_RANGE

    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        components = schema.get("components", {}).get("schemas", {})
        events = components.get("EventsCreate", {}).get("properties", {}).get("events", {})
        for choice in events.get("items", {}).get("oneOf", []):
            name = str(choice.get("$ref", "")).rsplit("/", 1)[-1]
            date = components.get(name, {}).get("properties", {}).get("date")
            if date is not None:
                date.update(IN_RANGE)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def serve_docs(app: FastAPI) -> None:
    """``/docs`` (Swagger UI) and ``/redoc`` from the app's own static folder, so they work
    offline; ``/favicon.ico`` points at the dashboard's icon."""
    from landfall.api.dashboard.assets import url

    title = f"{app.title} API"
    favicon_url = url("favicon.svg")

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=title,
            oauth2_redirect_url="/docs/oauth2-redirect",
            swagger_js_url=url("vendor/swagger-ui/swagger-ui-bundle.js"),
            swagger_css_url=url("vendor/swagger-ui/swagger-ui.css"),
            swagger_favicon_url=favicon_url,
        )

    @app.get("/docs/oauth2-redirect", include_in_schema=False)
    def swagger_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=title,
            redoc_js_url=url("vendor/redoc/redoc.standalone.js"),
            redoc_favicon_url=favicon_url,
            with_google_fonts=False,
        )

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> RedirectResponse:
        return RedirectResponse("/static/favicon.svg", status_code=301)
