"""Grouped findings ("positions"): the counts and groupings an analyst reads, written by hand."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from argmap.corpus import load_corpus
from argmap.graph import build_graph
from argmap.positions import Position, find_positions
from tests.conftest import FIXTURES, ROOT

Run = Callable[..., Result]

GROUPING = FIXTURES / "positions" / "grouping.yaml"
MINIMAL = ROOT / "examples" / "minimal"


def positions(path: Path) -> list[Position]:
    return find_positions(build_graph(load_corpus([path])))


def sides(f: Position) -> list[tuple[str, bool, tuple[str, ...]]]:
    return [(s.who, s.positive, s.nodes) for s in f.sides]


def test_grouping_by_hand() -> None:
    """Six breach pairs are two findings; four disagreement pairs and two propositions are one."""
    found = positions(GROUPING)
    assert Counter(f.kind for f in found) == {
        "breach": 2,
        "selective-invocation": 1,
        "reversal": 1,
        "disagreement": 1,
        "support": 5,
    }
    breaches = [f for f in found if f.kind == "breach"]
    assert [f.claim for f in breaches] == ["c1", "c2"]
    for f in breaches:
        assert f.proposition == "choice"
        assert sides(f)[1:] == [("d1", True, ("d1-a", "d1-b")), ("d2", True, ("d2-a",))]
        assert all(s.bound is not None for s in f.sides[1:])
    (invocation,) = (f for f in found if f.kind == "selective-invocation")
    assert invocation.claim == "c2" and invocation.invoked == ("d1-c",)
    assert sides(invocation)[1] == ("d1", True, ("d1-a", "d1-b"))
    (reversal,) = (f for f in found if f.kind == "reversal")
    assert reversal.propositions == ("ban", "choice")
    assert [s.nodes for s in reversal.sides] == [("c0",), ("c1", "c2")]
    (disagreement,) = (f for f in found if f.kind == "disagreement")
    assert disagreement.propositions == ("ban", "choice")
    assert [(s.who, s.nodes) for s in disagreement.sides] == [
        ("russia", ("c1", "c2")),
        ("nato", ("n1", "n2")),
    ]
    documents = sorted(
        (f.sides[0].who, f.sides[1].who) for f in found if f.kind == "support" and f.actor
    )
    assert documents == [("nato", "d1"), ("nato", "d2"), ("russia", "d1"), ("russia", "d2")]


def test_grouped_counts_on_the_minimal_example() -> None:
    found = positions(MINIMAL)
    assert Counter(f.kind for f in found) == {
        "breach": 2,
        "selective-invocation": 1,
        "contradiction": 1,
        "reversal": 1,
        "disagreement": 2,
        "tension": 1,
        "support": 4,
    }
    (tension,) = (f for f in found if f.kind == "tension")
    assert {tension.proposition, *tension.propositions} == {"closure-allowed", "free-navigation"}


def test_analyze_text_starts_with_the_summary(cli: Run) -> None:
    out = cli("analyze", GROUPING).stdout
    assert out.startswith(
        "Summary: 2 breaches, 1 selective invocation, 1 reversal, 1 disagreement, 5 supports\n"
        "  Russia: 3 claims; 4 positions, 1 change of stance; breached d1, d2\n"
    )
    assert "against 3 commitments in 2 documents: bound by d1 ×2, d2\n" in out
    # Supports are counted, not listed, unless asked for.
    assert "Supports (5): NATO 3, Russia 3; list them with --kind support" in out
    assert "as d1 does" in cli("analyze", GROUPING, "--kind", "support").stdout


def test_analyze_json_names_the_nodes_on_each_side(cli: Run) -> None:
    doc = json.loads(cli("analyze", GROUPING, "-f", "json").stdout)
    assert [r["actor"] for r in doc["summary"]] == ["russia", "nato"]
    first = doc["findings"][0]
    assert first["kind"] == "breach" and first["claim"] == "c1"
    assert first["sides"] == [
        {"stance": "denies", "actor": "russia", "claims": ["c1"]},
        {
            "stance": "asserts",
            "document": "d1",
            "commitments": ["d1-a", "d1-b"],
            "bound": True,
            "bound_since": "1990-01-01",
            "bound_through": "russia",
        },
        {
            "stance": "asserts",
            "document": "d2",
            "commitments": ["d2-a"],
            "bound": True,
            "bound_since": "2000-01-01",
            "bound_through": "russia",
        },
    ]


def test_by_pair_keeps_one_finding_per_pair(cli: Run) -> None:
    doc = json.loads(cli("analyze", GROUPING, "--by", "pair", "-f", "json").stdout)
    assert Counter(f["kind"] for f in doc["findings"])["breach"] == 6


def test_fail_on_reads_grouped_findings(cli: Run) -> None:
    assert cli("analyze", GROUPING, "--fail-on", "breach").exit_code == 1
    assert cli("analyze", GROUPING, "--fail-on", "tension").exit_code == 0


def test_a_state_may_speak_for_itself(cli: Run, tmp_path: Path) -> None:
    """A claim whose speaker is a state is that state's claim (it crashed with a KeyError)."""
    result = cli("analyze", GROUPING, "--actor", "russia", "--kind", "reversal")
    assert result.exit_code == 0 and "Russia, 2021-12-17, on 'ban'" in result.stdout


def test_the_readme_shows_what_analyze_prints(cli: Run) -> None:
    """The README's sample is the start of `argmap analyze` on data/, as printed today."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    intro = "What `argmap analyze` says about the founding dataset begins:\n\n```text\n"
    shown = readme.split(intro, 1)[1].split("```", 1)[0]
    assert cli("analyze", ROOT / "data").stdout.startswith(shown)


def test_the_draft_agreement_is_one_breach_of_six_commitments(cli: Run) -> None:
    out = cli("analyze", ROOT / "data", "--kind", "breach").stdout
    assert out.count("- Russian Federation, 2021-12-17, ru-2021-12-17-draft-agreement\n") == 1
    assert len(cli("analyze", ROOT / "data").stdout.splitlines()) <= 250


def test_answer_keys_may_be_written_for_grouped_findings(cli: Run, tmp_path: Path) -> None:
    corpus = GROUPING.read_text(encoding="utf-8") + (
        "expect:\n"
        "  findings:\n"
        "    - {kind: breach, claim: c1, commitments: [d1-a, d1-b], documents: [d1]}\n"
        "    - {kind: breach, claim: c1, commitment: d2-a, bound_since: '2000-01-01'}\n"
        "    - {kind: reversal, actor: russia, claims: [c0, c1], propositions: [ban, choice]}\n"
        "    - {kind: breach, claim: c1, commitment: d1-a, actor: russia}\n"  # the pair form
        "  absent:\n"
        "    - {kind: breach, claim: c1, commitment: d2-a, bound_since: '1990-01-01'}\n"
        "    - {kind: breach, claim: c0}\n"
    )
    path = tmp_path / "c.yaml"
    path.write_text(corpus, encoding="utf-8")
    result = cli("test", path)
    assert (result.exit_code, result.stdout) == (0, "6 of 6 expectations met\n"), result.stderr
    path.write_text(corpus.replace("commitments: [d1-a, d1-b]", "commitments: [d1-c, d1-b]"))
    result = cli("test", path)
    assert result.exit_code == 1
    assert "expected finding not found: {kind: breach, claim: c1, commitments:" in (
        result.stdout + result.stderr
    )
