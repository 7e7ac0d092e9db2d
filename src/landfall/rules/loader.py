"""Load a rulebook directory: ``rulebook.yaml``, ``parameters/**/*.yaml`` and its rule set.

A parameter's id is its path below ``parameters/`` with ``/`` read as ``.`` and no suffix,
e.g. ``parameters/tr-5651/ladder/fine-1.yaml`` is ``tr-5651.ladder.fine-1``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeFloat,
    PositiveFloat,
    ValidationError,
    model_validator,
)

from landfall.errors import Diagnostic, RulebookError, Where
from landfall.periods import LegalClock
from landfall.rules.manifest import Manifest, ManifestIn, check_manifest, manifest_of
from landfall.rules.model import Alternative, Citation, DatedValue, Law, Parameter, Rule, Rulebook
from landfall.rules.registry import RuleSet

# libyaml's safe loader where PyYAML has it: the same reading as yaml.safe_load, about ten
# times faster (four rulebooks' hundred parameter files took about a second in pure Python)
_YAML: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

M = TypeVar("M", bound=BaseModel)


class _CitationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    act: str
    article: str | None = None
    part: str | None = None
    paragraph: str | None = None
    note: str | None = None


class _AlternativeIn(BaseModel):
    """Another reading of a conflicting value (docs/rulebook.md): its value in the parameter's
    own type, the sources that give it, and ``from`` when the reading moves the value's start."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    value: Any
    sources: list[str] = Field(min_length=1)
    start: dt.date | None = Field(default=None, alias="from")
    note: str | None = None


class _ValueIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: Any
    status: Literal["verified", "conflicting", "unverified"]
    citation: _CitationIn
    sources: list[str] = Field(default_factory=list)
    note: str | None = None
    alternatives: list[_AlternativeIn] = Field(default_factory=list)

    @model_validator(mode="after")
    def _only_where_conflicting(self) -> _ValueIn:
        if self.alternatives and self.status != "conflicting":
            raise ValueError("alternatives are the other readings of a conflicting value")
        return self


class _ParameterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["value", "sanction"] = "value"
    description: str
    unit: str | None = None
    values: dict[dt.date, _ValueIn]


def _fraction(text: str) -> str:
    try:
        value = Fraction(text)
    except (ValueError, ZeroDivisionError) as e:
        raise ValueError(f"{text!r} is not a fraction such as 1/15") from e
    if not 0 < value <= 1:
        raise ValueError(f"{text} is not a fraction of the revenue in (0, 1]")
    return text


class _FixedBand(BaseModel):
    """A fine between ``min`` and ``max`` per offence."""

    model_config = ConfigDict(extra="forbid")
    min: NonNegativeFloat
    max: NonNegativeFloat

    @model_validator(mode="after")
    def _ordered(self) -> _FixedBand:
        if self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}")
        return self


class _TurnoverBand(BaseModel):
    """A fine of a fraction of the revenue (exact fractions as text, e.g. "1/15"), at least
    ``floor``."""

    model_config = ConfigDict(extra="forbid")
    min_fraction: Annotated[str, AfterValidator(_fraction)]
    max_fraction: Annotated[str, AfterValidator(_fraction)]
    floor: NonNegativeFloat

    @model_validator(mode="after")
    def _ordered(self) -> _TurnoverBand:
        if Fraction(self.min_fraction) > Fraction(self.max_fraction):  # both checked above
            raise ValueError(f"min_fraction {self.min_fraction} is above {self.max_fraction}")
        return self


class _UnpaidBand(BaseModel):
    """A multiple of an unpaid fine, at least ``floor``."""

    model_config = ConfigDict(extra="forbid")
    unpaid_multiple: PositiveFloat
    floor: NonNegativeFloat


class _SanctionIn(BaseModel):
    """A sanction parameter's value (``kind: sanction``; docs/rulebook.md): per offender a band,
    and the keys that select it."""

    model_config = ConfigDict(extra="forbid")
    part: str | None
    offense: Literal["first", "repeat"]
    duties: list[str]
    aggravated: bool | None = None
    role: Literal["owner", "hosting", "any"] | None = None
    repeat_of: list[str] = Field(default_factory=list)
    legal_entity: _FixedBand | _TurnoverBand | _UnpaidBand | None = None
    official: _FixedBand | _TurnoverBand | _UnpaidBand | None = None
    citizen: _FixedBand | _TurnoverBand | _UnpaidBand | None = None

    def banded(self) -> bool:
        return any(b is not None for b in (self.legal_entity, self.official, self.citizen))

    @model_validator(mode="after")
    def _repeat_of_a_repeat(self) -> _SanctionIn:
        if self.repeat_of and self.offense != "repeat":
            raise ValueError("repeat_of is given on a first-offence part")
        return self


