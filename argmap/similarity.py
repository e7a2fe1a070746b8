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
from functools import cached_property
from typing import TYPE_CHECKING, Any

from argmap.model import CUE_ALTERNATIVES, CUE_WORD, Corpus

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Cue", "CueHit", "CueIndex", "Match", "SimilarityIndex", "build_cues", "build_index"]

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


#: From this many records on, :meth:`_Space.scores` uses scipy's sparse matrices, when the
#: index is asked to score many statements (``SimilarityIndex.batch``).
SPARSE_FROM = 3000


class Terms:
    """A fitted space's vocabulary, term -> column: the terms sorted (as UTF-8 bytes, of fixed
    width) in one array beside their columns, and the few longer than ``SHORT`` bytes in a dict.

    A batch of terms is looked up with one binary search in numpy. Kept as arrays, the
    vocabulary of a 10,000-claim corpus (150,000 terms) is read from the cache as it lies;
    as a dict it took a tenth of a second to parse and build on every ``check``. Long terms
    stay out of the array, whose width is that of its longest term: one unspaced sentence
    would otherwise make every term as wide.
    """

    __slots__ = ("cols", "long", "terms")

    #: Terms up to this many bytes go in the array.
    SHORT = 64

    def __init__(self, terms: np.ndarray, cols: np.ndarray, long: dict[str, int]) -> None:
        import numpy as np

        if (
            terms.ndim != 1
            or terms.dtype.kind != "S"
            or cols.shape != terms.shape
            or cols.dtype.kind != "i"
        ):
            raise ValueError("inconsistent vocabulary arrays")
        size = len(terms) + len(long)
        every = np.concatenate([cols, np.fromiter(long.values(), dtype=np.int64)])
        if size and (
            int(every.min()) < 0
            or int(every.max()) >= size
            or not bool((np.bincount(every, minlength=size) == 1).all())
        ):
            raise ValueError("vocabulary columns are not one per term")
        if len(terms) > 1 and not bool((terms[1:] > terms[:-1]).all()):
            raise ValueError("vocabulary terms are not sorted")
        self.terms = terms
        self.cols = cols
        self.long = long

    @classmethod
    def of(cls, vocabulary: dict[str, int]) -> Terms:
        import numpy as np

        pairs, long = [], {}
        for term, col in vocabulary.items():
            raw = term.encode()
            if len(raw) > cls.SHORT or raw.endswith(b"\0"):
                long[term] = col
            else:
                pairs.append((raw, col))
        pairs.sort()
        width = max((len(t) for t, _ in pairs), default=1) or 1
        terms = np.array([t for t, _ in pairs], dtype=f"S{width}")
        return cls(
            terms, np.array([c for _, c in pairs], dtype=np.int64), dict(sorted(long.items()))
        )

    def __len__(self) -> int:
        return len(self.terms) + len(self.long)

    def columns(self, terms: list[str]) -> list[int]:
        """The column of each term, -1 where it is not in the vocabulary."""
        import numpy as np

        size = len(self.terms)
        width = self.terms.dtype.itemsize
        raw = [t.encode() for t in terms]
        # Wider than the array, or ending in NUL (which fixed-width bytes drop): looked up
        # among the long terms, never truncated into a false match.
        short = [len(b) <= width and not b.endswith(b"\0") for b in raw]
        out = [-1 if ok else self.long.get(t, -1) for t, ok in zip(terms, short, strict=True)]
        if not size or not any(short):
            return out
        query = np.array(
            [b if ok else b"" for b, ok in zip(raw, short, strict=True)], dtype=self.terms.dtype
        )
        at = np.minimum(np.searchsorted(self.terms, query), size - 1)
        hit = (self.terms[at] == query) & (query != b"")
        found = np.where(hit, self.cols[at], -1).tolist()
        return [f if ok else o for f, o, ok in zip(found, out, short, strict=True)]

    def payload(self, name: str) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        """The arrays and metadata that rebuild these terms (``name.terms`` and so on)."""
        arrays = {f"{name}.terms": self.terms, f"{name}.columns": self.cols}
        return arrays, {f"{name}.long": [[t, c] for t, c in self.long.items()]}

    @classmethod
    def from_payload(cls, name: str, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> Terms:
        long = {str(t): int(c) for t, c in meta[f"{name}.long"]}
        return cls(arrays[f"{name}.terms"], arrays[f"{name}.columns"], long)


def tfidf_vector(vocabulary: Terms, idf: np.ndarray, terms: Iterable[str]) -> dict[int, float]:
    """The L2-normalised, sublinear TF-IDF vector of a bag of terms (sparse), as
    scikit-learn's ``TfidfVectorizer(sublinear_tf=True)`` transforms it."""
    counts = Counter(terms)
    columns = vocabulary.columns(list(counts))
    weights = {
        col: (1.0 + math.log(n)) * float(idf[col])
        for col, n in zip(columns, counts.values(), strict=True)
        if col >= 0
    }
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {col: w / norm for col, w in weights.items()} if norm else {}


@dataclass
class _Space:
    """One fitted TF-IDF space: vocabulary, idf weights, and the records' matrix by column."""

    vocabulary: Terms
    idf: np.ndarray
    # The records' L2-normalised TF-IDF matrix in compressed sparse column form, so a query
    # touches only the columns of its own terms.
    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray

    def vector(self, terms: Iterable[str]) -> dict[int, float]:
        """The L2-normalised, sublinear TF-IDF vector of a bag of terms (sparse)."""
        return tfidf_vector(self.vocabulary, self.idf, terms)

    def scores(self, vec: dict[int, float], size: int, *, batch: bool = True) -> np.ndarray:
        """Cosine similarity of `vec` with every record.

        On a large corpus (SPARSE_FROM records or more), for a `batch` of statements, through
        scipy's sparse matrix: a thousand statements against 12,000 records took 1.7 s of
        gathering in numpy and take 0.4 s; importing scipy.sparse (0.1-0.2 s) costs a small
        corpus's check, or a single check on a large one, more than it saves. Both give the
        same numbers (tests/test_check_speed.py).
        """
        import numpy as np

        if not vec:
            return np.zeros(size)
        cols = np.fromiter(vec.keys(), dtype=np.int64, count=len(vec))
        weights = np.fromiter(vec.values(), dtype=np.float64, count=len(vec))
        if batch and size >= SPARSE_FROM:
            result: np.ndarray = self._matrix(size)[:, cols] @ weights
            return result
        return self.gathered(cols, weights, size)

    def _matrix(self, size: int) -> Any:
        """The records' matrix as a scipy CSC matrix, made on first use."""
        matrix = self.__dict__.get("_csc")
        if matrix is None:
            from scipy.sparse import csc_matrix

            shape = (size, len(self.indptr) - 1)
            matrix = csc_matrix((self.data, self.indices, self.indptr), shape=shape)
            self.__dict__["_csc"] = matrix
        return matrix

    def gathered(self, cols: np.ndarray, weights: np.ndarray, size: int) -> np.ndarray:
        """:meth:`scores` in numpy alone (a small corpus)."""
        import numpy as np

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
    #: Many statements will be scored (see :meth:`_Space.scores`); ``check_many`` sets it off
    #: for a few, so that a single ``check`` does not import scipy.
    batch: bool = True

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
        batch = self.batch
        word = self.words.scores(
            self.words.vector(word_terms(text, self.stop_words)), size, batch=batch
        )
        char = self.chars.scores(self.chars.vector(char_terms(text)), size, batch=batch)
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
    import numpy as np
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    ids, kinds, texts = _records(corpus)
    stop = frozenset(ENGLISH_STOP_WORDS)
    empty = _Space(
        Terms.of({}),
        np.zeros(0),
        np.zeros(0),
        np.zeros(0, dtype=np.int32),
        np.zeros(1, dtype=np.int32),
    )
    if not texts:  # nothing to match against: every score is zero
        return SimilarityIndex(ids, kinds, empty, empty, stop)
    spaces = []
    for vectorizer in (
        TfidfVectorizer(
            analyzer="word", ngram_range=_WORD_NGRAMS, sublinear_tf=True, stop_words=list(stop)
        ),
        TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=_CHAR_NGRAMS,
            sublinear_tf=True,
            # n-grams in more than half the records say nothing; with one record, keep all
            max_df=0.5 if len(texts) > 1 else 1.0,
        ),
    ):
        try:
            matrix = vectorizer.fit_transform(texts).tocsc()
        except ValueError:  # no word left once stop words go ("The end."): nothing to match
            spaces.append(empty)
            continue
        spaces.append(
            _Space(
                vocabulary=Terms.of({str(k): int(v) for k, v in vectorizer.vocabulary_.items()}),
                idf=vectorizer.idf_,
                data=matrix.data,
                indices=matrix.indices,
                indptr=matrix.indptr,
            )
        )
    return SimilarityIndex(ids, kinds, spaces[0], spaces[1], stop)


