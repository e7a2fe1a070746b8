"""Read and write abstract argumentation frameworks in the ASPARTIX (``.apx``) format.

The format is a list of ASP facts: ``arg(NAME).`` declares an argument and
``att(NAME,NAME).`` an attack of the first on the second.  Whitespace (including
newlines inside a statement) is free, ``%`` starts a comment to the end of the
line and ``%* ... *%`` is a block comment.  A ``NAME`` is a run of letters, digits
and underscores (``a1``, ``42``, ``Arg_3``), a negative integer (``-7``), or a
double-quoted string with backslash escapes (``"an argument"``); a quoted name
denotes the same argument as the bare name with the same text.  Repeated
declarations and attacks are allowed and ignored; every argument named in an
attack must be declared somewhere in the file (before or after the attack).

Files in the canonical layout that generators and the ICCMA competitions write
(``arg`` lines, then ``att`` lines, one bare name per slot, nothing else) are
recognised with whole-buffer byte operations and their names read by
:mod:`json` in C: 200,000 arguments and a million attacks load in about 1.3 s
with numbered arguments, 1.9 s with identifiers (two cores, framework built).
Any other file goes through one compiled regular expression over the whole text
(about 2.5 s for the same framework).  A malformed statement or an attack on an
undeclared argument raises :class:`argmap.errors.InputError` located at
``FILE:LINE:COL``.

References
----------
.. [1] U. Egly, S. A. Gaggl, S. Woltran, "Answer-set programming encodings for
   argumentation frameworks", Argument & Computation 1(2):147-177, 2010.
   https://doi.org/10.1080/19462166.2010.486479
"""

from __future__ import annotations

import json
import re
from collections import deque
from operator import itemgetter
from pathlib import Path
from typing import Final

from argmap._gc import paused_gc
from argmap.errors import InputError, Problem, byte_position
from argmap.safety import read_capped
from argmap.semantics.dung import Framework

__all__ = ["MAX_APX_BYTES", "parse_apx", "read_apx", "to_apx"]

#: C0 controls but tab/newline/CR, DEL, the C1 controls and U+FFFE/U+FFFF, as UTF-8 bytes.
_BAD_BYTES: Final = re.compile(
    rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xef\xbf[\xbe\xbf]"
)

#: Largest .apx file read: frameworks of a million attacks are about 20 MB, so a larger cap
#: than for corpora; a cap at all, so that /dev/zero cannot exhaust memory.
MAX_APX_BYTES: Final = 256 * 2**20

_NAME: Final = r'([A-Za-z0-9_]+|-[0-9]+|"(?:[^"\\\n]|\\.)*")'
_TOKEN: Final = re.compile(
    r"%\*.*?\*%"  # block comment
    r"|%(?!\*)[^\n]*"  # line comment
    rf"|arg\s*\(\s*{_NAME}\s*\)\s*\."
    rf"|att\s*\(\s*{_NAME}\s*,\s*{_NAME}\s*\)\s*\."
    r"|(\S)",  # anything else that is not whitespace: an error
    re.DOTALL,
)
_ARG: Final = itemgetter(0)
_SRC: Final = itemgetter(1)
_DST: Final = itemgetter(2)
_BAD: Final = itemgetter(3)
_ZERO_PAREN: Final = re.compile(rb"\(0[0-9]")  # literal prefixes: fast searches
_ZERO_COMMA: Final = re.compile(rb",0[0-9]")
_BARE: Final = re.compile(r"[a-z][A-Za-z0-9_]*|-?(?:0|[1-9][0-9]*)")
_ESCAPE: Final = re.compile(r"\\(.)", re.DOTALL)
_UNESCAPE: Final = {"n": "\n", "t": "\t"}


def _unquote(name: str) -> str:
    if name[:1] != '"':
        return name
    return _ESCAPE.sub(lambda m: _UNESCAPE.get(m[1], m[1]), name[1:-1])


def _quote(name: str) -> str:
    if _BARE.fullmatch(name):
        return name
    body = name.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{body}"'


def _where(text: str, pos: int) -> tuple[int, int]:
    """1-based line and column of character offset ``pos``."""
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return line, col


