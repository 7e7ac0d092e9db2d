"""One error tree for landfall.

Every error a user can see is a :class:`Diagnostic`: a stable kebab-case ``code``, a
``message``, ``where`` it happened (``file:line:field``) and a ``hint``. The CLI and the API
render the same object; foreign exceptions are wrapped at each boundary with ``raise ... from``.

The tree, with each class's exit code and HTTP status (``landfall.api.errors``)::

    LandfallError              1  400  raised on purpose; the base, never raised itself
    ├── InputError             2  422  the user's facts, options, files or request body
    ├── RulebookError          3  500  the rulebook is inconsistent: our bug, not the client's
    ├── NotFoundError          4  404  an unknown company, obligation, event or document
    ├── StorageError           5  503  the ledger or a scanned store failed
    │   └── IntegrityError     6  409  the ledger's hash chain does not verify
    ├── ForbiddenError         7  403  the role does not reach this company or action
    └── AuthError              8  401  the token is not an active landfall token

Every command prints errors through :func:`render`, one diagnostic per line.
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


class ForbiddenError(LandfallError):
    """The principal's role does not reach this company or action."""

    exit_code = 7


class AuthError(LandfallError):
    """The request carried a token that is not an active landfall token."""

    exit_code = 8


def render(error: LandfallError) -> str:
    """The error as every command prints it: ``error: where: [code] message``, then the hint."""
    lines = []
    for d in error.diagnostics:
        lines.append(f"error: {d.where}: [{d.code}] {d.message}")
        if d.hint:
            lines.append(f"  hint: {d.hint}")
    return "\n".join(lines)


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
