"""Reading a foreign JSON file so that every problem in it can be located.

Consumes a path; produces the parsed JSON in which every object is a :class:`Obj` (a dict
that remembers the line and column of its opening brace), or raises
:class:`~argmap.errors.InputError` at the exact place of a syntax error. Importers use the
positions to report a bad node or edge at its line, as the YAML loader does for corpora.

Why the pure-Python scanner: the C scanner of :mod:`json` gives no positions. Swapping in
``json.scanner.py_make_scanner`` with a wrapped object parser costs a few times the C speed,
which is milliseconds for the sizes AIF and Argdown maps come in (and the file size is capped).
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import os
import re
from pathlib import Path
from typing import Any, cast

from argmap.errors import InputError, Problem, byte_position
from argmap.load import MAX_FILE_BYTES
from argmap.safety import read_capped

__all__ = ["Obj", "Problems", "load_json", "read_text"]

# Undocumented but stable parts of the standard library (unchanged since Python 2.7).
_JSON_OBJECT: Any = cast(Any, json.decoder).JSONObject
_PY_SCANNER: Any = cast(Any, json.scanner).py_make_scanner


class Obj(dict[str, Any]):
    """A JSON object that remembers where it starts (1-based line and column)."""

    line: int = 0
    col: int = 0


class _Lines:
    """Offsets → (line, column), both 1-based."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        self.starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def read_text(path: str | os.PathLike[str]) -> tuple[str, str]:
    """Read a UTF-8 text file (a byte-order mark is dropped); return (display name, text)."""
    p = Path(path)
    name = str(p)
    try:
        # Counted while read: a pipe or a device (/dev/zero) reports a size of 0.
        data = read_capped(p, MAX_FILE_BYTES, "imports")
    except FileNotFoundError:
        raise InputError(Problem(name, 0, 0, "no such file", "missing-file")) from None
    except IsADirectoryError:
        raise InputError(Problem(name, 0, 0, "is a directory, not a file", "io")) from None
    except OSError as err:
        raise InputError(Problem(name, 0, 0, f"cannot read: {err.strerror}", "io")) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = byte_position(data, err.start)
        raise InputError(
            Problem(name, line, col, "not UTF-8 text; save the file as UTF-8", "encoding")
        ) from None
    return name, text.removeprefix("\ufeff")


def load_json(path: str | os.PathLike[str]) -> tuple[str, Any]:
    """Parse a JSON file; return (display name, value) with every object an :class:`Obj`.

    Raises
    ------
    InputError
        At the line and column of the first syntax error, or when the file cannot be read.
    """
    name, text = read_text(path)
    lines = _Lines(text)

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[Obj, int]:
        value, end = _JSON_OBJECT(s_and_end, *args)
        obj = Obj(value)
        obj.line, obj.col = lines.at(s_and_end[1] - 1)
        return obj, end

    decoder: Any = json.JSONDecoder(parse_int=_parse_int)
    decoder.parse_object = parse_object
    decoder.scan_once = _PY_SCANNER(decoder)
    try:
        return name, decoder.decode(text)
    except _TooManyDigits:
        m = re.search(rf"-?\d{{{_MAX_DIGITS + 1},}}", text)
        line, col = lines.at(m.start()) if m else (1, 1)
        raise InputError(
            Problem(name, line, col, f"number of more than {_MAX_DIGITS} digits", "json")
        ) from None
    except json.JSONDecodeError as err:
        raise InputError(
            Problem(name, err.lineno, err.colno, f"invalid JSON: {err.msg}", "json")
        ) from None
    except RecursionError:
        raise InputError(Problem(name, 1, 1, "JSON nested too deeply", "json")) from None


#: Python refuses to convert integers longer than this (``sys.get_int_max_str_digits``).
_MAX_DIGITS = 4300


class _TooManyDigits(ValueError):
    """An integer literal longer than Python converts."""


def _parse_int(digits: str) -> int:
    if len(digits.lstrip("-")) > _MAX_DIGITS:
        raise _TooManyDigits(digits[:20])
    return int(digits)


class Problems:
    """Collects located errors and warnings about one input file."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []

    def _make(self, where: Any, message: str, code: str, severity: str) -> Problem:
        line = getattr(where, "line", 0)
        col = getattr(where, "col", 0)
        if severity == "warning":
            return Problem(self.name, line, col, message, code, "warning")
        return Problem(self.name, line, col, message, code)

    def error(self, where: Any, message: str, code: str) -> None:
        """Record an error at the JSON object `where` (or unlocated when it is not one)."""
        self.errors.append(self._make(where, message, code, "error"))

    def warn(self, where: Any, message: str, code: str) -> None:
        """Record a warning: something the import leaves out or changes, and says so."""
        self.warnings.append(self._make(where, message, code, "warning"))
