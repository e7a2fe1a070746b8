"""Errors argmap raises, and the one located format users see.

Every problem a user can fix is a :class:`Problem` printed as
``FILE:LINE:COL: error: message  [code]`` (mypy's shape, so editors can jump to it).
The library raises; only the command line prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "ArgmapError",
    "CorpusInvalid",
    "InputError",
    "Problem",
    "UnknownId",
    "byte_position",
]


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in a user's input."""

    path: str
    line: int = 0
    col: int = 0
    message: str = field(default="", compare=True)
    code: str = "invalid"
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}:{self.col or 1}"
        return f"{where}: {self.severity}: {self.message}  [{self.code}]"


class ArgmapError(Exception):
    """Base of every error argmap raises on purpose; the CLI turns it into exit code 2."""

    @property
    def problems(self) -> list[Problem]:
        """The located problems behind this error (one unlocated one by default)."""
        return [Problem(path="argmap", message=str(self), code="error")]


class InputError(ArgmapError):
    """A single located problem in an input file (corpus, framework, statement file)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem

    @property
    def problems(self) -> list[Problem]:
        return [self.problem]


class CorpusInvalid(ArgmapError):
    """A corpus failed validation; carries every problem found, sorted by place."""

    def __init__(self, problems: list[Problem]) -> None:
        self._problems = sorted(problems)
        super().__init__(f"{len(self._problems)} problem(s) in the corpus")

    @property
    def problems(self) -> list[Problem]:
        return list(self._problems)


class UnknownId(ArgmapError):
    """An id given on the command line or in a statement is not in the corpus."""

    def __init__(self, what: str, ident: str, suggestions: list[str]) -> None:
        hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"unknown {what} '{ident}'{hint}")
        self.what = what
        self.ident = ident
        self.suggestions = suggestions


def byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column of byte `offset` (where a file stops being UTF-8, say).

    >>> byte_position(b"ab" + bytes([10]) + b"cd", 4)
    (2, 2)
    """
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, col
