"""Every rejection the loader promises, with its exact located message and exit code 2."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import BASE

Run = Callable[..., Result]
Write = Callable[..., Path]


def errors(result: Result, path: Path) -> list[str]:
    """stderr lines, with the tmp path shortened to 'F'."""
    return [line.replace(str(path), "F") for line in result.stderr.splitlines()]


def test_base_corpus_is_valid(cli: Run, write: Write) -> None:
    path = write(BASE)
    result = cli("validate", path)
    assert result.exit_code == 0, result.stderr
    assert "1 claim\n" in result.stdout


CASES = [
    (
        "unknown-key-with-hint",
        ("    asserts: [ban]\n", "    asserts: [ban]\n    speeker: lavrov\n"),
        "F:24:5: error: unknown key 'speeker' in claim 'c1'; did you mean 'speaker'? "
        "(allowed: actor, asserts, attacks, date, denies, id, invokes, note, original, source, "
        "speaker, supports, text, verified)  [unknown-key]",
    ),
    (
        "wrong-type",
        ("text: No enlargement.", "text: [No, enlargement]"),
        "F:21:11: error: claim 'c1': text: must be a string, not a list  [schema]",
    ),
    (
        "impossible-date",
        ("date: 2021-12-17", "date: 2021-02-30"),
        "F:20:11: error: claim 'c1': date: '2021-02-30' is not a real calendar date  [schema]",
    ),
    (
        "not-a-date",
        ("date: 2021-12-17", "date: 17.12.2021"),
        "F:20:11: error: claim 'c1': date: '17.12.2021' is not a date; write dates as "
        "YYYY-MM-DD  [schema]",
    ),
    (
        "bad-id",
        ("id: c1", "id: Claim_1"),
        "F:18:9: error: claim 'Claim_1': id: id 'Claim_1' must be lowercase letters, digits, "
        "'.', '_' or '-', starting with a letter or digit  [schema]",
    ),
    (
        "unknown-reference",
        ("asserts: [ban]\n", "asserts: [bam]\n"),
        "F:23:15: error: claim 'c1' asserts unknown proposition 'bam'; did you mean 'ban'?  "
        "[unknown-ref]",
    ),
    (
        "wrong-kind-reference",
        ("asserts: [ban]\n", "asserts: [ban]\n    invokes: [ist]\n"),
        "F:24:15: error: claim 'c1' invokes 'ist', which is a document, not a commitment  "
        "[wrong-kind]",
    ),
    (
        "self-link",
        ("asserts: [ban]\n", "asserts: [ban]\n    attacks: [c1]\n"),
        "F:24:15: error: claim 'c1' attacks itself  [self-link]",
    ),
    (
        "self-implication",
        ("excludes: [choice]}", "excludes: [choice], implies: [ban]}"),
        "F:14:81: error: proposition 'ban' implies itself  [self-link]",
    ),
    (
        "missing-key",
        ("    source: {title: Draft}\n", ""),
        "F:18:5: error: claim 'c1' is missing required key 'source'  [missing-key]",
    ),
    (
        "unattributed-claim",
        ("represents: russia}", "role: Minister}"),
        "F:18:5: error: claim 'c1' cannot be attributed to a state or organization: it has no "
        "'actor' and speaker 'lavrov' represents nobody (add 'actor:' or 'represents:' on the "
        "speaker)  [unattributed]",
    ),
    (
        "self-contradiction",
        ("asserts: [ban]\n", "asserts: [ban, choice]\n"),
        "F:18:5: error: claim 'c1' contradicts itself: its asserts and denies both asserts and "
        "denies 'ban' once implications are applied: +ban from +ban (written directly); -ban "
        "from +choice ('ban' excludes 'choice'; so it denies 'ban')  [self-contradiction]",
    ),
    (
        "unknown-section",
        ("claims:\n", "claimz:\n"),
        "F:17:1: error: unknown section 'claimz'; did you mean 'claims'? (sections: corpus, "
        "actors, documents, propositions, commitments, claims, expect, examples)  "
        "[unknown-section]",
    ),
    (
        "wrong-enum",
        ("binding: political", "binding: moral"),
        "F:10:14: error: document 'ist': binding: must be 'legal' or 'political'  [schema]",
    ),
    (
        "party-period-reversed",
        ("parties: [russia]", "parties: [{actor: russia, since: 2000-01-01, until: 1999-01-01}]"),
        "F:11:15: error: document 'ist': parties.0: until 1999-01-01 comes before since "
        "2000-01-01  [schema]",
    ),
]


@pytest.mark.parametrize("name, edit, expected", CASES, ids=[c[0] for c in CASES])
def test_rejection_is_located(
    cli: Run, write: Write, name: str, edit: tuple[str, str], expected: str
) -> None:
    old, new = edit
    assert old in BASE, f"test edit does not apply: {old!r}"
    path = write(BASE.replace(old, new, 1))
    result = cli("validate", path)
    assert result.exit_code == 2
    assert expected in errors(result, path), result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_duplicate_ids_are_reported_at_both_places(cli: Run, write: Write, tmp_path: Path) -> None:
    write(BASE, "a/one.yaml")
    write("propositions:\n  - {id: choice, text: Again.}\n", "b/two.yaml")
    result = cli("validate", tmp_path)
    assert result.exit_code == 2
    lines = [line.replace(str(tmp_path) + "/", "") for line in result.stderr.splitlines()]
    assert lines == [
        "a/one.yaml:13:10: error: duplicate id 'choice': defined again at b/two.yaml:2:10  "
        "[duplicate-id]",
        "b/two.yaml:2:10: error: duplicate id 'choice': already defined at a/one.yaml:13:10  "
        "[duplicate-id]",
    ]


def test_all_problems_are_reported_at_once_sorted(cli: Run, write: Write) -> None:
    text = BASE.replace("date: 2021-12-17", "date: 2021-13-01").replace(
        "binding: political", "binding: none"
    )
    path = write(text)
    result = cli("validate", path)
    lines = errors(result, path)
    assert [line.split(": error")[0] for line in lines] == ["F:10:14", "F:20:11"]


def test_corpus_split_over_files_and_directories(cli: Run, write: Write, tmp_path: Path) -> None:
    head, _, claims = BASE.partition("claims:\n")
    actors, _, rest = head.partition("documents:\n")
    write(actors, "nested/deeper/actors.yml")
    write("documents:\n" + rest, "docs.yaml")
    claims_file = write("claims:\n" + claims, "elsewhere/claims.yaml")
    result = cli("validate", tmp_path / "nested", tmp_path / "docs.yaml", claims_file)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok: 3 files")


def test_missing_path_is_an_error(cli: Run, tmp_path: Path) -> None:
    result = cli("validate", tmp_path / "nope")
    assert result.exit_code == 2
    assert (
        result.stderr == f"{tmp_path / 'nope'}: error: no such file or directory  [missing-file]\n"
    )