# --- Cue phrases ------------------------------------------------------------------------------
#
# Analyst-written cue phrases per proposition (``cues:`` in the corpus) are the first evidence
# of what a statement asserts. Each cue is lemmatised once, when the index is built, with
# simplemma (English, Russian, Ukrainian dictionaries; no model download). A statement's words
# are matched to cue lemmas by prefix (a word matches a lemma when it starts with the lemma
# minus its last two letters, and agrees on the first letters of the rest): inflected Russian
# and Ukrainian forms ("расширения", "розширення", "threatens") meet their lemmas without
# loading a dictionary per check, which would take seconds.
#
# A NegEx-style scope rule (Chapman et al., "A simple algorithm for identifying negated
# findings and diseases in discharge summaries", J. Biomedical Informatics 34(5), 2001,
# https://doi.org/10.1006/jbin.2001.1029) turns a matched cue into a denial: a negation
# trigger up to NEG_WINDOW words before the cue (or inside its span), with no clause break in
# between, negates it; a hedge trigger (conditionals, "unrealistic", "impossible") suppresses it.

NEG_WINDOW = 5
#: Triggers written as lemmas or words (lower case); matched exactly.
NEGATIONS = frozenset(
    {
        *("not", "no", "never", "nor", "neither", "cannot", "without", "nobody", "none"),
        *("не", "нет", "ни", "никогда", "никто", "никакой", "никакого", "никакие", "ничего"),
        *("без", "отказ", "ні", "ніколи", "ніхто", "жоден", "жодного", "жодних"),
        # NegEx's "denies" family, and the nouns "impossibility" (issue 14, second round)
        *("deny", "denies", "denied", "denying", "неможливість", "невозможность"),
    }
)
HEDGES = frozenset(
    {
        *("if", "whether", "unrealistic", "impossible", "unless", "illusionary"),
        *("если", "ли", "якщо", "чи"),
        *("allegedly", "supposedly", "якобы", "нібито", "начебто"),
    }
)
#: Words that put what follows in another's mouth: "Moscow's demand that NATO not expand",
#: "вимоги Росії щодо нерозширення НАТО", "the Kremlin's claim". Matched by prefix in the
#: ATTRIBUTION_WINDOW words before a cue in its sentence; in English only as a noun (after a
#: determiner or a possessive, or as "demanding"); never after a first-person word ("we
#: demand" is the speaker's own). Russian is left out, and so is the English verb: Russian
#: officials name their own demands in the third person ("Россия требует", "Russia demands").
ATTRIBUTION_WINDOW = 10
ATTRIBUTION = ("demand", "requirement", "proposal", "claim", "pretext", "вимог", "вимага")
_DETERMINERS = frozenset(
    {"s", "the", "its", "their", "these", "those", "such", "russian", "kremlin"}
)
FIRST_PERSON = frozenset({"we", "our", "us", "i", "ми", "наші", "наша", "наш", "нам", "нас"})
#: The Cyrillic negations that are not negative pronouns ("ни"-words): they negate on their own.
_PLAIN_NEGATIONS = frozenset({"не", "нет", "без", "отказ", "ні", "неможливість", "невозможность"})
#: A hedge trigger followed within two words by one of these is a counterfactual, not a hedge:
#: "if we were a member, the war would not have started", "если бы не ...": the speaker names
#: a cause, he does not make the claim conditional.
COUNTERFACTUAL = frozenset({"бы", "б", "were", "had"})
#: A negation directly followed by a word starting so does not negate ("pseudo-negation" in
#: NegEx): "does not object to", "not only", "не возражает", "не только", "без сомнения".
PSEUDO = ("object", "only", "doubt", "возража", "только", "сомнен", "заперечу", "лише")
#: Russian and Ukrainian may put the negated verb after its object, in the genitive of
#: negation: "угрозы ... для России не создает" ("creates no threat to Russia"). A "не"
#: within POST_WINDOW words after a cue, before any clause break, directly followed by a
#: finite verb of making or bearing (not a gerund: "..., не создавая" is another clause),
#: negates the cue too.
POST_WINDOW = 4
POST_VERBS = (
    *("создает", "создают", "создал", "представляет", "представляют", "представлял"),
    *("несет", "несут", "несл", "створює", "створюють", "створювал", "становить", "становлять"),
)
#: Relative words open another clause: "угроза, которая не создает ..." stays a threat.
_RELATIVE = ("котор", "чт", "який", "яка", "яке", "які", "що")
#: Words that end a negation's scope (NegEx "termination terms").
BREAKS = frozenset(
    {
        *("but", "however", "although", "though", "yet", "whereas"),
        *("но", "однако", "хотя", "а", "але", "проте", "однак"),
    }
)
_CUE_TOKEN = re.compile(rf"{CUE_WORD}|\d+|[.;:!?]", re.UNICODE)
#: The sentence marks ``cue_tokens`` keeps: a cue, a negation or a hedge reaches no further.
SENTENCE_ENDS = frozenset(".;:!?")
_CONTRACTIONS = (
    (re.compile(r"\bcan[’']t\b"), "can not"),
    (re.compile(r"\bwon[’']t\b"), "will not"),
    (re.compile(r"n[’']t\b"), " not"),
)


