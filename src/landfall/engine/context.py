"""What a rule sees: the company's facts as of a date, traced parameter reads, other results.

Rules reach parameters only through the context, and only those they declare: ``param`` and
``param_or_none`` read the value in force and record it on the current trace node (so each
conclusion can list its rule, article, parameters with effective dates and verification
status, and facts, as openfisca's tracer and Cedar's deciding policies do); ``peek``,
``first_start``, ``history`` and ``family`` answer questions about a parameter's history without
recording a value, for reads that only decide whether (and which) value to trace. What is
recorded is up to the injected :class:`~landfall.engine.trace.Tracer`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from landfall.engine.trace import FullTracer, ParamUse, StatusTracer, TraceNode, Tracer, plain
from landfall.engine.view import CompanyView
from landfall.errors import Diagnostic, RulebookError, Where
from landfall.rules.model import DatedValue, Parameter, Rule, Rulebook
from landfall.rules.resolve import resolve

__all__ = ["Ctx", "Outcome", "ParamUse", "RunShared", "TraceNode", "plain"]

T = TypeVar("T")


@dataclass
class Outcome:
    """What a rule concludes: a value, the reasons in plain words, and what is missing."""

    value: Any
    because: list[str] = field(default_factory=list)
    missing_facts: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


class Ctx:
    """One company, one as-of date, one rulebook; memoizes each definition it resolves."""

    def __init__(
        self,
        rulebook: Rulebook,
        view: CompanyView,
        tracer: Tracer | None = None,
        run: RunShared | None = None,
        readings: Mapping[str, Parameter] | None = None,
    ) -> None:
        self.rulebook = rulebook
        self.view = view
        self.as_of = view.as_of
        self.item: Any = None
        self.tracer: Tracer = tracer if tracer is not None else FullTracer()
        self._parameters = rulebook.parameters
        # parameters read another way (Parameter.read_as), for re-deciding under a reading
        self._readings: Mapping[str, Parameter] = readings or {}
        self._memo: dict[tuple[str, str | None], tuple[Outcome, TraceNode]] = {}
        self._rule: Rule | None = None
        if run is not None and (run.rulebook is not rulebook or run.as_of != view.as_of):
            raise ValueError("a run's shared values serve one rulebook and one as-of date")
        if run is not None and run.readings != tuple(sorted(self._readings)):
            raise ValueError("a run's shared values serve one reading of the parameters")
        self._run_shared = (
            run
            if run is not None
            else RunShared(rulebook, view.as_of, tuple(sorted(self._readings)))
        )
        self._other_readings: dict[tuple[str, dt.date, int], Ctx] = {}
        self._computing_once = 0
        # which contested parameters (those with other readings) each memoized definition
        # reached, itself or below, traced or not: what a reading may change (see ``reading``)
        self._touched: dict[tuple[str, str | None], frozenset[str]] = {}
        self._touching: list[set[str]] = []
        # of those, the ones its own rules reached, and the definitions it asked (for a
        # reading to skip a definition whose answers from below come out the same)
        self._direct: dict[tuple[str, str | None], frozenset[str]] = {}
        self._asked: dict[tuple[str, str | None], tuple[_Asked, ...]] = {}
        self._directly: list[set[str]] = []
        self._asking: list[list[_Asked]] = []
        self._base: Ctx | None = None  # the context this one re-decides under a reading
        self._read_as: str | None = next(iter(self._readings), None)

    # -- rule-facing API -----------------------------------------------------------------
    def param(self, name: str, on: dt.date | None = None) -> Any:
        """The value in force on ``on`` (default: the as-of date); a gap is an error."""
        value = self.param_or_none(name, on)
        if value is None:
            raise RulebookError(
                Diagnostic(
                    "parameter-not-in-force",
                    f"{name} has no value on {(on or self.as_of).isoformat()}",
                    Where(field=name),
                    "check the rule's in-force guard or the parameter's dates",
                )
            )
        return value

    def param_or_none(self, name: str, on: dt.date | None = None) -> Any:
        """The value in force on ``on`` (default: the as-of date), or None; recorded."""
        if self._computing_once:
            raise _traced_in_once(self._rule, name)
        day = on or self.as_of
        dated = self.peek(name, day)
        if dated is None:
            return None
        self.tracer.parameter(name, day, dated)
        return dated.value

    def peek(self, name: str, on: dt.date | None = None) -> DatedValue | None:
        """The dated value in force on ``on``, not recorded: to decide whether to read it."""
        return self._parameter(name).at(on or self.as_of)

    def first_start(self, name: str) -> dt.date:
        """The day the parameter's first value took effect (a law's entry into force)."""
        return self._parameter(name).first_start()

    def history(self, name: str) -> tuple[DatedValue, ...]:
        """Every dated value of the parameter, oldest first (when and how it changed)."""
        return self._parameter(name).values

    def family(self, prefix: str) -> list[str]:
        """The ids of the parameters under ``prefix`` (declared as ``prefix*``), sorted."""
        if self._rule is not None and not _covers(prefix, self._rule.params):
            raise _undeclared(self._rule, prefix + "*")
        return _family(self._parameters, prefix)

    def fact(self, text: str) -> str:
        if self._computing_once:
            raise _traced_in_once(self._rule, "a fact")
        self.tracer.fact(text)
        return text

    def once(self, key: Hashable, compute: Callable[[], T]) -> T:
        """What depends only on the rulebook and the run's as-of date, not on the company
        (a table of sanctions by article, the ones in force on a day): computed by the first
        company's rule that asks, then shared by every company of the run.

        ``compute`` may read parameters only untraced (``peek``, ``history``, ``family``): a
        later company does not run it, so a traced read or a cited fact would be missing
        from its explanation, and is an error instead. The asking rule's id is part of the
        key, so each rule's reads are still checked against its own declarations.
        """
        full = (self._rule.id if self._rule is not None else None, key)
        shared = self._run_shared.values
        if full in shared:
            self._touch(self._run_shared.touched.get(full, ()), directly=True)
            return cast(T, shared[full])
        self._computing_once += 1
        self._touching.append(set())
        try:
            value = compute()
        finally:
            self._computing_once -= 1
            touched = self._touching.pop()
        shared[full] = value
        if touched:
            self._run_shared.touched[full] = frozenset(touched)
            self._touch(touched, directly=True)
        return value

    def _touch(self, names: Iterable[str], directly: bool = False) -> None:
        if self._touching:
            self._touching[-1].update(names)
            if directly:
                self._directly[-1].update(names)

    def _parameter(self, name: str) -> Parameter:
        """The one place a rule's read reaches the rulebook: it must be declared."""
        if self._rule is not None and not _declared(name, self._rule.params):
            raise _undeclared(self._rule, name)
        if self._touching and name in self._run_shared.contested:
            self._touching[-1].add(name)
            self._directly[-1].add(name)
        if name == self._read_as:
            return self._readings[name]
        return self._parameters[name]

    def reading(self, name: str, start: dt.date, index: int) -> Ctx:
        """The same company and day with one value of ``name`` read as its ``index``-th
        alternative: a context of its own (own memo, status tracer), kept for the company's
        other conclusions; its run-wide values are shared by every company of the run under
        the same reading. A definition this context decided without reaching ``name`` is the
        same under the reading, so that context takes it from here rather than deciding it
        again."""
        key = (name, start, index)
        found = self._other_readings.get(key)
        if found is None:
            run = self._run_shared.under(key, self._parameters[name])
            found = Ctx(run.rulebook, self.view, StatusTracer(), run, run.reading)
            # the same handles as this context's, whatever was put in its place
            found.rulebook, found._parameters = self.rulebook, self._parameters
            found._base = self
            self._other_readings[key] = found
        return found

    def ask(self, definition: str, item: Any = None, key: str | None = None) -> Outcome:
        return self.resolve(definition, item, key)[0]

    # -- engine-facing API ---------------------------------------------------------------
    def resolve(
        self, definition: str, item: Any = None, key: str | None = None
    ) -> tuple[Outcome, TraceNode]:
        memo_key = (definition, key)
        memo = self._memo.get(memo_key)
        if memo is None and self._base is not None:
            memo = self._unchanged(memo_key)
        if self._asking:
            self._asking[-1].append((definition, item, key))
        if memo is not None:
            self._touch(self._touched.get(memo_key, ()))
            self.tracer.reuse(memo[1])
            return memo
        node = self.tracer.open(definition, key)
        self._touching.append(set())
        self._directly.append(set())
        self._asking.append([])
        saved_item, saved_rule = self.item, self._rule
        self.item = item
        decided: list[Rule] = []
        outcome: Outcome | None = None  # None when the rules fail
        try:
            rules = self.rulebook.rules.get(definition)
            if not rules:
                raise RulebookError(
                    Diagnostic("unknown-definition", f"no rules define {definition}")
                )
            decided, found = resolve(definition, rules, self._run)
            outcome = found
        finally:
            self.tracer.close(node, decided, outcome)
            self.item, self._rule = saved_item, saved_rule
            touched = self._touching.pop()
            directly = self._directly.pop()
            asked = self._asking.pop()
        self._memo[memo_key] = (found, node)
        if touched:
            self._touched[memo_key] = frozenset(touched)
            self._direct[memo_key] = frozenset(directly)
            self._asked[memo_key] = tuple(asked)
            self._touch(touched)
        return found, node

    def _unchanged(self, memo_key: tuple[str, str | None]) -> tuple[Outcome, TraceNode] | None:
        """The base context's answer, when the reading cannot change it: it was decided
        without the parameter read here another way, or reached it only through definitions
        that answer the same under the reading (an early cutoff, as incremental build systems
        do: rules decide on an answer's value, data and missing facts, not on its words)."""
        base = self._base
        assert base is not None
        memo = base._memo.get(memo_key)
        if memo is None:
            return None
        if self._read_as in base._touched.get(memo_key, ()):
            if self._read_as in base._direct.get(memo_key, ()):
                return None
            for definition, item, key in base._asked.get(memo_key, ()):
                mine = self.resolve(definition, item, key)[0]
                theirs = base._memo[(definition, key)][0]
                if (mine.value, mine.data, mine.missing_facts) != (
                    theirs.value,
                    theirs.data,
                    theirs.missing_facts,
                ):
                    return None
        self._memo[memo_key] = memo
        if memo_key in base._touched:
            self._touched[memo_key] = base._touched[memo_key]
        return memo

    def _run(self, rule: Rule) -> Outcome | None:
        saved = self._rule
        self._rule = rule
        try:
            result: Outcome | None = rule.fn(self)
            return result
        finally:
            self._rule = saved


