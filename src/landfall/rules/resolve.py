"""Default logic: a base rule, exceptions that override it, conflicts and gaps as errors.

For a definition, every exception is evaluated (so that two applicable exceptions that
disagree are caught, as Catala does); the most specific applicable rules win; if they give
different values it is a conflict, and if nothing applies it is a gap. Both are errors in the
rulebook, never silent defaults.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from landfall.errors import Diagnostic, RulebookError, Where
from landfall.rules.model import Rule


class HasValue(Protocol):
    @property
    def value(self) -> Any: ...


OutcomeT = TypeVar("OutcomeT", bound=HasValue)


def resolve(
    definition: str, rules: Sequence[Rule], run: Callable[[Rule], OutcomeT | None]
) -> tuple[list[Rule], OutcomeT]:
    """The rules that decided and their outcome (the first one's, when several agree)."""
    children = _tree(rules)
    roots = children.get(None, [])
    if len(roots) != 1:
        raise _error("rulebook-no-base-rule", f"{definition} needs exactly one base rule")
    result = _decide(definition, roots[0], children, run)
    if result is None:
        raise _error("rulebook-gap", f"{definition}: no rule applies to these facts")
    return result


def _decide(
    definition: str,
    rule: Rule,
    children: dict[str | None, list[Rule]],
    run: Callable[[Rule], OutcomeT | None],
) -> tuple[list[Rule], OutcomeT] | None:
    # a module function, not a closure over itself: a self-referencing closure is a cycle
    # per call that only the cyclic collector frees, and an assessment makes ten per company
    exceptions = children.get(rule.id)
    if exceptions:
        hits = [hit for child in exceptions if (hit := _decide(definition, child, children, run))]
        if hits:
            if len(hits) > 1 and len({_key(outcome.value) for _, outcome in hits}) > 1:
                names = ", ".join(r[0].id for r, _ in hits)
                raise _error(
                    "rulebook-conflict",
                    f"{definition}: exceptions {names} apply together and disagree",
                )
            return [r for rs, _ in hits for r in rs], hits[0][1]
    outcome = run(rule)
    return ([rule], outcome) if outcome is not None else None


_TREES: dict[int, tuple[Sequence[Rule], dict[str | None, list[Rule]]]] = {}


def _tree(rules: Sequence[Rule]) -> dict[str | None, list[Rule]]:
    """Exceptions by the rule they override; built once per rule tuple (rulebooks are immutable)."""
    cached = _TREES.get(id(rules))
    if cached is not None and cached[0] is rules:
        return cached[1]
    children: dict[str | None, list[Rule]] = {}
    for rule in rules:
        children.setdefault(rule.exception_to, []).append(rule)
    _TREES[id(rules)] = (rules, children)
    return children


def _key(value: Any) -> str:
    return repr(value)


def _error(code: str, message: str) -> RulebookError:
    return RulebookError(
        Diagnostic(code, message, Where(field="rulebook"), "fix the rulebook's rules")
    )
