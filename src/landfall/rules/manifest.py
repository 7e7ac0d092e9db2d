"""The manifest: what a rulebook assesses and how its faces name it (``rulebook.yaml``).

The engine and the faces hold no law or obligation id: they loop over the manifest. A manifest
names the jurisdiction, the currency, the laws whose ``<law>.applies`` is resolved, the
company-level obligations, the definitions resolved once per event (one per demand, one per
fine, keyed by the event's stable id), the exposure and measures definitions, the regulator's
lists and the display labels. :func:`check_manifest` refuses a manifest that names a
definition, law or parameter the rulebook does not have, so a typo fails at load, not at
assessment.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from landfall.facts.model import Metric

Into = Literal["obligations", "fines"]


class _PerEventIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    definition: str
    event: str
    into: Into = "obligations"
    where: dict[str, Any] = Field(default_factory=dict)
    key: str = "id"
    latest: bool = False


class _ExposureIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    violations: str | None = None
    unpaid_fines: str | None = None


class _MeasuresIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    definition: str
    parameter: str


class _AssessIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    laws: list[str]
    obligations: list[str] = Field(default_factory=list)
    per_event: list[_PerEventIn] = Field(default_factory=list)
    exposure: _ExposureIn = Field(default_factory=_ExposureIn)
    measures: _MeasuresIn | None = None


class _CollectorsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    audience_threshold: str | None = None
    # what the threshold counts, in the facts format's metrics, of users in the jurisdiction
    audience_metric: Metric | None = None
    takedown: str | None = None
    takedown_deadline: str | None = Field(default=None, pattern=r"^[\w.]+:\w+$")


class _LanguageLabelsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    names: dict[str, str] = Field(default_factory=dict)
    words: dict[str, str] = Field(default_factory=dict)


class _LabelsIn(_LanguageLabelsIn):
    """The labels in English, and beside them ``<lang>:`` (``ru:``) with the same two keys: the
    names and words in that language (the law's own terms), read when the faces speak it."""

    model_config = ConfigDict(extra="allow")

    @model_validator(mode="after")
    def _languages(self) -> _LabelsIn:
        for key, value in (self.model_extra or {}).items():
            if not re.fullmatch(r"[a-z]{2,3}", key):
                raise ValueError(f"labels.{key}: not a language code (names, words or e.g. ru)")
            self.model_extra[key] = _LanguageLabelsIn.model_validate(value)  # type: ignore[index]
        return self

    @property
    def languages(self) -> dict[str, _LanguageLabelsIn]:
        return dict(self.model_extra or {})


class ManifestIn(BaseModel):
    """The manifest keys of ``rulebook.yaml`` (the rest of the file is the rulebook's head)."""

    model_config = ConfigDict(extra="forbid")
    jurisdiction: str = Field(pattern=r"^[A-Z]{2}$")
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    assess: _AssessIn
    lists: list[str] = Field(default_factory=list)
    labels: _LabelsIn = Field(default_factory=_LabelsIn)
    collectors: _CollectorsIn = Field(default_factory=_CollectorsIn)


@dataclass(frozen=True)
class PerEvent:
    """A definition resolved once per event of one type (``where`` filters the events).

    ``key`` names the event's stable id attribute; an event without one keeps its place among
    the matching events as key. ``latest``: an event recorded again under the same key
    supersedes the earlier record. ``into`` says which list of the assessment the answer joins.
    """

    definition: str
    event: str
    into: Into = "obligations"
    where: Mapping[str, Any] = field(default_factory=dict)
    key: str = "id"
    latest: bool = False


@dataclass(frozen=True)
class Manifest:
    jurisdiction: str
    currency: str
    laws: tuple[str, ...]
    obligations: tuple[str, ...]
    per_event: tuple[PerEvent, ...] = ()
    exposure: str | None = None  # resolved per violated obligation: {obligation, count}
    unpaid_fines: str | None = None  # resolved per fine: what leaving it unpaid costs
    measures: str | None = None
    measure_ids: tuple[str, ...] = ()  # in the order the law lists them
    lists: tuple[str, ...] = ()
    names: Mapping[str, str] = field(default_factory=dict)
    words: Mapping[str, str] = field(default_factory=dict)
    # names and words by language (``labels.ru``), for the faces speaking that language
    translated_names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    translated_words: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # What the evidence collectors read of the rulebook: the parameter the audience meter's
    # chart draws, the per-demand duty the takedown tracker summarises, and the callable
    # ``module:function`` (rulebook, basis, received) -> time allowed, for the tracker.
    audience_threshold: str | None = None
    # the metric that threshold counts (``daily_users``...), in the rulebook's jurisdiction:
    # a chart draws the line only over that metric
    audience_metric: str | None = None
    takedown: str | None = None
    takedown_deadline: str | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        """The obligations a board shows, company-level first, then the per-event ones (a
        definition resolved for several kinds of event is one column)."""
        per_event = tuple(p.definition for p in self.per_event if p.into == "obligations")
        return tuple(dict.fromkeys((*self.obligations, *per_event)))

    def label(self, name: str, lang: str | None = None) -> str:
        """The display name of a law, obligation, measure or list (its id when unlabelled), in
        ``lang`` when the rulebook names it in that language (else in English)."""
        translated = self.translated_names.get(lang or "", {}).get(name)
        return translated or self.names.get(name, name)

    def word(self, name: str, default: str, lang: str | None = None) -> str:
        """A legal word of the rulebook's faces (``verdict.lawful_if_reduced``), else ``default``."""
        translated = self.translated_words.get(lang or "", {}).get(name)
        return translated or self.words.get(name, default)


WORDS = (
    *(
        f"verdict.{v}"
        for v in ("lawful", "lawful_if_reduced", "undecided", "unlawful", "time_barred")
    ),
    "fines.checked",
)
"""The legal words a rulebook may set: a fine's verdict in full (``landfall.labels``) and the
board's lead-in to its fines ("Fines checked against ..."); the faces fall back to neutral
words."""


def manifest_of(raw: ManifestIn, measure_ids: tuple[str, ...]) -> Manifest:
    a = raw.assess
    return Manifest(
        jurisdiction=raw.jurisdiction,
        currency=raw.currency,
        laws=tuple(a.laws),
        obligations=tuple(a.obligations),
        per_event=tuple(
            PerEvent(p.definition, p.event, p.into, dict(p.where), p.key, p.latest)
            for p in a.per_event
        ),
        exposure=a.exposure.violations,
        unpaid_fines=a.exposure.unpaid_fines,
        measures=a.measures.definition if a.measures else None,
        measure_ids=measure_ids,
        lists=tuple(raw.lists),
        names=dict(raw.labels.names),
        words=dict(raw.labels.words),
        translated_names={k: dict(v.names) for k, v in raw.labels.languages.items()},
        translated_words={k: dict(v.words) for k, v in raw.labels.languages.items()},
        audience_threshold=raw.collectors.audience_threshold,
        audience_metric=raw.collectors.audience_metric,
        takedown=raw.collectors.takedown,
        takedown_deadline=raw.collectors.takedown_deadline,
    )


def check_manifest(
    raw: ManifestIn, laws: Mapping[str, Any], definitions: set[str], parameters: set[str]
) -> list[str]:
    """What the manifest names that the rulebook does not have (empty: the manifest holds)."""
    a = raw.assess
    problems = [f"manifest: unknown law {law}" for law in a.laws if law not in laws]
    problems += [
        f"manifest: law {law} has no definition {law}.applies"
        for law in a.laws
        if law in laws and f"{law}.applies" not in definitions
    ]
    named = [
        *a.obligations,
        *(p.definition for p in a.per_event),
        *(d for d in (a.exposure.violations, a.exposure.unpaid_fines) if d),
        *([a.measures.definition] if a.measures else []),
    ]
    problems += [f"manifest: unknown definition {d}" for d in named if d not in definitions]
    if a.measures and a.measures.parameter not in parameters:
        problems.append(f"manifest: unknown parameter {a.measures.parameter}")
    problems += [f"manifest: unknown word {w}" for w in raw.labels.words if w not in WORDS]
    problems += [
        f"manifest: unknown word {w} (labels.{lang})"
        for lang, labels in raw.labels.languages.items()
        for w in labels.words
        if w not in WORDS
    ]
    c = raw.collectors
    if c.audience_threshold and c.audience_threshold not in parameters:
        problems.append(f"manifest: unknown parameter {c.audience_threshold}")
    if bool(c.audience_threshold) != bool(c.audience_metric):
        problems.append(
            "manifest: collectors.audience_threshold and audience_metric (what it counts)"
            " go together"
        )
    if c.takedown and c.takedown not in {p.definition for p in a.per_event}:
        problems.append(f"manifest: collectors.takedown {c.takedown} is no per-event definition")
    return problems
