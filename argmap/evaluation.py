"""Measure how well ``check`` infers what a statement asserts and denies.

Consumes a Checker and labelled statements (text, speaker, expected literals); produces
precision, recall and F1. All compare through the corpus logic: an inferred literal is correct
when the expected literals entail it, an expected literal is found when the inferred ones
entail it, so inferring "ban on enlargement" for a statement labelled "ban on enlargement"
or for one labelled with a literal that implies it is not counted as a miss.

The real evaluation set (``tests/fixtures/check/real.yaml``) records the digest of the
vocabulary it was labelled with (:func:`vocabulary_digest`) and a fixed development/test
split; ``argmap evaluate-check`` prints the figures of both inference methods on one split.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from argmap.check import CUE_SCORE, STRONG, Checker
from argmap.errors import ArgmapError
from argmap.logic import Literal, Logic, literals_of
from argmap.model import Corpus

__all__ = [
    "METHODS",
    "EvalSet",
    "Labelled",
    "Score",
    "read_eval_set",
    "read_readings",
    "score_evidence",
    "score_inference",
    "score_predictions",
    "vocabulary_digest",
]

#: "similarity": the closest records' literals (the method before issue 14);
#: "cues": analyst cue phrases with a negation scope rule, then the closest records;
#: "reader": the cues, then the reader trained on the corpus's examples (``check --reader``).
METHODS = ("similarity", "cues", "reader")


@dataclass(frozen=True)
class Labelled:
    """A statement with the literals an analyst reads in it."""

    text: str
    speaker: str | None
    expect: tuple[Literal, ...]
    id: str = ""
    lang: str = "en"
    original: bool = False
    kind: str = ""
    split: str = ""


@dataclass(frozen=True)
class EvalSet:
    """A labelled set, with the digest of the vocabulary it was labelled with."""

    vocabulary: str
    items: tuple[Labelled, ...]


@dataclass(frozen=True)
class Score:
    """Micro-averaged precision and recall over a labelled set."""

    precision: float
    recall: float
    predicted: int
    expected: int
    per_statement: tuple[tuple[str, tuple[Literal, ...], tuple[Literal, ...]], ...]
    n: int = 0
    #: Statements labelled empty that got no literal, over all statements labelled empty.
    empty_kept: float = 1.0
    #: Recall on the Russian-language originals alone (1.0 when there are none).
    russian_recall: float = 1.0
    russian_n: int = 0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        """The figures, rounded as the README prints them."""
        return {
            "n": self.n,
            "precision": round(self.precision, 2),
            "recall": round(self.recall, 2),
            "f1": round(self.f1, 2),
            "off_topic_empty": round(self.empty_kept, 2),
            "russian_n": self.russian_n,
            "russian_recall": round(self.russian_recall, 2),
        }


def vocabulary_digest(corpus: Corpus) -> str:
    """A short hash of the propositions' ids, texts and logic (not their cues).

    Labels are written in this vocabulary; when it changes, the labels must be reviewed.
    """
    rows = sorted(
        [p.id, " ".join(p.text.split()), sorted(p.implies), sorted(p.excludes)]
        for p in corpus.propositions.values()
    )
    blob = json.dumps(rows, ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def _literals(raw: Any, where: str) -> tuple[Literal, ...]:
    if not isinstance(raw, list) or not all(
        isinstance(e, str) and e[:1] in "+-" and len(e) > 1 for e in raw
    ):
        raise ArgmapError(f"{where}: expect: a list of '+proposition' or '-proposition'")
    return tuple((e[1:], e[0] == "+") for e in raw)


def read_eval_set(path: Path) -> EvalSet:
    """A labelled set: the real set's mapping (vocabulary, statements) or a bare list."""
    import yaml

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise ArgmapError(f"{path}: cannot read a labelled set: {err}") from None
    vocabulary = ""
    if isinstance(raw, dict):
        vocabulary = str((raw.get("vocabulary") or {}).get("digest", ""))
        raw = raw.get("statements")
    if not isinstance(raw, list):
        raise ArgmapError(f"{path}: a labelled set is a list of statements")
    items = []
    for i, d in enumerate(raw, start=1):
        if not isinstance(d, dict) or not isinstance(d.get("text"), str):
            raise ArgmapError(f"{path}: statement {i}: needs a text")
        items.append(
            Labelled(
                text=d["text"],
                speaker=d.get("speaker"),
                expect=_literals(d.get("expect", []), f"{path}: statement {i}"),
                id=str(d.get("id", i)),
                lang=str(d.get("lang", "en")),
                original=bool(d.get("original", False)),
                kind=str(d.get("kind", "")),
                split=str(d.get("split", "")),
            )
        )
    return EvalSet(vocabulary, tuple(items))


