"""One run of `validate` reports everything it can: type errors do not hide reference errors,
and a quoted string that is never closed is reported where its quote opens."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from argmap.cli import app

BROKEN = """\
actors:
  - {id: a, name: A, kind: state}
  - {id: p, kind: person, represents: a}
  - {id: lone, kind: person}
documents:
  - id: d1
    title: D
    date: 2001-02-30
    binding: legal
    parties: [a, zz]
propositions:
  - {id: x, text: X}
commitments:
  - {id: k1, document: d9, locator: l, text: t, asserts: x}
claims:
  - id: c1
    speaker: p
    date: [2020]
    text: hello
    source: {title: s}
    attacks: [k1, nope]
  - id: c1
    actor: a
    date: 2020-01-01
    text: 5
    source: {title: s}
  - id: c3
    speaker: lone
    date: 2020-01
    text: hi
    source: {title: s}
  - id: c4
    actor: [a]
    date: 2020-01-01
    text: hi
    source: {title: s}
"""


def problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)], catch_exceptions=False)
    assert result.exit_code == 2
    return [line.replace(str(path), "F") for line in result.stderr.splitlines()]


def test_type_errors_and_reference_errors_in_one_run(tmp_path: Path) -> None:
    got = problems(tmp_path, BROKEN)
    assert got == [
        "F:8:11: error: document 'd1': date: '2001-02-30' is not a real calendar date  [schema]",
        "F:10:18: error: document 'd1' lists as party unknown actor 'zz'  [unknown-ref]",
        "F:14:24: error: commitment 'k1' belongs to unknown document 'd9'  [unknown-ref]",
        "F:14:58: error: commitment 'k1': asserts: must be a list, not 'x'  [schema]",
        "F:16:9: error: duplicate id 'c1': defined again at F:22:9  [duplicate-id]",
        "F:18:11: error: claim 'c1': date: [2020] is not a date; write dates as YYYY-MM-DD  "
        "[schema]",
        "F:21:19: error: claim 'c1' attacks unknown claim or commitment 'nope'  [unknown-ref]",
        "F:22:9: error: duplicate id 'c1': already defined at F:16:9  [duplicate-id]",
        "F:25:11: error: claim 'c1': text: must be a string, not 5  [schema]",
        "F:27:5: error: claim 'c3' cannot be attributed to a state or organization: it has no "
        "'actor' and speaker 'lone' represents nobody (add 'actor:' or 'represents:' on the "
        "speaker)  [unattributed]",
        "F:29:11: error: claim 'c3': date: '2020-01' is not a date; write dates as YYYY-MM-DD  "
        "[schema]",
        # c4's actor is wrong: its attribution is not judged a second time.
        "F:33:12: error: claim 'c4': actor: must be a string, not a list  [schema]",
    ]


def test_unclosed_quote_is_reported_where_it_opens(tmp_path: Path) -> None:
    text = 'claims:\n  - id: c1\n    date: 2020-01-01\n    text: "hello\n    note: x\n\n'
    assert problems(tmp_path, text) == [
        "F:4:11: error: YAML syntax: quoted string is never closed (the quote opens here; "
        "found unexpected end of stream at line 7)  [yaml-syntax]"
    ]


def test_other_quoted_string_errors_stay_where_they_are(tmp_path: Path) -> None:
    text = 'claims:\n  - id: c1\n    text: "it\\q"\n'
    assert problems(tmp_path, text) == [
        "F:3:14: error: YAML syntax: found unknown escape character  [yaml-syntax]"
    ]
