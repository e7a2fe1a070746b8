"""check's reader: what a statement asserts, learnt from the corpus's examples.

Cue phrases (argmap.similarity) read the wordings an analyst thought of; the reader reads the
rest. It is one logistic-regression classifier per literal over TF-IDF features, the standard
baseline of text classification (Wang & Manning, "Baselines and Bigrams: Simple, Good
Sentiment and Topic Classification", ACL 2012, https://aclanthology.org/P12-2018): character
3–5-grams within word boundaries, which survive inflection and carry across English, Russian
and Ukrainian, and word uni- and bigrams of the text with the words after a negation marked
(``NEG_``), as Das & Chen ("Yahoo! for Amazon", 2001) and Pang et al. ("Thumbs up?", EMNLP
2002, https://aclanthology.org/W02-1011) mark them, so that "not a threat" and "a threat" are
different features.

It is trained on the corpus's ``examples:`` (sentences written to show how the dispute is
worded, each with the literals it asserts and denies) and on its claims and commitments, when
``check``'s cache is built, with scikit-learn; a statement is read here with numpy alone.
A corpus without examples has no reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from argmap.logic import Literal, literals_of
from argmap.model import Claim, Commitment, Corpus, Example
from argmap.similarity import (
    NEGATIONS,
    SENTENCE_ENDS,
    Terms,
    char_terms,
    cue_tokens,
    tfidf_vector,
    typed_array,
    word_terms,
)

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Reader", "build_reader", "negation_marked"]

#: A literal needs this many examples (or claims, or commitments) that hold it to be learnt.
MIN_EXAMPLES = 4
#: Inverse regularisation strength of each classifier.
C = 4.0
#: A term must occur in this many training texts to be a feature (characters, words): rarer
#: ones only fit the training texts.
MIN_DF = (2, 2)
#: A text of fewer words is not read: its few features would carry the whole weight of its
#: normalised vector ("Ukraine" alone read as five propositions at up to 0.90).
MIN_WORDS = 5
#: Words after a negation that it marks, up to a sentence mark.
NEGATION_REACH = 3


def negation_marked(text: str) -> str:
    """The words of `text`, those within ``NEGATION_REACH`` after a negation prefixed
    ``NEG_`` ("NATO is not a threat" -> "nato is not neg_a neg_threat")."""
    return _marked(cue_tokens(text))


def _marked(tokens: list[str]) -> str:
    """:func:`negation_marked` of a text's tokens (``cue_tokens``)."""
    out: list[str] = []
    reach = 0
    for token in tokens:
        if token in SENTENCE_ENDS:
            reach = 0
            continue
        if token in NEGATIONS:
            out.append(token)
            reach = NEGATION_REACH
            continue
        out.append(f"neg_{token}" if reach else token)
        reach = max(0, reach - 1)
    return " ".join(out)


@dataclass
class _Features:
    """One fitted TF-IDF space and each literal's weight for each of its terms."""

    vocabulary: Terms
    idf: np.ndarray
    weights: np.ndarray  # (terms, literals)

    def add_to(self, logits: np.ndarray, terms: list[str]) -> None:
        import numpy as np

        vector = tfidf_vector(self.vocabulary, self.idf, terms)
        if vector:
            cols = np.fromiter(vector.keys(), dtype=np.int64, count=len(vector))
            values = np.fromiter(vector.values(), dtype=np.float64, count=len(vector))
            logits += values @ self.weights[cols]


@dataclass
class Reader:
    """Per literal, the probability that a text holds it."""

    literals: list[Literal]
    chars: _Features
    words: _Features
    intercepts: np.ndarray
    trained_on: int  # texts

    def probabilities(self, text: str) -> list[tuple[Literal, float]]:
        """Each literal and its probability, most likely first (ties by literal); nothing
        for a text of fewer than ``MIN_WORDS`` words."""
        import numpy as np

        tokens = cue_tokens(text)
        if sum(token not in SENTENCE_ENDS for token in tokens) < MIN_WORDS:
            return []
        logits = self.intercepts.copy()
        self.chars.add_to(logits, char_terms(text))
        self.words.add_to(logits, word_terms(_marked(tokens), frozenset()))
        probs = 1.0 / (1.0 + np.exp(-logits))
        return sorted(
            ((lit, float(p)) for lit, p in zip(self.literals, probs, strict=True)),
            key=lambda lp: (-lp[1], lp[0]),
        )


def training_set(corpus: Corpus) -> tuple[list[str], list[set[Literal]]]:
    """The texts the reader learns from and the literals each holds as written: the examples,
    then the commitments and claims."""
    texts, labels = [], []
    nodes: list[Example | Commitment | Claim] = [
        *corpus.examples,
        *corpus.commitments.values(),
        *corpus.claims.values(),
    ]
    for node in nodes:
        texts.append(node.text)
        labels.append(set(literals_of(node.asserts, node.denies)))
    return texts, labels


