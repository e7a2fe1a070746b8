"""The real evaluation set of ``check`` (issue 14) and ``argmap evaluate-check``."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import Result

from argmap.check import CUE_SCORE, NEGATED_SCORE
from argmap.corpus import load_corpus
from argmap.evaluation import EVIDENCE_KINDS, read_eval_set, vocabulary_digest
from tests.conftest import FIXTURES, ROOT

Run = Callable[..., Result]
DATA = ROOT / "data"
REAL = FIXTURES / "check" / "real.yaml"


pytestmark = pytest.mark.usefixtures("private_cache")


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def test_real_set_is_big_enough_and_split_once() -> None:
    items = read_eval_set(REAL).items
    assert len(items) >= 80
    assert {i.split for i in items} == {"dev", "test"}
    test = [i for i in items if i.split == "test"]
    assert abs(len(test) - len(items) / 2) <= 1
    russian = [i for i in test if i.lang == "ru" and i.original]
    assert len(russian) >= 10
    assert sum(1 for i in items if not i.expect) >= 10  # off-topic and hedges
    assert any(lit[1] is False for i in items for lit in i.expect)  # denials
    assert len({_norm(i.text) for i in items}) == len(items)


def test_every_entry_is_sourced() -> None:
    raw = yaml.safe_load(REAL.read_text(encoding="utf-8"))
    for d in raw["statements"]:
        assert d["url"].startswith(("http://", "https://")), d["id"]
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", str(d["date"])), d["id"]
        assert d["speaker_name"] and isinstance(d["verified"], bool), d["id"]


def test_real_set_and_data_are_disjoint() -> None:
    """No statement is (part of) a record in data/: the fallback must never read the answer."""
    corpus = load_corpus([DATA])
    records = [r.text for t in (corpus.claims, corpus.commitments) for r in t.values()]
    records += [c.original.text for c in corpus.claims.values() if c.original]
    records = [_norm(t) for t in records]
    for item in read_eval_set(REAL).items:
        text = _norm(item.text)
        assert not any(text in r or r in text for r in records), item.id


def test_labels_use_the_current_vocabulary() -> None:
    """The set records the vocabulary it was labelled with; a change means relabelling."""
    corpus = load_corpus([DATA])
    evalset = read_eval_set(REAL)
    assert evalset.vocabulary == vocabulary_digest(corpus)
    for item in evalset.items:
        for prop, _ in item.expect:
            assert prop in corpus.propositions, (item.id, prop)


def _readme_block(command: str) -> str:
    """The output the README shows under `$ .venv/bin/argmap COMMAND`."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"$ .venv/bin/argmap {command}\n") + len(f"$ .venv/bin/argmap {command}\n")
    return text[start : text.index("```", start)]


