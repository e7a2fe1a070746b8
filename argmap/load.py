"""Read corpus YAML files into raw records that remember where each key and value stood.

Consumes paths (files or directories); produces :class:`RawRecord` objects, one per list item
of each section, plus the located :class:`~argmap.errors.Problem` list of everything that is
wrong at the YAML level. Nothing here knows what a claim means: that is ``model``'s job.

Why a hand-driven composer over libyaml's event stream instead of ``yaml.safe_load``:
``safe_load`` forgets positions, silently keeps the last of two duplicate keys, expands
aliases (the "billion laughs"), and recurses (deep nesting crashes it). Walking the events
ourselves gives every value a line and column, refuses aliases and foreign tags outright, and
caps nesting depth with an explicit stack. No Python object is ever constructed from a tag.
"""

from __future__ import annotations

import bisect
import difflib
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from argmap.errors import InputError, Problem, byte_position
from argmap.safety import (
    MAX_ID_CHARS,
    MAX_TEXT_CHARS,
    bad_character,
    describe_char,
    read_capped,
    safe_url,
)

__all__ = [
    "EMPTY_DIR",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "SECTIONS",
    "LoadResult",
    "Located",
    "RawRecord",
    "closest",
    "iter_corpus_files",
    "load_files",
    "parse_yaml",
]

#: Sections a corpus file may hold; every one but ``corpus`` is a list of records.
SECTIONS = (
    "corpus",
    "actors",
    "documents",
    "propositions",
    "commitments",
    "claims",
    "expect",
    "examples",
)

#: A corpus file larger than this is refused before parsing (a 50 MB file must fail fast).
MAX_FILE_BYTES = 16 * 1024 * 1024

#: Deepest nesting of mappings and sequences accepted; the format itself needs about 5.
MAX_DEPTH = 64

_Path = tuple[str | int, ...]

