"""The HTTP API and the dashboard behind it: ``create_app(settings)``."""

from landfall.api.app import create_app

__all__ = ["create_app"]
