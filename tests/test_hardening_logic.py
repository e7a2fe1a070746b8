"""Issue 17, item 1: the closure is near-linear and gives the same answers as before.

The reference below is the closure argmap used before issue 17 (one breadth-first search per
literal storing whole derivation tuples): quadratic, but obviously right. The new engine must
agree with it on every node and proposition of data/ and the examples.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pytest
from typer.testing import Result

from argmap.corpus import load_corpus
from argmap.logic import Literal, Logic, Step, literals_of
from argmap.model import Proposition

ROOT = Path(__file__).resolve().parents[1]
CORPORA = {
    "data": ROOT / "data",
    "minimal": ROOT / "examples" / "minimal",
    "crimea-2014": ROOT / "examples" / "crimea-2014",
}


def _reference(
    logic: Logic, lits: Iterable[Literal]
) -> dict[Literal, tuple[Literal, tuple[Step, ...]]]:
    """The pre-issue-17 closure of several literals, shortest derivation per literal."""
    out: dict[Literal, tuple[Literal, tuple[Step, ...]]] = {}
    for root in lits:
        derivations: dict[Literal, tuple[Step, ...]] = {root: ()}
        queue = deque([root])
        while queue:
            cur = queue.popleft()
            for step in logic._steps(cur):
                if step.conclusion not in derivations:
                    derivations[step.conclusion] = derivations[cur] + (step,)
                    queue.append(step.conclusion)
        for derived, steps in derivations.items():
            known = out.get(derived)
            if known is None or len(steps) < len(known[1]):
                out[derived] = (root, steps)
    return out


def _reference_conflicts(logic: Logic, lits: Iterable[Literal]) -> list[str]:
    held = _reference(logic, lits)
    return sorted(p for (p, pos) in held if pos and (p, False) in held)


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_closures_match_the_reference_on_every_node(name: str) -> None:
    corpus = load_corpus([CORPORA[name]])
    logic = Logic(corpus.propositions)
    groups: list[list[Literal]] = []
    for p in corpus.propositions:
        groups += [[(p, True)], [(p, False)]]
    for node in [*corpus.commitments.values(), *corpus.claims.values()]:
        groups.append(literals_of(node.asserts, node.denies))
    assert len(groups) > 10
    for lits in groups:
        want = _reference(logic, lits)
        got = logic.closure_of(lits)
        assert got == want, lits
        held = logic.held(lits)
        assert {k: (r, tuple(s)) for k, (r, s) in held.items()} == want
        assert logic.conflicts(lits) == _reference_conflicts(logic, lits)


def _props(spec: Mapping[str, tuple[list[str], list[str]]]) -> dict[str, Proposition]:
    return {
        p: Proposition(id=p, text=f"{p}.", implies=imp, excludes=exc)
        for p, (imp, exc) in spec.items()
    }


def test_self_contradiction_found_through_a_cycle_and_a_chain() -> None:
    # a -> b -> c -> a is one component; c -> d; d excludes b: asserting any of a, b, c
    # contradicts itself, d alone does not, e implies a and so inherits the contradiction.
    props = _props(
        {
            "a": (["b"], []),
            "b": (["c"], []),
            "c": (["a", "d"], []),
            "d": ([], ["b"]),
            "e": (["a"], []),
            "f": ([], []),
        }
    )
    logic = Logic(props)
    assert logic.inconsistent() == frozenset({"a", "b", "c", "e"})
    for p in props:
        lits = [(p, True)]
        assert logic.conflicts(lits) == _reference_conflicts(logic, lits)
    assert logic.conflicts([("f", True), ("d", True)]) == []
    # d denies b, so b's implications (c, a, d) are denied too, while b asserts them.
    assert logic.conflicts([("d", True), ("b", True)]) == ["a", "b", "c", "d"]


def test_robustness_closure_drops_a_written_link_only() -> None:
    props = _props({"ban": ([], ["choice"]), "choice": ([], []), "x": (["ban"], [])})
    logic = Logic(props)
    full = logic.held([("x", True)])
    assert ("choice", False) in full
    assert [s.sentence() for s in full[("choice", False)][1]] == [
        "'x' implies 'ban'; so it asserts 'ban'",
        "'ban' excludes 'choice'; so it denies 'choice'",
    ]
    cut = logic.held([("x", True)], without=[("excludes", "ban", "choice")])
    assert ("choice", False) not in cut and ("ban", True) in cut
    # The memoized full closure is untouched by the robustness run.
    assert ("choice", False) in logic.held([("x", True)])
    with pytest.raises(ValueError, match="not a written link"):
        logic.held([("x", True)], without=[("implies", "ban", "x")])


def _chain(n: int) -> dict[str, Proposition]:
    return _props({f"p{i}": ([f"p{i + 1}"] if i + 1 < n else [], []) for i in range(n)})


def test_a_long_implies_chain_is_near_linear() -> None:
    # Before issue 17 a 2,000-step chain took 48 s and 11 GB in `validate`; the closures of
    # all its propositions stored every derivation. 20,000 steps must now take well under
    # a second for everything validation asks.
    n = 20_000
    t = time.perf_counter()
    logic = Logic(_chain(n))
    for i in range(n):
        assert logic.conflicts([(f"p{i}", True)]) == []
    held = logic.held([("p0", True)])
    assert len(held) == n
    root, steps = held[(f"p{n - 1}", True)]
    assert root == ("p0", True) and len(steps) == n - 1
    assert time.perf_counter() - t < 5


def test_validate_reports_a_contradiction_at_the_end_of_a_long_chain(
    write: Callable[..., Path], cli: Callable[..., Result]
) -> None:
    n = 3000
    lines = ["corpus: {title: Chain}", "propositions:"]
    for i in range(n):
        lines.append(f"  - id: p{i}")
        lines.append(f"    text: P{i}.")
        if i + 1 < n:
            lines.append(f"    implies: [p{i + 1}]")
    lines.append(f"    excludes: [p{n // 2}]")
    path = write("\n".join(lines) + "\n")
    t = time.perf_counter()
    result = cli("validate", path)
    assert time.perf_counter() - t < 10
    assert result.exit_code == 2
    # Every proposition up to the excluded one contradicts itself; the one after does not.
    # Where the contradiction arises, its derivation (middle elided); above it, a pointer.
    assert "proposition 'p0' contradicts itself: asserting it asserts 'p1'" in result.stderr
    root = [ln for ln in result.stderr.splitlines() if f"'p{n // 2}' contradicts itself" in ln]
    assert len(root) == 1 and "more steps ..." in root[0] and len(root[0]) < 2000
    assert f"proposition 'p{n // 2}' contradicts itself" in result.stderr
    assert f"proposition 'p{n // 2 + 1}' contradicts" not in result.stderr
