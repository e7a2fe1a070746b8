"""Defences against hostile input (issue 17), shared by the loader, importers and outputs.

* :func:`read_capped` counts bytes as they are read, so a pipe or a device (whose ``st_size``
  is 0) cannot make argmap read until memory runs out;
* :func:`bad_character` finds the characters no text in a corpus may hold: controls that
  drive a terminal (ESC, C1), that XML 1.0 cannot carry (GraphML, SVG), lone surrogates and
  the non-characters U+FFFE/U+FFFF that Graphviz and XML parsers reject;
* :func:`safe_url` accepts only links that cannot run code when clicked (http, https, mailto);
* :func:`printable` makes any text safe to show in a terminal or a one-line message;
* :func:`guarded` turns an unexpected exception into a located exit 2, never a traceback
  with exit 1 (the ``--fail-on`` code, which a pipeline reads as "finding present").
"""

from __future__ import annotations

import ctypes
import os
import re
import signal
import sys
import threading
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

from argmap.errors import InputError, Problem, printable

__all__ = [
    "BAD_CHARS",
    "MAX_TEXT_CHARS",
    "bad_character",
    "describe_char",
    "die_with_parent",
    "guarded",
    "link_or_none",
    "printable",
    "read_capped",
    "safe_url",
]

#: C0 controls but tab, newline and carriage return; DEL and the C1 controls (NEL included:
#: terminals and YAML read it as a line break); lone surrogates; non-characters.
BAD_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)

#: Longest text, title or URL accepted: Graphviz refuses strings of about 16 KB in a label or
#: tooltip, and a map must be drawable from every valid corpus (a long quotation is ~2 KB).
MAX_TEXT_CHARS = 8000

#: Longest id accepted: Graphviz drops edges whose endpoint names are much longer.
MAX_ID_CHARS = 120


def describe_char(ch: str) -> str:
    """``U+001B (ESC)``-style name of a character, for messages."""
    name = unicodedata.name(ch, "") or _CONTROL_NAMES.get(ord(ch), "control character")
    return f"U+{ord(ch):04X} ({name})"


_CONTROL_NAMES = {0x1B: "ESCAPE", 0x9B: "CONTROL SEQUENCE INTRODUCER", 0x9D: "OSC", 0x85: "NEL"}


def bad_character(text: str) -> tuple[int, str] | None:
    """(index, description) of the first character no corpus text may hold, or None."""
    m = BAD_CHARS.search(text)
    if m is None:
        return None
    return m.start(), describe_char(m.group())


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


def safe_url(url: str) -> bool:
    """Whether `url` is a link that cannot run code when clicked: http, https or mailto.

    Browsers ignore tabs and newlines inside a scheme and leading spaces and controls, so
    ``" java\\tscript:"`` is judged as what a browser would make of it.
    """
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", url)
    m = _SCHEME.match(cleaned)
    if m is None:
        return False
    return m.group(1).lower() in ("http", "https", "mailto") and not BAD_CHARS.search(url)


def link_or_none(url: str | None) -> str | None:
    """`url` if it may be a live link in an output, else None (it is then shown as text or
    left out): validation refuses other schemes, this guards corpora built in code."""
    return url if url and safe_url(url) else None


def read_capped(path: str | os.PathLike[str], limit: int, what: str = "files") -> bytes:
    """Read a file, counting bytes as they come, and refuse it once it exceeds `limit`.

    ``st_size`` is 0 for pipes and devices (``/dev/zero``, ``<(cmd)``), so a size check
    before reading cannot protect memory; counting does. Raises InputError (located at the
    file) when too large, OSError as ``open`` does.
    """
    name = str(path)
    with open(path, "rb") as fh:
        data = _read_at_most(fh, limit + 1)
    if len(data) > limit:
        raise InputError(
            Problem(
                name,
                1,
                1,
                f"file is larger than {limit // 2**20} MiB; {what} are limited to "
                f"{limit // 2**20} MiB",
                "file-too-large",
            )
        )
    return data


def _read_at_most(fh: BinaryIO, n: int) -> bytes:
    chunks: list[bytes] = []
    left = n
    while left > 0:
        chunk = fh.read(min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def die_with_parent() -> Callable[[], None] | None:
    """A ``preexec_fn`` that has Linux kill a child (Graphviz) when argmap dies, even by
    SIGKILL, so no layout runs on past ``--timeout`` (issue 17). None where that is not
    available, or while other threads run (a preexec_fn is not safe with threads)."""
    if sys.platform != "linux" or threading.active_count() > 1:
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    kill = int(signal.SIGKILL)

    def set_parent_death_signal() -> None:
        prctl(_PR_SET_PDEATHSIG, kill, 0, 0, 0)

    return set_parent_death_signal


_PR_SET_PDEATHSIG = 1


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM/SIGHUP unwind like an exception: temporary directories are removed and
    child processes killed by the code that started them."""
    raise SystemExit(128 + signum)


def guarded(main: Callable[[], object], argv: Sequence[str] | None = None) -> None:
    """Run the command line's `main`; an exception nobody expected exits 2, located.

    The place is the first input the command was given that exists on disk (the corpus or
    import file the user can look at), else ``argmap``; the message names the exception
    and asks for a report. A traceback would exit 1, which is the ``--fail-on`` code.
    """
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, _terminate)
    try:
        main()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("argmap: interrupted\n")
        raise SystemExit(130) from None
    except RecursionError:
        _internal(argv, "input nested too deeply to process", "too-deep")
    except MemoryError:
        _internal(argv, "out of memory while processing this input", "internal")
    except Exception as err:  # the last line of defence, by design
        what = printable(str(err), one_line=True)[:300]
        _internal(
            argv,
            f"internal error {type(err).__name__}: {what} (please report this input)",
            "internal",
        )


def _internal(argv: Sequence[str] | None, message: str, code: str) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    where = "argmap"
    for arg in args[1:]:
        if not arg.startswith("-") and _exists(arg):
            where = arg
            break
    sys.stderr.write(str(Problem(printable(where, one_line=True), 0, 0, message, code)) + "\n")
    raise SystemExit(2)


def _exists(arg: str) -> bool:
    try:
        return Path(arg).exists()
    except (OSError, ValueError):
        return False