def read_readings(path: Path, vocabulary: str = "") -> dict[str, tuple[Literal, ...]]:
    """A second reading of a labelled set: statement id -> the literals its reader read
    (refused when it was read with another `vocabulary` than the one given)."""
    import yaml

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise ArgmapError(f"{path}: cannot read a second reading: {err}") from None
    entries = raw.get("statements") if isinstance(raw, dict) else None
    if not isinstance(entries, list) or not all(isinstance(d, dict) for d in entries):
        raise ArgmapError(f"{path}: a second reading has a list of statements")
    about = raw.get("vocabulary") or {}
    if not isinstance(about, dict):
        raise ArgmapError(f"{path}: vocabulary: a mapping with the digest, e.g. {{digest: ...}}")
    digest = str(about.get("digest", ""))
    if vocabulary and digest != vocabulary:
        raise ArgmapError(
            f"{path}: read with vocabulary {digest or '(none)'}, the corpus has {vocabulary}; "
            "read the set again for the new vocabulary"
        )
    read: dict[str, tuple[Literal, ...]] = {}
    for i, d in enumerate(entries, start=1):
        ident = str(d.get("id", i))  # numbered as read_eval_set numbers a bare list
        if ident in read:
            raise ArgmapError(f"{path}: statement {ident} is read twice")
        read[ident] = _literals(d.get("expect", []), f"{path}: statement {ident}")
    return read


def predict(checker: Checker, text: str, method: str = "cues") -> tuple[Literal, ...]:
    """The literals `method` infers for `text` (no speaker needed: inference reads text)."""
    if method not in METHODS:
        raise ArgmapError(f"unknown inference method '{method}'; one of {', '.join(METHODS)}")
    if method == "similarity":
        inference = checker.infer(checker.matches(text))
    else:
        inference = checker.infer_text(text, read=method == "reader")
    return tuple(literals_of(inference.asserts, inference.denies))


def score_inference(
    checker: Checker, items: Sequence[Labelled], on: date | None = None, method: str = "cues"
) -> Score:
    """Run inference on every item and score it against its labels.

    `on` is kept for callers that check the statements as claims of that date; inference
    itself does not depend on the date or the speaker.
    """
    del on
    predictions = [predict(checker, item.text, method) for item in items]
    return score_predictions(checker.base.logic, items, predictions)


def score_predictions(
    logic: Logic, items: Sequence[Labelled], predictions: Sequence[tuple[Literal, ...]]
) -> Score:
    """Score literals read in each item (by ``check``, or by a second reader) against its
    labels, through the corpus logic."""
    correct_p = correct_r = n_pred = n_exp = 0
    ru_found = ru_exp = ru_n = 0
    empty = empty_kept = 0
    rows = []
    for item, pred in zip(items, predictions, strict=True):
        entailed_by_exp = logic.closure_of(item.expect)
        entailed_by_pred = logic.closure_of(pred)
        found = sum(1 for lit in item.expect if lit in entailed_by_pred)
        correct_p += sum(1 for lit in pred if lit in entailed_by_exp)
        correct_r += found
        n_pred += len(pred)
        n_exp += len(item.expect)
        if not item.expect:
            empty += 1
            empty_kept += not pred
        if item.lang == "ru" and item.original:
            ru_n += 1
            ru_found += found
            ru_exp += len(item.expect)
        rows.append((item.text, item.expect, pred))
    return Score(
        precision=correct_p / n_pred if n_pred else 1.0,
        recall=correct_r / n_exp if n_exp else 1.0,
        predicted=n_pred,
        expected=n_exp,
        per_statement=tuple(rows),
        n=len(items),
        empty_kept=empty_kept / empty if empty else 1.0,
        russian_recall=ru_found / ru_exp if ru_exp else 1.0,
        russian_n=ru_n,
    )


#: The kinds of evidence ``check`` infers from, in the order the table lists them.
EVIDENCE_KINDS = (
    "cue, 2+ words",
    "negated cue",
    "rule",
    "reader",
    "closest records",
    "cue, 1 word",
)


def evidence_kind(source: str, score: float) -> str:
    """Which kind of evidence an inferred literal rests on, from its source and score
    (:attr:`argmap.check.Inference.evidence`)."""
    if source.startswith("negated cue "):
        return "negated cue"
    if source.startswith("cue "):
        return "cue, 1 word" if score <= CUE_SCORE[1] else "cue, 2+ words"
    if source.startswith("rule: "):
        return "rule"
    if source.startswith("reader "):
        return "reader"
    return "closest records"