_Asked = tuple[str, Any, "str | None"]
"""A definition one definition asked: its name, item and memo key."""


class RunShared:
    """The values :meth:`Ctx.once` shares between the companies of one run: one rulebook,
    one as-of date (the key's other half is the asking rule and what it names)."""

    def __init__(self, rulebook: Rulebook, as_of: dt.date, readings: tuple[str, ...] = ()) -> None:
        self.rulebook = rulebook
        self.as_of = as_of
        self.readings = readings  # the parameters read another way in this run
        self.reading: dict[str, Parameter] = {}  # and how (Parameter.read_as)
        self.values: dict[tuple[str | None, Hashable], Any] = {}
        # the contested parameters each shared value reached while it was computed
        self.touched: dict[tuple[str | None, Hashable], frozenset[str]] = {}
        self.contested = _contested(rulebook.parameters)
        self._under: dict[tuple[str, dt.date, int], RunShared] = {}

    def under(self, reading: tuple[str, dt.date, int], parameter: Parameter) -> RunShared:
        """The same run with one value of ``parameter`` read as one of its alternatives."""
        found = self._under.get(reading)
        if found is None:
            name, start, index = reading
            found = RunShared(self.rulebook, self.as_of, (name,))
            dated = next(v for v in parameter.values if v.start == start)
            found.reading = {name: parameter.read_as(dated, dated.alternatives[index])}
            self._under[reading] = found
        return found


