"""The rulebooks landfall can assess: built in, or installed as packages.

One code path finds both. A built-in rulebook is a folder ``landfall/rulebooks/<id>/`` (``<id>_``
when the id is a Python keyword) with a
``rulebook.yaml`` whose package exposes ``rulebook()``; an installed one is an entry point in
the group ``landfall.rulebooks`` whose name is the rulebook's id and whose object is a callable
returning a :class:`~landfall.rules.model.Rulebook` (usually
``load_rulebook(folder, RULES)``, see docs/rulebook.md "Installing a rulebook"). Each is
described by a :class:`Source` (``module:callable``) and loaded the same way; an installed
rulebook with a built-in's id is refused rather than silently shadowing it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path

from landfall.errors import Diagnostic, InputError, RulebookError, Where
from landfall.facts.vocabulary import Vocabulary
from landfall.rules.model import Rulebook

GROUP = "landfall.rulebooks"
HERE = Path(__file__).parent


@dataclass(frozen=True)
class Source:
    """Where a rulebook comes from: ``module:callable``, and whether it ships with landfall."""

    id: str
    target: str
    builtin: bool


def available() -> dict[str, Source]:
    """Every rulebook found, by id: the built-in folders first (by the ``order`` each
    ``rulebook.yaml`` declares, then by id), then the entry points by name."""
    found = dict(_builtins())
    for point in sorted(entry_points(group=GROUP), key=lambda p: p.name):
        if point.name in found:
            if found[point.name].target == point.value:
                continue  # landfall's own wheel may declare its built-ins too
            raise RulebookError(
                Diagnostic(
                    "rulebook-id-taken",
                    f"the installed rulebook {point.name!r} ({point.value}) has the id of "
                    f"{found[point.name].target}",
                    Where(field="rulebook"),
                    "give the installed rulebook its own id (its entry point's name)",
                )
            )
        found[point.name] = Source(point.name, point.value, False)
    return found


@cache
def _builtins() -> tuple[tuple[str, Source], ...]:
    folders = [
        folder
        for folder in HERE.iterdir()
        if (folder / "rulebook.yaml").is_file() and (folder / "__init__.py").is_file()
    ]
    ranked = sorted(folders, key=_rank)
    return tuple(
        (builtin_id(folder), Source(builtin_id(folder), f"{__name__}.{folder.name}:rulebook", True))
        for folder in ranked
    )


def builtin_id(folder: Path) -> str:
    """A built-in rulebook's id: its folder's name without a trailing underscore, so an id that
    is a Python keyword (India's ``in``) lives in an importable package (``in_``, PEP 8)."""
    return folder.name.removesuffix("_")


def _rank(folder: Path) -> tuple[bool, int, str]:
    """A built-in rulebook's declared place (``order:`` at the top level of its head; those
    without one come after, by id). Read from the line alone: ranking must not load every
    rulebook."""
    for line in (folder / "rulebook.yaml").read_text(encoding="utf-8").splitlines():
        if line.startswith("order:"):
            try:
                return (False, int(line.partition(":")[2].split("#")[0]), folder.name)
            except ValueError:
                break  # the loader's validation names the bad value when the rulebook loads
    return (True, 0, folder.name)


def load(rulebook_id: str) -> Rulebook:
    """The rulebook ``rulebook_id``; an unknown id is an input error naming the closest ids."""
    sources = available()
    if rulebook_id not in sources:
        # ids are short (`ru`, `tr`): a looser cutoff than difflib's 0.6 still finds `ru` for `rx`
        close = difflib.get_close_matches(rulebook_id, list(sources), n=3, cutoff=0.4)
        hint = f"did you mean {' or '.join(close)}?" if close else "see `landfall rulebooks`"
        raise InputError(
            Diagnostic(
                "unknown-rulebook",
                f"no rulebook {rulebook_id!r} is installed (installed: "
                f"{', '.join(sources) or 'none'})",
                Where(field="rulebook"),
                hint,
            )
        )
    return _load(sources[rulebook_id])


def primary() -> Rulebook:
    """The rulebook whose legal clock the ledger's own commands and the evidence collectors read
    days on: the first installed (built-ins first, by their declared order). Assessments take
    every rulebook."""
    return load_many()[0]


def takedown_deadline_of(book: Rulebook) -> Callable[[str, dt.datetime], dt.timedelta | None]:
    """The rulebook's deadline rule for the takedown tracker, from its manifest
    (``collectors.takedown_deadline``, a ``module:function`` taking the rulebook, the basis and
    the moment received); a rulebook without one sets no deadline."""
    target = book.manifest.takedown_deadline
    if target is None:
        return lambda basis, received: None
    module_name, _, attribute = target.partition(":")
    rule = getattr(importlib.import_module(module_name), attribute)
    return lambda basis, received: rule(book, basis, received)


def vocabulary_of(book: Rulebook) -> Vocabulary:
    """The measure and list ids facts about the rulebook's state may name (its manifest's)."""
    manifest = book.manifest
    return Vocabulary(
        manifest.jurisdiction, frozenset(manifest.measure_ids), frozenset(manifest.lists)
    )


def load_many(ids: Iterable[str] | None = None) -> tuple[Rulebook, ...]:
    """The rulebooks named (in that order, each once), or every installed one when none is."""
    wanted = list(dict.fromkeys(ids or ()))
    return tuple(load(i) for i in (wanted or available()))


@cache
def _load(source: Source) -> Rulebook:
    module_name, _, attribute = source.target.partition(":")
    try:
        factory = getattr(importlib.import_module(module_name), attribute or "rulebook")
        book = factory()
    except (ImportError, AttributeError) as e:
        raise RulebookError(
            Diagnostic(
                "rulebook-not-loadable",
                f"rulebook {source.id!r}: {source.target} cannot be loaded: {e}",
                Where(field="rulebook"),
                "check the package's entry point in the group landfall.rulebooks",
            )
        ) from e
    if not isinstance(book, Rulebook) or book.id != source.id:
        got = book.id if isinstance(book, Rulebook) else type(book).__name__
        raise RulebookError(
            Diagnostic(
                "rulebook-not-loadable",
                f"rulebook {source.id!r}: {source.target} returned {got!r}, not the rulebook "
                f"{source.id!r}",
                Where(field="rulebook"),
                "an entry point's name is the id of the rulebook its callable returns",
            )
        )
    return book