def cue_tokens(text: str) -> list[str]:
    """Lower-case words and sentence marks of `text` (contractions spelled out, ё as е)."""
    low = text.lower().replace("ё", "е")
    for pattern, repl in _CONTRACTIONS:
        low = pattern.sub(repl, low)
    return _CUE_TOKEN.findall(low)


def _is_cyrillic(word: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in word)


ANY_POLARITY = "any:"
#: A cue written ``denies: ...`` is a phrase that denies the proposition ("Russia has a veto"
#: denies "no third state has a veto"); under a negation it asserts it.
DENIES = "denies:"
#: A cue written ``affirmed: ...`` lends its proposition only when affirmed; under a negation it
#: lends nothing ("I don't accept anybody's red lines" rejects a demand, it does not deny that
#: enlargement threatens Russia).
AFFIRMED = "affirmed:"
_PREFIXES = (ANY_POLARITY, DENIES, AFFIRMED)
#: Between the alternatives of one cue word (``CUE_ALTERNATIVES``, which `validate` checks):
#: "NATO|alliance expansion|enlargement threat|danger" matches "NATO enlargement ... a threat"
#: as well as "the alliance's expansion ... a danger".
ALTERNATIVES = CUE_ALTERNATIVES


def lemmatise_cue(cue: str) -> tuple[tuple[str, ...], ...]:
    """Per word of a cue, the forms a statement's word may match: its lemma and itself
    (for a word written ``a|b|c``, those of each alternative).

    Lemmas come from simplemma (Cyrillic words as Russian, then Ukrainian; others as
    English); the word as written is kept beside its lemma, so irregular forms written in a
    cue ("has", "chose") still match.
    """
    import simplemma

    def forms(word: str) -> set[str]:
        if word in NEGATIONS or len(word) <= 3:
            return {word}  # short function words and triggers stay as written
        langs: tuple[str, ...] = ("ru", "uk") if _is_cyrillic(word) else ("en",)
        lemma = simplemma.lemmatize(word, lang=langs).lower().replace("ё", "е")
        return {_stem(lemma), _stem(word)}

    out: list[tuple[str, ...]] = []
    for prefix in _PREFIXES:
        cue = cue.removeprefix(prefix)
    for chunk in cue.split():
        if ALTERNATIVES in chunk:
            # "expansion|enlargement|расширение": one word of the cue, any of these
            words = [w for alt in chunk.split(ALTERNATIVES) for w in cue_tokens(alt)]
            out.append(
                tuple(sorted({f for w in words if w not in SENTENCE_ENDS for f in forms(w)}))
            )
            continue
        out.extend(tuple(sorted(forms(w))) for w in cue_tokens(chunk) if w not in SENTENCE_ENDS)
    return tuple(a for a in out if a)


