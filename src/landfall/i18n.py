"""The language of the faces: one gettext catalogue per language, read from its ``.po`` file.

Every word a person reads (labels, statuses, verdicts, headings, the rulebooks' ``because``
texts) is a message id in English; a language is a ``locale/<lang>/LC_MESSAGES/landfall.po``
file beside this module, so a third language is a file, not code. The machine values of the
JSON (ids, status codes, verdicts such as ``lawful_if_reduced``) never pass through here.

The ``.po`` files are the only form kept: each is compiled with Babel the first time its
language is asked for (a few milliseconds, once per process). An editable install from a clean
clone runs no build step, so a compiled ``.mo`` would either be a second, drifting copy in git
or missing; compiling at first use has neither problem, and a broken ``.po`` is reported with
its file and line.

The language in use is a context variable: the CLI sets it once from ``--lang``, the API and
the dashboard per request (``Accept-Language``, the ``lang`` query parameter or cookie), so
concurrent requests in different languages do not mix.

A rulebook translates its own ``because`` texts in ``<rulebook package>/locale/<lang>/
LC_MESSAGES/because.po``: message ids with named placeholders (``owed by statute (art. 5)
since {date}, when ...``) matched against the English line at render time, so the trace an
engine records stays in one language (English, the record) and any stored assessment reads in
any language. See docs/i18n.md.
"""

from __future__ import annotations

import difflib
import gettext as _gettext
import importlib
import io
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from landfall.errors import Diagnostic, InputError, RulebookError, Where

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

DOMAIN = "landfall"
BECAUSE_DOMAIN = "because"
SOURCE = "en"
"""The language the message ids are written in: it needs no catalogue."""
LOCALE = Path(__file__).parent / "locale"
ENV = "LANDFALL_LANG"

_current: ContextVar[str] = ContextVar("landfall_language", default=SOURCE)


def languages() -> tuple[str, ...]:
    """The languages the faces speak: English, then every catalogue found (by code)."""
    return _languages_in(LOCALE)


@cache  # the catalogues ship with the package: one look per process, not two per request
def _languages_in(locale: Path) -> tuple[str, ...]:
    found = sorted(
        p.name for p in locale.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()
    )
    return (SOURCE, *(lang for lang in found if lang != SOURCE))


