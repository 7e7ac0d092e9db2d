"""``--lang``: the one option every command that prints words takes, and how it is spoken.

The main commands, the listings and the collectors' commands (ledger, takedown, audience,
scan) read the same option: ``en`` or ``ru``, by default ``LANDFALL_LANG``, else English. The
language is spoken for the one command and reset after it, so commands run one after another
in one process (the tests) never inherit each other's language.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Annotated, Any, TypeVar

import typer

F = TypeVar("F", bound=Callable[..., Any])

LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Language of the words for people: en or ru (default: LANDFALL_LANG, else en). "
        "Ids, status codes, dates and amounts never change.",
    ),
]


def speaks(fn: F) -> F:
    """Run a command that takes ``lang`` in that language (``--lang``, else ``LANDFALL_LANG``,
    else English); an unknown one is bad input (exit 2), printed as a diagnostic."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from landfall import i18n
        from landfall.errors import LandfallError, render

        try:
            lang = i18n.choose(kwargs.get("lang"))
        except LandfallError as e:
            typer.echo(render(e), err=True)
            raise typer.Exit(e.exit_code) from None
        with i18n.speaking(lang):
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
