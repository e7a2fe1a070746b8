"""Tests for argmap.semantics.dung: known answers, reference instances, properties."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.errors import ArgmapError, UnknownId
from argmap.semantics import _clingo
from argmap.semantics.apx import read_apx
from argmap.semantics.dung import (
    Engine,
    Evaluation,
    Framework,
    FrameworkError,
    Label,
    SolverUnavailable,
    complete_extensions,
    defends,
    evaluate,
    grounded_extension,
    grounded_labelling,
    is_admissible,
    is_complete,
    is_complete_labelling,
    is_conflict_free,
    is_preferred,
    is_stable,
    labelling_from_extension,
    preferred_extensions,
    stable_extensions,
)

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "af-instances"

HAVE_CLINGO = _clingo.available()
ENGINES: list[Engine] = ["search", "clingo"]


def _engine_param(engine: Engine) -> object:
    marks = (
        []
        if engine != "clingo" or HAVE_CLINGO
        else [pytest.mark.skip(reason="clingo not installed")]
    )
    return pytest.param(engine, id=engine, marks=marks)


ENGINE_PARAMS = [_engine_param(e) for e in ENGINES]
USABLE_ENGINES: list[Engine] = ["search", "clingo"] if HAVE_CLINGO else ["search"]


def sets(*members: str) -> frozenset[str]:
    return frozenset(members)


def as_sets(extensions: Iterable[Iterable[object]]) -> set[frozenset[str]]:
    return {frozenset(str(a) for a in e) for e in extensions}


# --------------------------------------------------------------------------- known answers

# name, arguments, attacks, grounded, complete, preferred, stable
KNOWN: list[
    tuple[
        str,
        str,
        list[tuple[str, str]],
        frozenset[str],
        set[frozenset[str]],
        set[frozenset[str]],
        set[frozenset[str]],
    ]
] = [
    ("empty", "", [], sets(), {sets()}, {sets()}, {sets()}),
    ("unattacked", "ab", [], sets("a", "b"), {sets("a", "b")}, {sets("a", "b")}, {sets("a", "b")}),
    (
        "reinstatement",
        "abc",
        [("a", "b"), ("b", "c")],
        sets("a", "c"),
        {sets("a", "c")},
        {sets("a", "c")},
        {sets("a", "c")},
    ),
    (
        "even-cycle",
        "ab",
        [("a", "b"), ("b", "a")],
        sets(),
        {sets(), sets("a"), sets("b")},
        {sets("a"), sets("b")},
        {sets("a"), sets("b")},
    ),
    (
        "nixon-diamond",  # quaker and republican attack each other and both attack c
        "qrc",
        [("q", "r"), ("r", "q"), ("q", "c"), ("r", "c")],
        sets(),
        {sets(), sets("q"), sets("r")},
        {sets("q"), sets("r")},
        {sets("q"), sets("r")},
    ),
    (
        "odd-cycle",
        "abc",
        [("a", "b"), ("b", "c"), ("c", "a")],
        sets(),
        {sets()},
        {sets()},
        set(),
    ),
    ("self-attack", "a", [("a", "a")], sets(), {sets()}, {sets()}, set()),
    (
        "self-attack-attacked",
        "ab",
        [("a", "a"), ("b", "a")],
        sets("b"),
        {sets("b")},
        {sets("b")},
        {sets("b")},
    ),
    (
        "floating-acceptance",  # d is in every preferred extension, not in the grounded one
        "abcd",
        [("a", "b"), ("b", "a"), ("a", "c"), ("b", "c"), ("c", "d")],
        sets(),
        {sets(), sets("a", "d"), sets("b", "d")},
        {sets("a", "d"), sets("b", "d")},
        {sets("a", "d"), sets("b", "d")},
    ),
    (
        "preferred-not-stable",  # {a} is preferred but leaves the self-attacker c unattacked
        "abc",
        [("a", "b"), ("b", "a"), ("b", "c"), ("c", "c")],
        sets(),
        {sets(), sets("a"), sets("b")},
        {sets("a"), sets("b")},
        {sets("b")},
    ),
    (
        "odd-cycle-defeated",  # an unattacked argument breaks the 3-cycle
        "abcd",
        [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")],
        sets("d", "b"),
        {sets("d", "b")},
        {sets("d", "b")},
        {sets("d", "b")},
    ),
]
KNOWN_IDS = [case[0] for case in KNOWN]


def _af(args: str, attacks: list[tuple[str, str]]) -> Framework:
    return Framework.from_edges(list(args), attacks)


@pytest.mark.parametrize("case", KNOWN, ids=KNOWN_IDS)
def test_grounded_known(case: tuple[object, ...]) -> None:
    _, args, attacks, grounded, *_ = case
    af = _af(args, attacks)  # type: ignore[arg-type]
    assert grounded_extension(af) == grounded


@pytest.mark.parametrize("engine", ENGINE_PARAMS)
@pytest.mark.parametrize("case", KNOWN, ids=KNOWN_IDS)
def test_multi_extension_known(case: tuple[object, ...], engine: Engine) -> None:
    _, args, attacks, _, complete, preferred, stable = case
    af = _af(args, attacks)  # type: ignore[arg-type]
    assert set(complete_extensions(af, engine=engine)) == complete
    assert set(preferred_extensions(af, engine=engine)) == preferred
    assert set(stable_extensions(af, engine=engine)) == stable


@pytest.mark.parametrize(
    ("semantics", "labels"),
    [
        ("grounded", {"a": "undec", "b": "undec", "c": "undec", "d": "undec"}),
        ("complete", {"a": "undec", "b": "undec", "c": "undec", "d": "undec"}),
        ("preferred", {"a": "undec", "b": "undec", "c": "out", "d": "in"}),
        ("stable", {"a": "undec", "b": "undec", "c": "out", "d": "in"}),
    ],
    ids=["grounded", "complete", "preferred", "stable"],
)
def test_evaluate_floating_acceptance_labels(semantics: str, labels: dict[str, Label]) -> None:
    af = _af("abcd", [("a", "b"), ("b", "a"), ("a", "c"), ("b", "c"), ("c", "d")])
    ev = evaluate(af, semantics)  # type: ignore[arg-type]
    assert ev.semantics == semantics
    assert ev.labels == labels


def test_evaluate_without_stable_extension_is_all_undec() -> None:
    af = _af("abcd", [("a", "b"), ("b", "c"), ("c", "a"), ("a", "d")])
    ev = evaluate(af, "stable")
    assert ev.extensions == []
    assert set(ev.labels.values()) == {"undec"}
    assert ev.to_json() == {
        "semantics": "stable",
        "extensions": [],
        "labels": dict.fromkeys("abcd", "undec"),
    }


def test_evaluate_to_json_sorted_and_serialisable() -> None:
    af = Framework.from_edges(["z", "b", "a"], [("z", "b"), ("b", "z")])
    ev = evaluate(af, "preferred")
    out = ev.to_json()
    assert out == {
        "semantics": "preferred",
        "extensions": [["a", "b"], ["a", "z"]],
        "labels": {"a": "in", "b": "undec", "z": "undec"},
    }
    assert list(out["labels"]) == ["a", "b", "z"]
    assert json.loads(json.dumps(out)) == out


def test_evaluate_grounded_matches_labelling() -> None:
    af = _af("abc", [("a", "b"), ("b", "c")])
    ev = evaluate(af, "grounded")
    assert ev == Evaluation("grounded", [sets("a", "c")], grounded_labelling(af))


def test_extensions_are_sorted_by_member_list() -> None:
    af = Framework.from_edges(
        ["b", "a", "c", "d"], [("a", "b"), ("b", "a"), ("c", "d"), ("d", "c")]
    )
    exts = preferred_extensions(af)
    assert [sorted(e) for e in exts] == [["a", "c"], ["a", "d"], ["b", "c"], ["b", "d"]]
    assert [sorted(e) for e in complete_extensions(af)] == sorted(
        sorted(e) for e in complete_extensions(af)
    )


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(lambda af: evaluate(af, "ideal"), id="semantics"),  # type: ignore[arg-type]
        pytest.param(lambda af: preferred_extensions(af, engine="z3"), id="engine"),  # type: ignore[arg-type]
    ],
)
def test_unknown_names_rejected(bad: Callable[[Framework], object]) -> None:
    af = _af("ab", [("a", "b"), ("b", "a")])
    with pytest.raises(ValueError, match="unknown"):
        bad(af)


def test_clingo_engine_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_clingo, "available", lambda: False)
    af = _af("ab", [("a", "b"), ("b", "a")])
    with pytest.raises(SolverUnavailable, match="pip install clingo"):
        preferred_extensions(af, engine="clingo")
    assert isinstance(SolverUnavailable("x"), ArgmapError)
    # "auto" falls back to the own search and gives the same answer
    assert set(preferred_extensions(af, engine="auto")) == {sets("a"), sets("b")}


# --------------------------------------------------------------------------- framework type


def test_framework_construction_and_queries() -> None:
    af = Framework.from_edges(["a", "b", "c", "a"], [("a", "b"), ("a", "b"), ("c", "b")])
    assert af.arguments == ("a", "b", "c")
    assert af.attacked == ((1,), (), (1,))
    assert af.attackers == ((), (0, 2), ())
    assert af.n_attacks == 2
    assert af.attacks == (("a", "b"), ("c", "b"))
    assert af.attackers_of("b") == ("a", "c")
    assert af.attacked_by("a") == ("b",)
    assert "a" in af and "x" not in af
    assert list(af) == ["a", "b", "c"]
    assert len(af) == 3
    assert repr(af) == "Framework(<3 arguments, 2 attacks>)"
    with pytest.raises(UnknownId, match="unknown argument 'x'"):
        af.attackers_of("x")


def test_framework_equality_ignores_order() -> None:
    one = Framework.from_edges("abc", [("a", "b"), ("b", "c")])
    two = Framework.from_edges("cba", [("b", "c"), ("a", "b")])
    three = Framework.from_edges("abc", [("a", "b")])
    assert one == two and hash(one) == hash(two)
    assert one != three
    assert one != "abc"


def test_framework_implicit_and_strict() -> None:
    af = Framework.from_edges(["a"], [("a", "b"), ("c", "a")], implicit=True)
    assert af.arguments == ("a", "b", "c")
    with pytest.raises(UnknownId, match="'b'"):
        Framework.from_edges(["a"], [("a", "b")])
    with pytest.raises(FrameworkError, match="not a string"):
        Framework.from_edges([1])  # type: ignore[list-item]
    with pytest.raises(FrameworkError, match="not a string"):
        Framework.from_edges(["a"], [("a", 2)], implicit=True)  # type: ignore[list-item]


def test_framework_is_immutable() -> None:
    af = Framework.from_edges("ab", [("a", "b")])
    with pytest.raises(AttributeError):
        af.arguments = ("x",)  # type: ignore[misc]
    with pytest.raises(TypeError):
        af.index["z"] = 3  # type: ignore[index]


def test_from_digraph_and_back() -> None:
    nx = pytest.importorskip("networkx")
    graph = nx.DiGraph()
    graph.add_nodes_from([3, 1, 2])
    graph.add_edges_from([(1, 2), (2, 3)])
    af = Framework.from_digraph(graph)
    assert af.arguments == ("3", "1", "2")
    assert grounded_extension(af) == sets("1", "3")
    back = af.to_digraph()
    assert set(back.edges) == {("1", "2"), ("2", "3")}
    with pytest.raises(FrameworkError, match="DiGraph"):
        Framework.from_digraph(nx.Graph([(1, 2)]))
    with pytest.raises(FrameworkError, match="both named '1'"):
        Framework.from_digraph(nx.DiGraph([(1, "1")]))


def test_import_is_light() -> None:
    import subprocess
    import sys

    code = (
        "import sys, argmap.semantics, argmap.semantics.apx, argmap.semantics.bipolar\n"
        "heavy = [m for m in ('networkx', 'clingo', 'pydantic') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=None
    )
    assert out.stdout.strip() == ""


def test_grounded_is_linear_on_a_long_chain() -> None:
    n = 100_000
    args = [str(i) for i in range(n)]
    af = Framework.from_edges(args, itertools.pairwise(args))
    ext = grounded_extension(af)
    assert len(ext) == n // 2 and "0" in ext and "1" not in ext
    # the searches also cope with deep, long structures (no recursion)
    cycle = Framework.from_edges(args[:2000], [*itertools.pairwise(args[:2000]), ("1999", "0")])
    for engine in USABLE_ENGINES:
        assert len(preferred_extensions(cycle, engine=engine)) == 2


# --------------------------------------------------------------------------- predicates


def test_predicates_on_reinstatement() -> None:
    af = _af("abc", [("a", "b"), ("b", "c")])
    assert is_conflict_free(af, ["a", "c"]) and not is_conflict_free(af, ["b", "c"])
    assert defends(af, ["a"], "c") and not defends(af, ["b"], "c")
    assert is_admissible(af, []) and is_admissible(af, ["a"]) and not is_admissible(af, ["c"])
    assert is_complete(af, ["a", "c"]) and not is_complete(af, ["a"])
    assert is_stable(af, ["a", "c"]) and not is_stable(af, ["a"])
    assert is_preferred(af, ["a", "c"]) and not is_preferred(af, ["a"])
    assert labelling_from_extension(af, ["a"]) == {"a": "in", "b": "out", "c": "undec"}
    assert is_complete_labelling(af, {"a": "in", "b": "out", "c": "in"})
    assert not is_complete_labelling(af, {"a": "in", "b": "out", "c": "undec"})
    assert not is_complete_labelling(af, {"a": "in", "b": "out"})
    with pytest.raises(UnknownId):
        is_admissible(af, ["zz"])


# --------------------------------------------------------------------------- reference instances

REFERENCE_SEMANTICS: dict[str, Callable[[Framework, Engine], list[frozenset[str]]]] = {
    "grounded": lambda af, engine: [grounded_extension(af)],
    "com": lambda af, engine: complete_extensions(af, engine=engine),
    "pref": lambda af, engine: preferred_extensions(af, engine=engine),
    "stable": lambda af, engine: stable_extensions(af, engine=engine),
}


def _reference_cases() -> list[object]:
    if not REFERENCE.is_dir():
        return [
            pytest.param(
                None,
                None,
                id="af-instances-missing",
                marks=pytest.mark.skip(
                    reason=f"reference instances not found at {REFERENCE} "
                    "(expected shared/ beside the repository)"
                ),
            )
        ]
    cases: list[object] = []
    for folder in sorted(REFERENCE_SEMANTICS):
        for apx in sorted((REFERENCE / folder).glob("*.apx")):
            cases.append(pytest.param(folder, apx, id=f"{folder}/{apx.stem}"))
    return cases


@pytest.mark.parametrize("engine", ENGINE_PARAMS)
@pytest.mark.parametrize(("folder", "path"), _reference_cases())
def test_reference_instances(folder: str, path: Path, engine: Engine) -> None:
    af = read_apx(path)
    expected = json.loads(path.with_name(path.name + ".sols").read_text())
    got = REFERENCE_SEMANTICS[folder](af, engine)
    assert as_sets(got) == as_sets(expected)
    assert len(got) == len(expected)


def test_reference_folder_has_every_semantics() -> None:
    if not REFERENCE.is_dir():
        pytest.skip(f"reference instances not found at {REFERENCE}")
    for folder in REFERENCE_SEMANTICS:
        assert list((REFERENCE / folder).glob("*.apx")), folder


# --------------------------------------------------------------------------- properties


@st.composite
def frameworks(draw: st.DrawFn, max_args: int = 8) -> Framework:
    n = draw(st.integers(0, max_args))
    args = [f"a{i}" for i in range(n)]
    pairs = [(x, y) for x in args for y in args]
    attacks = draw(st.lists(st.sampled_from(pairs), unique=True)) if pairs else []
    return Framework.from_edges(args, attacks)


class Brute:
    """Definitions checked by enumerating every subset (independent of the module)."""

    def __init__(self, af: Framework) -> None:
        self.args = list(af.arguments)
        self.att = set(af.attacks)
        self.subsets = [
            frozenset(c)
            for r in range(len(self.args) + 1)
            for c in itertools.combinations(self.args, r)
        ]

    def attacks_set(self, s: frozenset[str], b: str) -> bool:
        return any((a, b) in self.att for a in s)

    def conflict_free(self, s: frozenset[str]) -> bool:
        return not any((a, b) in self.att for a in s for b in s)

    def acceptable(self, s: frozenset[str], x: str) -> bool:
        return all(self.attacks_set(s, b) for b in self.args if (b, x) in self.att)

    def admissible(self, s: frozenset[str]) -> bool:
        return self.conflict_free(s) and all(self.acceptable(s, x) for x in s)

    def complete(self) -> set[frozenset[str]]:
        return {
            s
            for s in self.subsets
            if self.admissible(s) and all(x in s for x in self.args if self.acceptable(s, x))
        }

    def preferred(self) -> set[frozenset[str]]:
        adm = [s for s in self.subsets if self.admissible(s)]
        return {s for s in adm if not any(s < t for t in adm)}

    def stable(self) -> set[frozenset[str]]:
        return {
            s
            for s in self.subsets
            if self.conflict_free(s) and all(x in s or self.attacks_set(s, x) for x in self.args)
        }

    def legal(self, labels: dict[str, Label]) -> bool:
        """Caminada: in iff all attackers out; out iff some attacker in."""
        for x in self.args:
            attackers = [labels[a] for a in self.args if (a, x) in self.att]
            want = (
                "in"
                if all(lab == "out" for lab in attackers)
                else "out"
                if "in" in attackers
                else "undec"
            )
            if labels[x] != want:
                return False
        return True


FAST = settings(max_examples=200, deadline=None)


@FAST
@given(frameworks())
def test_grounded_is_least_complete(af: Framework) -> None:
    brute = Brute(af)
    complete = brute.complete()
    grounded = grounded_extension(af)
    assert grounded in complete
    assert all(grounded <= e for e in complete)
    assert brute.legal(grounded_labelling(af))


@FAST
@given(frameworks())
def test_complete_matches_definition(af: Framework) -> None:
    expected = Brute(af).complete()
    for engine in USABLE_ENGINES:
        got = complete_extensions(af, engine=engine)
        assert set(got) == expected and len(got) == len(expected)


@FAST
@given(frameworks())
def test_preferred_are_maximal_admissible(af: Framework) -> None:
    brute = Brute(af)
    admissible = [s for s in brute.subsets if brute.admissible(s)]
    for engine in USABLE_ENGINES:
        preferred = preferred_extensions(af, engine=engine)
        assert preferred
        for p in preferred:
            assert brute.admissible(p)
            assert not any(p < s for s in admissible)
        assert set(preferred) == brute.preferred()


@FAST
@given(frameworks())
def test_stable_are_preferred_and_match_definition(af: Framework) -> None:
    brute = Brute(af)
    for engine in USABLE_ENGINES:
        stable = stable_extensions(af, engine=engine)
        assert set(stable) <= set(preferred_extensions(af, engine=engine))
        assert set(stable) == brute.stable()


@FAST
@given(frameworks())
def test_labellings_are_legal(af: Framework) -> None:
    brute = Brute(af)
    for ext in complete_extensions(af):
        labels = labelling_from_extension(af, ext)
        assert brute.legal(labels)
        assert is_complete_labelling(af, labels)
    for ext in stable_extensions(af):
        assert "undec" not in labelling_from_extension(af, ext).values()


@FAST
@given(frameworks())
def test_evaluate_summary_labels(af: Framework) -> None:
    for semantics in ("preferred", "stable"):
        ev = evaluate(af, semantics)
        for x, label in ev.labels.items():
            per_ext = [labelling_from_extension(af, e)[x] for e in ev.extensions]
            if not per_ext:
                assert label == "undec"
            elif all(lab == "in" for lab in per_ext):
                assert label == "in"
            elif all(lab == "out" for lab in per_ext):
                assert label == "out"
            else:
                assert label == "undec"
    assert evaluate(af, "complete").labels == grounded_labelling(af)


@settings(max_examples=60, deadline=None)
@given(frameworks(max_args=14))
def test_engines_agree_on_larger_frameworks(af: Framework) -> None:
    if not HAVE_CLINGO:
        pytest.skip("clingo not installed")
    for fn in (complete_extensions, preferred_extensions, stable_extensions):
        assert fn(af, engine="search") == fn(af, engine="clingo")