def choose(value: str | None, field: str = "--lang") -> str:
    """A language the user asked for, checked (``None``: ``LANDFALL_LANG``, else English)."""
    asked = (value if value is not None else os.environ.get(ENV) or SOURCE).strip().lower()
    known = languages()
    if asked in known:
        return asked
    close = difflib.get_close_matches(asked, known, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise InputError(
        Diagnostic(
            "unknown-language",
            f"no catalogue for the language {asked!r}",
            Where(field=field if value is not None else ENV),
            f"{hint}one of: {', '.join(known)}",
        )
    )


def negotiate(header: str | None) -> str:
    """The best language of an ``Accept-Language`` header we speak (English when none fits).

    ``ru-RU,ru;q=0.9,en;q=0.8`` gives ``ru``; a region falls back to its language; ``q=0``
    refuses a language; ``*`` takes English."""
    known = languages()
    ranked: list[tuple[float, int, str]] = []
    for n, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and quality > 0:
            ranked.append((-quality, n, tag.strip().lower()))
    for _q, _n, tag in sorted(ranked):
        base = tag.split("-")[0]
        if base in known:
            return base
        if tag == "*":
            return SOURCE
    return SOURCE


def current() -> str:
    return _current.get()


def activate(lang: str) -> None:
    """Speak ``lang`` from now on in this context (the CLI's one command)."""
    _current.set(lang)


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Speak ``lang`` inside the block (one request, one report)."""
    token = _current.set(lang)
    try:
        yield
    finally:
        _current.reset(token)


def read_catalogue(po: Path, lang: str, domain: str) -> Catalog:
    """A ``.po`` file as Babel reads it; a malformed one is a diagnostic naming file and line."""
    # Babel loads only when a catalogue is read: English needs none
    from babel.messages.pofile import PoFileError, read_po

    try:
        with po.open("rb") as handle:
            return read_po(handle, locale=lang, domain=domain, abort_invalid=True)
    except PoFileError as e:
        counted = getattr(e, "lineno", None)  # Babel counts lines from 0
        raise RulebookError(
            Diagnostic(
                "bad-catalogue",
                # Babel's text ends "on <its 0-based line>": the place is in `where`
                f"the message catalogue cannot be read: {str(e).rsplit(' on ', 1)[0]}",
                Where(file=str(po), line=counted + 1 if isinstance(counted, int) else None),
                "fix the .po file (msgid/msgstr pairs, quoted strings)",
            )
        ) from None


def _compile(po: Path, lang: str, domain: str) -> _gettext.NullTranslations:
    from babel.messages.mofile import write_mo

    compiled = io.BytesIO()
    write_mo(compiled, read_catalogue(po, lang, domain), use_fuzzy=False)
    compiled.seek(0)
    return _gettext.GNUTranslations(compiled)


@cache
def catalogue(lang: str) -> _gettext.NullTranslations:
    """The faces' catalogue of ``lang`` (English and unknown languages: the ids themselves)."""
    po = LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == SOURCE or not po.is_file():
        return _gettext.NullTranslations()
    return _compile(po, lang, DOMAIN)


def gettext(message: str) -> str:
    """``message`` in the language in use."""
    return catalogue(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` (Russian has three; the catalogue says which)."""
    return catalogue(current()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in a context: the same English word read two ways (``status``/``met``)."""
    return catalogue(current()).pgettext(context, message)


_ = gettext


def tr(message: str, **values: object) -> str:
    """``message`` in the language in use, its ``{name}`` placeholders filled from ``values``
    (the templates' ``_()``; the extractor knows it as the keyword ``tr``)."""
    text = gettext(message)
    return text.format(**values) if values else text


def plural(singular: str, plural: str, n: int, **values: object) -> str:
    """The form for ``n``, ``{n}`` and the other placeholders filled (the templates' ``ngettext``)."""
    return ngettext(singular, plural, n).format(n=n, **values)


def language_names() -> list[tuple[str, str]]:
    """Each language the faces speak with its name in itself (``ru``: ``русский``), for a
    language switch: the names come from Babel's locale data, no list kept here."""
    return list(_names_of(languages()))


@cache
def _names_of(codes: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    from babel import Locale

    return tuple((code, Locale.parse(code).get_display_name(code) or code) for code in codes)


def N_(message: str) -> str:  # noqa: N802 (the gettext convention the extractor knows)
    """Marks a message for the catalogue where it is defined, translated where it is shown."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802
    """Marks a singular/plural pair for the catalogue (shown with :func:`ngettext`)."""
    return singular, plural


# -- the rulebooks' because texts ---------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    translation: str


def _pattern(msgid: str) -> re.Pattern[str]:
    """``since {date}, when`` -> ``since (?P<date>.+?), when``, anchored at both ends."""
    parts: list[str] = []
    last = 0
    for match in _PLACEHOLDER.finditer(msgid):
        parts.append(re.escape(msgid[last : match.start()]))
        parts.append(f"(?P<{match.group(1)}>.+?)")
        last = match.end()
    parts.append(re.escape(msgid[last:]))
    return re.compile("".join(parts), re.DOTALL)


def _because_files(lang: str) -> list[Path]:
    from landfall.rulebooks import available

    found = []
    for source in available().values():
        module = source.target.partition(":")[0]
        folder = files(importlib.import_module(module).__name__)
        po = folder / "locale" / lang / "LC_MESSAGES" / f"{BECAUSE_DOMAIN}.po"
        if po.is_file():
            found.append(Path(str(po)))
    return found


@cache
def _because_catalogue(lang: str) -> tuple[dict[str, str], tuple[_Pattern, ...]]:
    """The rulebooks' exact texts and placeholder patterns in ``lang``, longest id first (the
    most specific pattern wins)."""
    exact: dict[str, str] = {}
    patterns: list[tuple[int, _Pattern]] = []
    for po in _because_files(lang):
        catalog = read_catalogue(po, lang, BECAUSE_DOMAIN)
        for message in catalog:
            if not message.id or not isinstance(message.id, str) or not message.string:
                continue
            text = str(message.string)
            if _PLACEHOLDER.search(message.id):
                patterns.append((len(message.id), _Pattern(_pattern(message.id), text)))
            else:
                exact.setdefault(message.id, text)
    patterns.sort(key=lambda p: -p[0])
    return exact, tuple(p for _, p in patterns)


def because(text: str, lang: str | None = None) -> str:
    """A ``because`` line in ``lang`` (default: the one in use), or as recorded when the
    rulebooks' catalogues do not know it. A placeholder's value is translated in turn when it
    is itself a known text (``{what} is due on {date}``, ``what`` = ``a feedback form``)."""
    lang = lang or current()
    if lang == SOURCE:
        return text
    return _translate(text, *_because_catalogue(lang))


_ENGLISH = re.compile(r"[a-z]{3,} [a-z]{3,}")
"""Two English words in a row: a placeholder's value that is still prose, not data."""


def _translate(text: str, exact: dict[str, str], patterns: tuple[_Pattern, ...]) -> str:
    """The line translated whole, or unchanged: a pattern whose placeholder values stay
    English prose after their own translation is passed over, so no line mixes languages."""
    if text in exact:
        return exact[text]
    for pattern in patterns:
        match = pattern.regex.fullmatch(text)
        if not match:
            continue
        values = {k: _translate(v, exact, patterns) for k, v in match.groupdict().items()}
        if not any(_ENGLISH.search(v) for v in values.values()):
            return pattern.translation.format(**values)
    return text


def because_lines(lines: list[str] | None) -> list[str]:
    return [because(line) for line in lines or []]