def parse_apx(text: str, path: str = "<string>") -> Framework:
    """Parse ASPARTIX text into a :class:`~argmap.semantics.dung.Framework`.

    Parameters
    ----------
    text : str
        The whole file content.
    path : str, default "<string>"
        Used only to locate errors.

    Returns
    -------
    Framework
        Arguments in order of first declaration.

    Raises
    ------
    InputError
        ``apx-syntax`` for a malformed statement, ``apx-undeclared`` for an
        attack naming an argument no ``arg`` declares; located at the offending
        character.

    Notes
    -----
    O(size of text) plus O(m) dictionary look-ups for m attacks.

    Examples
    --------
    >>> af = parse_apx("arg(a). arg(b).  % two arguments\\natt(a,b).\\n")
    >>> af.arguments, list(af.attacks)
    (('a', 'b'), [('a', 'b')])
    >>> parse_apx("arg(a).\\natt(a,c).\\n", "f")
    Traceback (most recent call last):
    ...
    argmap.errors.InputError: f:2:7: error: attack names undeclared argument 'c'  [apx-undeclared]
    """
    with paused_gc():
        if text.isascii():
            fast = _parse_canonical(text.encode("ascii"))
            if fast is not None:
                return fast
        return _parse(text, path)


def _parse(text: str, path: str) -> Framework:
    tokens = _TOKEN.findall(text)
    if any(map(_BAD, tokens)):
        raise InputError(_syntax_problem(text, path))
    args = list(filter(None, map(_ARG, tokens)))
    src = list(filter(None, map(_SRC, tokens)))
    dst = list(filter(None, map(_DST, tokens)))
    del tokens
    if '"' in text:
        args = list(map(_unquote, args))
        src = list(map(_unquote, src))
        dst = list(map(_unquote, dst))
    names = tuple(dict.fromkeys(args))
    index = dict(zip(names, range(len(names)), strict=True))
    try:
        src_i = list(map(index.__getitem__, src))
        dst_i = list(map(index.__getitem__, dst))
    except KeyError:
        raise InputError(_undeclared_problem(text, path, index)) from None
    return Framework._from_indexed(names, src_i, dst_i, index)


# ------------------------------------------------------------------ canonical fast path

_DIGITS: Final = b"0123456789"
_NAME_BYTES: Final = _DIGITS + b"_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_DOT_TO_COMMA: Final = bytes.maketrans(b".", b",")


def _parse_canonical(data: bytes) -> Framework | None:
    """Parse a file in the canonical layout, or return None to use the general parser.

    The layout is what generators and the ICCMA competitions write: ``arg(X).``
    lines first, then ``att(X,Y).`` lines, one statement per line, bare names of
    letters, digits and ``_``, nothing else.  Whether the bytes have exactly this
    shape is checked with whole-buffer operations: with the name characters
    deleted, the text must be the statement skeleton repeated, and every
    statement must begin with its keyword.  The names are then read by
    :mod:`json` in C -- as integers when every name is a plain number, which also
    avoids hashing two million strings.  Any deviation (comments, spaces, quotes,
    an undeclared argument) returns None.
    """
    cut = data.find(b"att(")
    if cut < 0:
        cut = len(data)
    head, tail = data[:cut], data[cut:]
    n_arg = head.count(b"arg(")
    n_att = tail.count(b"att(")
    arg_line, att_line = b"().\n", b"(,).\n"
    head_skeleton = head.translate(None, _NAME_BYTES)
    tail_skeleton = tail.translate(None, _NAME_BYTES)
    if tail:
        if head_skeleton != arg_line * n_arg:
            return None
        if tail_skeleton not in (att_line * n_att, att_line * (n_att - 1) + att_line[:-1]):
            return None
    elif head_skeleton not in (arg_line * n_arg, arg_line * (n_arg - 1) + arg_line[:-1]):
        return None
    # every statement starts with its keyword, names are never empty, nothing after the dot
    if n_arg and not (
        head.startswith(b"arg(")
        and head.count(b".\narg(") == n_arg - 1
        and head.count(b").") == n_arg
        and b"()" not in head
    ):
        return None
    if n_att and not (
        tail.count(b".\natt(") == n_att - 1
        and tail.count(b").") == n_att
        and b"(," not in tail
        and b",)" not in tail
    ):
        return None
    if data and not data.endswith((b".", b".\n")):
        return None
    numeric = (
        not head.replace(b"arg(", b"").translate(None, _DIGITS + b").\n")
        and not tail.replace(b"att(", b"").translate(None, _DIGITS + b",).\n")
        and not _ZERO_PAREN.search(data)
        and not _ZERO_COMMA.search(data)
    )
    if numeric:
        declared: list[int] = json.loads(
            b"[" + head.translate(_DOT_TO_COMMA, b"arg()\n")[:-1] + b"]"
        )
        ends: list[int] = json.loads(b"[" + tail.translate(_DOT_TO_COMMA, b"at()\n")[:-1] + b"]")
        return _from_numbers(declared, ends)
    # identifiers: turn the statements into JSON string lists (no escapes are possible)
    head = head if head.endswith(b"\n") or not head else head + b"\n"
    tail = tail if tail.endswith(b"\n") or not tail else tail + b"\n"
    names: list[str] = json.loads(
        b'["' + head.replace(b"arg(", b"").replace(b").\n", b'","')[:-2] + b"]" if head else b"[]"
    )
    words: list[str] = json.loads(
        b'["'
        + tail.replace(b"att(", b"").replace(b",", b'","').replace(b").\n", b'","')[:-2]
        + b"]"
        if tail
        else b"[]"
    )
    unique = tuple(dict.fromkeys(names))
    index = dict(zip(unique, range(len(unique)), strict=True))
    try:
        ends_i = list(map(index.__getitem__, words))
    except KeyError:
        return None
    return Framework._from_indexed(unique, ends_i[0::2], ends_i[1::2], index)