class _LawIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    title: str
    citation: _CitationIn
    sources: list[str] = Field(default_factory=list)
    in_force: str
    jurisdiction: str | None = None  # the manifest's when not stated


class _ClockIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    utc_offset: str = Field(pattern=r"^[+-]\d{2}:\d{2}$")
    name: str


class _RulebookIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    title: str
    version: str
    # where a built-in rulebook stands among the others (landfall.rulebooks.available reads it)
    order: int | None = None
    clock: _ClockIn
    laws: list[_LawIn]


def load_rulebook(directory: Path, rules: RuleSet) -> Rulebook:
    head_data, manifest_data = _split_head(directory / "rulebook.yaml")
    head = _validate(_RulebookIn, head_data, directory / "rulebook.yaml")
    raw_manifest = _validate(ManifestIn, manifest_data, directory / "rulebook.yaml")
    parameters = {
        pid: _parameter(pid, path) for pid, path in _parameter_files(directory / "parameters")
    }
    laws = {
        law.id: Law(
            id=law.id,
            title=law.title,
            citation=_citation(law.citation, law.sources),
            in_force=law.in_force,
            jurisdiction=law.jurisdiction or raw_manifest.jurisdiction,
        )
        for law in head.laws
    }
    by_definition: dict[str, list[Rule]] = {}
    for rule in rules.rules:
        by_definition.setdefault(rule.definition, []).append(rule)
    _check(laws, parameters, rules.rules)
    manifest = _manifest(raw_manifest, laws, parameters, set(by_definition))
    ordered = {
        name: tuple(sorted(group, key=lambda r: r.exception_to is not None))
        for name, group in by_definition.items()
    }
    return Rulebook(
        id=head.id,
        version=f"{head.version}+{_digest(directory)}",
        title=head.title,
        laws=laws,
        parameters=parameters,
        rules=ordered,
        clock=LegalClock.parse(head.clock.utc_offset, head.clock.name),
        manifest=manifest,
        definitions=tuple(ordered),
    )


def _parameter_files(root: Path) -> Iterable[tuple[str, Path]]:
    for path in sorted(root.rglob("*.yaml")):
        relative = path.relative_to(root).with_suffix("")
        yield ".".join(relative.parts), path


def _parameter(pid: str, path: Path) -> Parameter:
    raw = _model(_ParameterIn, path)
    if not raw.values:
        raise _error("parameter-without-values", f"{pid} has no values", path)
    if raw.kind == "sanction":
        _check_sanctions(pid, raw, path)
    values = tuple(
        DatedValue(
            start=start,
            value=v.value,
            citation=_citation(v.citation, v.sources),
            status=v.status,
            note=v.note,
            alternatives=tuple(
                Alternative(a.value, tuple(a.sources), a.start, a.note) for a in v.alternatives
            ),
        )
        for start, v in sorted(raw.values.items())
    )
    return Parameter(id=pid, description=raw.description, unit=raw.unit, values=values)


def _check_sanctions(pid: str, raw: _ParameterIn, path: Path) -> None:
    """Every non-null value of a sanction parameter has the sanction shape (kept as written)."""
    problems: list[Diagnostic] = []
    for start, v in raw.values.items():
        if v.value is None:
            continue  # the sanction is repealed from this date
        try:
            sanction = _SanctionIn.model_validate(v.value)
        except ValidationError as e:
            for error in e.errors():
                at = ".".join(str(p) for p in error["loc"])
                problems.append(
                    Diagnostic(
                        "sanction-invalid",
                        f"{pid} on {start}: {error['msg']}",
                        Where(file=path.name, field=f"values.{start}.value{'.' if at else ''}{at}"),
                        "a band is {min, max}, {min_fraction, max_fraction, floor} or "
                        "{unpaid_multiple, floor} (docs/rulebook.md)",
                    )
                )
            continue
        if not sanction.banded() and v.status == "verified":
            # amounts the sources do not show are left out, but then the value is not verified
            problems.append(
                Diagnostic(
                    "sanction-invalid",
                    f"{pid} on {start}: a verified sanction with no band for any offender",
                    Where(file=path.name, field=f"values.{start}.value"),
                    "add the bands, or mark the value unverified and say why in its note",
                )
            )
    if problems:
        raise RulebookError(*problems)


def _citation(c: _CitationIn, sources: list[str]) -> Citation:
    return Citation(
        act=c.act,
        article=c.article,
        part=c.part,
        paragraph=c.paragraph,
        note=c.note,
        sources=tuple(sources),
    )