def _stem(word: str) -> str:
    """What a statement's word must start with to match `word`: all but its last two
    letters (at least four; short words whole, and words of three letters or less exactly)."""
    return word if len(word) <= 5 else word[: max(4, len(word) - 2)]


@dataclass(frozen=True)
class Cue:
    """One cue phrase of a proposition: as written, and the stems each of its words allows.

    Its kind is read from its prefix as written: ``any_polarity`` cues (``any: ...``) lend
    the proposition whether negated or not: "sphere of influence" asserts "no spheres of
    influence" in "we recognise no sphere of influence" as much as in "a sphere of influence
    is a recipe for conflict"; see ``DENIES`` and ``AFFIRMED`` for the other two.
    """

    proposition: str
    text: str
    stems: tuple[tuple[str, ...], ...]

    @property
    def any_polarity(self) -> bool:
        return self.text.startswith(ANY_POLARITY)

    @property
    def denies(self) -> bool:
        return self.text.startswith(DENIES)

    @property
    def affirmed(self) -> bool:
        return self.text.startswith(AFFIRMED)

    @cached_property
    def own(self) -> frozenset[str]:
        """Every stem of the cue's words: a negation among them is part of what it says."""
        return frozenset(st for alts in self.stems for st in alts)

    @cached_property
    def tight(self) -> bool:
        """The cue holds its own negation ("not enlarge"), so it is read tight and in order."""
        return not self.own.isdisjoint(NEGATIONS)


