"""One exception hierarchy for the whole product; the CLI turns it into a message and exit code."""

from __future__ import annotations

from dataclasses import dataclass


class OneStockportError(Exception):
    """Base class of every error the product reports to its users."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is, and what was expected there."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path} (line {self.line})" if self.line else self.path
        return f"{where}: {self.message}"


class InvalidInputError(OneStockportError):
    """An input file failed validation; nothing was written."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        noun = "problem" if len(problems) == 1 else "problems"
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{source}: {len(problems)} {noun}; nothing was loaded\n{lines}")


class PlanNotLoadedError(OneStockportError):
    """The requested plan is not in the database."""
