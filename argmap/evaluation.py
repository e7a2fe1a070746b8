"""Measure how well ``check`` infers what a statement asserts and denies.

Consumes a Checker and labelled statements (text, speaker, expected literals); produces
precision and recall. Both compare through the corpus logic: an inferred literal is correct
when the expected literals entail it, an expected literal is found when the inferred ones
entail it, so inferring "ban on enlargement" for a statement labelled "ban on enlargement"
or for one labelled with a literal that implies it is not counted as a miss.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from argmap.check import Checker, Statement
from argmap.logic import Literal

__all__ = ["Labelled", "Score", "score_inference"]


@dataclass(frozen=True)
class Labelled:
    """A statement written for evaluation, with the literals an analyst reads in it."""

    text: str
    speaker: str
    expect: tuple[Literal, ...]


@dataclass(frozen=True)
class Score:
    """Micro-averaged precision and recall over a labelled set."""

    precision: float
    recall: float
    predicted: int
    expected: int
    per_statement: tuple[tuple[str, tuple[Literal, ...], tuple[Literal, ...]], ...]


def score_inference(checker: Checker, items: Sequence[Labelled], on: date) -> Score:
    """Run inference on every item and score it against its labels."""
    logic = checker.base.logic
    correct_p = correct_r = n_pred = n_exp = 0
    rows = []
    for item in items:
        result = checker.check(Statement(text=item.text, speaker=item.speaker, date=on))
        pred = tuple(
            [(p, True) for p in result.inference.asserts]
            + [(p, False) for p in result.inference.denies]
        )
        entailed_by_exp = logic.closure_of(item.expect)
        entailed_by_pred = logic.closure_of(pred)
        correct_p += sum(1 for lit in pred if lit in entailed_by_exp)
        correct_r += sum(1 for lit in item.expect if lit in entailed_by_pred)
        n_pred += len(pred)
        n_exp += len(item.expect)
        rows.append((item.text, item.expect, pred))
    return Score(
        precision=correct_p / n_pred if n_pred else 1.0,
        recall=correct_r / n_exp if n_exp else 1.0,
        predicted=n_pred,
        expected=n_exp,
        per_statement=tuple(rows),
    )
