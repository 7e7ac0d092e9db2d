"""The words every face shows for a conclusion: one mapping, read by all of them.

The CLI tables, ``--format markdown``, the dashboard, the reports and the board say a fine's
verdict, an obligation's status and period, a law's applicability and the caveats of unverified
law with these functions, so no face prints Python's ``True``/``None`` and no two faces word the
same answer differently. The JSON keeps the contract's machine values (``lawful_if_reduced``,
``not_listed``); these are only their readable forms.

Legal words belong to the rulebooks: a manifest's ``labels.words`` (e.g. the reduction a
reduced fine is lawful with) replace the neutral words here, read from the installed rulebooks
by :func:`word`. Two rulebooks setting the same word: the first installed one's is used.

Every word is an English message id, translated when it is shown into the language in use
(``landfall.i18n``): the mappings below hold ids marked with ``N_`` for the catalogue, the
functions translate. A rulebook's words and names come in the language from its own
``labels.<lang>`` (the law's terms), and its ``because`` texts from its own catalogue.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from landfall.i18n import N_, SOURCE, Nn_, because, current, ngettext, tr
from landfall.i18n import gettext as _

VERDICTS = ("lawful", "lawful_if_reduced", "undecided", "unlawful", "time_barred")
"""In the order summaries list them (docs/facts-format.md)."""

VERDICT_LABEL = {
    "lawful": N_("lawful"),
    "lawful_if_reduced": N_("lawful only with a reduction"),
    "undecided": N_("undecided"),
    "unlawful": N_("unlawful"),
    "time_barred": N_("time-barred"),
}
"""A fine's verdict in full, as a fine's own row says it (a rulebook's ``verdict.<verdict>``
word replaces it, see :func:`verdict_word`)."""


@cache
def _rulebook_words(lang: str) -> dict[str, str]:
    """The installed rulebooks' words in ``lang``: their ``labels.<lang>`` word, else their
    English word as the catalogue translates it."""
    from landfall.rulebooks import load_many

    words: dict[str, str] = {}
    for book in load_many():
        manifest = book.manifest
        for name in (*manifest.words, *manifest.translated_words.get(lang, {})):
            translated = manifest.translated_words.get(lang, {}).get(name)
            words.setdefault(name, translated or _(manifest.words[name]))
    return words


def word(name: str, default: str) -> str:
    """A legal word the installed rulebooks set (``verdict.lawful_if_reduced``), else
    ``default`` (an English message id), in the language in use."""
    return _rulebook_words(current()).get(name) or _(default)


def name(manifest: Any, id_: str) -> str:
    """A rulebook's name for a law, obligation, measure or list, in the language in use."""
    return str(manifest.label(id_, current()))


def verdict_word(found: str) -> str:
    """A verdict in full: the rulebooks' word for it, else the neutral one."""
    return word(f"verdict.{found}", VERDICT_LABEL[found])


VERDICT_TALLY = {
    "lawful": Nn_("{n} lawful", "{n} lawful"),
    "lawful_if_reduced": Nn_("{n} lawful only with reduction", "{n} lawful only with reduction"),
    "undecided": Nn_("{n} undecided", "{n} undecided"),
    "unlawful": Nn_("{n} unlawful", "{n} unlawful"),
    "time_barred": Nn_("{n} time-barred", "{n} time-barred"),
}
"""A verdict in a count ("7 lawful, 1 lawful only with reduction"): singular and plural ids,
the same in English, three forms in Russian."""


def verdict_count(found: str, n: int) -> str:
    singular, plural = VERDICT_TALLY[found]
    return ngettext(singular, plural, n).format(n=n)


VERDICT_KEY = {
    "lawful": "L",
    "lawful_if_reduced": "R",
    "undecided": "U",
    "unlawful": "X",
    "time_barred": "T",
}
"""One letter per verdict, for a narrow terminal column; ``key_legend()`` explains them."""

VERDICT_CLASS = {
    "lawful": "met",
    "lawful_if_reduced": "pending",
    "undecided": "unknown",
    "unlawful": "violated",
    "time_barred": "violated",
}
"""The status colour a verdict takes (the CSS classes and Rich styles of obligation statuses):
a reduced fine is never the plain green of a lawful one."""

STATUS_LABEL = {
    "met": N_("met"),
    "violated": N_("violated"),
    "pending": N_("pending"),
    "not_applicable": N_("not applicable"),
    "unknown": N_("unknown"),
    "no_demands": N_("no demands recorded"),  # the board's takedown column (takedown.summary)
}
"""An obligation's status in words (English ids: show them with :func:`status_word`)."""

ENFORCEMENT_LABEL = {
    "listed": N_("listed"),
    "not_listed": N_("not listed: owed by statute"),
}

APPLIES_LABEL = {True: N_("applies"), False: N_("does not apply"), None: N_("unknown")}


def status_word(status: str) -> str:
    """A status code in words, in the language in use (``not_applicable``: not applicable)."""
    known = STATUS_LABEL.get(status)
    return _(known) if known else status.replace("_", " ")