@dataclass(frozen=True)
class CueHit:
    """A cue found in a statement, and whether a negation or a hedge governs it."""

    cue: Cue
    negated: bool
    hedged: bool
    words: str  # the statement's words that matched, for the explanation
    span: tuple[int, int] = (0, 0)
    #: The cue sits in a demand or claim the speaker attributes to another ("Russia's demands
    #: to stop NATO expansion"): the speaker reports it, he does not make it.
    attributed: bool = False


@dataclass
class CueIndex:
    """Every cue of a corpus, looked up by the first letters of the words they need."""

    cues: list[Cue]
    # first three letters of a stem -> stems starting so, so each word costs one lookup
    by_head: dict[str, list[str]]

    @property
    def _by_stem(self) -> dict[str, list[int]]:
        """Which cues (by position) use each stem: a statement only tries cues it touches."""
        table = self.__dict__.get("_stem_table")
        if table is None:
            table = {}
            for n, cue in enumerate(self.cues):
                for alts in cue.stems:
                    for stem in alts:
                        table.setdefault(stem, []).append(n)
            self.__dict__["_stem_table"] = table
        return table

    def find(self, text: str) -> list[CueHit]:
        """Every cue whose words all occur in one sentence of `text`: in the cue's order a
        few words apart, or side by side in any order."""
        tokens = cue_tokens(text)
        where: dict[str, list[int]] = {}
        for i, tok in enumerate(tokens):
            for stem in self.by_head.get(tok[:3], ()):
                if (tok == stem) if len(stem) <= 3 else tok.startswith(stem):
                    where.setdefault(stem, []).append(i)
        if not where:
            return []
        sentence = [0] * len(tokens)
        s = 0
        for i, tok in enumerate(tokens):
            sentence[i] = s
            if tok in SENTENCE_ENDS:
                s += 1
        hits = []
        candidates: set[int] = set()
        for stem in where:
            candidates.update(self._by_stem.get(stem, ()))
        for n in sorted(candidates):
            cue = self.cues[n]
            places = []
            for alts in cue.stems:
                found = sorted({p for st in alts for p in where.get(st, ())})
                if not found:
                    break
                places.append(found)
            else:
                # A cue's words are looked for in its order first, a few words apart; in any
                # order only side by side (free word order: "безопасность ... неделимая" needs a
                # cue of its own). Scrambled wide windows read "we are willing ... NATO" as
                # "we will be in NATO". A cue that holds its own negation ("not enlarge") is
                # read tight: in "никогда не обещало не принимать" its "не" is the second one.
                k = len(places)
                span = self._span(places, sentence, k + 1 if cue.tight else None, ordered=True)
                span = span or self._span(places, sentence, k + 1)
                if span is not None:
                    hits.append(self._hit(cue, tokens, span))
        return hits

    @staticmethod
    def _hit(cue: Cue, tokens: list[str], span: tuple[int, int]) -> CueHit:
        lo, hi = span
        own = cue.own
        # Russian and Ukrainian negation is concordant: in "никакого расширения не будет" or
        # "никогда не станет" the second negation word repeats the first, it does not cancel it;
        # inside a cue that holds its own "не" the others are part of what the cue says.
        concord = bool(own & NEGATIONS)
        negated = hedged = attributed = False
        for j in range(hi, max(-1, lo - NEG_WINDOW - 1), -1):
            tok = tokens[j]
            if j < lo and (tok in BREAKS or tok in SENTENCE_ENDS):
                break
            pseudo = j + 1 < len(tokens) and tokens[j + 1].startswith(PSEUDO)
            # a cue's own "не" is part of what it says only inside its span: in "НАТО никогда
            # не обещало не принимать новых членов" the "не" just before the cue negates it
            if tok in NEGATIONS and (tok not in own or j == lo - 1) and not pseudo:
                pronoun = tok not in _PLAIN_NEGATIONS and _is_cyrillic(tok)
                if j < lo:
                    # a negative pronoun just before a cue that holds its own "не" is concord too
                    negated = negated or not (concord and pronoun)
                elif pronoun:
                    negated = negated or not concord
                else:
                    negated = not negated
            if tok in HEDGES and not COUNTERFACTUAL.intersection(tokens[j + 1 : j + 3]):
                hedged = True
        for j in range(lo - 1, max(-1, lo - ATTRIBUTION_WINDOW - 1), -1):
            tok = tokens[j]
            if tok in SENTENCE_ENDS:
                break
            before = tokens[max(0, j - 2) : j]
            if tok.startswith(ATTRIBUTION) and not FIRST_PERSON.intersection(before):
                # English: the noun ("Moscow's demands", "the demand", "demanding ..."), not
                # the verb of a speaker who may be Russia itself ("Russia demands ...").
                noun = tok.endswith("ing") or (before and before[-1] in _DETERMINERS)
                attributed = attributed or _is_cyrillic(tok) or bool(noun)
        for j in range(hi + 1, min(len(tokens) - 1, hi + POST_WINDOW + 1)):
            tok = tokens[j]
            if tok in BREAKS or tok in SENTENCE_ENDS or tok.startswith(_RELATIVE):
                break
            if tok == "не" and tokens[j + 1].startswith(POST_VERBS):
                negated = not negated
                break
        if cue.any_polarity:
            negated = False
        return CueHit(cue, negated, hedged, " ".join(tokens[lo : hi + 1]), span, attributed)

    @staticmethod
    def _span(
        places: list[list[int]],
        sentence: list[int],
        widest: int | None = None,
        *,
        ordered: bool = False,
    ) -> tuple[int, int] | None:
        """The tightest window holding one match of every word, within one sentence (its
        width at most `widest`, by default twice the cue's words plus two); `ordered`, only
        with the words in the cue's order."""
        k = len(places)
        limit = 2 * k + 2 if widest is None else widest
        best: tuple[int, int] | None = None
        for anchor in places[0]:
            lo = hi = anchor
            for found in places[1:]:
                same = [p for p in found if sentence[p] == sentence[anchor]]
                if ordered:
                    same = [p for p in same if p > hi]
                if not same:
                    break
                p = min(same, key=lambda q: abs(q - (hi if ordered else anchor)))
                lo, hi = min(lo, p), max(hi, p)
            else:
                if hi - lo <= limit and (best is None or hi - lo < best[1] - best[0]):
                    best = (lo, hi)
        return best


