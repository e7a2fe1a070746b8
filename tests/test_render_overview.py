"""The map per actor (``render --by actor``): what a large corpus is drawn as by default."""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from argmap.corpus import load_corpus
from argmap.graph import build_graph
from argmap.positions import find_positions
from tests.conftest import ROOT

Run = Callable[..., Result]
DATA = ROOT / "data"


def breaches_by_document(actor: str) -> Counter[str]:
    """Breach findings of `actor` per document it was bound by, counted from the positions."""
    ag = build_graph(load_corpus([DATA]))
    counts: Counter[str] = Counter()
    for f in find_positions(ag, ["breach", "contradiction"]):
        if f.actor == actor:
            counts.update(s.who for s in f.sides[1:] if s.bound)
    return counts


def test_data_per_actor_counts_each_breach_against_each_document(cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "actors.dot"
    result = cli("render", DATA, "-o", out, "--by", "actor")
    assert result.exit_code == 0, result.output
    assert "drawn per actor" in result.output
    dot = out.read_text(encoding="utf-8")
    expected = breaches_by_document("russia")
    assert expected, "data/ has Russian breaches"
    for doc, n in expected.items():
        edge = re.search(
            rf'"actor:russia" -> "document:{re.escape(doc)}" \[[^\]]*label="breach ×(\d+)', dot
        )
        assert edge is not None, doc
        assert int(edge.group(1)) == n
    # Russia's box says how often it changed its stance (one reversal finding each).
    ag = build_graph(load_corpus([DATA]))
    changes = sum(1 for f in find_positions(ag, ["reversal"]) if f.actor == "russia")
    assert f"{changes} changes of stance" in dot
    # Same input, same bytes.
    again = tmp_path / "again.dot"
    cli("render", DATA, "-o", again, "--by", "actor")
    assert again.read_bytes() == out.read_bytes()


def test_per_actor_pdf_is_one_page(cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "actors.pdf"
    result = cli("render", DATA, "-o", out, "--by", "actor", "--paper", "a4")
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF") and "1 page" in result.output


def test_a_large_corpus_is_drawn_per_actor_unless_asked_per_claim(cli: Run, tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    corpus = generate(tmp_path / "big", claims=450, commitments=60, documents=6, states=5)
    overview = cli("render", corpus, "-o", tmp_path / "a.dot")
    assert overview.exit_code == 0, overview.output
    assert "drawn per actor: 5 actors with 450 claims" in overview.output
    claims = cli("render", corpus, "-o", tmp_path / "c.dot", "--by", "claim")
    assert claims.exit_code == 0 and "drawn per actor" not in claims.output
    assert "450 claims" in claims.output
    # A filter that leaves fewer claims than the threshold draws claims again.
    few = cli("render", corpus, "-o", tmp_path / "f.dot", "--actor", "state00")
    assert "drawn per actor" not in few.output


def test_per_actor_refuses_options_about_claims(cli: Run, tmp_path: Path) -> None:
    result = cli("render", DATA, "-o", tmp_path / "x.pdf", "--by", "actor", "--detail")
    assert result.exit_code == 2
    assert "--by actor" in result.output


def test_page_of_a_large_corpus_draws_actors_and_counts_disagreements(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above 400 claims the page shows the map per actor and counts what it does not list."""
    import argmap.render.page

    monkeypatch.setattr(argmap.render.page, "LIST_AT_MOST", 20)
    import json
    import re as _re

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    from argmap.positions import positions_and_counts

    corpus = generate(tmp_path / "big", claims=450, commitments=60, documents=6, states=5)
    out = tmp_path / "page.html"
    result = cli("html", corpus, "-o", out)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    # Every finding counted once in the line after `wrote`.
    ag = build_graph(load_corpus([corpus]))
    listed, (supports, _), disagreements = positions_and_counts(
        ag, ["breach", "selective-invocation", "contradiction", "reversal", "tension"]
    )
    assert disagreements and supports
    assert f"{len(listed) + disagreements + supports} findings" in result.output
    assert f"the {disagreements:,} disagreements and {supports:,} supports are counted" in page
    assert 'id="actor:state00"' in page  # the map per actor
    data = json.loads(
        _re.search(r'<script type="application/json"[^>]*>(.*?)</script>', page, _re.S).group(1)
    )
    kinds = {k["id"]: k for k in data["kinds"]}
    assert kinds["disagreement"]["count"] == disagreements
    assert kinds["disagreement"]["listed"] == 0
    # Of each other kind, the latest 20 are listed and all are counted.
    for kind in ("breach", "contradiction", "reversal"):
        total = sum(1 for f in listed if f.kind == kind)
        assert total > 20
        assert kinds[kind]["count"] == total
        assert kinds[kind]["listed"] == 20
    breaches = [f for f in listed if f.kind == "breach"]
    rows = [r["nodes"][0] for r in data["findings"] if r["kind"] == "breach"]
    assert rows == [f.claim for f in breaches[-20:]]  # the latest, in report order
    assert len(data["findings"]) == sum(k["listed"] for k in kinds.values() if k["finding"])