def _check(laws: dict[str, Law], parameters: dict[str, Parameter], rules: list[Rule]) -> None:
    problems: list[str] = []
    ids: set[str] = set()
    for law in laws.values():
        if law.in_force not in parameters:
            problems.append(f"law {law.id}: unknown in-force parameter {law.in_force}")
    for rule in rules:
        if rule.id in ids:
            problems.append(f"rule id {rule.id} is registered twice")
        ids.add(rule.id)
        if rule.law not in laws:
            problems.append(f"rule {rule.id}: unknown law {rule.law}")
        problems += [
            f"rule {rule.id}: unknown parameter {p}"
            for p in rule.params
            if not (
                p in parameters
                or (p.endswith("*") and any(n.startswith(p[:-1]) for n in parameters))
            )
        ]
    problems += unread_parameters(laws, parameters, rules)
    by_id = {rule.id: rule for rule in rules}
    for rule in rules:
        parent = by_id.get(rule.exception_to or "")
        if rule.exception_to and (parent is None or parent.definition != rule.definition):
            problems.append(f"rule {rule.id}: exception to unknown rule {rule.exception_to}")
    bases: dict[str, int] = {}
    for rule in rules:
        bases[rule.definition] = bases.get(rule.definition, 0) + (rule.exception_to is None)
    problems += [f"{name}: {n} base rules, need 1" for name, n in bases.items() if n != 1]
    if problems:
        raise RulebookError(
            *(Diagnostic("rulebook-invalid", p, Where(field="rulebook")) for p in problems)
        )


MANIFEST_KEYS = frozenset(ManifestIn.model_fields)


def _split_head(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """``rulebook.yaml`` read as its head (id, title, version, clock, laws) and its manifest."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML)
    except (OSError, yaml.YAMLError) as e:
        raise _error("rulebook-file-invalid", str(e), path) from e
    if not isinstance(data, dict):
        raise _error("rulebook-file-invalid", "rulebook.yaml is not a mapping", path)
    head = {k: v for k, v in data.items() if k not in MANIFEST_KEYS}
    return head, {k: v for k, v in data.items() if k in MANIFEST_KEYS}


def _manifest(
    raw: ManifestIn, laws: dict[str, Law], parameters: dict[str, Parameter], definitions: set[str]
) -> Manifest:
    """The checked manifest: every law, definition and parameter it names exists."""
    problems = check_manifest(raw, laws, definitions, set(parameters))
    measure_ids: tuple[str, ...] = ()
    if raw.assess.measures and raw.assess.measures.parameter in parameters:
        measure_ids = _measure_ids(parameters[raw.assess.measures.parameter])
    known = {*laws, *definitions, *measure_ids, *raw.lists}
    problems += [f"manifest: label for unknown id {n}" for n in raw.labels.names if n not in known]
    problems += [
        f"manifest: label for unknown id {n} (labels.{lang})"
        for lang, labels in raw.labels.languages.items()
        for n in labels.names
        if n not in known
    ]
    if problems:
        raise RulebookError(
            *(Diagnostic("rulebook-invalid", p, Where(field="rulebook")) for p in problems)
        )
    return manifest_of(raw, measure_ids)


def _measure_ids(parameter: Parameter) -> tuple[str, ...]:
    """Every measure id the parameter ever lists, in the order it first lists them."""
    seen: dict[str, None] = {}
    for dated in parameter.values:
        for measure in dated.value or ():
            seen.setdefault(str(measure["id"]), None)
    return tuple(seen)


def _validate(model: type[M], data: Any, path: Path) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise _error("rulebook-file-invalid", str(e), path) from e


def unread_parameters(
    laws: dict[str, Law], parameters: dict[str, Parameter], rules: list[Rule]
) -> list[str]:
    """Parameters no rule declares (and no law names as its in-force date): a rulebook that
    states a number it never applies is incomplete, so it is refused rather than shipped."""
    exact = {p for rule in rules for p in rule.params if not p.endswith("*")}
    exact |= {law.in_force for law in laws.values()}
    prefixes = tuple(p[:-1] for rule in rules for p in rule.params if p.endswith("*"))
    return [
        f"parameter {name}: no rule declares it (give it a rule or delete it)"
        for name in sorted(parameters)
        if name not in exact and not name.startswith(prefixes)
    ]


def _model(model: type[M], path: Path) -> M:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML)
        return model.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as e:
        raise _error("rulebook-file-invalid", str(e), path) from e


def _digest(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*")):
        if path.is_file() and path.suffix in {".yaml", ".py"}:
            digest.update(path.relative_to(directory).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _error(code: str, message: str, path: Path) -> RulebookError:
    return RulebookError(Diagnostic(code, message, Where(file=path.name)))