def build_cues(corpus: Corpus) -> CueIndex:
    """Lemmatise every proposition's cues once (see the section comment above)."""
    cues: list[Cue] = []
    for ident in sorted(corpus.propositions):
        for text in corpus.propositions[ident].cues:
            stems = lemmatise_cue(text)
            if stems:
                cues.append(Cue(ident, text, stems))
    by_head: dict[str, list[str]] = {}
    for cue in cues:
        for alts in cue.stems:
            for stem in alts:
                bucket = by_head.setdefault(stem[:3], [])
                if stem not in bucket:
                    bucket.append(stem)
    return CueIndex(cues, by_head)


# --- Serialisation for the on-disk cache (argmap.check) ----------------------------------------
# Plain arrays and JSON only: nothing read back can run code.


def index_payload(
    index: SimilarityIndex, cues: CueIndex
) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """The arrays and the JSON-able metadata that rebuild `index` and `cues`."""
    arrays = {}
    meta: dict[str, Any] = {
        "ids": index.ids,
        "kinds": index.kinds,
        "stop_words": sorted(index.stop_words),
        "cues": [[c.proposition, c.text, [list(a) for a in c.stems]] for c in cues.cues],
        "by_head": cues.by_head,
    }
    for name, space in (("words", index.words), ("chars", index.chars)):
        more_arrays, more_meta = space.vocabulary.payload(name)
        arrays.update(more_arrays)
        meta.update(more_meta)
        for part in ("idf", "data", "indices", "indptr"):
            arrays[f"{name}.{part}"] = getattr(space, part)
    return arrays, meta