# libyaml's C parser is ~10x faster; the pure-Python one is the fallback. Only the event
# stream of these loaders is used: nothing is ever constructed by them.
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {
    _STD + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


@dataclass
class Located:
    """Positions (1-based line, column) of the values and keys of one YAML document."""

    path: str
    values: dict[_Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[_Path, tuple[int, int]] = field(default_factory=dict)

    def at(self, where: _Path, *, key: bool = False) -> Problem:
        """A blank problem located at `where`, or at its nearest located ancestor."""
        table = self.keys if key else self.values
        probe = where
        while probe:
            if probe in table:
                line, col = table[probe]
                return Problem(self.path, line, col)
            if key and probe in self.values:
                line, col = self.values[probe]
                return Problem(self.path, line, col)
            probe = probe[:-1]
        line, col = self.values.get((), (1, 1))
        return Problem(self.path, line, col)

    def problem(self, where: _Path, message: str, code: str, *, key: bool = False) -> Problem:
        """A located problem with its message and code filled in."""
        p = self.at(where, key=key)
        return Problem(p.path, p.line, p.col, message, code)


@dataclass
class RawRecord:
    """One item of a section, as written, with the means to locate any part of it."""

    section: str
    data: Any
    located: Located
    where: _Path  # path of the item inside its document, e.g. ("claims", 3)

    def problem(self, sub: _Path, message: str, code: str, *, key: bool = False) -> Problem:
        """A problem located at `sub` inside this record."""
        return self.located.problem(self.where + sub, message, code, key=key)


@dataclass
class LoadResult:
    """Everything read from a set of files: records in file order and YAML-level problems."""

    records: list[RawRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def closest(word: str, options: Iterable[str], n: int = 1) -> list[str]:
    """The options nearest to `word`, for 'did you mean' hints."""
    return difflib.get_close_matches(word, sorted(set(options)), n=n, cutoff=0.6)


def iter_corpus_files(paths: Sequence[str | os.PathLike[str]]) -> Iterator[tuple[str, Path | None]]:
    """Yield (display name, path) for every corpus file; a missing path yields (name, None)
    and a directory with no corpus file (name, ``EMPTY_DIR``).

    Directories are searched recursively for ``*.yaml`` and ``*.yml`` in sorted order, so that
    problems and ids come out in the same order on every machine.
    """
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(q for q in p.rglob("*") if q.suffix in (".yaml", ".yml") and q.is_file())
            if not found:
                yield str(p), EMPTY_DIR
            for q in found:
                # A file reached twice (a directory and a file in it, a shell glob) is read
                # once: otherwise every id in it would be reported as its own duplicate.
                if q.resolve() not in seen:
                    seen.add(q.resolve())
                    yield str(q), q
        elif p.is_file() or p.exists():  # a pipe or device too: read_capped bounds it
            if p.resolve() not in seen:
                seen.add(p.resolve())
                yield str(p), p
        else:
            yield str(p), None


#: Stands for a directory given on the command line that holds no corpus file.
EMPTY_DIR = Path("<no corpus file>")


def load_files(paths: Sequence[str | os.PathLike[str]], *, positions: bool = True) -> LoadResult:
    """Read every corpus file under `paths` into raw records, collecting all problems.

    Without `positions` the records do not remember where their keys and values stood
    (about a third faster): for a caller that reloads with positions once anything is wrong.
    """
    result = LoadResult()
    for name, path in iter_corpus_files(paths):
        if path is None:
            result.problems.append(Problem(name, 0, 0, "no such file or directory", "missing-file"))
            continue
        if path == EMPTY_DIR:
            result.problems.append(
                Problem(
                    name, 0, 0, "no corpus file (*.yaml or *.yml) in this directory", "no-files"
                )
            )
            continue
        result.files.append(name)
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                result.problems.append(
                    Problem(
                        name,
                        1,
                        1,
                        f"file is {size / 2**20:.1f} MiB; corpus files are limited to "
                        f"{MAX_FILE_BYTES // 2**20} MiB (split it into several files)",
                        "file-too-large",
                    )
                )
                continue
            # Counted while read as well: a pipe or a device reports a size of 0.
            data = read_capped(path, MAX_FILE_BYTES, "corpus files")
        except InputError as err:
            result.problems.append(err.problem)
            continue
        except OSError as err:
            result.problems.append(Problem(name, 0, 0, f"cannot read: {err.strerror}", "io"))
            continue
        _records_of(name, data, result, positions)
    return result


def _records_of(name: str, data: bytes, result: LoadResult, positions: bool = True) -> None:
    """Split one file's documents into section records, reporting misplaced structure."""
    docs, problems = parse_yaml(name, data, positions=positions)
    result.problems.extend(problems)
    for doc_index, (value, located) in enumerate(docs):
        prefix: _Path = (doc_index,) if len(docs) > 1 else ()
        if prefix:  # several YAML documents in one file: locate each on its own
            located = _shift(located, prefix)
        if value is None:
            continue
        if not isinstance(value, dict):
            result.problems.append(
                located.problem(
                    prefix,
                    f"the top level must be a mapping of sections ({', '.join(SECTIONS)}), "
                    f"not a {_kind(value)}",
                    "top-level",
                )
            )
            continue
        for section, items in value.items():
            where = (*prefix, section)
            if section not in SECTIONS:
                hint = closest(str(section), SECTIONS)
                did = f"; did you mean '{hint[0]}'?" if hint else ""
                result.problems.append(
                    located.problem(
                        where,
                        f"unknown section '{section}'{did} (sections: {', '.join(SECTIONS)})",
                        "unknown-section",
                        key=True,
                    )
                )
                continue
            if section in ("corpus", "expect"):
                if items is None:
                    continue
                result.records.append(RawRecord(section, items, located, where))
                continue
            if items is None:
                continue
            if not isinstance(items, list):
                result.problems.append(
                    located.problem(
                        where,
                        f"section '{section}' must be a list, not a {_kind(items)}",
                        "schema",
                    )
                )
                continue
            for i, item in enumerate(items):
                result.records.append(RawRecord(section, item, located, (*where, i)))


def _shift(located: Located, prefix: _Path) -> Located:
    """Re-key a document's positions under `prefix` (used for multi-document files)."""
    return Located(
        located.path,
        {prefix + k: v for k, v in located.values.items()},
        {prefix + k: v for k, v in located.keys.items()},
    )


def _kind(value: Any) -> str:
    """A user's word for the YAML type of `value`."""
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    if value is None:
        return "null"
    return type(value).__name__.replace("str", "string").replace("int", "number")


_DECODE_POS = re.compile(rb"\n")


def parse_yaml(
    name: str, data: bytes, *, positions: bool = True
) -> tuple[list[tuple[Any, Located]], list[Problem]]:
    """Parse YAML bytes into plain values with positions; never constructs tagged objects.

    Returns the documents (value and positions) and the problems; on a syntax error the
    file's documents are dropped (its other problems would only be noise).
    """
    try:
        text = data.decode("utf-8-sig")  # a UTF-8 byte-order mark is accepted
    except UnicodeDecodeError as err:
        line, col = byte_position(data, err.start)
        return [], [
            Problem(name, line, col, "file is not valid UTF-8 text (save it as UTF-8)", "encoding")
        ]
    builder = _Builder(name, positions, text)
    try:
        builder.run(_Parser(text))
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        what = err.problem or err.context or "malformed YAML"
        if (
            err.context == "while scanning a quoted scalar"
            and err.problem in _UNCLOSED
            and err.context_mark
            and mark
        ):
            # The scanner stops where the file (or the line) ends; the fix is where the quote
            # opens, which is what the reader needs to see.
            what = (
                f"quoted string is never closed (the quote opens here; {what} "
                f"at line {builder.pos(mark)[0]})"
            )
            mark = err.context_mark
        line, col = builder.pos(mark) if mark else (1, 1)
        return [], [Problem(name, line, col, f"YAML syntax: {what}", "yaml-syntax")]
    except _Refused as err:
        return [], [err.problem]
    except yaml.reader.ReaderError as err:  # a control character or the like, where it is
        line, col = builder.at(err.position)
        char = (
            describe_char(chr(err.character)) if isinstance(err.character, int) else "a character"
        )
        return [], [
            Problem(name, line, col, f"{char} is not allowed in a corpus file", "yaml-syntax")
        ]
    except yaml.YAMLError as err:
        return [], [Problem(name, 1, 1, f"YAML: {err}", "yaml-syntax")]
    return builder.documents, builder.problems


#: What the scanner finds when a quoted string runs to the end of the file (or of the document).
_UNCLOSED = ("found unexpected end of stream", "found unexpected document separator")


class _Refused(Exception):
    """Input the loader will not read any further (alias, foreign tag, too deep)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class _Frame:
    """An open mapping or sequence while walking the event stream."""

    value: dict[Any, Any] | list[Any]
    where: _Path
    is_map: bool
    key: Any = None
    has_key: bool = False


class _Builder:
    """Turns libyaml events into plain dicts, lists and scalars with their positions."""

    def __init__(self, name: str, positions: bool = True, text: str = "") -> None:
        self.positions = positions
        self.name = name
        self.text = text
        self.documents: list[tuple[Any, Located]] = []
        self.problems: list[Problem] = []
        # YAML counts NEL, U+2028 and U+2029 as line breaks, editors do not: where the file
        # holds one, positions are counted from the character offset instead (issue 17).
        self.starts: list[int] | None = None
        if any(c in text for c in _YAML_ONLY_BREAKS):
            self.starts = [0, *(i + 1 for i, ch in enumerate(text) if ch == "\n")]
        # Characters no corpus text may hold can come raw (NEL, U+FDD0..) or, in
        # double-quoted scalars, from escapes; only those scalars need a look otherwise.
        self.scan_all = bad_character(text) is not None
        # Escapes need a backslash: without one anywhere, double-quoted scalars need no look.
        self.escapes = "\\" in text

    def at(self, index: int) -> tuple[int, int]:
        """1-based (line, column) of character `index`, lines broken at newlines only."""
        if self.starts is None:
            self.starts = [0, *(i + 1 for i, ch in enumerate(self.text) if ch == "\n")]
        line = bisect.bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1

    def pos(self, mark: Any) -> tuple[int, int]:
        """1-based (line, column) of a parser mark."""
        if self.starts is not None:
            return self.at(mark.index)
        return mark.line + 1, mark.column + 1

    def _refuse(self, mark: Any, message: str, code: str) -> _Refused:
        line, col = self.pos(mark)
        return _Refused(Problem(self.name, line, col, message, code))

    def _check(self, value: str, pos: tuple[int, int], key: Any, quoted: bool) -> None:
        """Problems with one string scalar: characters, length, link scheme (issue 17)."""
        if quoted or self.scan_all:
            bad = bad_character(value)
            if bad is not None:
                self._problem(
                    pos,
                    f"{bad[1]} in a {'key' if key is _KEY else 'value'} (character "
                    f"{bad[0] + 1}); control characters and non-characters are not allowed",
                    "bad-character",
                )
        if len(value) > MAX_TEXT_CHARS:
            self._problem(
                pos,
                f"text of {len(value)} characters; at most {MAX_TEXT_CHARS} can be drawn "
                "(split the passage, or quote the part that matters)",
                "too-long",
            )
        elif key == "id" and len(value) > MAX_ID_CHARS:
            self._problem(
                pos, f"id of {len(value)} characters; ids are at most {MAX_ID_CHARS}", "too-long"
            )
        elif key == "url" and not safe_url(value):
            self._problem(
                pos,
                f"url {value[:60]!r} is not an http, https or mailto link (a link that "
                "runs code when clicked is refused)",
                "url",
            )

    def _problem(self, pos: tuple[int, int], message: str, code: str) -> None:
        self.problems.append(Problem(self.name, pos[0], pos[1], message, code))

    def run(self, parser: Any) -> None:
        """Build every document of the stream; raises _Refused or a YAML error."""
        located = Located(self.name)
        values, keys = located.values, located.keys
        stack: list[_Frame] = []
        root: list[Any] = []
        get_event = parser.get_event
        record = self.positions
        plain_lines = self.starts is None
        scan_all, escapes = self.scan_all, self.escapes
        # Dispatch on the exact event class, scalars first: a corpus is mostly scalars, and
        # this loop is most of the time spent loading one.
        while True:
            event = get_event()
            cls = event.__class__
            if cls is _SCALAR or cls is _MAP_START or cls is _SEQ_START:
                mark = event.start_mark
                if event.anchor:
                    raise self._refuse(
                        mark,
                        "YAML anchors (&name) are not allowed in a corpus; write the value out",
                        "yaml-alias",
                    )
                tag = event.tag
                if tag is not None and tag != "!" and _expand(tag) not in _ALLOWED_TAGS:
                    raise self._refuse(
                        mark,
                        f"YAML tag '{tag.replace(_STD, '!!')}' is not allowed in a corpus "
                        "(no tags are needed)",
                        "yaml-tag",
                    )
                # self.pos inlined: this loop runs once per event of the file.
                pos = (mark.line + 1, mark.column + 1) if plain_lines else self.at(mark.index)
                top = stack[-1] if stack else None
                if top is not None and top.is_map and not top.has_key:
                    if cls is not _SCALAR:
                        raise self._refuse(mark, "mapping keys must be plain text", "schema")
                    key = event.value  # as written: YAML 1.1 would turn `on:` into True
                    if (escapes and event.style == '"') or scan_all or len(key) > MAX_ID_CHARS:
                        self._check(key, pos, _KEY, True)
                    if key in top.value:
                        first = keys.get((*top.where, key), (0, 0))
                        self.problems.append(
                            Problem(
                                self.name,
                                pos[0],
                                pos[1],
                                f"duplicate key '{key}' (first at line {first[0]})",
                                "duplicate-key",
                            )
                        )
                    top.key, top.has_key = key, True
                    if record:
                        keys[(*top.where, key)] = pos
                    continue
                if top is None:
                    where: _Path = ()
                elif top.is_map:
                    where = (*top.where, top.key)
                else:
                    where = (*top.where, len(top.value))
                if record:
                    values[where] = pos
                if cls is _SCALAR:
                    try:
                        value = _scalar(event)
                    except ValueError:  # an integer of more than 4,300 digits, say
                        raise self._refuse(
                            mark,
                            f"cannot read the number {event.value[:20]}... "
                            f"({len(event.value)} characters); quote it if it is a text",
                            "yaml-number",
                        ) from None
                    if value.__class__ is str:
                        key = top.key if top is not None and top.is_map else None
                        n = len(value)
                        if (
                            (escapes and event.style == '"')
                            or scan_all
                            or key == "url"
                            or n > MAX_TEXT_CHARS
                            or (n > MAX_ID_CHARS and key == "id")
                        ):
                            self._check(value, pos, key, escapes and event.style == '"')
                    self._attach(top, root, value)
                    continue
                if len(stack) >= MAX_DEPTH:
                    raise self._refuse(mark, f"nesting deeper than {MAX_DEPTH} levels", "too-deep")
                is_map = cls is _MAP_START
                stack.append(_Frame({} if is_map else [], where, is_map))
            elif cls is _MAP_END or cls is _SEQ_END:
                frame = stack.pop()
                self._attach(stack[-1] if stack else None, root, frame.value)
            elif cls is yaml.AliasEvent:
                raise self._refuse(
                    event.start_mark,
                    "YAML aliases (*name) are not allowed in a corpus; write the value out",
                    "yaml-alias",
                )
            elif cls is yaml.DocumentStartEvent:
                located = Located(self.name)
                values, keys = located.values, located.keys
                root = []
            elif cls is yaml.DocumentEndEvent:
                self.documents.append((root[0] if root else None, located))
            elif cls is yaml.StreamEndEvent:
                break

    @staticmethod
    def _attach(top: _Frame | None, root: list[Any], value: Any) -> None:
        """Attach a finished value to its parent: a mapping's value or a list's item."""
        if top is None:
            root.append(value)
        elif top.is_map:
            top.value[top.key] = value
            top.has_key = False
        else:
            top.value.append(value)  # type: ignore[union-attr]


#: Stands for "a mapping key" in _Builder._check.
_KEY = object()
#: Line breaks to YAML (1.1) but not to editors or to argmap's own positions.
_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")

_SCALAR = yaml.ScalarEvent
_MAP_START = yaml.MappingStartEvent
_SEQ_START = yaml.SequenceStartEvent
_MAP_END = yaml.MappingEndEvent
_SEQ_END = yaml.SequenceEndEvent


def _expand(tag: str) -> str:
    """Expand the ``!!`` shorthand the C parser leaves in place."""
    return _STD + tag[2:] if tag.startswith("!!") else tag


#: First characters of the plain scalars that YAML 1.1 may resolve to something other than a
#: string (bools, null, numbers, timestamps, merge and value keys).
_MAYBE_TYPED = frozenset("yYnNtTfFoO~<=+-.0123456789!&*")


def _scalar(event: Any) -> Any:
    """The plain value of a scalar event: str, int, float, bool or None.

    Timestamps stay strings so that the model reports impossible dates with its own message.
    """
    if event.style and event.tag is None:  # quoted or block scalars are always strings
        return event.value
    value = event.value
    if event.tag is None and value and value[0] not in _MAYBE_TYPED:
        return value  # YAML 1.1 resolves no other plain scalar to a non-string
    if event.tag is None or event.tag == "!":
        tag = _RESOLVER.resolve(  # type: ignore[no-untyped-call]
            yaml.ScalarNode, event.value, event.implicit
        )
    else:
        tag = _expand(event.tag)
    if tag in (_STD + "str", _STD + "timestamp"):
        return event.value
    node = yaml.ScalarNode(tag, event.value)
    return _CONSTRUCTOR.construct_object(node)
