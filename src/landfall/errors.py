"""One error tree for landfall.

Every error a user can see is a :class:`Diagnostic`: a stable kebab-case ``code``, a
``message``, ``where`` it happened (``file:line:field``) and a ``hint``. The CLI and the API
render the same object; foreign exceptions are wrapped at each boundary with ``raise ... from``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Where:
    """A place in an input: file, line (1-based) and field path such as ``events[3].date``."""

    file: str | None = None
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        text = self.file or ""
        if self.file and self.line is not None:
            text += f":{self.line}"
        if self.field:
            text = f"{text}: {self.field}" if text else self.field
        return text or "<input>"

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "field": self.field}


@dataclass(frozen=True)
class Diagnostic:
    code: str
    message: str
    where: Where = field(default_factory=Where)
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.where}: [{self.code}] {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "where": self.where.to_dict(),
            "hint": self.hint,
        }


class LandfallError(Exception):
    """Base of every error landfall raises on purpose. Carries one or more diagnostics."""

    exit_code = 1

    def __init__(self, *diagnostics: Diagnostic) -> None:
        if not diagnostics:
            raise ValueError("a LandfallError needs at least one diagnostic")
        self.diagnostics: tuple[Diagnostic, ...] = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))

    @property
    def code(self) -> str:
        return self.diagnostics[0].code


class InputError(LandfallError):
    """The user's input (facts, stores file, logs, CSV) is malformed or inconsistent."""

    exit_code = 2


class RulebookError(LandfallError):
    """The rulebook itself is inconsistent: a gap, a conflict, an unknown parameter."""

    exit_code = 3


class NotFoundError(LandfallError):
    """A named thing (company, obligation, event, rule) does not exist."""

    exit_code = 4


class StorageError(LandfallError):
    """The ledger or a scanned data store failed or was found inconsistent."""

    exit_code = 5


class IntegrityError(StorageError):
    """The ledger's hash chain does not verify."""

    exit_code = 6


def input_error(
    code: str,
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    field: str | None = None,
    hint: str | None = None,
) -> InputError:
    return InputError(Diagnostic(code, message, Where(file, line, field), hint))