def typed_array(
    arrays: dict[str, np.ndarray], name: str, kind: str, length: int | None = None
) -> np.ndarray:
    """A cached array, refused (ValueError) unless one-dimensional, of the numpy kind
    ("f" float, "i" integer) and, if given, the length the rest of the payload implies: a
    planted or damaged cache must mean a rebuild, never an error in the middle of a check
    (nor a NaN that no threshold rejects)."""
    import numpy as np

    arr = arrays[name]
    if arr.ndim != 1 or arr.dtype.kind != kind or (length is not None and len(arr) != length):
        raise ValueError(f"bad cached array {name}")
    if kind == "f" and not bool(np.isfinite(arr).all()):
        raise ValueError(f"non-finite values in cached array {name}")
    return arr


def index_from_payload(
    arrays: dict[str, np.ndarray], meta: dict[str, Any]
) -> tuple[SimilarityIndex, CueIndex]:
    """Inverse of :func:`index_payload` (KeyError/TypeError/ValueError on a bad payload)."""
    ids = [str(x) for x in meta["ids"]]
    kinds = [str(x) for x in meta["kinds"]]
    if len(ids) != len(kinds):
        raise ValueError("inconsistent index payload")
    spaces = []
    for name in ("words", "chars"):
        vocabulary = Terms.from_payload(name, arrays, meta)
        idf = typed_array(arrays, f"{name}.idf", "f", len(vocabulary))
        data = typed_array(arrays, f"{name}.data", "f")
        indices = typed_array(arrays, f"{name}.indices", "i", len(data))
        indptr = typed_array(arrays, f"{name}.indptr", "i", len(vocabulary) + 1)
        if (
            int(indptr[0]) != 0
            or int(indptr[-1]) != len(data)
            or bool((indptr[1:] < indptr[:-1]).any())
            or (len(indices) and (int(indices.min()) < 0 or int(indices.max()) >= len(ids)))
        ):
            raise ValueError("inconsistent index payload")
        spaces.append(_Space(vocabulary, idf, data, indices, indptr))
    index = SimilarityIndex(ids, kinds, spaces[0], spaces[1], frozenset(meta["stop_words"]))
    cues = CueIndex(
        [
            Cue(str(p), str(t), tuple(tuple(str(x) for x in a) for a in st))
            for p, t, st in meta["cues"]
        ],
        {str(k): [str(x) for x in v] for k, v in meta["by_head"].items()},
    )
    return index, cues