@dataclass
class _Tally:
    """Literals one kind of evidence lent, how many the labels entail, the scores it gave."""

    inferred: int = 0
    right: int = 0
    scores: set[float] = field(default_factory=set)

    def row(self, kind: str) -> dict[str, Any]:
        only = sorted(self.scores)
        return {
            "kind": kind,
            "inferred": self.inferred,
            "right": self.right,
            "precision": round(self.right / self.inferred, 4) if self.inferred else None,
            "score": only[0] if len(only) == 1 else None,
        }


def score_evidence(
    checker: Checker, items: Sequence[Labelled], *, read: bool = False
) -> list[dict[str, Any]]:
    """How often each kind of evidence was right, beside the score ``check`` gives it.

    On the test half this is the check that the scores mean what they say (a reliability
    table), with a last row for the literals that make inference *strong* (score ≥
    ``STRONG``). The scores come from statements the cues had not been tuned on
    (``benchmarks/calibrate_check.py``).
    """
    logic = checker.base.logic
    tallies = {kind: _Tally() for kind in EVIDENCE_KINDS}
    strong = _Tally()
    for item in items:
        entailed = logic.closure_of(item.expect)
        for lit, source, score in checker.infer_text(item.text, read=read).evidence:
            right = lit in entailed
            kind = tallies[evidence_kind(source, score)]
            for tally in (kind, strong) if score >= STRONG else (kind,):
                tally.inferred += 1
                tally.right += right
                tally.scores.add(round(score, 2))
    rows = [tally.row(kind) for kind, tally in tallies.items()]
    rows.append({**strong.row(f"strong (score >= {STRONG:.2f})"), "score": None})
    return rows


def evaluate_check(
    checker: Checker, path: Path, split: str = "test", reading: Path | None = None
) -> dict[str, Any]:
    """Both methods' figures on one split of a labelled set (``argmap evaluate-check``), and
    with `reading`, those of a second reader's literals (:func:`read_readings`)."""
    evalset = read_eval_set(path)
    current = vocabulary_digest(checker.corpus)
    if evalset.vocabulary and evalset.vocabulary != current:
        raise ArgmapError(
            f"{path}: labelled with vocabulary {evalset.vocabulary}, the corpus has {current}; "
            "relabel the set for the new vocabulary"
        )
    items = [i for i in evalset.items if split == "all" or i.split == split]
    if not items:
        raise ArgmapError(f"{path}: no statement in split '{split}'")
    # The reader's row where the corpus has one (it needs `examples:`).
    wanted = [m for m in METHODS if m != "reader" or checker.reader is not None]
    methods = {m: score_inference(checker, items, method=m).to_dict() for m in wanted}
    if reading is not None:
        read = read_readings(reading, current)
        missing = [i.id for i in items if i.id not in read]
        if missing:
            raise ArgmapError(f"{reading}: no reading of statement {missing[0]}")
        predictions = [read[i.id] for i in items]
        methods["reading"] = score_predictions(checker.base.logic, items, predictions).to_dict()
    return {
        "file": str(path),
        "split": split,
        "vocabulary": current,
        "methods": methods,
        # The evidence of the last method, which holds the others' kinds.
        "evidence_of": wanted[-1],
        "evidence": score_evidence(checker, items, read=wanted[-1] == "reader"),
    }


def evaluation_text(report: dict[str, Any]) -> str:
    """The figures as a small table for people (the README copies it)."""
    lines = [
        f"{report['file']}, {report['split']} split, vocabulary {report['vocabulary']}",
        "method      n   precision  recall  F1    off-topic empty  Russian recall (n)",
    ]
    for name, s in report["methods"].items():
        lines.append(
            f"{name:<10} {s['n']:>3}   {s['precision']:.2f}       {s['recall']:.2f}    "
            f"{s['f1']:.2f}  {s['off_topic_empty']:.2f}             "
            f"{s['russian_recall']:.2f} ({s['russian_n']})"
        )
    lines.append(
        f"{report['evidence_of'] + ', by evidence':<24} inferred  right  precision  score given"
    )
    for row in report["evidence"]:
        precision = "-" if row["precision"] is None else f"{row['precision']:.2f}"
        given = "" if row["score"] is None else f"{row['score']:.2f}"
        lines.append(
            f"{row['kind']:<24} {row['inferred']:>8}  {row['right']:>5}  {precision:<9}  "
            f"{given}".rstrip()
        )
    return "\n".join(lines) + "\n"
