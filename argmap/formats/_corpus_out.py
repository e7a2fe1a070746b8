"""What importers produce: corpus records, written as one deterministic, valid YAML file.

Consumes an :class:`ImportedCorpus` (plain records an importer built from a foreign map);
produces ``DIR/<name>.yaml``, which is validated with :func:`argmap.corpus.load_corpus` before
it replaces anything, so an import never leaves a file that ``argmap validate`` rejects.

Imported maps lack what argmap requires of a claim (a state or organization it is attributed
to, a date, a source). The importers fill the gaps with the placeholders defined here and say
so in each claim's ``note``: nothing is invented silently.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from argmap.errors import ArgmapError, CorpusInvalid, Problem
from argmap.files import write_atomic
from argmap.load import MAX_FILE_BYTES
from argmap.safety import BAD_CHARS

__all__ = [
    "PLACEHOLDER_DATE",
    "UNKNOWN_ACTOR",
    "Ids",
    "ImportInvalid",
    "ImportedCorpus",
    "as_date",
    "sanitize_id",
    "to_yaml",
    "write_corpus",
]

#: The actor (kind ``group``) that claims without a known speaker are attributed to.
UNKNOWN_ACTOR = "unknown"

#: The date given to a claim whose map carries no usable timestamp (noted in the claim).
PLACEHOLDER_DATE = "1970-01-01"

_ISO_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:$|[ T])")
_NOT_ID = re.compile(r"[^a-z0-9._-]+")


class ImportInvalid(ArgmapError):
    """A file given to an importer is not a map it can read; carries every located problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self._problems = sorted(problems)
        super().__init__(f"{len(self._problems)} problem(s) in the input")

    @property
    def problems(self) -> list[Problem]:
        return list(self._problems)


def sanitize_id(raw: str, *, limit: int = 64) -> str:
    """Turn any label into an argmap id (``^[a-z0-9][a-z0-9._-]*$``), or '' if nothing is left.

    Examples
    --------
    >>> sanitize_id("1_8554957260962216725")
    '1_8554957260962216725'
    >>> sanitize_id("Participant Rachel")
    'participant-rachel'
    >>> sanitize_id("  José Ñúñez!! ")
    'jose-nunez'
    >>> sanitize_id("Сергей")
    ''
    """
    ascii_ = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode("ascii")
    ident = _NOT_ID.sub("-", ascii_.lower())
    ident = ident.lstrip("._-")[:limit].rstrip("-._")
    return ident


