"""Errors argmap raises, and the one located format users see.

Every problem a user can fix is a :class:`Problem` printed as
``FILE:LINE:COL: error: message  [code]`` (mypy's shape, so editors can jump to it).
The library raises; only the command line prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "ArgmapError",
    "CorpusInvalid",
    "InputError",
    "Problem",
    "UnknownId",
    "byte_position",
    "printable",
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
        # One line, no terminal escapes: the message may quote a hostile key or id.
        where = printable(where, one_line=True)
        return f"{where}: {self.severity}: {printable(self.message, one_line=True)}  [{self.code}]"


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


_ESCAPE_SEQ = re.compile(
    r"\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC ... BEL/ST (titles, links, clipboard)
    r"|\x1b[P_^X][^\x1b\x9c]*(?:\x1b\\|\x9c)?"  # DCS, APC, PM, SOS ... ST
    r"|\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI
    r"|\x9b[0-?]*[ -/]*[@-~]?"  # 8-bit CSI
    r"|[\x9d\x90\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x9c)?"  # 8-bit OSC, DCS, PM, APC
    r"|\x1b."  # any other escape
)
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def printable(text: str, *, one_line: bool = False) -> str:
    """`text` with terminal escape sequences removed and other controls shown as ``\\xNN``.

    With `one_line`, newlines and tabs are shown escaped too (a message must stay one line:
    editors jump to FILE:LINE:COL by the line).
    """
    text = _ESCAPE_SEQ.sub("", text)
    if one_line:
        text = text.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
        # Line and paragraph separators: tools that split lines (Python's splitlines) would
        # cut a message at them.
        text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return _UNPRINTABLE.sub(_escaped, text)


def _escaped(m: re.Match[str]) -> str:
    n = ord(m.group())
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"