def verdict(fine: Mapping[str, Any]) -> str:
    """The fine's verdict; an assessment from before verdicts existed is read from ``lawful``."""
    stated = fine.get("verdict")
    if stated in VERDICT_LABEL:
        return str(stated)
    lawful = fine.get("lawful")
    return "undecided" if lawful is None else ("lawful" if lawful else "unlawful")


def verdict_label(fine: Mapping[str, Any]) -> str:
    """``lawful`` ... ``undecided: needs revenue of 2022`` (what would decide it, from ``needs``)."""
    found = verdict(fine)
    needs = fine.get("needs") or []
    if found == "undecided" and needs:
        return _("undecided: needs {needs}").format(needs="; ".join(because(str(n)) for n in needs))
    return verdict_word(found)


def fine_answer(fines: Sequence[Mapping[str, Any]], key: str) -> str | None:
    """The verdict in words of the fine an explanation key names (``fine:<id>`` or ``fine:<n>``)."""
    if not key.startswith("fine:"):
        return None
    wanted = key.removeprefix("fine:")
    for n, fine in enumerate(fines):
        if fine.get("id") == wanted or (not fine.get("id") and str(n) == wanted):
            return verdict_label(fine)
    return None


def verdict_class(fine: Mapping[str, Any]) -> str:
    return VERDICT_CLASS[verdict(fine)]


def tally(fines: Iterable[Mapping[str, Any]]) -> Counter[str]:
    """How many fines have each verdict."""
    return Counter(verdict(f) for f in fines)


def tally_sentence(counts: Mapping[str, int]) -> str:
    """``10 fines: 7 lawful, 1 lawful only with reduction, 2 undecided`` (every verdict found)."""
    total = sum(counts.values())
    if total == 0:
        return _("no fines")
    parts = ", ".join(verdict_count(v, counts[v]) for v in VERDICTS if counts.get(v))
    return ngettext("{n} fine: {parts}", "{n} fines: {parts}", total).format(n=total, parts=parts)


def tally_keys(counts: Mapping[str, int]) -> str:
    """``10: 7L 1R 2U``, the tally in a narrow column (see ``key_legend``)."""
    total = sum(counts.values())
    keys = " ".join(f"{counts[v]}{VERDICT_KEY[v]}" for v in VERDICTS if counts.get(v))
    return f"{total}: {keys}" if total else "0"


def key_legend() -> str:
    """``L lawful, R lawful only with a reduction, ...`` (the rulebooks' words)."""
    return ", ".join(f"{VERDICT_KEY[v]} {verdict_word(v)}" for v in VERDICTS)


def undecided_needs(fines: Iterable[Mapping[str, Any]]) -> Counter[str]:
    """What the undecided fines need, each need counted once per fine."""
    needs: Counter[str] = Counter()
    for fine in fines:
        if verdict(fine) == "undecided":
            stated = fine.get("needs") or [_("more facts")]
            for need in dict.fromkeys(because(str(n)) for n in stated):
                needs[need] += 1
    return needs


def needs_sentence(fines: Iterable[Mapping[str, Any]]) -> str:
    """``needs: revenue of 2022 (5), the statutory range of art. 13.50 (1)``, or ``""``."""
    needs = undecided_needs(fines)
    if not needs:
        return ""
    listed = ", ".join(f"{need} ({n})" for need, n in needs.most_common())
    return _("needs: {needs}").format(needs=listed)


def applies_label(value: Any) -> str:
    return _(APPLIES_LABEL[value if isinstance(value, bool) else None])


def status_label(obligation: Mapping[str, Any]) -> str:
    """``met``, ``met late``, ``violated``, ``not applicable`` ..."""
    status = str(obligation["status"])
    if status == "met" and obligation.get("violated_from"):
        return _("met late")
    return status_word(status)


def period_label(obligation: Mapping[str, Any]) -> str:
    """The period in violation: ``FROM → UNTIL``, ``since FROM`` (ISO dates), or ``""``."""
    start = obligation.get("violated_from")
    if not start:
        return ""
    end = obligation.get("violated_until")
    return f"{start} → {end}" if end else _("since {date}").format(date=start)


def enforcement_label(obligation: Mapping[str, Any]) -> str:
    found = obligation.get("enforcement")
    if not found:
        return ""
    known = ENFORCEMENT_LABEL.get(str(found))
    return _(known) if known else str(found)


def obligation_label(obligation: Mapping[str, Any]) -> str:
    """Status and period together: ``met late (violated FROM → UNTIL)``."""
    status, period = status_label(obligation), period_label(obligation)
    if not period:
        return status
    if obligation["status"] == "violated":
        return _("violated {period}").format(period=period)
    return _("{status} (violated {period})").format(status=status, period=period)