class Ids:
    """Hands out unique argmap ids derived from foreign labels."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        # The next suffix to try per base: 16,000 colliding labels took 16 s when every new
        # id counted up from -2 again (issue 17).
        self._next: dict[str, int] = {}

    def new(self, raw: str, fallback: str) -> str:
        """A fresh id from `raw`; `fallback` (a valid id) when nothing usable is left.

        A clash gets ``-2``, ``-3``, ... appended.
        """
        base = sanitize_id(raw) or fallback
        ident, n = base, self._next.get(base, 1)
        if n > 1:
            ident = f"{base}-{n}"
        while ident in self.taken:
            n += 1
            ident = f"{base}-{n}"
        self._next[base] = n
        self.taken.add(ident)
        return ident


def as_date(value: Any) -> str | None:
    """The ISO date at the start of a timestamp string ('2014-04-28 15:51:38'), if valid.

    Examples
    --------
    >>> as_date("2014-04-28 15:51:38"), as_date("2021-12-17T00:00:00.000Z"), as_date("")
    ('2014-04-28', '2021-12-17', None)
    """
    if not isinstance(value, str):
        return None
    m = _ISO_PREFIX.match(value.strip())
    if not m:
        return None
    try:
        return date.fromisoformat(m.group(1)).isoformat()
    except ValueError:
        return None


@dataclass
class ImportedCorpus:
    """A foreign map turned into corpus records, with what was left out or filled in.

    Attributes
    ----------
    name : str
        File name (without directory) for the written YAML file, e.g. ``map.yaml``.
    header : list of str
        Comment lines for the top of the YAML file.
    info : dict
        The ``corpus:`` header (title, description).
    actors, claims : list of dict
        Records in the YAML contract's shape and key order.
    warnings : list of Problem
        Located warnings: what the import left out, and why.
    counts : dict
        What was imported, for the summary line.
    """

    name: str
    header: list[str]
    info: dict[str, Any]
    actors: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def claim_records(
    claims: dict[str, dict[str, Any]],
    supports: dict[str, list[str]],
    attacks: dict[str, list[str]],
    notes: dict[str, list[str]],
) -> list[dict[str, Any]]:
    """Finish imported claim records: their links (only where any) and their note."""
    records = []
    for cid, record in claims.items():
        if supports.get(cid):
            record["supports"] = supports[cid]
        if attacks.get(cid):
            record["attacks"] = attacks[cid]
        record["note"] = " ".join(notes[cid])
        records.append(record)
    return records


class _Dumper(yaml.SafeDumper):
    """SafeDumper that indents list items under their key, as the corpus files in data/ do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def to_yaml(imported: ImportedCorpus) -> str:
    """The corpus file as text: header comments, then corpus, actors, claims (records in order).

    Examples
    --------
    >>> ic = ImportedCorpus("m.yaml", ["made by hand"], {"title": "T"})
    >>> print(to_yaml(ic), end="")
    # made by hand
    corpus:
      title: T
    """
    lines = [f"# {line}".rstrip() for line in imported.header]
    body: dict[str, Any] = {"corpus": imported.info}
    if imported.actors:
        body["actors"] = imported.actors
    if imported.claims:
        body["claims"] = imported.claims
    text = yaml.dump(
        body,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    return "\n".join([*lines, text.rstrip("\n")]) + "\n"


def write_corpus(imported: ImportedCorpus, out_dir: str | os.PathLike[str]) -> Path:
    """Validate the imported corpus, then write it as ``out_dir/<name>``; return the path.

    Raises
    ------
    CorpusInvalid
        If the records do not make a valid corpus (an importer bug: the message says where).
    OutputError
        If the file cannot be written.
    """
    from argmap.corpus import load_corpus

    imported = _printable_records(imported)
    # The characters of its strings are a lower bound of the file's size: a map far too large
    # is refused before the (slow) YAML dump; the exact size is checked after it.
    size = _chars(imported.claims) + _chars(imported.actors)
    text = to_yaml(imported) if size <= MAX_FILE_BYTES else ""
    target = Path(out_dir) / imported.name
    size = max(size, len(text.encode("utf-8")))
    if size > MAX_FILE_BYTES:
        raise ImportInvalid(
            [
                Problem(
                    str(out_dir),
                    0,
                    0,
                    f"the imported corpus would be {size / 2**20:.1f} MiB, over the "
                    f"{MAX_FILE_BYTES // 2**20} MiB a corpus file may have; nothing was "
                    "written (import a smaller part of the map)",
                    "file-too-large",
                )
            ]
        )
    if Path(out_dir).is_dir():
        others = sorted(
            p.name
            for p in Path(out_dir).iterdir()
            if p.suffix in (".yaml", ".yml") and p.name != imported.name
        )
        if others:
            raise ImportInvalid(
                [
                    Problem(
                        str(out_dir),
                        0,
                        0,
                        f"already holds corpus files ({', '.join(others[:3])}"
                        f"{', ...' if len(others) > 3 else ''}) that the import would be "
                        "validated with; import into a new or empty directory",
                        "output-not-empty",
                    )
                ]
            )
    with tempfile.TemporaryDirectory(prefix="argmap-import-") as tmp:
        probe = Path(tmp) / imported.name
        probe.write_text(text, encoding="utf-8")
        try:
            load_corpus([probe])
        except CorpusInvalid as err:
            # The problems are located in the converted YAML: keep it beside the target
            # (a file the user can open), rather than point into a file never written.
            kept = write_atomic(target.with_name(target.stem + ".rejected.yaml"), text)
            raise CorpusInvalid(
                [
                    replace(
                        p,
                        path=str(kept),
                        message=f"{p.message} (the converted corpus is invalid, so "
                        f"{target.name} was not written; this copy is for inspection)",
                    )
                    for p in err.problems
                ]
            ) from None
    return write_atomic(target, text)


def _chars(value: Any) -> int:
    """Total length of the strings in `value` (nested lists and dicts)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list):
        return sum(_chars(v) for v in value)
    if isinstance(value, dict):
        return sum(_chars(k) + _chars(v) for k, v in value.items())
    return 0


def _printable_records(imported: ImportedCorpus) -> ImportedCorpus:
    """The records with characters no corpus may hold (controls, lone surrogates such as
    a JSON ``\\ud800``, non-characters) replaced by U+FFFD, and a warning saying so."""
    count = 0

    def clean(value: Any) -> Any:
        nonlocal count
        if isinstance(value, str):
            fixed, n = BAD_CHARS.subn("\ufffd", value)
            count += n
            return fixed
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {clean(k): clean(v) for k, v in value.items()}
        return value

    out = replace(
        imported,
        info=clean(imported.info),
        actors=clean(imported.actors),
        claims=clean(imported.claims),
    )
    if count:  # on the caller's list too: the command line prints the importer's warnings
        imported.warnings.append(
            Problem(
                imported.name,
                0,
                0,
                f"{count} control or invalid character(s) replaced by U+FFFD",
                "bad-character",
                "warning",
            )
        )
        imported.warnings.sort()
    return out