def _contested(parameters: Mapping[str, Parameter]) -> frozenset[str]:
    """The parameters with a value that has other readings."""
    return frozenset(
        name for name, p in parameters.items() if any(v.alternatives for v in p.values)
    )


def _traced_in_once(rule: Rule | None, what: str) -> RulebookError:
    return RulebookError(
        Diagnostic(
            "traced-read-in-once",
            f"rule {rule.id if rule else '?'} traces {what} inside ctx.once",
            Where(field=rule.id if rule else None),
            "read parameters with ctx.peek inside ctx.once, and trace them outside it",
        )
    )


# Declaration checks run on every read; rules and names are few, so each answer is kept.
_DECLARED: dict[tuple[tuple[str, ...], str], bool] = {}
_COVERED: dict[tuple[tuple[str, ...], str], bool] = {}


def _declared(name: str, params: tuple[str, ...]) -> bool:
    """A rule declares parameters by id, or a family of them by a `prefix.*` pattern."""
    key = (params, name)
    found = _DECLARED.get(key)
    if found is None:
        found = any(p == name or (p.endswith("*") and name.startswith(p[:-1])) for p in params)
        _DECLARED[key] = found
    return found


def _covers(prefix: str, params: tuple[str, ...]) -> bool:
    """Whether a declared `prefix*` pattern covers every parameter under ``prefix``."""
    key = (params, prefix)
    found = _COVERED.get(key)
    if found is None:
        found = any(p.endswith("*") and prefix.startswith(p[:-1]) for p in params)
        _COVERED[key] = found
    return found


def _undeclared(rule: Rule, name: str) -> RulebookError:
    return RulebookError(
        Diagnostic(
            "undeclared-parameter",
            f"rule {rule.id} reads {name} without declaring it",
            Where(field=rule.id),
            "add the parameter to the rule's params",
        )
    )


_FAMILIES: dict[tuple[int, str], tuple[Mapping[str, Parameter], list[str]]] = {}


def _family(parameters: Mapping[str, Parameter], prefix: str) -> list[str]:
    """Built once per rulebook and prefix; the mapping is kept so a reused id cannot alias."""
    cached = _FAMILIES.get((id(parameters), prefix))
    if cached is not None and cached[0] is parameters:
        return cached[1]
    found = sorted(name for name in parameters if name.startswith(prefix))
    _FAMILIES[(id(parameters), prefix)] = (parameters, found)
    return found
