"""Tests for argmap.semantics.apx: parsing, located errors, writing, the fast path, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.errors import InputError
from argmap.semantics.__main__ import main
from argmap.semantics.apx import _parse, _parse_canonical, parse_apx, read_apx, to_apx
from argmap.semantics.dung import Framework

# --------------------------------------------------------------------------- parsing


def test_parse_layout_comments_and_whitespace() -> None:
    text = (
        "% a framework\n"
        "arg(a). arg( b ).arg(c)\n"
        "  .\n"
        "%* a block\n comment att(x,y). *%\n"
        "att(a , b).  % trailing comment with att(q,r).\n"
        "att(\n  b,\n  c\n).\n"
        "att(a,b).\n"  # repeated attack
        "arg(a).\n"  # repeated argument
    )
    af = parse_apx(text)
    assert af.arguments == ("a", "b", "c")
    assert af.attacks == (("a", "b"), ("b", "c"))


def test_parse_names_numbers_quotes() -> None:
    text = 'arg(1). arg(-2). arg(Arg_3). arg("two words"). arg("q\\"uote"). arg("%x").\n'
    text += 'att(1,-2). att("1", "two words"). att(Arg_3,"q\\"uote").\n'
    af = parse_apx(text)
    assert af.arguments == ("1", "-2", "Arg_3", "two words", 'q"uote', "%x")
    assert af.attacks == (("1", "-2"), ("1", "two words"), ("Arg_3", 'q"uote'))


def test_attack_may_precede_declaration() -> None:
    af = parse_apx("att(a,b).\narg(b).\narg(a).\n")
    assert af.arguments == ("b", "a")
    assert af.attacks == (("a", "b"),)


def test_empty_and_comment_only() -> None:
    assert len(parse_apx("")) == 0
    assert len(parse_apx("% nothing\n\n   \n")) == 0


# --------------------------------------------------------------------------- errors

ERRORS = [
    (
        "missing-dot",
        "arg(a).\narg(b)\natt(a,b).\n",
        "f.apx:2:1: error: missing '.' at the end of the statement: 'arg(b)'  [apx-syntax]",
    ),
    (
        "unknown-statement",
        "arg(a).\n  foo(a).\n",
        "f.apx:2:3: error: unknown statement 'foo'; expected 'arg(NAME).' or "
        "'att(NAME,NAME).': 'foo(a).'  [apx-syntax]",
    ),
    (
        "att-arity-1",
        "arg(a).\natt(a).\n",
        "f.apx:2:1: error: 'att' takes 2 names, got 1: 'att(a).'  [apx-syntax]",
    ),
    (
        "att-arity-3",
        "arg(a).\natt(a,a,a).\n",
        "f.apx:2:1: error: 'att' takes 2 names, got 3: 'att(a,a,a).'  [apx-syntax]",
    ),
    (
        "arg-arity-0",
        "arg().\n",
        "f.apx:1:1: error: 'arg' takes 1 name, got 0: 'arg().'  [apx-syntax]",
    ),
    (
        "bad-name",
        "arg(a).\n\n   arg(a-b).\n",
        "f.apx:3:4: error: expected a name (letters, digits, '_', a negative integer, "
        "or a quoted string): 'arg(a-b).'  [apx-syntax]",
    ),
    (
        "missing-paren",
        "arg(abc\narg(d).\n",
        "f.apx:1:1: error: missing ')': 'arg(abc'  [apx-syntax]",
    ),
    (
        "unterminated-quote",
        'arg("a).\n',
        "f.apx:1:1: error: unterminated quoted name: 'arg(\"a).'  [apx-syntax]",
    ),
    (
        "unterminated-block-comment",
        "arg(a).\n%* never closed\narg(b).\n",
        "f.apx:2:1: error: unterminated block comment: '%* never closed'  [apx-syntax]",
    ),
    (
        "stray-character",
        "arg(a). )\n",
        "f.apx:1:9: error: expected 'arg(NAME).' or 'att(NAME,NAME).': ')'  [apx-syntax]",
    ),
    (
        "no-parenthesis",
        "arg a.\n",
        "f.apx:1:1: error: expected '(' after 'arg': 'arg a.'  [apx-syntax]",
    ),
    (
        "undeclared-attacker",
        "arg(a).\natt(b,a).\n",
        "f.apx:2:5: error: attack names undeclared argument 'b'  [apx-undeclared]",
    ),
    (
        "undeclared-attacked",
        "arg(a).\n\natt(a, zz).\n",
        "f.apx:3:8: error: attack names undeclared argument 'zz'  [apx-undeclared]",
    ),
    (
        "undeclared-quoted",
        'arg(a).\natt(a,"x y").\n',
        "f.apx:2:7: error: attack names undeclared argument 'x y'  [apx-undeclared]",
    ),
    (
        "undeclared-number",  # canonical numeric layout: the fast path defers to the parser
        "arg(1).\narg(2).\natt(1,3).\n",
        "f.apx:3:7: error: attack names undeclared argument '3'  [apx-undeclared]",
    ),
]


@pytest.mark.parametrize(("text", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_located_errors(text: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        parse_apx(text, "f.apx")
    assert str(info.value) == message
    (problem,) = info.value.problems
    assert problem.path == "f.apx" and problem.severity == "error"


def test_read_apx_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_apx(tmp_path / "missing.apx")
    assert info.value.problem.code == "apx-io"
    assert str(info.value).startswith(f"{tmp_path / 'missing.apx'}: error: cannot read file:")

    bad = tmp_path / "bad.apx"
    bad.write_bytes(b"arg(a).\narg(\xff).\n")
    with pytest.raises(InputError) as info:
        read_apx(bad)
    assert str(info.value) == f"{bad}:2:5: error: file is not valid UTF-8  [apx-encoding]"

    broken = tmp_path / "broken.apx"
    broken.write_text("arg(1).\natt(1,1)\n")
    with pytest.raises(InputError) as info:
        read_apx(broken)
    assert str(info.value).startswith(f"{broken}:2:1: error: missing '.'")


def test_read_apx_file(tmp_path: Path) -> None:
    path = tmp_path / "x.apx"
    path.write_text("arg(1).\narg(2).\natt(2,1).\n")
    assert read_apx(path) == Framework.from_edges(["1", "2"], [("2", "1")])
    assert read_apx(str(path)).arguments == ("1", "2")


# --------------------------------------------------------------------------- writing


def test_to_apx_is_sorted_and_quoted() -> None:
    af = Framework.from_edges(
        ["b", "a", "10", "9", "x y", "Up", 'q"'],
        [("b", "a"), ("a", "x y"), ("a", "9"), ("Up", 'q"')],
    )
    assert to_apx(af) == (
        "arg(10).\n"
        "arg(9).\n"
        'arg("Up").\n'
        "arg(a).\n"
        "arg(b).\n"
        'arg("q\\"").\n'
        'arg("x y").\n'
        'att("Up","q\\"").\n'
        "att(a,9).\n"
        'att(a,"x y").\n'
        "att(b,a).\n"
    )
    assert to_apx(Framework.from_edges()) == ""


names = st.one_of(
    st.from_regex(r"[a-z][a-z0-9_]{0,5}", fullmatch=True),
    st.integers(-50, 500).map(str),
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=6),  # no surrogates
)


@st.composite
def named_frameworks(draw: st.DrawFn) -> Framework:
    args = draw(st.lists(names, unique=True, max_size=10))
    pairs = [(a, b) for a in args for b in args]
    attacks = draw(st.lists(st.sampled_from(pairs), max_size=30)) if pairs else []
    return Framework.from_edges(args, attacks)


@settings(max_examples=200, deadline=None)
@given(named_frameworks())
def test_round_trip(af: Framework) -> None:
    text = to_apx(af)
    assert text == "" or text.endswith("\n")
    back = parse_apx(text)
    assert back == af
    assert to_apx(back) == text


# --------------------------------------------------------------------------- canonical fast path


def _canonical(args: list[str], attacks: list[tuple[str, str]], newline_at_end: bool) -> str:
    lines = [f"arg({a})." for a in args] + [f"att({a},{b})." for a, b in attacks]
    return "\n".join(lines) + ("\n" if newline_at_end and lines else "")


@st.composite
def canonical_files(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["small-numbers", "sparse-numbers", "identifiers"]))
    if kind == "identifiers":  # includes numbers with leading zeros, which stay distinct names
        values = st.from_regex(r"[A-Za-z0-9_]{1,4}", fullmatch=True)
    else:
        values = st.integers(0, 40 if kind == "small-numbers" else 3000).map(str)
    args = draw(st.lists(values, max_size=25))
    attacks = (
        draw(st.lists(st.tuples(st.sampled_from(args), st.sampled_from(args)), max_size=40))
        if args
        else []
    )
    return _canonical(args, attacks, draw(st.booleans()))


@settings(max_examples=300, deadline=None)
@given(canonical_files())
def test_canonical_fast_path_agrees_with_parser(text: str) -> None:
    fast = _parse_canonical(text.encode())
    assert fast is not None
    slow = _parse(text, "<string>")
    assert fast == slow
    assert fast.arguments == slow.arguments
    assert fast.attacked == slow.attacked


@pytest.mark.parametrize(
    "text",
    [
        "arg(1).\narg(2).\natt(1, 2).\n",  # space inside a statement
        "arg(1).\n% note\narg(2).\n",  # comment
        "arg(1).\natt(1,1).\narg(2).\n",  # declaration after an attack
        'arg("a").\n',  # quoted name
        "arg(-1).\n",  # negative number
        "arg(1).\r\narg(2).\r\n",  # CRLF
        "arg(1).\narg(2).\natt(1,3).\n",  # undeclared: the parser reports it
        "arg(a).\natt(a,b).\n",
        "arg(1).\natt(1,1,1).\n",
        "arg(1).5\n",
        "arg(1).5\narg(2).\n",
        "5arg(1).\n",
        "arg(1).\nbarg(2).\n",
        "arg(1).\natt(1,1).\nxatt(1,1).\n",
        "arg(1).\natt(1,1)x.\n",
        "arg(1)\n.\n",
        "\narg(1).\n",
        "arg().\n",
        "arg(1).\natt(,1).\n",
    ],
    ids=[
        "space",
        "comment",
        "interleaved",
        "quoted",
        "negative",
        "crlf",
        "undeclared-number",
        "undeclared-name",
        "arity",
        "trailing-digit",
        "digit-between-statements",
        "leading-digit",
        "keyword-prefix-arg",
        "keyword-prefix-att",
        "junk-before-dot",
        "split-statement",
        "blank-first-line",
        "empty-name",
        "empty-attacker",
    ],
)
def test_canonical_fast_path_declines(text: str) -> None:
    assert _parse_canonical(text.encode()) is None


@pytest.mark.parametrize(
    ("text", "arguments"),
    [
        ("arg(01).\narg(1).\natt(01,1).\n", ("01", "1")),
        ("arg(a).\narg(7).\natt(7,a).", ("a", "7")),
        ("arg(x_1).\n", ("x_1",)),
        ("", ()),
    ],
    ids=["leading-zero-is-a-name", "mixed", "underscore", "empty"],
)
def test_canonical_fast_path_names(text: str, arguments: tuple[str, ...]) -> None:
    fast = _parse_canonical(text.encode())
    assert fast is not None
    assert fast.arguments == arguments
    assert fast == _parse(text, "<string>")


def test_canonical_sparse_numbers_and_duplicates() -> None:
    text = "arg(1000000).\narg(7).\narg(7).\natt(7,1000000).\natt(7,1000000).\n"
    af = _parse_canonical(text.encode())
    assert af is not None
    assert af.arguments == ("1000000", "7")
    assert af.attacks == (("7", "1000000"),)
    assert parse_apx(text) == af


# --------------------------------------------------------------------------- command line


def test_main_summary_and_full(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "f.apx"
    path.write_text("arg(a).\narg(b).\narg(c).\natt(a,b).\natt(b,a).\natt(b,c).\n")
    assert main([str(path), "--semantics", "preferred"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary == {
        "semantics": "preferred",
        "arguments": 3,
        "attacks": 3,
        "extensions": 2,
        "extension_sizes": [1, 2],
        "labels": {"in": 0, "out": 0, "undec": 3},
    }
    assert main([str(path), "--semantics", "stable", "--full", "--engine", "search"]) == 0
    full = json.loads(capsys.readouterr().out)
    assert full == {
        "semantics": "stable",
        "extensions": [["a", "c"], ["b"]],
        "labels": {"a": "undec", "b": "undec", "c": "undec"},
    }


def test_main_reports_located_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "f.apx"
    path.write_text("arg(a).\natt(a,b).\n")
    assert main([str(path)]) == 2
    err = capsys.readouterr().err
    assert err == f"{path}:2:7: error: attack names undeclared argument 'b'  [apx-undeclared]\n"
