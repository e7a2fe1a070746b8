"""The sparse-matrix path of similarity scores gives the numbers the numpy path gives.

A large corpus scores statements through scipy (argmap.similarity.SPARSE_FROM); a small one
in numpy alone, to spare a single check the import. A ranking must not depend on which.
"""

from __future__ import annotations

import numpy as np

from argmap.check import load_checker
from argmap.similarity import char_terms, word_terms
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