def test_readme_figures_are_what_evaluate_check_prints(
    cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    command = "evaluate-check tests/fixtures/check/real.yaml"
    result = cli(*command.split())
    assert result.exit_code == 0, result.stderr
    assert result.stdout == _readme_block(command)


def test_evaluate_check_refuses_another_vocabulary(cli: Run, tmp_path: Path) -> None:
    raw = yaml.safe_load(REAL.read_text(encoding="utf-8"))
    raw["vocabulary"]["digest"] = "0000000000000000"
    path = tmp_path / "old.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    result = cli("evaluate-check", path, DATA)
    assert result.exit_code == 2
    assert "relabel the set for the new vocabulary" in result.stderr


def test_evaluate_check_bad_file_is_located(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("- {text: 'x', expect: [ban-nato-enlargement]}\n", encoding="utf-8")
    result = cli("evaluate-check", path, DATA, "--split", "all")
    assert result.exit_code == 2
    assert "statement 1: expect:" in result.stderr
    assert "Traceback" not in result.stderr


SECOND = FIXTURES / "check" / "second-reading.yaml"


def test_second_reading_covers_the_set_blind_and_in_the_same_vocabulary() -> None:
    """The second reading reads every statement of the set, once, with the set's vocabulary,
    and says which reader read each (the file's header says how they were kept blind)."""
    raw = yaml.safe_load(SECOND.read_text(encoding="utf-8"))
    assert raw["vocabulary"]["digest"] == read_eval_set(REAL).vocabulary
    ids = [d["id"] for d in raw["statements"]]
    assert ids == [i.id for i in read_eval_set(REAL).items]
    assert {d["reader"] for d in raw["statements"]} == {"A", "B"}
    assert "never real.yaml's" in SECOND.read_text(encoding="utf-8").split("vocabulary:")[0]


def _reading(tmp_path: Path, change: Callable[[dict[str, object]], None]) -> Path:
    raw = yaml.safe_load(SECOND.read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "reading.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_a_reading_that_is_the_labels_agrees_fully(cli: Run, tmp_path: Path) -> None:
    labels = {i.id: i for i in read_eval_set(REAL).items}

    def copy_labels(raw: dict[str, object]) -> None:
        for d in raw["statements"]:  # type: ignore[attr-defined]
            d["expect"] = [("+" if pos else "-") + p for p, pos in labels[d["id"]].expect]

    path = _reading(tmp_path, copy_labels)
    result = cli("evaluate-check", REAL, DATA, "--split", "dev", "--reading", path, "-f", "json")
    assert result.exit_code == 0, result.stderr
    row = json.loads(result.stdout)["methods"]["reading"]
    assert (row["precision"], row["recall"], row["off_topic_empty"]) == (1.0, 1.0, 1.0)


def test_a_reading_that_misses_a_statement_or_another_vocabulary_is_refused(
    cli: Run, tmp_path: Path
) -> None:
    short = _reading(tmp_path, lambda raw: raw["statements"].pop())  # type: ignore[attr-defined]
    result = cli("evaluate-check", REAL, DATA, "--split", "all", "--reading", short)
    assert result.exit_code == 2
    assert "no reading of statement real-358" in result.stderr

    def other(raw: dict[str, object]) -> None:
        raw["vocabulary"] = {"digest": "0000000000000000"}

    result = cli("evaluate-check", REAL, DATA, "--reading", _reading(tmp_path, other))
    assert result.exit_code == 2
    assert "read the set again for the new vocabulary" in result.stderr
    assert "Traceback" not in result.stderr


def test_readme_whole_set_agreement_is_what_evaluate_check_prints(cli: Run) -> None:
    result = cli("evaluate-check", REAL, DATA, "--split", "all", "--reading", SECOND, "-f", "json")
    assert result.exit_code == 0, result.stderr
    row = json.loads(result.stdout)["methods"]["reading"]
    said = (
        f"on the whole set P {row['precision']:.2f}, R {row['recall']:.2f},\n"
        f"off-topic {row['off_topic_empty']:.2f}, Russian recall {row['russian_recall']:.2f}"
    )
    assert said in (ROOT / "README.md").read_text(encoding="utf-8")


def test_a_malformed_reading_is_refused_with_its_file_named(cli: Run, tmp_path: Path) -> None:
    def flat(raw: dict[str, object]) -> None:
        raw["vocabulary"] = "9288fe46096edbaf"

    def twice(raw: dict[str, object]) -> None:
        entries = raw["statements"]
        entries.append(dict(entries[0]))  # type: ignore[attr-defined]

    for change, said in ((flat, "vocabulary: a mapping"), (twice, "real-001 is read twice")):
        path = _reading(tmp_path, change)
        result = cli("evaluate-check", REAL, DATA, "--reading", path)
        assert result.exit_code == 2
        assert f"{path}: " in result.stderr
        assert said in result.stderr
        assert "Traceback" not in result.stderr


def test_the_evidence_table_counts_each_kind_right_and_wrong(cli: Run, tmp_path: Path) -> None:
    """The reliability table says, per kind of evidence, how often it was right beside the
    score check gives it: a plain cue, a negated cue, a wrong reading, an empty label."""
    statements = [
        # a cue of two or more words, as labelled: right
        ("e-1", "We are committed to indivisible security in Europe.", ["+indivisible-security"]),
        # the same cue, labelled otherwise: wrong
        ("e-2", "Indivisible security was the theme of the seminar.", []),
        # a cue under a negation: a denial, as labelled
        ("e-3", "NATO is not a threat to Russia.", ["-nato-enlargement-threatens-russia"]),
        # nothing inferred: no row grows
        ("e-4", "The weather in Vienna was fine.", []),
    ]
    raw = yaml.safe_load(REAL.read_text(encoding="utf-8"))
    raw["statements"] = [
        {"id": i, "split": "test", "speaker": "lavrov", "text": t, "expect": e, "lang": "en"}
        for i, t, e in statements
    ]
    path = tmp_path / "set.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    result = cli("evaluate-check", path, DATA, "-f", "json")
    assert result.exit_code == 0, result.stderr
    rows = {r["kind"]: r for r in json.loads(result.stdout)["evidence"]}
    assert list(rows)[: len(EVIDENCE_KINDS)] == list(EVIDENCE_KINDS)
    assert "reader" in rows and "strong (score >= 0.80)" in rows
    two = rows["cue, 2+ words"]
    assert (two["inferred"], two["right"], two["precision"]) == (2, 1, 0.5)
    assert two["score"] == CUE_SCORE[2]
    negated = rows["negated cue"]
    assert (negated["inferred"], negated["right"], negated["score"]) == (1, 1, NEGATED_SCORE)
    assert rows["rule"]["inferred"] == 0 and rows["rule"]["precision"] is None
    text = cli("evaluate-check", path, DATA).stdout
    assert re.search(rf"^cue, 2\+ words +2 +1 +0\.50 +{CUE_SCORE[2]:.2f}$", text, re.M), text
