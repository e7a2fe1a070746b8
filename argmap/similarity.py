"""Rank a corpus's propositions, claims and commitments by textual similarity to a statement.

Consumes a Corpus; produces a :class:`SimilarityIndex` that scores any text against every
record. The representation is TF-IDF over word uni- and bigrams and over character 3–5-grams
within word boundaries (which survive inflection and translation variants: "enlargement",
"enlarge"), each L2-normalised with sublinear term frequency; a record's score is the mean of
the two cosine similarities (Salton & Buckley, "Term-weighting approaches in automatic text
retrieval", Information Processing & Management 24(5), 1988,
https://doi.org/10.1016/0306-4573(88)90021-0).

The index is *fitted* with scikit-learn's ``TfidfVectorizer``. Queries are transformed here,
with numpy only, by the same analyzers (a test checks the vectors against scikit-learn's):
importing scikit-learn takes about a second, longer than a monitor's whole check should.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from argmap.model import Corpus

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Match", "SimilarityIndex", "build_index"]

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_SPACES = re.compile(r"\s\s+")
_WORD_NGRAMS = (1, 2)
_CHAR_NGRAMS = (3, 5)


@dataclass(frozen=True)
class Match:
    """A record of the corpus and how similar it is to the statement (0 to 1)."""

    id: str
    kind: str  # "proposition" | "claim" | "commitment"
    score: float


def word_terms(text: str, stop_words: frozenset[str]) -> list[str]:
    """Word uni- and bigrams, as scikit-learn's ``analyzer="word"`` builds them."""
    tokens = [t for t in _TOKEN.findall(text.lower()) if t not in stop_words]
    terms = list(tokens)
    terms.extend(" ".join(tokens[i : i + 2]) for i in range(len(tokens) - 1))
    return terms


def char_terms(text: str) -> list[str]:
    """Character 3–5-grams inside word boundaries, as ``analyzer="char_wb"`` builds them."""
    text = _SPACES.sub(" ", text.lower())
    lo, hi = _CHAR_NGRAMS
    out: list[str] = []
    for word in text.split():
        w = f" {word} "
        size = len(w)
        for n in range(lo, hi + 1):
            offset = 0
            out.append(w[offset : offset + n])
            while offset + n < size:
                offset += 1
                out.append(w[offset : offset + n])
            if offset == 0:  # a word shorter than n is counted once
                break
    return out


@dataclass
class _Space:
    """One fitted TF-IDF space: vocabulary, idf weights, and the records' matrix by column."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    # The records' L2-normalised TF-IDF matrix in compressed sparse column form, so a query
    # touches only the columns of its own terms.
    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray

    def vector(self, terms: Iterable[str]) -> dict[int, float]:
        """The L2-normalised, sublinear TF-IDF vector of a bag of terms (sparse)."""
        counts = Counter(self.vocabulary[t] for t in terms if t in self.vocabulary)
        weights = {col: (1.0 + math.log(n)) * float(self.idf[col]) for col, n in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        return {col: w / norm for col, w in weights.items()} if norm else {}

    def scores(self, vec: dict[int, float], size: int) -> np.ndarray:
        """Cosine similarity of `vec` with every record."""
        import numpy as np

        if not vec:
            return np.zeros(size)
        cols = np.fromiter(vec.keys(), dtype=np.int64, count=len(vec))
        weights = np.fromiter(vec.values(), dtype=np.float64, count=len(vec))
        starts = self.indptr[cols]
        lengths = self.indptr[cols + 1] - starts
        # Gather the query's columns in one go (ragged ranges, vectorised), then add them up
        # per record with bincount: a Python loop over columns cost more than the rest.
        offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
        positions = offsets + np.arange(int(lengths.sum()))
        values = self.data[positions] * np.repeat(weights, lengths)
        result: np.ndarray = np.bincount(self.indices[positions], weights=values, minlength=size)
        return result


@dataclass
class SimilarityIndex:
    """Scores a text against every proposition, claim and commitment of a corpus."""

    ids: list[str]
    kinds: list[str]
    words: _Space
    chars: _Space
    stop_words: frozenset[str]

    def rank(self, text: str, *, limit: int = 10, kinds: Iterable[str] = ()) -> list[Match]:
        """The best-scoring records (optionally of some kinds), best first, ties by id."""
        import numpy as np

        scores = self.scores(text)
        wanted = set(kinds)
        if wanted:
            scores = np.where(np.isin(self._kinds_array, list(wanted)), scores, 0.0)
        # Partition first: sorting all records in Python for ten matches costs milliseconds.
        cut = min(len(scores), limit)
        if cut == 0:
            return []
        floor = scores[np.argpartition(-scores, cut - 1)[cut - 1]]
        # Every record at or above the limit-th score, so ties are broken by id, not by
        # where the partition happened to put them.
        top = np.nonzero((scores >= floor) & (scores > 0))[0]
        order = sorted((int(i) for i in top), key=lambda i: (-scores[i], self.ids[i]))
        return [
            Match(self.ids[i], self.kinds[i], round(float(scores[i]), 4)) for i in order[:limit]
        ]

    @property
    def _kinds_array(self) -> np.ndarray:
        import numpy as np

        return np.array(self.kinds)

    def scores(self, text: str) -> np.ndarray:
        """The similarity of `text` to every record, in ``ids`` order."""
        size = len(self.ids)
        word = self.words.scores(self.words.vector(word_terms(text, self.stop_words)), size)
        char = self.chars.scores(self.chars.vector(char_terms(text)), size)
        result: np.ndarray = (word + char) / 2.0
        return result


def _records(corpus: Corpus) -> tuple[list[str], list[str], list[str]]:
    ids, kinds, texts = [], [], []
    for kind, table in (
        ("proposition", corpus.propositions),
        ("claim", corpus.claims),
        ("commitment", corpus.commitments),
    ):
        for ident in sorted(table):
            record: Any = table[ident]
            ids.append(ident)
            kinds.append(kind)
            texts.append(record.text)
    return ids, kinds, texts


def build_index(corpus: Corpus) -> SimilarityIndex:
    """Fit the index on every proposition, claim and commitment text of `corpus`."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    ids, kinds, texts = _records(corpus)
    stop = frozenset(ENGLISH_STOP_WORDS)
    if not texts:  # nothing to match against: every score is zero
        import numpy as np

        empty = _Space(
            {}, np.zeros(0), np.zeros(0), np.zeros(0, dtype=np.int32), np.zeros(1, dtype=np.int32)
        )
        return SimilarityIndex(ids, kinds, empty, empty, stop)
    spaces = []
    for vectorizer in (
        TfidfVectorizer(
            analyzer="word", ngram_range=_WORD_NGRAMS, sublinear_tf=True, stop_words=list(stop)
        ),
        TfidfVectorizer(
            analyzer="char_wb", ngram_range=_CHAR_NGRAMS, sublinear_tf=True, max_df=0.5
        ),
    ):
        matrix = vectorizer.fit_transform(texts or [""]).tocsc()
        spaces.append(
            _Space(
                vocabulary={str(k): int(v) for k, v in vectorizer.vocabulary_.items()},
                idf=vectorizer.idf_,
                data=matrix.data,
                indices=matrix.indices,
                indptr=matrix.indptr,
            )
        )
    return SimilarityIndex(ids, kinds, spaces[0], spaces[1], stop)