def build_reader(corpus: Corpus) -> Reader | None:
    """Train the reader on `corpus` (None without examples, or with no literal to learn)."""
    if not corpus.examples:
        return None
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts, labels = training_set(corpus)
    counts: dict[Literal, int] = {}
    for held in labels:
        for lit in held:
            counts[lit] = counts.get(lit, 0) + 1
    literals = sorted(lit for lit, n in counts.items() if MIN_EXAMPLES <= n < len(texts))
    if not literals:
        return None
    spaces = []
    for vectorizer, docs in (
        (
            TfidfVectorizer(
                analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=MIN_DF[0]
            ),
            texts,
        ),
        (
            TfidfVectorizer(
                analyzer="word", ngram_range=(1, 2), sublinear_tf=True, min_df=MIN_DF[1]
            ),
            [negation_marked(t) for t in texts],
        ),
    ):
        spaces.append((vectorizer, vectorizer.fit_transform(docs)))
    from scipy.sparse import hstack

    matrix = hstack([m for _, m in spaces]).tocsr()
    split = spaces[0][1].shape[1]
    weights = np.zeros((matrix.shape[1], len(literals)))
    intercepts = np.zeros(len(literals))
    for j, lit in enumerate(literals):
        # The dual problem: fewer texts than features, where liblinear's dual solver is the
        # fast one (0.1 s a literal against 2-3 s for the primal on data/).
        model = LogisticRegression(
            C=C,
            class_weight="balanced",
            solver="liblinear",
            dual=True,
            random_state=0,
            max_iter=1000,
        )
        model.fit(matrix, np.array([lit in held for held in labels]))
        weights[:, j] = model.coef_[0]
        intercepts[j] = model.intercept_[0]
    features = []
    for (vectorizer, _), rows in zip(spaces, (weights[:split], weights[split:]), strict=True):
        vocabulary = {str(k): int(v) for k, v in vectorizer.vocabulary_.items()}
        features.append(
            # float32 weights: half the cache to read on every check, and the same reading
            _Features(Terms.of(vocabulary), vectorizer.idf_, rows.astype(np.float32))
        )
    return Reader(literals, features[0], features[1], intercepts, len(texts))


# --- Serialisation for the on-disk cache (argmap.check): arrays and JSON only ---------------


def reader_payload(reader: Reader | None) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """The arrays and metadata that rebuild `reader` (nothing for no reader)."""
    if reader is None:
        return {}, {"reader": False}
    arrays = {"reader.intercepts": reader.intercepts}
    meta: dict[str, Any] = {
        "reader": True,
        "reader.literals": [[p, pos] for p, pos in reader.literals],
        "reader.trained_on": reader.trained_on,
    }
    for name, f in (("chars", reader.chars), ("words", reader.words)):
        more_arrays, more_meta = f.vocabulary.payload(f"reader.{name}")
        arrays.update(more_arrays)
        meta.update(more_meta)
        arrays[f"reader.{name}.idf"] = f.idf
        arrays[f"reader.{name}.weights"] = f.weights.reshape(-1)
    return arrays, meta


def reader_from_payload(
    arrays: dict[str, np.ndarray], meta: dict[str, Any], corpus: Corpus
) -> Reader | None:
    """Inverse of :func:`reader_payload` (ValueError/KeyError/TypeError on a bad payload,
    including literals that are not the corpus's, unsorted or repeated)."""
    if meta["reader"] is False:
        return None
    literals: list[Literal] = []
    for entry in meta["reader.literals"]:
        prop, positive = entry
        if not isinstance(prop, str) or not isinstance(positive, bool):
            raise ValueError("bad reader literal")
        literals.append((prop, positive))
    if literals != sorted(set(literals)) or any(p not in corpus.propositions for p, _ in literals):
        raise ValueError("reader literals do not match the corpus")
    features = []
    for name in ("chars", "words"):
        vocabulary = Terms.from_payload(f"reader.{name}", arrays, meta)
        idf = typed_array(arrays, f"reader.{name}.idf", "f", len(vocabulary))
        weights = typed_array(
            arrays, f"reader.{name}.weights", "f", len(vocabulary) * len(literals)
        ).reshape(len(vocabulary), len(literals))
        features.append(_Features(vocabulary, idf, weights))
    intercepts = typed_array(arrays, "reader.intercepts", "f", len(literals))
    return Reader(literals, features[0], features[1], intercepts, int(meta["reader.trained_on"]))