def _from_numbers(declared: list[int], ends: list[int]) -> Framework | None:
    """Build from numeric names and the flat list of attack ends (None if one is undeclared)."""
    values = list(dict.fromkeys(declared))
    src, dst = ends[0::2], ends[1::2]
    if values and max(values) <= 4 * len(values) + 1024:
        table = [-1] * (max(values) + 1)
        deque(map(table.__setitem__, values, range(len(values))), maxlen=0)
        try:
            src_i = list(map(table.__getitem__, src))
            dst_i = list(map(table.__getitem__, dst))
        except IndexError:
            return None
        if src_i and min(min(src_i), min(dst_i)) < 0:
            return None
    else:
        where = dict(zip(values, range(len(values)), strict=True))
        try:
            src_i = list(map(where.__getitem__, src))
            dst_i = list(map(where.__getitem__, dst))
        except KeyError:
            return None
    names = tuple(map(str, values))
    return Framework._from_indexed(names, src_i, dst_i)


def read_apx(path: str | Path) -> Framework:
    """Read an ASPARTIX file (UTF-8) into a framework.

    Parameters
    ----------
    path : str or pathlib.Path

    Returns
    -------
    Framework

    Raises
    ------
    InputError
        The file can not be read (``apx-io``), is not UTF-8 (``apx-encoding``),
        or does not parse (see :func:`parse_apx`).
    """
    shown = str(path)
    try:
        # Counted while read, so /dev/zero or a pipe cannot exhaust memory (issue 17).
        data = read_capped(path, MAX_APX_BYTES, ".apx files")
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise InputError(Problem(shown, 0, 0, f"cannot read file: {reason}", "apx-io")) from None
    bad = _BAD_BYTES.search(data)
    if bad is not None:  # names are printed: no terminal escapes, nothing XML cannot hold
        line, col = byte_position(data, bad.start())
        raise InputError(
            Problem(
                shown,
                line,
                col,
                f"control character {bad.group()!r} is not allowed in an .apx file",
                "apx-encoding",
            )
        )
    with paused_gc():
        fast = _parse_canonical(data)
        if fast is not None:
            return fast
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line, col = byte_position(data, exc.start)
            raise InputError(
                Problem(shown, line, col, "file is not valid UTF-8", "apx-encoding")
            ) from None
        return _parse(text, shown)


