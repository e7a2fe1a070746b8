"""The shortcuts that keep large corpora fast give exactly what the plain code gives.

``analyze --format json`` writes each side once and disagreements by hand
(:class:`argmap.positions.JsonLines`); bindings are memoized per era of a document rather
than per date (:meth:`argmap.logic.Bindings.era`). A user sees neither: the bytes and the
verdicts must be the ones the straightforward code produces.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from argmap.corpus import load_corpus
from argmap.graph import build_graph
from argmap.logic import Bindings
from argmap.positions import JsonLines, find_positions, position_dict
from tests.conftest import FIXTURES, ROOT

CORPORA = [ROOT / "data", ROOT / "examples" / "minimal", FIXTURES / "positions" / "grouping.yaml"]


@pytest.mark.parametrize("path", CORPORA, ids=lambda p: p.name)
def test_json_lines_are_the_dicts_encoded(path: Path) -> None:
    """Every kind, supports included: the fast line is json.dumps of position_dict."""
    ag = build_graph(load_corpus([path]))
    found = find_positions(ag)
    assert {f.kind for f in found} >= {"breach", "disagreement"}
    lines = JsonLines(ag)
    for f in found:
        plain = json.dumps(
            position_dict(ag, f), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        assert lines.line(f) == plain
        extra = {"rests_on": [{"link": "x"}]}
        assert json.loads(lines.line(f, extra)) == {**json.loads(plain), **extra}


def test_bindings_per_era_match_bindings_per_date() -> None:
    """On every day around every date the data names, the memo answers as a fresh lookup."""
    corpus = load_corpus([ROOT / "data"])
    memo = Bindings(corpus.actors, corpus.documents)
    days = sorted(
        {
            d + timedelta(days=k)
            for doc in corpus.documents.values()
            for d in [doc.date, *(x for p in doc.parties for x in (p.since, p.until) if x)]
            for k in (-1, 0, 1)
        }
        | {c.date for c in corpus.claims.values()}
        | {date(2022, 2, 24), date(2023, 11, 8)}
    )
    checked = 0
    for actor in corpus.actors:
        for doc in corpus.documents:
            for day in days:
                fresh = Bindings(corpus.actors, corpus.documents)
                assert memo.bound(actor, doc, day) == fresh._bound(
                    actor, corpus.documents[doc], day
                )
                assert memo.unbound_status(actor, doc, day) == fresh._unbound_status(
                    actor, doc, day
                )
                checked += 1
    assert checked > 10_000