def value_label(value: Any) -> str:
    """A conclusion's value in words: ``yes``/``no``/``unknown``, never ``True``/``None``."""
    if value is None:
        return _("unknown")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {value_label(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(value_label(v) for v in value) or _("none")
    return str(value)


def caveat_note(use: Mapping[str, Any]) -> str:
    """One unverified or conflicting parameter a conclusion used: ``id (status): note``, then
    the other readings that change a result, each with its value and the day it would take
    effect (``other reading: true, from 2021-07-02``)."""
    note = f": {use['note']}" if use.get("note") else ""
    others = [_other_reading(r) for r in use.get("other_readings") or ()]
    tail = "".join(f" ({o})" for o in others)
    return f"{use['id']} ({parameter_status(str(use['status']))}){note}{tail}"


def _other_reading(reading: Mapping[str, Any]) -> str:
    value = value_label(reading.get("value"))
    if reading.get("from"):
        return tr("other reading: {value}, from {date}", value=value, date=reading["from"])
    return tr("other reading: {value}", value=value)


class Caveats:
    """One company's unverified or conflicting law, numbered once, for footnotes.

    ``mark(entry)`` gives the footnote markers of one law, obligation or fine (``[1, 3]``),
    numbering each parameter the first time it is seen; ``notes()`` lists them in that order.
    """

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}
        self._notes: list[str] = []

    def mark(self, entry: Mapping[str, Any]) -> str:
        numbers = []
        for use in entry.get("unverified_parameters") or []:
            pid = str(use["id"])
            if pid not in self._numbers:
                self._numbers[pid] = len(self._numbers) + 1
                self._notes.append(caveat_note(use))
            numbers.append(self._numbers[pid])
        return f" [{', '.join(map(str, sorted(set(numbers))))}]" if numbers else ""

    def items(self) -> list[str]:
        """``id (status): note``, footnote 1 first (for a numbered HTML list)."""
        return list(self._notes)

    def notes(self) -> list[str]:
        """``1. id (status): note`` lines, in the order the markers were given."""
        return [f"{i}. {note}" for i, note in enumerate(self._notes, 1)]


PARAMETER_STATUS_LABEL = {
    "verified": N_("verified"),
    "conflicting": N_("conflicting"),
    "unverified": N_("unverified"),
}
"""How sure the law behind a parameter is (``docs/rulebook.md``), in words."""


def parameter_status(status: str) -> str:
    known = PARAMETER_STATUS_LABEL.get(status)
    return _(known) if known else status


CHAIN_PROBLEM = {
    "changed": N_("event {event} was changed after it was recorded"),
    "rekeyed": N_(
        "the key of event {event} is not the key of its content: the row was forged with its "
        "hash recomputed"
    ),
    "deleted": N_("events before event {event} were deleted"),
    "reordered": N_("event {event} was moved: it was recorded after another event"),
    "backdated": N_(
        "event {event} was recorded before the event ahead of it: record time was rewritten"
    ),
    "renumbered": N_(
        "the public number of event {event} is not the next one: the public sequence was rewritten"
    ),
    "truncated": N_(
        "the ledger holds fewer events than a checkpoint covers, or a published head is not in "
        "the chain: events were deleted or rewritten"
    ),
    "rewritten": N_(
        "the event at a checkpoint's position is not the one it signed: the history up to it "
        "was rewritten"
    ),
}
"""What a failed verification found, by its problem code (``VerifyResult.problem``)."""


def chain_problem(problem: str | None, event: int | None, recorded: str) -> str:
    """A failed verification in words: the verifier's own message in English (it names every
    event and checkpoint involved), else the problem code's message in the language in use."""
    known = CHAIN_PROBLEM.get(problem or "")
    if current() == SOURCE or known is None:
        return recorded
    return _(known).format(event="?" if event is None else event)


@cache
def _names(lang: str) -> dict[str, str]:
    from landfall.rulebooks import load_many

    names: dict[str, str] = {}
    for book in load_many():
        manifest = book.manifest
        for id_ in (*manifest.names, *manifest.translated_names.get(lang, {})):
            names.setdefault(id_, manifest.label(id_, lang))
    return names


def display_name(id_: str) -> str:
    """The installed rulebooks' name for a law, obligation, measure or list id, in the
    language in use (the id itself when no rulebook names it)."""
    return _names(current()).get(id_, id_)


READABLE_KEYS = ("because", "needs", "facts")
"""The lists of an assessment or explanation written for people: translated for a reader,
everything else (ids, status codes, dates, amounts) left as the machine reads it."""


def citation(text: str) -> str:
    """A citation in the language in use (the rulebook's catalogue); several joined by " / "
    are each a text of the catalogue on their own."""
    return " / ".join(because(part) for part in text.split(" / "))


def readable(tree: Any) -> Any:
    """A copy of an assessment or explanation whose ``because``/``needs``/``facts`` lines and
    ``citation`` texts are in the language in use; the same object when that is the language they are recorded in."""
    if current() == SOURCE:
        return tree
    if isinstance(tree, Mapping):
        return {
            k: [because(str(x)) for x in v]
            if k in READABLE_KEYS and isinstance(v, list)
            else citation(v)
            if k == "citation" and isinstance(v, str)
            else readable(v)
            for k, v in tree.items()
        }
    if isinstance(tree, list):
        return [readable(x) for x in tree]
    return tree