def to_apx(af: Framework) -> str:
    """Write a framework in ASPARTIX format, deterministically.

    Arguments come first, sorted by name, then attacks sorted by (attacker,
    attacked) name; one statement per line and a trailing newline.  Names that
    are not a lower-case identifier or a plain integer are double-quoted.

    Parameters
    ----------
    af : Framework

    Returns
    -------
    str

    Notes
    -----
    O(n log n + m log d) for n arguments, m attacks and maximum out-degree d.

    Examples
    --------
    >>> af = Framework.from_edges(["b", "a", "x y"], [("b", "a"), ("a", "x y")])
    >>> print(to_apx(af), end="")
    arg(a).
    arg(b).
    arg("x y").
    att(a,"x y").
    att(b,a).
    >>> parse_apx(to_apx(af)) == af
    True
    """
    quoted = [_quote(name) for name in af.arguments]
    order = sorted(range(len(quoted)), key=af.arguments.__getitem__)
    rank = [0] * len(order)
    for r, i in enumerate(order):
        rank[i] = r
    lines = [f"arg({quoted[i]}).\n" for i in order]
    attacked = af.attacked
    for i in order:
        targets = sorted(attacked[i], key=rank.__getitem__)
        q = quoted[i]
        lines.extend(f"att({q},{quoted[j]}).\n" for j in targets)
    return "".join(lines)


# --------------------------------------------------------------------------- errors

_STATEMENT_END: Final = re.compile(r'(?:"(?:[^"\\\n]|\\.)*"|[^."\n])*\.?')
_PREDICATE: Final = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*(\()?")
_ARG_NO_DOT: Final = re.compile(rf"arg\s*\(\s*{_NAME}\s*\)")
_ATT_NO_DOT: Final = re.compile(rf"att\s*\(\s*{_NAME}\s*,\s*{_NAME}\s*\)")


def _syntax_problem(text: str, path: str) -> Problem:
    """Locate and explain the first malformed statement (slow path, errors only)."""
    pos = 0
    for m in _TOKEN.finditer(text):
        if m.group(4):
            pos = m.start(4)
            break
    line, col = _where(text, pos)
    rest = text[pos:]
    stmt = _STATEMENT_END.match(rest)
    snippet = stmt.group(0) if stmt else ""
    if not snippet.endswith("."):  # no end in sight: show the rest of the line
        snippet = rest.split("\n", 1)[0]
    snippet = snippet.strip() or rest[:1]
    if len(snippet) > 40:
        snippet = snippet[:37] + "..."
    reason = _diagnose(rest)
    return Problem(path, line, col, f"{reason}: {snippet!r}", "apx-syntax")


def _diagnose(rest: str) -> str:
    if rest.startswith("%*"):
        return "unterminated block comment"
    m = _PREDICATE.match(rest)
    if not m:
        return "expected 'arg(NAME).' or 'att(NAME,NAME).'"
    pred, paren = m.group(1), m.group(2)
    if pred not in ("arg", "att"):
        return f"unknown statement '{pred}'; expected 'arg(NAME).' or 'att(NAME,NAME).'"
    if not paren:
        return f"expected '(' after '{pred}'"
    if (_ARG_NO_DOT if pred == "arg" else _ATT_NO_DOT).match(rest):
        return "missing '.' at the end of the statement"
    body = rest[m.end() :].split("\n", 1)[0]
    if body.count('"') % 2:
        return "unterminated quoted name"
    if ")" not in body:
        return "missing ')'"
    inner = body.split(")", 1)[0]
    arity = 0 if not inner.strip() else inner.count(",") + 1
    want = 1 if pred == "arg" else 2
    if arity != want:
        return f"'{pred}' takes {want} name{'s' if want > 1 else ''}, got {arity}"
    return "expected a name (letters, digits, '_', a negative integer, or a quoted string)"


def _undeclared_problem(text: str, path: str, index: dict[str, int]) -> Problem:
    """Locate the first attack naming an undeclared argument (slow path, errors only)."""
    for m in _TOKEN.finditer(text):
        for g in (2, 3):
            raw = m.group(g)
            if raw and _unquote(raw) not in index:
                line, col = _where(text, m.start(g))
                return Problem(
                    path,
                    line,
                    col,
                    f"attack names undeclared argument {_unquote(raw)!r}",
                    "apx-undeclared",
                )
    raise AssertionError("no undeclared argument found")  # pragma: no cover
