"""The web dashboard: server-rendered pages over the same portal as the API; no CDN.

Templates only display what :class:`~landfall.service.portal.Portal` computed; no rule logic here.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from landfall.api.dashboard import assets

HERE = Path(__file__).parent


def mount(app: FastAPI) -> None:
    from landfall.api.dashboard import calendar, listings
    from landfall.api.dashboard.pages import StaleSessionError, router, stale_session
    from landfall.api.dashboard.where_page import router as where_router

    app.add_exception_handler(StaleSessionError, stale_session)
    # read once per process: every request is a lookup in memory
    app.mount("/static", assets.shared(), name="static")
    app.include_router(router)
    app.include_router(calendar.router)
    app.include_router(where_router)
    app.include_router(listings.router)
