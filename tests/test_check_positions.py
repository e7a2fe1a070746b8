"""``argmap check`` reports findings by position, as ``analyze`` does (DESIGN.md "Positions").

A statement checked against a corpus must be told exactly the position findings that
``analyze`` would list for it once it is added as a claim: the same breaches (one per
proposition at stake, with every commitment by document), the same reversals and the same
disagreements, not a finding per pair of nodes. ``--by pair`` keeps the pair-level list.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import Result

from argmap.check import Checker, Statement, load_checker
from argmap.corpus import load_corpus
from argmap.graph import build_graph
from argmap.model import Corpus
from argmap.positions import Position, find_positions
from tests.conftest import ROOT, SEED

Run = Callable[..., Result]
DATA = ROOT / "data"

pytestmark = pytest.mark.usefixtures("private_cache")


def _resting_on(ident: str, found: list[Position]) -> list[Position]:
    return [f for f in found if any(ident in s.nodes for s in f.sides)]


def _checker(corpus: Corpus) -> Checker:
    from argmap.similarity import build_index

    return Checker(corpus, build_index(corpus))


def test_check_positions_are_those_analyze_lists_once_the_claim_is_added() -> None:
    """Every claim of data/, checked against the rest, is told the position findings that
    analyze lists for it in the whole corpus (the reversal it starts or ends, the
    disagreements of its actor's side that hold it, its breaches)."""
    corpus = load_corpus([DATA])
    full = find_positions(build_graph(corpus))
    for ident in sorted(corpus.claims):
        claim = corpus.claims[ident]
        rest = Corpus(
            **{**corpus.__dict__, "claims": {k: v for k, v in corpus.claims.items() if k != ident}}
        )
        statement = Statement(
            id=ident,
            text=claim.text,
            actor=claim.actor,
            speaker=claim.speaker,
            date=claim.date,
            asserts=claim.asserts,
            denies=claim.denies,
            invokes=claim.invokes,
        )
        got = _checker(rest).check(statement).positions
        assert got == _resting_on(ident, full), ident


def test_check_positions_on_a_generated_corpus_match_the_whole_computation(
    tmp_path: Path,
) -> None:
    """On a corpus of many actors and claims, statements put before, among and after an
    actor's claims (so that they start, split or extend its runs of stance) are told what
    find_positions gives on the whole corpus with the statement added."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    corpus = load_corpus(
        [generate(tmp_path, claims=400, commitments=80, propositions=12, states=6, documents=8)]
    )
    checker = _checker(corpus)
    rng = random.Random(14)
    props = sorted(corpus.propositions)
    speakers = sorted(a for a, actor in corpus.actors.items() if actor.kind != "person")
    for n in range(40):
        lits = rng.sample(props, 2)
        statement = Statement(
            id=f"s{n}",
            text="A statement.",
            speaker=rng.choice(speakers),
            date=date(rng.randrange(1975, 2026), rng.randrange(1, 13), 1),
            asserts=lits[:1],
            denies=lits[1:],
        )
        result = checker.check(statement)
        assert result.positions, n
        assert result.positions == _resting_on(f"s{n}", find_positions(result.graph)), n


def test_json_findings_are_grouped_by_position_and_by_pair_on_request(cli: Run) -> None:
    args = ("check", SEED, str(DATA), "--speaker", "lavrov", "--date", "2022-02-01", "-f", "json")
    grouped = json.loads(cli(*args).stdout)["findings"]
    pairs = json.loads(cli(*args, "--by", "pair").stdout)["findings"]
    breaches = [f for f in grouped if f["kind"] == "breach"]
    # One breach, on the proposition at stake, naming the six commitments by document...
    assert [(f["proposition"], len(f["commitments"])) for f in breaches] == [
        ("free-choice-of-alliances", 6)
    ]
    assert [s.get("document") for s in breaches[0]["sides"][1:]] == breaches[0]["documents"]
    # ...where the pair-level list has one finding per breached commitment.
    paired = {f["commitment"] for f in pairs if f["kind"] == "breach"}
    assert paired == set(breaches[0]["commitments"])
    assert len(grouped) < len(pairs)


def test_text_lists_positions_and_fail_on_reads_them(cli: Run) -> None:
    args = ("check", SEED, str(DATA), "--speaker", "lavrov", "--date", "2022-02-01")
    grouped = cli(*args, "--fail-on", "breach")
    assert grouped.exit_code == 1
    assert "against 6 commitments in 4 documents" in grouped.stdout
    paired = cli(*args, "--by", "pair")
    assert paired.exit_code == 0
    assert "against 6 commitments" not in paired.stdout
    count = [ln for ln in grouped.stdout.splitlines() if ln.startswith("Findings it would add")]
    count_pairs = [ln for ln in paired.stdout.splitlines() if ln.startswith("Findings it")]
    assert count != count_pairs


def test_statements_of_one_file_each_get_their_own_span(cli: Run, tmp_path: Path) -> None:
    """Statements of a file share the id 'statement': a side that holds one must not be
    described with the dates of another (side descriptions are remembered across
    statements, but never a side holding the statement under check)."""
    path = tmp_path / "statements.yaml"
    path.write_text(
        "".join(
            f"- {{text: NATO must not take in Ukraine., speaker: lavrov, date: '{day}', "
            "asserts: [ban-nato-enlargement]}\n"
            for day in ("2024-06-01", "2025-01-01")
        ),
        encoding="utf-8",
    )
    out = json.loads(cli("check", "--file", str(path), str(DATA), "-f", "json").stdout)
    for result, day in zip(out["results"], ("2024-06-01", "2025-01-01"), strict=True):
        said = [f["explanation"] for f in result["findings"] if f["kind"] == "disagreement"]
        assert said, day
        assert all(f"to {day})" in text for text in said if "Russian Federation asserts" in text)
        assert any("Russian Federation asserts" in text for text in said)


def test_load_checker_gives_the_same_positions_from_the_cache(tmp_path: Path) -> None:
    """Positions rest on indexes rebuilt at every start, never on the cache file."""
    statement = Statement(
        text=SEED, speaker="lavrov", date=date(2022, 2, 1), asserts=["ban-nato-enlargement"]
    )
    cold = load_checker([DATA]).check(statement).positions
    warm = load_checker([DATA]).check(statement).positions
    assert cold == warm
    assert {f.kind for f in cold} >= {"breach", "disagreement"}


def test_reversal_verdict_names_the_last_claim_of_the_position_it_reverses(cli: Run) -> None:
    """Russia asserted the ban until 2022-02-17; a denial in 2025 reverses that position, and
    the verdict names its last claim, as the listed reversal does (not the first claim
    Russia ever made on it)."""
    args = ("check", "NATO may enlarge.", str(DATA), "--actor", "russia", "--date", "2025-01-01")
    out = json.loads(cli(*args, "--denies", "ban-nato-enlargement", "-f", "json").stdout)
    (reversal,) = [f for f in out["findings"] if f["kind"] == "reversal"]
    last = reversal["claims"][0]
    assert last == "ru-2022-02-17-reply-to-us"
    assert (
        out["verdict"] == f"REVERSAL: reverses Russian Federation's position of 2022-02-17 ({last})"
    )
    # Supports read as English: actors that both deny a proposition "both deny" it.
    said = [f["explanation"] for f in out["findings"] if f["kind"] == "support"]
    assert any("both deny 'ban-nato-enlargement'" in text for text in said)


def test_agreeing_with_ones_own_claims_is_no_finding_nor_consistent(cli: Run) -> None:
    """A statement that only joins its actor's own position (Putin said the same on
    2022-02-21) adds no finding: the verdict says so, and --fail-on support does not fire,
    while --by pair still lists, and its verdict counts, the pair of claims that agree."""
    args = (
        "check",
        "Free choice is conditional.",
        str(DATA),
        "--actor",
        "russia",
        "--date",
        "2022-02-01",
        "--asserts",
        "conditional-free-choice",
        "--fail-on",
        "support",
    )
    grouped = cli(*args)
    assert grouped.exit_code == 0
    assert grouped.stdout.startswith("NO FINDING: ")
    assert "Findings it would add" not in grouped.stdout
    paired = cli(*args, "--by", "pair")
    assert paired.exit_code == 1
    assert paired.stdout.startswith("CONSISTENT: agrees with 1 record")
