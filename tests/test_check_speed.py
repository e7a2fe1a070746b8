"""The sparse-matrix path of similarity scores gives the numbers the numpy path gives.

A large corpus scores statements through scipy (argmap.similarity.SPARSE_FROM); a small one
in numpy alone, to spare a single check the import. A ranking must not depend on which.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from argmap.check import BATCH_FROM, CheckResult, Statement, check_many, load_checker
from argmap.similarity import SPARSE_FROM, char_terms, word_terms
from tests.conftest import ROOT

TEXTS = [
    "NATO expansion to the east threatens Russia's security",
    "Каждое государство вправе выбирать союзы",
    "Each state chooses its alliances; no sphere of influence.",
    "borders inviolable territorial integrity Ukraine",
    "zzz qqq",
]


def test_sparse_and_numpy_scores_are_equal() -> None:
    index = load_checker([ROOT / "data"], use_cache=False).index
    size = len(index.ids)
    for space, terms in (
        (index.words, lambda t: word_terms(t, index.stop_words)),
        (index.chars, char_terms),
    ):
        for text in TEXTS:
            vec = space.vector(terms(text))
            if not vec:
                continue
            cols = np.fromiter(vec.keys(), dtype=np.int64, count=len(vec))
            weights = np.fromiter(vec.values(), dtype=np.float64, count=len(vec))
            sparse = space._matrix(size)[:, cols] @ weights
            assert np.allclose(sparse, space.gathered(cols, weights, size), rtol=0, atol=1e-12)
            assert list(np.argsort(-sparse, kind="stable")[:10]) == list(
                np.argsort(-space.gathered(cols, weights, size), kind="stable")[:10]
            )


def test_a_statement_checked_alone_reads_as_in_a_batch(tmp_path: Path) -> None:
    """`check "..."` scores in numpy and `check --file` through scipy on a large corpus
    (argmap.check.BATCH_FROM): the same statement must come out the same either way."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate, topic_words
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    corpus = generate(tmp_path, claims=3000, commitments=200, propositions=20, seed=3)
    checker = load_checker([corpus], use_cache=False)
    assert len(checker.index.ids) >= SPARSE_FROM
    topics = list(topic_words().values())[:20]
    statements = [
        Statement(text=f"We hold that {topic} is right.", speaker="state01-fm") for topic in topics
    ]
    statements *= -(-BATCH_FROM // len(statements))

    def render(result: CheckResult) -> str:
        return json.dumps(result.to_dict(explain=True), sort_keys=True)

    batch = check_many(checker, statements, render, workers=1)
    assert checker.index.batch
    alone = [check_many(checker, [st], render, workers=1)[0] for st in statements[:20]]
    assert not checker.index.batch
    assert alone == batch[:20]
    assert any('"matches": [{' in text for text in alone)  # the scores were read
