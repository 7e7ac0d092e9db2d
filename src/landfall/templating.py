"""One Jinja2 setup for the dashboard's pages and the reports."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from landfall.render import money


def jinja_environment(package: str) -> Environment:
    """Templates from ``package``'s ``templates`` folder, HTML autoescaped, with ``money``."""
    env = Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["money"] = money
    return env
