"""Markdown output that cannot carry HTML or Markdown markup from the ledger's texts.

Company names, notes, sources and store names are written by whoever asserted them (a
company token among them), and Markdown renderers pass raw HTML through (CommonMark does by
default). Every value a template prints goes through :func:`md_text`: HTML's ``& < >`` become
character references (shown as the characters, never parsed as tags), Markdown punctuation
is backslash-escaped (no links, images, emphasis, code or table cells can be opened) and
line breaks become spaces (a value cannot start a heading, list or raw HTML block).
"""

from __future__ import annotations

import re
from typing import Any

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_PUNCTUATION = re.compile(r"([\\`*_\[\]|~])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c]+")


def md_text(value: Any) -> str:
    """``value`` as inert Markdown text (``None`` prints as nothing, as Jinja would)."""
    if value is None:
        return ""
    text = _LINE_BREAKS.sub(" ", str(value))
    text = "".join(_ENTITIES.get(c, c) for c in text)
    return _PUNCTUATION.sub(r"\\\1", text)
