"""Registering rules beside the law they implement.

The decorator only records the function with its metadata (law, article, part, the
parameters it reads, which rule it is an exception to); it changes nothing about the call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from landfall.rules.model import Citation, Rule

F = TypeVar("F", bound=Callable[..., Any])


class RuleSet:
    def __init__(self) -> None:
        self.rules: list[Rule] = []

    def rule(
        self,
        definition: str,
        *,
        id: str,
        law: str,
        citation: Citation,
        params: tuple[str, ...] = (),
        exception_to: str | None = None,
    ) -> Callable[[F], F]:
        def register(fn: F) -> F:
            self.rules.append(
                Rule(
                    id=id,
                    definition=definition,
                    law=law,
                    citation=citation,
                    fn=fn,
                    exception_to=exception_to,
                    params=params,
                    summary=(fn.__doc__ or "").strip().split("\n\n")[0].replace("\n", " "),
                )
            )
            return fn

        return register
