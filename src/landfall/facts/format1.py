"""Format 1's short forms read as the neutral names: the one adapter for files and the ledger.

``daily_users_ru: N`` is ``country: RU, metric: daily_users, value: N``; ``amount_rub: N`` is
``amount: N, currency: RUB``. The model validates every document through these (a file as
the loader reads it, a stored ledger row as ``picture`` reads it), so the engine and the rules
see the neutral names only.

Serialised, a value the short form can say is written in the short form again. A ledger row
written by an earlier version and one written now from the same facts are then the same
bytes: stored payloads are hashed, and an import keyed on the payload stays idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic_core import PydanticCustomError

FORMS_DISAGREE = "forms_disagree"
"""The pydantic error type of a short form contradicting the neutral fields beside it."""


@dataclass(frozen=True)
class ShortForm:
    """One format-1 name standing for a value field plus fields it implies."""

    name: str
    """The short name, e.g. ``daily_users_ru``."""
    value_field: str
    """The neutral field that takes its value, e.g. ``value``."""
    implied: dict[str, str] = field(default_factory=dict)
    """The neutral fields the short name fixes, e.g. ``{"country": "RU"}``."""
    description: str = ""

    @property
    def replaces(self) -> tuple[str, ...]:
        return (self.value_field, *self.implied)

    def expand(self, data: Any) -> Any:
        """The neutral spelling of ``data``; both spellings must agree where both are given."""
        if not isinstance(data, dict) or self.name not in data:
            return data
        out = dict(data)
        short = out.pop(self.name)
        for name, meant in ((self.value_field, short), *self.implied.items()):
            if name in out and out[name] != meant:
                raise PydanticCustomError(
                    FORMS_DISAGREE,
                    "`{short}: {short_value}` means `{field}: {meant}`, but the event says"
                    " `{field}: {given}`",
                    {
                        "short": self.name,
                        "short_value": short,
                        "field": name,
                        "meant": meant,
                        "given": out[name],
                    },
                )
            out[name] = meant
        return out

    def contract(self, data: dict[str, Any]) -> dict[str, Any]:
        """The format-1 spelling of a serialised event, where the short form can say it."""
        if self.value_field not in data or any(data.get(k) != v for k, v in self.implied.items()):
            return data
        out = {k: v for k, v in data.items() if k not in self.replaces}
        out[self.name] = data[self.value_field]
        return out

    def schema(self, schema: dict[str, Any], value_schema: dict[str, Any]) -> None:
        """The JSON Schema accepts either spelling: the short name, or the neutral fields."""
        schema["properties"][self.name] = {**value_schema, "description": self.description}
        required = [r for r in schema.get("required", []) if r not in self.replaces]
        schema["required"] = required
        schema["anyOf"] = [{"required": [self.name]}, {"required": list(self.replaces)}]

    def source_field(self, event: Any, name: str) -> str:
        """The field a diagnostic names: the short name when the document spelled it so."""
        if (
            name in self.replaces
            and isinstance(event, dict)
            and self.name in event
            and name not in event
        ):
            return self.name
        return name


AUDIENCE_RU = ShortForm(
    "daily_users_ru",
    "value",
    {"country": "RU", "metric": "daily_users"},
    "Short form of `country: RU, metric: daily_users, value: N`.",
)
AMOUNT_RUB = ShortForm(
    "amount_rub",
    "amount",
    {"currency": "RUB"},
    "Short form of `amount: N, currency: RUB`.",
)

BY_EVENT_TYPE: dict[str, ShortForm] = {
    "audience": AUDIENCE_RU,
    "audience_series": AUDIENCE_RU,
    "fine": AMOUNT_RUB,
}
"""The short form each event type accepts (the loader names it in diagnostics)."""
