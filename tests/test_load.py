"""Hostile and odd input: never a traceback or a hang; exit 2 with a located message."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from argmap.load import MAX_FILE_BYTES

Run = Callable[..., Result]
Write = Callable[..., Path]

HOSTILE = [
    (
        "alias",
        b"a: &x [1]\nb: *x\n",
        "F:1:4: error: YAML anchors (&name) are not allowed in a "
        "corpus; write the value out  [yaml-alias]",
    ),
    (
        "billion-laughs",
        b"a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n",
        "F:1:4: error: YAML anchors (&name) are not allowed in a corpus; write the value out  "
        "[yaml-alias]",
    ),
    (
        "python-tag",
        b"claims: !!python/object/apply:os.system ['echo hacked']\n",
        "F:1:9: error: YAML tag '!!python/object/apply:os.system' is not allowed in a corpus "
        "(no tags are needed)  [yaml-tag]",
    ),
    (
        "deep-flow-nesting",
        b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n",
        "F:1:1003: error: YAML syntax: exceeded maximum nesting depth  [yaml-syntax]",
    ),
    (
        "deep-block-nesting",
        b"".join(b"  " * i + b"k:\n" for i in range(100)),
        "F:65:129: error: nesting deeper than 64 levels  [too-deep]",
    ),
    (
        "not-utf8",
        b"corpus: {title: caf\xe9}\n",
        "F:1:20: error: file is not valid UTF-8 text (save it as UTF-8)  [encoding]",
    ),
    (
        "top-level-list",
        b"- id: x\n",
        "F:1:1: error: the top level must be a mapping of sections (corpus, actors, documents, "
        "propositions, commitments, claims, expect, examples), not a list  [top-level]",
    ),
    (
        "syntax",
        b"claims: [\n",
        "F:2:1: error: YAML syntax: did not find expected node content  [yaml-syntax]",
    ),
    (
        "duplicate-key",
        b"corpus: {title: a}\ncorpus: {title: b}\n",
        "F:2:1: error: duplicate key 'corpus' (first at line 1)  [duplicate-key]",
    ),
    (
        "section-not-list",
        b"claims: {id: x}\n",
        "F:1:9: error: section 'claims' must be a list, not a mapping  [schema]",
    ),
    (
        "item-not-mapping",
        b"claims:\n  - just text\n",
        "F:2:5: error: each entry of 'claims' must be a mapping (key: value)  [schema]",
    ),
]


@pytest.mark.parametrize("name, data, expected", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_input_is_refused_with_location(
    cli: Run, write: Write, name: str, data: bytes, expected: str
) -> None:
    path = write(data)
    start = time.monotonic()
    result = cli("validate", path)
    assert time.monotonic() - start < 10  # a hang would be a bug; the figure is generous
    assert result.exit_code == 2
    assert [line.replace(str(path), "F") for line in result.stderr.splitlines()] == [expected]


@pytest.mark.parametrize(
    "data",
    [b"", b"\xef\xbb\xbfcorpus: {title: BOM}\n", b"# only a comment\n", b"---\n...\n"],
    ids=["empty", "bom", "comment-only", "empty-document"],
)
def test_harmless_odd_files_are_accepted(cli: Run, write: Write, data: bytes) -> None:
    result = cli("validate", write(data))
    assert result.exit_code == 0, result.stderr


def test_large_file_is_refused_before_parsing(cli: Run, write: Write) -> None:
    path = write(b"claims:\n" + b"  - {id: x}\n" * (MAX_FILE_BYTES // 12 + 10))
    start = time.monotonic()
    result = cli("validate", path)
    assert time.monotonic() - start < 10
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:1:1: error: file is 16.0 MiB; corpus files are")
    assert "[file-too-large]" in result.stderr


def test_tags_are_never_constructed(write: Write, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    from argmap.load import load_files

    path = write(f"claims: !!python/object/apply:os.system ['touch {marker}']\n".encode())
    result = load_files([path])
    assert not marker.exists()
    assert result.problems and result.problems[0].code == "yaml-tag"


def test_fast_scalar_path_agrees_with_yaml_resolution() -> None:
    """Plain scalars skipped by the fast path are exactly those YAML resolves to strings."""
    import yaml

    from argmap.load import _MAYBE_TYPED

    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items():
        if first and any(not tag.endswith(":str") for tag, _ in resolvers):
            assert first in _MAYBE_TYPED, first


def test_valid_corpus_loads_the_same_with_or_without_positions() -> None:
    from argmap.corpus import load_corpus
    from tests.conftest import ROOT

    fast = load_corpus([ROOT / "data"])
    located = load_corpus([ROOT / "data"], locate=True)
    assert fast.claims == located.claims and fast.commitments == located.commitments
    assert located.origins["istanbul-1999"].line > 0
