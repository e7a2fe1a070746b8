"""check's reader (argmap.reader): trained on the corpus's examples, read with numpy alone."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from typer.testing import Result

from argmap.check import READER_SCORE, READER_THRESHOLD, load_checker
from argmap.corpus import load_corpus
from argmap.reader import MIN_DF, build_reader, negation_marked, training_set
from argmap.similarity import Terms, char_terms, tfidf_vector, word_terms
from tests.conftest import ROOT, replant_cache

Run = Callable[..., Result]
DATA = ROOT / "data"

pytestmark = pytest.mark.usefixtures("private_cache")


def test_words_after_a_negation_are_marked_up_to_the_sentence_end() -> None:
    assert negation_marked("NATO is not a threat to Russia. It is a threat.") == (
        "nato is not neg_a neg_threat neg_to russia it is a threat"
    )
    assert negation_marked("НАТО не является угрозой") == "нато не neg_является neg_угрозой"


def test_a_statement_no_cue_covers_is_read_by_the_reader(cli: Run) -> None:
    text = "Kyiv's place is in the Alliance, and we will keep working until it gets there."
    plain = cli("check", text, "--actor", "ukraine", "-f", "json")
    assert json.loads(plain.stdout)["inferred"]["asserts"] == []  # no cue: not on by default
    result = cli("check", text, "--actor", "ukraine", "-f", "json", "--explain", "--reader")
    assert result.exit_code == 0, result.stderr
    inferred = json.loads(result.stdout)["inferred"]
    assert inferred["asserts"] == ["ukraine-nato-membership-goal"]
    (source,) = inferred["from"]
    assert source["record"].startswith("reader (probability ")
    assert source["score"] == READER_SCORE
    assert inferred["strong"] is False
    assert inferred["why"]["ukraine-nato-membership-goal"].startswith("asserted: reader")


def test_the_reader_reads_as_scikit_learn_transforms() -> None:
    """The statement's features, computed in numpy at check time, are scikit-learn's."""
    texts, _ = training_set(load_corpus([DATA]))
    queries = [
        "NATO is not a threat to Russia, and never was.",
        "Расширение НАТО на восток не угрожает никому",
        "Україна має право обирати союзи",
        "",
    ]
    for analyzer, docs, terms in (
        ("char_wb", texts, char_terms),
        ("word", [negation_marked(t) for t in texts], None),
    ):
        ngrams = (3, 5) if analyzer == "char_wb" else (1, 2)
        min_df = MIN_DF[0] if analyzer == "char_wb" else MIN_DF[1]
        vectorizer = TfidfVectorizer(
            analyzer=analyzer, ngram_range=ngrams, sublinear_tf=True, min_df=min_df
        ).fit(docs)
        vocabulary = Terms.of({str(k): int(v) for k, v in vectorizer.vocabulary_.items()})
        for query in queries:
            bag = char_terms(query) if terms else word_terms(negation_marked(query), frozenset())
            ours = np.zeros(len(vocabulary))
            for col, value in tfidf_vector(vocabulary, vectorizer.idf_, bag).items():
                ours[col] = value
            source = query if terms else negation_marked(query)
            theirs = vectorizer.transform([source]).toarray()[0]
            assert np.allclose(ours, theirs, atol=1e-12), (analyzer, query)


def test_the_cached_reader_reads_as_the_one_just_trained() -> None:
    built = load_checker([DATA])  # builds the cache
    cached = load_checker([DATA])
    assert built.reader is not None and cached.reader is not None
    for text in ("NATO must stop expanding.", "Россия не возражает", "Kyiv belongs in NATO"):
        assert built.reader.probabilities(text) == cached.reader.probabilities(text)


def _corpus_without_examples(tmp_path: Path) -> Path:
    out = tmp_path / "data"
    out.mkdir()
    for name in ("claims.yaml", "commitments.yaml"):
        (out / name).write_bytes((DATA / name).read_bytes())
    return out


def test_a_corpus_without_examples_has_no_reader(tmp_path: Path) -> None:
    corpus = load_corpus([_corpus_without_examples(tmp_path)])
    assert build_reader(corpus) is None
    checker = load_checker([tmp_path / "data"])
    assert checker.reader is None
    inference = checker.infer_text("Kyiv's place is in the Alliance.", read=True)
    assert not any(src.startswith("reader") for _, src, _ in inference.evidence)


def test_reader_on_a_corpus_without_examples_is_refused(cli: Run, tmp_path: Path) -> None:
    data = _corpus_without_examples(tmp_path)
    result = cli("check", "NATO must stop.", str(data), "--actor", "russia", "--reader")
    assert result.exit_code == 2
    assert "the corpus has no examples" in result.stderr
    assert "Traceback" not in result.stderr


def test_examples_are_not_quotations_and_not_the_evaluation_set() -> None:
    """The examples teach the reader; none may be a statement of the evaluation set, whose
    test half must stay unread (the writers never saw it; this keeps it so)."""
    corpus = load_corpus([DATA])
    assert len(corpus.examples) >= 900
    examples = {" ".join(e.text.lower().split()) for e in corpus.examples}
    raw: Any = __import__("yaml").safe_load(
        (ROOT / "tests" / "fixtures" / "check" / "real.yaml").read_text(encoding="utf-8")
    )
    for st in raw["statements"]:
        text = " ".join(st["text"].lower().split())
        assert not any(text in e or e in text for e in examples), st["id"]
    header = (DATA / "examples.yaml").read_text(encoding="utf-8").split("\nexamples:")[0]
    assert "NOT QUOTATIONS" in header


def test_a_long_term_does_not_widen_the_vocabulary() -> None:
    """One unspaced sentence in a corpus must not make every term as wide as itself."""
    long = "北约东扩威胁俄罗斯安全" * 30
    terms = Terms.of({"nato": 0, long: 1, "threat": 2})
    assert terms.terms.dtype.itemsize <= Terms.SHORT
    assert terms.columns(["threat", long, long[:-1], "nato", "x" * 500]) == [2, 1, -1, 0, -1]


def test_reader_threshold_is_a_probability() -> None:
    assert 0.0 < READER_THRESHOLD < 1.0


def test_a_word_alone_is_not_read(cli: Run) -> None:
    """A statement of a word or two has too few features for the reader to weigh: "Ukraine"
    once read as five propositions and a REVERSAL."""
    result = cli("check", "Ukraine", "--actor", "russia", "--date", "2022-02-01", "--reader")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("UNKNOWN: no proposition could be inferred")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "  - {text: NATO must not expand., asserts: [ban-nato-enlargement]}\n"
            "  - {text: Ukraine is free to choose., asserts: [ukraine-free-to-chose-alliances]}\n",
            ":3:50: error: example asserts unknown proposition 'ukraine-free-to-chose-alliances'; "
            "did you mean 'ukraine-free-to-choose-alliances'?",
        ),
        (
            "  - text: Every state chooses its alliances, and none does.\n"
            "    asserts: [free-choice-of-alliances]\n"
            "    denies: [free-choice-of-alliances]\n",
            ":2:5: error: example both asserts and denies 'free-choice-of-alliances' once "
            "implications are applied  [self-contradiction]",
        ),
    ],
    ids=["unknown-proposition", "self-contradiction"],
)
def test_a_bad_example_is_located(cli: Run, tmp_path: Path, body: str, expected: str) -> None:
    data = _corpus_without_examples(tmp_path)
    (data / "examples.yaml").write_text("examples:\n" + body, encoding="utf-8")
    result = cli("validate", data)
    assert result.exit_code == 2
    assert f"{data / 'examples.yaml'}{expected}" in result.stderr
    assert "Traceback" not in result.stderr


def test_reader_with_examples_but_nothing_to_learn_says_so(cli: Run, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "c.yaml").write_text(
        "propositions:\n  - {id: p, text: A proposition.}\n"
        "examples:\n  - {text: A sentence that holds p., asserts: [p]}\n",
        encoding="utf-8",
    )
    result = cli("check", "A sentence that holds p again.", data, "--actor", "x", "--reader")
    assert result.exit_code == 2
    assert "no reader: no literal is held by 4 or more" in result.stderr


def _unknown_literal(arrays: dict[str, Any], meta: dict[str, Any]) -> None:
    meta["reader.literals"][-1] = ["zz-no-such-proposition", True]


def _nan_idf(arrays: dict[str, Any], meta: dict[str, Any]) -> None:
    idf = arrays["reader.chars.idf"].copy()
    idf[0] = float("nan")
    arrays["reader.chars.idf"] = idf


def _no_marker(arrays: dict[str, Any], meta: dict[str, Any]) -> None:
    for key in [k for k in meta if k.startswith("reader")]:
        del meta[key]
    for key in [k for k in arrays if k.startswith("reader.")]:
        del arrays[key]


@pytest.mark.parametrize("change", [_unknown_literal, _nan_idf, _no_marker])
def test_a_planted_reader_is_rebuilt(
    tmp_path: Path, change: Callable[[dict[str, Any], dict[str, Any]], None]
) -> None:
    first = load_checker([DATA])
    (target,) = (tmp_path / "cache").glob("check-*.cache")
    replant_cache(target, change)
    second = load_checker([DATA], read=True)
    assert second.reader is not None and first.reader is not None
    assert second.reader.literals == first.reader.literals
    text = "Kyiv's place is in the Alliance, and we will keep working until it gets there."
    assert second.reader.probabilities(text) == first.reader.probabilities(text)
