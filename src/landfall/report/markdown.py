"""Markdown output that cannot carry HTML or Markdown markup from the ledger's texts.

Company names, notes, sources and store names are written by whoever asserted them (a
company token among them), and Markdown renderers pass raw HTML through (CommonMark does by
default). Every value a template prints goes through :func:`md_text`: HTML's ``& < >`` become
character references (shown as the characters, never parsed as tags), Markdown punctuation
is backslash-escaped (no links, images, emphasis, code or table cells can be opened) and
line breaks become spaces (a value cannot start a heading, list or raw HTML block).

A source that is a plain web address is written as an autolink (:func:`md_url`): inside
``<...>`` CommonMark reads no escapes, so a backslash-escaped address would be a broken link,
and an autolink cannot hold a space, ``<`` or ``>`` that could end it and open markup.
"""

from __future__ import annotations

import re
from typing import Any

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_PUNCTUATION = re.compile(r"([\\`*_\[\]|~])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c]+")


class Autolink(str):
    """A web address already written as a CommonMark autolink (``md_text`` leaves it)."""

    __slots__ = ()


_URL = re.compile(r"https?://[^\s<>\\`\x00-\x1f\x7f]+")


def md_url(value: Any) -> str:
    """A source as Markdown: ``<https://...>`` when it is a plain web address, else text."""
    text = str(value)
    if _URL.fullmatch(text):
        return Autolink(f"<{text}>")
    return md_text(text)


def md_text(value: Any) -> str:
    """``value`` as inert Markdown text (``None`` prints as nothing, as Jinja would)."""
    if value is None:
        return ""
    if isinstance(value, Autolink):
        return str(value)
    text = _LINE_BREAKS.sub(" ", str(value))
    text = "".join(_ENTITIES.get(c, c) for c in text)
    return _PUNCTUATION.sub(r"\\\1", text)
